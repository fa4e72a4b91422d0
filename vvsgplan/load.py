"""Read a plan folder, reporting every problem at its file, line and column (finding
the plans is vvsgplan.portfolio's)."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from vvsgplan.errors import PlanError, Problem, VvsgplanError
from vvsgplan.fields import ID
from vvsgplan.model import Context, Plan, Recommendation
from vvsgplan.yamltext import (
    NotReadable,
    Part,
    Unsplittable,
    compose_text,
    item_starts,
    parts,
    read_file,
    read_text,
    without_cycle_collector,
)

if TYPE_CHECKING:
    from vvsgplan.validate import Reader

RECOMMENDATIONS_FILE: Final = "recommendations.yaml"
ACTIONS_FILE: Final = "actions.yaml"
# The evaluation's context; optional: a plan without it has no context.
CONTEXT_FILE: Final = "plan.yaml"


def load_plan(
    folder: Path,
    *,
    check_deadlines: bool = False,
    texts: dict[str, str] | None = None,
    recommendations: tuple[Recommendation, ...] | None = None,
    warnings: list[Problem] | None = None,
    cache: bool = False,
) -> Plan:
    """Read and validate both files; raise PlanError with every problem found.

    Deadlines are read when a command needs them, so that one unreadable `when` does not
    stop every command; `check_deadlines` reports them here, with their place. `texts`
    gives the content of a file by its name instead of reading it (a git revision, an
    edit not yet written); `recommendations` the recommendations already read, so that a
    changing command reads that file once. `warnings`, with `check_deadlines`, gathers
    what is worth a look but not wrong (words of a `when` read as step labels). `cache`
    takes what reading a file gave from the parse cache when the file is unchanged (see
    cache.py), and keeps it there otherwise (what `check_deadlines` finds too: a check
    of an unchanged plan reads nothing again); read commands ask for it, changing ones
    not."""
    with without_cycle_collector():
        return _load(folder, check_deadlines, texts or {}, recommendations, warnings, cache)


def _load(
    folder: Path,
    check_deadlines: bool,
    texts: dict[str, str],
    recommendations: tuple[Recommendation, ...] | None,
    warnings: list[Problem] | None = None,
    cache: bool = False,
) -> Plan:
    problems: list[Problem] = []
    rec_file, act_file = folder / RECOMMENDATIONS_FILE, folder / ACTIONS_FILE
    if recommendations is None:
        given = texts.get(RECOMMENDATIONS_FILE)
        recs, ids = _read_cached(
            lambda: _reader(str(rec_file), problems),
            rec_file,
            given,
            "recommendations",
            cache,
            problems,
        )
        # With a broken recommendations file, references cannot be checked.
        known = None if problems else ids
    else:
        recs = list(recommendations)
        known = {r.id: 0 for r in recs}

    # What a check warns of, given to `warnings` when they are asked for.
    warned: list[Problem] = []

    def act_reader() -> "Reader":
        return _reader(
            str(act_file), problems, check_deadlines=check_deadlines, known=known, warnings=warned
        )

    # The recommendations (ids and lines) decide which actions are wrong and what their
    # messages say: part of the cache's key, as is whether the deadlines are checked.
    names = "-" if known is None else repr(sorted(known.items()))
    given = texts.get(ACTIONS_FILE)
    what = "actions, checked" if check_deadlines else "actions"
    actions, _ = _read_cached(act_reader, act_file, given, what, cache, problems, names, warned)
    if warnings is not None:
        warnings += warned
    context = _read_context(folder / CONTEXT_FILE, texts, problems, cache)
    if problems:
        # Each file's problems in reading order: recommendations, actions, context.
        order = {str(rec_file): 0, str(act_file): 1}
        problems.sort(key=lambda p: (order.get(p.file, 2), p.line, p.column))
        raise PlanError(problems)
    return Plan(folder, tuple(recs), tuple(actions), context)


def _read_context(
    path: Path, texts: dict[str, str], problems: list[Problem], cache: bool = False
) -> Context | None:
    """plan.yaml when the plan has one (in `texts`, "" stands for a file that is not there)."""
    given = texts.get(CONTEXT_FILE)
    if given == "" or (given is None and not path.exists() and not path.is_symlink()):
        return None
    if given is not None or not cache:
        return _context(path, given.encode("utf-8") if given is not None else None, problems)
    from vvsgplan import cache as kept

    try:
        raw = read_file(path)
    except (OSError, NotReadable):
        return _context(path, None, problems)  # says why, as without the cache
    name = kept.key("context", raw)
    hit = kept.get(name)
    if hit is not None:
        problems.extend(p._replace(file=str(path)) for p in hit[1])
        return hit[0]  # type: ignore[no-any-return]
    before = len(problems)
    context = _context(path, raw, problems)
    kept.put(name, (context, _anonymous(problems[before:])))
    return context


def _context(path: Path, raw: bytes | None, problems: list[Problem]) -> Context | None:
    before = len(problems)
    text = read_text(path, problems, raw)
    if text is None:
        return None
    root = compose_text(path, text, problems)
    if len(problems) > before:
        return None
    reader = _reader(str(path), problems)
    if root is not None:
        reader.check_tags(root)
    return reader.context(root)


def _reader(file: str, problems: list[Problem], **options: Any) -> "Reader":
    """A reader of the file format: imported when a file is read, not when the cache
    has what it would give."""
    from vvsgplan.validate import Reader

    return Reader(file, problems, **options)


def _anonymous(problems: list[Problem]) -> list[Problem]:
    """Problems as the cache keeps them: without the file's name, which is the name the
    file is read by this time (the same file may be named by another path next time)."""
    return [p._replace(file="") for p in problems]


def _read_cached(
    reader: "Callable[[], Reader]",
    path: Path,
    given: str | None,
    what: str,
    cache: bool,
    found: list[Problem],
    extra: str = "",
    warned: list[Problem] | None = None,
) -> tuple[list[Any], dict[Any, int]]:
    """`_read_file` with a new `reader`, and the ids it saw; or, from the parse cache,
    what it gave last time for the same bytes (then no reader is made, nor YAML read):
    its records, its problems (to `found`), and what it warned of (to `warned`, the list
    `reader` warns to)."""
    read = "recommendations" if what == "recommendations" else "actions"
    if not cache or given is not None:
        made = reader()
        return _read_file(made, path, given, read), made.ids
    from vvsgplan import cache as kept

    try:
        raw = read_file(path)
    except (OSError, NotReadable):
        made = reader()
        return _read_file(made, path, None, read), made.ids  # says why, as without the cache
    name = kept.key(what, raw, extra)
    hit = kept.get(name)
    if isinstance(hit, tuple) and len(hit) == 5:  # anything else: read the file
        records, problems, ids, warnings, readings = hit
        found.extend(p._replace(file=str(path)) for p in problems)
        if warned is not None:
            warned.extend(p._replace(file=str(path)) for p in warnings)
        if readings:
            from vvsgplan.query import remember

            remember(readings)
        return records, ids
    made = reader()
    before = len(made.problems)
    warned_before = len(warned) if warned is not None else 0
    if what == "actions":
        records = _read_items(made, path, raw, extra)
    else:
        records = _read_file(made, path, None, read, raw)
    # The ids of recommendations are what actions may name; those of actions are not needed.
    ids = made.ids if what == "recommendations" else {}
    warnings = _anonymous(warned[warned_before:]) if warned is not None else []
    # The deadline each action's texts say, kept with them: a repeated run reads none again.
    readings = _readings(records) if what == "actions" else b""
    kept.put(name, (records, _anonymous(made.problems[before:]), ids, warnings, readings))
    return records, made.ids


def _readings(records: list[Any]) -> bytes:
    from vvsgplan.cache import pack
    from vvsgplan.query import readings

    return pack(readings(records))


def _read_items(reader: "Reader", path: Path, raw: bytes, extra: str) -> list[Any]:
    """The actions of a file that changed since the last read: the items whose text is
    as it was then are taken from that read, and only the others are composed. Only a
    plain block list without problems is read so (each item's record then depends on its
    text alone, and the ids are told apart); anything else is read whole."""
    from vvsgplan import cache as kept

    problems = reader.problems
    before = len(problems)
    text = read_text(path, problems, raw)
    starts = item_starts(text) if text is not None else None
    if text is None or starts is None:
        del problems[before:]  # said again by reading it whole
        return _read_file(reader, path, None, "actions", raw)
    pieces = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    # The last read of the file at this path, whatever its content was then.
    where = kept.key("items", str(path.resolve()).encode(), extra)
    previous = kept.get(where)
    records = None
    if previous is not None:
        try:
            then = dict(zip(*previous, strict=True))
        except (TypeError, ValueError):  # not an entry of this kind: read it whole
            then = {}
        records = _reuse(reader, path, text, starts, pieces, then) if then else None
    if records is None:
        records = _read_file(reader, path, None, "actions", raw)
    if len(problems) == before and len(records) == len(pieces):
        kept.put(where, (pieces, records))
    return records


def _reuse(
    reader: "Reader",
    path: Path,
    text: str,
    starts: list[int],
    pieces: list[str],
    known: dict[str, Any],
) -> list[Any] | None:
    """The records of `pieces`, each taken from `known` (text -> record) or read on its
    own; None, with no problem added, when that does not give the plan whole."""
    problems: list[Problem] = []
    records = []
    line = counted = 0
    for start, piece in zip(starts, pieces, strict=True):
        record = known.get(piece)
        if record is None:
            line += text.count("\n", counted, start)
            counted = start
            root = compose_text(path, piece, problems)
            if problems or root is None:
                return None
            alone = _reader(reader.file, problems, known=reader.known)
            try:
                found = alone.actions(iter([Part(root, line)]))
            except PlanError:
                return None
            if problems or len(found) != 1:
                return None
            record = found[0]
        records.append(record)
    # Ids told apart in any case: otherwise reading it whole says which are the same.
    if len({r.id.casefold() for r in records}) != len(records):
        return None
    return records


def _read_file(
    reader: "Reader", path: Path, given: str | None, what: str, raw: bytes | None = None
) -> list[Any]:
    """The records of one file, read a few hundred items at a time so that only their
    nodes are in memory at once; the whole file at once when it cannot be split safely.
    `given` is the file's text, `raw` its bytes, in place of reading it."""
    problems = reader.problems
    before = len(problems)
    if given is not None:
        raw = given.encode("utf-8")
    text = read_text(path, problems, raw)
    if text is None:
        return []
    read = reader.recommendations if what == "recommendations" else reader.actions
    try:
        return read(parts(path, text))
    except Unsplittable:
        del problems[before:]
        reader.forget()
        root = compose_text(path, text, problems)
        if len(problems) > before:
            return []  # a YAML syntax error, reported with its place
        return read(iter([Part(root, 0)]))


_ID_LINE: Final = re.compile(r"""^-[ \t]+["']?id["']?[ \t]*:[ \t]*(.+?)[ \t]*(?:#.*)?$""", re.M)
# The rest of the line: a '#' may stand inside quotes, so comments are left to _scalars.
_OWNER_LINE: Final = re.compile(r"""^[ \t]+["']?owner["']?[ \t]*:[ \t]*(.+?)[ \t]*$""", re.M)
# A scalar: single-quoted, double-quoted, or plain (in a flow list, up to a comma or the
# closing bracket); then the comma or bracket that ends it in a flow list.
_QUOTED: Final = r"'(?:[^']|'')*'|" + r'"(?:[^"\\]|\\.)*"'
_ITEM: Final = re.compile(rf"""[ \t]*({_QUOTED}|[^,\]]*?)[ \t]*([,\]])""")
_SCALAR: Final = re.compile(rf"""({_QUOTED})|(.*?)(?:[ \t]+#.*)?$""")
# After the scalar or the flow list: nothing, or a comment.
_END: Final = re.compile(r"[ \t]*(?:#.*)?$")


_PLAIN_ESCAPES: Final = re.compile(r'(?:[^"\\]|\\[\\"])*')


class Names(NamedTuple):
    """What Tab completion offers: recommendation ids, action ids and owners."""

    recommendations: list[str]
    actions: list[str]
    owners: list[str]


def _offered(text: str) -> bool:
    return ID.fullmatch(text) is not None and not (text.isdigit() and text.startswith("0"))


def scan_names(folder: Path) -> Names:
    """The recommendation ids, action ids and owner names of a plan, found in its text
    without reading it as YAML: fast enough for Tab completion on a large plan, and used
    for nothing else. Only what could be a valid value is kept: a double-quoted text with
    an escape in it is left out rather than guessed at."""
    texts = []
    for name in (RECOMMENDATIONS_FILE, ACTIONS_FILE):
        try:
            # As every command reads it: a FIFO or a device is not read, nor too much.
            texts.append(read_file(folder / name).decode("utf-8-sig", errors="replace"))
        except (OSError, NotReadable, VvsgplanError):
            texts.append("")
    # Ids as `show` takes them, as the validator reads them: ASCII ('²'.isdigit() is
    # true), and a number without leading zeros (0 and 04 are no ids).
    recs = [v for v in _scalars(_ID_LINE.findall(texts[0])) if _offered(v)]
    actions = [v for v in _scalars(_ID_LINE.findall(texts[1])) if _offered(v)]
    owners = [" ".join(v.split()) for v in _scalars(_OWNER_LINE.findall(texts[1]))]
    return Names(recs, list(dict.fromkeys(actions)), list(dict.fromkeys(o for o in owners if o)))


def _items(value: str) -> list[str]:
    """The scalars a line's value holds, as written: one, or each of a flow list on one
    line; none when it is neither (a flow list over several lines is not guessed at)."""
    if not value.startswith("["):
        match = _SCALAR.match(value)
        if match is None or (match.group(1) and not _END.fullmatch(value, match.end(1))):
            return []
        return [match.group(1) or match.group(2)]
    items, pos = [], 1
    while match := _ITEM.match(value, pos):
        items.append(match.group(1))
        pos = match.end()
        if match.group(2) == "]":
            return [i for i in items if i] if _END.fullmatch(value, pos) else []
    return []


def _scalars(values: list[str]) -> list[str]:
    found = []
    for value in values:
        for item in _items(value):
            if item[:1] == "'" and item[-1:] == "'" and len(item) > 1:
                found.append(item[1:-1].replace("''", "'"))
            elif item[:1] == '"' and item[-1:] == '"' and len(item) > 1:
                # Only \\ and \" are read; any other escape is left out, not guessed at.
                if _PLAIN_ESCAPES.fullmatch(item[1:-1]):
                    found.append(re.sub(r"\\(.)", r"\1", item[1:-1]))
            elif item[:1] not in ("'", '"'):
                found.append(item)
    return [v for v in found if v and v.isprintable()]


def read_records(path: Path, text: str) -> tuple[list[Any], list[Problem]]:
    """The records of one plan file's `text` (recommendations or actions, told by the
    file's name) and the problems found, without checking one file against the other:
    for a revision or a side of a merge, read on its own."""
    problems: list[Problem] = []
    reader = _reader(str(path), problems)
    what = "recommendations" if path.name == RECOMMENDATIONS_FILE else "actions"
    with without_cycle_collector():
        records = _read_file(reader, path, text, what)
    return records, problems
