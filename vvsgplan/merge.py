"""The merge driver: git merges plan files in plan terms, per item and per field, three-way.

Git gives the common ancestor, our version and their version of a plan file. Each item
(by id) and each of its fields is merged on its own: a field only one side changed takes
that side's value; notes and dated updates added on both sides keep both, ours first;
an item added on one side is added; milestones merge per label. Their changes are
spliced into our text at the nodes' marks (as every other write), so comments and
formatting stay. A field both sides changed to different values is a real conflict: it
alone is marked, between git's conflict markers, and the driver exits non-zero so that
git reports it.

Whatever the driver cannot merge safely (a side that does not read, a flow mapping, a
result that would not read back as the merged plan) is refused: the file is merged line
by line as git would, and reported as a conflict, so nothing is ever lost silently.
"""

import contextlib
import subprocess
from pathlib import Path
from typing import Any, Final, NamedTuple

from vvsgplan.edit import EditError, Editor, _Splice, scalar, update_item
from vvsgplan.errors import CONFLICT, OK, UsageError
from vvsgplan.fields import ACTION, MILESTONE, RECOMMENDATION, Record, is_extension
from vvsgplan.load import RECOMMENDATIONS_FILE, read_records
from vvsgplan.model import Milestone, extensions, value_of
from vvsgplan.query import milestones
from vvsgplan.review import note_lines


class Refused(Exception):
    """The driver cannot merge this safely; git's line merge takes over."""


class Outcome(NamedTuple):
    text: str  # the merged file's text, with conflict markers where `conflicts` say
    conflicts: list[str]  # one message per conflicting field


_MISSING: Final = object()
# The documented key order, where a key new to our side goes.
_ACTION_KEYS: Final = ACTION.key_names()
_MILESTONE_KEYS: Final = (
    MILESTONE.key_names()
)  # the value of an item or field a version does not have


def merge_file(base: Path, ours: Path, theirs: Path, name: str, marker_size: int = 7) -> int:
    """Merge the file `name` (its path in the repository): `theirs` into `ours`, which
    receives the result, given their ancestor `base`. The exit code for git; each
    conflict or refusal is said on stderr."""
    import sys

    from vvsgplan import store
    from vvsgplan.safe import one_line

    raw = [_read(p) for p in (base, ours, theirs)]
    before = raw[1]
    try:
        texts = [_text(side) for side in raw]
        outcome = merge_texts(*texts, name=name, marker_size=marker_size)
    except Refused as e:
        say = f"vvsgplan merge: {name}: {e}; merged line by line instead"
        print(one_line(say), file=sys.stderr)
        _line_merge(base, ours, theirs, marker_size)
        return CONFLICT
    bom = "\ufeff" if before.startswith(b"\xef\xbb\xbf") else ""
    # The sides are merged with LF line ends; the result keeps ours (LF or CRLF).
    merged = outcome.text.replace("\n", "\r\n") if b"\r\n" in before else outcome.text
    store.replace(ours, before, (bom + merged).encode("utf-8"))
    for message in outcome.conflicts:
        print(one_line(f"vvsgplan merge: {name}: {message}"), file=sys.stderr)
    return CONFLICT if outcome.conflicts else OK


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise UsageError(f"merge-driver: cannot read {path}: {e.strerror}") from None


def _text(raw: bytes) -> str:
    """A side's text with LF line ends; Refused unless every line ends alike, all LF or
    all CRLF (a plan edited on Windows)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("a side is not UTF-8 text") from None
    if "\r" in text:
        crlf = text.count("\r\n")
        if crlf != text.count("\r") or crlf != text.count("\n"):
            raise Refused("a side has CR-only or mixed line endings")
        text = text.replace("\r\n", "\n")
    return text


def _line_merge(base: Path, ours: Path, theirs: Path, marker_size: int) -> None:
    """git's own three-way line merge, into `ours`, with conflict markers."""
    subprocess.run(
        [
            "git",
            "merge-file",
            f"--marker-size={marker_size}",
            "-L",
            "ours",
            "-L",
            "base",
            "-L",
            "theirs",
            "--",
            str(ours),
            str(base),
            str(theirs),
        ],
        capture_output=True,
        check=False,
    )


# --- the merge in plan terms ----------------------------------------------------------


def merge_texts(base: str, ours: str, theirs: str, *, name: str, marker_size: int = 7) -> Outcome:
    """The merged text of one plan file; Refused when it cannot be merged safely."""
    path = Path(name)
    is_recs = path.name == RECOMMENDATIONS_FILE
    b, o, t = (_records(path, text) for text in (base, ours, theirs))
    merger = _Merger(name, ours, theirs, "<" * marker_size, ">" * marker_size)
    try:
        expected = merger.merge(b, o, t, is_recs)
        text = merger.result()
    except EditError as e:
        raise Refused(str(e)) from None
    if not merger.conflicts:
        found = _records(path, text)
        if found != expected:
            raise Refused("the merged file would not read back as the merged plan")
    return Outcome(text, merger.conflicts)


def _records(path: Path, text: str) -> dict[str, Any]:
    records, problems = read_records(path, text)
    if problems:
        raise Refused(f"a side does not read ({problems[0]})")
    return {str(r.id): r for r in records}


class _Merger(Editor):
    """Edits of our text that bring in their changes, one item and field at a time."""

    def __init__(self, name: str, ours: str, theirs: str, start: str, end: str) -> None:
        super().__init__(name, ours)
        self.theirs = Editor(name, theirs)
        self.start_marker, self.end_marker = start, end
        self.conflicts: list[str] = []
        self.added_at: dict[str, int] = {}  # where items of theirs were put in our text

    # --- items ------------------------------------------------------------------------

    def merge(
        self, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], is_recs: bool
    ) -> dict[str, Any]:
        """Splice their changes in; the merged records, by id, in their file order."""
        record = RECOMMENDATION if is_recs else ACTION
        what = record.name
        merged = dict(ours)
        theirs_order = list(theirs)
        assert record.headline is not None
        renamed = _renamed(base, ours, theirs, record.headline)
        for n, item_id in enumerate(theirs_order):
            b, o, t = base.get(item_id, _MISSING), ours.get(item_id, _MISSING), theirs[item_id]
            label = f"{what} {item_id}"
            if item_id in renamed:
                self.conflict_renamed(what, item_id, *renamed[item_id])
            elif o is not _MISSING:
                merged[item_id] = self.merge_item(label, item_id, b, o, t, record)
            elif b is _MISSING:
                merged = self.add_item(merged, theirs_order[:n], item_id, t, base)
            elif t != b:
                self.conflict_item(label, item_id, ours_side=False)
        for item_id, o in ours.items():
            if item_id in theirs or item_id not in base:
                continue
            if o == base[item_id]:
                self.remove_item(item_id)
                del merged[item_id]
            else:
                self.conflict_item(f"{what} {item_id}", item_id, ours_side=True)
        return merged

    def merge_item(self, label: str, item_id: str, b: Any, o: Any, t: Any, record: Record) -> Any:
        if o == t or t == b:
            return o
        mine = self.block_mapping(self.item(item_id), label)
        yours = self.theirs.block_mapping(self.theirs.item(item_id), label)
        order = record.key_names()
        changes: dict[str, Any] = {}
        for f in record.fields:
            if f.kind == "id":
                continue
            field = f.name
            bv = _MISSING if b is _MISSING else value_of(b, f)
            ov, tv = value_of(o, f), value_of(t, f)
            if f.key is not None and bv == () and bool(ov) != bool(tv):
                steps = self.merge_written(label, mine, yours, b, o, t)
                if steps is not None:
                    changes[field] = steps
                continue
            if tv == bv or ov == tv:
                continue
            if ov == bv:
                self.take(mine, yours, field, order)
                changes[field] = tv
            elif f.kind == "notes" and (both := _notes(bv, ov, tv)) is not None:
                self.write_notes(mine, both, ov)
                changes[field] = both
            elif f.kind == "updates" and (added := _new_updates(bv, ov, tv)) is not None:
                self.append_items(mine, field, [update_item(u) for u in added], ())
                changes[field] = ov + added
            elif f.key is not None:
                steps = self.merge_milestones(label, mine, yours, b, o, t)
                if steps is not None:
                    changes[field] = steps
            else:
                self.conflict_field(f"{label} '{field}'", mine, yours, field, order)
        changes.update(self.merge_extensions(label, mine, yours, b, o, t, order))
        return _with(record, o, changes)

    def merge_extensions(
        self, label: str, mine: Any, yours: Any, b: Any, o: Any, t: Any, order: tuple[str, ...]
    ) -> dict[str, Any]:
        """The extension fields (x-...), merged as any field: by key, three-way."""
        base = {} if b is _MISSING else dict(extensions(b))
        ours, theirs = dict(extensions(o)), dict(extensions(t))
        changes = {}
        for key in dict.fromkeys([*theirs, *base]):
            bv, ov, tv = base.get(key), ours.get(key), theirs.get(key)
            if tv == bv or ov == tv:
                continue
            if ov == bv:
                self.take(mine, yours, key, order)
                changes[key] = tv
            else:
                self.conflict_field(f"{label} '{key}'", mine, yours, key, order)
        return changes

    def add_item(
        self, merged: dict[str, Any], before: list[str], item_id: str, t: Any, base: dict[str, Any]
    ) -> dict[str, Any]:
        """Bring in an item they added, after the item it follows in their file (and
        after the items we added there), with the comments above it."""
        node = self.theirs.item(item_id)
        anchor = next((i for i in reversed(before) if i in merged), None)
        order = list(merged)
        if anchor is None:
            # Their first item: before our first, with a blank line between.
            start = self.theirs._line_start(self.theirs.offset(node.start_mark))
            text = self.theirs.text[start : self.theirs._after_line(_end(self.theirs, node) - 1)]
            first = self.item(order[0]) if order else None
            at = self._line_start(self.offset(first.start_mark)) if first else len(self.text)
            self.added_at[item_id] = at
            self.splices.append(_Splice(at, at, len(self.splices), text + self.newline))
            return {item_id: t, **merged}
        position = order.index(anchor) + 1
        while position < len(order) and order[position] not in base:
            position += 1  # ours, added in the same place: ours first
        previous = self.theirs.item(before[-1]) if before else node
        start = self.theirs._after_line(_end(self.theirs, previous) - 1)
        text = self.theirs.text[start : self.theirs._after_line(_end(self.theirs, node) - 1)]
        after = order[position - 1]
        if after in self.added_at:
            at = self.added_at[after]  # after an item of theirs put there already
        else:
            at = self._after_line(_end(self, self.item(after)) - 1)
        if at == len(self.text) and not self.text.endswith("\n"):
            text = self.newline + text
        self.added_at[item_id] = at
        self.splices.append(_Splice(at, at, len(self.splices), text))
        items = list(merged.items())
        items.insert(position, (item_id, t))
        return dict(items)

    def remove_item(self, item_id: str) -> None:
        node = self.item(item_id)
        start = self._line_start(self.offset(node.start_mark))
        end = self._after_line(_end(self, node) - 1)
        self.splices.append(_Splice(start, end, len(self.splices), ""))

    def conflict_item(self, label: str, item_id: str, *, ours_side: bool) -> None:
        """An item one side removed and the other changed: both kept, between markers."""
        if ours_side:
            node = self.item(item_id)
            start = self._line_start(self.offset(node.start_mark))
            end = self._after_line(_end(self, node) - 1)
            mine, yours, at = self.text[start:end], "", (start, end)
            self.conflicts.append(f"{label}: changed on our side, removed on theirs")
        else:
            node = self.theirs.item(item_id)
            start = self.theirs._line_start(self.theirs.offset(node.start_mark))
            yours = self.theirs.text[start : self.theirs._after_line(_end(self.theirs, node) - 1)]
            mine, at = "", (len(self.text), len(self.text))
            self.conflicts.append(f"{label}: removed on our side, changed on theirs")
        self.mark(at, mine, yours, label)

    def conflict_renamed(self, what: str, their_id: str, base_id: str, our_id: str) -> None:
        """An item both sides renamed, to different ids: ours and theirs between markers,
        rather than the item twice."""
        node = self.item(our_id)
        start = self._line_start(self.offset(node.start_mark))
        end = self._after_line(_end(self, node) - 1)
        yours = self.theirs.item(their_id)
        theirs_start = self.theirs._line_start(self.theirs.offset(yours.start_mark))
        theirs_text = self.theirs.text[
            theirs_start : self.theirs._after_line(_end(self.theirs, yours) - 1)
        ]
        label = f"{what} {base_id}"
        self.conflicts.append(f"{label}: renamed to {our_id} on our side, to {their_id} on theirs")
        self.mark((start, end), self.text[start:end], theirs_text, label)

    # --- fields -----------------------------------------------------------------------

    def take(
        self, mine: Any, yours: Any, key: str, order: tuple[str, ...], text: str | None = None
    ) -> None:
        """Our key gets their lines for it (or `text`, their lines changed); removed when
        they have none."""
        theirs = self.theirs.get(yours, key)
        if theirs is None:
            self.remove(mine, key)
            return
        lines = _dedent(text or _lines(self.theirs, yours, key), _column(yours))
        found = self.get(mine, key)
        if found is None:
            if text is None:
                # A key new to us comes with the comments they wrote above it.
                lines = _dedent(_lines(self.theirs, yours, key, comments=True), _column(yours))
            earlier = tuple(reversed(order[: order.index(key)])) if key in order else ()
            self.insert(mine, lines, after=earlier)
            return
        start, end = _key_span(self, mine, key)
        self.splices.append(_Splice(start, end, len(self.splices), _indent(lines, _column(mine))))

    def write_notes(self, mine: Any, notes: str, ours: str) -> None:
        indent = " " * (_column(mine) + 2)
        lines = notes.rstrip("\n").split("\n")
        if all(line == line.strip() and line.isprintable() for line in lines):
            chomp = "|" if ours.endswith("\n") else "|-"
            value = chomp + "".join(self.newline + (indent + x if x else "") for x in lines)
        else:
            value = scalar(notes)
        start, end = _key_span(self, mine, "notes")
        text = " " * _column(mine) + "notes: " + value + self.newline
        self.splices.append(_Splice(start, end, len(self.splices), text))

    def conflict_field(
        self, label: str, mine: Any, yours: Any, key: str, order: tuple[str, ...]
    ) -> None:
        ours_text = self.text[slice(*_key_span(self, mine, key))] if self.get(mine, key) else ""
        theirs_text = ""
        if self.theirs.get(yours, key) is not None:
            lines = _dedent(_lines(self.theirs, yours, key), _column(yours))
            theirs_text = _indent(lines, _column(mine))
        if self.get(mine, key) is not None:
            at = _key_span(self, mine, key)
        else:
            earlier = tuple(reversed(order[: order.index(key)])) if key in order else ()
            anchor = next((f for f in (self.get(mine, k) for k in earlier) if f), None)
            end = self._after_line(_end(self, (anchor or mine.value[-1])[1]) - 1)
            at = (end, end)
        self.conflicts.append(f"{label}: both sides changed it; resolve the marked lines")
        self.mark(at, ours_text, theirs_text, label)

    def mark(self, at: tuple[int, int], ours: str, theirs: str, label: str) -> None:
        nl = self.newline
        ours = ours if not ours or ours.endswith("\n") else ours + nl
        theirs = theirs if not theirs or theirs.endswith("\n") else theirs + nl
        text = (
            f"{self.start_marker} ours: {label}{nl}{ours}======={nl}"
            f"{theirs}{self.end_marker} theirs: {label}{nl}"
        )
        if at[0] == len(self.text) and not self.text.endswith("\n"):
            text = nl + text
        self.splices.append(_Splice(*at, len(self.splices), text))

    # --- milestones -------------------------------------------------------------------

    def merge_milestones(
        self, label: str, mine: Any, yours: Any, b: Any, o: Any, t: Any
    ) -> tuple[Milestone, ...] | None:
        """Both sides changed the milestones: merge them per label. Milestones only read
        from `when` count as written, so two sides that each wrote them out to mark a
        different one done merge too."""
        base: dict[str, Any] = {} if b is _MISSING else {m.label: m for m in milestones(b)}
        ours: dict[str, Any] = {m.label: m for m in milestones(o)}
        theirs: dict[str, Any] = {m.label: m for m in milestones(t)}
        if not o.milestones or not t.milestones:
            self.conflict_field(f"{label} 'milestones'", mine, yours, "milestones", _ACTION_KEYS)
            return None
        my_items = _milestone_nodes(self, mine)
        their_items = _milestone_nodes(self.theirs, yours)
        merged = dict(ours)
        for step, tm in theirs.items():
            bm, om = base.get(step, _MISSING), ours.get(step, _MISSING)
            where = f"{label} milestone {step!r}"
            if om is _MISSING:
                if bm is _MISSING:
                    self.add_milestone(mine, their_items[step])
                    merged[step] = tm
                elif tm != bm:
                    self.conflicts.append(f"{where}: removed on our side, changed on theirs")
                    self.mark_milestone(mine, "", their_items[step], where)
                continue
            changes = {}
            for f in MILESTONE.fields:
                if f.name == _STEP_KEY:
                    continue  # it names the milestone
                field = f.name
                bv = _MISSING if bm is _MISSING else value_of(bm, f)
                ov, tv = value_of(om, f), value_of(tm, f)
                if tv == bv or ov == tv:
                    continue
                if ov == bv:
                    self.take(my_items[step], their_items[step], field, _MILESTONE_KEYS)
                    changes[field] = tv
                elif f.kind == "updates" and (added := _new_updates(bv, ov, tv)) is not None:
                    self.append_items(my_items[step], field, [update_item(u) for u in added], ())
                    changes[field] = ov + added
                else:
                    self.conflict_field(
                        f"{where} '{field}'",
                        my_items[step],
                        their_items[step],
                        field,
                        _MILESTONE_KEYS,
                    )
            found = self.merge_extensions(
                where, my_items[step], their_items[step], bm, om, tm, _MILESTONE_KEYS
            )
            merged[step] = _with(MILESTONE, om, {**changes, **found})
        for step, om in ours.items():
            if step in theirs or step not in base:
                continue
            if om == base[step]:
                node = my_items[step]
                start = self._line_start(self.offset(node.start_mark))
                end = self._after_line(_end(self, node) - 1)
                self.splices.append(_Splice(start, end, len(self.splices), ""))
                del merged[step]
            else:
                where = f"{label} milestone {step!r}"
                self.conflicts.append(f"{where}: changed on our side, removed on theirs")
                node = my_items[step]
                start = self._line_start(self.offset(node.start_mark))
                end = self._after_line(_end(self, node) - 1)
                self.mark((start, end), self.text[start:end], "", where)
        return tuple(merged.values())

    def merge_written(
        self, label: str, mine: Any, yours: Any, b: Any, o: Any, t: Any
    ) -> tuple[Milestone, ...] | None:
        """One side wrote out the milestones its `when` names (to mark or move one), the
        other left them in `when` and may have moved some there: the written list, with
        the other side's moves in it. None when ours stays as it is."""
        base = {m.label: m for m in milestones(b)}
        ours_wrote = bool(o.milestones)
        written, other = (o, t) if ours_wrote else (t, o)
        steps = {m.label: m for m in written.milestones}
        moves = {}
        for m in milestones(other):
            was = base.get(m.label)
            if was is not None and m.when == was.when:
                continue
            now = steps.get(m.label)
            if was is None or now is None or now.when not in (was.when, m.when):
                # Steps the written list does not have, or a step both sides moved.
                self.conflict_field(
                    f"{label} 'milestones'", mine, yours, "milestones", _ACTION_KEYS
                )
                return None
            if now.when == was.when:
                moves[m.label] = m.when
        if len(milestones(other)) != len(base):
            self.conflict_field(f"{label} 'milestones'", mine, yours, "milestones", _ACTION_KEYS)
            return None
        if ours_wrote:
            nodes = _milestone_nodes(self, mine)
            for step, when in moves.items():
                self.set(nodes[step], "when", scalar(when))
            if not moves:
                return None
        else:
            moved = _moved(self.theirs, yours, moves)
            self.take(mine, yours, "milestones", _ACTION_KEYS, moved)
        return tuple(m._replace(when=moves.get(m.label, m.when)) for m in written.milestones)

    def add_milestone(self, mine: Any, node: Any) -> None:
        steps = self.get(mine, "milestones")
        assert steps is not None
        last = steps[1].value[-1]
        text = _milestone_text(self.theirs, node, _column(last) - 2)
        at = self._after_line(_end(self, last) - 1)
        self.splices.append(_Splice(at, at, len(self.splices), text))

    def mark_milestone(self, mine: Any, ours: str, node: Any, where: str) -> None:
        steps = self.get(mine, "milestones")
        assert steps is not None
        last = steps[1].value[-1]
        text = _milestone_text(self.theirs, node, _column(last) - 2)
        at = self._after_line(_end(self, last) - 1)
        self.mark((at, at), ours, text, where)


_STEP_KEY: Final = ACTION.field("milestones").key  # what names a milestone: its label


def _with(record: Record, value: Any, changes: dict[str, Any]) -> Any:
    """`value` with the fields in `changes` (declared or extension fields, None for one
    removed), its extra kept in the order a reading of the file gives it: the declared
    fields in their order, then the extension fields in the file's."""
    attributes = {k: v for k, v in changes.items() if k in value._fields}
    rest = {k: v for k, v in changes.items() if k not in value._fields}
    if rest:
        extra = dict(value.extra)
        for key, new in rest.items():
            if new is None:
                extra.pop(key, None)
            else:
                extra[key] = new
        declared = {k: n for n, k in enumerate(record.key_names())}
        ordered = sorted(
            extra.items(), key=lambda kv: (is_extension(kv[0]), declared.get(kv[0], 0))
        )
        attributes["extra"] = tuple(ordered)
    return value._replace(**attributes)


def _renamed(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], text: str
) -> dict[str, tuple[str, str]]:
    """Items both sides renamed to different ids (the base's id gone from both, and each
    side added an item of the same text): their new id -> (the base's id, our new id)."""
    found = {}
    for base_id, b in base.items():
        if base_id in ours or base_id in theirs:
            continue
        same = getattr(b, text)
        mine = [i for i, o in ours.items() if i not in base and getattr(o, text) == same]
        yours = [i for i, t in theirs.items() if i not in base and getattr(t, text) == same]
        mine, yours = [i for i in mine if i not in theirs], [i for i in yours if i not in ours]
        if mine and yours:
            found[yours[0]] = (base_id, mine[0])
    return found


def _notes(base: Any, ours: str | None, theirs: str | None) -> str | None:
    """Notes both sides added lines to: the base's lines with what each side inserted,
    ours first where both inserted at one place; None when either side changed or
    removed a line it had. (A rebase replays our added lines onto notes that already
    have the other side's below them.)"""
    was = note_lines(None if base is _MISSING else base)
    mine, yours = _inserted(was, note_lines(ours)), _inserted(was, note_lines(theirs))
    if mine is None or yours is None:
        return None
    lines = []
    for n, (ours_here, theirs_here) in enumerate(zip(mine, yours, strict=True)):
        lines += ours_here + theirs_here + was[n : n + 1]
    merged = "\n".join(lines)
    return merged + "\n" if ours and ours.endswith("\n") else merged


def _new_updates(
    base: Any, ours: tuple[Any, ...], theirs: tuple[Any, ...]
) -> tuple[Any, ...] | None:
    """The updates they added that we do not have, when both sides only added updates
    (a dated record only grows: ours first, then theirs, also when a rebase replays
    theirs onto ours); None otherwise."""
    was = list(() if base is _MISSING else base)
    mine, yours = _inserted(was, list(ours)), _inserted(was, list(theirs))
    if mine is None or yours is None:
        return None
    return tuple(u for added in yours for u in added if u not in ours)


def _inserted(was: list[Any], now: list[Any]) -> list[list[Any]] | None:
    """The lines (or updates) `now` inserts before each of `was`, and after its last;
    None when `now` does not keep every one of `was`, in order."""
    gaps: list[list[Any]] = [[] for _ in range(len(was) + 1)]
    kept = 0
    for line in now:
        if kept < len(was) and line == was[kept]:
            kept += 1
        else:
            gaps[kept].append(line)
    return gaps if kept == len(was) else None


def _end(editor: Editor, node: Any) -> int:
    """The end of a node's own content: a block collection's marks run on over the
    comments and blank lines that follow it, which belong to what comes next."""
    while node.id in ("mapping", "sequence") and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if node.id == "mapping" else last
    return editor._content_end(node)


def _column(mapping: Any) -> int:
    return int(mapping.value[0][0].start_mark.column)


def _key_span(editor: Editor, mapping: Any, key: str) -> tuple[int, int]:
    """The lines of a key and its value, from the key's line to the value's last line."""
    found = editor.get(mapping, key)
    assert found is not None
    k, v = found
    start = editor._line_start(editor.offset(k.start_mark))
    if editor.text[start : editor.offset(k.start_mark)].strip():
        raise EditError(
            f"{editor.name}:{k.start_mark.line + 1}: '{key}' shares its line with another key"
        )
    end = editor._after_line(max(_end(editor, v), editor.offset(k.end_mark)) - 1)
    return start, end


def _lines(editor: Editor, mapping: Any, key: str, *, comments: bool = False) -> str:
    """The lines of a key and its value; with `comments`, from the comment lines right
    above it at its indentation."""
    start, end = _key_span(editor, mapping, key)
    # At the key's own indentation, a line that starts with '#' is a comment (a block
    # scalar's text above would be indented deeper).
    comment = " " * _column(mapping) + "#"
    while comments and start > 0:
        above = editor._line_start(start - 1)
        if not editor.text.startswith(comment, above):
            break
        start = above
    return editor.text[start:end]


def _dedent(text: str, column: int) -> str:
    """Lines at `column` and deeper, without that indentation and the final newline."""
    lines = text.rstrip("\r\n").split("\n")
    out = []
    for line in lines:
        stripped = line.rstrip("\r")
        if stripped.strip() and stripped[:column].strip():
            raise EditError("a value's lines are not indented below its key")
        out.append(stripped[column:])
    return "\n".join(out)


def _indent(text: str, column: int, newline: str = "\n") -> str:
    return "".join((" " * column + line if line else "") + newline for line in text.split("\n"))


def _milestone_nodes(editor: Editor, mapping: Any) -> dict[str, Any]:
    found = editor.get(mapping, "milestones")
    if found is None or found[1].id != "sequence" or found[1].flow_style:
        raise EditError(f"{editor.name}: milestones that are not a block list")
    nodes = {}
    for item in found[1].value:
        item = editor.block_mapping(item, "a milestone")
        label = editor.get(item, "label")
        if label is None:
            raise EditError(f"{editor.name}: a milestone without a label")
        nodes[label[1].value] = item
    return nodes


def _moved(editor: Editor, mapping: Any, moves: dict[str, str]) -> str | None:
    """The lines of a mapping's milestones with the `when` of the steps in `moves`
    changed; None when there is nothing to change."""
    if not moves:
        return None
    start, end = _key_span(editor, mapping, "milestones")
    edits = []
    for step, node in _milestone_nodes(editor, mapping).items():
        found = editor.get(node, "when")
        if step not in moves or found is None:
            continue
        value = found[1]
        if value.id != "scalar" or value.style in ("|", ">"):
            raise EditError(f"{editor.name}: the 'when' of milestone {step!r} is not one line")
        at = (editor.offset(value.start_mark) - start, editor.offset(value.end_mark) - start)
        edits.append((*at, scalar(moves[step])))
    text = editor.text[start:end]
    for first, last, new in sorted(edits, reverse=True):
        text = text[:first] + new + text[last:]
    return text


def _milestone_text(editor: Editor, node: Any, dash_column: int) -> str:
    """A milestone's lines from `- label: ...` on, moved to our list's indentation."""
    start = editor._line_start(editor.offset(node.start_mark))
    text = editor.text[start : editor._after_line(_end(editor, node) - 1)]
    their_dash = _column(node) - 2
    return _indent(_dedent(text, their_dash), dash_column)


# --- setting the driver up ------------------------------------------------------------

DRIVER_NAME: Final = "vvsgplan"


def attribute_lines(top: Path, folder: Path) -> list[str]:
    """The .gitattributes lines that give the plan files to the driver."""
    from vvsgplan.load import ACTIONS_FILE

    relative = folder.resolve().relative_to(top.resolve()).as_posix()
    lines = []
    for name in (RECOMMENDATIONS_FILE, ACTIONS_FILE):
        pattern = f"/{name}" if relative == "." else f"/{relative}/{name}"
        if any(c in pattern for c in ' \t"\\'):
            escaped = pattern.replace("\\", "\\\\").replace('"', '\\"')
            pattern = f'"{escaped}"'
        lines.append(f"{pattern} merge={DRIVER_NAME}")
    return lines


def driver_command() -> str:
    """How git runs the driver: this Python, so that it works whatever PATH git has."""
    import shlex
    import sys

    python = shlex.quote(sys.executable)
    return f"{python} -m vvsgplan merge-driver --marker-size %L -- %O %A %B %P"


def install(folder: Path) -> list[str]:
    """Set the driver up in the repository holding `folder`; what was done, one line
    each (nothing when it already was)."""
    from vvsgplan import git

    top = git.toplevel(folder)
    done = []
    attributes = top / ".gitattributes"
    text = attributes.read_bytes().decode("utf-8") if attributes.exists() else ""
    present = set(text.splitlines())
    missing = [line for line in attribute_lines(top, folder) if line not in present]
    if missing:
        newline = "\r\n" if "\r\n" in text else "\n"
        if text and not text.endswith("\n"):
            text += newline
        _write(attributes, text + "".join(line + newline for line in missing))
        done += [f".gitattributes: added {line}" for line in missing]
    for key, value in (
        ("name", "vvsgplan: plan files merged per action and field"),
        ("driver", driver_command()),
    ):
        if git.config_get(top, f"merge.{DRIVER_NAME}.{key}") != value:
            git.config_set(top, f"merge.{DRIVER_NAME}.{key}", value)
            done.append(f"git config merge.{DRIVER_NAME}.{key} set")
    return done


def uninstall(folder: Path) -> list[str]:
    """Undo `install`: its .gitattributes lines and the repository's driver config."""
    from vvsgplan import git

    top = git.toplevel(folder)
    done = []
    attributes = top / ".gitattributes"
    if attributes.exists():
        text = attributes.read_bytes().decode("utf-8")
        ours = set(attribute_lines(top, folder))
        kept = [line for line in text.splitlines(keepends=True) if line.rstrip("\r\n") not in ours]
        if len(kept) != len(text.splitlines()):
            if any(line.strip() for line in kept):
                _write(attributes, "".join(kept))
            else:
                attributes.unlink()
            done.append(".gitattributes: removed the plan files' merge lines")
    if git.config_get(top, f"merge.{DRIVER_NAME}.driver") is not None:
        git.config_unset_section(top, f"merge.{DRIVER_NAME}")
        done.append(f"git config merge.{DRIVER_NAME} removed")
    return done


def _write(path: Path, text: str) -> None:
    from vvsgplan import store

    if path.exists():
        store.replace(path, path.read_bytes(), text.encode("utf-8"))
        return
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    with contextlib.suppress(OSError):
        temporary.replace(path)
