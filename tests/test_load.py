"""A plan with problems: each one reported as file:line:column: message, exit 1, no traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL_ACTIONS, MINIMAL_RECS, as_json, ok, run

MakePlan = Callable[..., Path]


def problems(data: Path, *args: str) -> list[str]:
    result = run(*(args or ("list",)), data=data)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    return result.stderr.splitlines()


def test_a_small_plan_loads(make_plan: MakePlan) -> None:
    data = make_plan()
    assert [a["id"] for a in as_json("list", data=data)] == ["x1", "x2"]


def test_yaml_syntax_error_has_its_place(make_plan: MakePlan) -> None:
    data = make_plan(actions='- id: x1\n  recommendations: [1]\n  action: "never closed\n')
    [line] = problems(data)
    assert line.startswith(f"{data / 'actions.yaml'}:4:1: YAML syntax:")


def test_unknown_key_names_the_key_and_the_likely_one(make_plan: MakePlan) -> None:
    data = make_plan(actions=MINIMAL_ACTIONS.replace("  owner: Alice", "  ower: Alice"))
    [line] = problems(data)
    assert line == (
        f"{data / 'actions.yaml'}:4:3: unknown key 'ower' (did you mean 'owner'?); allowed: "
        "id, recommendations, action, owner, when, status, done_on, milestones, notes, updates"
    )


def test_duplicate_key_in_one_mapping(make_plan: MakePlan) -> None:
    data = make_plan(
        actions=MINIMAL_ACTIONS.replace(
            "  when: maart 2020", "  when: maart 2020\n  when: mei 2020"
        )
    )
    [line] = problems(data)
    assert line == f"{data / 'actions.yaml'}:6:3: duplicate key 'when' (first on line 5)"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("  owner: no", "'owner' must be text, but YAML reads 'no' as true/false"),
        ("  owner: 12", "'owner' must be text, but YAML reads '12' as a number"),
        ("  owner: 2020-03-15", "'owner' must be text, but YAML reads '2020-03-15' as a date"),
        ("  owner: {name: Alice}", "'owner' must be a list, e.g. owner: [Lead, Other]"),
    ],
)
def test_yaml_never_silently_changes_a_value(make_plan: MakePlan, line: str, message: str) -> None:
    data = make_plan(actions=MINIMAL_ACTIONS.replace("  owner: Alice", line))
    [found] = problems(data)
    assert found.startswith(f"{data / 'actions.yaml'}:4:10: {message}")


def test_unquoted_values_keep_the_text_as_written(make_plan: MakePlan) -> None:
    """A quoted '1.10' is the id "1.10" (unquoted, YAML readers load the number 1.1,
    which check refuses: test_ids.py); an unquoted `when: 2020` is "2020"."""
    actions = "- id: '1.10'\n  recommendations: [1]\n  action: Do it\n  when: 2020\n"
    data = make_plan(actions=actions)
    [action] = as_json("list", data=data)
    assert (action["id"], action["when"], action["due"]) == ("1.10", "2020", "2020-12-31")


def test_wrong_types_and_references(make_plan: MakePlan) -> None:
    actions = """\
- id: 2
  recommendations: 4
  action: The id of a recommendation
- id: y1
  recommendations: [7]
  action: Answers a recommendation that does not exist
  status: open
  done_on: 2020-01-01
- id: y1
  recommendations: [1]
  action: Same id again
  status: finished
"""
    data = make_plan(actions=actions)
    file = data / "actions.yaml"
    assert problems(data) == [
        f"{file}:1:7: id 2 is recommendation 2's id too (recommendations.yaml line 4): "
        "recommendations and actions share one set of ids, so that `show ID` names one",
        f"{file}:2:20: 'recommendations' must be a list, e.g. recommendations: [4]",
        f"{file}:5:21: recommendation 7 does not exist",
        f"{file}:8:3: 'done_on' is only for status done, not open",
        f"{file}:9:7: duplicate id y1 (first on line 4)",
        f"{file}:12:11: 'status' is 'finished'; use one of open, in-progress, done, dropped",
    ]


def test_missing_required_fields(make_plan: MakePlan) -> None:
    data = make_plan(recommendations="- id: 1\n  response: agree\n", actions="- action: x\n")
    assert problems(data) == [
        f"{data / 'recommendations.yaml'}:1:3: 'title' is missing",
        f"{data / 'actions.yaml'}:1:3: 'id' is missing",
        f"{data / 'actions.yaml'}:1:3: 'recommendations' is missing",
    ]


def test_a_response_outside_the_four(make_plan: MakePlan) -> None:
    data = make_plan(recommendations=MINIMAL_RECS.replace("disagree", "partly"))
    [line] = problems(data)
    assert "'response' is 'partly'" in line
    assert "use one of agree, partially-agree, disagree, noted" in line


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "1:1: empty file: expected a list of recommendations"),
        ("# only a comment\n", "1:1: empty file: expected a list of recommendations"),
        (
            "id: 1\ntitle: x\n",
            "1:1: expected a list of recommendations ('- id: ...'), found a mapping",
        ),
        (
            "- just text\n",
            "1:3: expected one of the recommendations as a mapping, found a single value",
        ),
        (
            "- !!python/object/apply:os.system [echo hi]\n",
            "1:3: tag !!python/object/apply:os.system is not allowed",
        ),
        (
            "- &a {id: 1, title: x, response: agree}\n- *a\n",
            "1:3: this node is repeated by a YAML alias (*name); aliases are not allowed",
        ),
    ],
)
def test_the_shape_of_a_file(make_plan: MakePlan, text: str, message: str) -> None:
    data = make_plan(recommendations=text)
    lines = problems(data)
    assert lines[0].startswith(f"{data / 'recommendations.yaml'}:{message}")


def test_git_conflict_markers_say_to_resolve_the_merge(make_plan: MakePlan) -> None:
    conflicted = MINIMAL_ACTIONS.replace(
        "  when: maart 2020\n",
        "<<<<<<< HEAD\n  when: maart 2020\n=======\n  when: april 2020\n>>>>>>> other\n",
    )
    data = make_plan(actions=conflicted)
    lines = problems(data)
    assert (
        lines[0]
        == f"{data / 'actions.yaml'}:5:1: git conflict marker: resolve the merge, then retry"
    )
    assert len(lines) == 3


def test_bytes_that_are_not_utf8_name_their_line(make_plan: MakePlan) -> None:
    data = make_plan()
    (data / "actions.yaml").write_bytes(MINIMAL_ACTIONS.encode().replace(b"Alice", b"Al\xe9ce", 1))
    assert problems(data) == [
        f"{data / 'actions.yaml'}:4:12: not UTF-8 text: save the file as UTF-8"
    ]


def test_bom_and_crlf_are_read(make_plan: MakePlan) -> None:
    data = make_plan()
    crlf = "\ufeff" + MINIMAL_ACTIONS.replace("\n", "\r\n")
    (data / "actions.yaml").write_bytes(crlf.encode())
    assert [a["owner"] for a in as_json("list", data=data)] == [["Alice"], ["Bob", "Alice"]]


def test_missing_actions_file(make_plan: MakePlan) -> None:
    data = make_plan()
    (data / "actions.yaml").unlink()
    assert problems(data) == [f"{data / 'actions.yaml'}:1:1: file not found"]


# --- finding the plan -------------------------------------------------------------------


def test_plan_is_found_in_the_nearest_data_folder_above(
    make_plan: MakePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_plan()
    deep = data.parent / "notes" / "2020"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert "Write the first thing down" in ok("list", data=None)


def test_plan_from_the_environment(make_plan: MakePlan, tmp_path: Path) -> None:
    data = make_plan()
    result = run("list", data=None, env={"VVSGPLAN_DATA": str(data)})
    assert result.exit_code == 0
    assert "Read it again" in result.stdout


def test_no_plan_found_says_where_it_looked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("due", data=None)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "vvsgplan: no plan found: looked for recommendations.yaml, plans/ or "
        f"data/recommendations.yaml in {tmp_path.resolve()} and every folder above it; start "
        "one with `vvsgplan init DIR`, or point at one with --data DIR or VVSGPLAN_DATA=DIR"
    )


def test_data_given_as_a_file(make_plan: MakePlan) -> None:
    data = make_plan()
    result = run("list", data=data / "actions.yaml")
    assert result.exit_code == 1
    assert "--data names a file; give the folder that holds it" in result.stderr


def test_data_folder_without_a_plan(tmp_path: Path) -> None:
    result = run("list", data=tmp_path)
    assert result.exit_code == 1
    assert (
        result.stderr.strip()
        == f"vvsgplan: {tmp_path}: no recommendations.yaml in this folder, nor a plans/ folder "
        "(--data)"
    )


# --- large files, read a few hundred items at a time ------------------------------------


def _many(n: int) -> str:
    """n actions of five lines each, after a two-line comment."""
    lines = ["# many actions", ""]
    for i in range(1, n + 1):
        lines += [
            f"- id: m{i}",
            "  recommendations: [1]",
            f"  action: Action {i}",
            "  when: Q3 2020",
            "",
        ]
    return "\n".join(lines)


def test_problems_in_a_large_file_have_their_place(make_plan: MakePlan) -> None:
    """Action m450 starts on line 3 + 5 * 449 = 2248; its third line is 2250."""
    text = _many(500).replace("  action: Action 450\n", "  action: Action 450\n  colour: red\n")
    text = text.replace("- id: m499\n", "- id: m7\n")
    data = make_plan(actions=text)
    assert problems(data) == [
        f"{data / 'actions.yaml'}:2251:3: unknown key 'colour'; allowed: id, recommendations, action, owner, when, status, done_on, milestones, notes, updates",
        f"{data / 'actions.yaml'}:2494:7: duplicate id m7 (first on line 33)",
    ]


def test_a_large_file_that_cannot_be_split_is_read_whole(make_plan: MakePlan) -> None:
    """An alias in one part names an anchor in another: reading the file whole finds it."""
    text = _many(500).replace("  action: Action 3\n", "  action: &a Action 3\n")
    text = text.replace("  action: Action 480\n", "  action: *a\n")
    data = make_plan(actions=text)
    [line] = problems(data)
    assert (
        line
        == f"{data / 'actions.yaml'}:15:11: this node is repeated by a YAML alias (*name); aliases are not allowed"
    )


def test_a_large_file_reads_and_changes(make_plan: MakePlan) -> None:
    data = make_plan(actions=_many(700))
    assert len(as_json("list", data=data)) == 700
    before = (data / "actions.yaml").read_text()
    assert (
        ok("done", "m650", "--on", "2020-07-01", data=data) == "m650: open -> done on 2020-07-01\n"
    )
    after = (data / "actions.yaml").read_text()
    assert after == before.replace(
        "  action: Action 650\n  when: Q3 2020\n",
        "  action: Action 650\n  when: Q3 2020\n  status: done\n  done_on: '2020-07-01'\n",
    )
