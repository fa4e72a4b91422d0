"""Adding a recommendation or an action to a plan, and setting one field of one.

Every value is checked as `check` would read it once written (validate.check_value, by
the plan format's declaration) before the plan is read; what needs the plan (a free id,
the recommendations an action answers) is checked on it. The new entry goes after the
file's last one (edit.Editor.append_item), a new value in place of the old (its lines
only), and the new text is read back: it must hold exactly the intended plan. All of it
happens in change.transact, as every change does: under the plan's lock, atomically,
committed with --commit, or only shown with --dry-run.
"""

import re
from pathlib import Path
from typing import Any, Final, NamedTuple

from vvsgplan.change import Edit, Outcome, edit_fields, transact
from vvsgplan.edit import EditError, Editor, record_lines
from vvsgplan.errors import PlanError, UsageError, closest
from vvsgplan.fields import ACTION, MILESTONE, RECOMMENDATION, Field, Record, describe
from vvsgplan.load import ACTIONS_FILE, RECOMMENDATIONS_FILE, load_plan, scan_names
from vvsgplan.model import TYPES, Action, Plan, Recommendation, text_of, value_of
from vvsgplan.query import find, find_recommendation

# What `add` adds: the record, the file that lists it, the id a plan's first one gets.
KINDS: Final = ("recommendation", "action")
RECORD: Final = {"recommendation": RECOMMENDATION, "action": ACTION}
FILE: Final = {"recommendation": RECOMMENDATIONS_FILE, "action": ACTIONS_FILE}
FIRST_ID: Final = {"recommendation": "1", "action": "A1"}

# The fields `set` changes: text, names, references and choices; but those a command of
# their own changes, which says why (a deadline moves with a reason, a status with its day).
SETTABLE_KINDS: Final = ("text", "notes", "names", "refs", "choice")
OWN_COMMAND: Final = {
    "id": "an id stays as it is: commits, reports and people name the entry by it",
    "when": "a deadline moves with `vvsgplan reschedule ID WHEN --reason TEXT`, which records why",
    "status": "a status changes with `vvsgplan done`, `start`, `reopen` or `drop`",
    "done_on": "the day it was done is given by `vvsgplan done ID --on DAY`",
    "milestones": "a milestone changes with `done`, `reopen` and `reschedule` and "
    "--milestone LABEL",
    "updates": "an update is added with `vvsgplan note ID TEXT`",
}


class Given(NamedTuple):
    """A value from the command line, and how it was given, for messages: `--when`,
    `TITLE`."""

    option: str
    value: Any


# --- values -----------------------------------------------------------------------------


def _message(field: Field, option: str, problem: str) -> str:
    """A problem check_value found, said of the option that gave the value: `'when':
    cannot read ...` becomes `--when: cannot read ...`."""
    for prefix in (f"'{field.name}': ", f"'{field.name}' "):
        if problem.startswith(prefix):
            return f"{option}{prefix[len(field.name) + 2 :]}{problem[len(prefix) :]}"
    return f"{option}: {problem}"


def check(record: Record, field: Field, given: Given) -> None:
    """Refuse a value its field does not take, as `check` would read it once written."""
    from vvsgplan.validate import check_value

    if field.kind == "list" and field.record is MILESTONE:
        for step in given.value:
            for name in ("label", "when"):
                inner = MILESTONE.field(name)
                problems = check_value(inner, getattr(step, name))[1]
                if problems:
                    shown = f"{given.option} {step.label}={step.when}"
                    raise UsageError(_message(inner, shown, problems[0]))
        return
    problems = check_value(field, given.value)[1]
    if problems:
        raise UsageError(_message(field, given.option, problems[0]))


def _names(value: tuple[str, ...]) -> tuple[str, ...]:
    """Names as the plan reads them (validate.Reader.kind_names): a run of spaces is one,
    and none at either end."""
    return tuple(" ".join(name.split()) for name in value)


def _empty(value: Any) -> bool:
    return value is None or value == () or value == ""


def _record(record: Record, values: dict[str, Any]) -> Any:
    """The record's value (model.TYPES) of these field values: a declared field the type
    has no attribute for is carried in its extra, as `load` reads it."""
    kind = TYPES[record.name]
    attrs = {k: v for k, v in values.items() if k in kind._fields}
    extra = tuple((k, v) for k, v in values.items() if k not in kind._fields)
    return kind(**attrs, extra=extra)


def _with_value(value: Any, field: Field, new: Any) -> Any:
    """A record's value with one field changed (None or () removes it): its attribute,
    or else its place in the extra, where a declared field without an attribute is kept
    in file order (a new one last)."""
    if field.name in value._fields:
        return value._replace(**{field.name: field.default if _empty(new) else new})
    extra = [(k, v) for k, v in value.extra if k != field.name or not _empty(new)]
    extra = [(k, new if k == field.name else v) for k, v in extra]
    if not _empty(new) and all(k != field.name for k, _ in extra):
        extra.append((field.name, new))
    return value._replace(extra=tuple(extra))


# --- ids --------------------------------------------------------------------------------

_NUMBERED: Final = re.compile(r"(.*?)(\d+)")


def next_id(ids: list[str], taken: set[str], first: str) -> str:
    """The id the next entry of a list gets: the next in the series of the last numbered
    id (`D3` -> `D4`, `2.9` -> `2.10`, `9` -> `10`, `R07` -> `R08`), after the highest of
    that series; `first` in a list without one. Never one in `taken` (casefolded)."""
    last = next((m for m in map(_NUMBERED.fullmatch, reversed(ids)) if m), None)
    if last is None:
        last = _NUMBERED.fullmatch(first)
        assert last is not None
        numbers = [int(last[2]) - 1]
    else:
        numbers = [int(m[2]) for m in map(_NUMBERED.fullmatch, ids) if m and m[1] == last[1]]
    prefix, digits = last[1], last[2]
    width = len(digits) if digits.startswith("0") else 0
    number = max(numbers) + 1
    while (prefix + str(number).zfill(width)).casefold() in taken:
        number += 1
    return prefix + str(number).zfill(width)


def _ids(plan: Plan) -> dict[str, str]:
    """Every id of the plan, casefolded, and what it names: ids are unique in any case
    among the recommendations and the actions together."""
    found = {r.id.casefold(): f"recommendation {r.id}" for r in plan.recommendations}
    found.update({a.id.casefold(): f"action {a.id}" for a in plan.actions})
    return found


# --- add --------------------------------------------------------------------------------


def add(
    folder: Path,
    kind: str,
    given: dict[str, Given],
    *,
    plan_name: str | None = None,
    dry_run: bool = False,
    commit: bool = False,
) -> Outcome:
    """Add a recommendation or an action (`kind`) with the values `given` (by field
    name; a field the command line has an option for is given, empty when not typed);
    its id, unless given, the next of the plan's series."""
    record = RECORD[kind]
    options = {name: g.option for name, g in given.items()}
    given = {
        name: g._replace(value=_names(g.value)) if record.field(name).kind == "names" else g
        for name, g in given.items()
        if not _empty(g.value)
    }
    for field in record.fields:
        if field.name in given:
            check(record, field, given[field.name])
        elif field.required and field.kind != "id":
            option = options.get(field.name, field.name)
            raise UsageError(f"{record.what} needs {option}: {describe(field)}")

    def edit(editor: Editor, plan: Plan) -> Edit:
        ids = _ids(plan)
        values = {name: g.value for name, g in given.items()}
        if "id" in values:
            used = ids.get(values["id"].casefold())
            if used is not None:
                raise UsageError(f"{given['id'].option} {values['id']}: {used} has that id")
        else:
            listed = plan.recommendations if kind == "recommendation" else plan.actions
            values["id"] = next_id([r.id for r in listed], set(ids), FIRST_ID[kind])
        if "recommendations" in values:
            values["recommendations"] = _references(plan, values["recommendations"])
        ordered = {f.name: values[f.name] for f in record.fields if f.name in values}
        new = _record(record, ordered)
        editor.append_item(record_lines(record, new))
        after = editor.result()
        _read_back(folder, plan, kind, after, new, None)
        prefix = f"{plan_name}/" if plan_name else ""
        headline = text_of(value_of(new, record.field(record.headline or "id")))
        return Edit(after, [f"{new.id}: {kind} added"], f"Add {kind} {prefix}{new.id}", headline)

    return transact(folder, FILE[kind], edit, dry_run=dry_run, commit=commit)


def _references(plan: Plan, refs: tuple[str, ...]) -> tuple[str, ...]:
    """The recommendations named, as the plan spells their ids; an unknown one refused."""
    if not plan.recommendations:
        raise UsageError(
            "the plan has no recommendations yet: add the one the action answers first "
            "(vvsgplan add recommendation TITLE --response ...)"
        )
    found = tuple(find_recommendation(plan, ref).id for ref in refs)
    if len(set(found)) < len(found):
        raise UsageError(f"--rec names a recommendation twice ({', '.join(refs)})")
    return found


def _read_back(folder: Path, plan: Plan, kind: str, after: str, new: Any, old: Any | None) -> None:
    """The edited text must read back as the plan with the new entry added (or `old`
    replaced by `new`) and nothing else changed; a problem only the whole plan shows (a
    new recommendation's id that an action has already) is the user's to fix."""
    try:
        if kind == "action":
            read = load_plan(
                folder, texts={ACTIONS_FILE: after}, recommendations=plan.recommendations
            )
        else:
            read = load_plan(folder, texts={RECOMMENDATIONS_FILE: after})
    except PlanError as e:
        first = e.problems[0].message if e.problems else str(e)
        raise UsageError(f"the {kind} would make the plan invalid: {first}") from None
    listed = list(plan.recommendations if kind == "recommendation" else plan.actions)
    if old is None:
        listed.append(new)
    else:
        listed[listed.index(old)] = new
    got = read.recommendations if kind == "recommendation" else read.actions
    other = (
        (read.actions, plan.actions)
        if kind == "recommendation"
        else (read.recommendations, plan.recommendations)
    )
    if list(got) != listed or other[0] != other[1]:
        raise EditError("the edit would change more than intended; nothing was written")


# --- set --------------------------------------------------------------------------------


def settable(record: Record) -> list[Field]:
    """The fields of a record `set` changes."""
    return [f for f in record.fields if f.kind in SETTABLE_KINDS and f.name not in OWN_COMMAND]


def field_named(record: Record, name: str) -> Field:
    """The field a user names (`owner`, `response-text`, and an action's `text`, as diff
    names it); one set does not change, refused with what does."""
    wanted = name.strip().replace("-", "_").casefold()
    for f in record.fields:
        if wanted in (f.name, f.change_name.replace(" ", "_")):
            if f.name in OWN_COMMAND:
                raise UsageError(f"set does not change '{f.name}': {OWN_COMMAND[f.name]}")
            if f not in settable(record):
                raise UsageError(
                    f"set does not change '{f.name}' ({describe(f)}); edit "
                    f"{FILE[record.name]} for it"
                )
            return f
    names = [f.name for f in settable(record)]
    close = closest(wanted, [f.name for f in record.fields])
    hint = f"did you mean {close[0]}? " if close else ""
    shown = name if len(name) <= 40 else name[:40] + "..."
    raise UsageError(f"{record.what} has no field {shown!r}; {hint}set changes {', '.join(names)}")


def set_value(
    folder: Path,
    ident: str,
    name: str,
    values: list[str],
    *,
    plan_name: str | None = None,
    dry_run: bool = False,
    commit: bool = False,
    kind_of: str | None = None,
) -> Outcome:
    """Give one field of a recommendation or an action a new value (`values`: one, or
    one per item for a list of names or references; "" for none)."""
    kind = kind_of or _kind_of(folder, ident)
    record = RECORD[kind]
    field = field_named(record, name)
    value = _typed(field, values)
    if not _empty(value):
        check(record, field, Given("VALUE", value))
    elif field.required:
        raise UsageError(f"{record.what}'s {field.name} cannot be empty: {describe(field)}")

    def edit(editor: Editor, plan: Plan) -> Edit:
        old = find(plan, ident)
        if not isinstance(old, Recommendation if kind == "recommendation" else Action):
            # An id the quick scan could not read; read, it names the other kind.
            raise _OtherFile
        new_value = _references(plan, value) if field.kind == "refs" else value
        was = value_of(old, field)
        if (was if not _empty(was) else None) == (new_value if not _empty(new_value) else None):
            raise UsageError(f"{old.id}'s {field.name} is already {_shown(was)}")
        new = _with_value(old, field, new_value)
        node = editor.block_mapping(editor.item(old.id), f"{kind} {old.id}")
        edit_fields(editor, node, old, new, record)
        after = editor.result()
        _read_back(folder, plan, kind, after, new, old)
        prefix = f"{plan_name}/" if plan_name else ""
        line = f"{old.id}: {field.name} {_shown(was)} -> {_shown(value_of(new, field))}"
        message = f"Set the {field.change_name} of {kind} {prefix}{old.id}"
        return Edit(after, [line], message, text_of(value_of(new, field)))

    try:
        return transact(folder, FILE[kind], edit, dry_run=dry_run, commit=commit)
    except _OtherFile:
        if kind_of is not None:
            raise  # not reached: the plan read names it as the other kind
        other = "action" if kind == "recommendation" else "recommendation"
        return set_value(
            folder,
            ident,
            name,
            values,
            plan_name=plan_name,
            dry_run=dry_run,
            commit=commit,
            kind_of=other,
        )


def _kind_of(folder: Path, ident: str) -> str:
    """Whether an id names a recommendation or an action: from a quick scan of the files'
    text, or else from the plan, read (which says when it names neither)."""
    folded = ident.strip().casefold()
    names = scan_names(folder)
    if any(r.casefold() == folded for r in names.recommendations):
        return "recommendation"
    if any(a.casefold() == folded for a in names.actions):
        return "action"
    found = find(load_plan(folder), ident)
    return "recommendation" if isinstance(found, Recommendation) else "action"


class _OtherFile(Exception):
    """The id names an entry of the other file."""


def _typed(field: Field, values: list[str]) -> Any:
    """The command line's values as the field holds them: a tuple of names or references
    (one per value, none for a single ""), or one text (None for "")."""
    if field.kind in ("names", "refs"):
        items = _names(tuple(values)) if field.kind == "names" else tuple(values)
        return () if items in ((), ("",)) else items
    if len(values) != 1:
        raise UsageError(
            f"'{field.name}' takes one value, and {len(values)} were given: quote a text "
            'that has spaces ("...")'
        )
    return values[0] or None


def _shown(value: Any) -> str:
    """A value in the line set prints: quoted, cut when long, `(none)` when empty."""
    if _empty(value):
        return "(none)"
    text = text_of(value)
    return repr(text if len(text) <= 60 else text[:57] + "...")
