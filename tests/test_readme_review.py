"""The README's review examples are real: the pull-request comment is what the commands
shown above it write, and the pre-commit configuration runs with the real pre-commit.

Regenerate the comment with `UPDATE_README=1 .venv/bin/python -m pytest tests/test_readme_review.py`.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from clones import Clone, clone, git, origin
from conftest import MINIMAL_ACTIONS, MINIMAL_RECS, ROOT

README = ROOT / "README.md"
REVIEW = re.compile(
    r"```sh\n(?P<steps>[^`]*?)```\n\n<!-- review -->\n```markdown\n(?P<comment>.*?)```\n"
    r"<!-- /review -->",
    re.S,
)
PRE_COMMIT = re.compile(
    r"<!-- pre-commit -->\n```yaml\n(?P<config>.*?)```\n<!-- /pre-commit -->", re.S
)


def _comment(steps: str, tmp_path: Path) -> str:
    """Run the README's steps in a clone of a plan repository; the last one's output."""
    ann = clone(origin(tmp_path), tmp_path / "ann", "Ann Peeters")
    *changes, last = [line for line in steps.splitlines() if line.strip()]
    for line in changes:
        args = shlex.split(line)
        if args[0] == "git":
            ann.git(*args[1:])
        else:
            assert args[0] == "vvsgplan"
            ann.vv(*args[1:])
    args = shlex.split(last)
    assert args[:2] == ["vvsgplan", "diff"]
    return ann.vv(*args[1:])


def test_the_pull_request_comment_is_real(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    found = REVIEW.search(text)
    assert found is not None, "the README lost its review example"
    comment = _comment(found["steps"], tmp_path)
    if os.environ.get("UPDATE_README"):
        start, end = found.span("comment")
        README.write_text(text[:start] + comment + text[end:], encoding="utf-8")
        pytest.skip("README review example regenerated (UPDATE_README is set)")
    assert found["comment"] == comment
    # Counted from the steps: one milestone done, one reschedule of 152 days (31 December
    # 2019 to 31 May 2020), one drop, each with its note quoted.
    assert comment.startswith("**Plan changes:** 1 done, 1 rescheduled, 1 dropped ")
    assert "**152 days later**" in comment
    assert comment.count("  > ") == 3


# --- pre-commit ----------------------------------------------------------------------


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).parent / "pre-commit"
    assert tool.exists(), "pre-commit is missing: install the dev extra (pip install -e '.[dev]')"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("VVSGPLAN_DATA", None)
    return subprocess.run(
        [str(tool), *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def vvsgplan_clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository as pre-commit fetches it: committed history only."""
    dest = tmp_path_factory.mktemp("src") / "vvsgplan"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(dest)], check=True)
    return dest


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _plan_repo(root: Path, folder: str) -> Clone:
    (root / folder).mkdir(parents=True)
    (root / folder / "recommendations.yaml").write_text(MINIMAL_RECS, encoding="utf-8")
    (root / folder / "actions.yaml").write_text(MINIMAL_ACTIONS, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Ann Peeters")
    git(root, "config", "user.email", "ann@example.org")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Plan")
    return Clone(root)


def test_the_readme_pre_commit_config_runs(
    vvsgplan_clone: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    found = PRE_COMMIT.search(README.read_text(encoding="utf-8"))
    assert found is not None, "the README lost its pre-commit example"
    config = yaml.safe_load(found["config"])
    [repo] = config["repos"]
    rev = repo["rev"]
    # The rev exists here and is part of this history (no tag, so a commit).
    assert re.fullmatch(r"[0-9a-f]{40}", rev), rev
    ancestor = subprocess.run(["git", "merge-base", "--is-ancestor", rev, "HEAD"], cwd=ROOT)
    assert ancestor.returncode == 0, (
        f"the README's pre-commit rev {rev} is not in this history (rebased?): set it to "
        "the commit that gave `check` its --data option"
    )
    folder = repo["hooks"][0]["args"][1]
    plan = _plan_repo(tmp_path / "plans", folder)
    repo["repo"] = str(vvsgplan_clone)
    (plan.root / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = _pre_commit("run", "--all-files", cwd=plan.root, home=pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"vvsgplan check\.+Passed", done.stdout)
    actions = plan.root / folder / "actions.yaml"
    actions.write_text(MINIMAL_ACTIONS.replace("owner: Alice", "ower: Alice"), encoding="utf-8")
    done = _pre_commit("run", "--all-files", cwd=plan.root, home=pre_commit_home)
    assert done.returncode == 1
    assert re.search(r"vvsgplan check\.+Failed", done.stdout)
    # x1's misspelt key is on line 4 of the file, at column 3.
    assert f"{folder}/actions.yaml:4:3: unknown key 'ower' (did you mean 'owner'?)" in done.stdout


def test_try_repo_checks_a_plan_in_data(
    vvsgplan_clone: Path, pre_commit_home: Path, tmp_path: Path
) -> None:
    plan = _plan_repo(tmp_path / "plans", "data")
    args = ("try-repo", str(vvsgplan_clone), "vvsgplan-check", "--all-files")
    done = _pre_commit(*args, cwd=plan.root, home=pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    (plan.root / "data" / "actions.yaml").write_text(
        MINIMAL_ACTIONS.replace("status: in-progress", "status: busy"), encoding="utf-8"
    )
    done = _pre_commit(*args, cwd=plan.root, home=pre_commit_home)
    assert done.returncode == 1
    assert "data/actions.yaml:11:11: 'status' is 'busy'" in done.stdout
