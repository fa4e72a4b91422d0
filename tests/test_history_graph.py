"""`history` over a real commit graph: two clones, branches, merges both ways, a rebase and
a merge that resolves a conflict its own way. Every expected event is counted by hand
from the steps below, never taken from the program's output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from clones import Clone, clone, origin
from conftest import as_json, run


@pytest.fixture
def history_repo(tmp_path: Path) -> tuple[Clone, dict[str, str]]:
    """Ann and Bert follow one plan; returns Ann's clone and the commits by name."""
    root = origin(tmp_path)
    ann = clone(root, tmp_path / "ann", "Ann Peeters")
    bert = clone(root, tmp_path / "bert", "Bert Claes")
    c = {"init": ann.head()}

    # Ann marks B2 done on main; Bert, on a branch, reschedules D3 and starts A1.
    ann.vv("done", "B2", "--on", "2019-08-30", "--commit")
    c["a1"] = ann.head()
    ann.git("push", "-q", "origin", "main")
    bert.git("checkout", "-qb", "feature")
    bert.vv("reschedule", "D3", "najaar 2020", "--reason", "R1", "--commit")
    c["b1"] = bert.head()
    bert.vv("start", "A1", "--commit")
    c["b2"] = bert.head()
    # Ann starts A2; Bert merges main into his branch (a merge with nothing of its own).
    ann.vv("start", "A2", "--commit")
    c["a2"] = ann.head()
    ann.git("push", "-q", "origin", "main")
    bert.git("fetch", "-q")
    bert.git("merge", "-q", "--no-edit", "origin/main")
    c["m1"] = bert.head()
    bert.git("push", "-q", "origin", "feature")
    # Ann merges the branch into main.
    ann.git("fetch", "-q")
    ann.git("merge", "-q", "--no-ff", "--no-edit", "origin/feature")
    c["m2"] = ann.head()
    ann.git("push", "-q", "origin", "main")

    # Bert reschedules D3 again while Ann marks A2 done; Bert rebases onto her work.
    bert.git("fetch", "-q")
    bert.git("checkout", "-q", "-B", "main", "origin/main")
    bert.vv("reschedule", "D3", "Q1 2021", "--reason", "R2", "--commit")
    ann.vv("done", "A2", "--on", "2019-10-01", "--commit")
    c["a3"] = ann.head()
    ann.git("push", "-q", "origin", "main")
    bert.git("fetch", "-q")
    bert.git("rebase", "-q", "origin/main")
    c["b3"] = bert.head()  # the rebased commit: the only one that reaches main
    bert.git("push", "-q", "origin", "main")

    # Both reschedule D3 at once; git cannot merge it and Ann settles on a third date.
    ann.git("pull", "-q", "--ff-only")
    ann.git("checkout", "-qb", "x")
    ann.vv("reschedule", "D3", "Q2 2021", "--reason", "R3", "--commit")
    c["a4"] = ann.head()
    bert.git("pull", "-q", "--ff-only")
    bert.vv("reschedule", "D3", "Q3 2021", "--reason", "R4", "--commit")
    c["b4"] = bert.head()
    bert.git("push", "-q", "origin", "main")
    ann.git("fetch", "-q")
    ann.git("merge", "-q", "origin/main", check=False)  # conflicts: both moved D3
    ours = ann.git("show", ":2:data/actions.yaml")
    ann.write_actions(ours.replace("when: Q2 2021", "when: Q4 2021"))
    ann.git("commit", "-qam", "Merge main: D3 in Q4 2021")
    c["m3"] = ann.head()
    return ann, c


def _events(
    data: dict[str, Any],
) -> list[tuple[str, str, list[tuple[str, str | None, str | None]]]]:
    return [
        (e["commit"], e["author"], [(ch["what"], ch["old"], ch["new"]) for ch in e["changes"]])
        for e in data["events"]
    ]


def test_history_credits_each_change_to_its_commit_once(
    history_repo: tuple[Clone, dict[str, str]],
) -> None:
    ann, c = history_repo
    d3 = as_json("history", "D3", data=ann.data)
    assert _events(d3) == [
        (c["init"], "Ann Peeters", [("added", None, d3["events"][0]["changes"][0]["new"])]),
        (
            c["b1"],
            "Bert Claes",
            [("deadline", "Voorjaar 2020", "najaar 2020"), ("note added", None, "R1")],
        ),
        (
            c["b3"],
            "Bert Claes",
            [("deadline", "najaar 2020", "Q1 2021"), ("note added", None, "R2")],
        ),
        *sorted(
            [
                (
                    c["a4"],
                    "Ann Peeters",
                    [("deadline", "Q1 2021", "Q2 2021"), ("note added", None, "R3")],
                ),
                (
                    c["b4"],
                    "Bert Claes",
                    [("deadline", "Q1 2021", "Q3 2021"), ("note added", None, "R4")],
                ),
            ],
            key=lambda e: [x["commit"] for x in d3["events"]].index(e[0]),
        ),
        # The merge shows only its own resolution: neither side had Q4 2021 (its first
        # parent, Ann's branch, had Q2 2021).
        (c["m3"], "Ann Peeters", [("deadline", "Q2 2021", "Q4 2021")]),
    ]
    assert d3["events"][0]["changes"][0]["new"].startswith("Stakeholdermapping")
    # Moves: b1, b3, a4, b4 and the merge's own Q4 2021; the first `when` is no move.
    assert d3["deadline_moves"] == 5
    assert d3["events"][-1]["parents"] == [c["a4"], c["b4"]]


def test_history_never_credits_a_merge_or_another_author(
    history_repo: tuple[Clone, dict[str, str]],
) -> None:
    ann, c = history_repo
    a1 = as_json("history", "A1", data=ann.data)
    assert [(e["commit"], e["author"]) for e in a1["events"]] == [
        (c["init"], "Ann Peeters"),
        (c["b2"], "Bert Claes"),
    ]
    assert [(ch["what"], ch["old"], ch["new"]) for ch in a1["events"][1]["changes"]] == [
        ("status", "open", "in-progress")
    ]
    assert a1["deadline_moves"] == 0
    a2 = as_json("history", "A2", data=ann.data)
    assert [(e["commit"], e["author"]) for e in a2["events"]] == [
        (c["init"], "Ann Peeters"),
        (c["a2"], "Ann Peeters"),
        (c["a3"], "Ann Peeters"),
    ]
    b2 = as_json("history", "B2", data=ann.data)
    assert [(e["commit"], [ch["what"] for ch in e["changes"]]) for e in b2["events"]] == [
        (c["init"], ["added"]),
        (c["a1"], ["status", "done on"]),
    ]
    # No event anywhere belongs to the merges that only brought two sides together.
    for action in ("A1", "A2", "B2", "D3"):
        commits = {e["commit"] for e in as_json("history", action, data=ann.data)["events"]}
        assert not commits & {c["m1"], c["m2"]}


def test_history_lists_parents_before_children(
    history_repo: tuple[Clone, dict[str, str]],
) -> None:
    ann, _ = history_repo
    events = as_json("history", "D3", data=ann.data)["events"]
    seen: set[str] = set()
    for e in events:
        assert not any(p in {x["commit"] for x in events} - seen for p in e["parents"])
        seen.add(e["commit"])


def test_a_rebased_copy_merged_beside_its_original_counts_once(tmp_path: Path) -> None:
    """A branch merged after its commit was also cherry-picked onto main: the same change
    by the same author reaches main twice, and is one event."""
    root = origin(tmp_path)
    ann = clone(root, tmp_path / "ann", "Ann Peeters")
    ann.git("checkout", "-qb", "topic")
    ann.vv("reschedule", "D3", "najaar 2020", "--reason", "R1", "--commit")
    original = ann.head()
    ann.git("checkout", "-q", "main")
    ann.vv("start", "A1", "--commit")
    ann.git("cherry-pick", original)
    ann.git("merge", "-q", "--no-edit", "topic")
    d3 = as_json("history", "D3", data=ann.data)
    assert [e["changes"][0]["what"] for e in d3["events"]] == ["added", "deadline"]
    assert d3["deadline_moves"] == 1


def test_history_of_an_action_removed_from_the_plan(tmp_path: Path) -> None:
    """A reviewer asks when A5 went, and who took it out: it has a history, though the
    plan no longer holds it."""
    root = origin(tmp_path)
    ann = clone(root, tmp_path / "ann", "Ann Peeters")
    ann.vv("drop", "A5", "--reason", "Geen conferentie", "--commit")
    dropped = ann.head()
    ann.git("config", "user.name", "Bert Claes")
    text = ann.actions()
    start = text.index("# Interpretation: answers recommendation 1 (international")
    end = text.index("# =====", start)
    ann.write_actions(text[:start] + text[end:])
    ann.git("commit", "-qam", "Remove A5")
    removed = ann.head()
    a5 = as_json("history", "A5", data=ann.data)
    assert _events(a5) == [
        (
            a5["events"][0]["commit"],
            "Ann Peeters",
            [("added", None, "Internationale conferentie over de SDG's")],
        ),
        (
            dropped,
            "Ann Peeters",
            [("status", "open", "dropped"), ("note added", None, "Geen conferentie")],
        ),
        (removed, "Bert Claes", [("removed", "Internationale conferentie over de SDG's", None)]),
    ]
    assert a5["id"] == "A5" and a5["deadline_moves"] == 0
    # An id that never was in the plan is still an unknown id.
    result = run("history", "A9", data=ann.data)
    assert result.exit_code == 2
    assert "no recommendation or action 'A9'" in result.stderr


def test_a_fix_after_a_merge_committed_with_markers_is_read_from_the_first_parent(
    tmp_path: Path,
) -> None:
    """Both move A3; Ann's merge is committed with the conflict markers in it (it does
    not read, so it is no event), then she fixes it to a third date. The fix is compared
    with both sides the unreadable merge joined, her own (first parent) first."""
    root = origin(tmp_path)
    ann = clone(root, tmp_path / "ann", "Ann Peeters")
    bert = clone(root, tmp_path / "bert", "Bert Claes")
    # By hand, as people also do: only the `when` lines change.
    ann.write_actions(ann.actions().replace("  when: Zomer 2019\n", "  when: najaar 2019\n", 1))
    ann.git("commit", "-qam", "A3 in the autumn")
    bert.write_actions(bert.actions().replace("  when: Zomer 2019\n", "  when: winter 2019\n", 1))
    bert.git("commit", "-qam", "A3 in the winter")
    bert.git("push", "-q", "origin", "HEAD:bert")
    ann.git("fetch", "-q")
    ann.git("merge", "-q", "origin/bert", check=False)
    assert "<<<<<<<" in ann.actions()
    ann.git("commit", "-qam", "Merge, markers left in")
    fixed = ann.git("show", f"{ann.head()}^1:data/actions.yaml")
    ann.write_actions(fixed.replace("  when: najaar 2019\n", "  when: december 2019\n"))
    ann.git("commit", "-qam", "A3 in December")
    a3 = as_json("history", "A3", data=ann.data)
    assert [(e["author"], e["subject"]) for e in a3["events"]][-1] == (
        "Ann Peeters",
        "A3 in December",
    )
    assert [(ch["what"], ch["old"], ch["new"]) for ch in a3["events"][-1]["changes"]] == [
        ("deadline", "najaar 2019", "december 2019")
    ]
    # Ann's move, Bert's, and the fix's third date.
    assert a3["deadline_moves"] == 3


def test_a_when_reworded_to_the_same_days_is_no_reschedule(tmp_path: Path) -> None:
    """`Zomer 2019` spelt `zomer 2019` is the same window: neither a deadline move in
    `history` nor a reschedule in a review. A move to another window still is one, and
    so is one between two events, which have no days to compare."""
    root = origin(tmp_path)
    ann = clone(root, tmp_path / "ann", "Ann Peeters")
    base = ann.head()
    ann.write_actions(
        ann.actions()
        .replace("  when: Zomer 2019\n", "  when: zomer 2019\n", 1)
        .replace("  when: na start nieuwe Vlaamse regering\n", "  when: na de verkiezingen\n")
    )
    ann.git("commit", "-qam", "Spelling")
    ann.vv("reschedule", "A3", "najaar 2019", "--reason", "Later", "--commit")
    a3 = as_json("history", "A3", data=ann.data)
    assert [[ch["kind"] for ch in e["changes"]] for e in a3["events"]] == [
        ["added"],
        ["other"],
        ["rescheduled", "note"],
    ]
    assert a3["deadline_moves"] == 1
    assert as_json("history", "C3", data=ann.data)["deadline_moves"] == 1
    spelling = as_json("diff", base, "HEAD~1", data=ann.data)
    assert [(c["item"], c["kind"]) for c in spelling["changes"]] == [
        ("A3", "other"),
        ("C3", "rescheduled"),
    ]
    assert (spelling["summary"]["rescheduled"], spelling["summary"]["other"]) == (1, 1)
