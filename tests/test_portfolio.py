"""Many evaluations in one repository: every read command at the portfolio's root, inside
one plan's folder and with --plan, on the three plans of tests/portfolio.py, against
counts made by hand from their files (see the comments there) and, for the bundled plan,
from the README's figures on 1 September 2019 (8 due before 2020, 5 overdue: A3, B2,
C1, C2, D2; no fixed deadline: A4, C3, D1; done: B1)."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, run
from portfolio import build_portfolio, git
from test_completion import Terminal, _complete, shell  # noqa: F401 (the shell fixture)
from typer.testing import Result

DAY = "2019-09-01"
PLANS = ["2018-peer-review", "2019-mid-term", "audits/2019-finance"]
BUNDLED_IDS = [
    f"{c}{n}" for c, n in (("A", 5), ("B", 3), ("C", 4), ("D", 3)) for n in range(1, n + 1)
]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_portfolio(tmp_path_factory.mktemp("portfolio"))


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    with contextlib.chdir(folder):
        yield


def at(folder: Path, *args: str) -> Result:
    """vvsgplan run from `folder`, finding the plans itself."""
    with inside(folder):
        return run(*args, data=None)


def out(folder: Path, *args: str) -> str:
    result = at(folder, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def js(folder: Path, *args: str) -> Any:
    return json.loads(out(folder, *args, "--format", "json"))


# --- at the root: every plan, ids as PLAN/ID ----------------------------------------------


def test_list_at_the_root_holds_every_plan(root: Path) -> None:
    actions = js(root, "list")
    # 5 + 15 + 2 actions, plan by plan in order of their names.
    assert len(actions) == 22
    assert [a["plan"] for a in actions] == [PLANS[0]] * 5 + [PLANS[1]] * 15 + [PLANS[2]] * 2
    assert actions[0]["id"] == "2018-peer-review/P1"
    assert actions[0]["recommendations"] == ["2018-peer-review/1"]
    assert [a["id"] for a in actions[5:20]] == [f"2019-mid-term/{i}" for i in BUNDLED_IDS]
    assert actions[-1]["id"] == "audits/2019-finance/F2"
    # The table shows the recommendations of the action's own plan by their numbers.
    table = out(root, "list", "--owner", "Cas")
    assert table.splitlines()[1].split()[:3] == ["audits/2019-finance/F2", "1", "open"]


def test_due_at_the_root(root: Path) -> None:
    result = at(root, "due", "--before", "2020-01", "--as-of", DAY, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    # The bundled plan's 8, P2 and P3, F1 and F2.
    assert len(rows) == 12
    ids = [row.split(",")[1] for row in rows]
    assert set(ids) >= {"2018-peer-review/P2", "2018-peer-review/P3"}
    assert {"audits/2019-finance/F1", "audits/2019-finance/F2"} <= set(ids)
    # Soonest first across plans: P2 (June 2019) before every plan's summer.
    assert ids[0] == "2018-peer-review/P2"
    table = out(root, "due", "--before", "2020-01", "--as-of", DAY)
    # 5 + 1 + 1 overdue; A4, C3, D1 and P4 without a fixed deadline.
    assert "12 due, 7 overdue on 2019-09-01." in table
    assert (
        "4 open actions have no fixed deadline (2018-peer-review/P4, 2019-mid-term/A4, "
        "2019-mid-term/C3, 2019-mid-term/D1)"
    ) in " ".join(table.split())


def test_recs_at_the_root(root: Path) -> None:
    recs = js(root, "recs")
    assert len(recs) == 3 + 9 + 2
    assert [r["plan"] for r in recs].count("2019-mid-term") == 9
    peer = {r["id"]: (r["done"], r["actions"]) for r in recs if r["plan"] == PLANS[0]}
    # Rec 1: P1 done of P1, P2; rec 2: P3, P4; rec 3: P5 dropped, so none counts.
    assert peer == {
        "2018-peer-review/1": (1, 2),
        "2018-peer-review/2": (0, 2),
        "2018-peer-review/3": (0, 0),
    }


def test_show_and_info_at_the_root(root: Path) -> None:
    shown = js(root, "show", "2018-peer-review/P3")
    assert (shown["plan"], shown["id"], shown["owner"]) == (
        "2018-peer-review",
        "2018-peer-review/P3",
        ["Ann Peeters", "VVSG directie"],
    )
    # An id that only one plan has is found without its plan; the answer names it.
    assert "Action audits/2019-finance/F2" in out(root, "show", "f2")
    info = js(root, "info")
    assert [i["plan"] for i in info] == PLANS
    assert [i["actions"]["total"] for i in info] == [5, 15, 2]
    assert info[0]["context"]["response"]["date"] == "2018-11-20"
    table = out(root, "info")
    assert "Peer review of the municipal partnerships" in table
    assert "3 plans" in table


def test_an_id_in_several_plans_needs_its_plan(root: Path) -> None:
    # Every plan has recommendation 1.
    result = at(root, "show", "1")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "vvsgplan: '1' is in 3 plans (2018-peer-review/1, 2019-mid-term/1, "
        "audits/2019-finance/1): give PLAN/ID"
    )
    result = at(root, "show", "2030-review/A1")
    assert result.exit_code == 2
    assert "no plan '2030-review'" in result.stderr


def test_the_portfolio_report(root: Path) -> None:
    report = js(root, "report", "--as-of", DAY)
    plans = {p["plan"]: p for p in report["plans"]}
    assert list(plans) == PLANS
    peer, vvsg, finance = (plans[name] for name in PLANS)
    assert peer["title"] == "Peer review of the municipal partnerships"
    assert (peer["response_date"], vvsg["response_date"], finance["response_date"]) == (
        "2018-11-20",
        "2019-07-05",
        None,
    )
    assert peer["recommendations"]["by_response"] == {
        "agree": 1,
        "partially-agree": 1,
        "disagree": 1,
        "noted": 0,
    }
    # Rec 1: one of two done, substantial; rec 2: in progress, partial; rec 3 disagreed.
    assert peer["recommendations"]["by_rating"] == {
        "complete": 0,
        "substantial": 1,
        "partial": 1,
        "not-started": 0,
        "not-accepted": 1,
    }
    assert peer["actions"]["by_status"] == {"open": 2, "in-progress": 1, "done": 1, "dropped": 1}
    assert peer["actions"]["share_done"] == 0.25  # P1 of P1-P4; P5 dropped
    assert (peer["actions"]["overdue"], peer["actions"]["approaching"]) == (1, 1)
    assert peer["actions"]["undated"] == 1
    # The bundled plan as the README counts it on that day.
    assert vvsg["actions"]["by_status"]["done"] == 1 and vvsg["actions"]["total"] == 15
    assert (vvsg["actions"]["overdue"], vvsg["actions"]["undated"]) == (5, 3)
    assert vvsg["recommendations"]["by_rating"]["not-accepted"] == 2  # 5 noted, 6 disagreed
    assert vvsg["recommendations"]["by_rating"]["partial"] == 1  # 8: B1 done
    assert finance["actions"]["overdue"] == 1 and finance["actions"]["share_done"] == 0
    total = report["total"]
    assert total["plans"] == 3
    assert total["recommendations"]["total"] == 14
    assert total["recommendations"]["by_response"] == {
        "agree": 7,
        "partially-agree": 3,
        "disagree": 2,
        "noted": 2,
    }
    assert total["actions"]["by_status"] == {"open": 18, "in-progress": 1, "done": 2, "dropped": 1}
    assert total["actions"]["share_done"] == round(2 / 21, 4)
    assert (total["actions"]["overdue"], total["actions"]["approaching"]) == (7, 1)
    assert total["actions"]["undated"] == 4
    assert [(y["year"], y["plans"]) for y in report["per_year"]] == [
        ("2018", ["2018-peer-review"]),
        ("2019", ["2019-mid-term"]),
        (None, ["audits/2019-finance"]),
    ]
    owners = {o["owner"]: o for o in report["per_owner"]}
    # C2, C3, D2 of the bundled plan, P3 (shared with Ann), F1; C2 and D2 overdue; P3 due
    # on 30 September is the soonest to come.
    assert owners["VVSG directie"] == {
        "owner": "VVSG directie",
        "plans": PLANS,
        "open": 5,
        "overdue": 2,
        "next_due": "2019-09-30",
    }
    assert (owners["Ann Peeters"]["open"], owners["Ann Peeters"]["overdue"]) == (2, 1)
    assert (owners["VVSG Internationaal"]["open"], owners["VVSG Internationaal"]["overdue"]) == (
        10,
        3,
    )
    assert owners[None]["open"] == 1  # D1
    # Soonest first, plan by plan within a day: P2 (June), then the end of August.
    assert [r["id"] for r in report["overdue"]] == [
        "2018-peer-review/P2",
        *(f"2019-mid-term/{i}" for i in ("A3", "B2", "C1", "C2", "D2")),
        "audits/2019-finance/F2",
    ]
    assert [r["id"] for r in report["approaching"]] == ["2018-peer-review/P3"]


def test_the_portfolio_report_as_text_and_markdown(root: Path) -> None:
    text = out(root, "report", "--as-of", DAY)
    assert text.startswith("Portfolio report (as of 2019-09-01)\n")
    section = text.split("\nActions per evaluation\n", 1)[1].strip().split("\n\n")[0]
    # Counted (not dropped), done, open (in progress too), overdue, no deadline, share done
    # (a bar of ten, filled for each tenth).
    assert [line.split() for line in section.splitlines()] == [
        ["Plan", "Actions", "Done", "Open", "Overdue", "No", "deadline", "Progress"],
        ["2018-peer-review", "4", "1", "3", "1", "1", "██░░░░░░░░", "25%"],
        ["2019-mid-term", "15", "1", "14", "5", "3", "█░░░░░░░░░", "7%"],
        ["audits/2019-finance", "2", "0", "2", "1", "0", "░░░░░░░░░░", "0%"],
        ["Total", "21", "2", "19", "7", "4", "█░░░░░░░░░", "10%"],
    ]
    markdown = out(root, "report", "--as-of", DAY, "--format", "markdown")
    assert markdown.startswith("# Portefeuillerapport (stand op 2019-09-01)\n")
    assert "| 2018 | 1 | 3 | 2 | 4 | 1 | 3 | 1 | 1 |" in markdown
    owner = out(root, "report", "--as-of", DAY, "--owner", "ann peeters", "--format", "json")
    narrowed = json.loads(owner)
    assert [p["plan"] for p in narrowed["plans"]] == ["2018-peer-review"]
    assert narrowed["total"]["actions"]["total"] == 2


def test_one_evaluations_options_need_its_plan(root: Path) -> None:
    result = at(root, "report", "--since", "2019-01-01")
    assert result.exit_code == 2
    assert "--since narrows one evaluation's report: add --plan NAME" in result.stderr


def test_timeline_digest_and_ics_at_the_root(root: Path) -> None:
    chart = out(root, "timeline", "--as-of", DAY, "--width", "100")
    rows = [line.split()[0] for line in chart.splitlines() if line[:1] not in ("", " ")]
    labels = [row for row in rows if row.rsplit("/", 1)[-1][:1] in "ABCDFP" and "/" in row]
    # One row per action, 22 in all, each named with its plan.
    assert len([row for row in labels if row.rsplit("/", 1)[-1] in BUNDLED_IDS]) == 15
    assert {"2018-peer-review/P3", "audits/2019-finance/F1"} <= set(labels)
    digest = js(root, "digest", "--owner", "VVSG directie", "--as-of", DAY)
    [mine] = digest
    assert [(r["plan"], r["id"], r["milestone"]) for r in mine["overdue"]] == [
        ("2019-mid-term", "2019-mid-term/C2", None),
        ("2019-mid-term", "2019-mid-term/D2", "Selectie"),
    ]
    assert [r["id"] for r in mine["approaching"]] == ["2018-peer-review/P3"]
    assert mine["undated"] == ["2019-mid-term/C3"]
    calendar = out(root, "ics", "--owner", "Ann Peeters")
    uids = [line for line in calendar.splitlines() if line.startswith("UID:")]
    # P2 and P3, with the UIDs their own plan's calendar gives them.
    assert len(uids) == 2
    own = out(root / "plans" / "2018-peer-review", "ics", "--owner", "Ann Peeters")
    assert uids == [line for line in own.splitlines() if line.startswith("UID:")]
    assert "SUMMARY:2018-peer-review/P2: Present the lessons to the board" in calendar


def test_check_at_the_root_reads_every_plan(root: Path, tmp_path: Path) -> None:
    assert at(root, "check").exit_code == 0
    broken = tmp_path / "broken"
    build_portfolio(broken)
    finance = broken / "plans" / "audits" / "2019-finance" / "actions.yaml"
    finance.write_text(
        finance.read_text().replace("recommendations: [1]", "recommendations: [7]", 1)
    )
    peer = broken / "plans" / "2018-peer-review" / "actions.yaml"
    peer.write_text(peer.read_text().replace("owner: Bob Claes", "ower: Bob Claes"))
    result = at(broken, "check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("plans/2018-peer-review/actions.yaml:22:3: unknown key 'ower'")
    assert lines[1] == (
        "plans/audits/2019-finance/actions.yaml:2:21: recommendation 7 does not exist"
    )
    # Inside a plan that is well, only that plan is read.
    assert at(broken / "plans" / "2019-mid-term", "check").exit_code == 0


# --- inside one plan's folder: that plan, ids as written --------------------------------


def test_inside_a_plan_folder(root: Path) -> None:
    peer = root / "plans" / "2018-peer-review"
    actions = js(peer, "list")
    assert [a["id"] for a in actions] == ["P1", "P2", "P3", "P4", "P5"]
    assert all("plan" not in a for a in actions)
    assert [r["id"] for r in js(peer, "recs")] == [1, 2, 3]
    due = out(peer, "due", "--as-of", DAY)
    assert "2 due, 1 overdue on 2019-09-01." in due
    report = js(peer, "report", "--as-of", DAY)
    assert report["actions"]["overdue"] == ["P2"] and report["actions"]["approaching"] == ["P3"]
    assert report["context"]["evaluation"]["title"] == "Peer review of the municipal partnerships"
    assert js(peer, "show", "P3")["id"] == "P3"
    assert at(peer, "check").exit_code == 0
    # --all from inside: the whole portfolio again.
    assert len(js(peer, "--all", "list")) == 22
    # Another plan named with its id, from inside this one.
    assert js(peer, "show", "audits/2019-finance/F1")["owner"] == ["VVSG directie"]


def test_a_folder_below_a_plan_finds_that_plan(root: Path, tmp_path: Path) -> None:
    notes = root / "plans" / "audits" / "2019-finance"
    assert [a["id"] for a in js(notes, "list")] == ["F1", "F2"]
    # Between the root and the plans (plans/, plans/audits/): the whole portfolio.
    assert len(js(root / "plans" / "audits", "list")) == 22


# --- with --plan: one plan from anywhere -------------------------------------------------


@pytest.mark.parametrize("where", [".", "plans/2019-mid-term", "plans"])
def test_plan_option_from_anywhere(root: Path, where: str) -> None:
    folder = root / where
    finance = js(folder, "--plan", "audits/2019-finance", "list")
    assert [a["id"] for a in finance] == ["F1", "F2"]
    # The last part of a nested name, or the start of a name, when only one plan has it.
    assert len(js(folder, "--plan", "2019-finance", "list")) == 2
    assert len(js(folder, "-p", "2018", "recs")) == 3
    report = js(folder, "--plan", "2019-mid-term", "report", "--as-of", DAY)
    assert report["actions"]["overdue"] == ["A3", "B2", "C1", "C2", "D2"]
    assert out(folder, "--plan", "2019-mid-term", "show", "D2").startswith("Action D2\n")
    due = out(folder, "--plan", "2018-peer-review", "due", "--as-of", DAY)
    assert "2 due, 1 overdue on 2019-09-01." in due
    assert at(folder, "--plan", "2018-peer-review", "check").exit_code == 0
    digest = js(folder, "--plan", "2018-peer-review", "digest", "--as-of", DAY)
    # In order of first appearance: P1's owner, then P2's, then P4's; P5 is dropped.
    assert [d["owner"] for d in digest] == ["VVSG directie", "Ann Peeters", "Bob Claes"]


def test_unknown_plan_names_the_plans(root: Path) -> None:
    result = at(root, "--plan", "2019", "list")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "vvsgplan: '2019' could be 2 plans (2019-mid-term, audits/2019-finance): give more of "
        "the name"
    )
    result = at(root, "--plan", "2018-peer-reveiw", "list")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "vvsgplan: no plan '2018-peer-reveiw'; did you mean 2018-peer-review? plans: "
        "2018-peer-review, 2019-mid-term, audits/2019-finance"
    )


def test_data_and_the_environment_keep_working(root: Path) -> None:
    peer = root / "plans" / "2018-peer-review"
    assert len(json.loads(run("list", "-f", "json", data=peer).stdout)) == 5
    # --data may name the portfolio's folder too.
    assert len(json.loads(run("list", "-f", "json", data=root).stdout)) == 22
    result = run("list", "-f", "json", data=None, env={"VVSGPLAN_DATA": str(peer)})
    assert len(json.loads(result.stdout)) == 5
    # The single data/ layout is what it was.
    assert len(json.loads(run("list", "-f", "json", data=BUNDLED).stdout)) == 15


# --- changing a plan of the portfolio ---------------------------------------------------


def test_done_plan_id_at_the_root_commits_that_plan(tmp_path: Path) -> None:
    root = build_portfolio(tmp_path / "repo")
    result = at(root, "done", "2018-peer-review/P2", "--on", DAY, "--as-of", DAY, "--commit")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "2018-peer-review/P2: open -> done on 2019-09-01"
    assert git(root, "log", "-1", "--format=%s").strip() == (
        "Mark 2018-peer-review/P2 done (2019-09-01)"
    )
    changed = git(root, "show", "--name-only", "--format=").split()
    assert changed == ["plans/2018-peer-review/actions.yaml"]
    # Inside the plan's folder its ids need no plan; the commit still names it.
    inside_plan = root / "plans" / "2019-mid-term"
    result = at(inside_plan, "start", "A5", "--commit")
    assert result.stdout.splitlines()[0] == "A5: open -> in-progress"
    assert git(root, "log", "-1", "--format=%s").strip() == "Start 2019-mid-term/A5"
    # Ids of two plans in one change: refused, nothing written.
    result = at(root, "done", "2018-peer-review/P4", "audits/2019-finance/F1")
    assert result.exit_code == 2
    assert "change one plan at a time" in result.stderr
    assert git(root, "status", "--porcelain") == ""


def test_diff_and_history_at_the_root(tmp_path: Path) -> None:
    root = build_portfolio(tmp_path / "repo")
    assert at(root, "done", "audits/2019-finance/F2", "--on", DAY, "--as-of", DAY).exit_code == 0
    assert at(root, "start", "2018-peer-review/P4").exit_code == 0
    found = js(root, "diff")
    # Plan by plan: P4 started; F2 done, with its day.
    assert [(c["subject"], c["what"], c["kind"]) for c in found["changes"]] == [
        ("2018-peer-review/P4", "status", "status"),
        ("audits/2019-finance/F2", "status", "done"),
        ("audits/2019-finance/F2", "done on", "done"),
    ]
    assert (found["summary"]["done"], found["summary"]["status"]) == (1, 1)
    git(root, "commit", "-qam", "Progress")
    comment = out(root, "diff", "HEAD~1", "HEAD", "--format", "markdown")
    assert "- **audits/2019-finance/F2** on 2019-09-01" in comment
    history = out(root, "history", "audits/2019-finance/F2")
    # Added with the first commit, done with the second.
    assert (
        history.splitlines()[-1] == "audits/2019-finance/F2: 2 commits; its deadline moved 0 times."
    )
    inside_plan = out(root / "plans" / "audits" / "2019-finance", "history", "F2")
    assert inside_plan.splitlines()[-1] == "F2: 2 commits; its deadline moved 0 times."


# --- on a terminal, as a person runs it ----------------------------------------------------


@pytest.mark.parametrize("columns", [60, 80])
@pytest.mark.parametrize(
    "args", [("report", "--as-of", DAY), ("list",), ("due", "--as-of", DAY), ("info",)]
)
def test_on_a_terminal_every_line_fits_and_ids_are_whole(
    root: Path, columns: int, args: tuple[str, ...]
) -> None:
    from test_hostile_output import on_terminal

    code, output = on_terminal(list(args), root, columns)
    assert code == 0, output
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output).replace("\r", "")
    assert max(len(line) for line in plain.splitlines()) <= columns
    if args[0] in ("list", "due"):
        assert "audits/2019-finance/F2" in plain
    if args[0] == "report":
        assert "Portfolio report (as of 2019-09-01)" in plain
        assert "2019-mid-term/D2" in plain


# --- what discovery finds ------------------------------------------------------------------


def _plan(folder: Path, action_id: str) -> None:
    folder.mkdir(parents=True)
    (folder / "recommendations.yaml").write_text(
        "- id: 1\n  title: One.\n  response: agree\n", encoding="utf-8"
    )
    (folder / "actions.yaml").write_text(
        f"- id: {action_id}\n  recommendations: [1]\n  action: Do {action_id}\n",
        encoding="utf-8",
    )


def test_what_a_portfolio_holds(tmp_path: Path) -> None:
    _plan(tmp_path / "data", "d1")  # beside plans/: the plan "data"
    _plan(tmp_path / "plans" / "kept" / "data", "k1")  # a plan in NAME/data/: "kept"
    _plan(tmp_path / "plans" / "plan-10", "t1")
    _plan(tmp_path / "plans" / "plan-9", "n1")
    # Never plans: inside a plan folder, hidden, packages.
    _plan(tmp_path / "plans" / "plan-9" / "old", "o1")
    _plan(tmp_path / "plans" / ".trash" / "x", "h1")
    _plan(tmp_path / "plans" / "node_modules" / "x", "m1")
    # A link back up does not make the walk go round.
    (tmp_path / "plans" / "loop").symlink_to(tmp_path / "plans")
    listed = js(tmp_path, "list")
    # Numbers in names sort as numbers.
    assert [(a["plan"], a["id"]) for a in listed] == [
        ("data", "data/d1"),
        ("kept", "kept/k1"),
        ("plan-9", "plan-9/n1"),
        ("plan-10", "plan-10/t1"),
    ]


def test_a_plan_reached_through_a_link_is_named_where_the_link_leads(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    _plan(root / "plans" / "2019" / "mid-term" / "data", "m1")  # no link: its path below plans/
    _plan(tmp_path / "elsewhere" / "team-a" / "data", "e1")  # outside the portfolio
    (root / "plans" / "shared").symlink_to(tmp_path / "elsewhere")
    # Outside the portfolio, a plan is named as a plan on its own: by the folder that holds
    # its data/ ("team-a"), not by the link's path.
    assert [(a["plan"], a["id"]) for a in js(root, "list")] == [
        ("2019/mid-term", "2019/mid-term/m1"),
        ("team-a", "team-a/e1"),
    ]


def test_a_portfolio_without_plans_says_how_to_start_one(tmp_path: Path) -> None:
    (tmp_path / "plans").mkdir()
    result = at(tmp_path, "list")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "vvsgplan: plans: no plan in this portfolio yet; start one with `vvsgplan init plans/NAME`"
    )


def test_one_plan_in_a_portfolio_shows_its_ids_as_written(tmp_path: Path) -> None:
    _plan(tmp_path / "plans" / "only", "a1")
    listed = js(tmp_path, "list")
    assert [(a.get("plan"), a["id"]) for a in listed] == [(None, "a1")]


# --- Tab completion ------------------------------------------------------------------------


def test_tab_completes_plan_names_and_ids_with_their_plan(root: Path) -> None:
    from test_completion import ask

    assert ask(root, "fish", "vvsgplan --plan ") == PLANS
    assert ask(root, "fish", "vvsgplan -p au") == ["audits/2019-finance"]
    assert ask(root, "fish", "vvsgplan done audits/") == [
        "audits/2019-finance/F1",
        "audits/2019-finance/F2",
    ]
    assert ask(root, "fish", "vvsgplan show 2018-peer-review/") == [
        *(f"2018-peer-review/{n}" for n in (1, 2, 3)),
        *(f"2018-peer-review/P{n}" for n in range(1, 6)),
    ]
    # With one plan in view, its ids as written.
    assert ask(root, "fish", "vvsgplan --plan 2018-peer-review done ") == [
        f"P{n}" for n in range(1, 6)
    ]
    assert ask(root / "plans" / "2018-peer-review", "fish", "vvsgplan list --owner B") == [
        "Bob Claes"
    ]


def test_tab_in_a_real_shell_completes_a_plan_name(
    shell: Terminal,  # noqa: F811 (the fixture imported above)
    root: Path,
    tmp_path: Path,
) -> None:
    """bash and zsh, typed into as a person types: a plan's name, then an id with it."""
    shell.type(f"cd {root}")
    shell.press("Enter")
    line = _complete(shell, "vvsgplan --plan au")
    assert line.rstrip().endswith("--plan audits/2019-finance"), line
    shell.press("C-u")
    # The five actions and three recommendations share "2018-peer-review/": the shell
    # completes that far; a P and a 3 more, and Tab again, make it P3.
    line = _complete(shell, "vvsgplan show 2018-pe")
    assert line.rstrip().endswith("show 2018-peer-review/"), line
    shell.type("P3")
    out = tmp_path / "out.json"
    shell.type(f" --format json > {out}; echo END")
    shell.press("Enter")
    shell.until(lambda s: "\nEND" in s, "the command's end")
    assert json.loads(out.read_text(encoding="utf-8"))["id"] == "2018-peer-review/P3"


def test_the_merge_driver_set_up_at_the_root_covers_every_plan(tmp_path: Path) -> None:
    root = build_portfolio(tmp_path / "repo")
    result = at(root, "merge-driver", "--install")
    assert result.exit_code == 0, result.output
    attributes = (root / ".gitattributes").read_text(encoding="utf-8").splitlines()
    assert attributes == [
        f"/plans/{name}/{file} merge=vvsgplan"
        for name in PLANS
        for file in ("recommendations.yaml", "actions.yaml")
    ]
    assert at(root, "merge-driver", "--install").stdout == "already set up\n"


def test_an_output_file_is_never_a_plan_file_of_any_plan(tmp_path: Path) -> None:
    root = build_portfolio(tmp_path / "repo")
    target = root / "plans" / "audits" / "2019-finance" / "actions.yaml"
    before = target.read_bytes()
    for args in (("report", "-o", str(target)), ("ics", "-o", str(target))):
        result = at(root, *args)
        assert result.exit_code == 3, result.output
        assert "is a file of the plan" in result.stderr
    assert target.read_bytes() == before
    report = root / "portfolio.html"
    assert at(root, "report", "-f", "html", "-o", str(report), "--as-of", DAY).exit_code == 0
    assert "Portefeuillerapport" in report.read_text(encoding="utf-8")
