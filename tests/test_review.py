"""Plan changes through git: `diff` and `history` on a scripted history; `schema`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, as_json, ok, run
from test_change import git, repo  # noqa: F401  (the fixture)

from vvsgplan.model import ACTION_KEYS, MILESTONE_KEYS, RECOMMENDATION_KEYS


@pytest.fixture
def scripted(repo: Path) -> Path:  # noqa: F811
    """Four commits after the initial plan: done, reschedule twice (once by hand), a new
    action and a changed response."""
    ok("done", "B2", "--on", "2019-08-30", "--commit", data=repo)
    ok("reschedule", "D3", "najaar 2020", "--reason", "Nieuwe planning", "--commit", data=repo)
    actions = repo / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(
        text.replace("  when: najaar 2020\n", "  when: Q1 2021\n")
        + "\n- id: D4\n  recommendations: [9]\n  action: SDG-impulsfonds bepleiten\n  owner: VVSG directie\n",
        encoding="utf-8",
    )
    recs = repo / "recommendations.yaml"
    recs.write_text(
        recs.read_text(encoding="utf-8").replace(
            "  response: noted", "  response: partially-agree"
        ),
        encoding="utf-8",
    )
    git(repo.parent, "commit", "-qam", "Plan D4, move D3 again")
    return repo


def test_diff_between_revisions_in_plan_terms(scripted: Path) -> None:
    changes = as_json("diff", "HEAD~3", "HEAD", data=scripted)
    assert [(c["subject"], c["what"], c["old"], c["new"]) for c in changes] == [
        ("recommendation 5", "response", "noted", "partially-agree"),
        ("B2", "status", "open", "done"),
        ("B2", "done on", None, "2019-08-30"),
        # Voorjaar 2020 ends 31 May 2020; Q1 2021 ends 31 March 2021.
        ("D3", "deadline", "Voorjaar 2020 (due 2020-05-31)", "Q1 2021 (due 2021-03-31)"),
        ("D3", "notes", None, "Nieuwe planning"),
        ("D4", "added", None, "SDG-impulsfonds bepleiten"),
    ]


def test_diff_defaults_to_head_against_the_working_tree(scripted: Path) -> None:
    assert as_json("diff", data=scripted) == []
    ok("start", "A1", data=scripted)
    out = ok("diff", "--format", "markdown", data=scripted)
    assert out.splitlines()[:3] == [
        "| WHAT | CHANGE | FROM | TO |",
        "|---|---|---|---|",
        "| A1 | status | open | in-progress |",
    ]
    assert "*1 change from HEAD to the working tree.*" in out


def test_diff_of_a_removed_action_and_an_unknown_revision(scripted: Path) -> None:
    actions = scripted / "actions.yaml"
    actions.write_text(
        actions.read_text(encoding="utf-8").split("\n- id: D4")[0] + "\n", encoding="utf-8"
    )
    assert [(c["subject"], c["what"]) for c in as_json("diff", data=scripted)] == [
        ("D4", "removed")
    ]
    result = run("diff", "no-such-rev", data=scripted)
    assert result.exit_code == 2
    assert "git show no-such-rev" in result.stderr


def test_history_of_an_action(scripted: Path) -> None:
    data = as_json("history", "d3", data=scripted)
    assert data["id"] == "D3"
    assert data["deadline_moves"] == 2
    events = data["events"]
    assert [e["subject"] for e in events] == [
        "Plan",
        "Reschedule D3 to najaar 2020",
        "Plan D4, move D3 again",
    ]
    assert [(c["what"], c["new"]) for c in events[1]["changes"]] == [
        ("deadline", "najaar 2020 (due 2020-11-30)"),
        ("notes", "Nieuwe planning"),
    ]
    assert {e["author"] for e in events} == {"Follow Up"}
    assert "D3: 3 commits; its deadline moved 2 times." in ok("history", "D3", data=scripted)


def test_history_of_a_new_action_and_of_a_recommendation(scripted: Path) -> None:
    events = as_json("history", "D4", data=scripted)["events"]
    assert [(e["subject"], e["changes"][0]["what"]) for e in events] == [
        ("Plan D4, move D3 again", "added")
    ]
    result = run("history", "4", data=scripted)
    assert result.exit_code == 2
    assert "is a recommendation" in result.stderr


def test_diff_outside_git(make_plan: Callable[..., Path]) -> None:
    data = make_plan()
    result = run("diff", data=data)
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr


# --- schema -----------------------------------------------------------------------------


def test_schema_lists_the_documented_keys() -> None:
    both = as_json_schema()
    recs = both["recommendations.yaml"]["$defs"]["Recommendation"]
    actions = both["actions.yaml"]["$defs"]["Action"]
    milestone = both["actions.yaml"]["$defs"]["Milestone"]
    assert set(recs["properties"]) == set(RECOMMENDATION_KEYS)
    assert set(actions["properties"]) == set(ACTION_KEYS)
    assert set(milestone["properties"]) == set(MILESTONE_KEYS)
    assert recs["additionalProperties"] is False and actions["additionalProperties"] is False
    assert actions["properties"]["status"]["enum"] == ["open", "in-progress", "done", "dropped"]


def as_json_schema() -> dict[str, Any]:
    result = json.loads(ok("schema", data=None))
    assert isinstance(result, dict)
    return result


@pytest.mark.parametrize("name", ["recommendations", "actions"])
def test_committed_schema_files_are_current(name: str) -> None:
    """schema/*.schema.json are what `vvsgplan schema NAME` prints (the data files point
    editors at them); regenerate with `vvsgplan schema NAME > schema/NAME.schema.json`."""
    committed = (ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == ok("schema", name, data=None)
    first_line = (ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../schema/{name}.schema.json"


def test_the_schema_models_agree_with_the_loader(tmp_path: Path) -> None:
    """The bundled plan passes both; a typo'd key fails both."""
    from pydantic import ValidationError

    from vvsgplan.schema import Action, Recommendation

    for name, model in (("recommendations", Recommendation), ("actions", Action)):
        for item in yaml.safe_load((ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8")):
            model.model_validate(item)
    with pytest.raises(ValidationError):
        Action.model_validate({"id": "a1", "recommendations": [1], "action": "x", "ower": "y"})


def test_pre_commit_hook_runs_check() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == (
        "vvsgplan-check",
        "vvsgplan check",
        False,
    )
