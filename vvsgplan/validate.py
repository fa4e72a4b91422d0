"""The plan file format, checked one composed node at a time.

Each value is checked against what its field accepts while its position is still known,
and a scalar keeps the text as written: an unquoted `no` never becomes false, `1.10`
never becomes 1.1.
"""

from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import Any, Final

from vvsgplan.errors import PlanError, Problem, closest
from vvsgplan.model import (
    ACTION_ID,
    ACTION_KEYS,
    ASSESSMENT_KEYS,
    CONTEXT_KEYS,
    DAY,
    DONE_ON,
    EVALUATION_KEYS,
    MILESTONE_KEYS,
    MILESTONE_STATUSES,
    RATINGS,
    RECOMMENDATION_KEYS,
    RESPONSE_KEYS,
    RESPONSES,
    SIGNATORY_KEYS,
    STATUSES,
    UPDATE_KEYS,
    Action,
    Assessment,
    Context,
    Evaluation,
    Milestone,
    Recommendation,
    Response,
    Signatory,
    Update,
)
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
        known: dict[Any, int] | None = None,
        warnings: list[Problem] | None = None,
    ) -> None:
        self.file = file
        self.problems = problems
        self.check_deadlines = check_deadlines
        # Warnings do not fail the check: words of a `when` taken as step labels.
        self.warnings = warnings
        self.labelled: list[tuple[Any, tuple[str, ...]]] = []
        self.known = known  # the recommendation ids actions may name; None: not checked
        self.offset = 0  # the line of the part being read
        # id -> line of every record with a readable id, valid or not, so that one bad
        # recommendation does not make every action that names it an error too.
        self.ids: dict[Any, int] = {}
        # An action id in any case -> the id as written: ids are matched in any case.
        self.folded: dict[str, str] = {}

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

    def unknown_keys(self, keys: dict[str, tuple[Any, Any]], allowed: tuple[str, ...]) -> None:
        for name, (key, _) in keys.items():
            if name not in allowed:
                close = closest(name, allowed, n=1)
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

    def when(self, node: Any, name: str) -> str | None:
        # A year or a date written without quotes is still the text as written.
        value = self.scalar(node, name, ("str", "int", "timestamp"))
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

    def choice(self, choices: tuple[str, ...]) -> Callable[[Any, str], str | None]:
        def parse(node: Any, name: str) -> str | None:
            value = self.scalar(node, name, ("str",))
            if value is not None and value not in choices:
                close = closest(value, choices, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(node, f"'{name}' is {value!r}{hint}; use one of {', '.join(choices)}")
                return None
            return value

        return parse

    def number(self, node: Any, name: str) -> int | None:
        value = self.scalar(node, name, ("int",))
        if value is None:
            return None
        # ASCII digits only (int() also reads '²' and '٣'), and few of them: int() refuses
        # more than 4,300, and no plan numbers its recommendations past a billion.
        if value.isascii() and value.isdigit() and len(value) > MAX_DIGITS:
            self.problem(node, f"'{name}' {_short(value)} is too large: {len(value)} digits")
            return None
        if not (value.isascii() and value.isdigit()) or int(value) < 1:
            self.problem(node, f"'{name}' must be a positive whole number, not {_short(value)!r}")
            return None
        return int(value)

    def action_id(self, node: Any, name: str) -> str | None:
        if node.id == "scalar" and (
            node.tag == _YAML + "int" or (node.value.isascii() and node.value.isdigit())
        ):
            # Quoted or not, digits alone name a recommendation: `show 2` could never reach it.
            self.problem(
                node,
                f"action id {_short(node.value)} is a bare number, which `show` would take for "
                f"a recommendation; add a letter (e.g. A{_short(node.value)})",
            )
            return None
        # An unquoted 1.2 is a float to YAML; the id is the text as written.
        value = self.scalar(node, name, ("str", "float"))
        if value is not None and not ACTION_ID.fullmatch(value):
            self.problem(node, f"action id {_short(value)!r}: use letters, digits, '.', '-' or '_'")
            return None
        return value

    def done_on(self, node: Any, name: str) -> str | None:
        value = self.scalar(node, name, ("timestamp", "str", "int"))
        if value is None:
            return None
        # ASCII: the pattern's \d also matches other scripts' digits ("٢٠١٩").
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
                "assessment": self.field(keys, "assessment", self.assessment, node),
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
                "updates": self.field(keys, "updates", self.updates, node) or (),
            }
            self.unique(action_id, keys)
            self.warn_labels(keys, values["milestones"])
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
            return
        self.ids[record_id] = self.line(node)
        if isinstance(record_id, str):
            first = self.folded.setdefault(record_id.casefold(), record_id)
            if first != record_id:
                self.problem(
                    node,
                    f"id {record_id} differs from {first} (line {self.ids[first]}) only in "
                    "case; ids are matched in any case, so name it apart",
                )

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
        labels: dict[str, int] = {}  # label in any case -> its line
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
            updates = self.field(keys, "updates", self.updates, item) or ()
            if label is not None:
                folded = " ".join(label.split()).casefold()
                if folded in labels:
                    # `-m LABEL` finds a milestone by its label in any case.
                    self.problem(
                        keys["label"][1],
                        f"duplicate milestone label {label!r} (first on line {labels[folded]})",
                    )
                    continue
                labels[folded] = self.line(keys["label"][1])
            if label is not None and when is not None:
                found.append(Milestone(label, when, status, done_on, updates))
        return tuple(found)

    # --- dated updates, assessments and the plan's context ------------------------------

    def day(self, node: Any, name: str) -> str | None:
        """A whole day, YYYY-MM-DD: quoted, so that any YAML reader loads the text."""
        value = self.scalar(node, name, ("str", "timestamp"))
        if value is None:
            return None
        if DAY.fullmatch(value):
            try:
                date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return value
        self.problem(node, f"'{name}' must be a day as YYYY-MM-DD, not {value!r}")
        return None

    def record(
        self,
        node: Any,
        name: str,
        keys_allowed: tuple[str, ...],
        fields: Mapping[str, tuple[Callable[[Any, str], Any], bool]],
    ) -> dict[str, Any] | None:
        """A mapping of `fields` (name -> how to read it, whether it is required); None
        when any of it is wrong, each problem reported at its place."""
        if node.id != "mapping":
            self.problem(node, f"'{name}' must be a mapping of {', '.join(keys_allowed)}")
            return None
        before = len(self.problems)
        keys = self.keys(node)
        self.unknown_keys(keys, keys_allowed)
        values = {
            key: self.field(keys, key, parse, node, required=required)
            for key, (parse, required) in fields.items()
        }
        return None if len(self.problems) > before else values

    def updates(self, node: Any, name: str) -> tuple[Update, ...]:
        found = []
        for item in self.seq(node, name, "[{date: '2019-09-30', text: ...}]") or []:
            fields = {"date": (self.day, True), "text": (self.text, True)}
            values = self.record(item, "an update", UPDATE_KEYS, fields)
            if values is not None:
                found.append(Update(**values))
        return tuple(found)

    def assessment(self, node: Any, name: str) -> Assessment | None:
        fields = {
            "rating": (self.choice(RATINGS), True),
            "reason": (self.text, True),
            "date": (self.day, True),
        }
        values = self.record(node, name, ASSESSMENT_KEYS, fields)
        return None if values is None else Assessment(**values)

    def context(self, root: Any) -> Context | None:
        """plan.yaml: one mapping with the evaluation and the management response."""
        if root is None:
            self.problems.append(
                Problem(self.file, 1, 1, "empty file: expected evaluation: and response:")
            )
            return None
        fields = {"evaluation": (self.evaluation, False), "response": (self.response, False)}
        values = self.record(root, "the plan's context", CONTEXT_KEYS, fields)
        return None if values is None else Context(**values)

    def evaluation(self, node: Any, name: str) -> Evaluation | None:
        fields = {k: (self.text, k == "title") for k in EVALUATION_KEYS}
        fields["when"] = (self.when, False)
        values = self.record(node, name, EVALUATION_KEYS, fields)
        return None if values is None else Evaluation(**values)

    def response(self, node: Any, name: str) -> Response | None:
        fields = {
            "date": (self.day, False),
            "text": (self.text, False),
            "signatories": (self.signatories, False),
        }
        values = self.record(node, name, RESPONSE_KEYS, fields)
        if values is None:
            return None
        return Response(values["date"], values["text"], values["signatories"] or ())

    def signatories(self, node: Any, name: str) -> tuple[Signatory, ...]:
        found = []
        for item in self.seq(node, name, "[{name: ..., role: ...}]") or []:
            fields = {"name": (self.text, True), "role": (self.text, False)}
            values = self.record(item, "a signatory", SIGNATORY_KEYS, fields)
            if values is not None:
                found.append(Signatory(**values))
        return tuple(found)


MAX_DIGITS: Final = 9  # the longest number a plan may give


def _short(value: str) -> str:
    """A value as a message quotes it: a long one cut (a 5,000-digit number, an attack)."""
    return value if len(value) <= 40 else value[:40] + "..."


def _is_null(node: Any) -> bool:
    return bool(node.id == "scalar" and node.tag == _YAML + "null")


def _kind(node: Any) -> str:
    return {"scalar": "a single value", "sequence": "a list", "mapping": "a mapping"}[node.id]


_WANTS: Final = {"str": "text", "int": "a whole number", "timestamp": "a date"}
_YAML_KINDS: Final = {
    "str": "text",
    "int": "a number",
    "float": "a number",
    "bool": "true/false",
    "timestamp": "a date",
    "null": "empty",
}
