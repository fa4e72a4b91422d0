"""The report's "changes since" and "progress over time" on a plan whose history has a
branch merged back, its commits dated between main's. Every expected figure is counted by
hand from the steps below, never taken from the program's output."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, ok, run


def git(root: Path, *args: str, day: str | None = None) -> str:
    env = dict(os.environ)
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def change(data: Path, day: str, *args: str) -> None:
    env = {"GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
    result = run(*args, "--on", day, "--commit", data=data, env=env)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled plan of 5 July 2019; A3 moved twice on main while C1 moved twice on a
    branch, the commits of the two lines alternating by date; then the branch merged."""
    root = tmp_path_factory.mktemp("merged")
    data = root / "data"
    data.mkdir()
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Follow Up")
    git(root, "config", "user.email", "follow-up@example.org")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Plan", day="2019-07-05")
    change(data, "2019-09-05", "reschedule", "A3", "oktober 2019", "--reason", "Vertaling")
    git(root, "switch", "-qc", "feature")
    change(data, "2019-09-25", "reschedule", "C1", "december 2019", "--reason", "Begroting")
    git(root, "switch", "-q", "main")
    change(data, "2019-10-01", "reschedule", "A3", "november 2019", "--reason", "Drukker")
    git(root, "switch", "-q", "feature")
    change(data, "2019-10-05", "reschedule", "C1", "januari 2020", "--reason", "Uitgesteld")
    git(root, "switch", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "Merge feature", "feature", day="2019-10-10")
    return data


def report(data: Path, *args: str) -> Any:
    return json.loads(ok("report", "--as-of", "2020-01-31", *args, "--format", "json", data=data))


def test_moves_follow_the_commit_graph_not_the_dates(merged: Path) -> None:
    changes = report(merged, "--since", "2019-09-01")["changes_since"]
    got = [(c["action"], c["kind"], c["slip"], c["moves"], c["reason"]) for c in changes["changes"]]
    assert got == [
        # Zomer 2019 (31 August) -> oktober -> november 2019 (30 November): 91 days, twice.
        ("A3", "rescheduled", 91, 2, "Vertaling; Drukker"),
        # Zomer 2019 (31 August) -> december 2019 -> januari 2020 (31 January): 153 days.
        ("C1", "rescheduled", 153, 2, "Begroting; Uitgesteld"),
    ]
    assert changes["slippage"] == {
        "actions_moved": 2,
        "days_slipped": 244,
        "median_days_slipped": 122,
    }
    # Since the branch's first commit: C1's two moves, and A3's move of 1 October on main.
    later = report(merged, "--since", "2019-09-20")["changes_since"]["changes"]
    assert [(c["action"], c["moves"]) for c in later] == [("A3", 1), ("C1", 2)]


def test_the_plan_on_a_day_is_main_as_it_stood_then(merged: Path) -> None:
    # On 30 September main still had C1 at "Zomer 2019": the branch's "december 2019" of
    # 25 September came in with the merge of 10 October.
    points = report(merged)["progress_over_time"]["points"]
    got = {p["day"]: (p["done"], p["open"], p["overdue"]) for p in points}
    # Done: B1 only. Overdue on 30 September: B2, C1, C2 and D2's selection (Zomer 2019);
    # A3 had moved to October.
    assert got["2019-09-30"] == (1, 10, 4)
    # On 31 October: C1 in January and A3 in November; B2, C2 and D2 are late.
    assert got["2019-10-31"] == (1, 11, 3)
    # Changes since 27 September count from main's commit of 5 September, not from the
    # branch's of 25 September: C1 moved from "Zomer 2019".
    changes = report(merged, "--since", "2019-09-27")["changes_since"]
    assert git(merged.parent, "log", "-1", "--format=%s", changes["from_commit"]).strip() == (
        "Reschedule A3 to oktober 2019"
    )
    c1 = next(c for c in changes["changes"] if c["action"] == "C1")
    assert (c1["old"], c1["slip"], c1["moves"]) == ("Zomer 2019 (2019-08-31)", 153, 2)
