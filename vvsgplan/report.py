"""The figures of a follow-up report, as of one day: what follow-up offices publish per
evaluation (the evaluation's context, responses, a rating of each recommendation's
implementation, share done, overdue, coming up, changes and progress over time) and the
lists behind them."""

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date
from typing import NamedTuple

from vvsgplan import trend
from vvsgplan.deadline import read
from vvsgplan.fields import RESPONSES, STATUSES
from vvsgplan.model import (
    Action,
    Assessment,
    Context,
    Milestone,
    Plan,
    Recommendation,
    Update,
)
from vvsgplan.query import DueRow, due, find_recommendation, match_owner, milestones, shift
from vvsgplan.rating import rating

NO_OWNER = ""  # the owner of actions that name none


class RecLine(NamedTuple):
    recommendation: Recommendation
    statuses: Counter[str]
    overdue: int
    derived: str  # the rating its actions give

    @property
    def assessment(self) -> Assessment | None:
        return self.recommendation.assessment

    @property
    def rating(self) -> str:
        """The rating given by hand when there is one, else the derived one."""
        return self.assessment.rating if self.assessment else self.derived

    @property
    def total(self) -> int:
        return self.statuses.total() - self.statuses["dropped"]

    @property
    def share_done(self) -> float | None:
        total = self.total
        return self.statuses["done"] / total if total else None


class OwnerLine(NamedTuple):
    owner: str
    active: int
    overdue: int
    next_due: date | None


class Completed(NamedTuple):
    action: Action
    milestone: Milestone | None
    done_on: str


class Latest(NamedTuple):
    """An open action's latest update (its own or a milestone's)."""

    action: Action
    milestone: Milestone | None
    update: Update


class Scope(NamedTuple):
    """What the report is narrowed to: one owner's actions, one recommendation's."""

    owner: str | None = None
    rec: str | None = None  # the id as the plan writes it


EVERYTHING = Scope()


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
    context: Context | None = None
    scope: Scope = EVERYTHING
    latest: tuple[Latest, ...] = ()
    changes: trend.Changes | None = None
    progress: trend.Progress | None = None
    # Open actions in scope whose deadline cannot be read, with why: no list holds them.
    unplaced: tuple[tuple[Action, str], ...] = ()

    @property
    def approaching_actions(self) -> list[str]:
        return list(dict.fromkeys([r.action.id for r in self.approaching]))

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
        return list(dict.fromkeys([r.action.id for r in self.overdue]))


def narrow(plan: Plan, scope: Scope, inside: Callable[[Action], bool] | None = None) -> Plan:
    """The plan with only the actions in scope, and the recommendations they answer (with
    `rec`, that one only). The owner is matched as the plan spells it. `inside`, when
    given, says which actions are in scope, in place of their own owners and
    recommendations."""
    if scope == EVERYTHING:
        return plan
    actions = tuple(a for a in plan.actions if (inside or _in_scope(scope))(a))
    answered = {r for a in actions for r in a.recommendations}
    recs = tuple(
        r
        for r in plan.recommendations
        if (scope.rec is None or r.id == scope.rec) and (scope.owner is None or r.id in answered)
    )
    return Plan(plan.folder, recs, actions, plan.context)


def _in_scope(scope: Scope) -> Callable[[Action], bool]:
    return lambda a: (
        (scope.owner is None or scope.owner in a.owner)
        and (scope.rec is None or scope.rec in a.recommendations)
    )


def scope_of(plan: Plan, owner: str | None, rec: str | None) -> Scope:
    """`--owner` and `--rec` checked against the plan, as the plan spells them."""
    rec_id = None if rec is None else find_recommendation(plan, rec).id
    return Scope(match_owner(plan, owner) if owner is not None else None, rec_id)


def build(
    full: Plan,
    *,
    as_of: date,
    horizon: int = 30,
    since: trend.Since | None = None,
    scope: Scope = EVERYTHING,
    history: bool = True,
    cache: bool = False,
) -> Report:
    """The report on `as_of`; with `history`, also what the plan's git history shows
    (with `cache`, what derives from commits is kept in the parse cache)."""
    since = since or trend.resolve_since(full.folder, None, as_of)
    plan = narrow(full, scope)
    found = due(plan, as_of=as_of)
    overdue = [r for r in found.rows if r.overdue]
    approaching = [r for r in found.rows if as_of <= r.due <= shift(as_of, horizon)]
    late = {r.action.id for r in overdue}
    statuses = Counter(a.status for a in plan.actions)
    responses = Counter(rec.response for rec in plan.recommendations)
    recs = [
        RecLine(
            rec,
            Counter(a.status for a in answering),
            sum(a.id in late for a in answering),
            rating(rec, answering),
        )
        for rec in plan.recommendations
        for answering in [plan.actions_for(rec.id)]
    ]
    changes = progress = None
    if history:
        ids = {a.id for a in plan.actions}
        known = {a.id for a in full.actions}

        def narrowed(p: Plan) -> Plan:
            # An action is in scope as the report's plan has it: one handed to another
            # owner is neither added for one nor removed for the other; one that has left
            # the plan, as it was then.
            return narrow(p, scope, lambda a: a.id in ids if a.id in known else _in_scope(scope)(a))

        walked = trend.History(full.folder, cache)
        changes = trend.changes_since(full.folder, since, as_of, full, narrowed, walked)
        progress = trend.progress(full.folder, as_of, full, narrowed, walked)
    return Report(
        as_of=as_of,
        horizon=horizon,
        since=since.day,
        responses={r: responses[r] for r in RESPONSES},
        statuses={s: statuses[s] for s in STATUSES},
        recommendations=recs,
        owners=_owners(plan, found.rows, late, as_of),
        overdue=overdue,
        approaching=approaching,
        undated=found.undated,
        completed=completed_between(plan, since.day, as_of),
        context=full.context,
        scope=scope,
        latest=tuple(_latest(plan, as_of)),
        changes=changes,
        progress=progress,
        unplaced=tuple(found.unreadable),
    )


def _latest(plan: Plan, as_of: date) -> list[Latest]:
    day = as_of.isoformat()
    found = []
    for a in plan.actions:
        latest = a.latest_update(day) if a.active else None
        if latest:
            update, milestone = latest
            found.append(Latest(a, milestone, update))
    return found


def _owners(plan: Plan, rows: list[DueRow], late: set[str], as_of: date) -> list[OwnerLine]:
    """Each owner's open work, in the order the plan names them, then that of no owner
    (if any)."""
    open_work = [a for a in plan.actions if a.active]
    active = _per_owner(open_work)
    overdue = _per_owner([a for a in open_work if a.id in late])
    coming: dict[str, date] = {}
    for r in rows:
        if r.due >= as_of:
            for owner in _named(r.action.owner):
                if owner not in coming or r.due < coming[owner]:
                    coming[owner] = r.due
    named = plan.owners()
    if active[NO_OWNER]:
        named.append(NO_OWNER)
    return [OwnerLine(o, active[o], overdue[o], coming.get(o)) for o in named]


def _per_owner(actions: list[Action]) -> Counter[str]:
    """How many of `actions` each owner shares. They are counted by their owners as
    written first: a plan repeats a few dozen over thousands of actions."""
    counts: Counter[str] = Counter()
    for owners, n in Counter(a.owner for a in actions).items():
        for owner in _named(owners):
            counts[owner] += n
    return counts


def _named(owners: tuple[str, ...]) -> Iterable[str]:
    """The owners an action counts for: each it names once, or NO_OWNER."""
    return dict.fromkeys(owners) if owners else (NO_OWNER,)


def completed_between(plan: Plan, since: date, as_of: date) -> list[Completed]:
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
