"""Changes tried from outside, as a user and a reviewer would: the edges of the file's
text and of the plan, each read back through every command."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
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
        actions + "\n      status: done\n      done_on: '2020-01-02'\n      updates:\n"
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


# --- days relative to --as-of -----------------------------------------------------------


def test_a_relative_day_counts_from_the_as_of_day(tmp_path: Path) -> None:
    """`--as-of DAY` says which day today is: `yesterday`, `+30d` and the like count from
    it, in the changing commands and in the reads."""
    data = _repo(tmp_path)
    ok("done", "A2", "--as-of", "2020-01-10", "--on", "yesterday", data=data)
    assert as_json("show", "A2", data=data)["done_on"] == "2020-01-09"
    ok("note", "A3", "Bijna", "--as-of", "2019-09-01", "--on", "-1w", data=data)
    assert as_json("show", "A3", data=data)["updates"] == [{"date": "2019-08-25", "text": "Bijna"}]
    # Due before 1 October 2019: the four actions of summer 2019 and D2's first milestone.
    due = as_json("due", "--as-of", "2019-09-01", "--before", "+30d", data=data)
    assert [a["id"] for a in due] == ["A3", "B2", "C1", "C2", "D2"]
    # The timeline ends with the month of the day three months on: December 2019.
    chart = ok("timeline", "--as-of", "2019-09-01", "--to", "+3m", "--width", "80", data=data)
    years, months = chart.splitlines()[:2]
    assert (years.split(), months.split()[-3:]) == (["2019"], ["O", "N", "D"])


def test_a_relative_day_beyond_the_calendar_is_refused(tmp_path: Path) -> None:
    data = _repo(tmp_path)
    before = (data / "actions.yaml").read_bytes()
    for args in (
        ("due", "--before", "+9999y"),
        ("due", "--as-of", "0001-01-01", "--after", "-2y"),
        ("done", "A2", "--as-of", "9999-12-31", "--on", "tomorrow"),
        ("note", "A2", "x", "--as-of", "0001-01-03", "--on", "-1w"),
        ("report", "--as-of", "0001-01-01", "--since", "-1d"),
        ("timeline", "--as-of", "9999-12-31", "--to", "eow"),
    ):
        result = run(*args, data=data)
        assert result.exit_code == 2, (args, result.output)
        assert "years run from 0001 to 9999" in result.stderr, args
        assert len(result.stderr.splitlines()) == 1, args
    assert (data / "actions.yaml").read_bytes() == before


def test_a_timeline_from_a_later_month_leaves_out_what_ended_before(tmp_path: Path) -> None:
    """From March 2020: the actions of 2019 (summer, end of year, second half, and B1
    done in April) ended before the chart starts and draw nothing; spring 2020 (D3)
    starts at the left edge."""
    data = _repo(tmp_path)
    chart = ok("timeline", "--as-of", "2019-09-01", "--from", "2020-03", "--width", "80", data=data)
    rows = {
        line[:5].strip(): line[5:]
        for line in chart.splitlines()[2:]
        if line[:2] in {"A2", "A3", "B1", "B2", "B3", "C1", "C2", "D3"}
    }
    assert {k: v for k, v in rows.items() if k != "D3"} == dict.fromkeys(
        ["A2", "A3", "B1", "B2", "B3", "C1", "C2"], ""
    )
    assert rows["D3"].startswith("=")


# --- Tab completion ----------------------------------------------------------------------


def _complete(data: Path, line: str) -> list[str]:
    """The values vvsgplan offers bash for the last word of `line`."""
    env = {
        **os.environ,
        "_VVSGPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(line.split(" ")) - 1),
        "VVSGPLAN_DATA": str(data),
    }
    done = subprocess.run(
        [sys.executable, "-m", "vvsgplan"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_completion_offers_only_numbers_show_takes(make_plan: MakePlan) -> None:
    """`²`, `٣` and `0` are not recommendation numbers (`show ²` finds nothing): a plan
    being edited may hold them, and Tab does not offer them."""
    recommendations = "".join(
        f"- id: {n}\n  title: T\n  response: agree\n" for n in ("1", "²", "٣", "0", "12")
    )
    data = make_plan(recommendations=recommendations)
    assert _complete(data, "vvsgplan show ") == ["1", "12", "x1", "x2"]


# --- plan files that are not files ---------------------------------------------------------


def test_a_fifo_found_as_the_plan_is_named_not_overlooked(
    make_plan: MakePlan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found from the working folder, as with --data: data/recommendations.yaml is there,
    as a FIFO. The message names it, rather than saying that no plan was found."""
    data = make_plan()
    (data / "recommendations.yaml").unlink()
    os.mkfifo(data / "recommendations.yaml")
    monkeypatch.chdir(data.parent)
    for args in (("list",), ("done", "x1")):
        result = run(*args, data=None)
        assert result.exit_code == 1, result.output
        assert (
            result.stderr == "data/recommendations.yaml:1:1: is a FIFO (named pipe), not a file\n"
        )
    # Tab does not wait on the FIFO: it offers what the readable file holds.
    assert _complete(data, "vvsgplan show x") == ["x1", "x2"]
