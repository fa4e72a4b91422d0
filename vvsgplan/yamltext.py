"""The text of a plan file, and its YAML nodes with their positions.

Reading refuses what is not a plan before it is parsed (a file too large, bytes that are
not UTF-8, git conflict markers); parsing composes nodes and never constructs objects,
so no tag is ever run. A large file is composed a few hundred items at a time.
"""

import contextlib
import functools
import gc
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final, NamedTuple

from vvsgplan.errors import Problem

MAX_MB_VAR: Final = "VVSGPLAN_MAX_MB"
_CONFLICT_MARKER: Final = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})", re.M)


def max_bytes() -> int:
    """The largest plan file read: a plan of 100,000 actions is about 25 MB; a much
    larger file is a mistake or an attack, and is refused before it is read."""
    try:
        return int(float(os.environ.get(MAX_MB_VAR, "32")) * 1_000_000)
    except ValueError:
        return 32_000_000


def read_text(path: Path, problems: list[Problem], raw: bytes | None = None) -> str | None:
    """The file (or `raw`, its content) as text without a byte-order mark; None, and a
    problem, if it cannot be read."""
    name = str(path)
    before = len(problems)
    try:
        size = path.stat().st_size if raw is None else len(raw)
        if size > max_bytes():
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    f"is {size // 1_000_000} MB; vvsgplan reads plan files up to "
                    f"{max_bytes() // 1_000_000} MB (set {MAX_MB_VAR} to raise the limit)",
                )
            )
            return None
        raw = path.read_bytes() if raw is None else raw
    except FileNotFoundError:
        problems.append(Problem(name, 1, 1, "file not found"))
        return None
    except IsADirectoryError:
        problems.append(Problem(name, 1, 1, "is a folder, not a file"))
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


def compose_text(path: Path, text: str, problems: list[Problem]) -> Any:
    """The YAML node tree of a file's text, with marks; None and a problem on a syntax
    error."""
    import yaml

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
