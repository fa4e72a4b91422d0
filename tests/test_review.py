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

from vvsgplan.fields import ACTION, MILESTONE, RECOMMENDATION


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
    data = as_json("diff", "HEAD~3", "HEAD", data=scripted)
    assert [(c["subject"], c["what"], c["old"], c["new"]) for c in data["changes"]] == [
        ("recommendation 5", "response", "noted", "partially-agree"),
        ("B2", "status", "open", "done"),
        ("B2", "done on", None, "2019-08-30"),
        ("D3", "deadline", "Voorjaar 2020", "Q1 2021"),
        ("D3", "note added", None, "Nieuwe planning"),
        ("D4", "added", None, "SDG-impulsfonds bepleiten"),
    ]
    # Voorjaar 2020 ends 31 May 2020; Q1 2021 ends 31 March 2021: 304 days later.
    d3 = data["changes"][3]
    assert (d3["old_due"], d3["new_due"], d3["slip_days"]) == ("2020-05-31", "2021-03-31", 304)
    assert [c["kind"] for c in data["changes"]] == [
        "other",
        "done",
        "done",
        "rescheduled",
        "note",
        "added",
    ]
    # What a reviewer reads: B2's done_on and D3's reason belong to those changes.
    assert data["summary"] == {
        "done": 1,
        "rescheduled": 1,
        "dropped": 0,
        "status": 0,
        "added": 1,
        "removed": 0,
        "note": 0,
        "other": 1,
    }
    assert (data["base"], data["head"]) == ("HEAD~3", "HEAD")
    assert len(data["base_commit"]) == len(data["head_commit"]) == 40


def test_diff_defaults_to_head_against_the_working_tree(scripted: Path) -> None:
    assert as_json("diff", data=scripted)["changes"] == []
    ok("start", "A1", data=scripted)
    out = ok("diff", data=scripted)
    assert out.splitlines()[:2] == [
        "WHAT  FIELD   CHANGE",
        "A1    status  open → in-progress",
    ]
    assert "1 change from HEAD to the working tree." in out
    assert as_json("diff", data=scripted)["head_commit"] is None


def test_diff_of_a_removed_action_and_an_unknown_revision(scripted: Path) -> None:
    actions = scripted / "actions.yaml"
    actions.write_text(
        actions.read_text(encoding="utf-8").split("\n- id: D4")[0] + "\n", encoding="utf-8"
    )
    assert [(c["subject"], c["what"]) for c in as_json("diff", data=scripted)["changes"]] == [
        ("D4", "removed")
    ]
    for rev in ("no-such-rev", "--output=/tmp/x", "HEAD~99"):
        result = run("diff", "--", rev, data=scripted)
        assert result.exit_code == 2, rev
        assert result.stderr == f"vvsgplan: {rev!r} is not a commit in this repository\n"


def test_diff_of_a_pull_request_compares_with_the_merge_base(scripted: Path) -> None:
    """`diff main...feature` shows the branch's changes only, as a pull request does,
    even when main moved on after the branch left it."""
    root = scripted.parent
    git(root, "checkout", "-qb", "feature", "HEAD~1")
    ok("drop", "A5", "--reason", "Geen budget", "--commit", data=scripted)
    git(root, "checkout", "-q", "main")
    three_dot = as_json("diff", "main...feature", data=scripted)
    assert [(c["subject"], c["what"]) for c in three_dot["changes"]] == [
        ("A5", "status"),
        ("A5", "note added"),
    ]
    # Two dots compare the tips: main's last commit shows as undone.
    two_dot = as_json("diff", "main", "feature", data=scripted)
    assert ("D4", "removed") in [(c["subject"], c["what"]) for c in two_dot["changes"]]
    result = run("diff", "main...feature", "HEAD", data=scripted)
    assert result.exit_code == 2


def test_markdown_diff_for_a_pull_request(scripted: Path) -> None:
    root = scripted.parent
    git(root, "checkout", "-qb", "feature")
    ok(
        "done",
        "D2",
        "-m",
        "Selectie",
        "--on",
        "2019-08-20",
        "--note",
        "Lijst klaar",
        "--commit",
        data=scripted,
    )
    ok(
        "drop",
        "A5",
        "--reason",
        "Geen *conferentie* meer\n# niet in 2020",
        "--commit",
        data=scripted,
    )
    ok(
        "reschedule",
        "B3",
        "voorjaar 2020",
        "--reason",
        "Collega's pas in maart",
        "--commit",
        data=scripted,
    )
    ok("start", "A1", "--commit", data=scripted)
    out = ok("diff", "main", "feature", "--format", "markdown", data=scripted)
    # Tweede helft 2019 ends 31 December 2019, voorjaar 2020 on 31 May 2020: 152 days.
    assert out == (
        "**Plan changes:** 1 done, 1 rescheduled, 1 dropped, 1 status change (`main` → `feature`).\n"
        "\n"
        "### Done (1)\n"
        "\n"
        "- **D2** milestone **Selectie** on 2019-08-20\n"
        "  > Lijst klaar\n"
        "\n"
        "### Rescheduled (1)\n"
        "\n"
        "- **B3**: Tweede helft 2019 (2019-12-31) → voorjaar 2020 (2020-05-31), **152 days later**\n"
        "  > Collega's pas in maart\n"
        "\n"
        "### Dropped (1)\n"
        "\n"
        "- **A5**\n"
        "  > Geen \\*conferentie\\* meer\\\n"
        "  > \\# niet in 2020\n"
        "\n"
        "### Status changes (1)\n"
        "\n"
        "- **A1**: open → in-progress\n"
    )
    assert ok("diff", "main", "main", "--format", "markdown", data=scripted) == (
        "**No plan changes** (`main` → `main`).\n"
    )


HOSTILE_NOTE = (
    "Kop\n===\nTekst\n---\n- lijst\n1. genummerd\n2) ook\n+ plus\n> citaat\n"
    "    ingesprongen\n```\n~~~\n&amp; &#35; <b>vet</b> *ster* _laag_ [a](b) `c` | d\n\n"
    "# na een lege regel"
)


def test_the_pull_request_comment_renders_notes_as_their_text(scripted: Path) -> None:
    """Rendered by a CommonMark parser (GitHub's and GitLab's markdown are CommonMark), a
    note of several lines that look like markdown is a quote of those lines, each on its
    own line, and nothing else: no heading, list, rule, code block, tag or entity."""
    from markdown_it import MarkdownIt

    ok("done", "D3", "--on", "2020-01-10", "--note", HOSTILE_NOTE, "--commit", data=scripted)
    comment = ok("diff", "HEAD~1", "HEAD", "--format", "markdown", data=scripted)
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = parser.parse(comment)
    quoted = [t.type for t in tokens if t.level >= 3 and t.type.endswith("_open")]
    assert quoted == ["paragraph_open", "paragraph_open"]
    inline = [t for t in tokens if t.type == "inline" and t.level >= 4]
    lines = [
        "".join(
            "\n" if c.type == "hardbreak" else c.content
            for c in paragraph.children or []
            if c.type in ("text", "hardbreak")
        )
        for paragraph in inline
    ]
    note = HOSTILE_NOTE.replace("    ingesprongen", "ingesprongen")
    assert lines == note.split("\n\n")
    assert all(c.type in ("text", "hardbreak") for p in inline for c in p.children or [])


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
    assert [(c["what"], c["old"], c["new"]) for c in events[1]["changes"]] == [
        ("deadline", "Voorjaar 2020", "najaar 2020"),
        ("note added", None, "Nieuwe planning"),
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


def test_tables_keep_multi_line_notes_aligned(scripted: Path) -> None:
    ok("done", "A1", "--note", "Eerste regel\nTweede regel", data=scripted)
    out = ok("diff", data=scripted)
    lines = out.splitlines()
    at = lines.index("A1    note added  Eerste regel")
    assert lines[at + 1] == "                  Tweede regel"
    ok("history", "A1", data=scripted)


def test_diff_outside_git(make_plan: Callable[..., Path]) -> None:
    data = make_plan()
    result = run("diff", data=data)
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr


def test_history_outside_git_and_before_the_first_commit(
    make_plan: Callable[..., Path],
) -> None:
    data = make_plan()
    result = run("history", "x1", data=data)
    assert (result.exit_code, result.stderr) == (
        2,
        f"vvsgplan: {data} is not in a git repository\n",
    )
    git(data.parent, "init", "-q")
    result = run("history", "x1", data=data)
    assert (result.exit_code, result.stderr) == (
        2,
        f"vvsgplan: {data} is in a repository without commits: commit the plan first\n",
    )


# --- schema -----------------------------------------------------------------------------


def test_schema_lists_the_documented_keys() -> None:
    both = as_json_schema()
    recs = both["recommendations.yaml"]["$defs"]["Recommendation"]
    actions = both["actions.yaml"]["$defs"]["Action"]
    milestone = both["actions.yaml"]["$defs"]["Milestone"]
    assert set(recs["properties"]) == set(RECOMMENDATION.key_names())
    assert set(actions["properties"]) == set(ACTION.key_names())
    assert set(milestone["properties"]) == set(MILESTONE.key_names())
    assert recs["additionalProperties"] is False and actions["additionalProperties"] is False
    # An empty `status:` is the key absent, as `check` reads it.
    assert actions["properties"]["status"]["anyOf"] == [
        {"enum": ["open", "in-progress", "done", "dropped"], "type": "string"},
        {"type": "null"},
    ]


def as_json_schema() -> dict[str, Any]:
    result = json.loads(ok("schema", data=None))
    assert isinstance(result, dict)
    return result


@pytest.mark.parametrize("name", ["recommendations", "actions", "plan"])
def test_committed_schema_files_are_current(name: str) -> None:
    """data/*.schema.json are what `vvsgplan schema NAME` prints; each data file's first
    line points editors at its schema beside it. Regenerate with
    `vvsgplan schema --write data`."""
    committed = (ROOT / "data" / f"{name}.schema.json").read_text(encoding="utf-8")
    assert committed == ok("schema", name, data=None)
    first_line = (ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={name}.schema.json"


def test_the_schema_models_agree_with_the_loader(tmp_path: Path) -> None:
    """The bundled plan passes both; a typo'd key fails both."""
    from pydantic import ValidationError

    from vvsgplan.schema import adapter, model

    for name in ("recommendations", "actions", "plan"):
        adapter(name).validate_python(
            yaml.safe_load((ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
        )
    with pytest.raises(ValidationError):
        model("action").model_validate(
            {"id": "a1", "recommendations": [1], "action": "x", "ower": "y"}
        )


def test_pre_commit_hook_runs_check() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["pass_filenames"]) == (
        "vvsgplan-check",
        "vvsgplan check",
        False,
    )
