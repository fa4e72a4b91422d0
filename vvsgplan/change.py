"""The changing commands: mark done, start, reopen, drop, reschedule, add a dated update.

Each change is worked out on the plan first (so an unknown id or an impossible step
changes nothing), then spliced into the file's text, checked by reading the new text
back, and written atomically under the plan's lock; all of it or nothing.
"""

import codecs
import contextlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Final, NamedTuple

from vvsgplan import git, store
from vvsgplan.deadline import DeadlineError, read
from vvsgplan.deadline_words import shown
from vvsgplan.edit import EditError, Editor, item_lines, record_lines, update_item, value_text
from vvsgplan.errors import PlanError, Problem, UsageError, VvsgplanError
from vvsgplan.fields import ACTION, MILESTONE, Record
from vvsgplan.load import ACTIONS_FILE, load_plan
from vvsgplan.model import Action, Milestone, Plan, Update, value_of
from vvsgplan.query import find, milestones, place
from vvsgplan.yamltext import NotReadable, max_bytes, read_file, read_text

VERBS: Final = ("done", "start", "reopen", "drop", "reschedule", "note")


class Request(NamedTuple):
    verb: str
    ids: tuple[str, ...]
    milestone: str | None = None  # a label, or a number from 1
    on: date | None = None  # the day it was done, or of the update [today]
    # A dated update: the note of `note` and `done --note`, the reason of drop and reschedule.
    text: str | None = None
    when: str | None = None  # reschedule: the new deadline
    today: date | None = None  # the day it is now (--as-of); None: the clock's
    # The plan's name when it is one of a portfolio's: the commit message names it.
    plan: str | None = None


class Outcome(NamedTuple):
    lines: list[str]  # what changed, one line per action
    message: str  # the commit message's subject
    diff: str  # the change as a unified diff of the file
    commit: str | None = None  # the new commit, with --commit


def apply(
    folder: Path,
    request: Request,
    *,
    dry_run: bool = False,
    commit: bool = False,
) -> Outcome:
    """Make the change, or with `dry_run` only say what it would write."""
    if request.verb == "reschedule":
        _readable(request.when)
    if request.milestone is not None and len(request.ids) != 1:
        raise UsageError("--milestone changes one action's milestone: give one id")

    def edit(editor: Editor, plan: Plan) -> Edit:
        changed = [_changed(plan, action_id, request) for action_id in request.ids]
        if len({new.id for _, new, _ in changed}) < len(changed):
            raise UsageError("an action is named twice")
        after = _edit(editor, changed)
        _verify(folder, plan, editor, after, [new for _, new, _ in changed])
        lines = [line for _, _, line in changed]
        return Edit(after, lines, _message(request, changed), request.text or "")

    return transact(folder, ACTIONS_FILE, edit, dry_run=dry_run, commit=commit)


class Edit(NamedTuple):
    """A change of one plan file, worked out: its new text, what changed (one line each),
    and the commit message's subject and body."""

    after: str
    lines: list[str]
    message: str
    body: str = ""


def transact(
    folder: Path,
    file: str,
    edit: Callable[[Editor, Plan], Edit],
    *,
    dry_run: bool = False,
    commit: bool = False,
) -> Outcome:
    """The frame of every change of a plan file (`file`, in `folder`): under the plan's
    lock, `edit` works the change out on the plan and an editor of the file's text, read
    once; then it is written atomically (and committed, with `commit`), or with
    `dry_run` only shown as a diff. `edit` raises to change nothing."""
    path = folder / file
    target = _write_target(folder, path)
    if commit and not dry_run:
        git.toplevel(folder)
    # A dry run writes nothing, so it takes no lock.
    with contextlib.nullcontext() if dry_run else store.locked(folder):
        if commit and not dry_run and git.uncommitted(folder, target):
            # Checked under the lock: a change another command made meanwhile is committed.
            raise UsageError(
                f"{path} has changes that are not committed (edits by hand, or a change "
                "whose commit did not happen); see them with `vvsgplan diff`, commit or undo "
                "them, or leave out --commit"
            )
        if not dry_run:
            store.remove_leftovers(target)
        before, editor, plan = _read(folder, path)
        change = edit(editor, plan)
        outcome = Outcome(change.lines, change.message, "")
        if dry_run:
            return outcome._replace(diff=_diff(editor, before, change.after, file))
        log = (change.message, change.body) if commit else None
        return outcome._replace(commit=_write(folder, target, before, change.after.encode(), log))


def _write(
    folder: Path, target: Path, before: bytes, after: bytes, log: tuple[str, str] | None
) -> str | None:
    """Write the change and, given a commit message and body (`log`), commit it: both, or
    neither. Ctrl-C waits until they are done, then undoes the change unless it is
    committed already."""
    with store.holding_interrupts() as interrupted:
        store.replace(target, before, after)
        commit_id = None
        if log is not None and not interrupted():
            try:
                commit_id = git.commit(folder, [target], *log)
            except git.GitError as e:
                store.replace(target, after, before)
                raise git.GitError(f"{e}; the plan is as it was") from None
        if interrupted() and commit_id is None:
            store.replace(target, after, before)
    return commit_id


def _readable(when: str | None) -> None:
    """A new deadline is one the reader understands, whoever asks for it."""
    if when is None:
        raise UsageError("reschedule needs the new deadline")
    try:
        read(when)
    except DeadlineError as e:
        raise UsageError(f"cannot read {shown(when)} as a deadline: {e}") from None


def _write_target(folder: Path, path: Path) -> Path:
    """The file a change is written to: the plan file, or the file its symlink points to
    when that lies in the plan folder. Reading follows any symlink; writing through one
    that leaves the plan folder is refused, as it would change a file elsewhere."""
    if not path.is_symlink():
        return path
    target = path.resolve()
    if target.parent != folder.resolve():
        raise store.WriteError(
            f"{path} is a symlink to a file outside the plan folder ({target}); "
            "vvsgplan does not write through it"
        )
    return target


def _read(folder: Path, path: Path) -> tuple[bytes, Editor, Plan]:
    """The file's bytes, an editor of its text and the plan, from one reading of the file."""
    problems: list[Problem] = []
    try:
        before = read_file(path)
    except (OSError, NotReadable):
        read_text(path, problems)  # says why, as every command does
        raise PlanError(problems or f"{path}: cannot read the file") from None
    text = read_text(path, problems, before)
    if problems or text is None:
        raise PlanError(problems)
    plan = load_plan(folder, texts={path.name: text})
    editor = Editor(str(path), text, bom=before.startswith(codecs.BOM_UTF8))
    return before, editor, plan


# --- the change in plan terms ---------------------------------------------------------


def _changed(plan: Plan, ident: str, request: Request) -> tuple[Action, Action, str]:
    """The action before and after, and one line that says what changed."""
    found = find(plan, ident)
    if not isinstance(found, Action):
        raise UsageError(f"{ident} is a recommendation; give the id of an action")
    old = found
    if request.milestone is not None:
        return _changed_milestone(old, request)
    if request.verb == "note":
        new = old._replace(updates=_with_update(old.updates, request))
        return old, new, _update_line(old.id, request)
    new = _next(old, request)
    new = new._replace(updates=_with_update(old.updates, request))
    return old, new, _line(old.id, request.verb, old, new)


def _next(old: Action, request: Request) -> Action:
    verb, status = request.verb, old.status
    if verb == "done":
        _refuse(status == "done", f"{old.id} is already done (on {old.done_on})")
        _refuse(status == "dropped", f"{old.id} was dropped; reopen it first")
        return old._replace(status="done", done_on=_day(request))
    if verb == "start":
        _refuse(status == "in-progress", f"{old.id} is already in progress")
        _refuse(status in ("done", "dropped"), f"{old.id} is {status}; reopen it first")
        return old._replace(status="in-progress")
    if verb == "reopen":
        _refuse(status == "open", f"{old.id} is already open")
        return old._replace(status="open", done_on=None)
    if verb == "drop":
        _refuse(status == "dropped", f"{old.id} is already dropped")
        # Dropping would lose the day it was done: that takes a deliberate reopen first.
        _refuse(status == "done", f"{old.id} is done since {old.done_on}; reopen it first")
        return old._replace(status="dropped")
    assert verb == "reschedule" and request.when is not None
    _refuse(request.when == old.when, f"{old.id} is already due {old.when!r}")
    return old._replace(when=request.when, milestones=_steps_moved(old, request.when))


def _steps_moved(old: Action, when: str) -> tuple[Milestone, ...]:
    """The milestones listed under an action whose new `when` names steps: each takes the
    date its step now gives, so the list (where the dates of the steps live, see
    query.deadline_of) says what the new text says."""
    found = place(when).deadline
    if not old.milestones or found is None or not found.milestones:
        return old.milestones
    dates = {_folded(step.label): step.text for step in found.milestones}
    labels = {_folded(m.label) for m in old.milestones}
    if set(dates) != labels:
        names = ", ".join(m.label for m in old.milestones)
        raise UsageError(
            f"{old.id} lists its milestones ({names}); the new deadline names other steps: "
            f"give each of them a new date with `reschedule {old.id} WHEN -m LABEL`"
        )
    return tuple(m._replace(when=dates[_folded(m.label)]) for m in old.milestones)


def _folded(label: str) -> str:
    return " ".join(label.split()).casefold()


def _changed_milestone(old: Action, request: Request) -> tuple[Action, Action, str]:
    steps = list(milestones(old))
    if not steps:
        raise UsageError(f"{old.id} has no milestones")
    index = _milestone_index(old, steps, request.milestone or "")
    step = steps[index]
    when = old.when
    if request.verb == "done":
        _refuse(step.status == "done", f"{old.id} milestone {step.label!r} is already done")
        steps[index] = step._replace(status="done", done_on=_day(request))
    elif request.verb == "reopen":
        _refuse(step.status == "open", f"{old.id} milestone {step.label!r} is already open")
        steps[index] = step._replace(status="open", done_on=None)
    elif request.verb == "reschedule" and request.when is not None:
        _refuse(request.when == step.when, f"{old.id} milestone {step.label!r} is already due then")
        steps[index] = step._replace(when=request.when)
        when = _when_with_step(old.when, step, request.when)
    elif request.verb != "note":
        raise UsageError(
            f"--milestone goes with done, reopen, reschedule and note, not {request.verb}"
        )
    steps[index] = steps[index]._replace(updates=_with_update(step.updates, request))
    new = old._replace(when=when, milestones=tuple(steps))
    subject = f"{old.id} milestone {step.label}"
    if request.verb == "note":
        return old, new, _update_line(subject, request)
    return old, new, _line(subject, request.verb, step, steps[index])


def _when_with_step(when: str | None, step: Milestone, moved_to: str) -> str | None:
    """The action's `when` with the words of a moved milestone's step replaced by its new
    date ("Selectie zomer 2019; Trefdag in oktober 2020" -> "... Trefdag in november
    2020"), so that the text says what the milestones say; unchanged when the text does
    not name that step, or would not read back with the new words."""
    found = place(when).deadline
    if when is None or found is None:
        return when
    at = 0
    spans = []  # each step's words, in order, as they stand in the text
    for s in found.steps:
        at = when.find(s.text, at)
        if at < 0:
            return when
        spans.append((at, at + len(s.text)))
        at += len(s.text)
    matches = [
        n
        for n, s in enumerate(found.steps)
        if s in found.milestones and _folded(s.label or s.text) == _folded(step.label)
    ] or [n for n, s in enumerate(found.steps) if s in found.milestones and s.text == step.when]
    if len(matches) != 1:
        return when
    n = matches[0]
    start, end = spans[n]
    moved = when[:start] + moved_to + when[end:]
    new = place(moved).deadline
    wanted = place(moved_to).deadline
    if new is None or wanted is None or len(new.steps) != len(found.steps):
        return when
    if (new.steps[n].start, new.steps[n].end) != (wanted.start, wanted.end):
        return when
    return moved


def _line(subject: str, verb: str, was: Action | Milestone, now: Action | Milestone) -> str:
    """The one line a changing command prints for what it changed."""
    if verb == "reschedule":
        return f"{subject}: when {was.when or '(none)'!r} -> {now.when!r}"
    done_on = f" on {now.done_on}" if now.done_on else ""
    return f"{subject}: {was.status} -> {now.status}{done_on}"


def _milestone_index(action: Action, steps: list[Milestone], wanted: str) -> int:
    text = wanted.strip()
    # ASCII digits only ('²'.isdigit() is true, and int() cannot read it), and few.
    if text.isascii() and text.isdigit() and len(text) <= 9:
        number = int(text)
        if 1 <= number <= len(steps):
            return number - 1
    for n, m in enumerate(steps):
        if m.label.casefold() == text.casefold():
            return n
    labels = ", ".join(f"{n} {m.label!r}" for n, m in enumerate(steps, 1))
    shown = text if len(text) <= 40 else text[:40] + "..."
    raise UsageError(f"{action.id} has no milestone {shown!r}; its milestones: {labels}")


def _refuse(condition: bool, message: str) -> None:
    if condition:
        raise UsageError(message)


def _day(request: Request) -> str:
    """The day a thing was done, or of an update: --on, which cannot lie after today,
    else today."""
    today = request.today or date.today()
    if request.on is not None and request.on > today:
        raise UsageError(
            f"--on {request.on.isoformat()} is after today ({today.isoformat()}): record "
            "it once it has happened (or give --as-of to say which day today is)"
        )
    return (request.on or today).isoformat()


def _with_update(updates: tuple[Update, ...], request: Request) -> tuple[Update, ...]:
    """The updates with the request's text added, dated by its day: a note, or the reason
    for a change, becomes part of the dated record."""
    text = _clean(request.text)
    if not text:
        if request.verb == "note":
            raise UsageError("the update is empty: give the text to record")
        return updates
    return (*updates, Update(_day(request), text))


def _clean(text: str | None) -> str:
    """The text as written, without blank lines at either end or trailing spaces, which a
    YAML block would not keep."""
    return "\n".join(line.rstrip() for line in (text or "").strip().split("\n"))


def _update_line(subject: str, request: Request) -> str:
    first = _clean(request.text).split("\n")[0]
    return f"{subject}: update {_day(request)}: {first}"


def _message(request: Request, changed: list[tuple[Action, Action, str]]) -> str:
    prefix = f"{request.plan}/" if request.plan else ""
    ids = ", ".join(prefix + new.id for _, new, _ in changed)
    part = ""
    if request.milestone is not None:
        # The label as the plan spells it, not as it was typed: the milestone that changed.
        old, new, _ = changed[0]
        was = dict(enumerate(milestones(old)))
        label = next(m.label for n, m in enumerate(new.milestones) if was.get(n) != m)
        part = f" milestone {label}"
    if request.verb == "done":
        return f"Mark {ids}{part} done ({_day(request)})"
    if request.verb == "reschedule":
        return f"Reschedule {ids}{part} to {request.when}"
    if request.verb == "note":
        return f"Add an update to {ids}{part} ({_day(request)})"
    return f"{request.verb.capitalize()} {ids}{part}"


# --- the change in the file -----------------------------------------------------------


def _edit(editor: Editor, changed: list[tuple[Action, Action, str]]) -> str:
    for old, new, _ in changed:
        node = editor.block_mapping(editor.item(old.id), f"action {old.id}")
        edit_fields(editor, node, old, new, ACTION)
        _edit_updates(editor, node, old.updates, new.updates, ACTION.key_names())
        if new.milestones != old.milestones:
            _edit_milestones(editor, node, old, new)
    return editor.result()


def _edit_updates(
    editor: Editor,
    node: Any,
    old: tuple[Update, ...],
    new: tuple[Update, ...],
    order: tuple[str, ...],
) -> None:
    """Append the new updates to the `updates:` list (made when missing)."""
    if new == old:
        return
    assert new[: len(old)] == old  # updates are only ever added
    earlier = tuple(reversed(order[: order.index("updates")]))
    editor.append_items(node, "updates", [update_item(u) for u in new[len(old) :]], earlier)


def edit_fields(editor: Editor, node: Any, old: Any, new: Any, record: Record) -> None:
    """Write each field whose value changed, but the lists of records (milestones,
    updates), which are edited item by item."""
    order = record.key_names()
    for field in record.fields:
        if field.kind in ("list", "updates"):
            continue
        key, value, was = field.name, value_of(new, field), value_of(old, field)
        if value == was:
            continue
        if value is None or value == ():
            editor.remove(node, key)
        elif field.kind == "notes" and editor.append_to_block(node, key, was, value):
            pass  # the new lines went below the old ones, which stay as they are
        else:
            # A new key goes after the nearest key that comes before it in the documented order.
            earlier = tuple(reversed(order[: order.index(key)]))
            # A value replaced in place needs its block's full indentation; a new key's
            # lines are indented by `insert`, so they take only the step below the key.
            column = node.value[0][0].start_mark.column if editor.get(node, key) else 0
            text = value_text(field, value, editor.newline, " " * (column + 2))
            editor.set(node, key, text, after=earlier)


def _edit_milestones(editor: Editor, node: Any, old: Action, new: Action) -> None:
    found = editor.get(node, "milestones")
    if found is None:
        # The milestones were read from `when`: write them out, so that one can be marked.
        items = [record_lines(MILESTONE, m) for m in new.milestones]
        lines = ["milestones:", *item_lines(items, "  ")]
        order = ACTION.key_names()
        earlier = tuple(reversed(order[: order.index("milestones")]))
        editor.insert(node, "\n".join(lines), after=earlier)
        return
    sequence = found[1]
    if sequence.id != "sequence" or sequence.flow_style:
        raise EditError(f"{editor.name}: the milestones of {old.id} are not a block list")
    for item, was, now in zip(sequence.value, old.milestones, new.milestones, strict=True):
        if was != now:
            mapping = editor.block_mapping(item, f"a milestone of {old.id}")
            edit_fields(editor, mapping, was, now, MILESTONE)
            _edit_updates(editor, mapping, was.updates, now.updates, MILESTONE.key_names())


def _verify(
    folder: Path, plan: Plan, editor: Editor, after: str, changed: list[Action]
) -> list[Action]:
    """Read the new text back: it must hold exactly the intended plan, which is returned.
    When every edit lies inside the items of the changed actions, and those items can be
    read on their own, only they are read back: the rest of the file is the same text as
    before, which read as the plan."""
    by_id = {a.id: a for a in changed}
    expected = [by_id.get(a.id, a) for a in plan.actions]
    if not _verify_items(editor, after, plan, by_id):
        try:
            new = load_plan(
                folder, texts={ACTIONS_FILE: after}, recommendations=plan.recommendations
            )
        except VvsgplanError as e:  # the plan does not read back: the splice went wrong
            message = f"the edited file would not read back ({e}); nothing was written"
            raise EditError(message) from e
        if list(new.actions) != expected or new.recommendations != plan.recommendations:
            raise EditError("the edit would change more than intended; nothing was written")
    return expected


def _verify_items(editor: Editor, after: str, plan: Plan, intended: dict[str, Action]) -> bool:
    """Read back only the items the edits touched; False when that is not enough to know
    (then the whole file is read back)."""
    from vvsgplan.validate import Reader
    from vvsgplan.yamltext import Part, compose_text, item_starts

    spans = sorted((span, ident) for ident, span in editor.spans.items() if span is not None)
    if len(spans) != len(editor.spans) or len(spans) != len(intended):
        return False
    edits = editor.edits()
    # Each edit inside one item's span; then the new text of each item, and the file.
    pieces: list[str] = []
    at = 0
    text = editor.text
    for (start, end), _ in spans:
        inside = [e for e in edits if start <= e[0] and e[1] <= end]
        spliced, cut = [], start
        for s, e, new in inside:
            spliced += [text[cut:s], new]
            cut = e
        spliced.append(text[cut:end])
        pieces += [text[at:start], "".join(spliced)]
        at = end
    pieces.append(text[at:])
    if (
        sum(len([e for e in edits if a <= e[0] and e[1] <= b]) for (a, b), _ in spans) != len(edits)
        or ("\ufeff" if editor.bom else "") + "".join(pieces) != after
    ):
        return False
    problems: list[Problem] = []
    if len(after.encode("utf-8")) > max_bytes():
        return False  # the whole file is read back, and refused
    known = {r.id: 0 for r in plan.recommendations}
    bom = 1 if editor.bom else 0  # the byte-order mark, before the text
    line = 0  # the line the piece starts on, in the new text
    previous = 0
    for n, ((_, end), ident) in enumerate(spans):
        new_start = bom + sum(len(p) for p in pieces[: 2 * n + 1])
        piece = pieces[2 * n + 1]
        # Still one item, and the next item still starts a line of its own; and no text
        # a plan file may not hold (conflict markers, line breaks only YAML sees).
        if item_starts(piece) != [0] or (end < len(text) and not piece.endswith("\n")):
            return False
        if read_text(Path(editor.name), problems, piece.encode("utf-8")) is None:
            return False
        line += after.count("\n", previous, new_start)
        previous = new_start
        root = compose_text(Path(editor.name), piece, problems)
        if problems or root is None:
            return False
        reader = Reader(editor.name, problems, known=known)
        try:
            found = reader.actions(iter([Part(root, line)]))
        except PlanError:
            return False
        if problems or found != [intended[ident]]:
            return False  # the whole file is read back, and says what went wrong
    return True


def _diff(editor: Editor, before: bytes, after: str, file: str) -> str:
    """The change as a unified diff of the file, as git shows it: only the lines around
    each edit are compared, and the diff is minimal (no unchanged line removed and added)."""
    import difflib  # only for --dry-run

    old = ("\ufeff" if editor.bom else "") + editor.text
    if editor.result() != after:  # the change was not made through this editor alone
        lines = difflib.unified_diff(
            before.decode("utf-8").splitlines(keepends=True),
            after.splitlines(keepends=True),
            f"a/{file}",
            f"b/{file}",
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    shift = len(old) - len(editor.text)
    regions = _regions(old, [(s + shift, e + shift, t) for s, e, t in editor.edits()])
    out: list[str] = []
    lines_moved = 0  # lines added less lines removed before the region
    counted, line = 0, 0
    for start, end, new in regions:
        line += old.count("\n", counted, start)
        counted = start
        a, b = _lines(old[start:end]), _lines(new)
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for group in matcher.get_grouped_opcodes(3):
            first, last = group[0], group[-1]
            old_range = _range(line + first[1], line + last[2])
            new_range = _range(line + lines_moved + first[3], line + lines_moved + last[4])
            out.append(f"@@ -{old_range} +{new_range} @@\n")
            for tag, i1, i2, j1, j2 in group:
                if tag == "equal":
                    out += [" " + x for x in a[i1:i2]]
                    continue
                out += ["-" + x for x in a[i1:i2]]
                out += ["+" + x for x in b[j1:j2]]
        lines_moved += len(b) - len(a)
    if not out:
        return ""
    out = [x if x.endswith("\n") else x + "\n" for x in out]
    return f"--- a/{file}\n+++ b/{file}\n" + "".join(out)


CONTEXT: Final = 3  # lines of context around a change, as git and diff -u show


def _regions(old: str, edits: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The edits as whole lines of the old text with CONTEXT lines around them, merged
    where they meet: (start, end, the new text of those lines)."""
    regions: list[tuple[int, int, str]] = []
    for s, e, text in edits:
        start = old.rfind("\n", 0, s) + 1
        for _ in range(CONTEXT):
            if start == 0:
                break
            start = old.rfind("\n", 0, start - 1) + 1
        end = e if e == 0 or old[e - 1] == "\n" else _after_line(old, e)
        for _ in range(CONTEXT):
            end = _after_line(old, end)
        if regions and regions[-1][1] >= start:
            # One region with the one before: its new text ends in old text, from the
            # previous edit on, which this edit's text replaces from `s`.
            was_start, was_end, was_text = regions[-1]
            head = (
                was_text[: len(was_text) - (was_end - s)]
                if was_end > s
                else was_text + old[was_end:s]
            )
            end = max(end, was_end)
            regions[-1] = (was_start, end, head + text + old[e:end])
        else:
            regions.append((start, end, old[start:s] + text + old[e:end]))
    return regions


def _after_line(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    found = text.find("\n", at)
    return len(text) if found < 0 else found + 1


def _lines(text: str) -> list[str]:
    """Lines as git counts them: split after each line feed only."""
    lines = text.split("\n")
    last = lines.pop()
    return [x + "\n" for x in lines] + ([last] if last else [])


def _range(start: int, stop: int) -> str:
    """A hunk's line range as unified diffs write it (as difflib and git do)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + (1 if length else 0)},{length}"
