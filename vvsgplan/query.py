"""What the read-only commands compute from a plan: selections, what is due, progress."""

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Final, NamedTuple

from vvsgplan.deadline_types import (
    DATED,
    DONE,
    EVENT,
    OPEN_ENDED,
    Deadline,
    DeadlineError,
    Window,
)
from vvsgplan.errors import UsageError, closest
from vvsgplan.fields import ACTIVE
from vvsgplan.model import Action, Milestone, Plan, Recommendation


class Placed(NamedTuple):
    """A `when` text read as a deadline; `error` says why it could not be read."""

    deadline: Deadline | None
    error: str | None = None

    @property
    def due(self) -> date | None:
        return self.deadline.end if self.deadline else None


def shift(day: date, days: int) -> date:
    """`day` moved by `days`, stopping at the first or the last day a date can hold: a
    report as of 0001-01-01 looks back to that day, one as of 9999-12-31 ahead to it."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.min if days < 0 else date.max


_UNDATED: Final = Placed(None)


def place(when: str | None) -> Placed:
    if when is None:
        return _UNDATED
    return _placed(when)


# A `when` text is read once per process, whichever action or command asks: a large
# plan repeats a few hundred texts over thousands of actions.
@lru_cache(maxsize=4096)
def _placed(when: str) -> Placed:
    kept = _kept(when)
    if kept is not None:
        return Placed(None, kept) if isinstance(kept, str) else Placed(kept)
    read = _read(when)
    return Placed(None, read) if isinstance(read, str) else Placed(read)


@lru_cache(maxsize=4096)
def _read(when: str) -> Deadline | str:
    """The text read by the reader itself: its deadline, or why it is none."""
    from vvsgplan.deadline import read  # only for a text the parse cache did not keep

    try:
        return read(when)
    except DeadlineError as e:
        return str(e)


# The readings the parse cache kept with the plan files they come from (a deadline, or
# why the text is none): a repeated run neither imports the reader nor reads a text again.
# Each file's are unpacked only when a text is asked for that none unpacked so far holds:
# the plans of a portfolio mostly repeat each other's texts.
_KEPT: dict[str, Deadline | str] = {}
_PACKED: list[bytes] = []


def remember(packed: bytes) -> None:
    """The readings of a file, as the parse cache kept them (`cache.pack` of what
    `readings` gives)."""
    _PACKED.append(packed)


def _kept(when: str) -> Deadline | str | None:
    while when not in _KEPT and _PACKED:
        from vvsgplan.cache import unpack

        found = unpack(_PACKED.pop())
        if isinstance(found, dict):
            _KEPT.update(found)
    return _KEPT.get(when)


def readings(actions: Iterable[Action]) -> dict[str, Deadline | str]:
    """The reading of each `when` text of these actions and of their milestones, and of
    each step such a text names (`due` reads a step's words on their own): what the parse
    cache keeps with their file. Read by the reader itself, never taken from what the
    cache kept of another file, so that an entry holds only what its own file says."""
    found: dict[str, Deadline | str] = {}
    for a in actions:
        for when in (a.when, *(m.when for m in a.milestones)):
            if when is None or when in found:
                continue
            read = found[when] = _read(when)
            if not isinstance(read, str):
                for step in read.milestones:
                    found[step.text] = _read(step.text)
    return found


def deadline_of(action: Action) -> Placed:
    """The action's deadline, from one source. It is its `when`, read; but when that text
    names steps and the action lists its `milestones:`, the list holds those steps' dates
    (a change moves a milestone there), so the window runs from the first day of the
    first milestone to the last day of the last. A `when` that starts with the deadline
    itself ("vanaf zomer 2019 ...") keeps that window, with the milestones inside it."""
    if not action.milestones:
        return place(action.when)
    return _milestoned(action.when, tuple(m.when for m in action.milestones))


# Made once for each `when` and its milestones' texts: a large plan repeats them.
@lru_cache(maxsize=4096)
def _milestoned(when: str | None, whens: tuple[str, ...]) -> Placed:
    placed = place(when)
    found = placed.deadline
    if found is None or not found.milestones:
        return placed
    if len(found.milestones) < len(found.steps):
        return placed  # a leading "vanaf ..." or event is the deadline itself
    windows = [place(w).deadline for w in whens]
    if any(w is None for w in windows):
        return placed  # a milestone that cannot be read (check says so): keep the text's
    steps = [w for w in windows if w is not None]
    starts = [w.start for w in steps if w.start is not None]
    start = min(starts) if starts else None
    kinds = {w.kind for w in steps}
    open_kind = next((k for k in (OPEN_ENDED, EVENT) if k in kinds), None)
    if open_kind is not None:
        return Placed(Deadline(open_kind, start, None, found.steps))
    kind = DONE if kinds == {DONE} else DATED
    end = max(w.end for w in steps if w.end is not None)
    return Placed(Deadline(kind, start, end, found.steps))


def milestones(action: Action) -> tuple[Milestone, ...]:
    """The milestones written in the plan, or else the dated steps its `when` names."""
    if action.milestones or action.when is None:
        return action.milestones
    return _named_steps(action.when)


@lru_cache(maxsize=4096)
def _named_steps(when: str) -> tuple[Milestone, ...]:
    found = _placed(when).deadline
    if found is None:
        return ()
    return tuple(
        Milestone(s.label or s.text, s.text, "done" if s.kind == DONE else "open")
        for s in found.milestones
    )


@lru_cache(maxsize=4096)
def _open_steps(when: str) -> tuple[Placed, tuple[tuple[Milestone, Placed], ...]]:
    """What `due` needs of an action that lists no milestones, from its `when` alone: the
    deadline, and the open steps the text names with theirs. Made once for each text."""
    return _placed(when), tuple(
        (m, place(m.when)) for m in _named_steps(when) if m.status == "open"
    )


@lru_cache(maxsize=4096)
def _single_due(when: str) -> date | None:
    """The day an action that lists no milestones is due by, when its `when` is read as
    one deadline (no step of its own, no error); else None, and `due` takes the long way.
    `due` asks it for each of thousands of actions: one lookup instead of three."""
    placed, steps = _open_steps(when)
    if steps or placed.error is not None or placed.deadline is None:
        return None
    return placed.deadline.end


def is_undated(action: Action) -> bool:
    """Nothing to put a date on: no deadline of its own and no open dated milestone."""
    if deadline_of(action).due is not None:
        return False
    return all(m.status != "open" or place(m.when).due is None for m in milestones(action))


# --- finding things -------------------------------------------------------------------


def find(plan: Plan, ident: str) -> Recommendation | Action:
    """A recommendation or an action by id (they share one set of ids), in any case;
    unknown: UsageError with the closest ids."""
    text = ident.strip()
    found = plan.recommendation(text) or plan.action(text)
    if found is not None:
        return found
    if text.isascii() and text.isdigit() and all(r.id.isdigit() for r in plan.recommendations):
        # Numbered recommendations: a number names one of them.
        shown = text if len(text) <= 12 else text[:12] + "..."
        raise UsageError(f"no recommendation {shown}; there are {rec_ids(plan)}")
    # Numbers are listed as a range above; the closest of the names.
    names = [r.id for r in plan.recommendations if not r.id.isdigit()] + _action_ids(plan)
    ids = {i.casefold(): i for i in names}
    close = [ids[c] for c in closest(text.casefold(), ids, n=3, cutoff=0.5)]
    hint = f"closest: {', '.join(close)}" if close else "see `vvsgplan list` for the ids"
    shown = text if len(text) <= 40 else text[:40] + "..."
    raise UsageError(f"no recommendation or action {shown!r}; {hint}")


def _action_ids(plan: Plan) -> list[str]:
    return [a.id for a in plan.actions]


def find_recommendation(plan: Plan, ident: str) -> Recommendation:
    """A recommendation by id, in any case (`--rec`); unknown: UsageError."""
    found = plan.recommendation(ident.strip())
    if found is None:
        shown = ident if len(ident) <= 40 else ident[:40] + "..."
        raise UsageError(f"no recommendation {shown}; there are {rec_ids(plan)}")
    return found


def match_owner(plan: Plan, name: str) -> str:
    """The owner as the plan spells it; unknown: UsageError listing the owners."""
    wanted = " ".join(name.split()).casefold()
    for owner in plan.owners():
        if owner.casefold() == wanted:
            return owner
    raise UsageError(f"no action has owner {name!r}; owners: {', '.join(plan.owners())}")


# --- selections -----------------------------------------------------------------------


class Period(NamedTuple):
    """The date filters shared by `list` and `due`, as windows read from the command line."""

    before: Window | None = None
    by: Window | None = None
    after: Window | None = None

    def keeps(self, due: date | None) -> bool:
        if due is None:
            return self.before is None and self.by is None and self.after is None
        below, upto, above = self.bounds()
        return (
            (below is None or due < below)
            and (upto is None or due <= upto)
            and (above is None or due > above)
        )

    def bounds(self) -> tuple[date | None, date | None, date | None]:
        """What `keeps` compares a dated deadline with: it keeps a day before the first,
        on or before the second and after the third (None: no such bound)."""
        return (
            self.before.start if self.before is not None else None,
            self.by.end if self.by is not None else None,
            self.after.end if self.after is not None else None,
        )


def select(
    plan: Plan,
    *,
    owner: str | None = None,
    status: str | None = None,
    rec: str | None = None,
    period: Period | None = None,
    undated: bool = False,
) -> list[Action]:
    """The actions that pass every filter, in plan order."""
    if rec is not None:
        rec = find_recommendation(plan, rec).id
    wanted = match_owner(plan, owner) if owner is not None else None
    period = period or Period()
    dated = period != Period()  # without a date filter, no deadline need be read
    found = []
    for a in plan.actions:
        if wanted is not None and wanted not in a.owner:
            continue
        if (status is not None and a.status != status) or (
            rec is not None and rec not in a.recommendations
        ):
            continue
        if undated and not is_undated(a):
            continue
        if not dated or period.keeps(deadline_of(a).due):
            found.append(a)
    return found


def rec_ids(plan: Plan) -> str:
    """The recommendations' ids as a message lists them: `1-9` when they are numbered
    from first to last, else each one."""
    ids = [r.id for r in plan.recommendations]
    if not ids:
        return "none"
    if all(i.isdigit() for i in ids) and [int(i) for i in ids] == list(
        range(int(ids[0]), int(ids[0]) + len(ids))
    ):
        return f"{ids[0]}-{ids[-1]}" if len(ids) > 1 else ids[0]
    shown = ", ".join(ids[:12])
    return shown + (f" and {len(ids) - 12} more" if len(ids) > 12 else "")


class DueRow(NamedTuple):
    action: Action
    milestone: Milestone | None
    when: str
    due: date
    overdue: bool


_DUE_DAY: Final = itemgetter(3)  # DueRow.due, without a Python call per row


class DueList(NamedTuple):
    rows: list[DueRow]
    undated: list[Action]  # active, with nothing dated to list
    unreadable: list[tuple[Action, str]]  # active, with a `when` that cannot be read


def due(
    plan: Plan, *, as_of: date, period: Period | None = None, owner: str | None = None
) -> DueList:
    """Open and in-progress actions and their open milestones, soonest first; an action
    with open dated milestones is listed by them, not by its overall deadline. With
    `owner`, only the work that owner shares."""
    period = period or Period()
    wanted = match_owner(plan, owner) if owner is not None else None
    rows: list[DueRow] = []
    undated: list[Action] = []
    unreadable: list[tuple[Action, str]] = []
    keeps = period.keeps
    # Period.keeps written out for the common case, without a call for each action.
    below, upto, above = period.bounds()
    for a in plan.actions:
        if a.status not in ACTIVE or (wanted is not None and wanted not in a.owner):
            continue
        when = a.when
        if not a.milestones and when is not None:
            day = _single_due(when)
            if day is not None:  # nearly every action: one dated deadline
                if (
                    (below is None or day < below)
                    and (upto is None or day <= upto)
                    and (above is None or day > above)
                ):
                    rows.append(DueRow(a, None, when, day, day < as_of))
                continue
            placed, steps = _open_steps(when)
        else:
            placed = deadline_of(a)
            steps = tuple((m, place(m.when)) for m in a.milestones if m.status == "open")
        if placed.error is not None:
            unreadable.append((a, placed.error))
            continue
        dated = False
        for m, step in steps:
            if step.error is not None:
                unreadable.append((a, f"milestone {m.label!r}: {step.error}"))
            elif (day := step.due) is not None:
                dated = True
                if keeps(day):
                    rows.append(DueRow(a, m, m.when, day, day < as_of))
        if dated:
            continue
        if (day := placed.due) is not None and when is not None:
            if keeps(day):
                rows.append(DueRow(a, None, when, day, day < as_of))
        else:
            undated.append(a)
    # sorted() is stable: rows due the same day stay in plan order.
    return DueList(sorted(rows, key=_DUE_DAY), undated, unreadable)


# --- progress -------------------------------------------------------------------------


class Progress(NamedTuple):
    counts: Counter[str]

    @property
    def done(self) -> int:
        return self.counts["done"]

    @property
    def total(self) -> int:
        """Actions that still count: every one not dropped."""
        return sum(n for status, n in self.counts.items() if status != "dropped")


def progress(plan: Plan, rec_id: str) -> Progress:
    return Progress(Counter(a.status for a in plan.actions_for(rec_id)))
