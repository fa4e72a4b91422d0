"""`diff` and `history` as documents: terminal tables, the pull-request comment in
markdown, and their JSON contract (README, "Review in pull requests")."""

from typing import Any, Final, NamedTuple

from vvsgplan.model import Plan
from vvsgplan.render import Doc, Table
from vvsgplan.review import (
    KINDS,
    NOTE_ADDED,
    WORKING_TREE,
    Event,
    PlanChange,
    Revisions,
    kind,
    slip,
)
from vvsgplan.safe import code_span, markdown

# How the summary line and the sections name each kind (one and several).
_NAMES: Final = {
    "done": ("done", "done", "Done"),
    "rescheduled": ("rescheduled", "rescheduled", "Rescheduled"),
    "dropped": ("dropped", "dropped", "Dropped"),
    "status": ("status change", "status changes", "Status changes"),
    "added": ("added", "added", "Added"),
    "removed": ("removed", "removed", "Removed"),
    "note": ("note", "notes", "Notes"),
    "other": ("other change", "other changes", "Other changes"),
}
ARROW: Final = "→"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _deadline(text: str | None, due: str | None) -> str:
    if text is None:
        return "(none)"
    return f"{text} ({due})" if due and due not in text else text


def _days(days: int | None) -> str:
    if days is None:
        return "no fixed day to compare"
    if days == 0:
        return "same due day"
    return f"{_count(abs(days), 'day')} {'later' if days > 0 else 'earlier'}"


def describe(change: PlanChange) -> str:
    """A change in one cell: `old → new`, the added text, or what was added."""
    if change.what == "deadline":
        moved = slip(change)
        text = (
            f"{_deadline(change.old, moved.old_due)} {ARROW} {_deadline(change.new, moved.new_due)}"
        )
        return f"{text}, {_days(moved.days)}" if change.old and change.new else text
    if change.what in ("added", NOTE_ADDED):
        return change.new or ""
    if change.what == "removed":
        return change.old or ""
    return f"{change.old or '(none)'} {ARROW} {change.new or '(none)'}"


def _field(change: PlanChange) -> str:
    return f"{change.milestone}: {change.what}" if change.milestone else change.what


def _csv_table(changes: list[PlanChange]) -> Table:
    rows = [(c.subject, c.what, c.old or "", c.new or "") for c in changes]
    return Table(("WHAT", "CHANGE", "FROM", "TO"), rows)


# --- diff -----------------------------------------------------------------------------


class Entry(NamedTuple):
    change: PlanChange
    kind: str  # one of KINDS
    listed: bool  # a line of its own; else a detail of another change of its item


def classify(changes: list[PlanChange]) -> list[Entry]:
    """Each change with its kind. A `done_on` that comes with a status change, and a note
    added to an action whose status or deadline changed (its reason), are details of
    that change, not changes of their own."""
    steps = {(c.item, c.milestone): c.new for c in changes if c.what == "status"}
    moved = {c.item for c in changes if c.what == "status" or kind(c) == "rescheduled"}
    entries = []
    for c in changes:
        if c.what == "done on" and (c.item, c.milestone) in steps:
            status = steps[(c.item, c.milestone)]
            entries.append(Entry(c, "done" if status == "done" else "status", False))
        elif c.what == NOTE_ADDED and c.item in moved:
            entries.append(Entry(c, "note", False))
        else:
            entries.append(Entry(c, kind(c), True))
    return entries


def summary(entries: list[Entry]) -> dict[str, int]:
    """How many changes of each kind a reviewer reads (details not counted)."""
    counts = dict.fromkeys(KINDS, 0)
    for entry in entries:
        counts[entry.kind] += entry.listed
    return counts


def change_json(entry: Entry) -> dict[str, Any]:
    change = entry.change
    data: dict[str, Any] = {
        "subject": change.subject,
        "item": change.item,
        "milestone": change.milestone,
        "what": change.what,
        "kind": entry.kind,
        "old": change.old,
        "new": change.new,
    }
    if change.what == "deadline":
        moved = slip(change)
        data.update(old_due=moved.old_due, new_due=moved.new_due, slip_days=moved.days)
    return data


def diff_doc(changes: list[PlanChange], revs: Revisions) -> Doc:
    rows = [(c.subject, c.what, describe(c)) for c in changes]
    table = Table(("WHAT", "FIELD", "CHANGE"), rows, wrap=True)
    entries = classify(changes)
    data = {
        "base": revs.old_name,
        "head": revs.new_name,
        "base_commit": revs.old,
        "head_commit": revs.new or None,
        "summary": summary(entries),
        "changes": [change_json(e) for e in entries],
    }
    note = (
        f"{_count(len(changes), 'change')} from {revs.old_name} to {revs.new_name}."
        if changes
        else f"No plan changes from {revs.old_name} to {revs.new_name}."
    )
    return Doc([table], data, csv=_csv_table(changes), notes=[note])


def _md(text: str) -> str:
    """Plan text inside markdown, on one line: its characters never become markup."""
    return markdown(" ".join(text.split()), inline=True)


def _quote(text: str) -> list[str]:
    """A note quoted below its entry, line for line (a hard break ends each line that
    another follows); no line starts a block (a heading, a list, a rule)."""
    lines = [markdown(" ".join(line.split())) for line in text.split("\n")]
    quoted = []
    for n, shown in enumerate(lines):
        if shown and n + 1 < len(lines) and lines[n + 1]:
            shown += "\\"
        quoted.append(f"  > {shown}" if shown else "  >")
    return quoted


def diff_markdown(changes: list[PlanChange], revs: Revisions, new: Plan) -> str:
    """The pull-request comment: a summary line, then a section for each kind of change."""
    new_name = "the working tree" if revs.new == WORKING_TREE else code_span(revs.new_name)
    head = f"{code_span(revs.old_name)} {ARROW} {new_name}"
    if not changes:
        return f"**No plan changes** ({head}).\n"
    entries = classify(changes)
    counts = summary(entries)
    parts = [
        _count(n, _NAMES[k][0]) if k in ("note", "other", "status") else f"{n} {k}"
        for k, n in counts.items()
        if n
    ]
    lines = [f"**Plan changes:** {', '.join(parts)} ({head})."]
    # A note added with a change (a reschedule's reason, a done note) is quoted with it:
    # with the change that most needs a reason when an action has several.
    notes = {c.item: c.new for c in changes if c.what == NOTE_ADDED and c.new}
    reasons: dict[str, PlanChange] = {}
    for section in ("dropped", "rescheduled", "done", "status"):
        for e in entries:
            if e.kind == section and e.listed:
                reasons.setdefault(e.change.item, e.change)
    for section in KINDS:
        listed = [e.change for e in entries if e.kind == section and e.listed]
        if not listed:
            continue
        lines += ["", f"### {_NAMES[section][2]} ({len(listed)})", ""]
        for c in listed:
            lines.append(f"- {_entry(c, new)}")
            note = notes.get(c.item)
            if note and (reasons.get(c.item) == c or c.what == NOTE_ADDED):
                lines += _quote(note)
    return "\n".join(lines) + "\n"


def _entry(change: PlanChange, new: Plan) -> str:
    subject = f"**{_md(change.item)}**" + (
        f" milestone **{_md(change.milestone)}**" if change.milestone else ""
    )
    what = kind(change)
    if what == "done":
        day = _done_on(change, new)
        return subject + (f" on {_md(day)}" if day else "")
    if what == "rescheduled":
        moved = slip(change)
        days = f", **{_days(moved.days)}**"
        old, new_text = _deadline(change.old, moved.old_due), _deadline(change.new, moved.new_due)
        return f"{subject}: {_md(old)} {ARROW} {_md(new_text)}{days}"
    if what in ("dropped", "note"):
        return subject
    if what == "status":
        return f"{subject}: {_md(change.old or '')} {ARROW} {_md(change.new or '')}"
    if what == "added":
        action = new.action(change.item)
        if change.milestone is not None:
            return f"{subject}: due {_md(change.new or '')}"
        detail = f" ({_md(action.when)})" if action and action.when else ""
        return f"{subject}: {_md(change.new or '')}{detail}"
    if what == "removed":
        return f"{subject}: {_md(change.old or '')}"
    return f"{subject} {_md(change.what)}: {_md(describe(change))}"


def _done_on(change: PlanChange, new: Plan) -> str | None:
    action = new.action(change.item)
    if action is None:
        return None
    if change.milestone is None:
        return action.done_on
    from vvsgplan.query import milestones

    return next((m.done_on for m in milestones(action) if m.label == change.milestone), None)


# --- history --------------------------------------------------------------------------


def history_doc(action_id: str, events: list[Event], deadline_moves: int) -> Doc:
    rows = [
        (e.day, e.commit[:7], e.author, _field(c), describe(c)) for e in events for c in e.changes
    ]
    table = Table(("DATE", "COMMIT", "AUTHOR", "FIELD", "CHANGE"), rows, wrap=True)
    summary_line = (
        f"{action_id}: {_count(len(events), 'commit')}; "
        f"its deadline moved {_count(deadline_moves, 'time')}."
    )
    data = {
        "id": action_id,
        "deadline_moves": deadline_moves,
        "events": [
            {
                "commit": e.commit,
                "parents": list(e.parents),
                "date": e.day,
                "author": e.author,
                "subject": e.subject,
                "changes": [change_json(entry) for entry in classify(e.changes)],
            }
            for e in events
        ],
    }
    csv_rows = [
        (e.day, e.commit, e.author, c.subject, c.what, c.old or "", c.new or "")
        for e in events
        for c in e.changes
    ]
    csv = Table(("DATE", "COMMIT", "AUTHOR", "WHAT", "CHANGE", "FROM", "TO"), csv_rows)
    return Doc([table], data, csv=csv, notes=[summary_line])
