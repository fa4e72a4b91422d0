"""The CI recipes of docs/ci/: linted by real linters, and their commands run against a
real plan repository with a base and a head branch; `check`'s formats for CI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from clones import Clone, clone, origin
from conftest import ROOT, run

GITHUB = ROOT / "docs" / "ci" / "github-actions.yml"
GITLAB = ROOT / "docs" / "ci" / "gitlab-ci.yml"
BIN = Path(sys.executable).parent  # the test environment's tools: actionlint, vvsgplan...


def _tool(name: str) -> str:
    found = BIN / name
    assert found.exists(), f"{name} is missing: install the dev extra (pip install -e '.[dev]')"
    return str(found)


def _lint(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT)


def test_the_github_workflow_passes_actionlint() -> None:
    done = _lint(_tool("actionlint"), "-no-color", str(GITHUB))
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_is_a_real_check(tmp_path: Path) -> None:
    """The linter refuses the workflow with a pull request's title in a script (an
    injection), so its pass above means something."""
    bad = tmp_path / "plan.yml"
    bad.write_text(
        GITHUB.read_text(encoding="utf-8").replace(
            'run: pip install "$VVSGPLAN"',
            'run: echo "${{ github.event.pull_request.title }}"',
        ),
        encoding="utf-8",
    )
    done = _lint(_tool("actionlint"), "-no-color", str(bad))
    assert done.returncode == 1
    assert "potentially untrusted" in done.stdout


@pytest.mark.parametrize(
    ("recipe", "schema"),
    [(GITLAB, "vendor.gitlab-ci"), (GITHUB, "vendor.github-workflows")],
)
def test_the_recipes_match_their_platforms_schemas(recipe: Path, schema: str) -> None:
    done = _lint(_tool("check-jsonschema"), "--builtin-schema", schema, str(recipe))
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_gitlab_job_has_what_the_readme_says() -> None:
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["plan"]
    assert job["rules"][0]["if"] == '$CI_PIPELINE_SOURCE == "merge_request_event"'
    assert job["variables"]["GIT_DEPTH"] == "0"
    assert job["artifacts"]["paths"] == ["plan-changes.md"]
    assert job["artifacts"]["when"] == "always"


# --- the recipes' commands on a real repository ---------------------------------------


@pytest.fixture
def pull_request(tmp_path: Path) -> tuple[Clone, str, str]:
    """A plan repository with main and a branch `feature` that marks B2 done and
    reschedules D3, while main moved on (A1 started) after the branch left it."""
    root = origin(tmp_path)
    ann = clone(root, tmp_path / "ann", "Ann Peeters")
    ann.git("checkout", "-qb", "feature")
    ann.vv("done", "B2", "--on", "2019-08-30", "--commit")
    ann.vv("reschedule", "D3", "najaar 2020", "--reason", "Nieuwe planning", "--commit")
    ann.git("checkout", "-q", "main")
    ann.vv("start", "A1", "--commit")
    ann.git("checkout", "-q", "feature")
    return ann, ann.git("rev-parse", "main").strip(), ann.head()


# What the pull request changes, counted from the steps above: B2 done, D3 moved from
# Voorjaar 2020 (31 May 2020) to najaar 2020 (30 November 2020): 183 days. A1 is main's.
EXPECTED_CHANGES = (
    "**Plan changes:** 1 done, 1 rescheduled (`{base}...` → `{head}`).\n"
    "\n"
    "### Done (1)\n"
    "\n"
    "- **B2** on 2019-08-30\n"
    "\n"
    "### Rescheduled (1)\n"
    "\n"
    "- **D3**: Voorjaar 2020 (2020-05-31) → najaar 2020 (2020-11-30), **183 days later**\n"
    "  > Nieuwe planning\n"
)


def _run_steps(commands: list[str], cwd: Path, env: dict[str, str]) -> list[tuple[int, str]]:
    environment = {**os.environ, **env, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    environment.pop("VVSGPLAN_DATA", None)
    results = []
    for command in commands:
        done = subprocess.run(
            ["bash", "-e", "-c", command], cwd=cwd, env=environment, capture_output=True, text=True
        )
        results.append((done.returncode, done.stdout + done.stderr))
    return results


def _github_steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["plan"]["steps"]
    return [s for s in steps if "vvsgplan " in s.get("run", "")]


def test_the_github_steps_on_a_pull_request(
    pull_request: tuple[Clone, str, str], tmp_path: Path
) -> None:
    ann, base, head = pull_request
    summary = tmp_path / "summary.md"
    env = {"BASE_SHA": base, "HEAD_SHA": head, "GITHUB_STEP_SUMMARY": str(summary)}
    steps = _github_steps()
    assert [s["name"] for s in steps] == ["Check the plan", "Plan changes"]
    assert _run_steps([s["run"] for s in steps], ann.root, env) == [(0, ""), (0, "")]
    assert summary.read_text(encoding="utf-8") == EXPECTED_CHANGES.format(base=base, head=head)


def test_the_github_check_step_annotates_a_broken_plan(
    pull_request: tuple[Clone, str, str], tmp_path: Path
) -> None:
    ann, base, head = pull_request
    text = ann.actions()
    lines = text.splitlines()
    # The first `status: done` of the file (B1's), on a line counted here.
    number = lines.index("  status: done") + 1
    ann.write_actions(text.replace("  status: done\n", "  status: gedaan\n", 1))
    env = {"BASE_SHA": base, "HEAD_SHA": head, "GITHUB_STEP_SUMMARY": str(tmp_path / "s.md")}
    [(code, out)] = _run_steps([_github_steps()[0]["run"]], ann.root, env)
    assert code == 1
    # One mistake, one annotation: B1's done_on, on the next line, is not blamed for the
    # status that is wrong.
    assert out == (
        f"::error file=data/actions.yaml,line={number},col=11,title=vvsgplan check::"
        "'status' is 'gedaan'; use one of open, in-progress, done, dropped\n"
    )


def test_the_gitlab_script_on_a_merge_request(pull_request: tuple[Clone, str, str]) -> None:
    ann, base, head = pull_request
    merge_base = ann.git("merge-base", base, head).strip()
    job = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["plan"]
    env = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": merge_base, "CI_COMMIT_SHA": head}
    assert _run_steps(job["script"], ann.root, env) == [(0, ""), (0, "")]
    written = (ann.root / "plan-changes.md").read_text(encoding="utf-8")
    assert written == EXPECTED_CHANGES.format(base=merge_base, head=head).replace(
        f"`{merge_base}...`", f"`{merge_base}`"
    )


# --- check --format github|json ---------------------------------------------------------


def test_check_formats_for_ci(make_plan: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import MINIMAL_ACTIONS

    data = make_plan(actions=MINIMAL_ACTIONS.replace("maart 2020", '"maart 2020: 50%, zo"'))
    monkeypatch.chdir(data.parent)
    result = run("check", "--format", "github", data=Path("data"))
    assert result.exit_code == 1
    # x1's `when` is on line 5, its value at column 9; % , : are escaped in a command.
    [line] = result.stdout.splitlines()
    assert line.startswith("::error file=data/actions.yaml,line=5,col=9,title=vvsgplan check::")
    assert "%25" in line and "\n" not in line.rstrip("\n")
    result = run("check", "--format", "json", data=Path("data"))
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert (problem["file"], problem["line"], problem["column"]) == ("data/actions.yaml", 5, 9)
    assert problem["message"].startswith("'when': ")
    good = make_plan()
    assert run("check", "--format", "json", data=good).stdout == "[]\n"
    assert run("check", "--format", "github", data=good).stdout == ""
    missing = run("check", "--format", "json", data=good / "nowhere")
    assert missing.exit_code == 1
    assert json.loads(missing.stdout)[0]["file"] is None


def test_check_takes_the_plan_folder_after_the_command(make_plan: Any) -> None:
    data = make_plan()
    assert run("check", "--data", str(data), data=None).exit_code == 0
    broken = data.parent / "broken"
    shutil.copytree(data, broken)
    (broken / "actions.yaml").write_text("- id: x1\n", encoding="utf-8")
    result = run("check", "--data", str(broken), data=None)
    assert result.exit_code == 1
    assert f"{broken}/actions.yaml:1:3: 'recommendations' is missing" in result.stderr
