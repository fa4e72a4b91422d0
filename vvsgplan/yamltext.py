"""The text of a plan file, and its YAML nodes with their positions.

Reading refuses what is not a plan before it is parsed (a file too large, bytes that are
not UTF-8, git conflict markers); parsing composes nodes and never constructs objects,
so no tag is ever run. A large file is composed a few hundred items at a time.
"""

import contextlib
import functools
import gc
import math
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final, NamedTuple

from vvsgplan.errors import Problem, UsageError

MAX_MB_VAR: Final = "VVSGPLAN_MAX_MB"
DEFAULT_MB: Final = 32
MAX_MB: Final = 1_000_000  # a terabyte: beyond any plan, and still a finite number
_CONFLICT_MARKER: Final = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})", re.M)


def max_bytes() -> int:
    """The largest plan file read: a plan of 100,000 actions is about 25 MB; a much
    larger file is a mistake or an attack, and is refused before it is read."""
    given = os.environ.get(MAX_MB_VAR, "").strip()
    if not given:
        return DEFAULT_MB * 1_000_000
    try:
        megabytes = float(given)
    except ValueError:
        megabytes = math.nan
    # A typo must not lift the limit silently (nor end in a traceback): refuse it.
    if not (math.isfinite(megabytes) and 0 < megabytes <= MAX_MB):
        raise UsageError(
            f"{MAX_MB_VAR}={given!r} is not a size in megabytes: give a number above 0 "
            f"and up to {MAX_MB:,}, like 64 (default {DEFAULT_MB})"
        )
    return int(megabytes * 1_000_000)


class NotReadable(Exception):
    """A plan file that is not read: not a regular file, or larger than the limit."""


_KINDS: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _refuse_special(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((what for test, what in _KINDS if test(mode)), "something other than a file")
        raise NotReadable(f"is {kind}, not a file")


def _too_large(size: int, limit: int) -> NotReadable:
    big, cap = size // 1_000_000, limit // 1_000_000
    # In bytes where whole megabytes would round the difference away ("0 MB; up to 0 MB").
    shown = (
        (f"{big:,} MB", f"{cap:,} MB")
        if 1 <= cap < big
        else (f"{size:,} bytes", f"{limit:,} bytes")
    )
    return NotReadable(
        f"is {shown[0]}; vvsgplan reads plan files up to {shown[1]} "
        f"(set {MAX_MB_VAR} to raise the limit)"
    )


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, never more than `limit` (the size limit): a FIFO, a
    device or a folder is refused before it is opened, so a read never hangs or runs
    until memory is out. OSError when the file cannot be read, NotReadable when it is
    not a plan file."""
    limit = max_bytes() if limit is None else limit
    _refuse_special(path.stat().st_mode)
    # Non-blocking: a file swapped for a FIFO between the stat and the open would make a
    # blocking open wait for a writer forever.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        _refuse_special(info.st_mode)
        if info.st_size > limit:
            raise _too_large(info.st_size, limit)
        chunks = []
        size = 0
        while size <= limit:  # a file that grows while it is read stops at the limit
            chunk = os.read(fd, min(1 << 22, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


# Characters YAML reads as line breaks that editors, git and grep do not: with them, the
# lines and columns YAML reports and the text a change splices into would disagree.
_ODD_BREAK: Final = re.compile("[\x85\u2028\u2029]|\r(?!\n)")
_ODD_BREAK_NAMES: Final = {
    "\x85": "character U+0085 (next line)",
    "\u2028": "character U+2028 (line separator)",
    "\u2029": "character U+2029 (paragraph separator)",
}


def _odd_breaks(name: str, text: str, problems: list[Problem]) -> None:
    """The first of each kind of line break that only YAML sees, at its line and column."""
    if not ("\x85" in text or "\u2028" in text or "\u2029" in text) and text.count(
        "\r"
    ) == text.count("\r\n"):
        return  # the usual case, told by plain searches, several times faster than the pattern
    seen: set[str] = set()
    for found in _ODD_BREAK.finditer(text):
        ch = found.group()
        if ch in seen:
            continue
        seen.add(ch)
        at = found.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        if ch == "\r":
            message = (
                "a carriage return without a line feed (old Mac line ends): save the file "
                "with LF or CRLF line ends"
            )
        else:
            message = (
                f"{_ODD_BREAK_NAMES[ch]}, which YAML reads as a line break: remove it, or "
                f"write it as \\u{ord(ch):04x} inside double quotes"
            )
        problems.append(Problem(name, line, column, message))
        if len(seen) == 4:
            break


def read_text(path: Path, problems: list[Problem], raw: bytes | None = None) -> str | None:
    """The file (or `raw`, its content) as text without a byte-order mark; None, and a
    problem, if it cannot be read."""
    name = str(path)
    before = len(problems)
    try:
        if raw is None:
            raw = read_file(path)
        elif len(raw) > max_bytes():
            raise _too_large(len(raw), max_bytes())
    except NotReadable as e:
        problems.append(Problem(name, 1, 1, str(e)))
        return None
    except FileNotFoundError:
        problems.append(Problem(name, 1, 1, "file not found"))
        return None
    except OSError as e:
        problems.append(Problem(name, 1, 1, f"cannot read: {e.strerror}"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        problems.append(Problem(name, line, column, "not UTF-8 text: save the file as UTF-8"))
        return None
    for marker in _CONFLICT_MARKER.finditer(text):
        number = text.count("\n", 0, marker.start()) + 1
        problems.append(
            Problem(name, number, 1, "git conflict marker: resolve the merge, then retry")
        )
    _odd_breaks(name, text, problems)
    return None if len(problems) > before else text


@contextlib.contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Reading makes millions of small objects and no reference cycles: the cycle
    collector would only walk them again and again (it doubles the time of a large plan)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@functools.cache
def _loader() -> Any:
    """PyYAML's C loader when it is there, with a faster way to tell plain text apart:
    PyYAML asks the resolver for the tag of every scalar, and most are text whose first
    character, or length, rules out every other tag without trying its patterns."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    patterns = base.yaml_implicit_resolvers
    firsts = frozenset(k for k in patterns if k)
    text = base.DEFAULT_SCALAR_TAG
    scalar = yaml.ScalarNode

    short: dict[str, Any] = {}  # the tags of short plain scalars, which repeat

    class Loader(base):  # type: ignore[misc]
        def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> Any:
            if kind is scalar and None not in patterns:
                if not implicit[0]:
                    return text  # quoted
                # Words that letters start (true, no, null...) are five letters at most.
                if value and (value[0] not in firsts or (value[0].isalpha() and len(value) > 5)):
                    return text
                if len(value) <= 12:
                    found = short.get(value)
                    if found is None:
                        found = short[value] = super().resolve(kind, value, implicit)
                    return found
            return super().resolve(kind, value, implicit)

    return Loader


# Collections inside collections: a plan needs five. libyaml's recursion crashes near
# 100,000 on an 8 MB stack; PyYAML 6.0.4's own libyaml stops at 1,000.
MAX_DEPTH: Final = 900
# What opens a block collection at the start of a line: indentation and "- ", "? ", ": ".
# A block level takes a column of it (two, for a mapping and the list under its key).
_DEEP_PREFIX: Final = re.compile(
    r"^(?:[ \t]|[-?:](?=[ \t\r\n]|$)){" + str(MAX_DEPTH // 4) + "}", re.M
)


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where the text nests collections more than MAX_DEPTH deep, or None. libyaml builds
    nodes by recursion in C: some builds stop at a depth limit, others crash the process
    (PyYAML 6.0.3 at [ x 100,000). The parser's events are made without recursion, so they
    are counted here first; a cheap bound on the depth spares that pass for every real plan."""
    # Flow levels are at most the brackets that open them, and block levels at most
    # 2 * MAX_DEPTH / 4 + 2 when no line starts with MAX_DEPTH / 4 columns of indentation.
    if text.count("[") + text.count("{") < MAX_DEPTH // 2 - 2 and not _DEEP_PREFIX.search(text):
        return None
    import yaml

    depth = 0
    opening = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
    closing = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, opening):
                depth += 1
                if depth > MAX_DEPTH and event.start_mark is not None:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif isinstance(event, closing):
                depth -= 1
    except yaml.MarkedYAMLError as e:
        # A libyaml with a depth limit of its own may reach it while it looks ahead.
        if "nesting depth" in str(e.problem) and e.problem_mark is not None:
            return e.problem_mark.line + 1, e.problem_mark.column + 1
    except yaml.YAMLError:
        pass  # a syntax error, which composing reports with its place
    return None


def compose_text(path: Path, text: str, problems: list[Problem]) -> Any:
    """The YAML node tree of a file's text, with marks; None and a problem on a syntax
    error."""
    import yaml

    deep = _too_deep(text)
    if deep is not None:
        problems.append(Problem(str(path), *deep, f"YAML nested more than {MAX_DEPTH} levels deep"))
        return None
    try:
        with without_cycle_collector():
            return yaml.compose(text, Loader=_loader())
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(x for x in (e.context, e.problem) if x)
        problems.append(Problem(str(path), *where, f"YAML syntax: {what}"))
    except yaml.reader.ReaderError as e:
        line_start = text.rfind("\n", 0, e.position) + 1
        line, column = text.count("\n", 0, e.position) + 1, e.position - line_start + 1
        character = f"U+{e.character:04X}" if isinstance(e.character, int) else repr(e.character)
        problems.append(Problem(str(path), line, column, f"character {character} is not allowed"))
    except yaml.YAMLError as e:
        problems.append(Problem(str(path), 1, 1, "YAML: " + " ".join(str(e).split())))
    except RecursionError:
        problems.append(Problem(str(path), 1, 1, "YAML nested too deeply"))
    return None


BATCH: Final = 200  # top-level items composed at once
_COLUMN_ZERO: Final = re.compile(r"^[^ \r\n]", re.M)


class Part(NamedTuple):
    """Some whole items of a file, composed; `line` is where the part starts (from 0)."""

    root: Any
    line: int
    # Whether the text may hold a tag, an anchor or an alias: without "!", "&" and "*"
    # it cannot, and its nodes need no second look.
    marked: bool = True


def _marked(text: str) -> bool:
    return "!" in text or "&" in text or "*" in text


class Unsplittable(Exception):
    """A part did not compose on its own: read the file whole."""


def item_starts(text: str) -> list[int] | None:
    """Where each top-level item of a block list at column 0 starts, or None when
    anything but items and comments stands at column 0 (then split nothing)."""
    starts = []
    for m in _COLUMN_ZERO.finditer(text):
        at = m.start()
        if text[at] == "#":
            continue
        if text[at] == "-" and text[at + 1 : at + 2] in (" ", "\n", "\r", ""):
            starts.append(at)
            continue
        return None
    return starts or None


def parts(path: Path, text: str) -> Iterator[Part]:
    """The file's items in parts of BATCH items, or the whole file as one part."""
    starts = item_starts(text)
    if starts is None or len(starts) <= BATCH:
        problems: list[Problem] = []
        root = compose_text(path, text, problems)
        if problems:
            raise Unsplittable
        yield Part(root, 0, _marked(text))
        return
    line = previous = 0
    for k in range(0, len(starts), BATCH):
        start = starts[k] if k else 0
        end = starts[k + BATCH] if k + BATCH < len(starts) else len(text)
        line += text.count("\n", previous, start)
        previous = start
        problems = []
        piece = text[start:end]
        root = compose_text(path, piece, problems)
        if problems or root is None:
            raise Unsplittable
        yield Part(root, line, _marked(piece))
