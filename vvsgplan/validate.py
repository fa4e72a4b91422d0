"""The plan file format, checked one composed node at a time.

Each value is checked against what its field accepts while its position is still known,
and a scalar keeps the text as written: an unquoted `no` never becomes false, `1.10`
never becomes 1.1.
"""

import re
from collections.abc import Iterator
from datetime import date
from typing import Any, Final

from vvsgplan.errors import PlanError, Problem, closest
from vvsgplan.fields import (
    ACTION,
    CONTEXT,
    DAY,
    DONE_ON,
    EXTENSION,
    ID,
    MAX_DIGITS,
    RECOMMENDATION,
    RECORDS,
    Field,
    Record,
    is_extension,
)
from vvsgplan.model import TYPES, Action, Context, Milestone, Recommendation
from vvsgplan.safe import NO_CONTROL, control_character
from vvsgplan.yamltext import Part

_YAML: Final = "tag:yaml.org,2002:"
_PLAIN_TAGS: Final = frozenset(
    _YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
)


class Reader:
    """Checks composed nodes against the file format, one field at a time."""

    def __init__(
        self,
        file: str,
        problems: list[Problem],
        *,
        check_deadlines: bool = False,
        known: dict[str, int] | None = None,
        warnings: list[Problem] | None = None,
    ) -> None:
        self.file = file
        self.problems = problems
        self.check_deadlines = check_deadlines
        # Warnings do not fail the check: words of a `when` taken as step labels.
        self.warnings = warnings
        self.labelled: list[tuple[Any, tuple[str, ...]]] = []
        # The recommendation ids (-> their line) actions may name; None: not checked.
        self.known = known
        self.known_folded: dict[str, str] | None = None
        self.offset = 0  # the line of the part being read
        # id -> line of every record with a readable id, valid or not, so that one bad
        # recommendation does not make every action that names it an error too.
        self.ids: dict[str, int] = {}
        # An id in any case -> the id as written: ids are matched in any case.
        self.folded: dict[str, str] = {}
        # Each text and list of texts read, kept once (see `once`).
        self.texts: dict[Any, Any] = {}

    def forget(self) -> None:
        """Forget the ids seen, to read the file again from its start."""
        self.ids.clear()
        self.folded.clear()

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

    def unknown_keys(self, keys: dict[str, tuple[Any, Any]], record: Record) -> None:
        allowed = record.key_names()
        for name, (key, _) in keys.items():
            if name in allowed or (record.extensible and is_extension(name)):
                continue
            close = closest(name, allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            if is_extension(name):
                hint += f"; extension keys ({EXTENSION}...) go on {_EXTENSIBLE}"
            self.problem(key, f"unknown key '{name}'{hint}; allowed: {', '.join(allowed)}")

    # --- records ----------------------------------------------------------------------

    def values(self, keys: dict[str, tuple[Any, Any]], record: Record, node: Any) -> dict[str, Any]:
        """Each declared field's value (None when absent or wrong, each problem reported
        at its place), and the extension fields under EXTRA."""
        self.unknown_keys(keys, record)
        values = {f.name: self.field(keys, f, node) for f in record.fields}
        for f in record.fields:
            if f.only_with is not None and values[f.name] is not None:
                other, wanted = f.only_with
                if other in keys and values[other] is None and not _is_null(keys[other][1]):
                    continue  # the other field is wrong, and said so: one problem is enough
                actual = values[other] or record.field(other).default
                if actual != wanted:
                    where = keys[f.name][0]
                    self.problem(where, f"'{f.name}' is only for {other} {wanted}, not {actual}")
        values[EXTRA] = self.extensions(keys) if record.extensible else ()
        return values

    def mapping(self, node: Any, record: Record, what: str) -> Any:
        """A record written as a mapping, as its record type; None when any of it is
        wrong, each problem reported at its place."""
        if node.id != "mapping":
            required = [f.name for f in record.fields if f.required]
            keys = "with " + _and(required) if required else "of " + ", ".join(record.key_names())
            self.problem(node, f"{what} must be a mapping {keys}, found {_kind(node)}")
            return None
        before = len(self.problems)
        values = self.values(self.keys(node), record, node)
        return self.build(record, values) if len(self.problems) == before else None

    @staticmethod
    def build(record: Record, values: dict[str, Any]) -> Any:
        """The record type's value: declared fields it has no attribute for go into its
        extra, with the extension fields."""
        kind = TYPES[record.name]
        attributes = {}
        extra = []
        for f in record.fields:
            value = values[f.name]
            if f.name in kind._fields:
                attributes[f.name] = f.default if value is None else value
            elif value is not None:
                extra.append((f.name, value))
        return kind(**attributes, extra=(*extra, *values[EXTRA]))

    def field(self, keys: dict[str, tuple[Any, Any]], field: Field, parent: Any) -> Any:
        name = field.name
        if name not in keys or _is_null(keys[name][1]):
            if field.required:
                self.problem(keys[name][1] if name in keys else parent, f"'{name}' is missing")
            return None
        parse = getattr(self, "kind_" + field.kind)
        return self.once(parse(keys[name][1], field))

    def once(self, value: Any) -> Any:
        """`value`, or the equal one read before: a plan repeats its owners, statuses and
        deadlines over thousands of actions, and one object for each takes less memory
        and is read back faster from the parse cache. Only text and tuples of text, which
        equal only what is the same value (unlike 1 and True)."""
        kind = type(value)
        if kind is str or (kind is tuple and all(type(v) is str for v in value)):
            return self.texts.setdefault(value, value)
        return value

    def extensions(self, keys: dict[str, tuple[Any, Any]]) -> tuple[tuple[str, Any], ...]:
        """The extension fields: never checked, but for what no plan text may hold."""
        found = []
        for name, (_, node) in keys.items():
            if is_extension(name) and not _is_null(node):
                found.append((self.once(name), self.once(self.plain(node, name))))
        return tuple(found)

    def plain(self, node: Any, name: str) -> Any:
        """An extension's value as data: each scalar the text as written (None when
        empty), lists and mappings as lists and mappings (keys as text)."""
        if node.id == "sequence":
            return [self.plain(item, name) for item in node.value]
        if node.id == "mapping":
            return {str(self.plain(k, name)): self.plain(v, name) for k, v in node.value}
        if _is_null(node):
            return None
        control = control_character(node.value)
        if control is not None:
            self.problem(node, f"'{name}' holds the control character {control}; {NO_CONTROL}")
        return node.value

    def recommendations(self, file_parts: Iterator[Part]) -> list[Recommendation]:
        return self.records(file_parts, RECOMMENDATION)

    def actions(self, file_parts: Iterator[Part]) -> list[Action]:
        return self.records(file_parts, ACTION)

    def records(self, file_parts: Iterator[Part], record: Record) -> list[Any]:
        found = []
        for node, keys in self.items(file_parts, f"{record.name}s"):
            before = len(self.problems)
            values = self.values(keys, record, node)
            self.unique(values["id"], keys)
            if record is ACTION:
                self.shared(values["id"], keys)
                self.warn_labels(keys, values["milestones"] or ())
            if len(self.problems) == before:
                found.append(self.build(record, values))
        return found

    def unique(self, record_id: str | None, keys: dict[str, tuple[Any, Any]]) -> None:
        if record_id is None:
            return
        node = keys["id"][1]
        if record_id in self.ids:
            self.problem(node, f"duplicate id {record_id} (first on line {self.ids[record_id]})")
            return
        self.ids[record_id] = self.line(node)
        first = self.folded.setdefault(record_id.casefold(), record_id)
        if first != record_id:
            self.problem(
                node,
                f"id {record_id} differs from {first} (line {self.ids[first]}) only in "
                "case; ids are matched in any case, so name it apart",
            )

    def shared(self, action_id: str | None, keys: dict[str, tuple[Any, Any]]) -> None:
        """Recommendations and actions share one set of ids, so that `show ID` names one."""
        if action_id is None or self.known is None:
            return
        if self.known_folded is None:
            self.known_folded = {k.casefold(): k for k in self.known}
        rec = self.known_folded.get(action_id.casefold())
        if rec is not None:
            line = self.known[rec]
            where = f" (recommendations.yaml line {line})" if line else ""
            self.problem(
                keys["id"][1],
                f"id {action_id} is recommendation {rec}'s id too{where}: recommendations "
                "and actions share one set of ids, so that `show ID` names one",
            )

    def context(self, root: Any) -> Context | None:
        """plan.yaml: one mapping with the evaluation and the management response."""
        if root is None:
            self.problems.append(
                Problem(self.file, 1, 1, "empty file: expected evaluation: and response:")
            )
            return None
        found: Context | None = self.mapping(root, CONTEXT, "the plan's context")
        return found

    # --- values, one method per kind of field (fields.KINDS) ---------------------------

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
        # Plan text is shown on terminals and in documents, where a control character
        # (raw, or a YAML escape such as "\\e") could act: none is read.
        control = control_character(text)
        if control is not None:
            self.problem(node, f"'{name}' holds the control character {control}; {NO_CONTROL}")
            return None
        return text

    def text(self, node: Any, name: str) -> str | None:
        value = self.scalar(node, name, ("str",))
        if value is not None and not value.strip():
            self.problem(node, f"'{name}' is empty")
            return None
        return value

    def kind_text(self, node: Any, field: Field) -> str | None:
        return self.text(node, field.name)

    def kind_notes(self, node: Any, field: Field) -> str | None:
        return self.text(node, field.name)

    def kind_choice(self, node: Any, field: Field) -> str | None:
        name, choices = field.name, field.values
        value = self.scalar(node, name, ("str",))
        if value is not None and value not in choices:
            close = closest(value, choices, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem(node, f"'{name}' is {value!r}{hint}; use one of {', '.join(choices)}")
            return None
        return value

    def kind_flag(self, node: Any, field: Field) -> bool | None:
        value = self.scalar(node, field.name, ("bool", "str"))
        if value is None:
            return None
        # YAML 1.1 also reads yes, no, on and off as true/false; YAML 1.2 reads them as
        # text. Only true and false read alike everywhere.
        if node.tag == _YAML + "bool" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        quoted = " without quotes" if value.lower() in ("true", "false") else ""
        self.problem(node, f"'{field.name}' must be true or false{quoted}, not {_short(value)!r}")
        return None

    def kind_when(self, node: Any, field: Field) -> str | None:
        # A year or a date written without quotes is still the text as written.
        name = field.name
        value = self.scalar(node, name, ("str", "int", "timestamp"))
        if value is not None and not value.strip():
            self.problem(node, f"'{name}' is empty")
            return None
        if value is not None and self.check_deadlines:
            from vvsgplan.deadline import DeadlineError, read

            try:
                found = read(value)
            except DeadlineError as e:
                self.problem(node, f"'{name}': {e}")
            else:
                labels = tuple(s.label for s in found.steps if s.label)
                if labels and self.warnings is not None:
                    self.labelled.append((node, labels))
        return value

    def warn_labels(
        self, keys: dict[str, tuple[Any, Any]], milestones: tuple[Milestone, ...]
    ) -> None:
        """A warning for each `when` read with step labels, unless they are the labels of
        the action's milestones: the author has then named the steps on purpose."""
        own = keys["when"][1] if "when" in keys else None
        named = {m.label for m in milestones}
        for node, labels in self.labelled:
            if node is own and set(labels) <= named:
                continue
            shown = " and ".join(repr(label) for label in labels)
            verb = "is read as a step label" if len(labels) == 1 else "are read as step labels"
            them = "it" if len(labels) == 1 else "them"
            advice = (
                f"list {them} under milestones to confirm"
                if node is own
                else "a milestone has a label of its own"
            )
            message = f"'when': {shown} {verb}, not as part of a date; {advice}"
            column = node.start_mark.column + 1
            assert self.warnings is not None
            self.warnings.append(Problem(self.file, self.line(node), column, message, "warning"))
        self.labelled.clear()

    def kind_done_on(self, node: Any, field: Field) -> str | None:
        name = field.name
        value = self.scalar(node, name, ("timestamp", "str", "int"))
        if value is None:
            return None
        # ASCII: the pattern's \\d also matches other scripts' digits ("٢٠١٩").
        if value.isascii() and DONE_ON.fullmatch(value):
            parts = [int(p) for p in value.split("-")] + [1, 1]
            try:
                date(parts[0], parts[1], parts[2])
            except ValueError:
                pass
            else:
                return value
        self.problem(
            node, f"'{name}' must be a date as YYYY-MM-DD (or YYYY-MM), not {_short(value)!r}"
        )
        return None

    def kind_day(self, node: Any, field: Field) -> str | None:
        """A whole day, YYYY-MM-DD: quoted, so that any YAML reader loads the text."""
        name = field.name
        value = self.scalar(node, name, ("str", "timestamp"))
        if value is None:
            return None
        if value.isascii() and DAY.fullmatch(value):
            try:
                date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return value
        self.problem(node, f"'{name}' must be a day as YYYY-MM-DD, not {_short(value)!r}")
        return None

    def ident(self, node: Any, name: str) -> str | None:
        """An id as written: `4`, `R1`, `2.1` (an unquoted 2.1 is a number to YAML; the
        id is the text)."""
        value = self.scalar(node, name, ("str", "int", "float"))
        if value is None:
            return None
        digits = value.isascii() and value.isdigit()
        if digits and len(value) > MAX_DIGITS:
            self.problem(node, f"'{name}' {_short(value)} is too large: {len(value)} digits")
            return None
        if not ID.fullmatch(value):
            self.problem(
                node,
                f"'{name}' {_short(value)!r} is not an id: use letters, digits, '.', '-' and "
                "'_', starting with a letter or a digit, at most 40",
            )
            return None
        if digits and value.startswith("0"):
            number = value.lstrip("0")
            advice = f"write {number}" if number else "numbers start at 1"
            self.problem(node, f"'{name}' {value}: a number has no leading zeros; {advice}")
            return None
        # Plain, not quoted: PyYAML's C loader marks plain style '', its Python one None.
        plain = not node.style
        read = _read_as_number(value, node.tag.removeprefix(_YAML)) if plain else None
        if read is not None and read != value:
            self.problem(
                node,
                f"'{name}' {value}: YAML readers read it as the number {read}; put it in "
                f"quotes ('{value}') to keep it as written",
            )
            return None
        return value

    def kind_id(self, node: Any, field: Field) -> str | None:
        return self.ident(node, field.name)

    def kind_refs(self, node: Any, field: Field) -> tuple[str, ...]:
        name = field.name
        refs = []
        for item in self.seq(node, name, "[4]") or []:
            ref = self.ident(item, name)
            if ref is not None and self.known is not None and ref not in self.known:
                folded = {k.casefold(): k for k in self.known}
                close = [folded[c] for c in closest(ref.casefold(), folded, n=1)]
                hint = f" (did you mean {close[0]}?)" if close else ""
                self.problem(item, f"recommendation {ref} does not exist{hint}")
            elif ref is not None:
                refs.append(ref)
        if node.id == "sequence" and not node.value:
            self.problem(node, f"'{name}' is empty: name the recommendation(s) it answers")
        return tuple(refs)

    def seq(self, node: Any, name: str, example: str) -> list[Any] | None:
        if node.id != "sequence":
            self.problem(node, f"'{name}' must be a list, e.g. {name}: {example}")
            return None
        return list(node.value)

    def kind_names(self, node: Any, field: Field) -> tuple[str, ...]:
        name = field.name
        items = [node] if node.id == "scalar" else self.seq(node, name, "[Lead, Other]") or []
        found = (self.text(item, name) for item in items)
        return tuple(" ".join(o.split()) for o in found if o)

    def kind_record(self, node: Any, field: Field) -> Any:
        assert field.record is not None
        return self.mapping(node, field.record, f"'{field.name}'")

    def kind_list(self, node: Any, field: Field) -> tuple[Any, ...]:
        record = field.record
        assert record is not None
        example = ", ".join(f"{f.name}: ..." for f in record.fields if f.required)
        found = []
        named: dict[str, int] = {}  # an item's key in any case -> its line
        for item in self.seq(node, field.name, f"[{{{example}}}]") or []:
            value = self.mapping(item, record, record.what)
            if field.key is not None and item.id == "mapping":
                key_node = next((v for k, v in item.value if k.value == field.key), None)
                label = key_node.value if key_node is not None and key_node.id == "scalar" else ""
                if isinstance(label, str) and label.strip():
                    folded = " ".join(label.split()).casefold()
                    if folded in named:
                        # `-m LABEL` finds a milestone by its label in any case.
                        self.problem(
                            key_node,
                            f"duplicate {record.name} {field.key} {label!r} "
                            f"(first on line {named[folded]})",
                        )
                        continue
                    named[folded] = self.line(key_node)
            if value is not None:
                found.append(value)
        return tuple(found)

    def kind_updates(self, node: Any, field: Field) -> tuple[Any, ...]:
        return self.kind_list(node, field)


def check_value(field: Field, value: Any) -> tuple[str, list[str]]:
    """A value for one field, as a command would write it (edit.value_text), and what is
    wrong with it when read back as `check` reads it: one message, or none. For commands
    that set a field from the command line: a value is checked and written by the same
    declaration as the file."""
    import yaml

    from vvsgplan.edit import value_text

    text = value_text(field, value)
    problems: list[Problem] = []
    reader = Reader(field.name, problems, check_deadlines=True)
    try:
        root: Any = yaml.compose(f"{field.name}: {text}\n", Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        return text, [f"'{field.name}' cannot be written as YAML: {e}"]
    node = root.value[0][1]
    if not _is_null(node):
        getattr(reader, "kind_" + field.kind)(node, field)
    elif field.required:
        reader.problem(node, f"'{field.name}' is missing")
    return text, [p.message for p in problems]


# Where extension keys are allowed, as messages say it.
_EXTENSIBLE: Final = ", ".join(f"{r.name}s" for r in RECORDS if r.extensible)
EXTRA: Final = "\x00extra"  # the values' key of the extension fields: no field's name


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# A number to a YAML 1.2 reader (check-jsonschema, js-yaml 4) that YAML 1.1 (PyYAML,
# which check reads with) leaves as text: `0o17`, `1e3`.
_YAML12_NUMBER = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+|[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?")


def _read_as_number(text: str, tag: str) -> str | None:
    """The number a YAML reader (1.1 or 1.2) loads this plain text as, written as
    Python writes it (`2.10` is 2.1, `1.0` is 1), or None when every reader loads text.
    An id is kept as its text, so an unquoted one must read as that same number."""
    if tag not in ("int", "float") and not _YAML12_NUMBER.fullmatch(text):
        return None
    try:
        return str(int(text, 0))
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return str(int(number)) if number.is_integer() else repr(number)


def _short(value: str) -> str:
    """A value as a message quotes it: a long one cut (a 5,000-digit number, an attack)."""
    return value if len(value) <= 40 else value[:40] + "..."


def _is_null(node: Any) -> bool:
    return bool(node.id == "scalar" and node.tag == _YAML + "null")


def _kind(node: Any) -> str:
    return {"scalar": "a single value", "sequence": "a list", "mapping": "a mapping"}[node.id]


_WANTS: Final = {
    "str": "text",
    "int": "a whole number",
    "timestamp": "a date",
    "bool": "true or false",
}
_YAML_KINDS: Final = {
    "str": "text",
    "int": "a number",
    "float": "a number",
    "bool": "true/false",
    "timestamp": "a date",
    "null": "empty",
}
