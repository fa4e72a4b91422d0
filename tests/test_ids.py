"""Ids as organisations write them: a recommendation is `4`, `R1`, `3a` or `2.1`; its
actions name it so; recommendations and actions share one set of ids, so that
`show ID` finds either."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import as_json, ok, run

MakePlan = Callable[..., Path]

RECS = """\
- id: R1
  title: Write things down.
  response: agree
- id: 2.1
  title: Read them again.
  response: partially-agree
- id: 3a
  title: Share them.
  response: noted
"""
ACTIONS = """\
- id: 10
  recommendations: [R1, 2.1]
  action: Write the first thing down
  owner: Alice
  when: maart 2020
- id: A2
  recommendations: [3a]
  action: Read it again
  when: 2021 en verder
"""


def test_names_and_numbers_as_ids(make_plan: MakePlan) -> None:
    data = make_plan(recommendations=RECS, actions=ACTIONS)
    assert ok("check", data=data) == ""
    # The text as written: an unquoted 2.1 is the id "2.1", not the number 2.1.
    assert [r["id"] for r in as_json("recs", data=data)] == ["R1", "2.1", "3a"]
    first, second = as_json("list", data=data)
    assert (first["id"], first["recommendations"]) == ("10", ["R1", "2.1"])
    assert second["recommendations"] == ["3a"]


def test_show_finds_a_recommendation_or_an_action_by_id_in_any_case(
    make_plan: MakePlan,
) -> None:
    data = make_plan(recommendations=RECS, actions=ACTIONS)
    assert as_json("show", "r1", data=data)["title"] == "Write things down."
    assert as_json("show", "2.1", data=data)["actions"][0]["id"] == "10"
    assert as_json("show", "10", data=data)["action"] == "Write the first thing down"
    assert ok("show", "3A", data=data).startswith("Recommendation 3a: Share them.\n")
    result = run("show", "R4", data=data)
    assert (result.exit_code, result.stderr) == (
        2,
        "vvsgplan: no recommendation or action 'R4'; closest: R1\n",
    )


def test_the_rec_options_take_ids(make_plan: MakePlan) -> None:
    data = make_plan(recommendations=RECS, actions=ACTIONS)
    assert [a["id"] for a in as_json("list", "--rec", "3A", data=data)] == ["A2"]
    report = as_json("report", "--rec", "2.1", "--as-of", "2020-01-01", data=data)
    assert report["scope"]["recommendation"] == "2.1"
    assert [r["id"] for r in report["per_recommendation"]] == ["2.1"]
    result = run("list", "--rec", "R9", data=data)
    assert (result.exit_code, result.stderr) == (
        2,
        "vvsgplan: no recommendation R9; there are R1, 2.1, 3a\n",
    )


def test_numbered_recommendations_stay_numbers_in_json() -> None:
    """The bundled plan numbers its recommendations 1 to 9: JSON gives numbers."""
    assert [r["id"] for r in as_json("recs")] == list(range(1, 10))
    assert as_json("show", "D2")["recommendations"] == [4, 3]
    assert as_json("show", "4")["id"] == 4


def test_recommendations_and_actions_share_one_set_of_ids(make_plan: MakePlan) -> None:
    data = make_plan(recommendations=RECS, actions=ACTIONS.replace("- id: A2", "- id: r1"))
    result = run("check", data=data)
    assert result.stderr == (
        f"{data / 'actions.yaml'}:6:7: id r1 is recommendation R1's id too "
        "(recommendations.yaml line 1): recommendations and actions share one set of ids, "
        "so that `show ID` names one\n"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("- id: 04", "'id' 04: a number has no leading zeros; write 4"),
        ("- id: 0", "'id' 0: a number has no leading zeros; numbers start at 1"),
        ("- id: -1", "'id' '-1' is not an id: use letters, digits, '.', '-' and '_', starting"),
        ("- id: R 1", "'id' 'R 1' is not an id"),
        ("- id: 1234567890", "'id' 1234567890 is too large: 10 digits"),
        ("- id: true", "'id' must be text, but YAML reads 'true' as true/false"),
    ],
)
def test_ids_that_could_not_be_named_are_refused(
    make_plan: MakePlan, line: str, message: str
) -> None:
    data = make_plan(recommendations=RECS.replace("- id: R1", line, 1), actions="[]\n")
    result = run("check", data=data)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{data / 'recommendations.yaml'}:1:7: {message}")


def test_a_reference_to_no_recommendation_says_the_closest(make_plan: MakePlan) -> None:
    data = make_plan(recommendations=RECS, actions=ACTIONS.replace("[3a]", "[3A]"))
    assert run("check", data=data).stderr == (
        f"{data / 'actions.yaml'}:7:21: recommendation 3A does not exist (did you mean 3a?)\n"
    )


def test_tab_completion_offers_named_recommendations(make_plan: MakePlan) -> None:
    from vvsgplan.load import scan_names

    data = make_plan(recommendations=RECS, actions=ACTIONS)
    names = scan_names(data)
    assert (names.recommendations, names.actions) == (["R1", "2.1", "3a"], ["10", "A2"])


# An unquoted id that YAML readers load as a number other than its text: PyYAML and
# js-yaml read `2.10` as 2.1, `1.0` as 1, `0x1F` as 31 and `1_000` as 1000 (YAML 1.1);
# check-jsonschema and js-yaml 4 read `1e3` as 1000 and `0o17` as 15 (YAML 1.2). Every
# other reader of the plan would name it otherwise than vvsgplan does.
@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("2.10", "2.1"),
        ("1.0", "1"),
        ("0x1F", "31"),
        ("1_000", "1000"),
        ("1e3", "1000"),
        ("0o17", "15"),
        ("2.", "2"),
    ],
)
def test_ids_that_yaml_reads_as_another_number_are_quoted(
    make_plan: MakePlan, written: str, number: str
) -> None:
    data = make_plan(
        recommendations=RECS.replace("- id: R1", f"- id: {written}", 1), actions="[]\n"
    )
    result = run("check", data=data)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{data / 'recommendations.yaml'}:1:7: 'id' {written}: YAML readers read it as the "
        f"number {number}; put it in quotes ('{written}') to keep it as written\n"
    )
    # Quoted, it is the name as written.
    data = make_plan(
        recommendations=RECS.replace("- id: R1", f"- id: '{written}'", 1), actions="[]\n"
    )
    assert ok("check", data=data) == ""
    assert as_json("recs", data=data)[0]["id"] == written


def test_two_ids_that_yaml_reads_as_one_number_are_refused(make_plan: MakePlan) -> None:
    """`2.1` and `2.10` are one number to a YAML reader: the second must be quoted."""
    recs = RECS + "- id: 2.10\n  title: Read them twice.\n  response: agree\n"
    data = make_plan(recommendations=recs, actions="[]\n")
    result = run("check", data=data)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{data / 'recommendations.yaml'}:10:7: 'id' 2.10: ")
