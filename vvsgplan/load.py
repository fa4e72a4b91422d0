"""Find the plan and read it, reporting every problem at its file, line and column.

The YAML is composed into nodes, never constructed: each value is checked against what
its field accepts while its position is still known, and a scalar keeps the text as
written. So an unquoted `no` never becomes false, `1.10` never becomes 1.1, and a tag
such as `!!python/object` is refused instead of being run.
"""

import contextlib
import difflib
import functools
import gc
import os
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Final, NamedTuple

from vvsgplan.errors import PlanError, Problem
from vvsgplan.model import (
    ACTION_ID,
    ACTION_KEYS,
    DONE_ON,
    MILESTONE_KEYS,
    MILESTONE_STATUSES,
    RECOMMENDATION_KEYS,
    RESPONSES,
    STATUSES,
    Action,
    Milestone,
    Plan,
    Recommendation,
)

RECOMMENDATIONS_FILE: Final = "recommendations.yaml"
ACTIONS_FILE: Final = "actions.yaml"
ENV_VAR: Final = "VVSGPLAN_DATA"

_YAML: Final = "tag:yaml.org,2002:"
_PLAIN_TAGS: Final = frozenset(
    _YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)
_CONFLICT_MARKERS: Final = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")


def find_plan_folder(option: Path | None, cwd: Path | None = None) -> Path:
    """`--data DIR`, else $VVSGPLAN_DATA, else the nearest `data/` above the working
    directory that holds recommendations.yaml (as git finds `.git`)."""
    given, origin = option, "--data"
    if given is None and os.environ.get(ENV_VAR):
        given, origin = Path(os.environ[ENV_VAR]), ENV_VAR
    if given is not None:
        if given.is_file():
            raise PlanError(f"{given}: {origin} names a file; give the folder that holds it")
        if not (given / RECOMMENDATIONS_FILE).is_file():
            raise PlanError(f"{given}: no {RECOMMENDATIONS_FILE} in this folder ({origin})")
        return given
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "data" / RECOMMENDATIONS_FILE).is_file():
            return _shown(folder / "data")
    raise PlanError(
        f"no plan found: looked for data/{RECOMMENDATIONS_FILE} in {start} and every folder "
        f"above it; point at a plan with --data DIR or {ENV_VAR}=DIR"
    )


def _shown(path: Path) -> Path:
    """The path as messages should show it: relative to the working directory if below it."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def load_plan(
    folder: Path,
    *,
    check_deadlines: bool = False,
    texts: dict[str, str] | None = None,
    recommendations: tuple[Recommendation, ...] | None = None,
) -> Plan:
    """Read and validate both files; raise PlanError with every problem found.

    Deadlines are read when a command needs them, so that one unreadable `when` does not
    stop every command; `check_deadlines` reports them here, with their place. `texts`
    gives the content of a file by its name instead of reading it (a git revision, an
    edit not yet written); `recommendations` the recommendations already read, so that a
    changing command reads that file once."""
    with without_cycle_collector():
        return _load(folder, check_deadlines, texts or {}, recommendations)


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


def _load(
    folder: Path,
    check_deadlines: bool,
    texts: dict[str, str],
    recommendations: tuple[Recommendation, ...] | None,
) -> Plan:
    problems: list[Problem] = []
    rec_file, act_file = folder / RECOMMENDATIONS_FILE, folder / ACTIONS_FILE
    if recommendations is None:
        rec_reader = _Reader(str(rec_file), problems)
        recs = _read_file(rec_reader, rec_file, texts.get(RECOMMENDATIONS_FILE), "recommendations")
        # With a broken recommendations file, references cannot be checked.
        known = None if problems else rec_reader.ids
    else:
        recs = list(recommendations)
        known = {r.id: 0 for r in recs}
    act_reader = _Reader(str(act_file), problems, check_deadlines=check_deadlines, known=known)
    actions = _read_file(act_reader, act_file, texts.get(ACTIONS_FILE), "actions")
    if problems:
        # Each file's problems in reading order, recommendations first.
        problems.sort(key=lambda p: (p.file != str(rec_file), p.line, p.column))
        raise PlanError(problems)
    return Plan(folder, tuple(recs), tuple(actions))


def _read_file(reader: "_Reader", path: Path, given: str | None, what: str) -> list[Any]:
    """The records of one file, read a few hundred items at a time so that only their
    nodes are in memory at once; the whole file at once when it cannot be split safely."""
    problems = reader.problems
    before = len(problems)
    raw = given.encode("utf-8") if given is not None else None
    text = read_text(path, problems, raw)
    if text is None:
        return []
    read = reader.recommendations if what == "recommendations" else reader.actions
    try:
        return read(parts(path, text))
    except _Unsplittable:
        del problems[before:]
        reader.ids.clear()
        root = compose_text(path, text, problems)
        if len(problems) > before:
            return []  # a YAML syntax error, reported with its place
        return read(iter([Part(root, 0)]))


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


class _Unsplittable(Exception):
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
            raise _Unsplittable
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
            raise _Unsplittable
        yield Part(root, line, _marked(piece))


_ID_LINE: Final = re.compile(r"""^-[ \t]+["']?id["']?[ \t]*:[ \t]*["']?([^"'#\s]+)""", re.M)
_OWNER_LINE: Final = re.compile(
    r"""^[ \t]+["']?owner["']?[ \t]*:[ \t]*(.+?)[ \t]*(?:#.*)?$""", re.M
)


def scan_names(folder: Path) -> tuple[list[str], list[str]]:
    """The ids (recommendation numbers, then action ids) and owner names of a plan, found
    in its text without reading it as YAML: fast enough for Tab completion on a large
    plan, and used for nothing else."""
    texts = []
    for name in (RECOMMENDATIONS_FILE, ACTIONS_FILE):
        try:
            texts.append((folder / name).read_text(encoding="utf-8-sig", errors="replace"))
        except OSError:
            texts.append("")
    owners: dict[str, None] = {}
    for value in _OWNER_LINE.findall(texts[1]):
        names = value.strip("[]").split(",") if value.startswith("[") else [value]
        owners.update(dict.fromkeys(n.strip().strip("'\"") for n in names if n.strip()))
    return _ID_LINE.findall(texts[0]) + _ID_LINE.findall(texts[1]), list(owners)


def max_bytes() -> int:
    """The largest plan file read: a plan of 100,000 actions is about 25 MB; a much
    larger file is a mistake or an attack, and is refused before it is read."""
    try:
        return int(float(os.environ.get(f"{ENV_VAR}_MAX_MB", "32")) * 1_000_000)
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
                    f"{max_bytes() // 1_000_000} MB (set {ENV_VAR}_MAX_MB to raise the limit)",
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
    for number, line_text in enumerate(text.splitlines(), 1):
        if line_text.startswith(_CONFLICT_MARKERS):
            problems.append(
                Problem(name, number, 1, "git conflict marker: resolve the merge, then retry")
            )
    return None if len(problems) > before else text


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
    except yaml.YAMLError as e:
        problems.append(Problem(str(path), 1, 1, f"YAML: {e}"))
    except RecursionError:
        problems.append(Problem(str(path), 1, 1, "YAML nested too deeply"))
    return None


class _Reader:
    """Checks composed nodes against the file format, one field at a time."""

    def __init__(
        self,
        file: str,
        problems: list[Problem],
        *,
        check_deadlines: bool = False,
        known: dict[Any, int] | None = None,
    ) -> None:
        self.file = file
        self.problems = problems
        self.check_deadlines = check_deadlines
        self.known = known  # the recommendation ids actions may name; None: not checked
        self.offset = 0  # the line of the part being read
        # id -> line of every record with a readable id, valid or not, so that one bad
        # recommendation does not make every action that names it an error too.
        self.ids: dict[Any, int] = {}

    def line(self, node: Any) -> int:
        """The node's line in the file, from 1."""
        return int(node.start_mark.line) + 1 + self.offset

    def problem(self, node: Any, message: str) -> None:
        column = node.start_mark.column + 1
        self.problems.append(Problem(self.file, self.line(node), column, message))

    def items(
        self, file_parts: Iterator[Part], what: str
    ) -> Iterator[tuple[Any, dict[str, tuple[Any, Any]]]]:
        """Each mapping of the top-level sequence, with its keys."""
        import yaml

        for part in file_parts:
            self.offset = part.line
            root = part.root
            if root is None:
                self.problems.append(
                    Problem(self.file, 1, 1, f"empty file: expected a list of {what}")
                )
                return
            if not isinstance(root, yaml.SequenceNode):
                self.problem(root, f"expected a list of {what} ('- id: ...'), found {_kind(root)}")
                return
            if part.marked:
                self.check_tags(root)
            for item in root.value:
                if not isinstance(item, yaml.MappingNode):
                    self.problem(
                        item, f"expected one of the {what} as a mapping, found {_kind(item)}"
                    )
                    continue
                yield item, self.keys(item)

    def check_tags(self, root: Any) -> None:
        """Only plain YAML: no tags beyond the core ones, no aliases (no anchor bombs)."""
        seen: set[int] = set()
        stack = [root]
        while stack:
            node = stack.pop()
            if id(node) in seen:
                self.problem(
                    node, "this node is repeated by a YAML alias (*name); aliases are not allowed"
                )
                raise PlanError(self.problems)
            seen.add(id(node))
            if node.tag == _YAML + "merge":
                self.problem(node, "merge keys (<<: *name) are not allowed in a plan")
                raise PlanError(self.problems)
            if node.tag not in _PLAIN_TAGS:
                self.problem(node, f"tag {node.tag.replace(_YAML, '!!')} is not allowed")
                raise PlanError(self.problems)
            if node.id == "sequence":
                stack.extend(node.value)
            elif node.id == "mapping":
                for k, v in node.value:
                    stack.extend((k, v))

    def keys(self, mapping: Any) -> dict[str, tuple[Any, Any]]:
        found: dict[str, tuple[Any, Any]] = {}
        for key, value in mapping.value:
            name = key.value if key.id == "scalar" else None
            if not isinstance(name, str):
                self.problem(key, "a key must be a plain word")
            elif name in found:
                line = self.line(found[name][0])
                self.problem(key, f"duplicate key '{name}' (first on line {line})")
            else:
                found[name] = (key, value)
        return found

    def unknown_keys(self, keys: dict[str, tuple[Any, Any]], allowed: tuple[str, ...]) -> None:
        for name, (key, _) in keys.items():
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(key, f"unknown key '{name}'{hint}; allowed: {', '.join(allowed)}")

    def field(
        self,
        keys: dict[str, tuple[Any, Any]],
        name: str,
        parse: Callable[[Any, str], Any],
        parent: Any,
        *,
        required: bool = False,
    ) -> Any:
        if name not in keys or _is_null(keys[name][1]):
            if required:
                self.problem(keys[name][1] if name in keys else parent, f"'{name}' is missing")
            return None
        return parse(keys[name][1], name)

    # --- values -----------------------------------------------------------------------

    def scalar(self, node: Any, name: str, accepts: tuple[str, ...]) -> str | None:
        if node.id != "scalar":
            self.problem(node, f"'{name}' must be a single value, found {_kind(node)}")
            return None
        tag = node.tag.removeprefix(_YAML)
        if tag not in accepts:
            self.problem(
                node,
                f"'{name}' must be {_WANTS[accepts[0]]}, but YAML reads {node.value!r} as "
                f"{_YAML_KINDS.get(tag, tag)}; put it in quotes if it is meant as text",
            )
            return None
        text: str = node.value
        return text

    def text(self, node: Any, name: str) -> str | None:
        value = self.scalar(node, name, ("str",))
        if value is not None and not value.strip():
            self.problem(node, f"'{name}' is empty")
            return None
        return value

    def when(self, node: Any, name: str) -> str | None:
        # A year or a date written without quotes is still the text as written.
        value = self.scalar(node, name, ("str", "int", "timestamp"))
        if value is not None and self.check_deadlines:
            from vvsgplan.deadline import DeadlineError, read

            try:
                read(value)
            except DeadlineError as e:
                self.problem(node, f"'{name}': {e}")
        return value

    def choice(self, choices: tuple[str, ...]) -> Callable[[Any, str], str | None]:
        def parse(node: Any, name: str) -> str | None:
            value = self.scalar(node, name, ("str",))
            if value is not None and value not in choices:
                close = difflib.get_close_matches(value, choices, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(node, f"'{name}' is {value!r}{hint}; use one of {', '.join(choices)}")
                return None
            return value

        return parse

    def number(self, node: Any, name: str) -> int | None:
        value = self.scalar(node, name, ("int",))
        if value is None:
            return None
        if not value.isdigit() or int(value) < 1:
            self.problem(node, f"'{name}' must be a positive whole number, not {value!r}")
            return None
        return int(value)

    def action_id(self, node: Any, name: str) -> str | None:
        if node.id == "scalar" and node.tag == _YAML + "int":
            self.problem(
                node,
                f"action id {node.value} is a bare number, which `show` would take for a "
                f"recommendation; add a letter (e.g. A{node.value})",
            )
            return None
        # An unquoted 1.2 is a float to YAML; the id is the text as written.
        value = self.scalar(node, name, ("str", "float"))
        if value is not None and not ACTION_ID.fullmatch(value):
            self.problem(node, f"action id {value!r}: use letters, digits, '.', '-' or '_'")
            return None
        return value

    def done_on(self, node: Any, name: str) -> str | None:
        value = self.scalar(node, name, ("timestamp", "str", "int"))
        if value is None:
            return None
        if DONE_ON.fullmatch(value):
            parts = [int(p) for p in value.split("-")] + [1, 1]
            try:
                date(parts[0], parts[1], parts[2])
            except ValueError:
                pass
            else:
                return value
        self.problem(node, f"'{name}' must be a date as YYYY-MM-DD (or YYYY-MM), not {value!r}")
        return None

    def seq(self, node: Any, name: str, example: str) -> list[Any] | None:
        if node.id != "sequence":
            self.problem(node, f"'{name}' must be a list, e.g. {name}: {example}")
            return None
        return list(node.value)

    def owners(self, node: Any, name: str) -> tuple[str, ...]:
        items = [node] if node.id == "scalar" else self.seq(node, name, "[Lead, Other]") or []
        found = (self.text(item, name) for item in items)
        return tuple(" ".join(o.split()) for o in found if o)

    # --- records ----------------------------------------------------------------------

    def recommendations(self, file_parts: Iterator[Part]) -> list[Recommendation]:
        recs: list[Recommendation] = []
        for node, keys in self.items(file_parts, "recommendations"):
            before = len(self.problems)
            self.unknown_keys(keys, RECOMMENDATION_KEYS)
            rec_id = self.field(keys, "id", self.number, node, required=True)
            values = {
                "title": self.field(keys, "title", self.text, node, required=True),
                "response": self.field(
                    keys, "response", self.choice(RESPONSES), node, required=True
                ),
                "text": self.field(keys, "text", self.text, node),
                "response_text": self.field(keys, "response_text", self.text, node),
            }
            self.unique(rec_id, keys)
            if len(self.problems) == before:
                recs.append(Recommendation(id=rec_id, **values))
        return recs

    def actions(self, file_parts: Iterator[Part]) -> list[Action]:
        actions: list[Action] = []
        for node, keys in self.items(file_parts, "actions"):
            before = len(self.problems)
            self.unknown_keys(keys, ACTION_KEYS)
            action_id = self.field(keys, "id", self.action_id, node, required=True)
            recs = self.field(
                keys, "recommendations", self.rec_refs(self.known), node, required=True
            )
            status = self.field(keys, "status", self.choice(STATUSES), node) or "open"
            done_on = self.field(keys, "done_on", self.done_on, node)
            if done_on is not None and status != "done":
                self.problem(keys["done_on"][0], f"'done_on' is only for status done, not {status}")
            values = {
                "action": self.field(keys, "action", self.text, node, required=True),
                "owner": self.field(keys, "owner", self.owners, node) or (),
                "when": self.field(keys, "when", self.when, node),
                "notes": self.field(keys, "notes", self.text, node),
                "milestones": self.field(keys, "milestones", self.milestones, node) or (),
            }
            self.unique(action_id, keys)
            if len(self.problems) == before:
                actions.append(
                    Action(
                        id=action_id, recommendations=recs, status=status, done_on=done_on, **values
                    )
                )
        return actions

    def unique(self, record_id: Any, keys: dict[str, tuple[Any, Any]]) -> None:
        if record_id is None:
            return
        node = keys["id"][1]
        if record_id in self.ids:
            self.problem(node, f"duplicate id {record_id} (first on line {self.ids[record_id]})")
        else:
            self.ids[record_id] = self.line(node)

    def rec_refs(self, rec_ids: dict[Any, int] | None) -> Callable[[Any, str], tuple[int, ...]]:
        def parse(node: Any, name: str) -> tuple[int, ...]:
            refs = []
            for item in self.seq(node, name, "[4]") or []:
                ref = self.number(item, name)
                if ref is not None and rec_ids is not None and ref not in rec_ids:
                    self.problem(item, f"recommendation {ref} does not exist")
                elif ref is not None:
                    refs.append(ref)
            if node.id == "sequence" and not node.value:
                self.problem(node, f"'{name}' is empty: name the recommendation(s) it answers")
            return tuple(refs)

        return parse

    def milestones(self, node: Any, name: str) -> tuple[Milestone, ...]:
        found = []
        for item in self.seq(node, name, "[{label: ..., when: ...}]") or []:
            if item.id != "mapping":
                self.problem(
                    item, f"a milestone must be a mapping with label and when, found {_kind(item)}"
                )
                continue
            keys = self.keys(item)
            self.unknown_keys(keys, MILESTONE_KEYS)
            label = self.field(keys, "label", self.text, item, required=True)
            when = self.field(keys, "when", self.when, item, required=True)
            status = self.field(keys, "status", self.choice(MILESTONE_STATUSES), item) or "open"
            done_on = self.field(keys, "done_on", self.done_on, item)
            if done_on is not None and status != "done":
                self.problem(keys["done_on"][0], f"'done_on' is only for status done, not {status}")
            if label is not None and when is not None:
                found.append(Milestone(label, when, status, done_on))
        return tuple(found)


def _is_null(node: Any) -> bool:
    return bool(node.id == "scalar" and node.tag == _YAML + "null")


def _kind(node: Any) -> str:
    return {"scalar": "a single value", "sequence": "a list", "mapping": "a mapping"}[node.id]


_WANTS: Final = {"str": "text", "int": "a whole number", "timestamp": "a date"}
_YAML_KINDS: Final = {
    "int": "a number",
    "float": "a number",
    "bool": "true/false",
    "timestamp": "a date",
    "null": "empty",
}
