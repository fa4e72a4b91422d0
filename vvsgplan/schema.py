"""The Pydantic models of the plan files, made from the declaration (vvsgplan.fields),
and from them the JSON Schema of each file.

The models are the format's public, documented definition: they validate a plan as any
YAML reader loads it (`yaml.safe_load`) and give the JSON Schemas that editors and
validators use. They are made from the same declaration as `check`'s validator, so that
the two cannot drift; tests run both over the same inputs. Only `vvsgplan schema` imports
this module: making the models takes long, and the commands read the files with `load`.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    TypeAdapter,
    create_model,
    model_validator,
)
from pydantic import Field as Info
from pydantic.json_schema import SkipJsonSchema

from vvsgplan.fields import (
    EXTENSION,
    FILES,
    LISTS,
    MAX_DIGITS,
    Field,
    Record,
    describe,
    is_extension,
)

# Patterns in the syntax both Python and ECMA-262 read, [0-9] for ASCII digits (\d is any
# script's digit to Python). Text holds something other than spaces, and no control
# character but tab and newline (README, "Safety").
TEXT = r"^(?=[\s\S]*\S)[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$"
DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
MONTH = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
YEAR = r"^(?!0000)[0-9]{4}$"
# A number without leading zeros, or a name with at least one character that is not a digit.
ID = (
    rf"^[1-9][0-9]{{0,{MAX_DIGITS - 1}}}$"
    r"|^(?=[0-9]*[A-Za-z._-])[A-Za-z0-9][A-Za-z0-9._-]{0,39}$"
)


def _calendar(value: str) -> str:
    date.fromisoformat(value)  # a ValueError says the day does not exist
    return value


def _not_whole(value: float) -> float:
    if value.is_integer():
        raise ValueError("a whole number is written as one: 4, not 4.0")
    return value


Text = Annotated[StrictStr, Info(pattern=TEXT)]
# A day as text (quoted, as vvsgplan writes it), or as the date an unquoted one loads as
# (YAML 1.1 readers; a JSON Schema sees the text, which the first branch describes).
Day = (
    Annotated[
        StrictStr,
        Info(pattern=DAY, json_schema_extra={"format": "date"}),
        AfterValidator(_calendar),
    ]
    | SkipJsonSchema[date]
)
DoneOn = (
    Day
    | Annotated[StrictStr, Info(pattern=MONTH)]
    | Annotated[StrictStr, Info(pattern=YEAR)]
    | Annotated[StrictInt, Info(ge=1000, le=9999)]
)
# A number, a name, or an unquoted 2.1 that YAML loads as a number (the id is its text).
Id = (
    Annotated[StrictInt, Info(ge=1, le=10**MAX_DIGITS - 1)]
    | Annotated[StrictStr, Info(pattern=ID)]
    | Annotated[
        StrictFloat,
        Info(gt=0, json_schema_extra={"not": {"type": "integer"}}),
        AfterValidator(_not_whole),
    ]
)
# A time in the plan's words; a year or a date written without quotes is read as text.
When = Text | StrictInt | SkipJsonSchema[date]


def _kind(field: Field) -> Any:
    """The type of a field's value, by its kind (fields.KINDS)."""
    kind = field.kind
    if kind in ("text", "notes"):
        return Text
    if kind == "choice":
        return Literal[field.values]
    if kind == "flag":
        return StrictBool
    if kind == "when":
        return When
    if kind == "done_on":
        return DoneOn
    if kind == "day":
        return Day
    if kind == "id":
        return Id
    if kind == "refs":
        return Annotated[list[Id], Info(min_length=1)]
    if kind == "names":
        return Text | list[Text]
    assert field.record is not None
    found: Any = _model(field.record)
    return found if kind == "record" else list[found]


@functools.cache
def _model(record: Record) -> type[BaseModel]:
    """The Pydantic model of a record."""
    definitions: dict[str, Any] = {}
    for f in record.fields:
        info = Info(description=describe(f), title=f.title)
        if f.required:
            definitions[f.name] = (Annotated[_kind(f), info], ...)
        else:
            # An empty value (`status:`) means the key is absent.
            default = list(f.default) if isinstance(f.default, tuple) else f.default
            definitions[f.name] = (Annotated[_kind(f) | None, info], default)
    schema_extra: dict[str, Any] = {}
    rules = [f for f in record.fields if f.only_with is not None]
    if rules:
        schema_extra["allOf"] = [_rule_schema(f) for f in rules]
    if record.extensible:
        # Extension keys take any value; every other key is a mistake.
        schema_extra["patternProperties"] = {f"^{EXTENSION}.": {}}
        schema_extra["additionalProperties"] = False
    config = ConfigDict(
        extra="allow" if record.extensible else "forbid",
        regex_engine="python-re",  # the patterns look ahead
        json_schema_extra=schema_extra or None,
        title=record.name.capitalize(),
    )
    validators = {"check_rules": model_validator(mode="after")(_check)}
    return create_model(
        record.name.capitalize(),
        __config__=config,
        __doc__=_doc(record),
        __validators__=validators,  # type: ignore[arg-type]
        **definitions,
    )


def _doc(record: Record) -> str:
    text = f"{record.what.capitalize()} of the plan files."
    if record.extensible:
        text += f" Keys that begin with '{EXTENSION}' are extension fields, never checked."
    return text


def _rule_schema(field: Field) -> dict[str, Any]:
    assert field.only_with is not None
    other, value = field.only_with
    given = {"required": [field.name], "properties": {field.name: {"not": {"type": "null"}}}}
    return {"if": given, "then": {"required": [other], "properties": {other: {"const": value}}}}


def _check(model: BaseModel) -> BaseModel:
    """The rules between fields, and the extension keys (x-...)."""
    record = _RECORDS[type(model).__name__]
    for f in record.fields:
        if f.only_with is not None and getattr(model, f.name) is not None:
            other, wanted = f.only_with
            actual = getattr(model, other) or record.field(other).default
            if actual != wanted:
                raise ValueError(f"'{f.name}' is only for {other} {wanted}, not {actual}")
    for key in model.model_extra or {}:
        if not is_extension(key):
            raise ValueError(f"unknown key '{key}'")
    return model


def _all_records() -> dict[str, Record]:
    found: dict[str, Record] = {}
    stack = list(FILES.values())
    while stack:
        record = stack.pop()
        found[record.name.capitalize()] = record
        stack += [f.record for f in record.fields if f.record is not None]
    return found


_RECORDS = _all_records()


def model(name: str) -> type[BaseModel]:
    """The model of a record by its name ("action", "milestone", ...)."""
    return _model(_RECORDS[name.capitalize()])


def adapter(file: str) -> TypeAdapter[Any]:
    """What validates one file as loaded: a list of records, or the context's mapping."""
    found = _model(FILES[file])
    return TypeAdapter(list[found] if file in LISTS else found)  # type: ignore[valid-type]


def json_schema(file: str) -> dict[str, Any]:
    """The JSON Schema of one file: a list of recommendations or of actions, or the context."""
    schema = adapter(file).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"vvsgplan {file}.yaml"
    return schema


def schema_text(file: str) -> str:
    """One file's JSON Schema as written beside the plan files (`schema --write`, `init`)."""
    import json

    return json.dumps(json_schema(file), indent=2, ensure_ascii=False) + "\n"
