"""The plan file format, declared once: each record, each of its fields, and what a field
takes (its kind, whether it is required, its allowed values), its label and its help.

Everything else is derived from these declarations: the validator's record loop
(validate.py), the Pydantic models and the JSON Schemas (schema.py), the JSON output
(views.py), what `show` lists, what `diff` and `history` compare (review.py), what the
merge driver merges (merge.py), how a changing command writes a value back (edit.py),
and the README's format tables (tests/test_fields.py checks them). To add a field,
declare it here (README, "The plan files").

Plain named tuples, cheap to import: this module is on every command's path.
"""

import re
from typing import Any, Final, NamedTuple

# --- kinds of value -------------------------------------------------------------------

# What each kind of field takes, as the README's format tables and the schema say it.
# Every module that handles values (validate, views, edit, schema) has one case per
# kind; tests/test_fields.py checks that none is missing.
KINDS: Final = {
    "id": "a number (`4`) or a short name of letters, digits, `.`, `-` and `_` "
    "(`R1`, `3a`, `2.1`), at most 40 characters",
    "refs": "a list of recommendation ids: `[4, 3]`",
    "text": "text",
    "notes": "text, free and undated; lines added below are read as added",
    "choice": "one of the values listed",
    "flag": "`true` or `false`",
    "names": "a name, or a list of names",
    "when": "a time in the plan's words: `Zomer 2019`, `tweede helft 2020`",
    "done_on": "`YYYY-MM-DD`, or `YYYY-MM` or `YYYY` when only the month or year is known",
    "day": "a day as `'YYYY-MM-DD'`",
    "record": "a mapping",
    "list": "a list of mappings",
    "updates": "dated progress updates, oldest first: a list, each an update",
}

# An id: letters, digits, '.', '-', '_', starting with a letter or a digit (an id that
# starts with '-' would read as an option on the command line). Digits alone are a
# number, written without leading zeros.
ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")
MAX_DIGITS: Final = 9  # the longest number an id may be: no plan counts past a billion
# A completion date: a day, or only the month or year when that is all the source says.
DONE_ON: Final = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# The day of an update, an assessment or a response: always a whole day.
DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
# Keys that begin with this are extension fields: kept, shown and compared, never checked.
EXTENSION: Final = "x-"


class Choice(NamedTuple):
    """One allowed value of a field, with its labels in English and Dutch."""

    value: str
    en: str
    nl: str
    help: str = ""  # said after the value in the README and the schema

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class Field(NamedTuple):
    """One key of a record."""

    name: str
    kind: str  # one of KINDS
    required: bool = False
    help: str = ""  # what the value says, one phrase (README, schema, --help)
    label: str = ""  # how `show` and forms name it [the name, capitalised]
    choices: tuple[Choice, ...] = ()  # kind "choice": the allowed values, in order
    default: Any = None  # the value when the key is absent
    record: "Record | None" = None  # kinds "record", "list", "updates": the items' record
    key: str | None = None  # kind "list": the field that names each item, unique in any case
    only_with: tuple[str, str] | None = None  # (field, value): allowed only when it has it
    change: str | None = None  # how `diff` names a change of it [the name, '_' as ' ']

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    @property
    def title(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    @property
    def change_name(self) -> str:
        return self.change or self.name.replace("_", " ")


class Record(NamedTuple):
    """A mapping of the plan files: its fields in the documented key order."""

    name: str  # "action"
    article: str  # "an", for messages: "an action must be a mapping ..."
    fields: tuple[Field, ...]
    extensible: bool = False  # takes extension keys (x-...)
    headline: str | None = None  # the field a change list names it by ("added: ...")
    lead: tuple[str, ...] = ()  # fields a change list shows first, then the others in order

    def key_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def what(self) -> str:
        return f"{self.article} {self.name}"

    def compared(self) -> tuple[Field, ...]:
        """The fields `diff` compares value for value, lead first: all but the id, the
        dated updates (each one added or removed) and lists compared item by item (those
        with a key: milestones, by label)."""
        plain = [f for f in self.fields if f.kind not in ("id", "updates") and f.key is None]
        first = [self.field(name) for name in self.lead]
        return (*first, *(f for f in plain if f.name not in self.lead))


def is_extension(key: str) -> bool:
    return key.startswith(EXTENSION) and len(key) > len(EXTENSION)


# --- allowed values, with their labels ------------------------------------------------

RESPONSE_CHOICES: Final = (
    Choice("agree", "agree", "akkoord"),
    Choice("partially-agree", "partially agree", "deels akkoord"),
    Choice("disagree", "disagree", "niet akkoord"),
    Choice(
        "noted", "noted (outside its reach)", "buiten bereik", "outside the organisation's reach"
    ),
)
STATUS_CHOICES: Final = (
    Choice("open", "open", "open"),
    Choice("in-progress", "in progress", "lopend"),
    Choice("done", "done", "uitgevoerd"),
    Choice("dropped", "dropped", "vervallen"),
)
MILESTONE_STATUS_CHOICES: Final = tuple(c for c in STATUS_CHOICES if c.value in ("open", "done"))
# How far a recommendation is implemented, modelled on the World Bank's Management Action
# Record; "not-accepted" is for a recommendation the response disagrees with or only notes.
RATING_CHOICES: Final = (
    Choice("complete", "complete", "volledig"),
    Choice("substantial", "substantial", "grotendeels"),
    Choice("partial", "partial", "deels"),
    Choice("not-started", "not started", "niet gestart"),
    Choice("not-accepted", "not accepted", "niet aanvaard"),
)

# --- the records ----------------------------------------------------------------------

UPDATE: Final = Record(
    "update",
    "an",
    (
        Field("date", "day", True, "the day of the update"),
        Field("text", "text", True, "what was done or decided, in your words"),
    ),
)

MILESTONE: Final = Record(
    "milestone",
    "a",
    (
        Field("label", "text", True, "the step's name, unique in the action in any case"),
        Field("when", "when", True, "the step's deadline", change="deadline"),
        Field("status", "choice", choices=MILESTONE_STATUS_CHOICES, default="open"),
        Field("done_on", "done_on", label="Done on", only_with=("status", "done")),
        Field("updates", "updates", record=UPDATE, default=()),
    ),
    extensible=True,
    headline="when",
    lead=("status", "done_on", "when"),
)

ASSESSMENT: Final = Record(
    "assessment",
    "an",
    (
        Field("rating", "choice", True, choices=RATING_CHOICES),
        Field("reason", "text", True, "why, in a sentence"),
        Field("date", "day", True, "the day it was assessed"),
    ),
)

RECOMMENDATION: Final = Record(
    "recommendation",
    "a",
    (
        Field("id", "id", True, "unique among the recommendations and actions", label="ID"),
        Field("title", "text", True, "the recommendation in short"),
        Field("text", "text", help="the recommendation in full"),
        Field("response", "choice", True, choices=RESPONSE_CHOICES),
        Field("response_text", "text", help="the response in full"),
        Field(
            "assessment",
            "record",
            help="a rating given by hand, in place of the one derived from the actions",
            record=ASSESSMENT,
        ),
    ),
    extensible=True,
    headline="title",
    lead=("response",),
)

ACTION: Final = Record(
    "action",
    "an",
    (
        Field("id", "id", True, "unique among the recommendations and actions", label="ID"),
        Field(
            "recommendations",
            "refs",
            True,
            "the recommendations it answers",
            label="Answers",
        ),
        Field("action", "text", True, "what will be done", change="text"),
        Field("owner", "names", help="who does it, the lead first", default=()),
        Field("when", "when", help="its deadline", change="deadline"),
        Field("status", "choice", choices=STATUS_CHOICES, default="open"),
        Field("done_on", "done_on", label="Done on", only_with=("status", "done")),
        Field(
            "milestones",
            "list",
            help="dated steps",
            record=MILESTONE,
            key="label",
            default=(),
        ),
        Field("notes", "notes"),
        Field("updates", "updates", record=UPDATE, default=()),
    ),
    extensible=True,
    headline="action",
    lead=("status", "done_on", "when", "owner"),
)

SIGNATORY: Final = Record(
    "signatory",
    "a",
    (
        Field("name", "text", True, "who signed"),
        Field("role", "text", help="their role, as the document gives it"),
    ),
)

EVALUATION: Final = Record(
    "evaluation",
    "an",
    (
        Field("title", "text", True, "the evaluation's title"),
        Field("programme", "text", help="what was evaluated"),
        Field("period", "text", help="the period the evaluation covers"),
        Field("evaluator", "text", help="who carried it out"),
        Field("when", "when", help="when it was carried out", label="Carried out"),
    ),
)

RESPONSE: Final = Record(
    "response",
    "a",
    (
        Field("date", "day", help="the day of the management response"),
        Field("text", "text", help="the response to the evaluation as a whole"),
        Field("signatories", "list", help="who signed it", record=SIGNATORY, default=()),
    ),
)

CONTEXT: Final = Record(
    "context",
    "the plan's",
    (
        Field("evaluation", "record", help="the evaluation the plan follows up", record=EVALUATION),
        Field("response", "record", help="the management response as a whole", record=RESPONSE),
    ),
)

# The files: their name, the record of their items (a list), or of their whole (plan.yaml).
FILES: Final = {
    "recommendations": RECOMMENDATION,
    "actions": ACTION,
    "plan": CONTEXT,
}
LISTS: Final = ("recommendations", "actions")  # the files that hold a list of records


def schema_file(file: str) -> str:
    """The name of a file's JSON Schema, written beside the plan files (`schema --write`):
    a plan file's first line points editors at it, `# yaml-language-server:
    $schema=actions.schema.json`, a path that resolves wherever the plan is."""
    return f"{file}.schema.json"


def modeline(file: str) -> str:
    """The first line of a plan file, that points a YAML language server at its schema."""
    return f"# yaml-language-server: $schema={schema_file(file)}"


# Every record, each once, the files' first.
RECORDS: Final = (
    RECOMMENDATION,
    ASSESSMENT,
    ACTION,
    MILESTONE,
    UPDATE,
    CONTEXT,
    EVALUATION,
    RESPONSE,
    SIGNATORY,
)

# --- what other modules name ----------------------------------------------------------

RESPONSES: Final = RECOMMENDATION.field("response").values
STATUSES: Final = ACTION.field("status").values
MILESTONE_STATUSES: Final = MILESTONE.field("status").values
RATINGS: Final = ASSESSMENT.field("rating").values
# The statuses in the order progress figures count them: what is done first.
PROGRESS_ORDER: Final = ("done", "in-progress", "open", "dropped")
ACTIVE: Final = frozenset({"open", "in-progress"})


def labels(choices: tuple[Choice, ...], lang: str) -> dict[str, str]:
    """Each value's label in a language ("en", "nl")."""
    return {c.value: c.label(lang) for c in choices}


def describe(field: Field, below: str = "") -> str:
    """What a field takes, in one phrase: what it says, then its kind or its allowed
    values (`below`: where a nested record's keys are described). The README's tables
    and the schema's descriptions say this."""
    if field.kind == "choice":
        shown = [
            f"`{c.value}`"
            + (" (when absent)" if c.value == field.default else "")
            + (f" ({c.help})" if c.help else "")
            for c in field.choices
        ]
        kind = ", ".join(shown[:-1]) + " or " + shown[-1]
    elif field.kind == "record" and field.record is not None:
        kind = f"{field.record.what}{below}"
    elif field.kind == "list" and field.record is not None:
        kind = f"a list, each {field.record.what}{below}"
    else:
        kind = "" if field.kind == "text" and field.help else KINDS[field.kind]
    text = f"{field.help}: {kind}" if field.help and kind else field.help or kind
    if field.only_with is not None:
        other, value = field.only_with
        text += f"; only with {other} `{value}`"
    return text


def markdown_table(record: Record) -> str:
    """A table of a record's keys, as the README shows it."""
    rows = ["| key | required | value |", "|---|---|---|"]
    for f in record.fields:
        value = describe(f, " (below)")
        rows.append(f"| `{f.name}` | {'yes' if f.required else 'no'} | {value} |")
    if record.extensible:
        rows.append(
            f"| `{EXTENSION}...` | no | an extension field, any value: kept, shown and "
            "compared, never checked |"
        )
    return "\n".join(rows) + "\n"


def markdown_format() -> str:
    """The README's tables of the plan files: each file's records, then the records
    nested in them, each once."""
    parts = []
    seen: set[str] = set()
    for file, record in FILES.items():
        shape = f"a list, each {record.what}" if file in LISTS else "one mapping"
        optional = " (optional)" if file not in LISTS else ""
        stack = [record]
        first = True
        while stack:
            current = stack.pop(0)
            if current.name in seen:
                continue
            seen.add(current.name)
            title = (
                f"`{file}.yaml`{optional}, {shape}:" if first else f"{current.what.capitalize()}:"
            )
            parts.append(f"{title}\n\n{markdown_table(current)}")
            stack += [f.record for f in current.fields if f.record is not None]
            first = False
    return "\n".join(parts)
