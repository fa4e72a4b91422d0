"""`when` explains a deadline text; `check` validates the whole plan; every command takes
what the deadline reader refuses as one line and an exit code, never a traceback.

The long run (10,000 generated texts per property):
    VVSGPLAN_LONG=1 .venv/bin/python -m pytest tests/test_deadline.py tests/test_when_check.py
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_ACTIONS, MINIMAL_RECS, as_json, ok, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vvsgplan import deadline_words as words
from vvsgplan.change import Request, apply
from vvsgplan.errors import UsageError

MakePlan = Callable[..., Path]
LONG = bool(os.environ.get("VVSGPLAN_LONG"))


def test_when_shows_two_labelled_milestones() -> None:
    text = "Selectie zomer 2019; Trefdag in oktober 2020"
    data = as_json("when", text, "--as-of", "2019-09-01", data=None)
    assert (data["kind"], data["start"], data["end"], data["due"]) == (
        "dated",
        "2019-06-01",
        "2020-10-31",
        "2020-10-31",
    )
    assert [
        (s["label"], s["text"], s["form"], s["start"], s["end"], s["milestone"])
        for s in data["steps"]
    ] == [
        ("Selectie", "zomer 2019", "summer", "2019-06-01", "2019-08-31", True),
        ("Trefdag", "oktober 2020", "month", "2020-10-01", "2020-10-31", True),
    ]
    out = ok("when", text, "--as-of", "2019-09-01", data=None)
    assert "on 2019-09-01: due in 426 days" in out  # 1 Sept. 2019 to 31 Oct. 2020


def test_when_shows_each_word_and_its_role() -> None:
    text = "Selectie zomer 2019; Trefdag in oktober 2020"
    data = as_json("when", text, data=None)
    assert [(w["text"], w["role"], w["step"]) for w in data["words"]] == [
        ("Selectie", "label", 1),
        ("zomer", "period", 1),
        ("2019", "period", 1),
        (";", "separator", None),
        ("Trefdag", "label", 2),
        ("in", "filler", 2),
        ("oktober", "period", 2),
        ("2020", "period", 2),
    ]
    out = ok("when", text, data=None)
    table = out.split("WORD ")[1].splitlines()
    assert [line.split() for line in table[1:]] == [
        ["Selectie", "label", "1"],
        ["zomer", "period", "1"],
        ["2019", "period", "1"],
        [";", "separator"],
        ["Trefdag", "label", "2"],
        ["in", "filler", "2"],
        ["oktober", "period", "2"],
        ["2020", "period", "2"],
    ]
    event = as_json("when", "na start nieuwe Vlaamse regering", data=None)
    assert [w["role"] for w in event["words"]] == ["event"] + ["event words"] * 4


def test_when_an_open_ended_text_with_a_step() -> None:
    data = as_json(
        "when",
        "vanaf zomer 2019 reeds ingepland: SDG's op leernetwerk vrije tijd in najaar 2019",
        data=None,
    )
    assert (data["kind"], data["start"], data["due"]) == ("open-ended", "2019-06-01", None)
    first, second = data["steps"]
    assert (first["form"], first["milestone"]) == ("from: summer", False)
    assert (second["label"], second["form"], second["end"], second["milestone"]) == (
        "SDG's op leernetwerk vrije tijd",
        "autumn",
        "2019-11-30",
        True,
    )


def test_when_says_how_a_deadline_stands() -> None:
    assert "overdue by 1 day" in ok("when", "zomer 2019", "--as-of", "2019-09-01", data=None)
    assert "starts in 1 day" in ok("when", "zomer 2019", "--as-of", "2019-05-31", data=None)
    assert "waits for an event" in ok("when", "na start nieuwe Vlaamse regering", data=None)
    assert "running, no fixed end" in ok(
        "when", "2020 en verder", "--as-of", "2021-01-01", data=None
    )


def _one_line_exit_2(*args: str) -> str:
    """The message of a command that must refuse with exit 2 and one line on stderr."""
    result = run(*args, data=None)
    assert result.exit_code == 2, (args, result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("vvsgplan: "), (args, result.stderr)
    assert "Traceback" not in result.stderr
    return lines[0]


def test_when_cannot_read_exits_2() -> None:
    assert _one_line_exit_2("when", "zomer 2019 misschien") == (
        "vvsgplan: cannot read 'zomer 2019 misschien': cannot read 'misschien' after 'zomer 2019'"
    )


# The table of the issue, its last column as a reader means it: (kind, first day, due)
# or the words of the refusal.
ISSUE_TABLE: list[tuple[str, tuple[str, str | None, str | None] | str]] = [
    ("voor de zomer 2020", ("dated", "2020-05-31", "2020-05-31")),
    ("in de zomer van 2020", ("dated", "2020-06-01", "2020-08-31")),
    ("de zomer van 2020", ("dated", "2020-06-01", "2020-08-31")),
    ("in het voorjaar van 2020", ("dated", "2020-03-01", "2020-05-31")),
    ("in de loop van 2020", ("dated", "2020-01-01", "2020-12-31")),
    ("na de zomer 2020", ("open-ended", "2020-09-01", None)),
    ("after the summer of 2020", ("open-ended", "2020-09-01", None)),
    ("week 12 2020", ("dated", "2020-03-16", "2020-03-22")),
    ("the summer of 2020", ("dated", "2020-06-01", "2020-08-31")),
    ("l'été 2020", ("dated", "2020-06-01", "2020-08-31")),
    ("à l'automne 2020", ("dated", "2020-09-01", "2020-11-30")),
    ("before the summer of 2020", ("dated", "2020-05-31", "2020-05-31")),
    ("Zomre 2019", "did you mean 'zomer'?"),
    ("setpember 2020", "did you mean 'september'?"),
    ("Voorjar 2020", "did you mean 'voorjaar'?"),
    ("Q5 2025", "a year has four quarters, not 5"),
    ("32 maart 2025", "32 maart 2025 is not a day of the calendar"),
    ("najaar 2020 of voorjaar 2021", ("dated", "2020-09-01", "2021-05-31")),
    ("zomer 0000", "years run from 0001 to 9999"),
    ("winter 9999", "years run from 0001 to 9999"),
    ("voor 0001", "years run from 0001 to 9999"),
    ("na 9999-12", "years run from 0001 to 9999"),
]


@pytest.mark.parametrize(("text", "expected"), ISSUE_TABLE, ids=[r[0] for r in ISSUE_TABLE])
def test_the_issue_table_on_the_command_line(
    text: str, expected: tuple[str, str | None, str | None] | str
) -> None:
    if isinstance(expected, str):
        message = _one_line_exit_2("when", text)
        assert message.startswith(f"vvsgplan: cannot read {text!r}: ")
        assert expected in message
        return
    data = as_json("when", text, data=None)
    assert (data["kind"], data["start"], data["due"]) == expected
    assert not any(s["milestone"] for s in data["steps"])


def _plan(make_plan: MakePlan, whens: list[str]) -> Path:
    """A plan with one action per text, x1, x2 ..., each `when` on line 5 + 5k."""
    actions = "".join(
        f"- id: x{k}\n  recommendations: [1]\n  action: Step {k}\n  owner: Alice\n"
        f"  when: {json.dumps(when, ensure_ascii=False)}\n"
        for k, when in enumerate(whens, 1)
    )
    return make_plan(MINIMAL_RECS, actions)


def test_the_issue_table_in_a_plan_file(make_plan: MakePlan) -> None:
    data = _plan(make_plan, [text for text, _ in ISSUE_TABLE])
    file = data / "actions.yaml"
    result = run("check", data=data)
    assert result.exit_code == 1
    # Every refused row, at its place, and nothing else.
    expected = [
        f"{file}:{5 * k}:9: 'when': "
        for k, (_, want) in enumerate(ISSUE_TABLE, 1)
        if isinstance(want, str)
    ]
    lines = result.stderr.splitlines()
    assert [line[: len(e)] for line, e in zip(lines, expected, strict=True)] == expected
    for line, (_, want) in zip(
        lines, [r for r in ISSUE_TABLE if isinstance(r[1], str)], strict=True
    ):
        assert isinstance(want, str) and want in line
    # The other commands answer for every readable action.
    listed = {a["id"]: a["due"] for a in as_json("list", data=data)}
    for k, (_, want) in enumerate(ISSUE_TABLE, 1):
        assert listed[f"x{k}"] == (None if isinstance(want, str) else want[2])
    for args in (("due", "--as-of", "2020-01-01"), ("report",), ("timeline",), ("list",)):
        result = run(*args, data=data)
        assert result.exit_code == 0, (args, result.output)
    due = run("due", "--as-of", "2020-01-01", data=data)
    assert "cannot place x13: cannot read 'Zomre' before '2019'" in due.stderr
    dated = {
        f"x{k}": want[2]
        for k, (_, want) in enumerate(ISSUE_TABLE, 1)
        if not isinstance(want, str) and want[2] is not None
    }
    rows = as_json("due", "--as-of", "2020-01-01", data=data)
    assert {r["id"]: r["due"] for r in rows} == dated


def test_check_is_silent_on_the_bundled_plan() -> None:
    # Its two texts with step labels (D2, C4) list the same labels as milestones.
    result = run("check")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_check_reports_a_when_it_cannot_read(make_plan: MakePlan) -> None:
    actions = MINIMAL_ACTIONS.replace("  when: maart 2020", "  when: als het past") + (
        "  milestones:\n    - label: Start\n      when: ooit\n"
    )
    data = make_plan(actions=actions)
    result = run("check", data=data)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{data / 'actions.yaml'}:5:9: 'when': cannot read 'als het past' as a deadline",
        f"{data / 'actions.yaml'}:14:13: 'when': cannot read 'ooit' as a deadline",
    ]
    # Other commands still run, and `due` names what it could not place.
    result = run("due", "--as-of", "2020-01-01", data=data)
    assert result.exit_code == 0
    assert "cannot place x1: cannot read 'als het past' as a deadline" in result.stderr
    assert "cannot place x2: milestone 'Start': cannot read 'ooit' as a deadline" in result.stderr


def test_check_warns_of_step_labels_without_failing(make_plan: MakePlan) -> None:
    actions = (
        MINIMAL_ACTIONS.replace("  when: maart 2020", "  when: 'Ontwerp: maart 2020'")
        + "- id: x3\n  recommendations: [1]\n  action: Both\n"
        + "  when: Selectie zomer 2019; Trefdag in oktober 2020\n"
        + "  milestones:\n    - label: Selectie\n      when: zomer 2019\n"
        + "    - label: Trefdag\n      when: 'Bezoek: oktober 2020'\n"
    )
    data = make_plan(actions=actions)
    result = run("check", data=data)
    file = data / "actions.yaml"
    assert (result.exit_code, result.stdout) == (0, "")
    # x3's labels are its milestones' labels: confirmed. A milestone's own `when` with a
    # label is not.
    assert result.stderr.splitlines() == [
        f"{file}:5:9: warning: 'when': 'Ontwerp' is read as a step label, not as part of a date; "
        "list it under milestones to confirm",
        f"{file}:20:13: warning: 'when': 'Bezoek' is read as a step label, not as part of a date; "
        "a milestone has a label of its own",
    ]


def test_a_warning_shows_a_label_as_data(make_plan: MakePlan) -> None:
    # A bidi control may stand in a plan's text; on stderr it is an escape, not a reordering.
    actions = MINIMAL_ACTIONS.replace("  when: maart 2020", '  when: "On\\u202etwerp: maart 2020"')
    result = run("check", data=make_plan(actions=actions))
    assert result.exit_code == 0
    assert "'On\\u202etwerp' is read as a step label" in result.stderr
    assert "\u202e" not in result.stderr


def test_check_shows_warnings_with_the_problems(make_plan: MakePlan) -> None:
    actions = MINIMAL_ACTIONS.replace("  when: maart 2020", "  when: 'Ontwerp: maart 2020'")
    data = make_plan(actions=actions.replace("status: in-progress", "status: busy"))
    result = run("check", data=data)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert ": warning: 'when': 'Ontwerp' is read as a step label" in lines[0]
    assert ":11:11: 'status' is 'busy'" in lines[1]


def test_check_gives_warnings_to_ci_as_warnings(
    make_plan: MakePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    actions = MINIMAL_ACTIONS.replace("  when: maart 2020", "  when: 'Ontwerp: maart 2020'")
    data = make_plan(actions=actions)
    monkeypatch.chdir(data.parent)
    message = (
        "'when': 'Ontwerp' is read as a step label, not as part of a date; "
        "list it under milestones to confirm"
    )
    result = run("check", "--format", "github", data=Path("data"))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"::warning file=data/actions.yaml,line=5,col=9,title=vvsgplan check::{message}"
    ]
    result = run("check", "--format", "json", data=Path("data"))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == [
        {
            "file": "data/actions.yaml",
            "line": 5,
            "column": 9,
            "message": message,
            "severity": "warning",
        }
    ]
    # With a problem as well: the warnings first, the problems last, and exit 1.
    (data / "actions.yaml").write_text(actions.replace("in-progress", "busy"), encoding="utf-8")
    result = run("check", "--format", "json", data=Path("data"))
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert [(p["line"], p["severity"]) for p in found] == [(5, "warning"), (11, "error")]
    result = run("check", "--format", "github", data=Path("data"))
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == ["::warning", "::error"]


def test_check_reports_every_kind_of_problem_at_once(make_plan: MakePlan) -> None:
    actions = MINIMAL_ACTIONS + "- id: x1\n  recommendations: [9]\n  action: again\n  colour: red\n"
    data = make_plan(actions=actions)
    result = run("check", data=data)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ", 1)[1] for line in lines] == [
        "duplicate id x1 (first on line 1)",
        "recommendation 9 does not exist",
        "unknown key 'colour'; allowed: id, recommendations, action, owner, when, status, done_on, milestones, notes, updates",
    ]


def test_deadlines_at_the_edges_of_the_calendar_never_make_a_command_fail(
    make_plan: MakePlan,
) -> None:
    edges = ["9999", "0001", "31/12/9999", "week 1 0001", "Q4 9999", "vanaf 9999-12-31"]
    edges += ["na 9999-12-30", "winter 9998", "1er janvier 0001"]
    data = _plan(make_plan, edges)
    assert ok("check", data=data) == ""
    assert {a["id"]: a["due"] for a in as_json("list", data=data)}["x1"] == "9999-12-31"
    for args in (
        ("list",),
        ("due",),
        ("report",),
        ("report", "--format", "html"),
        ("timeline",),
        ("digest",),
        ("ics",),
        ("show", "x1"),
    ):
        result = run(*args, data=data)
        assert result.exit_code == 0, (args, result.output)
    # The last day's event lasts that day (a day alone is one day long): no day after it.
    events = run("ics", data=data).stdout.split("BEGIN:VEVENT")[1:]
    last = next(e for e in events if "DTSTART;VALUE=DATE:99991231" in e)
    assert "DTEND" not in last
    # An event on the day a deadline is due: "0001" is due on 31 December of the year 1.
    first = next(e for e in events if "Step 2" in e)
    assert "DTSTART;VALUE=DATE:00011231" in first and "DTEND;VALUE=DATE:00020101" in first


# --- the core refuses what the reader refuses, whoever asks ---------------------------


@pytest.mark.parametrize("milestone", [None, "1"])
def test_reschedule_refuses_a_text_the_reader_refuses(
    make_plan: MakePlan, milestone: str | None
) -> None:
    actions = MINIMAL_ACTIONS + "  milestones:\n    - label: Start\n      when: 2021\n"
    data = make_plan(actions=actions)
    before = (data / "actions.yaml").read_bytes()
    ident = "x2" if milestone else "x1"
    for when in ("Zomre 2020", "Q5 2025", "winter 9999", "in 2020"):
        request = Request("reschedule", (ident,), milestone, text="moved", when=when)
        with pytest.raises(UsageError, match=f"cannot read {when!r} as a deadline"):
            apply(data, request)
        args = ["reschedule", ident, when, "--reason", "moved"]
        result = run(*args, *(["--milestone", milestone] if milestone else []), data=data)
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1
    assert (data / "actions.yaml").read_bytes() == before
    # What the reader reads is written.
    request = Request("reschedule", (ident,), milestone, text="moved", when="de zomer van 2021")
    apply(data, request)
    assert "de zomer van 2021" in (data / "actions.yaml").read_text(encoding="utf-8")


# --- properties: refused texts on every date option, hostile texts in a plan ----------

MANY = settings(
    max_examples=10_000 if LONG else 60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Every option that takes a date, on a command that has it.
DATE_OPTIONS = [
    ("list", "--before"),
    ("list", "--by"),
    ("list", "--after"),
    ("due", "--before"),
    ("due", "--by"),
    ("due", "--after"),
    ("due", "--as-of"),
    ("report", "--as-of"),
    ("report", "--since"),
    ("timeline", "--from"),
    ("timeline", "--to"),
    ("timeline", "--as-of"),
    ("when", "--as-of"),
    ("done", "--on"),
]
PIECES = sorted(
    words.known_words()
    | {"0000", "9999", "10000", "2020", "13", "32", "54", "q5", "h3", "w54", "w00", "+99999y"}
    | {"+9999y", "-9999y", "2020-13", "2020-02-30", "31/04/2021", "-", "/", ".", ";", ":", "?"}
)
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map(" ".join),
    st.text(min_size=1, max_size=30),
)


def _refused_by_reader(text: str) -> bool:
    from datetime import date

    from vvsgplan.deadline import DeadlineError, period

    try:
        period(text, date.today())
    except DeadlineError:
        return True
    return False


@MANY
@given(st.sampled_from(DATE_OPTIONS), texts)
def test_every_refused_date_option_is_one_line_and_exit_2(
    tmp_path: Path, option: tuple[str, str], text: str
) -> None:
    command, name = option
    if not _refused_by_reader(text) or text.startswith("-") or "\x00" in text:
        return  # read, or taken by the option parser for an option of its own
    # A copy of the plan outside git: `report --since` also takes a git revision ("@").
    data = tmp_path / "data"
    if not data.exists():
        data.mkdir()
        for name_ in ("recommendations.yaml", "actions.yaml", "plan.yaml"):
            (data / name_).write_bytes((BUNDLE / name_).read_bytes())
    args = [
        command,
        *(["x1"] if command == "done" else []),
        *(["zomer 2020"] if command == "when" else []),
    ]
    result = run(*args, f"{name}={text}", data=None if command == "when" else data)
    assert result.exit_code == 2, (option, text, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"vvsgplan: {name}: cannot read"), result.stderr


BUNDLE = Path(__file__).resolve().parent.parent / "data"
PER_PLAN = 100  # texts in one generated plan: 100 plans make the long run's 10,000


@settings(
    max_examples=100 if LONG else 8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(texts, min_size=PER_PLAN if LONG else 10, max_size=PER_PLAN if LONG else 10))
def test_no_when_text_makes_a_command_fail(tmp_path: Path, whens: list[str]) -> None:
    folder = tmp_path / f"plan{abs(hash(tuple(whens)))}"
    folder.mkdir()
    (folder / "recommendations.yaml").write_text(MINIMAL_RECS, encoding="utf-8")
    actions = "".join(
        f"- id: x{k}\n  recommendations: [1]\n  action: Step {k}\n  when: {json.dumps(when)}\n"
        for k, when in enumerate(whens, 1)
    )
    (folder / "actions.yaml").write_text(actions, encoding="utf-8")
    for args in (
        ("check",),
        ("list", "--format", "json"),
        ("due", "--as-of", "2020-01-01"),
        ("report", "--format", "json"),
        ("report",),
        ("timeline",),
        ("digest",),
        ("ics",),
        ("show", "x1"),
    ):
        result = run(*args, data=folder)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.output,
        )
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output
