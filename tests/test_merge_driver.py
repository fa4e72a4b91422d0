"""The merge driver through real git: two clones change the same actions and one merges
the other's work, with and without `vvsgplan merge-driver --install`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clones import Clone, clone, git, origin
from conftest import ROOT, run

from vvsgplan.load import load_plan
from vvsgplan.merge import merge_texts

NEW_ACTION = """
- id: {id}
  recommendations: [9]
  action: {text}
  owner: VVSG directie
"""


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Clone, Clone]:
    """Ann (with the driver installed, committed in .gitattributes) and Bert, on one plan."""
    root = origin(tmp_path)
    ann = clone(root, tmp_path / "ann", "Ann Peeters")
    out = ann.vv("merge-driver", "--install")
    assert ".gitattributes: added /data/actions.yaml merge=vvsgplan" in out
    ann.git("add", ".gitattributes")
    ann.git("commit", "-qm", "Merge plan files with vvsgplan")
    ann.git("push", "-q", "origin", "main")
    bert = clone(root, tmp_path / "bert", "Bert Claes")
    return ann, bert


def _merge_bert(ann: Clone, bert: Clone) -> tuple[int, str]:
    """Bert pushes a branch; Ann merges it into her main: git's exit code and output."""
    bert.git("push", "-q", "origin", "HEAD:bert")
    ann.git("fetch", "-q", "origin")
    done = git(ann.root, "merge", "--no-edit", "origin/bert", check=False)
    code = 0 if "Merge made" in done or "Fast-forward" in done else 1
    return code, done


def _check(clone: Clone) -> tuple[int, str]:
    result = run("check", data=clone.data)
    return result.exit_code, result.stderr


def test_changes_to_different_milestones_and_fields_of_one_action_merge(
    pair: tuple[Clone, Clone],
) -> None:
    ann, bert = pair
    ann.vv("done", "D2", "-m", "Selectie", "--on", "2019-08-20", "--commit")
    ann.vv("done", "B3", "--on", "2019-12-01", "--commit")
    bert.vv("reschedule", "D2", "-m", "Trefdag", "november 2020", "--reason", "Later", "--commit")
    bert.vv("reschedule", "B3", "voorjaar 2020", "--reason", "Meer tijd", "--commit")
    code, out = _merge_bert(ann, bert)
    assert code == 0, out
    assert "CONFLICT" not in out
    assert _check(ann) == (0, "")
    plan = load_plan(ann.data)
    d2, b3 = plan.action("D2"), plan.action("B3")
    assert d2 is not None and b3 is not None
    assert [(m.label, m.when, m.status, m.done_on) for m in d2.milestones] == [
        ("Selectie", "zomer 2019", "done", "2019-08-20"),
        ("Trefdag", "november 2020", "open", None),
    ]
    # The reasons are dated updates: of the milestone, and of the action.
    assert [u.text for u in d2.milestones[1].updates] == ["Later"]
    assert (b3.status, b3.done_on, b3.when, [u.text for u in b3.updates]) == (
        "done",
        "2019-12-01",
        "voorjaar 2020",
        ["Meer tijd"],
    )
    # Comments and the rest of the file are as both sides left them.
    assert ann.git("diff", "HEAD^1", "HEAD", "--stat").count("actions.yaml") == 1
    for comment in re.findall(r"^#.*$", (ROOT / "data" / "actions.yaml").read_text(), re.M):
        assert comment in ann.actions()


def test_notes_added_on_both_sides_are_kept_ours_first(pair: tuple[Clone, Clone]) -> None:
    ann, bert = pair
    ann.vv("done", "B2", "--on", "2019-08-30", "--note", "Bezoeken afgerond", "--commit")
    bert.vv("reschedule", "B2", "najaar 2019", "--reason", "Tweede ronde bezoeken", "--commit")
    code, out = _merge_bert(ann, bert)
    assert code == 0, out
    assert _check(ann) == (0, "")
    b2 = load_plan(ann.data).action("B2")
    assert b2 is not None
    assert (b2.status, b2.when) == ("done", "najaar 2019")
    # Both sides' dated updates, ours first.
    assert [u.text for u in b2.updates] == ["Bezoeken afgerond", "Tweede ronde bezoeken"]


def test_actions_added_on_both_sides_are_both_kept(pair: tuple[Clone, Clone]) -> None:
    ann, bert = pair
    ann.write_actions(ann.actions() + NEW_ACTION.format(id="E1", text="Fonds oprichten"))
    ann.git("commit", "-qam", "Plan E1")
    bert.write_actions(bert.actions() + NEW_ACTION.format(id="E2", text="Fonds evalueren"))
    bert.git("commit", "-qam", "Plan E2")
    code, out = _merge_bert(ann, bert)
    assert code == 0, out
    assert _check(ann) == (0, "")
    ids = [a.id for a in load_plan(ann.data).actions]
    assert ids[-2:] == ["E1", "E2"]
    assert ann.actions().endswith(
        NEW_ACTION.format(id="E1", text="Fonds oprichten")
        + NEW_ACTION.format(id="E2", text="Fonds evalueren")
    )


def test_two_reschedules_conflict_on_that_field_only(pair: tuple[Clone, Clone]) -> None:
    ann, bert = pair
    ann.vv("reschedule", "D3", "Q1 2021", "--reason", "Ann: budget", "--commit")
    ann.vv("start", "A1", "--commit")
    bert.vv("reschedule", "D3", "najaar 2020", "--reason", "Bert: planning", "--commit")
    bert.vv("done", "B2", "--on", "2019-08-30", "--commit")
    code, out = _merge_bert(ann, bert)
    assert code == 1
    assert "action D3 'when': both sides changed it" in out
    text = ann.actions()
    # Only D3's `when` is between markers: ours, then theirs.
    assert re.findall(r"^<<<<<<< .*\n((?:.*\n)*?)=======\n((?:.*\n)*?)>>>>>>> .*$", text, re.M) == [
        ("  when: Q1 2021\n", "  when: najaar 2020\n")
    ]
    code, problems = _check(ann)
    assert code == 1
    assert [line.split(": ", 1)[1] for line in problems.splitlines()] == [
        "git conflict marker: resolve the merge, then retry"
    ] * 3
    # The rest is merged: both notes, A1 started (ours), B2 done (theirs).
    resolved = re.sub(r"^<<<<<<< .*\n(.*\n)=======\n.*\n>>>>>>> .*\n", r"\1", text, flags=re.M)
    ann.write_actions(resolved)
    assert _check(ann) == (0, "")
    plan = load_plan(ann.data)
    d3, a1, b2 = plan.action("D3"), plan.action("A1"), plan.action("B2")
    assert d3 is not None and a1 is not None and b2 is not None
    assert (d3.when, [u.text for u in d3.updates]) == ("Q1 2021", ["Ann: budget", "Bert: planning"])
    assert a1.status == "in-progress"
    assert (b2.status, b2.done_on) == ("done", "2019-08-30")


def test_done_against_dropped_marks_the_status(pair: tuple[Clone, Clone]) -> None:
    ann, bert = pair
    ann.vv("done", "A5", "--on", "2020-09-30", "--commit")
    bert.vv("drop", "A5", "--reason", "Geen conferentie meer", "--commit")
    code, out = _merge_bert(ann, bert)
    assert code == 1
    assert "action A5 'status': both sides changed it" in out
    text = ann.actions()
    assert "<<<<<<< ours: action A5 'status'\n  status: done\n=======\n  status: dropped\n" in text
    # Nothing is lost: our done_on and their reason are there.
    assert "  done_on: '2020-09-30'\n" in text
    assert "      text: Geen conferentie meer\n" in text
    assert text.count("<<<<<<<") == 1


def test_without_the_driver_git_merges_lines_as_before(tmp_path: Path) -> None:
    """The same changes as the first test, in clones without the driver: git's own merge
    stops on the adjacent lines, with its own markers."""
    root = origin(tmp_path)
    ann = clone(root, tmp_path / "ann", "Ann Peeters")
    bert = clone(root, tmp_path / "bert", "Bert Claes")
    ann.vv("done", "B3", "--on", "2019-12-01", "--commit")
    bert.vv("reschedule", "B3", "voorjaar 2020", "--reason", "Meer tijd", "--commit")
    code, out = _merge_bert(ann, bert)
    assert code == 1
    assert "CONFLICT (content): Merge conflict in data/actions.yaml" in out
    assert "vvsgplan" not in out
    assert "<<<<<<< HEAD\n" in ann.actions()


def test_attributes_without_the_driver_configured_fall_back_to_git(
    pair: tuple[Clone, Clone],
) -> None:
    """Bert's clone has the committed .gitattributes but never ran --install: his merges
    are git's line merges."""
    ann, bert = pair
    bert.vv("done", "B3", "--on", "2019-12-01", "--commit")
    ann.vv("reschedule", "B3", "voorjaar 2020", "--reason", "Meer tijd", "--commit")
    ann.git("push", "-q", "origin", "main")
    bert.git("fetch", "-q")
    out = bert.git("merge", "--no-edit", "origin/main", check=False)
    assert "CONFLICT (content)" in out
    assert "<<<<<<< HEAD\n" in bert.actions()


def test_what_cannot_be_merged_safely_is_refused(pair: tuple[Clone, Clone]) -> None:
    """An action in flow style cannot be edited at its nodes: the driver says so, merges
    the lines as git would and reports a conflict; both sides' text is in the file."""
    ann, bert = pair
    flow = "\n- {id: E1, recommendations: [9], action: Fonds oprichten}\n"
    ann.write_actions(ann.actions() + flow)
    ann.git("commit", "-qam", "Plan E1")
    ann.git("push", "-q", "origin", "main")
    bert.git("pull", "-q")
    ann.write_actions(ann.actions().replace("Fonds oprichten}", "Fonds oprichten, owner: Ann}"))
    ann.git("commit", "-qam", "E1 owner")
    bert.write_actions(bert.actions().replace("Fonds oprichten}", "Fonds oprichten, when: 2021}"))
    bert.git("commit", "-qam", "E1 when")
    code, out = _merge_bert(ann, bert)
    assert code == 1
    assert "flow style" in out and "merged line by line instead" in out
    text = ann.actions()
    assert "owner: Ann}" in text and "when: 2021}" in text


def test_a_side_that_does_not_read_is_refused(pair: tuple[Clone, Clone]) -> None:
    ann, bert = pair
    ann.vv("start", "A1", "--commit")
    bert.write_actions(bert.actions().replace("- id: D3\n", "- id: D3\n  owner: [unclosed\n"))
    bert.git("commit", "-qam", "Broken")
    code, out = _merge_bert(ann, bert)
    assert code == 1
    assert "a side does not read" in out
    assert "[unclosed" in ann.actions()


def test_install_is_idempotent_and_uninstall_undoes_it(tmp_path: Path) -> None:
    root = origin(tmp_path)
    (root / ".gitattributes").write_text("*.pdf binary\n", encoding="utf-8")
    data = root / "data"
    first = run("merge-driver", "--install", data=data)
    assert first.exit_code == 0
    assert first.stdout.splitlines() == [
        ".gitattributes: added /data/recommendations.yaml merge=vvsgplan",
        ".gitattributes: added /data/actions.yaml merge=vvsgplan",
        "git config merge.vvsgplan.name set",
        "git config merge.vvsgplan.driver set",
    ]
    attributes = (root / ".gitattributes").read_text(encoding="utf-8")
    again = run("merge-driver", "--install", data=data)
    assert again.stdout == "already set up\n"
    assert (root / ".gitattributes").read_text(encoding="utf-8") == attributes
    assert git(root, "check-attr", "merge", "data/actions.yaml").strip().endswith("vvsgplan")
    assert "merge-driver" in git(root, "config", "merge.vvsgplan.driver")
    gone = run("merge-driver", "--uninstall", data=data)
    assert gone.exit_code == 0
    assert (root / ".gitattributes").read_text(encoding="utf-8") == "*.pdf binary\n"
    assert git(root, "config", "--get-regexp", "^merge\\.", check=False) == ""
    assert run("merge-driver", "--uninstall", data=data).stdout == (
        "not set up: nothing to remove\n"
    )


def test_install_keeps_the_line_ends_of_gitattributes(tmp_path: Path) -> None:
    root = origin(tmp_path)
    (root / ".gitattributes").write_bytes(b"*.pdf binary\r\n")
    assert run("merge-driver", "--install", data=root / "data").exit_code == 0
    assert (root / ".gitattributes").read_bytes() == (
        b"*.pdf binary\r\n"
        b"/data/recommendations.yaml merge=vvsgplan\r\n"
        b"/data/actions.yaml merge=vvsgplan\r\n"
    )
    assert run("merge-driver", "--uninstall", data=root / "data").exit_code == 0
    assert (root / ".gitattributes").read_bytes() == b"*.pdf binary\r\n"


def test_driver_usage_mistakes() -> None:
    result = run("merge-driver", "a", "b", data=None)
    assert result.exit_code == 2
    assert "BASE OURS THEIRS PATH" in result.stderr
    result = run("merge-driver", "--install", "--uninstall", data=None)
    assert result.exit_code == 2


def test_driver_files_that_cannot_be_read(tmp_path: Path) -> None:
    """Run by hand with a wrong path: one line and exit 2, not a traceback."""
    missing = tmp_path / "missing.yaml"
    result = run("merge-driver", str(missing), str(missing), str(missing), "x", data=None)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"vvsgplan: merge-driver: cannot read {missing}: No such file or directory"
    ]


def test_plan_files_with_crlf_line_ends_merge_and_keep_them(pair: tuple[Clone, Clone]) -> None:
    """A plan edited on Windows (CRLF, which every command reads and keeps) merges in plan
    terms too, and stays CRLF."""
    ann, bert = pair
    crlf = (ann.data / "actions.yaml").read_bytes().replace(b"\n", b"\r\n")
    (ann.data / "actions.yaml").write_bytes(crlf)
    ann.git("commit", "-qam", "CRLF")
    ann.git("push", "-q", "origin", "main")
    bert.git("pull", "-q")
    ann.vv("done", "D3", "--on", "2020-03-01", "--note", "Ann: klaar", "--commit")
    ann.vv("start", "A1", "--commit")
    bert.vv("reschedule", "D3", "najaar 2020", "--reason", "Bert: later", "--on", "2020-02-01")
    bert.git("commit", "-qam", "D3 later")
    code, out = _merge_bert(ann, bert)
    assert code == 0, out
    assert _check(ann) == (0, "")
    raw = (ann.data / "actions.yaml").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > crlf.count(b"\n")
    plan = load_plan(ann.data)
    d3, a1 = plan.action("D3"), plan.action("A1")
    assert d3 is not None and a1 is not None
    assert (d3.status, d3.done_on, d3.when, a1.status) == (
        "done",
        "2020-03-01",
        "najaar 2020",
        "in-progress",
    )
    assert [(u.date, u.text) for u in d3.updates] == [
        ("2020-03-01", "Ann: klaar"),
        ("2020-02-01", "Bert: later"),
    ]


def test_a_side_with_cr_only_or_mixed_line_ends_is_refused(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    base.write_bytes(BASE.encode())
    ours.write_bytes(BASE.replace("maart", "april").encode())
    theirs.write_bytes(BASE.replace("Tweede\n", "Tweede, herzien\n").replace("\n", "\r").encode())
    result = run("merge-driver", str(base), str(ours), str(theirs), "data/actions.yaml", data=None)
    assert result.exit_code == 1
    assert "a side has CR-only or mixed line endings; merged line by line" in result.stderr


def test_updates_merge_when_a_rebase_replays_two_of_them(pair: tuple[Clone, Clone]) -> None:
    """Bert rebases two commits that each add an update to D3 onto Ann's, which added one
    too: replaying his second commit, ours (Ann's, then his first) already holds an update
    before the base's. Each side only added: it merges."""
    ann, bert = pair
    bert.vv("merge-driver", "--install")
    ann.vv("note", "D3", "Ann: partners gekozen", "--on", "2020-01-10", "--commit")
    ann.git("push", "-q", "origin", "main")
    bert.vv("note", "D3", "Bert: eerste overleg", "--on", "2020-01-05", "--commit")
    bert.vv("note", "D3", "Bert: tweede overleg", "--on", "2020-01-20", "--commit")
    bert.git("fetch", "-q")
    out = bert.git("rebase", "origin/main", check=False)
    assert "CONFLICT" not in out, out
    assert _check(bert) == (0, "")
    d3 = load_plan(bert.data).action("D3")
    assert d3 is not None
    assert [u.text for u in d3.updates] == [
        "Ann: partners gekozen",
        "Bert: eerste overleg",
        "Bert: tweede overleg",
    ]


# --- the merge itself, on texts ---------------------------------------------------------

BASE = """\
# Plan
- id: a1
  recommendations: [1]
  action: Eerste
  when: maart 2020

# Tweede thema
- id: a2
  recommendations: [1]
  action: Tweede
"""


def test_notes_merge_when_one_side_added_lines_above_the_base() -> None:
    """What a rebase gives for notes written by hand: our side holds a line above the
    base's (the other branch's, merged first), theirs one below."""
    base = BASE.replace("  action: Tweede\n", "  action: Tweede\n  notes: |-\n    Eerste\n")
    ours = base.replace("    Eerste\n", "    Van main\n    Eerste\n")
    theirs = base.replace("    Eerste\n", "    Eerste\n    Tweede\n")
    outcome = merge_texts(base, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == []
    assert outcome.text == base.replace("    Eerste\n", "    Van main\n    Eerste\n    Tweede\n")
    # A line changed, not only added, is a conflict.
    changed = base.replace("    Eerste\n", "    Eerste, herzien\n")
    assert merge_texts(base, changed, theirs, name="data/actions.yaml").conflicts == [
        "action a2 'notes': both sides changed it; resolve the marked lines"
    ]


def test_their_removal_of_an_action_we_left_alone_is_taken() -> None:
    theirs = BASE.split("\n# Tweede")[0] + "\n"
    ours = BASE.replace("maart", "april")
    outcome = merge_texts(BASE, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == []
    assert (
        outcome.text
        == "# Plan\n- id: a1\n  recommendations: [1]\n  action: Eerste\n  when: april 2020\n\n# Tweede thema\n"
    )


def test_a_removal_against_a_change_keeps_both_between_markers() -> None:
    theirs = BASE.split("\n# Tweede")[0] + "\n"
    ours = BASE.replace("action: Tweede", "action: Tweede, herzien")
    outcome = merge_texts(BASE, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == ["action a2: changed on our side, removed on theirs"]
    assert "<<<<<<< ours: action a2\n- id: a2\n" in outcome.text
    assert "action: Tweede, herzien\n=======\n>>>>>>> theirs: action a2\n" in outcome.text


def test_recommendations_merge_per_field() -> None:
    base = (ROOT / "data" / "recommendations.yaml").read_text(encoding="utf-8")
    ours = base.replace("  response: noted\n", "  response: partially-agree\n")
    title = "    Meer strategisch samenwerken op Vlaams niveau.\n"
    theirs = base.replace(title, "    Strategisch samenwerken op Vlaams niveau.\n")
    assert ours != base and theirs != base
    outcome = merge_texts(base, ours, theirs, name="data/recommendations.yaml")
    assert outcome.conflicts == []
    assert outcome.text == ours.replace(title, "    Strategisch samenwerken op Vlaams niveau.\n")


def test_a_milestone_added_on_one_side_and_changed_on_the_other() -> None:
    base = BASE.replace(
        "  when: maart 2020\n",
        "  when: maart 2020\n  milestones:\n    - label: Start\n      when: januari 2020\n",
    )
    ours = base.replace(
        "      when: januari 2020\n",
        "      when: januari 2020\n      status: done\n      done_on: 2020-01-15\n",
    )
    theirs = base.replace(
        "      when: januari 2020\n",
        "      when: januari 2020\n    - label: Einde\n      when: maart 2020\n",
    )
    outcome = merge_texts(base, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == []
    assert outcome.text == ours.replace(
        "      done_on: 2020-01-15\n",
        "      done_on: 2020-01-15\n    - label: Einde\n      when: maart 2020\n",
    )


def test_an_item_both_sides_renamed_differently_is_a_conflict_not_two_items() -> None:
    ours = BASE.replace("- id: a2\n", "- id: a2-ours\n")
    theirs = BASE.replace("- id: a2\n", "- id: a2-theirs\n")
    outcome = merge_texts(BASE, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == [
        "action a2: renamed to a2-ours on our side, to a2-theirs on theirs"
    ]
    item = "- id: {}\n  recommendations: [1]\n  action: Tweede\n"
    assert outcome.text == BASE.replace(
        item.format("a2"),
        "<<<<<<< ours: action a2\n"
        + item.format("a2-ours")
        + "=======\n"
        + item.format("a2-theirs")
        + ">>>>>>> theirs: action a2\n",
    )


def test_an_item_renamed_on_one_side_only_is_renamed() -> None:
    theirs = BASE.replace("- id: a2\n", "- id: a2-new\n")
    ours = BASE.replace("maart", "april")
    outcome = merge_texts(BASE, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == []
    assert outcome.text.count("- id: ") == 2
    assert "when: april 2020\n" in outcome.text
    assert "- id: a2-new\n  recommendations: [1]\n  action: Tweede\n" in outcome.text


STEPS = """\
- id: a1
  recommendations: [1]
  action: Eerste
  when: Selectie januari 2020; Trefdag maart 2020
"""
WRITTEN = """\
  milestones:
    - label: Selectie
      when: januari 2020
      status: done
      done_on: 2020-01-15
    - label: Trefdag
      when: maart 2020
"""


def _steps(text: str) -> list[tuple[str, str, str, str | None]]:
    from vvsgplan.load import read_records

    actions, problems = read_records(Path("actions.yaml"), text)
    assert problems == []
    return [(m.label, m.when, m.status, m.done_on) for m in actions[0].milestones]


@pytest.mark.parametrize("ours_wrote", [True, False], ids=["ours wrote", "theirs wrote"])
def test_milestones_written_out_on_one_side_take_the_others_move_in_when(
    ours_wrote: bool,
) -> None:
    """One side marks Selectie done (which writes the milestones out of `when`), the other
    moves Selectie by rescheduling the whole `when`: Selectie is done, in February."""
    marked = STEPS + WRITTEN
    moved = STEPS.replace("Selectie januari", "Selectie februari")
    ours, theirs = (marked, moved) if ours_wrote else (moved, marked)
    outcome = merge_texts(STEPS, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == []
    assert outcome.text == moved + WRITTEN.replace("when: januari", "when: februari")
    assert _steps(outcome.text) == [
        ("Selectie", "februari 2020", "done", "2020-01-15"),
        ("Trefdag", "maart 2020", "open", None),
    ]


def test_a_step_moved_in_when_and_in_the_written_list_is_a_conflict() -> None:
    ours = STEPS + WRITTEN.replace("when: januari", "when: april")
    theirs = STEPS.replace("Selectie januari", "Selectie februari")
    outcome = merge_texts(STEPS, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == [
        "action a1 'milestones': both sides changed it; resolve the marked lines"
    ]
    assert "<<<<<<< ours: action a1 'milestones'\n  milestones:\n" in outcome.text
    assert "  when: Selectie februari 2020; Trefdag maart 2020\n" in outcome.text


def test_a_key_they_added_keeps_the_comment_they_wrote_above_it() -> None:
    """A comment says how the plan reads the source: an owner added with its
    interpretation comment keeps it when merged into our changed file."""
    theirs = BASE.replace(
        "  action: Tweede\n",
        "  action: Tweede\n  # Interpretation: 'de dienst' is the board.\n  owner: Bestuur\n",
    )
    ours = BASE.replace("maart", "april")
    outcome = merge_texts(BASE, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == []
    assert outcome.text == theirs.replace("maart", "april")
