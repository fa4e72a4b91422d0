"""Starting a plan and growing it without writing YAML by hand: `init`, `add
recommendation`, `add action` and `set`, in real folders and real git repositories.

Expected values come from the command lines typed here and from the README's format
tables (which keys are required, which values a choice takes), never from the program's
own output."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED, as_json, ok, run
from hostile import PLAN_TEXTS
from test_completion import Terminal, _complete, shell  # noqa: F401 (the shell fixture)

MakePlan = Callable[..., Path]
BIN = Path(sys.executable).parent


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def new_repo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.email", "follow-up@example.org")
    git(folder, "config", "user.name", "Follow Up")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (temporary files too), by its path: what a refused
    command must leave as it was."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def refused(args: tuple[str, ...], data: Path | None, folder: Path, code: int = 2) -> str:
    """Run a command that must be refused with `code` and one line, and change nothing
    below `folder`; its message."""
    before = snapshot(folder)
    result = run(*args, data=data)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("vvsgplan: "), result.stderr
    assert snapshot(folder) == before
    return lines[0]


def diff_lines(repo: Path) -> tuple[list[str], list[str]]:
    """The lines `git diff` adds and removes, without its headers."""
    added, removed = [], []
    for line in git(repo, "diff", "--no-color").splitlines():
        if line.startswith(("+++", "---")):
            continue
        if line.startswith("+"):
            added.append(line[1:])
        elif line.startswith("-"):
            removed.append(line[1:])
    return added, removed


# --- init ---------------------------------------------------------------------------------


def test_init_makes_a_plan_that_passes_check(tmp_path: Path) -> None:
    plan = tmp_path / "plans" / "2024-final"
    out = ok("init", str(plan), data=None)
    assert out.splitlines()[0].startswith(f"Started a plan in {plan}/: recommendations.yaml")
    names = sorted(p.name for p in plan.iterdir())
    assert names == [
        "actions.schema.json",
        "actions.yaml",
        "plan.schema.json",
        "plan.yaml",
        "recommendations.schema.json",
        "recommendations.yaml",
    ]
    result = run("check", data=plan)
    assert (result.exit_code, result.output) == (0, "")
    # Empty lists, and the context's keys ready to fill in: the title is the plan's name.
    assert as_json("list", data=plan) == []
    assert as_json("recs", data=plan) == []
    info = as_json("info", data=plan)
    assert info["context"]["evaluation"]["title"] == "2024-final"
    assert info["context"]["evaluation"]["evaluator"] is None
    assert info["context"]["response"]["date"] is None
    context = yaml.safe_load((plan / "plan.yaml").read_text(encoding="utf-8"))
    assert context == {
        "evaluation": {
            "title": "2024-final",
            "programme": None,
            "period": None,
            "evaluator": None,
            "when": None,
        },
        "response": {"date": None, "text": None, "signatories": []},
    }


def test_the_schema_line_of_each_file_resolves_and_validates_it(tmp_path: Path) -> None:
    """An editor's YAML language server reads the first line's schema path beside the
    file; check-jsonschema, a real client, validates each file against it."""
    plan = tmp_path / "plan"
    ok("init", str(plan), "--lang", "nl", data=None)
    for name in ("recommendations", "actions", "plan"):
        text = (plan / f"{name}.yaml").read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first == f"# yaml-language-server: $schema={name}.schema.json"
        schema = plan / first.split("$schema=", 1)[1]
        assert json.loads(schema.read_text(encoding="utf-8"))["title"] == f"vvsgplan {name}.yaml"
        done = subprocess.run(
            [
                str(BIN / "check-jsonschema"),
                "--schemafile",
                str(schema),
                str(plan / f"{name}.yaml"),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def _comments(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return " ".join(line[2:] for line in lines if line.startswith("# "))


def test_the_comments_speak_the_chosen_language_and_the_format(tmp_path: Path) -> None:
    ok("init", str(tmp_path / "en"), data=None)
    ok("init", str(tmp_path / "nl"), "--lang", "nl", data=None)
    en = _comments(tmp_path / "en" / "recommendations.yaml")
    nl = _comments(tmp_path / "nl" / "recommendations.yaml")
    assert "The evaluation's recommendations" in en and "aanbevelingen" not in en
    assert "De aanbevelingen van de evaluatie" in nl and "recommendations," not in nl
    # The README's table of recommendations: id, title and response are required, and
    # response takes agree, partially-agree, disagree or noted.
    assert "Keys: id, title, response (required); text, response_text, assessment." in en
    assert "Sleutels: id, title, response (verplicht); text, response_text, assessment." in nl
    assert "response: agree, partially-agree, disagree or noted." in en
    assert "response: agree, partially-agree, disagree of noted." in nl
    actions = _comments(tmp_path / "en" / "actions.yaml")
    assert "Keys: id, recommendations, action (required); owner, when, status," in actions
    assert "status: open, in-progress, done or dropped." in actions
    # The commands the comments name run as they are written there.
    for lang in ("en", "nl"):
        for line in (tmp_path / lang / "recommendations.yaml").read_text().splitlines():
            if line.startswith("#   vvsgplan add"):
                assert "vvsgplan add recommendation" in line
    assert "Het actieplan" in _comments(tmp_path / "nl" / "actions.yaml")
    assert "De evaluatie die dit plan opvolgt" in _comments(tmp_path / "nl" / "plan.yaml")


def test_init_without_a_folder_starts_data_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = ok("init", "--title", "Mid-term evaluation", data=None)
    assert out.splitlines()[-1] == 'Next: vvsgplan add recommendation "TITLE" --response agree'
    assert as_json("info", data=None)["context"]["evaluation"]["title"] == "Mid-term evaluation"
    # From here, discovery finds it: the folder `data/`, as the bundled plan's.
    assert (tmp_path / "data" / "recommendations.yaml").is_file()


def test_init_says_how_to_reach_a_plan_of_a_portfolio(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("init", str(tmp_path / "plans" / "2019"), data=None)
    monkeypatch.chdir(tmp_path)
    out = ok("init", "plans/2022-final", data=None)
    assert out.splitlines()[-1] == (
        'Next: vvsgplan --plan 2022-final add recommendation "TITLE" --response agree'
    )
    # At the portfolio's root, no folder given: where should it go? Refused.
    message = refused(("init",), None, tmp_path)
    assert "portfolio's root" in message and "vvsgplan init plans/NAME" in message


def test_init_refuses_a_folder_that_holds_a_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan"
    ok("init", str(plan), data=None)
    (plan / "recommendations.yaml").write_text("- id: 1\n  title: Mine\n  response: agree\n")
    message = refused(("init", str(plan)), None, tmp_path)
    assert message == (
        f"vvsgplan: {plan} holds a plan already (recommendations.yaml, actions.yaml, "
        "plan.yaml); nothing was written"
    )
    # One file of a plan is enough to refuse.
    lone = tmp_path / "lone"
    lone.mkdir()
    (lone / "actions.yaml").write_text("[]\n")
    assert "holds a plan already (actions.yaml)" in refused(("init", str(lone)), None, tmp_path)
    # The bundled plan is never written over.
    before = snapshot(BUNDLED)
    assert run("init", str(BUNDLED), data=None).exit_code == 2
    assert snapshot(BUNDLED) == before


def test_init_refuses_a_file_and_a_folder_inside_a_plan(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    assert "is a file" in refused(("init", str(tmp_path / "notes.txt")), None, tmp_path)
    ok("init", str(tmp_path / "plan"), data=None)
    message = refused(("init", str(tmp_path / "plan" / "inner")), None, tmp_path)
    assert "is inside the plan in" in message


def test_init_writes_every_file_or_none(tmp_path: Path) -> None:
    """The last file cannot be written (a folder has its name): the plan files written
    before it are removed again, and so are the folders init made."""
    plan = tmp_path / "new" / "plan"
    (plan / "plan.schema.json").mkdir(parents=True)
    result = run("init", str(plan), data=None)
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"vvsgplan: cannot write {plan / 'plan.schema.json'}")
    assert sorted(p.name for p in plan.iterdir()) == ["plan.schema.json"]
    # A folder init makes is removed with what it wrote.
    fresh = tmp_path / "fresh" / "deeper"
    (tmp_path / "block").mkdir()
    result = run("init", str(fresh), "--title", "a\x1b[2Jb", data=None)
    assert result.exit_code == 2
    assert "--title holds the control character U+001B" in result.stderr
    assert not (tmp_path / "fresh").exists()


def test_the_title_round_trips_as_typed(tmp_path: Path) -> None:
    for n, title in enumerate(["no", "1.10", "Evaluatie: 'finaal' #2", "*ster & co", "日本語 🎉"]):
        plan = tmp_path / f"p{n}"
        ok("init", str(plan), "--title", title, data=None)
        assert as_json("info", data=plan)["context"]["evaluation"]["title"] == title
        loaded = yaml.safe_load((plan / "plan.yaml").read_text(encoding="utf-8"))
        assert loaded["evaluation"]["title"] == title


# --- from init to a plan of five actions ---------------------------------------------------


def test_from_init_to_five_actions_with_add_and_set(tmp_path: Path) -> None:
    """The issue's test: a plan started by `init` and grown by `add` and `set` alone
    passes check, reads right, and its git diff adds lines and changes none."""
    repo = new_repo(tmp_path / "repo")
    plan = repo / "plans" / "2024-final"
    ok("init", str(plan), "--title", "Final evaluation 2020-2024", data=None)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Start the plan")

    # The first entry of each file takes the place of the empty list: `[]` is the one
    # line that goes.
    assert ok(
        "add", "recommendation", "Keep the partners informed.", "--response", "agree",
        "--text", "Inform the partners of every decision.", data=plan,
    ) == "1: recommendation added\n"  # fmt: skip
    assert ok(
        "add", "action", "Write a newsletter", "--rec", "1", "--owner", "Communication team",
        "--when", "juni 2025", data=plan,
    ) == "A1: action added\n"  # fmt: skip
    added, removed = diff_lines(repo)
    assert removed == ["[]", "[]"]
    assert added == [
        "- id: A1",
        "  recommendations: [1]",
        "  action: Write a newsletter",
        "  owner: Communication team",
        "  when: juni 2025",
        "- id: 1",
        "  title: Keep the partners informed.",
        "  text: Inform the partners of every decision.",
        "  response: agree",
    ]
    git(repo, "commit", "-qam", "The first recommendation and action")

    ok(
        "add", "recommendation", "Train the staff.", "--response", "partially-agree",
        "--response-text", "Only the new staff.", data=plan,
    )  # fmt: skip
    ok("add", "recommendation", "Close the regional offices.", "--response", "disagree", data=plan)
    out = ok(
        "add", "action", "Plan the trainings", "--rec", "2", "--owner", "HR",
        "--when", "Ontwerp maart 2025; Uitvoering september 2025",
        "-m", "Ontwerp=maart 2025", "-m", "Uitvoering=september 2025", "--commit", data=plan,
    )  # fmt: skip
    # One commit of actions.yaml alone, whose message names the plan and the action.
    assert out.splitlines()[0] == "A2: action added"
    assert out.splitlines()[1].endswith("] Add action 2024-final/A2")
    assert git(repo, "show", "--format=%s%n%b", "--name-only", "HEAD").splitlines() == [
        "Add action 2024-final/A2",
        "Plan the trainings",
        "",
        "",
        "plans/2024-final/actions.yaml",
    ]
    ok(
        "add", "action", "Train the new staff", "--rec", "2", "--rec", "1",
        "--owner", "HR", "--owner", "Communication team", "--when", "eind 2025", data=plan,
    )  # fmt: skip
    ok(
        "add", "action", "Explain the choice", "--rec", "3", "--notes", "Asked by the board.",
        data=plan,
    )  # fmt: skip
    ok(
        "add", "action", "Count the readers", "--rec", "1", "--id", "M1",
        "--done-on", "2025-01-15", "--as-of", "2025-02-01", data=plan,
    )  # fmt: skip
    # `set` on what was added since the last commits.
    assert ok("set", "A3", "owner", "Directie", data=plan) == (
        "A3: owner 'HR, Communication team' -> 'Directie'\n"
    )
    ok("set", "2", "response-text", "Only the staff who start in 2025.", data=plan)
    ok("set", "A4", "text", "Explain the decision to the regional offices", data=plan)

    result = run("check", data=plan)
    assert (result.exit_code, result.output) == (0, "")
    # Since the last commits: lines added, none removed or changed.
    added, removed = diff_lines(repo)
    assert removed == []
    assert "  owner: Directie" in added
    assert "  response_text: Only the staff who start in 2025." in added
    listed = as_json("list", data=plan)
    assert [a["id"] for a in listed] == ["A1", "A2", "A3", "A4", "M1"]
    assert [a["recommendations"] for a in listed] == [[1], [2], [2, 1], [3], [1]]
    assert [a["owner"] for a in listed] == [
        ["Communication team"],
        ["HR"],
        ["Directie"],
        [],
        [],
    ]
    # juni 2025 ends on 30 June; the trainings with their last step, September; eind 2025
    # on 31 December; the explanation has no deadline.
    assert [a["due"] for a in listed] == [
        "2025-06-30",
        "2025-09-30",
        "2025-12-31",
        None,
        None,
    ]
    assert [a["status"] for a in listed] == ["open", "open", "open", "open", "done"]
    assert listed[4]["done_on"] == "2025-01-15"
    assert [(m["label"], m["due"]) for m in listed[1]["milestones"]] == [
        ("Ontwerp", "2025-03-31"),
        ("Uitvoering", "2025-09-30"),
    ]
    assert listed[3]["notes"] == "Asked by the board."
    recs = as_json("recs", data=plan)
    assert [(r["id"], r["response"], r["actions"]) for r in recs] == [
        (1, "agree", 3),
        (2, "partially-agree", 2),
        (3, "disagree", 1),
    ]
    shown = ok("show", "A4", data=plan)
    assert shown.startswith("Action A4\n\nExplain the decision to the regional offices\n")
    assert "Notes" in shown and "Asked by the board." in shown
    rec = ok("show", "2", data=plan)
    assert rec.startswith("Recommendation 2: Train the staff.\n")
    assert "Only the staff who start in 2025." in rec


# --- ids ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "expected"),
    [
        (["A1", "A2", "B1", "D1", "D2", "D3"], "D4"),  # the last one's series
        (["D1", "D5", "D2"], "D6"),  # after the highest of the series
        (["1.1", "1.2", "2.9"], "2.10"),
        (["R08", "R09"], "R10"),  # leading zeros kept
        (["intro", "outro"], "A1"),  # no numbered id: the first of the default series
        (["A1", "extra"], "A2"),  # the last numbered one
        (["7", "8"], "9"),
    ],
)
def test_an_action_takes_the_next_id_of_the_plan(
    make_plan: MakePlan, ids: list[str], expected: str
) -> None:
    actions = "".join(f"- id: {i}\n  recommendations: [1]\n  action: x\n" for i in ids)
    data = make_plan(actions=actions)
    assert ok("add", "action", "New", "--rec", "1", data=data) == f"{expected}: action added\n"
    assert as_json("show", expected, data=data)["action"] == "New"


def test_an_id_taken_in_any_case_or_by_a_recommendation_is_skipped(make_plan: MakePlan) -> None:
    recs = "- id: 1\n  title: t\n  response: agree\n- id: A3\n  title: u\n  response: agree\n"
    actions = (
        "- id: a2\n  recommendations: [1]\n  action: x\n"
        "- id: A1\n  recommendations: [1]\n  action: y\n"
    )
    data = make_plan(recommendations=recs, actions=actions)
    # After A1: A2 is a2's in another case, A3 a recommendation's.
    assert ok("add", "action", "New", "--rec", "1", data=data) == "A4: action added\n"
    # Recommendations 1 and 2 and an action 3: the next recommendation is 4.
    data = make_plan(actions="- id: 3\n  recommendations: [1]\n  action: x\n")
    assert ok("add", "recommendation", "Next", "--response", "agree", data=data) == (
        "4: recommendation added\n"
    )


def test_a_recommendation_takes_the_next_number(make_plan: MakePlan) -> None:
    data = make_plan()
    assert ok("add", "recommendation", "Third", "--response", "noted", data=data) == (
        "3: recommendation added\n"
    )
    assert as_json("show", "3", data=data)["response"] == "noted"


def test_the_bundled_plan_grows_in_its_own_layout(tmp_path: Path) -> None:
    """A new entry goes after the last, set apart by a blank line as the others are;
    the comments that end a file stay where they are."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("recommendations.yaml", "actions.yaml", "plan.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    before = (data / "actions.yaml").read_text(encoding="utf-8")
    assert ok("add", "action", "Nieuwe actie", "--rec", "4", data=data) == "D4: action added\n"
    after = (data / "actions.yaml").read_text(encoding="utf-8")
    assert after == before + "\n- id: D4\n  recommendations: [4]\n  action: Nieuwe actie\n"
    assert ok("add", "recommendation", "Tiende", "--response", "agree", data=data) == (
        "10: recommendation added\n"
    )
    text = (data / "recommendations.yaml").read_text(encoding="utf-8")
    assert text.endswith("\n\n- id: 10\n  title: Tiende\n  response: agree\n")


# --- refused before anything is written -----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("add", "action", "x", "--rec", "9"), "vvsgplan: no recommendation 9; there are 1-2"),
        (
            ("add", "action", "x", "--rec", "1", "--when", "nooit"),
            "vvsgplan: --when: cannot read 'nooit' as a deadline",
        ),
        (
            ("add", "action", "x", "--rec", "1", "--id", "X1"),
            "vvsgplan: --id X1: action x1 has that id",
        ),
        (
            ("add", "action", "x", "--rec", "1", "--id", "2"),
            "vvsgplan: --id 2: recommendation 2 has that id",
        ),
        (
            ("add", "recommendation", "t", "--response", "agree", "--id", "x2"),
            "vvsgplan: --id x2: action x2 has that id",
        ),
        (("add", "action", "x", "--rec", "1", "--id", "-x"), "vvsgplan: --id '-x' is not an id"),
        (("add", "action", "x", "--rec", "1", "--id", "007"), "vvsgplan: --id 007: a number has"),
        (("add", "action", "", "--rec", "1"), "vvsgplan: an action needs TEXT: what will be done"),
        (("add", "action", "x", "--rec", "1", "--rec", "1"), "vvsgplan: --rec names a"),
        (("add", "action", "x", "--rec", "1", "--owner", " "), "vvsgplan: --owner is empty"),
        (("add", "action", "x", "--rec", "1", "-m", "Ontwerp"), "vvsgplan: --milestone 'Ontwerp'"),
        (
            ("add", "action", "x", "--rec", "1", "-m", "A=nooit"),
            "vvsgplan: --milestone A=nooit: cannot read 'nooit' as a deadline",
        ),
        (
            ("add", "action", "x", "--rec", "1", "-m", "A=maart 2020", "-m", "a=mei 2020"),
            "vvsgplan: the action would make the plan invalid: duplicate milestone label 'a'",
        ),
        (
            ("add", "action", "x", "--rec", "1", "--status", "open", "--done-on", "2019-01-01"),
            "vvsgplan: the action would make the plan invalid: 'done_on' is only for status done",
        ),
        (
            (
                "add",
                "action",
                "x",
                "--rec",
                "1",
                "--done-on",
                "2019-09-02",
                "--as-of",
                "2019-09-01",
            ),
            "vvsgplan: --done-on 2019-09-02 is after today (2019-09-01)",
        ),
        (("set", "x1", "when", "maart 2021"), "vvsgplan: set does not change 'when': a deadline"),
        (("set", "x1", "status", "done"), "vvsgplan: set does not change 'status'"),
        (("set", "x1", "id", "x9"), "vvsgplan: set does not change 'id'"),
        (("set", "x1", "updates", "x"), "vvsgplan: set does not change 'updates'"),
        (
            ("set", "x1", "ownr", "x"),
            "vvsgplan: an action has no field 'ownr'; did you mean owner?",
        ),
        (("set", "1", "owner", "x"), "vvsgplan: a recommendation has no field 'owner'"),
        (("set", "x9", "owner", "x"), "vvsgplan: no recommendation or action 'x9'"),
        (("set", "x1", "owner", "Alice"), "vvsgplan: x1's owner is already 'Alice'"),
        (("set", "1", "title", ""), "vvsgplan: a recommendation's title cannot be empty"),
        (("set", "1", "response", "yes"), "vvsgplan: VALUE is 'yes'; use one of agree,"),
        (("set", "x1", "notes", "a", "b"), "vvsgplan: 'notes' takes one value, and 2 were given"),
        (("set", "x1", "recommendations", "7"), "vvsgplan: no recommendation 7; there are 1-2"),
        (("set", "x1", "recommendations", ""), "vvsgplan: an action's recommendations cannot be"),
    ],
)
def test_a_refused_value_changes_nothing(
    make_plan: MakePlan, args: tuple[str, ...], says: str
) -> None:
    data = make_plan()
    assert refused(args, data, data).startswith(says)


def test_options_the_command_line_lacks_are_named(make_plan: MakePlan) -> None:
    data = make_plan()
    before = snapshot(data)
    for args, says in [
        (("add", "action", "x"), "Missing option '--rec'"),
        (("add", "recommendation", "t"), "Missing option '--response'"),
        (("add", "recommendation", "t", "--response", "yes"), "Invalid value for '--response'"),
        (("set", "x1", "owner"), "Missing argument 'VALUE...'"),
    ]:
        result = run(*args, data=data)
        assert result.exit_code == 2 and says in result.stderr, result.output
    assert snapshot(data) == before


# Control characters a plan's text may not hold, each in every option that writes text.
CONTROLS = ["\x1b[31m", "a\x00b", "a\rb", "\x85", "\x7f", "\x08"]


@pytest.mark.parametrize("control", CONTROLS, ids=lambda c: f"U+{ord(c.strip('ab')[0]):04X}")
def test_control_characters_are_refused_in_every_text(make_plan: MakePlan, control: str) -> None:
    data = make_plan()
    code = f"U+{ord(control.strip('ab')[0]):04X}"
    for option, args in [
        ("TEXT", ("add", "action", control, "--rec", "1")),
        ("--owner", ("add", "action", "x", "--rec", "1", "--owner", control)),
        ("--when", ("add", "action", "x", "--rec", "1", "--when", control)),
        ("--notes", ("add", "action", "x", "--rec", "1", "--notes", control)),
        ("--milestone", ("add", "action", "x", "--rec", "1", "-m", f"A={control}")),
        ("--rec", ("add", "action", "x", "--rec", control)),
        ("--id", ("add", "action", "x", "--rec", "1", "--id", control)),
        ("TITLE", ("add", "recommendation", control, "--response", "agree")),
        ("--text", ("add", "recommendation", "t", "--response", "agree", "--text", control)),
        (
            "--response-text",
            ("add", "recommendation", "t", "--response", "agree", "--response-text", control),
        ),
        ("VALUE", ("set", "x1", "action", control)),
        ("VALUE", ("set", "1", "response_text", control)),
    ]:
        message = refused(args, data, data)
        assert message.startswith(f"vvsgplan: {option} holds the control character {code}"), message


# --- hostile text: written as typed, read back as typed ---------------------------------------

# Text YAML reads as something else when written plainly, text that is YAML syntax, and
# text that tests where a value's lines begin and end; then the plan texts of every
# channel's tests (markup, HTML, markdown, spreadsheet formulas, shell code, bidi).
YAML_TEXTS = [
    "no", "yes", "off", "NULL", "~", "true", "1.10", "1e3", "0x1F", "0o17", "+1", "-1", ".inf",
    ".nan", "2019-01-01", "2019-01-01 12:00", "12:30:00", "1_000", ": ", "a: b", "a:b", "#",
    "# not a comment", "a #b", "a# b", "*alias", "&anchor", "!tag", "!!str x", "%YAML 1.2",
    "@at", "`tick", "|", "|-", ">", "- item", "-", "? key", "[a, b]", "{a: b}", ",", "---",
    "...", "'single'", '"double"', "it's", 'say "hi"', "\\back\\slash\\", "  leading",
    "trailing  ", "a\tb", "\ttab first", "line one\nline two", "para\n\npara",
    "ends with a break\n", "\nstarts with a break", "a\n  indented", "trailing \nspace",
    "x" * 20_000, "IJsselmeer — café ☕ 日本語 🎉 e\u0301 \u00a0nbsp", "\u2028sep\u2029",
    "\ufeffbom",
]  # fmt: skip
TEXTS = YAML_TEXTS + PLAN_TEXTS


def test_hostile_text_round_trips_through_add(make_plan: MakePlan) -> None:
    data = make_plan()
    for n, text in enumerate(TEXTS):
        # After `--`, a text that starts with a dash is not an option: as in a shell.
        ok("add", "action", "--rec", "1", "--notes", text, "--id", f"h{n}", "--", text, data=data)
        ok(
            "add", "recommendation", "--response", "agree", "--text", text,
            "--response-text", text, "--id", f"r{n}", "--", text, data=data,
        )  # fmt: skip
    result = run("check", data=data)
    assert (result.exit_code, result.output) == (0, "")
    actions = {a["id"]: a for a in as_json("list", data=data)}
    recs = {r["id"]: as_json("show", str(r["id"]), data=data) for r in as_json("recs", data=data)}
    # And as a YAML 1.1 reader that builds objects loads the files: PyYAML.
    raw_actions = {
        str(a["id"]): a for a in yaml.safe_load((data / "actions.yaml").read_text(encoding="utf-8"))
    }
    raw_recs = {
        str(r["id"]): r
        for r in yaml.safe_load((data / "recommendations.yaml").read_text(encoding="utf-8"))
    }
    for n, text in enumerate(TEXTS):
        assert actions[f"h{n}"]["action"] == text
        assert actions[f"h{n}"]["notes"] == text
        assert raw_actions[f"h{n}"]["action"] == text
        rec = recs[f"r{n}"]
        assert (rec["title"], rec["text"], rec["response_text"]) == (text, text, text)
        assert raw_recs[f"r{n}"]["title"] == text


def test_hostile_text_round_trips_through_set(make_plan: MakePlan, tmp_path: Path) -> None:
    data = make_plan()
    for text in TEXTS:
        ok("set", "--", "x1", "action", text, data=data)
        ok("set", "--", "2", "response_text", text, data=data)
        assert as_json("show", "x1", data=data)["action"] == text
        assert as_json("show", "2", data=data)["response_text"] == text
        raw = yaml.safe_load((data / "actions.yaml").read_text(encoding="utf-8"))
        assert raw[0]["action"] == text
    result = run("check", data=data)
    assert (result.exit_code, result.output) == (0, "")


def test_owner_names_are_read_as_the_plan_reads_them(make_plan: MakePlan) -> None:
    """A name's spaces are the plan's: runs of them are one, at either end none (as
    `check` reads any owner); everything else stays as typed."""
    data = make_plan()
    names = [
        "no",
        "1.10",
        "a: b",
        "#hash",
        "*star",
        "&amp",
        "!bang",
        "'q'",
        '"d"',
        "Bob, Jr.",
        "日本",
    ]
    ok("add", "action", "x", "--rec", "1", *(w for n in names for w in ("--owner", n)), data=data)
    ok("add", "action", "y", "--rec", "1", "--owner", "  Ann   Peeters ", data=data)
    listed = as_json("list", data=data)
    assert listed[2]["owner"] == names
    assert listed[3]["owner"] == ["Ann Peeters"]
    ok("set", "x2", "owner", "Carol", "  Dan  ", data=data)
    assert as_json("show", "x2", data=data)["owner"] == ["Carol", "Dan"]


# --- the plan stays whole ---------------------------------------------------------------------


def test_dry_run_prints_the_diff_and_writes_nothing(make_plan: MakePlan) -> None:
    data = make_plan()
    before = snapshot(data)
    out = ok("add", "action", "Third", "--rec", "2", "--owner", "Cas", "--dry-run", data=data)
    assert out.splitlines()[:2] == ["--- a/actions.yaml", "+++ b/actions.yaml"]
    assert [line for line in out.splitlines() if line.startswith("+")][1:] == [
        "+- id: x3",
        "+  recommendations: [2]",
        "+  action: Third",
        "+  owner: Cas",
    ]
    out = ok("set", "1", "title", "Write all things down.", "-n", data=data)
    assert "-  title: Write things down.\n+  title: Write all things down.\n" in out
    assert snapshot(data) == before


def test_a_failed_write_leaves_the_plan_as_it_was(make_plan: MakePlan, tmp_path: Path) -> None:
    """A file with a second hard link is not written (a new file would part it from the
    other): exit 3, and nothing changed, no temporary file left."""
    data = make_plan()
    os.link(data / "actions.yaml", tmp_path / "elsewhere.yaml")
    for args in (("add", "action", "x", "--rec", "1"), ("set", "x1", "owner", "Eve")):
        message = refused(args, data, data, code=3)
        assert "hard links" in message


def test_set_changes_only_the_lines_of_the_value(tmp_path: Path) -> None:
    """A folded block (`>-`) of the bundled plan gives way to the new text; the comments
    and every other line stay."""
    repo = new_repo(tmp_path / "repo")
    data = repo / "data"
    data.mkdir()
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Plan")
    ok("set", "A2", "owner", "VVSG Internationaal", "VVSG diensten", data=data)
    ok("set", "A2", "text", "Update de publicatie", data=data)
    added, removed = diff_lines(repo)
    assert added == [
        "  action: Update de publicatie",
        "  owner: [VVSG Internationaal, VVSG diensten]",
    ]
    assert removed == [
        "  action: >-",
        "    Update publicatie 'Lokale schouders voor mondiale uitdagingen': expliciet verwijzing",
        "    maken naar internationale rechtvaardigheid per SDG (bv via cijfers, voorbeelden uit",
        "    het globale Zuiden en lokale beleidsacties)",
        "  owner: VVSG Internationaal",
    ]
    # An optional value set to "" goes, with its line.
    ok("set", "4", "response_text", "", data=data)
    assert as_json("show", "4", data=data)["response_text"] is None


def test_set_writes_lines_of_a_new_key_as_a_hand_would(tmp_path: Path) -> None:
    """Lines of text given to a key the entry lacks form a literal block indented two
    spaces below the key, as the README's format writes one, not four."""
    repo = new_repo(tmp_path / "repo")
    data = repo / "data"
    data.mkdir()
    (data / "recommendations.yaml").write_text(
        "- id: 1\n  title: One\n  response: agree\n", encoding="utf-8"
    )
    (data / "actions.yaml").write_text("[]\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Plan")
    ok("set", "1", "text", "first line\nsecond line", data=data)
    added, removed = diff_lines(repo)
    assert removed == []
    assert added == ["  text: |-", "    first line", "    second line"]
    assert as_json("show", "1", data=data)["text"] == "first line\nsecond line"


def test_set_keeps_the_comment_of_a_value_that_becomes_lines(tmp_path: Path) -> None:
    """A one-line value with a comment after it, set to lines of text: the comment stays,
    after the block's indicator, and the value is the new text (not refused)."""
    repo = new_repo(tmp_path / "repo")
    data = repo / "data"
    data.mkdir()
    (data / "recommendations.yaml").write_text(
        "- id: 1\n  title: One  # as in the report\n  response: agree\n", encoding="utf-8"
    )
    (data / "actions.yaml").write_text("[]\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Plan")
    ok("set", "1", "title", "first line\nsecond line", data=data)
    added, removed = diff_lines(repo)
    assert removed == ["  title: One  # as in the report"]
    assert added == ["  title: |-  # as in the report", "    first line", "    second line"]
    assert as_json("show", "1", data=data)["title"] == "first line\nsecond line"


# --- many plans ---------------------------------------------------------------------------------


def test_add_and_set_in_a_portfolio(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from portfolio import build_portfolio

    root = build_portfolio(tmp_path / "portfolio")
    monkeypatch.chdir(root)
    # At the root, several plans are in view: which one?
    result = run("add", "recommendation", "New", "--response", "agree", data=None)
    assert result.exit_code == 2 and "pick one with --plan NAME" in result.stderr
    assert ok("-p", "2018", "add", "recommendation", "New", "--response", "agree", data=None) == (
        "4: recommendation added\n"
    )
    # A recommendation named with its plan says where the action goes.
    out = ok("add", "action", "Follow up", "--rec", "2018-peer-review/4", "--commit", data=None)
    assert out.splitlines()[0] == "2018-peer-review/P6: action added"
    assert out.splitlines()[1].endswith("] Add action 2018-peer-review/P6")
    assert ok("set", "2018-peer-review/P6", "owner", "Bob Claes", data=None) == (
        "2018-peer-review/P6: owner (none) -> 'Bob Claes'\n"
    )
    shown = as_json("show", "2018-peer-review/P6", data=None)
    assert (shown["plan"], shown["recommendations"], shown["owner"]) == (
        "2018-peer-review",
        ["2018-peer-review/4"],
        ["Bob Claes"],
    )
    result = run(
        "add", "action", "x", "--rec", "2018-peer-review/1", "--rec", "2019-mid-term/1", data=None
    )
    assert result.exit_code == 2 and "add to one plan at a time" in result.stderr


# --- start-up ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("add", "action", "New", "--rec", "4", "--dry-run"),
        ("add", "recommendation", "New", "--response", "agree", "--dry-run"),
        ("set", "A1", "owner", "VVSG", "--dry-run"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_add_and_set_do_without_pydantic(args: tuple[str, ...], tmp_path: Path) -> None:
    """Pydantic makes the schemas (`init`, `schema`); adding and setting check a value by
    the declaration, as `check` does, without it."""
    from test_fields import _SPY

    done = subprocess.run(
        [sys.executable, "-c", _SPY, "--data", str(BUNDLED), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


# --- Tab completion ------------------------------------------------------------------------------


def test_completion_offers_the_new_commands_fields_and_values(make_plan: MakePlan) -> None:
    from test_completion import ask

    data = make_plan()
    # fish shows each command's help beside it, after a tab.
    assert [v.split("\t")[0] for v in ask(data, "fish", "vvsgplan add ")] == [
        "recommendation",
        "action",
    ]
    assert ask(data, "fish", "vvsgplan add action x --rec ") == ["1", "2"]
    assert ask(data, "fish", "vvsgplan add action x --owner B") == ["Bob"]
    assert ask(data, "fish", "vvsgplan add action x --status d") == ["done", "dropped"]
    assert ask(data, "fish", "vvsgplan add recommendation t --response ") == [
        "agree",
        "partially-agree",
        "disagree",
        "noted",
    ]
    # set: the fields of the entry the id names (the README's tables: an action's text
    # fields, a recommendation's), then the values of the field.
    assert ask(data, "fish", "vvsgplan set x1 ") == ["recommendations", "action", "owner", "notes"]
    assert ask(data, "fish", "vvsgplan set 2 ") == ["title", "text", "response", "response_text"]
    assert ask(data, "fish", "vvsgplan set x1 owner ") == ["Alice", "Bob"]
    assert ask(data, "fish", "vvsgplan set x1 recommendations ") == ["1", "2"]
    assert ask(data, "fish", "vvsgplan set 1 response p") == ["partially-agree"]
    assert ask(data, "fish", "vvsgplan init --lang ") == ["nl", "en"]
    assert "--milestone" in [
        v.split("\t")[0] for v in ask(data, "fish", "vvsgplan add action x --")
    ]


def test_completion_in_a_portfolio_names_the_plans(tmp_path: Path) -> None:
    from portfolio import build_portfolio
    from test_completion import ask

    root = build_portfolio(tmp_path / "portfolio")
    assert ask(root, "fish", "vvsgplan set 2018-peer-review/P") == [
        f"2018-peer-review/P{n}" for n in range(1, 6)
    ]
    assert ask(root, "fish", "vvsgplan set 2018-peer-review/P2 o") == ["owner"]
    assert ask(root, "fish", "vvsgplan add action x --rec 2018") == [
        "2018-peer-review/1",
        "2018-peer-review/2",
        "2018-peer-review/3",
    ]


def test_tab_completes_add_and_set_in_a_real_shell(
    shell: Terminal,  # noqa: F811 (the fixture imported above)
    make_plan: MakePlan,
) -> None:
    data = make_plan()
    shell.type(f"export VVSGPLAN_DATA={data}")
    shell.press("Enter")
    assert _complete(shell, "vvsgplan add ac").endswith("vvsgplan add action ")
    shell.press("C-u")
    assert _complete(shell, "vvsgplan set x2 ow").endswith("vvsgplan set x2 owner ")
    shell.press("C-u")
    line = _complete(shell, "vvsgplan set x2 owner Al")
    assert line.endswith("vvsgplan set x2 owner Alice ")
    shell.type("Bob -n; echo END")
    shell.press("Enter")
    screen = shell.until(lambda s: "\nEND" in s, "the command's end")
    assert "+  owner: [Alice, Bob]" in screen


def test_a_text_field_declared_alone_is_one_set_changes(tmp_path: Path) -> None:
    """A field added to the declaration (vvsgplan/fields.py) alone is one more field
    `set` changes: nothing else describes it."""
    import shutil

    from conftest import MINIMAL_ACTIONS, MINIMAL_RECS, ROOT
    from test_extending import Copy

    package = tmp_path / "package"
    shutil.copytree(
        ROOT / "vvsgplan", package / "vvsgplan", ignore=shutil.ignore_patterns("__pycache__")
    )
    declaration = package / "vvsgplan" / "fields.py"
    anchor = '        Field("notes", "notes"),\n'
    added = '        Field("sponsor", "text", help="who pays for it"),\n'
    text = declaration.read_text(encoding="utf-8")
    declaration.write_text(text.replace(anchor, anchor + added), encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "recommendations.yaml").write_text(MINIMAL_RECS, encoding="utf-8")
    (data / "actions.yaml").write_text(MINIMAL_ACTIONS, encoding="utf-8")
    copy = Copy(package, data)
    assert copy.vv("set", "x1", "sponsor", "The board: 'yes'") == (
        "x1: sponsor (none) -> \"The board: 'yes'\"\n"
    )
    assert json.loads(copy.vv("show", "x1", "--format", "json"))["sponsor"] == "The board: 'yes'"
    assert copy.vv("check") == ""
    copy.vv("set", "x1", "sponsor", "")
    assert json.loads(copy.vv("show", "x1", "--format", "json"))["sponsor"] is None
    assert (data / "actions.yaml").read_text(encoding="utf-8") == MINIMAL_ACTIONS


INIT_BLOCK = re.compile(
    r"`actions.yaml`, as `init` writes it:\n\n```yaml\n(?P<body>.*?)```\n", re.S
)


def test_the_readme_shows_the_file_init_writes(tmp_path: Path) -> None:
    """The README's "Starting a plan" shows actions.yaml as `init` writes it (in
    English); regenerated with UPDATE_README=1, as the examples are."""
    from conftest import ROOT

    readme = ROOT / "README.md"
    ok("init", str(tmp_path / "data"), data=None)
    written = (tmp_path / "data" / "actions.yaml").read_text(encoding="utf-8")
    text = readme.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_README"):
        text = INIT_BLOCK.sub(
            lambda m: f"`actions.yaml`, as `init` writes it:\n\n```yaml\n{written}```\n", text
        )
        readme.write_text(text, encoding="utf-8")
    found = INIT_BLOCK.search(text)
    assert found is not None and found["body"] == written


def test_done_on_takes_a_day_as_done_on_does_and_a_month_as_written(make_plan: MakePlan) -> None:
    data = make_plan()
    ok(
        "add",
        "action",
        "a",
        "--rec",
        "1",
        "--done-on",
        "yesterday",
        "--as-of",
        "2020-03-02",
        data=data,
    )
    ok("add", "action", "b", "--rec", "1", "--done-on", "2019-11", data=data)
    listed = as_json("list", data=data)
    assert [(a["status"], a["done_on"]) for a in listed[2:]] == [
        ("done", "2020-03-01"),
        ("done", "2019-11"),
    ]
