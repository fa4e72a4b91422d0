"""Changing commands: surgical edits, all or nothing, safe writes, git commits."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED, MINIMAL_RECS, as_csv, as_json, ok, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MakePlan = Callable[..., Path]
VVSGPLAN = [sys.executable, "-m", "vvsgplan"]


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def init_repo(folder: Path) -> None:
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.email", "follow-up@example.org")
    git(folder, "config", "user.name", "Follow Up")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "Plan")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the bundled plan; returns its data folder."""
    data = tmp_path / "plan" / "data"
    data.mkdir(parents=True)
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    init_repo(data.parent)
    return data


def numstat(repo_root: Path) -> list[tuple[int, int, str]]:
    rows = []
    for line in git(repo_root, "diff", "--numstat").splitlines():
        added, removed, name = line.split("\t")
        rows.append((int(added), int(removed), name))
    return rows


# --- minimal diffs --------------------------------------------------------------------


def test_done_changes_one_line_and_adds_one(repo: Path) -> None:
    """A plain `done`: status changes, done_on is added under it; nothing else moves."""
    out = ok("done", "B2", "--on", "2019-08-30", data=repo)
    assert out == "B2: open -> done on 2019-08-30\n"
    assert numstat(repo.parent) == [(2, 1, "data/actions.yaml")]
    diff = git(repo.parent, "diff", "-U0")
    # The day quoted, so that every YAML reader loads it as text (YAML 1.1 would load a date).
    assert "-  status: open\n+  status: done\n+  done_on: '2019-08-30'\n" in diff
    b2 = as_json("show", "B2", data=repo)
    assert (b2["status"], b2["done_on"]) == ("done", "2019-08-30")


def test_three_actions_done_are_three_small_hunks(repo: Path) -> None:
    ok("done", "A3", "C1", "C2", "--on", "2019-09-02", data=repo)
    diff = git(repo.parent, "diff", "-U0")
    assert diff.count("\n@@ ") == 3
    assert numstat(repo.parent) == [(6, 3, "data/actions.yaml")]


def test_done_then_reopen_loads_to_the_same_plan(repo: Path) -> None:
    before = as_json("list", data=repo)
    original = (repo / "actions.yaml").read_bytes()
    ok("done", "A2", "--on", "2019-12-20", data=repo)
    ok("reopen", "A2", data=repo)
    assert as_json("list", data=repo) == before
    assert (repo / "actions.yaml").read_bytes() == original


def test_milestone_done_and_reopen(repo: Path) -> None:
    ok("done", "D2", "--milestone", "selectie", "--on", "2019-08-20", data=repo)
    d2 = as_json("show", "D2", data=repo)
    assert [(m["label"], m["status"], m["done_on"]) for m in d2["milestones"]] == [
        ("Selectie", "done", "2019-08-20"),
        ("Trefdag", "open", None),
    ]
    assert d2["status"] == "open"
    # The done milestone leaves `due`; the Trefdag is still there.
    due = [(a["id"]) for a in as_json("due", "--as-of", "2019-09-01", data=repo)]
    assert "D2" in due
    assert "Selectie" not in ok("due", "--as-of", "2019-09-01", "--format", "csv", data=repo)
    ok("reopen", "D2", "-m", "1", data=repo)
    assert as_json("show", "D2", data=repo)["milestones"][0]["status"] == "open"


def test_milestone_read_from_when_is_written_out(make_plan: MakePlan) -> None:
    actions = "- id: x1\n  recommendations: [1]\n  action: Trefdag\n  when: Selectie zomer 2019; Trefdag in oktober 2020\n  status: open\n"
    data = make_plan(recommendations=MINIMAL_RECS, actions=actions)
    ok("done", "x1", "-m", "Trefdag", "--on", "2020-10-15", data=data)
    assert (data / "actions.yaml").read_text() == actions.replace(
        "  status: open\n",
        "  status: open\n"
        "  milestones:\n"
        "    - label: Selectie\n"
        "      when: zomer 2019\n"
        "    - label: Trefdag\n"
        "      when: oktober 2020\n"
        "      status: done\n"
        "      done_on: '2020-10-15'\n",
    )
    x1 = as_json("show", "x1", data=data)
    assert [(m["label"], m["status"]) for m in x1["milestones"]] == [
        ("Selectie", "open"),
        ("Trefdag", "done"),
    ]


STYLES = {
    "two-space": """\
# Plan in two-space style
- id: a1
  recommendations: [1]
  action: Eerste actie
  when: zomer 2019  # the summer
  status: open

- id: a2
  recommendations:
    - 1
    - 2
  action: 'Tweede: met aanhalingstekens'
  owner: [Alice, Bob]
  when: "Eind 2019"
""",
    "four-space": """\
-   id: a1
    recommendations: [1]
    action: >-
        Eerste actie,
        over twee regels
    when: zomer 2019
    status: open
-   id: a2
    recommendations: [1, 2]
    action: |
        Tweede actie
    notes: |-
        Een eerste notitie
        op twee regels
""",
    "flow-lists-and-quotes": """\
- {id: a0, recommendations: [1], action: in flow style, status: open}
- "id": "a1"
  "recommendations": [1]
  "action": "Eerste"
  "status": "open"
- id: a2
  recommendations: [2]
  action: Tweede
  status: in-progress
""",
}


@pytest.mark.parametrize("style", sorted(STYLES))
@pytest.mark.parametrize("ending", ["lf", "crlf", "bom-crlf"])
def test_formatting_survives(make_plan: MakePlan, style: str, ending: str) -> None:
    text = STYLES[style]
    if ending != "lf":
        text = text.replace("\n", "\r\n")
    raw = ("\ufeff" if ending.startswith("bom") else "") + text
    data = make_plan(recommendations=MINIMAL_RECS)
    (data / "actions.yaml").write_bytes(raw.encode())
    before = as_json("list", data=data)
    ok("done", "a1", "a2", "--on", "2020-01-02", "--note", "Klaar", data=data)
    after_bytes = (data / "actions.yaml").read_bytes()
    after = after_bytes.decode("utf-8")
    assert after.startswith("\ufeff") == raw.startswith("\ufeff")
    if ending != "lf":
        assert "\n" not in after.replace("\r\n", "")
    # Every line that was there is still there, in order; only status lines changed.
    kept = [line for line in raw.splitlines() if "status" not in line]
    lines = after.splitlines()
    assert [line for line in lines if line in kept] == kept
    changed = {a["id"]: a for a in as_json("list", data=data)}
    for a in before:
        new = changed[a["id"]]
        if a["id"] in ("a1", "a2"):
            assert (new["status"], new["done_on"]) == ("done", "2020-01-02")
            # The note is a dated update; the free notes stay as they were.
            assert new["updates"] == [*a["updates"], {"date": "2020-01-02", "text": "Klaar"}]
            new = {**new, "status": a["status"], "done_on": None, "updates": a["updates"]}
        assert new == a
    ok("check", data=data)


def test_flow_mapping_is_refused_not_rewritten(make_plan: MakePlan) -> None:
    data = make_plan(recommendations=MINIMAL_RECS)
    (data / "actions.yaml").write_text(STYLES["flow-lists-and-quotes"])
    original = (data / "actions.yaml").read_bytes()
    result = run("done", "a0", data=data)
    assert result.exit_code == 3
    assert "action a0 is written in flow style" in result.stderr
    assert (data / "actions.yaml").read_bytes() == original


# --- all or nothing ---------------------------------------------------------------------


def _unchanged(data: Path, *args: str, code: int, message: str) -> None:
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.suffix == ".yaml"}
    result = run(*args, data=data)
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    after = {p.name: p.read_bytes() for p in data.iterdir() if p.suffix == ".yaml"}
    assert after == before


def test_several_ids_change_all_or_nothing(repo: Path) -> None:
    _unchanged(repo, "done", "A2", "A9", code=2, message="no recommendation or action 'A9'")
    _unchanged(repo, "done", "A2", "B1", code=2, message="B1 is already done (on 2019-04)")


def test_failing_writes_leave_the_file_byte_identical(repo: Path) -> None:
    actions = repo / "actions.yaml"
    _unchanged(
        repo, "reschedule", "A2", "ooit", "--reason", "x", code=2, message="cannot read 'ooit'"
    )
    _unchanged(repo, "start", "B1", code=2, message="B1 is done; reopen it first")
    _unchanged(repo, "done", "D2", "-m", "Opening", code=2, message="D2 has no milestone 'Opening'")
    actions.chmod(0o444)
    _unchanged(repo, "done", "A2", code=3, message="the file is read-only")
    actions.chmod(0o644)
    text = actions.read_text()
    actions.write_text(
        text.replace(
            "  when: Eind 2019\n",
            "<<<<<<< HEAD\n  when: Eind 2019\n=======\n  when: Q4 2019\n>>>>>>> other\n",
        )
    )
    _unchanged(
        repo, "done", "A2", code=1, message="git conflict marker: resolve the merge, then retry"
    )


def test_dry_run_prints_the_diff_and_writes_nothing(repo: Path) -> None:
    before = (repo / "actions.yaml").read_bytes()
    out = ok("done", "A3", "--on", "2019-08-25", "--dry-run", data=repo)
    assert out.splitlines()[:2] == ["--- a/actions.yaml", "+++ b/actions.yaml"]
    assert "-  status: open\n+  status: done\n+  done_on: '2019-08-25'\n" in out
    assert (repo / "actions.yaml").read_bytes() == before


# --- git --------------------------------------------------------------------------------


def test_commit_holds_only_the_plan_file_and_says_what_changed(repo: Path) -> None:
    (repo.parent / "notes.txt").write_text("not part of the plan")
    git(repo.parent, "add", "notes.txt")
    out = ok(
        "done", "B2", "--on", "2019-08-30", "--note", "Alle bezoeken gedaan", "--commit", data=repo
    )
    assert out.splitlines()[-1].endswith("] Mark B2 done (2019-08-30)")
    assert (
        git(repo.parent, "log", "-1", "--format=%s%n%b").strip()
        == "Mark B2 done (2019-08-30)\nAlle bezoeken gedaan"
    )
    assert git(repo.parent, "show", "--name-only", "--format=", "HEAD").split() == [
        "data/actions.yaml"
    ]
    assert git(repo.parent, "diff", "--cached", "--name-only").split() == ["notes.txt"]


def test_commit_outside_git_exits_2_before_changing_anything(make_plan: MakePlan) -> None:
    data = make_plan()
    _unchanged(data, "done", "x1", "--commit", code=2, message="is not in a git repository")


def test_two_clones_mark_neighbours_done_and_merge(repo: Path, tmp_path: Path) -> None:
    origin = repo.parent
    clones = []
    for name in ("alice", "bob"):
        clone = tmp_path / name
        git(tmp_path, "clone", "-q", str(origin), str(clone))
        git(clone, "config", "user.email", f"{name}@example.org")
        git(clone, "config", "user.name", name)
        clones.append(clone)
    ok("done", "C1", "--on", "2019-08-28", "--commit", data=clones[0] / "data")
    ok("done", "C2", "--on", "2019-08-29", "--commit", data=clones[1] / "data")
    git(clones[1], "pull", "-q", "--no-rebase", "--no-edit", str(clones[0]), "main")
    statuses = {a["id"]: a["status"] for a in as_json("list", data=clones[1] / "data")}
    assert (statuses["C1"], statuses["C2"]) == ("done", "done")
    ok("check", data=clones[1] / "data")


def test_concurrent_done_processes_all_land(repo: Path) -> None:
    """Twenty pairs of `done` started together on different actions: every change lands."""
    ids = [a["id"] for a in as_json("list", "--status", "open", data=repo)]
    for round_ in range(20):
        first, second = ids[(2 * round_) % len(ids)], ids[(2 * round_ + 1) % len(ids)]
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "vvsgplan",
                    "--data",
                    str(repo),
                    "done",
                    action_id,
                    "--on",
                    "2020-01-01",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for action_id in (first, second)
        ]
        for p in procs:
            p.wait()
        statuses = {a["id"]: a["status"] for a in as_json("list", data=repo)}
        assert statuses[first] == statuses[second] == "done"
        ok("reopen", first, second, data=repo)


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    """store.replace writes only over the content the change was prepared from."""
    from vvsgplan.store import WriteError, replace

    plan = tmp_path / "actions.yaml"
    plan.write_bytes(b"- edited by someone else\n")
    with pytest.raises(WriteError, match="changed on disk while the change was prepared"):
        replace(plan, b"- as it was read\n", b"- the change\n")
    assert plan.read_bytes() == b"- edited by someone else\n"
    assert [p.name for p in tmp_path.iterdir()] == ["actions.yaml"]  # no temporary file left


@pytest.mark.parametrize(
    "note",
    [
        "yes",
        "no",
        "12",
        "1e3",
        "0x1F",
        "2020-03-15",
        "a: b",
        "# not a comment",
        " padded ",
        "[list]",
        "~",
        "Klaar.",
    ],
)
def test_any_note_is_written_so_that_it_reads_back_as_text(make_plan: MakePlan, note: str) -> None:
    data = make_plan()
    ok("done", "x1", "--note", note, "--on", "2020-03-01", data=data)
    assert as_json("show", "x1", data=data)["updates"] == [
        {"date": "2020-03-01", "text": note.strip()}
    ]
    # Any YAML reader loads the day as text, not as a date.
    loaded = yaml.safe_load((data / "actions.yaml").read_text(encoding="utf-8"))
    assert loaded[0]["updates"] == [{"date": "2020-03-01", "text": note.strip()}]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(min_size=1, max_size=40))
def test_any_text_as_a_note_reads_back(tmp_path: Path, note: str) -> None:
    """Whatever a note holds (quotes, colons, line breaks, control characters), the file
    is written so that it reads back to exactly that note, or the command refuses."""
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "recommendations.yaml").write_text(MINIMAL_RECS, encoding="utf-8")
    (data / "actions.yaml").write_text(
        "- id: x1\n  recommendations: [1]\n  action: Iets\n  notes: Eerste\n", encoding="utf-8"
    )
    result = run("done", "x1", "--note", note, "--on", "2020-03-01", data=data)
    if any(c not in "\t\n" and unicodedata.category(c) == "Cc" for c in note):
        assert result.exit_code == 2, result.output  # a plan holds no control characters
        return
    assert result.exit_code == 0, result.output
    shown = as_json("show", "x1", data=data)
    assert shown["notes"] == "Eerste"
    # The text as given, less the blank lines and spaces at the ends of its lines that
    # a YAML block does not keep.
    cleaned = "\n".join(line.rstrip() for line in note.strip().split("\n"))
    expected = [{"date": "2020-03-01", "text": cleaned}] if cleaned else []
    assert shown["updates"] == expected


def test_a_milestone_commit_names_it_as_the_plan_spells_it(repo: Path) -> None:
    ok("done", "D2", "-m", "selectie", "--on", "2019-08-20", "--commit", data=repo)
    assert (
        git(repo.parent, "log", "-1", "--format=%s").strip()
        == "Mark D2 milestone Selectie done (2019-08-20)"
    )


# --- one deadline per action --------------------------------------------------------------


def test_rescheduling_a_milestone_moves_the_action_everywhere(repo: Path) -> None:
    """D2's steps are Selectie (zomer 2019) and Trefdag (oktober 2020). Moving the Trefdag
    to November 2020 makes D2 due on 30 November 2020 in every command, and its `when`
    says so too."""
    out = ok("reschedule", "D2", "november 2020", "-m", "Trefdag", "--reason", "Later", data=repo)
    assert out == "D2 milestone Trefdag: when 'oktober 2020' -> 'november 2020'\n"
    diff = git(repo.parent, "diff", "-U0")
    assert "-  when: Selectie zomer 2019; Trefdag in oktober 2020\n" in diff
    assert "+  when: Selectie zomer 2019; Trefdag in november 2020\n" in diff
    assert "-      when: oktober 2020\n+      when: november 2020\n" in diff

    d2 = as_json("show", "D2", data=repo)
    assert (d2["when"], d2["due"]) == (
        "Selectie zomer 2019; Trefdag in november 2020",
        "2020-11-30",
    )
    assert [(m["label"], m["due"]) for m in d2["milestones"]] == [
        ("Selectie", "2019-08-31"),
        ("Trefdag", "2020-11-30"),
    ]
    assert "(due 2020-11-30)" in ok("show", "D2", data=repo)
    listed = {a["id"]: a["due"] for a in as_json("list", data=repo)}
    assert listed["D2"] == "2020-11-30"
    # On 15 November 2020 the Trefdag is due, not overdue.
    rows = as_csv("due", "--as-of", "2020-11-15", data=repo)
    assert [(r["DUE"], r["OVERDUE"]) for r in rows if r["MILESTONE"] == "Trefdag"] == [
        ("2020-11-30", "")
    ]
    report = as_json("report", "--as-of", "2020-11-15", data=repo)
    assert [(r["id"], r["milestone"], r["due"]) for r in report["approaching"]] == [
        ("D2", "Trefdag", "2020-11-30")
    ]
    assert "Trefdag" not in json.dumps(report["overdue"])
    # The timeline draws D2 open (=) through November 2020, not overdue (!).
    chart = ok(
        "timeline",
        "--as-of",
        "2020-11-15",
        "--from",
        "2020-10",
        "--to",
        "2020-12",
        "--width",
        "40",
        data=repo,
    )
    d2_row = next(line for line in chart.splitlines() if line.startswith("D2 "))
    assert "!" not in d2_row and "=" in d2_row


def test_a_milestone_list_is_where_its_steps_dates_live(make_plan: MakePlan) -> None:
    """Edited by hand: the list says March 2021, the text still says October 2020."""
    actions = (
        "- id: x1\n  recommendations: [1]\n  action: Trefdag\n"
        "  when: Selectie zomer 2019; Trefdag in oktober 2020\n"
        "  milestones:\n"
        "    - label: Selectie\n      when: zomer 2019\n"
        "    - label: Trefdag\n      when: maart 2021\n"
    )
    data = make_plan(actions=actions)
    assert as_json("show", "x1", data=data)["due"] == "2021-03-31"
    assert as_csv("list", data=data)[0]["DUE"] == "2021-03-31"
    # A `when` that starts with the deadline itself keeps its own window.
    data = make_plan(
        actions=actions.replace(
            "Selectie zomer 2019; Trefdag in oktober 2020",
            "vanaf zomer 2019; Trefdag in oktober 2020",
        )
    )
    assert as_json("show", "x1", data=data)["due"] is None


def test_rescheduling_the_whole_action_moves_its_listed_milestones(repo: Path) -> None:
    ok(
        "reschedule",
        "D2",
        "Selectie zomer 2019; Trefdag in december 2020",
        "--reason",
        "x",
        data=repo,
    )
    d2 = as_json("show", "D2", data=repo)
    assert d2["due"] == "2020-12-31"
    assert [(m["label"], m["when"]) for m in d2["milestones"]] == [
        ("Selectie", "zomer 2019"),
        ("Trefdag", "december 2020"),
    ]
    ok("check", data=repo)
    _unchanged(
        repo,
        "reschedule",
        "D2",
        "Opening zomer 2019; Trefdag in januari 2021",
        "--reason",
        "x",
        code=2,
        message="D2 lists its milestones (Selectie, Trefdag); the new deadline names other steps",
    )


# --- where new keys go ------------------------------------------------------------------


def test_an_update_goes_at_the_end_of_its_own_action(repo: Path) -> None:
    """D2 and C4 end with a `milestones:` list; the next lines are D3's comment and the
    banner of theme D. A new key goes under the list, above those comments."""
    text = (repo / "actions.yaml").read_text(encoding="utf-8")
    ok("note", "D2", "Gekozen", "--on", "2019-08-20", data=repo)
    ok("note", "C4", "Uitgesteld", "--on", "2019-09-01", data=repo)
    after = (repo / "actions.yaml").read_text(encoding="utf-8")
    d2_update = "  updates:\n    - date: '2019-08-20'\n      text: Gekozen\n"
    assert "      when: oktober 2020\n" + d2_update + "\n# Recommendation 3's response" in after
    c4_update = "  updates:\n    - date: '2019-09-01'\n      text: Uitgesteld\n"
    assert "      when: najaar 2019\n" + c4_update + "\n# ====" in after
    # Nothing else moved: every line that was there is there, in order.
    kept = text.splitlines()
    assert [line for line in after.splitlines() if line in kept] == kept
    ok("check", data=repo)


@pytest.mark.parametrize(
    ("key", "args", "expected"),
    [
        (
            "status",
            ("done", "x1", "--on", "2020-03-01"),
            {"status": "done", "done_on": "2020-03-01"},
        ),
        ("when", ("reschedule", "x1", "Q3 2020", "--reason", "later"), {"when": "Q3 2020"}),
        (
            "updates",
            ("note", "x1", "Klaar", "--on", "2020-03-01"),
            {"updates": [{"date": "2020-03-01", "text": "Klaar"}]},
        ),
        ("notes", ("done", "x1", "--on", "2020-03-01"), {"notes": None, "status": "done"}),
        ("done_on", ("start", "x1"), {"status": "in-progress"}),
    ],
)
def test_a_key_without_a_value_can_be_changed(
    make_plan: MakePlan, key: str, args: tuple[str, ...], expected: dict[str, str]
) -> None:
    """`status:` with nothing after it is valid YAML (no value): the change fills it in."""
    actions = f"- id: x1\n  recommendations: [1]\n  action: Iets\n  {key}:\n  owner: Alice\n"
    data = make_plan(actions=actions)
    ok("check", data=data)
    ok(*args, data=data)
    ok("check", data=data)
    x1 = as_json("show", "x1", data=data)
    assert {k: x1[k] for k in expected} == expected
    assert x1["owner"] == ["Alice"]


# --- steps that are refused ---------------------------------------------------------------


def test_drop_keeps_the_day_an_action_was_done(repo: Path) -> None:
    _unchanged(
        repo,
        "drop",
        "B1",
        "--reason",
        "x",
        code=2,
        message="B1 is done since 2019-04; reopen it first",
    )


def test_done_on_a_day_after_today_is_refused(repo: Path) -> None:
    _unchanged(
        repo, "done", "A2", "--on", "2999-01-01", code=2, message="--on 2999-01-01 is after today"
    )
    _unchanged(
        repo,
        "done",
        "D2",
        "-m",
        "Trefdag",
        "--on",
        "2020-10-15",
        "--as-of",
        "2020-10-01",
        code=2,
        message="--on 2020-10-15 is after today (2020-10-01)",
    )
    # --as-of says which day today is: then that day may be given, and is the default.
    ok("done", "A2", "--on", "2020-10-15", "--as-of", "2020-10-20", data=repo)
    ok("done", "A3", "--as-of", "2019-09-02", data=repo)
    assert as_json("show", "A3", data=repo)["done_on"] == "2019-09-02"


@pytest.mark.parametrize("number", ["²", "١", "Ⅱ", "9" * 5000])
def test_a_milestone_number_that_is_not_one_is_refused(repo: Path, number: str) -> None:
    _unchanged(repo, "done", "D2", "-m", number, code=2, message="D2 has no milestone")


# --- git --------------------------------------------------------------------------------


def test_a_failed_commit_leaves_file_index_and_history_as_they_were(repo: Path) -> None:
    root = repo.parent
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\necho 'refused by the hook' >&2\nexit 1\n")
    hook.chmod(0o755)
    head = git(root, "rev-parse", "HEAD")
    _unchanged(
        repo, "done", "B2", "--commit", code=2, message="refused by the hook; the plan is as it was"
    )
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "rev-parse", "HEAD") == head
    # An unrelated commit right after publishes nothing of the refused change.
    hook.unlink()
    (root / "notes.txt").write_text("elsewhere")
    git(root, "add", "notes.txt")
    git(root, "commit", "-qm", "Notes")
    assert git(root, "show", "--name-only", "--format=", "HEAD").split() == ["notes.txt"]


def test_ten_commits_at_once_all_land(repo: Path) -> None:
    """Ten `done X --commit` started a moment apart, in a repository whose pre-commit hook
    takes a while (as checks do): each one's check for uncommitted changes must not see
    another's change that is written and not yet committed."""
    root = repo.parent
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\nsleep 0.3\n")
    hook.chmod(0o755)
    ids = [a["id"] for a in as_json("list", "--status", "open", data=repo)][:10]
    assert len(ids) == 10
    procs = []
    for action_id in ids:
        procs.append(
            subprocess.Popen(
                [
                    *VVSGPLAN,
                    "--data",
                    str(repo),
                    "done",
                    action_id,
                    "--on",
                    "2020-01-01",
                    "--commit",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
        time.sleep(0.15)
    results = [(p.wait(), p.stderr.read() if p.stderr else "") for p in procs]
    assert [code for code, _ in results] == [0] * 10, results
    subjects = git(root, "log", "--format=%s", "-10").splitlines()
    assert sorted(subjects) == sorted(f"Mark {i} done (2020-01-01)" for i in ids)
    assert git(root, "status", "--porcelain") == ""
    statuses = {a["id"]: a["status"] for a in as_json("list", data=repo)}
    assert all(statuses[i] == "done" for i in ids)
    for n in range(10):
        changed = git(root, "show", "--name-only", "--format=", f"HEAD~{n}").split()
        assert changed == ["data/actions.yaml"]
