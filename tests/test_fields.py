"""The plan format is declared once (vvsgplan/fields.py) and cannot drift: every field
of the declaration is checked, and a wrong value of it is one problem; `check` and a real
JSON Schema validator (check-jsonschema) agree on every value both can judge; a field
added to the declaration alone is checked, in JSON, shown, compared and merged."""

from __future__ import annotations

import inspect
import json
import os
import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml
from conftest import BUNDLED, as_json, ok, run

from vvsgplan import edit, fields, model, validate
from vvsgplan.fields import FILES, KINDS, RECORDS, Field, Record

CORPUS = Path(__file__).parent / "bad_inputs"
TOOLS = Path(sys.executable).parent


# --- the declaration holds together ---------------------------------------------------


def _all_fields() -> Iterator[tuple[Record, Field]]:
    for record in RECORDS:
        for f in record.fields:
            yield record, f


def test_every_record_is_declared_once_and_reachable_from_a_file() -> None:
    reachable: list[str] = []
    stack = list(FILES.values())
    while stack:
        record = stack.pop()
        reachable.append(record.name)
        stack += [f.record for f in record.fields if f.record is not None]
    assert sorted(set(reachable)) == sorted(r.name for r in RECORDS)
    assert len({r.name for r in RECORDS}) == len(RECORDS)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_each_record_hangs_together(record: Record) -> None:
    names = record.key_names()
    assert len(set(names)) == len(names)
    assert set(record.lead) <= set(names)
    assert record.headline is None or record.headline in names
    for f in record.fields:
        assert f.kind in KINDS, f
        assert bool(f.choices) == (f.kind == "choice"), f
        assert (f.record is not None) == (f.kind in ("record", "list", "updates")), f
        if f.default is not None and f.choices:
            assert f.default in f.values
        if f.only_with is not None:
            other, value = f.only_with
            assert value in record.field(other).values
        if f.key is not None:
            assert f.record is not None and f.record.field(f.key).required


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.name)
def test_each_record_type_has_only_declared_attributes(record: Record) -> None:
    """The named tuple the code reads may leave a declared field out (it is carried in
    `extra`), but has no attribute the declaration does not know, nor another default."""
    kind = model.TYPES[record.name]
    declared = {f.name: f for f in record.fields}
    assert kind._fields[-1] == "extra"
    for name in kind._fields[:-1]:
        assert name in declared, f"{kind.__name__}.{name} is not declared"
        if name in kind._field_defaults:
            assert kind._field_defaults[name] == declared[name].default, name
        else:
            assert declared[name].required, name


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_is_read_and_described(kind: str) -> None:
    """Each module that handles values has a case for each kind."""
    assert callable(getattr(validate.Reader, f"kind_{kind}", None)), kind
    assert kind in BAD, f"no wrong values to test kind {kind} with"
    from vvsgplan import schema

    source = inspect.getsource(schema._kind)
    assert kind in source or kind in ("record", "list", "updates"), kind


# Values of each kind that is written on one line, as a plan may hold them.
WRITTEN = {
    "id": ["4", "R1", "2.1", "3a"],
    "refs": ["[4, R1, 2.1]"],
    "text": ["Zomer", "'no'", "'2020-03-15'", "'#1: a, b'", "'  x'"],
    "notes": ["A note", '"two\nlines"'],
    "choice": ["in-progress"],
    "flag": ["true", "false"],
    "when": ["Zomer 2019", "2020", "2020-03-15"],
    "done_on": ["'2019-08-30'", "2019-08-30", "2019-04", "2019"],
    "day": ["'2019-08-30'", "2019-08-30"],
    "names": ["Alice", "[Alice, 'no']"],
}


@pytest.mark.parametrize(("kind", "text"), [(k, t) for k, texts in WRITTEN.items() for t in texts])
def test_a_value_is_written_as_it_reads_back(kind: str, text: str) -> None:
    """What a changing command writes (edit.value_text) reads back as the same value,
    with vvsgplan's reader and with a YAML 1.1 reader: a date is written in quotes, so
    that PyYAML, js-yaml and the like load the text, not a date."""
    choices = fields.STATUS_CHOICES if kind == "choice" else ()
    field = Field("x", kind, choices=choices)
    problems: list[Any] = []
    reader = validate.Reader("plan.yaml", problems)

    def read(yaml_text: str) -> Any:
        node: Any = yaml.compose(f"x: {yaml_text}\n")
        node = node.value[0][1]
        return getattr(reader, f"kind_{kind}")(node, field)

    value = read(text)
    written = edit.value_text(field, value)
    assert read(written) == value
    assert problems == []
    loaded = yaml.safe_load(f"x: {written}\n")["x"]
    if kind in ("text", "notes", "when", "done_on", "day", "choice"):
        assert loaded == value and isinstance(loaded, str), written


# --- a whole plan, every field set, made from the declaration -------------------------

# A valid value of each kind, as YAML text; ids, choices and nested records are made below.
GOOD = {
    "text": "Some text",
    "notes": "A note",
    "flag": "true",
    "when": "maart 2020",
    "done_on": "'2020-03-15'",
    "day": "'2020-03-15'",
    "names": "[Alice, Bob]",
    "refs": "[1]",
}
# Wrong values of each kind, as YAML text.
BAD = {
    "id": ["'-x'", "[a1]", "'04'", "true"],
    "refs": ["1", "[]", "['-x']"],
    "text": ["'  '", "[a, b]", "12", '"a\\eb"'],
    "notes": ["'  '", "{a: b}", '"a\\x07b"'],
    "choice": ["banana", "[open]"],
    "flag": ["banana", "'true'", "yes"],
    "when": ["[a]", "'  '", '"\\e[31m"'],
    "done_on": ["'2019-02-30'", "'2019-13'", "banana", "[2019]"],
    "day": ["'2019-02-30'", "5 juli 2019", "'2019-07'"],
    "names": ["{a: b}", "12", "[Alice, '  ']"],
    "record": ["banana", "[a]"],
    "list": ["banana", "[banana]"],
    "updates": ["banana", "[banana]"],
}
ABSENT = "<absent>"
MARK = "# <probe>"


class Target(NamedTuple):
    record: str
    field: str
    raw: str  # the value as YAML text, or ABSENT


def _value(record: Record, f: Field, file: str) -> str:
    if f.kind == "id":
        return "1" if file == "recommendations" else "a1"
    if f.kind == "choice":
        # The value a rule of the record asks for (status: done, for done_on).
        wanted = [g.only_with[1] for g in record.fields if g.only_with and g.only_with[0] == f.name]
        return wanted[0] if wanted else f.values[0]
    return GOOD[f.kind]


def _mapping(record: Record, file: str, target: Target | None, found: list[bool]) -> list[str]:
    lines: list[str] = []
    for f in record.fields:
        if target and (record.name, f.name) == target[:2] and not found[0]:
            found[0] = True
            if target.raw != ABSENT:
                lines.append(f"{f.name}: {target.raw} {MARK}")
            continue
        if f.record is not None:
            inner = _mapping(f.record, file, target, found)
            lines.append(f"{f.name}:")
            if f.kind == "record":
                lines += ["  " + line for line in inner]
            else:
                lines += ["  - " + inner[0], *("    " + line for line in inner[1:])]
        else:
            lines.append(f"{f.name}: {_value(record, f, file)}")
    return lines


def plan_files(target: Target | None = None) -> dict[str, str]:
    """The three files with every declared field set, `target` given its value."""
    found = [False]
    files = {}
    for file, record in FILES.items():
        lines = _mapping(record, file, target, found)
        if file in fields.LISTS:
            lines = ["- " + lines[0], *("  " + line for line in lines[1:])]
        files[f"{file}.yaml"] = "\n".join(lines) + "\n"
    assert target is None or found[0]
    return files


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_plan_with_every_field_set_is_valid(tmp_path: Path) -> None:
    data = write(tmp_path / "data", plan_files())
    assert ok("check", data=data) == ""
    [action] = as_json("list", data=data)
    # Every declared key is in the JSON, with the derived `due` after `when`.
    keys = list(fields.ACTION.key_names())
    assert list(action) == [*keys[: keys.index("when") + 1], "due", *keys[keys.index("when") + 1 :]]


def _probes() -> list[Target]:
    found = []
    for record, f in _all_fields():
        found += [Target(record.name, f.name, raw) for raw in BAD[f.kind]]
        if f.required:
            found.append(Target(record.name, f.name, ABSENT))
    return found


PROBES = _probes()


def _probe_id(t: Target) -> str:
    return f"{t.record}.{t.field}={t.raw}"


@pytest.mark.parametrize("target", PROBES, ids=_probe_id)
def test_every_field_set_to_a_wrong_value_is_one_problem(target: Target, tmp_path: Path) -> None:
    files = plan_files(target)
    data = write(tmp_path / "data", files)
    result = run("check", data=data)
    assert result.exit_code == 1, result.output
    [problem] = result.stderr.splitlines()
    file, line, _, message = problem.split(":", 3)
    probed = next(name for name, text in files.items() if MARK in text or target.raw == ABSENT)
    if target.raw == ABSENT:
        assert message == f" '{target.field}' is missing"
        return
    assert Path(file).name == probed
    marked = (
        files[probed].split("\n").index(next(x for x in files[probed].split("\n") if MARK in x))
    )
    assert int(line) == marked + 1
    # The message names the field, or (for an item of a list) what the item is.
    field = next(r for r in RECORDS if r.name == target.record).field(target.field)
    item = field.record.name if field.record is not None else target.record
    assert f"'{target.field}'" in message or item in message, message


# --- check and a JSON Schema validator agree --------------------------------------------

# What a JSON Schema cannot say, so that `check` alone refuses it. Each case listed
# here must still be one the two disagree on, so that the list stays short and true.
CANNOT = {
    # A schema sees one file at a time.
    "cross-file": "a recommendation an action names, an id both files use",
    # A schema does not compare the items of a list.
    "unique": "duplicate ids, ids that differ only in case, a milestone label twice",
    "deadlines": "the deadline language: which `when` reads as a deadline",
    # check refuses these because YAML 1.1 readers (PyYAML, js-yaml 3, ajv-cli) load true,
    # false or a date; check-jsonschema reads YAML 1.2, which loads the text: the two
    # loaders give the schema different values, and neither is wrong.
    "yaml-1.1": "unquoted no, yes, on, off and dates where text is wanted",
    # check refuses these in the text before any YAML reader loads it; readers resolve
    # or accept them, and a schema sees only the value that results.
    "reading": "aliases, merge keys, characters YAML reads as line breaks, nesting past 900",
    "extensions": "control characters inside an extension field's value (x-...)",
    # check keeps an id as its text; a schema sees the number a YAML reader made of it.
    "numbers": "unquoted ids that YAML reads as another number: 2.10 (2.1), 1.0, 0x1F",
}


class Case(NamedTuple):
    name: str
    files: dict[str, str | bytes]  # the files that differ from a valid plan
    cannot: str | None = None  # why the two disagree: a key of CANNOT


def _files(**changed: str) -> dict[str, str | bytes]:
    base: dict[str, str | bytes] = dict(plan_files())
    return {**base, **changed}


def _action(extra: str, *, action_id: str = "a9") -> str:
    """The valid plan's actions with one more, of these lines."""
    text = plan_files()["actions.yaml"]
    return text + f"- id: {action_id}\n  recommendations: [1]\n  action: One more\n{extra}"


def _hand_written() -> list[Case]:
    recs = plan_files()["recommendations.yaml"]
    return [
        Case("action-id-a-number", _files(**{"actions.yaml": _action("", action_id="4")})),
        Case(
            "recommendation-ids-as-names",
            _files(
                **{
                    "recommendations.yaml": recs.replace("- id: 1", "- id: R1")
                    + "- id: 2.1\n  title: Two\n  response: noted\n- id: 3a\n  title: Three\n"
                    "  response: agree\n",
                    "actions.yaml": plan_files()["actions.yaml"].replace("[1]", "[R1, 2.1, 3a]"),
                }
            ),
        ),
        Case("empty-status", _files(**{"actions.yaml": _action("  status:\n")})),
        Case(
            "done-on-a-year",
            _files(**{"actions.yaml": _action("  status: done\n  done_on: 2019\n")}),
        ),
        Case(
            "done-on-unquoted",
            _files(**{"actions.yaml": _action("  status: done\n  done_on: 2019-08-30\n")}),
        ),
        Case("done-on-not-done", _files(**{"actions.yaml": _action("  done_on: '2019-08-30'\n")})),
        Case("blank-text", _files(**{"actions.yaml": _action("  notes: '   '\n")})),
        Case(
            "extensions",
            _files(
                **{
                    "actions.yaml": _action(
                        "  x-priority: 1\n  x-budget: {line: 4.2, amount: 1200}\n"
                        "  x-evidence: [https://example.org/a, null]\n  x-flag: no\n"
                    )
                }
            ),
        ),
        Case(
            "extension-on-an-update",
            _files(
                **{
                    "actions.yaml": _action(
                        "  updates:\n    - date: '2020-01-01'\n      text: x\n      x-by: me\n"
                    )
                }
            ),
        ),
        Case("unknown-key", _files(**{"actions.yaml": _action("  ownr: Alice\n")})),
        Case("no-unquoted", _files(**{"actions.yaml": _action("  owner: no\n")}), "yaml-1.1"),
        Case(
            "date-unquoted-as-text",
            _files(**{"actions.yaml": _action("  owner: 2020-03-15\n")}),
            "yaml-1.1",
        ),
        Case(
            "id-read-as-another-number",
            _files(**{"actions.yaml": _action("", action_id="2.10")}),
            "numbers",
        ),
        Case(
            "unreadable-when",
            _files(**{"actions.yaml": _action("  when: Zomer 2O19\n")}),  # a letter O
            "deadlines",
        ),
        Case(
            "unknown-recommendation",
            _files(
                **{"actions.yaml": _action("").replace("[1]\n  action: One", "[7]\n  action: One")}
            ),
            "cross-file",
        ),
        Case(
            "id-of-a-recommendation",
            _files(**{"actions.yaml": _action("", action_id="1")}),
            "cross-file",
        ),
        Case(
            "milestone-label-twice",
            _files(
                **{
                    "actions.yaml": _action(
                        "  milestones:\n    - label: Start\n      when: 2020\n"
                        "    - label: start\n      when: 2021\n"
                    )
                }
            ),
            "unique",
        ),
        Case(
            "control-character-in-an-extension",
            _files(**{"actions.yaml": _action('  x-note: "a\\eb"\n')}),
            "extensions",
        ),
    ]


# The corpus of broken and hostile input (tests/bad_inputs), by why check alone refuses.
CORPUS_CANNOT = {
    "cr-line-ends": "reading",
    "duplicate-ids": "unique",
    "duplicate-milestone-label": "unique",
    "id-shared-with-a-recommendation": "cross-file",
    "ids-differing-in-case": "unique",
    "line-separator": "reading",
    "merge-key": "reading",
    "next-line-character": "reading",
    "paragraph-separator": "reading",
    "unknown-recommendation": "cross-file",
}


# Cases check refuses before YAML is read that a plain YAML reader cannot survive:
# check-jsonschema's expands the aliases to gigabytes, or ends in a RecursionError.
BREAK_READERS = ("billion-laughs", "deep-block-nesting", "deep-nesting")


def _corpus() -> list[Case]:
    cases = []
    base = {p.name: p.read_bytes() for p in (CORPUS / "_base").iterdir()}
    folders = sorted(p for p in CORPUS.iterdir() if p.is_dir() and p.name != "_base")
    for folder in (f for f in folders if f.name not in BREAK_READERS):
        files: dict[str, str | bytes] = dict(base)
        files.update({p.name: p.read_bytes() for p in folder.iterdir() if p.name != "expect"})
        cases.append(Case(f"bad_inputs/{folder.name}", files, CORPUS_CANNOT.get(folder.name)))
    return cases


def _field_probes() -> list[Case]:
    cases = []
    for target in PROBES:
        files: dict[str, str | bytes] = dict(plan_files(target))
        cases.append(Case(_probe_id(target), files))
    return cases


def _limit_memory() -> None:
    """A validator that a case makes run away stops at 4 GB, not at the machine's end."""
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def _schema_verdicts(tmp_path: Path, cases: list[Case]) -> dict[str, bool]:
    """Whether check-jsonschema accepts each case's files, by the schemas that
    `vvsgplan schema --write` writes: one run of the validator per schema."""
    schemas = tmp_path / "schemas"
    run("schema", "--write", str(schemas), data=None)
    folders = {}
    for n, case in enumerate(cases):
        folder = tmp_path / f"case{n}"
        folder.mkdir()
        for name, content in case.files.items():
            raw = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(raw)
        folders[case.name] = folder
    refused: set[Path] = set()
    for file in FILES:
        instances = [f / f"{file}.yaml" for f in folders.values() if (f / f"{file}.yaml").exists()]
        done = subprocess.run(
            [
                str(TOOLS / "check-jsonschema"),
                "--schemafile",
                str(schemas / f"{file}.schema.json"),
                "--output-format",
                "json",
                *map(str, instances),
            ],
            capture_output=True,
            text=True,
            check=False,
            # Its YAML reader stops with a traceback at a number of 4,300 digits or more.
            env={**os.environ, "PYTHONINTMAXSTRDIGITS": "0"},
            preexec_fn=_limit_memory,
        )
        assert done.stdout.startswith("{"), done.stdout + done.stderr
        report = json.loads(done.stdout)
        found = [e["filename"] for e in report["errors"] + report.get("parse_errors", [])]
        refused |= {Path(f).parent for f in found}
    return {name: folder not in refused for name, folder in folders.items()}


def test_check_and_a_json_schema_validator_agree(tmp_path: Path) -> None:
    cases = _hand_written() + _corpus() + _field_probes()
    assert len({c.name for c in cases}) == len(cases)
    # The cases left out are in the corpus, whose own test has check refuse them.
    assert all((CORPUS / name).is_dir() for name in [*BREAK_READERS, *CORPUS_CANNOT])
    schema_accepts = _schema_verdicts(tmp_path, cases)
    disagree = {}
    for case in cases:
        data = tmp_path / f"case{cases.index(case)}"
        check_accepts = run("check", data=data).exit_code == 0
        if check_accepts != schema_accepts[case.name]:
            disagree[case.name] = "check" if check_accepts else "schema"
        if case.cannot is not None:
            assert case.cannot in CANNOT
    expected = {c.name: "schema" for c in cases if c.cannot is not None}
    # Only check refuses, and only what a schema cannot express.
    assert disagree == expected


def test_the_valid_cases_are_valid_to_both(tmp_path: Path) -> None:
    """The hand-written cases that are right, right to both: the differential above
    also holds when both wrongly refuse."""
    right = {
        "action-id-a-number",
        "recommendation-ids-as-names",
        "empty-status",
        "done-on-a-year",
        "done-on-unquoted",
        "extensions",
    }
    cases = [c for c in _hand_written() if c.name in right]
    assert {c.name for c in cases} == right
    verdicts = _schema_verdicts(tmp_path, cases)
    for case in cases:
        assert verdicts[case.name], case.name
        assert run("check", data=tmp_path / f"case{cases.index(case)}").exit_code == 0, case.name


# Where PyYAML reads otherwise than check-jsonschema's YAML reader (ruamel.yaml): it keeps
# the last of a key given twice, which ruamel refuses; it refuses U+2029 in plain text,
# which ruamel reads.
PYYAML_READS = {"bad_inputs/duplicate-key": "reading", "bad_inputs/paragraph-separator": None}


def _model_accepts(folder: Path) -> bool:
    """Whether the Pydantic models accept the files as PyYAML's safe_load reads them."""
    from pydantic import ValidationError

    from vvsgplan.schema import adapter

    for file in FILES:
        path = folder / f"{file}.yaml"
        if not path.exists():
            continue
        try:
            adapter(file).validate_python(yaml.safe_load(path.read_bytes()))
        except (yaml.YAMLError, ValidationError, RecursionError, ValueError):
            # ValueError: a number of 4,300 digits or more, which Python does not read.
            return False
    return True


def test_check_and_the_pydantic_models_agree(tmp_path: Path) -> None:
    """The models, the format's public definition, judge a plan as a YAML 1.1 reader
    loads it: they refuse `owner: no` as check does, and leave to check only what a
    schema cannot say (CANNOT, but for the YAML 1.2 reading)."""
    cases = _hand_written() + _corpus() + _field_probes()
    disagree = {}
    for n, case in enumerate(cases):
        folder = tmp_path / f"case{n}"
        folder.mkdir()
        for name, content in case.files.items():
            raw = content.encode("utf-8") if isinstance(content, str) else content
            (folder / name).write_bytes(raw)
        check_accepts = run("check", data=folder).exit_code == 0
        if check_accepts != _model_accepts(folder):
            disagree[case.name] = "check" if check_accepts else "models"
    cannot = {c.name: PYYAML_READS.get(c.name, c.cannot) for c in cases}
    expected = {name: "models" for name, why in cannot.items() if why not in (None, "yaml-1.1")}
    assert disagree == expected


# Python values of each kind a command may set from the command line: (right, wrong).
VALUES = {
    "id": ("R1", "R 1"),
    "refs": (("4", "R1"), ("4", "-x")),
    "text": ("no", "  "),
    "notes": ("line one\nline two", "bell \a"),
    "choice": (None, "finished"),
    "flag": (True, "yes"),
    "names": (("Alice", "no"), ("Alice", " ")),
    "when": ("Zomer 2019", "Zomer 2O19"),
    "done_on": ("2019-08", "2019-02-30"),
    "day": ("2019-08-30", "2019-08"),
}


@pytest.mark.parametrize(
    ("record", "field"),
    [(r, f) for r, f in _all_fields() if f.kind in VALUES],
    ids=lambda x: x.name,
)
def test_a_value_set_from_the_command_line_is_checked_as_the_file_is(
    record: Record, field: Field
) -> None:
    """validate.check_value: what a command such as `add` or `set` would write for a
    field, and what is wrong with it, by the one declaration."""
    right, wrong = VALUES[field.kind]
    if field.kind == "choice":
        right = field.values[-1]
    written, problems = validate.check_value(field, right)
    assert problems == [], (written, problems)
    written, problems = validate.check_value(field, wrong)
    assert len(problems) == 1 and f"'{field.name}'" in problems[0], problems


# --- the Pydantic models stay off the command path --------------------------------------

# Run as `python -m vvsgplan ARGS`, but every import statement of vvsgplan's own modules is
# seen (builtins.__import__ runs for each, loaded before or not): which import Pydantic, or
# vvsgplan.schema, the module that does.
_SPY = """
import builtins, runpy, sys

real = builtins.__import__
found = set()

def spy(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__", "")
    if importer.split(".")[0] == "vvsgplan" and importer != "vvsgplan.schema":
        wanted = [name, *(f"{name}.{n}" for n in fromlist or ())]
        if any(w.split(".")[0] == "pydantic" or w == "vvsgplan.schema" for w in wanted):
            found.add(f"{importer} imports {name}")
    return real(name, globals, locals, fromlist, level)

builtins.__import__ = spy
sys.argv = ["vvsgplan", *sys.argv[1:]]
try:
    runpy.run_module("vvsgplan", run_name="__main__", alter_sys=True)
except SystemExit as e:
    code = e.code
else:
    code = 0
print(sorted(found))
sys.exit(code)
"""


@pytest.mark.parametrize(
    "args",
    [
        ("due", "--before", "2020-01"),
        ("list", "--format", "json"),
        ("show", "4", "--format", "json"),
        ("recs", "--format", "csv"),
        ("check",),
        ("report", "--format", "json", "--as-of", "2019-09-01"),
        ("done", "A1", "--on", "2019-08-30"),
        ("note", "A1", "On its way", "--on", "2019-09-02", "--as-of", "2019-09-02"),
    ],
    ids=lambda a: a[0],
)
def test_no_command_of_the_plan_imports_pydantic(args: tuple[str, ...], tmp_path: Path) -> None:
    """The models are for `schema` and for other programs: reading, checking and
    changing a plan do without them (they cost start-up)."""
    data = tmp_path / "data"
    data.mkdir()
    for name in FILES:
        (data / f"{name}.yaml").write_bytes((BUNDLED / f"{name}.yaml").read_bytes())
    done = subprocess.run(
        [sys.executable, "-c", _SPY, "--data", str(data), *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_the_schema_command_is_seen_importing_pydantic(tmp_path: Path) -> None:
    """The spy above sees an import of the models where there is one."""
    done = subprocess.run(
        [sys.executable, "-c", _SPY, "schema", "actions"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "vvsgplan.cli imports vvsgplan.schema" in done.stdout.splitlines()[-1]
