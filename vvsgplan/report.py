"""The figures of a follow-up report, as of one day: what follow-up offices publish per
evaluation (responses, share done, overdue, coming up) and the lists behind them."""

from collections import Counter
from datetime import date, timedelta
from typing import NamedTuple

from vvsgplan.deadline import read
from vvsgplan.model import RESPONSES, STATUSES, Action, Milestone, Plan, Recommendation
from vvsgplan.query import DueRow, due, milestones

NO_OWNER = ""  # the owner of actions that name none


class RecLine(NamedTuple):
    recommendation: Recommendation
    statuses: Counter[str]
    overdue: int

    @property
    def total(self) -> int:
        return sum(n for s, n in self.statuses.items() if s != "dropped")

    @property
    def share_done(self) -> float | None:
        return self.statuses["done"] / self.total if self.total else None


class OwnerLine(NamedTuple):
    owner: str
    active: int
    overdue: int
    next_due: date | None


class Completed(NamedTuple):
    action: Action
    milestone: Milestone | None
    done_on: str


class Report(NamedTuple):
    as_of: date
    horizon: int
    since: date
    responses: dict[str, int]
    statuses: dict[str, int]
    recommendations: list[RecLine]
    owners: list[OwnerLine]
    overdue: list[DueRow]
    approaching: list[DueRow]
    undated: list[Action]
    completed: list[Completed]

    @property
    def actions(self) -> int:
        return sum(self.statuses.values())

    @property
    def share_done(self) -> float | None:
        """Done out of the actions that count (dropped ones do not)."""
        counted = self.actions - self.statuses["dropped"]
        return self.statuses["done"] / counted if counted else None

    @property
    def overdue_actions(self) -> list[str]:
        return list(dict.fromkeys(r.action.id for r in self.overdue))


def build(plan: Plan, *, as_of: date, horizon: int = 30, since: date | None = None) -> Report:
    since = since or as_of - timedelta(days=90)
    found = due(plan, as_of=as_of)
    overdue = [r for r in found.rows if r.overdue]
    approaching = [r for r in found.rows if as_of <= r.due <= as_of + timedelta(days=horizon)]
    late = {r.action.id for r in overdue}
    statuses = Counter(a.status for a in plan.actions)
    recs = [
        RecLine(
            rec,
            Counter(a.status for a in plan.actions_for(rec.id)),
            sum(a.id in late for a in plan.actions_for(rec.id)),
        )
        for rec in plan.recommendations
    ]
    return Report(
        as_of=as_of,
        horizon=horizon,
        since=since,
        responses={r: sum(rec.response == r for rec in plan.recommendations) for r in RESPONSES},
        statuses={s: statuses[s] for s in STATUSES},
        recommendations=recs,
        owners=_owners(plan, found.rows, late, as_of),
        overdue=overdue,
        approaching=approaching,
        undated=found.undated,
        completed=_completed(plan, since, as_of),
    )


def _owners(plan: Plan, rows: list[DueRow], late: set[str], as_of: date) -> list[OwnerLine]:
    lines = []
    for owner in [*plan.owners(), NO_OWNER]:
        theirs = [a for a in plan.actions if a.active and _owned(a, owner)]
        if not theirs and owner == NO_OWNER:
            continue
        coming = [r.due for r in rows if _owned(r.action, owner) and r.due >= as_of]
        overdue = sum(a.id in late for a in theirs)
        lines.append(OwnerLine(owner, len(theirs), overdue, min(coming, default=None)))
    return lines


def _owned(action: Action, owner: str) -> bool:
    return owner in action.owner if owner else not action.owner


def _completed(plan: Plan, since: date, as_of: date) -> list[Completed]:
    """Actions and milestones done between `since` and `as_of`; a day known only by its
    month counts when that month overlaps the period."""
    found = []
    for a in plan.actions:
        if a.status == "done" and a.done_on and _within(a.done_on, since, as_of):
            found.append(Completed(a, None, a.done_on))
        for m in milestones(a):
            if m.status == "done" and m.done_on and _within(m.done_on, since, as_of):
                found.append(Completed(a, m, m.done_on))
    return sorted(found, key=lambda c: c.done_on)


def _within(done_on: str, since: date, as_of: date) -> bool:
    window = read(done_on)
    return (
        window.start is not None
        and window.end is not None
        and window.end >= since
        and window.start <= as_of
    )
