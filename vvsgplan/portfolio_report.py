"""The figures of a portfolio report, as of one day: what follow-up offices publish across
evaluations (UNDP's Evaluation Resource Centre, IFAD's PRISMA, the Algemene Rekenkamer's
progress monitor). Per evaluation its title, response date, recommendations by
response, actions done, open, overdue and without deadline, the share done and the
spread of ratings; the same counts per year of response and in total, the owners across
plans, and what is overdue or due soon anywhere.

Each plan is counted by the single-plan report's rules (vvsgplan.report.build), so a
plan reads the same in its own report and in the portfolio's."""

from collections import Counter
from datetime import date
from typing import NamedTuple

from vvsgplan.model import Plan
from vvsgplan.portfolio import PlanRef, qualify
from vvsgplan.query import DueRow, match_owner
from vvsgplan.report import EVERYTHING, Scope, build
from vvsgplan.report import narrow as narrow_plan


class Tally(NamedTuple):
    """The counts of some plans: one evaluation, a year's, all of them."""

    plans: int
    responses: Counter[str]
    ratings: Counter[str]
    statuses: Counter[str]
    overdue: int  # actions
    approaching: int  # actions due within the horizon
    undated: int  # open actions without a fixed deadline

    def plus(self, other: "Tally") -> "Tally":
        return Tally(
            self.plans + other.plans,
            self.responses + other.responses,
            self.ratings + other.ratings,
            self.statuses + other.statuses,
            self.overdue + other.overdue,
            self.approaching + other.approaching,
            self.undated + other.undated,
        )

    @property
    def recommendations(self) -> int:
        return sum(self.responses.values())

    @property
    def accepted(self) -> int:
        """Recommendations the response agrees with, wholly or partly."""
        return self.responses["agree"] + self.responses["partially-agree"]

    @property
    def actions(self) -> int:
        return sum(self.statuses.values())

    @property
    def counted(self) -> int:
        """Actions that still count: every one not dropped."""
        return self.actions - self.statuses["dropped"]

    @property
    def active(self) -> int:
        """Open and in-progress actions."""
        return self.statuses["open"] + self.statuses["in-progress"]

    @property
    def share_done(self) -> float | None:
        return self.statuses["done"] / self.counted if self.counted else None


NOTHING = Tally(0, Counter(), Counter(), Counter(), 0, 0, 0)


class Evaluation(NamedTuple):
    """One plan of the portfolio: which evaluation, when it was answered, its counts."""

    name: str
    title: str | None
    response_date: str | None  # YYYY-MM-DD, from plan.yaml
    tally: Tally

    @property
    def year(self) -> str | None:
        return self.response_date[:4] if self.response_date else None


class YearLine(NamedTuple):
    year: str | None  # None: plans whose response has no date
    plans: tuple[str, ...]
    tally: Tally


class OwnerLine(NamedTuple):
    owner: str  # "" : the actions that name no owner
    plans: tuple[str, ...]  # the plans where they have open actions
    active: int
    overdue: int
    next_due: date | None


class Portfolio(NamedTuple):
    as_of: date
    horizon: int
    evaluations: list[Evaluation]
    years: list[YearLine]
    owners: list[OwnerLine]
    overdue: list[DueRow]  # ids as PLAN/ID
    approaching: list[DueRow]
    total: Tally
    scope: Scope = EVERYTHING

    @property
    def overdue_actions(self) -> list[str]:
        return list(dict.fromkeys(r.action.id for r in self.overdue))

    @property
    def approaching_actions(self) -> list[str]:
        return list(dict.fromkeys(r.action.id for r in self.approaching))


def portfolio_scope(plans: list[tuple[PlanRef, Plan]], owner: str | None) -> Scope:
    """`--owner` checked against every plan: the owner as the first plan that has them
    spells it; unknown in all of them, UsageError listing the owners."""
    if owner is None:
        return EVERYTHING
    from vvsgplan.errors import UsageError

    for _, plan in plans:
        try:
            return Scope(match_owner(plan, owner))
        except UsageError:
            continue
    owners = list(dict.fromkeys(o for _, plan in plans for o in plan.owners()))
    raise UsageError(f"no action has owner {owner!r} in any plan; owners: {', '.join(owners)}")


def build_portfolio(
    plans: list[tuple[PlanRef, Plan]],
    *,
    as_of: date,
    horizon: int = 30,
    scope: Scope = EVERYTHING,
) -> Portfolio:
    """The portfolio report on `as_of`; with an owner in `scope`, only the plans where they
    own actions, and only those actions."""
    evaluations = []
    overdue: list[DueRow] = []
    approaching: list[DueRow] = []
    owners: dict[str, list[tuple[str, int, int, date | None]]] = {}
    spelled: dict[str, str] = {}
    for ref, full in plans:
        plan = qualify(ref.name, full)
        if scope.owner is not None:
            wanted = _folded(scope.owner)
            mine = [o for o in plan.owners() if _folded(o) == wanted]
            if not mine:
                continue
            plan = narrow_plan(plan, Scope(mine[0]))
        report = build(plan, as_of=as_of, horizon=horizon, history=False)
        ratings = Counter(line.rating for line in report.recommendations)
        tally = Tally(
            1,
            Counter(report.responses),
            ratings,
            Counter(report.statuses),
            len(report.overdue_actions),
            len(report.approaching_actions),
            len(report.undated),
        )
        context = full.context
        e = context.evaluation if context else None
        r = context.response if context else None
        evaluations.append(
            Evaluation(ref.name, e.title if e else None, r.date if r else None, tally)
        )
        overdue += report.overdue
        approaching += report.approaching
        for line in report.owners:
            if line.active or line.overdue:
                key = _folded(line.owner)
                spelled.setdefault(key, line.owner)
                owners.setdefault(key, []).append(
                    (ref.name, line.active, line.overdue, line.next_due)
                )
    total = NOTHING
    for one in evaluations:
        total = total.plus(one.tally)
    return Portfolio(
        as_of=as_of,
        horizon=horizon,
        evaluations=evaluations,
        years=_years(evaluations),
        owners=_owners(owners, spelled),
        overdue=sorted(overdue, key=lambda r: r.due),
        approaching=sorted(approaching, key=lambda r: r.due),
        total=total,
        scope=scope,
    )


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


def _years(evaluations: list[Evaluation]) -> list[YearLine]:
    """The evaluations by the year of their management response, oldest first; those
    without a date last."""
    years: dict[str | None, list[Evaluation]] = {}
    for e in evaluations:
        years.setdefault(e.year, []).append(e)
    lines = []
    for year in sorted(years, key=lambda y: (y is None, y or "")):
        tally = NOTHING
        for e in years[year]:
            tally = tally.plus(e.tally)
        lines.append(YearLine(year, tuple(e.name for e in years[year]), tally))
    return lines


def _owners(
    found: dict[str, list[tuple[str, int, int, date | None]]], spelled: dict[str, str]
) -> list[OwnerLine]:
    """Each owner across the plans, as the first plan spells them, by name; the actions
    without an owner last."""
    lines = []
    for key, rows in found.items():
        days = [d for _, _, _, d in rows if d is not None]
        lines.append(
            OwnerLine(
                spelled[key],
                tuple(name for name, _, _, _ in rows),
                sum(n for _, n, _, _ in rows),
                sum(n for _, _, n, _ in rows),
                min(days, default=None),
            )
        )
    return sorted(lines, key=lambda o: (o.owner == "", _folded(o.owner)))
