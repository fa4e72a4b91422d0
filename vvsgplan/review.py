"""Plan changes between git revisions, said in plan terms: what `diff` and `history` show."""

from pathlib import Path
from typing import NamedTuple

from vvsgplan import git
from vvsgplan.errors import PlanError, UsageError
from vvsgplan.load import ACTIONS_FILE, RECOMMENDATIONS_FILE, load_plan
from vvsgplan.model import Action, Milestone, Plan, Recommendation
from vvsgplan.query import place

WORKING_TREE = ""  # a revision that means the files on disk


class PlanChange(NamedTuple):
    subject: str  # "A2", "A2 milestone Selectie" or "recommendation 4"
    what: str  # added, removed, status, deadline, owner, text, ...
    old: str | None
    new: str | None


def plan_at(folder: Path, rev: str) -> Plan:
    """The plan as it was at git revision `rev` (the working tree for WORKING_TREE); a
    revision without the plan files gives an empty plan."""
    if rev == WORKING_TREE:
        return load_plan(folder)
    texts = {}
    for name in (RECOMMENDATIONS_FILE, ACTIONS_FILE):
        text = git.show(folder, rev, folder / name)
        texts[name] = "[]\n" if text is None else text
    try:
        return load_plan(folder, texts=texts)
    except PlanError as e:
        raise UsageError(f"the plan at {rev} does not read: {e.lines()[0]}") from None


def compare(old: Plan, new: Plan) -> list[PlanChange]:
    """Every change from `old` to `new`: recommendations first, then actions, in plan order."""
    changes: list[PlanChange] = []
    old_recs = {r.id: r for r in old.recommendations}
    new_recs = {r.id: r for r in new.recommendations}
    for rec in new.recommendations:
        subject = f"recommendation {rec.id}"
        if rec.id not in old_recs:
            changes.append(PlanChange(subject, "added", None, rec.title))
        else:
            changes += _fields(subject, old_recs[rec.id], rec, _REC_FIELDS)
    for rec in old.recommendations:
        if rec.id not in new_recs:
            changes.append(PlanChange(f"recommendation {rec.id}", "removed", rec.title, None))
    old_actions = {a.id: a for a in old.actions}
    new_ids = {a.id for a in new.actions}
    for action in new.actions:
        if action.id not in old_actions:
            changes.append(PlanChange(action.id, "added", None, action.action))
        else:
            changes += compare_actions(old_actions[action.id], action)
    for action in old.actions:
        if action.id not in new_ids:
            changes.append(PlanChange(action.id, "removed", action.action, None))
    return changes


# (field, what a change of it is called), in the order changes are listed.
_REC_FIELDS: tuple[tuple[str, str], ...] = (
    ("response", "response"),
    ("title", "title"),
    ("text", "text"),
    ("response_text", "response text"),
)
_ACTION_FIELDS: tuple[tuple[str, str], ...] = (
    ("status", "status"),
    ("done_on", "done on"),
    ("when", "deadline"),
    ("owner", "owner"),
    ("recommendations", "recommendations"),
    ("action", "text"),
    ("notes", "notes"),
)
_MILESTONE_FIELDS: tuple[tuple[str, str], ...] = (
    ("status", "status"),
    ("done_on", "done on"),
    ("when", "deadline"),
)


def compare_actions(old: Action, new: Action) -> list[PlanChange]:
    changes = _fields(new.id, old, new, _ACTION_FIELDS)
    old_steps = {m.label: m for m in old.milestones}
    new_labels = {m.label for m in new.milestones}
    for m in new.milestones:
        subject = f"{new.id} milestone {m.label}"
        if m.label in old_steps:
            changes += _fields(subject, old_steps[m.label], m, _MILESTONE_FIELDS)
        else:
            changes.append(PlanChange(subject, "added", None, m.when))
    for m in old.milestones:
        if m.label not in new_labels:
            changes.append(PlanChange(f"{new.id} milestone {m.label}", "removed", m.when, None))
    return changes


def _fields(
    subject: str,
    old: Recommendation | Action | Milestone,
    new: Recommendation | Action | Milestone,
    fields: tuple[tuple[str, str], ...],
) -> list[PlanChange]:
    changes = []
    for name, what in fields:
        was, now = getattr(old, name), getattr(new, name)
        if was != now:
            changes.append(PlanChange(subject, what, _shown(name, was), _shown(name, now)))
    return changes


def _shown(name: str, value: object) -> str | None:
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return ", ".join(map(str, value))
    if name == "when":
        due = place(str(value)).due
        return f"{value} (due {due.isoformat()})" if due else str(value)
    return str(value)


class Event(NamedTuple):
    commit: str
    day: str
    author: str
    subject: str
    changes: list[PlanChange]


def history(folder: Path, action_id: str) -> list[Event]:
    """Each commit that changed the action, oldest first, with what it changed."""
    events: list[Event] = []
    previous: Action | None = None
    for commit_id, day, author, subject in git.log(folder, [folder / ACTIONS_FILE]):
        try:
            plan = plan_at(folder, commit_id)
        except UsageError:
            continue  # a revision that does not read (a committed conflict, say)
        now = plan.action(action_id)
        if now is None and previous is None:
            continue
        if now is None:
            assert previous is not None
            changes = [PlanChange(previous.id, "removed", previous.action, None)]
        elif previous is None:
            changes = [PlanChange(now.id, "added", None, now.action)]
        else:
            changes = compare_actions(previous, now)
        if changes:
            events.append(Event(commit_id[:10], day, author, subject, changes))
        previous = now
    return events


def moves(events: list[Event]) -> int:
    """How often the action's own deadline moved."""
    return sum(
        1
        for e in events
        for c in e.changes
        if c.what == "deadline" and c.old is not None and " milestone " not in c.subject
    )
