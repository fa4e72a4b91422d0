"""The report's history sections read from the parse cache what derives from commits, and
never give a stale answer: each test reads a report (filling the cache), changes the
repository the way a person does, and reads it again. Every expected change is the one
the test itself made, counted by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ok, run
from test_report_merges import change, committed_plan, git


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The bundled plan of 5 July 2019, committed that day; its `data` folder."""
    return committed_plan(tmp_path / "repo")


def changed(data: Path) -> list[tuple[str, str]]:
    """What the report of 31 December 2019 says changed since 5 July 2019."""
    args = ("report", "--as-of", "2019-12-31", "--since", "2019-07-05", "--format", "json")
    found = json.loads(ok(*args, data=data))["changes_since"]["changes"]
    return sorted((c["action"], c["kind"]) for c in found)


def done_on(data: Path) -> list[int]:
    """Actions done at each month's end of the report of 31 December 2019."""
    args = ("report", "--as-of", "2019-12-31", "--format", "json")
    points = json.loads(ok(*args, data=data))["progress_over_time"]["points"]
    return [p["done"] for p in points]


def test_a_new_commit_shows_at_once(repo: Path) -> None:
    assert changed(repo) == []
    before = done_on(repo)
    change(repo, "2019-09-05", "done", "A3")
    assert changed(repo) == [("A3", "done")]
    # July and August as they were; from September's end on, one more done.
    after = done_on(repo)
    assert after[:2] == before[:2]
    assert [a - b for a, b in zip(after[2:], before[2:], strict=True)] == [1, 1, 1, 1]


def test_a_checkout_shows_at_once(repo: Path) -> None:
    root = repo.parent
    git(root, "switch", "-qc", "feature")
    change(repo, "2019-09-05", "done", "A3")
    assert changed(repo) == [("A3", "done")]
    git(root, "switch", "-q", "main")
    assert changed(repo) == []
    git(root, "switch", "-q", "feature")
    assert changed(repo) == [("A3", "done")]


def test_an_amended_commit_shows_at_once(repo: Path) -> None:
    root = repo.parent
    change(repo, "2019-09-05", "done", "A3")
    assert changed(repo) == [("A3", "done")]
    # The commit was meant for C1: A3 put back as it was, C1 done, the commit amended.
    git(root, "checkout", "HEAD~1", "--", "data/actions.yaml")
    assert run("done", "C1", "--on", "2019-09-05", data=repo).exit_code == 0
    git(root, "commit", "-qa", "--amend", "--no-edit", day="2019-09-05")
    assert changed(repo) == [("C1", "done")]


def test_a_rebase_shows_at_once(repo: Path) -> None:
    root = repo.parent
    git(root, "switch", "-qc", "feature")
    change(repo, "2019-09-10", "done", "C1")
    git(root, "switch", "-q", "main")
    change(repo, "2019-09-05", "done", "A3")
    git(root, "switch", "-q", "feature")
    assert changed(repo) == [("C1", "done")]
    git(root, "rebase", "-q", "main")
    assert changed(repo) == [("A3", "done"), ("C1", "done")]


def test_the_working_tree_shows_at_once(repo: Path) -> None:
    root = repo.parent
    change(repo, "2019-09-05", "done", "A3")
    assert changed(repo) == [("A3", "done")]
    assert run("done", "C1", "--on", "2019-12-20", data=repo).exit_code == 0  # not committed
    assert changed(repo) == [("A3", "done"), ("C1", "done")]
    git(root, "checkout", "--", "data/actions.yaml")
    assert changed(repo) == [("A3", "done")]


def test_a_deepened_shallow_clone_shows_at_once(repo: Path, tmp_path: Path) -> None:
    """A shallow clone has the same commit checked out before and after it is deepened,
    but not the same history."""
    change(repo, "2019-09-05", "done", "A3")
    change(repo, "2019-10-01", "done", "C1")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.parent}", str(clone))
    data = clone / "data"
    # Only the last commit is there: nothing is known to have changed since it.
    assert changed(data) == []
    git(clone, "fetch", "-q", "--unshallow")
    assert changed(data) == [("A3", "done"), ("C1", "done")]
