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
from test_html_report import CHROMIUM, measured


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


# Each date in a table cell, and whether it is drawn on one line.
DATES = """<!doctype html><html><body>
<iframe id="f" src="report.html" style="border:0;width:{width}px;height:4000px"></iframe>
<pre id="result"></pre>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const d = document.getElementById("f").contentDocument;
  const found = [];
  const walker = d.createTreeWalker(d.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
    if (!node.parentElement.closest("td")) continue;
    for (const m of node.textContent.matchAll(/\\d{{4}}-\\d{{2}}-\\d{{2}}/g)) {{
      const r = d.createRange();
      r.setStart(node, m.index);
      r.setEnd(node, m.index + m[0].length);
      const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
      found.push([m[0], tops.size]);
    }}
  }}
  document.getElementById("result").textContent = JSON.stringify(found);
}});
</script></body></html>"""


@pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package (.ci/run installs it)"
)
@pytest.mark.parametrize("width", [375, 1280])
def test_no_date_breaks_across_lines(merged: Path, tmp_path: Path, width: int) -> None:
    page = tmp_path / "report.html"
    args = ("--as-of", "2020-01-31", "--since", "2019-09-01", "--format", "html")
    page.write_text(ok("report", *args, data=merged), encoding="utf-8")
    harness = tmp_path / "harness.html"
    harness.write_text(DATES.format(width=width), encoding="utf-8")
    dates = measured(tmp_path, harness)
    # The changes (old and new deadline, with its day), the lists and the timeline's text.
    assert len(dates) > 40
    assert [day for day, lines in dates if lines != 1] == []


def test_since_after_the_reports_day_is_a_mistake(merged: Path) -> None:
    # The merge of 10 October is later than 1 October: nothing can have changed since.
    for since in ("2019-10-15", "HEAD"):
        result = run("report", "--as-of", "2019-10-01", "--since", since, data=merged)
        assert result.exit_code == 2, result.output
        day = "2019-10-15" if since == "2019-10-15" else "2019-10-10"
        assert result.stderr == (
            f"vvsgplan: --since {since} ({day}) is after the report's day, 2019-10-01\n"
        )


def committed_plan(root: Path) -> Path:
    """The bundled plan of 5 July 2019 in a new repository at `root`, committed that
    day; its `data` folder."""
    data = root / "data"
    data.mkdir(parents=True)
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Follow Up")
    git(root, "config", "user.email", "follow-up@example.org")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Plan", day="2019-07-05")
    return data


def test_an_action_given_to_another_owner_stays_theirs(tmp_path: Path) -> None:
    root = tmp_path / "plan"
    data = committed_plan(root)
    # On 1 October the board hands C3 (the sustainability pact, no fixed deadline) to Zoë.
    actions = data / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    c3 = text.index("- id: C3")
    at = text.index("owner: VVSG directie", c3)
    actions.write_text(
        text[:at] + "owner: Zoë Vervloet" + text[at + len("owner: VVSG directie") :],
        encoding="utf-8",
    )
    git(root, "commit", "-qam", "C3 to Zoë", day="2019-10-01")
    args = ("--since", "2019-09-01", "--format", "json")
    for owner in ("Zoë Vervloet", "VVSG directie"):
        found = json.loads(
            ok("report", "--as-of", "2019-12-31", *args, "--owner", owner, data=data)
        )
        # Neither added for Zoë nor removed for the board: C3 only changed hands.
        assert found["changes_since"]["changes"] == [], owner
    zoe = json.loads(
        ok("report", "--as-of", "2019-12-31", *args, "--owner", "Zoë Vervloet", data=data)
    )
    # Zoë's actions over time are the ones she holds: C3, open and never due, each month.
    points = zoe["progress_over_time"]["points"]
    assert [(p["day"], p["done"], p["open"], p["overdue"]) for p in points] == [
        ("2019-07-31", 0, 1, 0),
        ("2019-08-31", 0, 1, 0),
        ("2019-09-30", 0, 1, 0),
        ("2019-10-31", 0, 1, 0),
        ("2019-11-30", 0, 1, 0),
        ("2019-12-31", 0, 1, 0),
    ]
