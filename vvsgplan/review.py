"""Plan changes between git revisions, said in plan terms: what `diff` and `history` show.

`history` walks the commit graph: each commit is compared with each of its parents, so
a change is credited to the commit that made it, once, however branches were merged;
a merge commit shows only what it resolved differently from every side.
"""

from pathlib import Path
from typing import Any, Final, NamedTuple

from vvsgplan import git
from vvsgplan.errors import PlanError, UsageError
from vvsgplan.fields import ACTION, MILESTONE, RECOMMENDATION, Record
from vvsgplan.load import ACTIONS_FILE, CONTEXT_FILE, RECOMMENDATIONS_FILE, load_plan, read_records
from vvsgplan.model import Action, Milestone, Plan, Recommendation, extensions, text_of, value_of
from vvsgplan.query import milestones, place

WORKING_TREE: Final = ""  # a revision that means the files on disk
NOTE_ADDED: Final = "note added"  # notes that only grew: the change is the added lines
UPDATE_REMOVED: Final = "update removed"  # a dated update taken out: "YYYY-MM-DD: text"


class PlanChange(NamedTuple):
    subject: str  # "A2", "A2 milestone Selectie" or "recommendation 4"
    what: str  # added, removed, status, deadline, owner, text, note added, ...
    old: str | None  # values as written in the plan
    new: str | None
    item: str = ""  # the action id, or "recommendation 4"
    milestone: str | None = None  # the milestone's label, for a milestone's change


# --- revisions ------------------------------------------------------------------------


class Revisions(NamedTuple):
    old: str  # a commit id
    new: str  # a commit id, or WORKING_TREE
    old_name: str  # as the user named them
    new_name: str


def revisions(folder: Path, base: str, head: str | None) -> Revisions:
    """The two plans `diff BASE [HEAD]` compares. `A...B` compares B with the common
    ancestor of A and B: what a pull request from B into A changes, as `git diff A...B`."""
    if "..." in base:
        if head is not None:
            raise UsageError("give either BASE...HEAD or BASE HEAD, not both")
        left, right = base.split("...", 1)
        new = git.resolve(folder, right or "HEAD")
        old = git.merge_base(folder, git.resolve(folder, left or "HEAD"), new)
        return Revisions(old, new, f"{left or 'HEAD'}...", right or "HEAD")
    old = git.resolve(folder, base)
    if head is None:
        return Revisions(old, WORKING_TREE, base, "the working tree")
    return Revisions(old, git.resolve(folder, head), base, head)


def plan_at(folder: Path, rev: str) -> Plan:
    """The plan as it was at commit `rev` (the working tree for WORKING_TREE); a revision
    without the plan files gives an empty plan."""
    if rev == WORKING_TREE:
        return load_plan(folder)
    texts = {}
    for name in (RECOMMENDATIONS_FILE, ACTIONS_FILE):
        text = git.show(folder, rev, folder / name)
        texts[name] = "[]\n" if text is None else text
    # The optional context file as it was then; "" when the revision has none.
    texts[CONTEXT_FILE] = git.show(folder, rev, folder / CONTEXT_FILE) or ""
    try:
        return load_plan(folder, texts=texts)
    except PlanError as e:
        raise UsageError(f"the plan at {rev[:10]} does not read: {e.lines()[0]}") from None


# --- comparing two plans --------------------------------------------------------------


def compare(old: Plan, new: Plan) -> list[PlanChange]:
    """Every change from `old` to `new`: recommendations first, then actions, in plan order."""
    changes: list[PlanChange] = []
    old_recs = {r.id: r for r in old.recommendations}
    new_recs = {r.id: r for r in new.recommendations}
    for rec in new.recommendations:
        subject = f"recommendation {rec.id}"
        if rec.id not in old_recs:
            changes.append(PlanChange(subject, "added", None, rec.title, subject))
        else:
            changes += _fields(subject, subject, None, old_recs[rec.id], rec, RECOMMENDATION)
    for rec in old.recommendations:
        if rec.id not in new_recs:
            subject = f"recommendation {rec.id}"
            changes.append(PlanChange(subject, "removed", rec.title, None, subject))
    old_actions = {a.id: a for a in old.actions}
    new_ids = {a.id for a in new.actions}
    for action in new.actions:
        changes += action_changes(old_actions.get(action.id), action)
    for action in old.actions:
        if action.id not in new_ids:
            changes += action_changes(action, None)
    return changes


def action_changes(old: Action | None, new: Action | None) -> list[PlanChange]:
    """What changed in one action; None is an action that does not exist."""
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        return [PlanChange(new.id, "added", None, new.action, new.id)]
    if new is None:
        return [PlanChange(old.id, "removed", old.action, None, old.id)]
    changes = _fields(new.id, new.id, None, old, new, ACTION)
    changes += _updates(new.id, new.id, None, old, new)
    # Milestones read from `when` count as written: writing them out changes nothing.
    old_milestones, new_milestones = milestones(old), milestones(new)
    old_steps = {m.label: m for m in old_milestones}
    new_labels = {m.label for m in new_milestones}
    for m in new_milestones:
        subject = f"{new.id} milestone {m.label}"
        if m.label in old_steps:
            changes += _fields(subject, new.id, m.label, old_steps[m.label], m, MILESTONE)
            changes += _updates(subject, new.id, m.label, old_steps[m.label], m)
        else:
            changes.append(PlanChange(subject, "added", None, m.when, new.id, m.label))
    for m in old_milestones:
        if m.label not in new_labels:
            subject = f"{new.id} milestone {m.label}"
            changes.append(PlanChange(subject, "removed", m.when, None, new.id, m.label))
    return changes


def _updates(
    subject: str,
    item: str,
    milestone: str | None,
    old: Action | Milestone,
    new: Action | Milestone,
) -> list[PlanChange]:
    """Dated updates added, as one note of their texts (a reason given with a change is
    quoted with it), or removed, each as its day and text."""
    added = [u.text for u in new.updates if u not in old.updates]
    removed = [f"{u.date}: {u.text}" for u in old.updates if u not in new.updates]
    changes = [PlanChange(subject, UPDATE_REMOVED, r, None, item, milestone) for r in removed]
    if added:
        changes.append(PlanChange(subject, NOTE_ADDED, None, "\n".join(added), item, milestone))
    return changes


def _fields(
    subject: str,
    item: str,
    milestone: str | None,
    old: Recommendation | Action | Milestone,
    new: Recommendation | Action | Milestone,
    record: Record,
) -> list[PlanChange]:
    """The changes of each field the declaration compares, lead first, then of each
    extension field, each named by its key."""
    changes = []
    for field in record.compared():
        was, now = value_of(old, field), value_of(new, field)
        if was == now:
            continue
        if field.kind == "notes" and (added := added_lines(was, now)) is not None:
            changes.append(PlanChange(subject, NOTE_ADDED, None, added, item, milestone))
        else:
            what = field.change_name
            changes.append(PlanChange(subject, what, _shown(was), _shown(now), item, milestone))
    before, after = dict(extensions(old)), dict(extensions(new))
    for key in dict.fromkeys([*before, *after]):
        if before.get(key) != after.get(key):
            shown = _shown(before.get(key)), _shown(after.get(key))
            changes.append(PlanChange(subject, key, *shown, item, milestone))
    return changes


def note_lines(notes: str | None) -> list[str]:
    return notes.rstrip("\n").split("\n") if notes else []


def added_lines(old: str | None, new: str | None) -> str | None:
    """The lines `new` adds below `old`, when that is all that changed; else None."""
    was, now = note_lines(old), note_lines(new)
    if len(now) > len(was) and now[: len(was)] == was:
        return "\n".join(now[len(was) :])
    return None


def _shown(value: object) -> str | None:
    return text_of(value) or None


# --- what a change is, for a reviewer -------------------------------------------------

# The kinds of change a review lists, in the order it lists them.
KINDS: Final = ("done", "rescheduled", "dropped", "status", "added", "removed", "note", "other")


def kind(change: PlanChange) -> str:
    """Which of KINDS a change is."""
    if change.what == "status":
        return change.new if change.new in ("done", "dropped") else "status"
    if change.what == "deadline" and change.old is not None and change.new is not None:
        return "other" if _reworded(change.old, change.new) else "rescheduled"
    if change.what in ("added", "removed"):
        return change.what
    if change.what == NOTE_ADDED:
        return "note"
    return "other"


def _reworded(old: str, new: str) -> bool:
    """Whether two deadline texts read as the same days, step for step (`Zomer 2019`,
    `zomer 2019`): no move. Events have no days to compare: another event is a move."""
    before, after = place(old).deadline, place(new).deadline
    if before is None or after is None or (before.start, before.end) == (None, None):
        return False
    days = [
        (d.kind, d.start, d.end, [(s.kind, s.start, s.end) for s in d.steps])
        for d in (before, after)
    ]
    return days[0] == days[1]


class Slip(NamedTuple):
    old_due: str | None  # the last day of each deadline, when it has one
    new_due: str | None
    days: int | None  # how many days later (negative: earlier)


def slip(change: PlanChange) -> Slip:
    """How far a deadline change moved the due day."""
    old, new = place(change.old).due, place(change.new).due
    days = (new - old).days if old and new else None
    return Slip(old.isoformat() if old else None, new.isoformat() if new else None, days)


# --- history over the commit graph ----------------------------------------------------


class Event(NamedTuple):
    commit: str  # the full commit id
    day: str
    author: str
    subject: str
    changes: list[PlanChange]
    parents: tuple[str, ...] = ()


_UNREADABLE: Final = object()  # a revision whose plan does not read (a committed conflict)


def history(folder: Path, action_id: str) -> list[Event]:
    """Each commit that changed the action, parents before children, with what it
    changed compared with its parent; a merge with what it changed compared with every
    parent (what it resolved itself)."""
    path = folder / ACTIONS_FILE
    commits, parents = git.graph(folder, [path])
    states = _States(folder, path, action_id, parents)
    states.fetch([c.id for c in commits] + [p for c in commits for p in c.parents])
    events: list[Event] = []
    for commit in commits:
        now = states.get(commit.id)
        if now is _UNREADABLE:
            continue
        bases = [b for p in commit.parents for b in states.readable(p)] or [None]
        changes = own_changes(bases, now)
        if changes and not _copied(events, commit, changes, parents):
            events.append(
                Event(commit.id, commit.day, commit.author, commit.subject, changes, commit.parents)
            )
    return events


class _States:
    """The action at each revision, read once per distinct file content."""

    def __init__(
        self, folder: Path, path: Path, action_id: str, parents: dict[str, tuple[str, ...]]
    ) -> None:
        self.folder, self.path, self.action_id, self.parents = folder, path, action_id, parents
        self.at: dict[str, Any] = {}
        self.by_blob: dict[str, Any] = {}

    def fetch(self, revs: list[str]) -> None:
        wanted = [r for r in dict.fromkeys(revs) if r not in self.at]
        for rev, found in git.blobs(self.folder, wanted, self.path).items():
            if found is None:
                self.at[rev] = None
                continue
            blob, text = found
            if blob not in self.by_blob:
                self.by_blob[blob] = self._read(text)
            self.at[rev] = self.by_blob[blob]

    def _read(self, text: str) -> Any:
        actions, problems = read_records(self.path, text)
        found = next((a for a in actions if a.id == self.action_id), None)
        return _UNREADABLE if found is None and problems else found

    def get(self, rev: str) -> Any:
        if rev not in self.at:
            self.fetch([rev])
        return self.at[rev]

    def readable(self, rev: str) -> list[Action | None]:
        """The action at `rev`; at the nearest readable ancestors when `rev` does not read."""
        found: list[Action | None] = []
        seen: set[str] = set()
        stack = [rev]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            state = self.get(current)
            if state is _UNREADABLE:
                # Reversed, so that the first parent (our side of a merge) comes first.
                stack.extend(reversed(self.parents.get(current, ())))
            else:
                found.append(state)
        return found


def own_changes(bases: list[Action | None], now: Action | None) -> list[PlanChange]:
    """The changes from `bases` (the parents) to `now` that none of the parents had: for
    one parent, every change; for a merge, what the merge resolved itself."""
    lists = [action_changes(base, now) for base in bases]
    if len(lists) == 1:
        return lists[0]
    absent = [{c.subject for c in changes if c.what == "added"} for changes in lists]
    keys = [{(c.subject, c.what, c.new) for c in changes} for changes in lists]
    own: dict[tuple[str, str, str | None], PlanChange] = {}
    for changes in lists:
        for c in changes:
            if c.what in ("notes", NOTE_ADDED):
                continue
            owner = c.item if c.milestone is None else f"{c.item} milestone {c.milestone}"
            votes = (
                (c.subject, c.what, c.new) in k
                or (c.what not in ("added", "removed") and (owner in a or c.item in a))
                for k, a in zip(keys, absent, strict=True)
            )
            if all(votes):
                own.setdefault((c.subject, c.what, c.new), c)
    ordered = sorted(own.values(), key=lambda c: _order(lists, c))
    return ordered + _own_notes(bases, now)


def _order(lists: list[list[PlanChange]], change: PlanChange) -> tuple[int, int]:
    for n, changes in enumerate(lists):
        if change in changes:
            return n, changes.index(change)
    return len(lists), 0


def _own_notes(bases: list[Action | None], now: Action | None) -> list[PlanChange]:
    """Note lines the merge added that no parent had, or a rewrite of lines every parent
    had; notes added on either side and kept by the merge are not the merge's."""
    if now is None:
        return []
    sides = [set(note_lines(b.notes if b else None)) for b in bases]
    lines = note_lines(now.notes)
    removed = set.intersection(*sides) - set(lines)
    if removed:
        first = bases[0]
        return [PlanChange(now.id, "notes", first.notes if first else None, now.notes, now.id)]
    added = [line for line in lines if not any(line in side for side in sides)]
    if added:
        return [PlanChange(now.id, NOTE_ADDED, None, "\n".join(added), now.id)]
    return []


def _copied(
    events: list[Event],
    commit: git.Commit,
    changes: list[PlanChange],
    parents: dict[str, tuple[str, ...]],
) -> bool:
    """Whether this commit is a copy (a rebase or cherry-pick that was merged too) of an
    earlier one on another line of history: the same author, message and changes."""
    for event in events:
        if (event.author, event.subject, event.changes) == (
            commit.author,
            commit.subject,
            changes,
        ) and not git.is_ancestor(parents, event.commit, commit.id):
            return True
    return False


def moves(events: list[Event]) -> int:
    """How often the action was rescheduled: changes of its `when`, or of a milestone's,
    from one deadline to another (setting a first deadline is not a move)."""
    return sum(1 for e in events for c in e.changes if kind(c) == "rescheduled")
