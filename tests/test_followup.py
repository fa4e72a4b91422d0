"""The report a board reads, on a small plan with half a year of real git history.

Every expected figure below is counted by hand from the plan and the commits that
`history` makes (their days are in the comments), not taken from the program's output."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ok, run

RECS = """\
- id: 1
  title: Publish the guide.
  response: agree
- id: 2
  title: Train the staff.
  response: partially-agree
- id: 3
  title: Merge the teams.
  response: disagree
- id: 4
  title: Fund pilots.
  response: agree
"""

ACTIONS = """\
- id: g1
  recommendations: [1]
  action: Draft the guide
  owner: Ann
  when: maart 2020
- id: g2
  recommendations: [1]
  action: Print the guide
  owner: [Ann, Bob]
  when: juni 2020
- id: t1
  recommendations: [2]
  action: Train the first group
  owner: Bob
  when: april 2020
- id: t2
  recommendations: [2]
  action: Train the second group
  owner: Bob
  when: mei 2020
- id: m1
  recommendations: [3]
  action: Write a note on the teams
  owner: Cas
  when: mei 2020
- id: p1
  recommendations: [4]
  action: Call for pilots
  owner: Ann
  when: Kick-off 15/02/2020; Selectie in april 2020
- id: p2
  recommendations: [4]
  action: Pilot fund rules
  owner: Cas
"""

CONTEXT = """\
evaluation:
  title: Evaluation of the guide programme
  programme: The guide programme
  period: "2019-2020"
  evaluator: Example Evaluators
  when: najaar 2019
response:
  date: "2020-01-10"
  text: We accept most recommendations.
  signatories:
    - name: Dee Director
      role: director
"""

ASSESSMENT = """\
  assessment:
    rating: substantial
    reason: The board approved the fund
    date: "2020-06-20"
"""


def git(folder: Path, *args: str, day: str | None = None) -> str:
    env = {"GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
    done = subprocess.run(
        ["git", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
        env={**_base_env(), **(env if day else {})},
    )
    return done.stdout


def _base_env() -> dict[str, str]:
    import os

    return dict(os.environ)


def change(data: Path, day: str, *args: str) -> None:
    """A changing command, committed on `day`."""
    env = {"GIT_AUTHOR_DATE": f"{day}T10:00:00", "GIT_COMMITTER_DATE": f"{day}T10:00:00"}
    result = run(*args, "--commit", data=data, env=env)
    assert result.exit_code == 0, result.output


def build_history(root: Path) -> Path:
    """The plan, adopted on 10 January 2020, and what happened to it until 20 June, in
    `root`; returns its data folder. The README's example plan is this one."""
    data = root / "data"
    data.mkdir(parents=True)
    (data / "recommendations.yaml").write_text(RECS, encoding="utf-8")
    (data / "actions.yaml").write_text(ACTIONS, encoding="utf-8")
    (data / "plan.yaml").write_text(CONTEXT, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "follow-up@example.org")
    git(root, "config", "user.name", "Follow Up")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Plan", day="2020-01-10")
    change(data, "2020-02-20", "note", "g1", "Outline agreed", "--on", "2020-02-20")
    change(data, "2020-03-25", "done", "g1", "--on", "2020-03-25", "--note", "Sent to print")
    change(
        data,
        "2020-04-02",
        "reschedule",
        "t1",
        "mei 2020",
        "--reason",
        "Trainer ill",
        "--on",
        "2020-04-02",
    )
    change(data, "2020-04-15", "start", "t2")
    change(
        data,
        "2020-05-10",
        "reschedule",
        "t1",
        "juli 2020",
        "--reason",
        "Rooms closed",
        "--on",
        "2020-05-10",
    )
    change(
        data, "2020-05-20", "drop", "m1", "--reason", "Teams merged anyway", "--on", "2020-05-20"
    )
    change(data, "2020-06-05", "done", "p1", "-m", "Kick-off", "--on", "2020-02-15")
    change(
        data,
        "2020-06-10",
        "reschedule",
        "g2",
        "september 2020",
        "--reason",
        "Printer late",
        "--on",
        "2020-06-10",
    )
    recs = data / "recommendations.yaml"
    recs.write_text(recs.read_text(encoding="utf-8") + ASSESSMENT, encoding="utf-8")
    git(root, "commit", "-qam", "Assess recommendation 4", day="2020-06-20")
    return data


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_history(tmp_path_factory.mktemp("followup"))


AS_OF = ("--as-of", "2020-07-01")


def report(data: Path, *args: str) -> Any:
    import json

    return json.loads(ok("report", *AS_OF, *args, "--format", "json", data=data))


# On 1 July 2020: g1 done; t2 in progress; m1 dropped; g2 (september), t1 (juli), p1 and
# p2 open. p1's kick-off is done, its selection ("april 2020") is not: overdue. t2 ("mei
# 2020") is overdue while in progress. t1 ends 31 July, 30 days on. p2 has no deadline.


def test_headline_figures(history: Path) -> None:
    data = report(history, "--since", "2020-03-31")
    actions = data["actions"]
    assert actions["by_status"] == {"open": 4, "in-progress": 1, "done": 1, "dropped": 1}
    assert actions["share_done"] == round(1 / 6, 4)  # dropped m1 does not count
    assert actions["overdue"] == ["p1", "t2"]  # p1's selection ended 30 April, t2's May
    assert actions["approaching"] == ["t1"]
    assert actions["undated"] == 1
    text = ok("report", *AS_OF, "--since", "2020-03-31", data=history)
    headline = text.split("Headline figures\n\n", 1)[1].split("\n\n", 1)[0]
    assert [re.split(r"  +", line) for line in headline.splitlines()[1:]] == [
        ["Share done", "17% (1 of 6 actions)"],
        ["Overdue", "2"],
        ["Due within 30 days", "1"],
        ["No fixed deadline", "1"],
    ]


def test_the_evaluation_comes_first(history: Path) -> None:
    data = report(history)
    assert data["context"]["evaluation"]["evaluator"] == "Example Evaluators"
    assert data["context"]["response"]["signatories"] == [
        {"name": "Dee Director", "role": "director"}
    ]
    text = ok("report", *AS_OF, data=history)
    assert text.index("The evaluation") < text.index("Headline figures")
    assert "- Evaluator:           Example Evaluators" in text
    assert "- Signed by:           Dee Director (director)" in text
    assert "We accept most recommendations." in text


def test_ratings_by_the_rule_and_by_hand(history: Path) -> None:
    lines = {r["id"]: r for r in report(history)["per_recommendation"]}
    # 1: g1 done, g2 open: half done is substantial. 2: t2 in progress: partial.
    # 3: disagree: not accepted. 4: p1's kick-off done: partial, but assessed substantial.
    assert [(lines[n]["rating"], lines[n]["derived_rating"]) for n in (1, 2, 3, 4)] == [
        ("substantial", "substantial"),
        ("partial", "partial"),
        ("not-accepted", "not-accepted"),
        ("substantial", "partial"),
    ]
    assert lines[4]["assessment"] == {
        "rating": "substantial",
        "reason": "The board approved the fund",
        "date": "2020-06-20",
    }
    assert lines[1]["title"] == "Publish the guide."
    assert [lines[n]["overdue"] for n in (1, 2, 3, 4)] == [0, 1, 0, 1]
    text = ok("report", *AS_OF, data=history)
    row = next(line for line in text.splitlines() if line.startswith("4 "))
    assert row.split()[:4] == ["4", "agree", "substantial*", "0"]
    assert row.endswith("Fund pilots.")
    assert (
        "* Recommendation 4: rated substantial on 2020-06-20 (partial by its actions): "
        "The board approved the fund" in text
    )


def test_changes_since_a_day_with_slippage(history: Path) -> None:
    changes = report(history, "--since", "2020-03-31")["changes_since"]
    # Counted from the last commit on or before 31 March (25 March, g1 done).
    assert changes["from_commit"] == git(history.parent, "rev-parse", "HEAD~7").strip()
    assert changes["to_commit"] is None  # the working tree: no commit after 1 July
    got = [
        (c["action"], c["milestone"], c["kind"], c["slip"], c["moves"], c["reason"])
        for c in changes["changes"]
    ]
    assert got == [
        # juni 2020 (30 June) -> september 2020 (30 September): July, August, September.
        ("g2", None, "rescheduled", 92, 1, "Printer late"),
        # april 2020 (30 April) -> mei -> juli 2020 (31 July): May, June, July.
        ("t1", None, "rescheduled", 92, 2, "Trainer ill; Rooms closed"),
        ("t2", None, "started", None, 0, None),
        ("m1", None, "dropped", None, 0, "Teams merged anyway"),
        ("p1", "Kick-off", "done", None, 0, None),
    ]
    assert changes["slippage"] == {
        "actions_moved": 2,
        "days_slipped": 184,
        "median_days_slipped": 92,
    }
    # Dated from 31 March on, newest first; g1's note of 25 March is older.
    assert [(u["date"], u["id"]) for u in changes["updates"]] == [
        ("2020-06-10", "g2"),
        ("2020-05-20", "m1"),
        ("2020-05-10", "t1"),
        ("2020-04-02", "t1"),
    ]
    text = ok("report", *AS_OF, "--since", "2020-03-31", data=history)
    slippage = text.split("Slippage since 2020-03-31\n\n", 1)[1].split("\n\n", 1)[0]
    assert [re.split(r"  +", line) for line in slippage.splitlines()[1:]] == [
        ["Actions moved at least once", "2"],
        ["Days slipped in total", "184"],
        ["Median days slipped", "92"],
    ]
    assert re.search(
        r"t1 +rescheduled +april 2020 \(2020-04-30\) +juli 2020 \(2020-07-31\) +\+92 d +2", text
    )


def test_changes_since_a_revision(history: Path) -> None:
    # Three commits back: before g2 moved and before the assessment; after p1's kick-off.
    changes = report(history, "--since", "HEAD~2")["changes_since"]
    assert changes["revision"] == "HEAD~2"
    assert changes["since"] == "2020-06-05"
    assert [(c["action"], c["kind"]) for c in changes["changes"]] == [("g2", "rescheduled")]
    result = run("report", "--since", "no-such-thing", data=history)
    assert result.exit_code == 2
    assert "--since: cannot read 'no-such-thing' as a date" in result.stderr
    assert "nor is it a git revision" in result.stderr


def test_progress_over_time(history: Path) -> None:
    points = report(history)["progress_over_time"]["points"]
    # At each month's end: Jan nothing due yet; Feb p1's kick-off (15 Feb) late; Mar g1
    # done; Apr t1 moved, t2 started; May m1 dropped, t2 due that day; June t2 late.
    assert [(p["day"], p["done"], p["open"], p["overdue"]) for p in points] == [
        ("2020-01-31", 0, 7, 0),
        ("2020-02-29", 0, 6, 1),
        ("2020-03-31", 1, 5, 1),
        ("2020-04-30", 1, 5, 1),
        ("2020-05-31", 1, 4, 1),
        ("2020-06-30", 1, 3, 2),
        ("2020-07-01", 1, 3, 2),
    ]
    text = ok("report", *AS_OF, data=history)
    chart = text.split("Progress over time\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert chart[0].split() == ["done", "open", "overdue"]
    rows = [line.split() for line in chart[1:]]
    assert [r[0] for r in rows] == [
        "2020-01",
        "2020-02",
        "2020-03",
        "2020-04",
        "2020-05",
        "2020-06",
        "2020-07-01",
    ]
    # One character per action: '#' done, '=' open, '!' overdue.
    assert [r[4] for r in rows] == [
        "=======",
        "======!",
        "#=====!",
        "#=====!",
        "#====!",
        "#===!!",
        "#===!!",
    ]


def test_owner_and_rec_narrow_the_whole_report(history: Path) -> None:
    bob = report(history, "--owner", "bob")
    assert bob["scope"] == {"owner": "Bob", "recommendation": None}
    # Bob shares g2, t1 and t2: none done; t2 overdue; t1 due within 30 days.
    assert bob["actions"]["by_status"] == {"open": 2, "in-progress": 1, "done": 0, "dropped": 0}
    assert (bob["actions"]["overdue"], bob["actions"]["approaching"]) == (["t2"], ["t1"])
    assert [(r["id"], r["derived_rating"]) for r in bob["per_recommendation"]] == [
        (1, "not-started"),
        (2, "partial"),
    ]
    assert [o["owner"] for o in bob["per_owner"]] == ["Ann", "Bob"]  # g2 is shared
    assert [(p["done"], p["open"], p["overdue"]) for p in bob["progress_over_time"]["points"]][
        -1
    ] == (0, 2, 1)
    four = report(history, "--rec", "4")
    assert [r["id"] for r in four["per_recommendation"]] == [4]
    assert four["undated"] == ["p2"]
    # Since 2 April (90 days back): p1's kick-off was marked done on 5 June.
    assert [(c["action"], c["kind"]) for c in four["changes_since"]["changes"]] == [("p1", "done")]
    text = ok("report", *AS_OF, "--owner", "Bob", data=history)
    assert "Only the actions of Bob." in text
    assert run("report", "--owner", "Zed", data=history).exit_code == 2
    assert run("report", "--rec", "9", data=history).exit_code == 2


def test_in_progress_is_marked_in_the_overdue_list(history: Path) -> None:
    rows = {r["id"]: r for r in report(history)["overdue"]}
    assert (rows["t2"]["status"], rows["p1"]["status"]) == ("in-progress", "open")
    text = ok("report", *AS_OF, "--format", "markdown", "--lang", "en", data=history)
    overdue = text.split("## Overdue\n\n", 1)[1].split("\n\n", 1)[0]
    assert "| 2020-05-31 | t2 |  | in progress | Bob |" in overdue
    assert "| 2020-04-30 | p1 | Selectie | open | Ann |" in overdue


def test_latest_update_of_each_open_action(history: Path) -> None:
    latest = report(history)["latest_updates"]
    # g1 is done; m1 dropped: only open actions. t1's newest is of 10 May.
    assert [(u["id"], u["date"], u["text"]) for u in latest] == [
        ("g2", "2020-06-10", "Printer late"),
        ("t1", "2020-05-10", "Rooms closed"),
    ]


def test_without_git_history_the_sections_say_so(history: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(history, copy)
    data = report(copy)
    assert data["progress_over_time"] == {"history": "no-git", "points": []}
    assert data["changes_since"]["history"] == "no-git"
    text = ok("report", *AS_OF, data=copy)
    assert text.count("No git history: the plan is not in a git repository.") == 2
    # Before the first commit there is no history either.
    early = report(history, "--as-of", "2019-12-31")
    assert early["progress_over_time"] == {"history": "no-history", "points": []}


def test_a_dutch_report_is_dutch_throughout(history: Path) -> None:
    text = ok("report", *AS_OF, "--since", "2020-03-31", "--lang", "nl", data=history)
    for english in (
        "(no deadline)",
        "(event:",
        "= open  ! overdue",
        "milestones",
        "no end",
        "rescheduled",
        "in progress",
        "Slippage",
        "done  open  overdue",
    ):
        assert english not in text, english
    assert "(geen termijn)" in text
    assert "! over tijd  # uitgevoerd  ~ vervallen  *X+ mijlpalen  > geen einde" in text
    assert "uitgevoerd  open  over tijd" in text
    assert "verschoven" in text and "lopend" in text
    assert "Verschuivingen sinds 2020-03-31" in text
