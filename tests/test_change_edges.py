"""Changes tried from outside, as a user and a reviewer would: the edges of the file's
text and of the plan, each read back through every command."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from conftest import BUNDLED, as_json, ok, run

MakePlan = Callable[..., Path]


def test_keys_added_at_the_end_of_a_file_without_final_newline_stay_together(
    make_plan: MakePlan,
) -> None:
    """The last action ends the file without a line break: three keys added under its
    last milestone are three lines, one after the other, and the file still ends
    without a line break."""
    actions = (
        "- id: x1\n  recommendations: [1]\n  action: Iets\n"
        "  milestones:\n    - label: L\n      when: 2023"
    )
    data = make_plan(actions=actions)
    ok("done", "x1", "-m", "L", "--on", "2020-01-02", "--note", "Klaar", data=data)
    after = (data / "actions.yaml").read_text(encoding="utf-8")
    assert after == (
        actions + "\n      status: done\n      done_on: 2020-01-02\n      updates:\n"
        "        - date: '2020-01-02'\n          text: Klaar"
    )
    x1 = as_json("show", "x1", data=data)["milestones"][0]
    assert (x1["status"], x1["done_on"]) == ("done", "2020-01-02")


def _repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the bundled plan; its data folder."""
    data = tmp_path / "plan" / "data"
    data.mkdir(parents=True)
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    for args in (
        ("init", "-q", "-b", "main"),
        ("config", "user.email", "follow-up@example.org"),
        ("config", "user.name", "Follow Up"),
        ("add", "-A"),
        ("commit", "-qm", "Plan"),
    ):
        git(data.parent, *args)
    return data


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def test_a_commit_blocked_by_git_s_lock_names_the_lock(tmp_path: Path) -> None:
    """Another git command runs (or one was killed): git's index.lock is there. The
    message says so, with the file to remove, rather than git's last line of advice."""
    data = _repo(tmp_path)
    before = (data / "actions.yaml").read_bytes()
    (data.parent / ".git" / "index.lock").touch()
    result = run("done", "B2", "--on", "2019-08-30", "--commit", data=data)
    assert result.exit_code == 2, result.output
    assert "index.lock': File exists" in result.stderr
    assert result.stderr.endswith("; the plan is as it was\n")
    assert len(result.stderr.splitlines()) == 1
    assert (data / "actions.yaml").read_bytes() == before
