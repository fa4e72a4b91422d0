"""`when` explains a deadline text; `check` validates the whole plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import MINIMAL_ACTIONS, as_json, ok, run

MakePlan = Callable[..., Path]


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


def test_when_cannot_read_exits_2() -> None:
    result = run("when", "zomer 2019 misschien", data=None)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "vvsgplan: cannot read 'zomer 2019 misschien': cannot read 'misschien' after 'zomer 2019'"
    )


def test_check_is_silent_on_the_bundled_plan() -> None:
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
