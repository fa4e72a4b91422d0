"""Each command and filter on a small fixture plan, in every output format."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED, as_csv, as_json, ok, run

MakePlan = Callable[..., Path]

ACTIONS = """\
- id: a1
  recommendations: [1]
  action: First | with a pipe
  owner: Alice
  when: maart 2020
- id: a2
  recommendations: [1, 2]
  action: Second
  owner: [Bob, Alice]
  when: Q2 2020
  status: in-progress
- id: a3
  recommendations: [2]
  action: Third
  owner: Carol
  when: Gedaan in januari 2020
  status: done
  done_on: 2020-01-20
- id: a4
  recommendations: [2]
  action: Fourth
  owner: Bob
  when: na de verkiezingen
- id: a5
  recommendations: [1]
  action: Fifth
  owner: Carol
  when: 2020 en verder
  status: dropped
- id: a6
  recommendations: [1]
  action: Sixth
  owner: Dan
  when: Kick-off 15/02/2020; Report in mei 2020
"""


@pytest.fixture
def plan(make_plan: MakePlan) -> Path:
    return make_plan(actions=ACTIONS)


def ids(rows: list[dict[str, str]]) -> list[str]:
    return [r["ID"] for r in rows]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), ["a1", "a2", "a3", "a4", "a5", "a6"]),
        (("--owner", "alice"), ["a1", "a2"]),
        (("--owner", "Bob"), ["a2", "a4"]),
        (("--status", "done"), ["a3"]),
        (("--status", "in-progress"), ["a2"]),
        (("--rec", "2"), ["a2", "a3", "a4"]),
        # March ends 31 March, Q2 30 June, the two steps of a6 end 31 May.
        (("--before", "2020-04"), ["a1", "a3"]),
        (("--before", "april 2020"), ["a1", "a3"]),
        (("--by", "2020-05"), ["a1", "a3", "a6"]),
        (("--after", "2020-05"), ["a2"]),
        (("--after", "2020-03", "--before", "2020-06"), ["a6"]),
        (("--undated",), ["a4", "a5"]),
        (("--owner", "Carol", "--status", "dropped"), ["a5"]),
    ],
)
def test_list_filters(plan: Path, args: tuple[str, ...], expected: list[str]) -> None:
    assert ids(as_csv("list", *args, data=plan)) == expected


def test_list_unknown_owner_lists_the_owners(plan: Path) -> None:
    result = run("list", "--owner", "Eve", data=plan)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "vvsgplan: no action has owner 'Eve'; owners: Alice, Bob, Carol, Dan"
    )


def test_list_unknown_recommendation(plan: Path) -> None:
    result = run("list", "--rec", "3", data=plan)
    assert result.exit_code == 2
    assert "no recommendation 3; there are 1-2" in result.stderr


@pytest.mark.parametrize("bad", ["2020-13", "someday", "31/02/2020"])
def test_bad_dates_exit_2_with_the_accepted_forms(plan: Path, bad: str) -> None:
    result = run("due", "--before", bad, data=plan)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"vvsgplan: --before: cannot read '{bad}' as a date")
    assert "Traceback" not in result.output


def test_due_orders_by_deadline_and_marks_overdue(plan: Path) -> None:
    rows = as_csv("due", "--as-of", "2020-03-01", data=plan)
    got = [(r["DUE"], r["ID"], r["MILESTONE"], r["OVERDUE"]) for r in rows]
    assert got == [
        ("2020-02-15", "a6", "Kick-off", "overdue"),
        ("2020-03-31", "a1", "", ""),
        ("2020-05-31", "a6", "Report", ""),
        ("2020-06-30", "a2", "", ""),
    ]


def test_due_footer_counts_undated_actions(plan: Path) -> None:
    out = ok("due", "--as-of", "2020-03-01", data=plan)
    assert "1 open action has no fixed deadline (a4)" in out
    assert "4 due, 1 overdue on 2020-03-01." in out


def test_due_footer_names_ten_undated_actions_and_counts_the_rest(make_plan: MakePlan) -> None:
    # a4 and 12 more actions whose deadline is an event, in plan order: 13 undated.
    more = "".join(
        f"- id: u{n}\n  recommendations: [1]\n  action: Later {n}\n  owner: Bob\n"
        "  when: na de verkiezingen\n"
        for n in range(1, 13)
    )
    plan = make_plan(actions=ACTIONS + more)
    out = ok("due", "--as-of", "2020-03-01", data=plan)
    named = "a4, u1, u2, u3, u4, u5, u6, u7, u8, u9"
    assert f"13 open actions have no fixed deadline ({named} and 3 more): " in out


def test_due_warns_about_a_when_it_cannot_place(make_plan: MakePlan) -> None:
    plan = make_plan(actions=ACTIONS.replace("when: Q2 2020", "when: als het past"))
    result = run("due", "--as-of", "2020-03-01", data=plan)
    assert result.exit_code == 0
    assert (
        "vvsgplan: warning: cannot place a2: cannot read 'als het past' as a deadline"
        in result.stderr
    )


def test_due_owner(plan: Path) -> None:
    assert ids(as_csv("due", "--owner", "bob", data=plan)) == ["a2"]


def test_show_recommendation_and_action(plan: Path) -> None:
    out = ok("show", "1", data=plan)
    assert "Recommendation 1: Write things down." in out
    assert "Response: agree" in out
    assert "Actions: 0 of 3 done" in out  # a1, a2, a6 open or in progress; a5 dropped
    out = ok("show", "A6", data=plan)
    assert "Kick-off" in out and "2020-02-15" in out


def test_recs_progress_leaves_dropped_actions_out(plan: Path) -> None:
    assert [(r["id"], r["done"], r["actions"]) for r in as_json("recs", data=plan)] == [
        (1, 0, 3),
        (2, 1, 3),
    ]


def test_markdown_is_a_table_with_escaped_pipes(plan: Path) -> None:
    out = ok("list", "--format", "markdown", data=plan)
    lines = out.splitlines()
    assert lines[0] == "| ID | REC | STATUS | OWNER | WHEN | DUE | ACTION |"
    assert lines[1] == "|---|---|---|---|---|---|---|"
    assert lines[2] == "| a1 | 1 | open | Alice | maart 2020 | 2020-03-31 | First \\| with a pipe |"


def test_plain_table_is_aligned_and_has_no_colour(plan: Path) -> None:
    out = ok("list", "--status", "in-progress", data=plan)
    assert out.splitlines() == [
        "ID  REC  STATUS       OWNER       WHEN     DUE         ACTION",
        "a2  1,2  in-progress  Bob, Alice  Q2 2020  2020-06-30  Second",
    ]
    assert "\x1b[" not in out


def test_csv_has_every_field(plan: Path) -> None:
    [row] = as_csv("list", "--status", "done", data=plan)
    assert row == {
        "ID": "a3",
        "REC": "2",
        "STATUS": "done",
        "OWNER": "Carol",
        "WHEN": "Gedaan in januari 2020",
        "DUE": "2020-01-31",
        "ACTION": "Third",
        "DONE_ON": "2020-01-20",
        "NOTES": "",
    }


def test_empty_selection(plan: Path) -> None:
    assert as_json("list", "--owner", "Dan", "--status", "done", data=plan) == []
    assert "No actions match." in ok("list", "--owner", "Dan", "--status", "done", data=plan)


# --- the JSON contract (README, "JSON output") ------------------------------------------

ACTION_KEYS = [
    "id",
    "recommendations",
    "action",
    "owner",
    "when",
    "due",
    "status",
    "done_on",
    "milestones",
    "notes",
    "updates",
]


def test_json_contract_of_an_action(plan: Path) -> None:
    a6 = as_json("show", "a6", data=plan)
    assert list(a6) == ACTION_KEYS
    assert a6 == {
        "id": "a6",
        "recommendations": [1],
        "action": "Sixth",
        "owner": ["Dan"],
        "when": "Kick-off 15/02/2020; Report in mei 2020",
        "due": "2020-05-31",
        "status": "open",
        "done_on": None,
        "milestones": [
            {
                "label": "Kick-off",
                "when": "15/02/2020",
                "due": "2020-02-15",
                "status": "open",
                "done_on": None,
                "updates": [],
            },
            {
                "label": "Report",
                "when": "mei 2020",
                "due": "2020-05-31",
                "status": "open",
                "done_on": None,
                "updates": [],
            },
        ],
        "notes": None,
        "updates": [],
    }


def test_json_contract_of_a_recommendation(plan: Path) -> None:
    two = as_json("show", "2", data=plan)
    assert list(two) == [
        "id",
        "title",
        "text",
        "response",
        "response_text",
        "rating",
        "assessment",
        "actions",
    ]
    assert (two["id"], two["response"], two["text"]) == (2, "disagree", None)
    assert (two["rating"], two["assessment"]) == ("not-accepted", None)  # a disagree
    assert [list(a) for a in two["actions"]] == [ACTION_KEYS] * 3


def test_list_and_due_give_arrays_of_actions(plan: Path) -> None:
    assert [a["id"] for a in as_json("list", data=plan)] == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert [a["id"] for a in as_json("due", "--as-of", "2020-03-01", data=plan)] == [
        "a6",
        "a1",
        "a2",
    ]


# --- read-only --------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("due",),
        ("show", "4"),
        ("show", "D2"),
        ("recs",),
        ("show", "nope"),
        ("due", "--before", "x"),
    ],
)
def test_read_only_commands_never_write(tmp_path: Path, args: tuple[str, ...]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    before = _snapshot(data)
    for fmt in ("table", "json", "csv", "markdown"):
        run(*args, "--format", fmt, data=data)
    assert _snapshot(data) == before


# --- completion -------------------------------------------------------------------------


def test_tab_completion_offers_ids_and_owners() -> None:
    env = {
        "_VVSGPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": "vvsgplan show D",
        "COMP_CWORD": "2",
    }
    result = run(data=None, env={**env, "VVSGPLAN_DATA": str(BUNDLED)})
    assert result.stdout.split() == ["D1", "D2", "D3"]
    env = {"_VVSGPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "vvsgplan show ", "COMP_CWORD": "2"}
    result = run(data=None, env={**env, "VVSGPLAN_DATA": str(BUNDLED)})
    assert result.stdout.split()[:10] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "A1"]
    assert len(result.stdout.split()) == 9 + 15
    env = {
        "_VVSGPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": "vvsgplan list --owner VVSG\\ d",
        "COMP_CWORD": "3",
    }
    result = run(data=None, env={**env, "VVSGPLAN_DATA": str(BUNDLED)})
    assert "VVSG diensten" in result.stdout and "VVSG directie" in result.stdout
