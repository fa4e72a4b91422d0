"""The plan format grows in two ways: a field declared in vvsgplan/fields.py, and
extension fields (x-...) any plan may carry. Both are kept, shown, in JSON, compared by
`diff` and `history`, and merged by the merge driver; only the declared one is checked."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from clones import git
from conftest import MINIMAL_RECS, ROOT, as_json, ok, run

from vvsgplan.merge import merge_texts

ACTIONS = """\
- id: x1
  recommendations: [1]
  action: Write the first thing down
  owner: Alice
  when: maart 2020
  funding: true
- id: x2
  recommendations: [1, 2]
  action: Read it again
  when: 2021 en verder
"""


def _repo(root: Path, actions: str) -> Path:
    data = root / "data"
    data.mkdir(parents=True)
    (data / "recommendations.yaml").write_text(MINIMAL_RECS, encoding="utf-8")
    (data / "actions.yaml").write_text(actions, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Ann Peeters")
    git(root, "config", "user.email", "ann@example.org")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Plan")
    return data


# --- a field declared in the one declaration alone ------------------------------------


class Copy:
    """vvsgplan from a copy of its package, as a process: `vv` runs a command."""

    def __init__(self, package: Path, data: Path) -> None:
        self.env = {**os.environ, "PYTHONPATH": str(package), "NO_COLOR": "1"}
        self.env.pop("VVSGPLAN_DATA", None)
        self.data = data

    def vv(self, *args: str, code: int = 0) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "vvsgplan", "--data", str(self.data), *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.data.parent,
        )
        assert done.returncode == code, done.stdout + done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout + done.stderr

    def git(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["git", *args], capture_output=True, text=True, env=self.env, cwd=self.data.parent
        )
        assert not check or done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr


@pytest.fixture
def with_funding(tmp_path: Path) -> Copy:
    """A copy of vvsgplan whose declaration alone has one more field on actions,
    `funding: true|false` (the example of issue 13), and a plan repository that uses it."""
    package = tmp_path / "package"
    shutil.copytree(
        ROOT / "vvsgplan", package / "vvsgplan", ignore=shutil.ignore_patterns("__pycache__")
    )
    declaration = package / "vvsgplan" / "fields.py"
    text = declaration.read_text(encoding="utf-8")
    anchor = '        Field("notes", "notes"),\n'
    assert text.count(anchor) == 1
    added = '        Field("funding", "flag", help="whether the budget covers it"),\n'
    declaration.write_text(text.replace(anchor, anchor + added), encoding="utf-8")
    copy = Copy(package, _repo(tmp_path / "plan", ACTIONS))
    where = subprocess.run(
        [sys.executable, "-c", "import vvsgplan; print(vvsgplan.__file__)"],
        capture_output=True,
        text=True,
        env=copy.env,
        cwd=tmp_path,
    )
    assert where.stdout.startswith(str(package)), where.stdout
    return copy


def test_the_field_is_unknown_to_vvsgplan_as_it_is(tmp_path: Path) -> None:
    data = _repo(tmp_path, ACTIONS)
    result = run("check", data=data)
    assert result.exit_code == 1
    assert "unknown key 'funding'" in result.stderr


def test_a_declared_field_is_checked(with_funding: Copy) -> None:
    assert with_funding.vv("check") == ""
    path = with_funding.data / "actions.yaml"
    path.write_text(ACTIONS.replace("funding: true", "funding: banana"), encoding="utf-8")
    out = with_funding.vv("check", code=1)
    assert out == f"{path}:6:12: 'funding' must be true or false, not 'banana'\n"
    # YAML 1.1 reads yes as true, YAML 1.2 as text: only true and false read alike.
    path.write_text(ACTIONS.replace("funding: true", "funding: yes"), encoding="utf-8")
    assert "'funding' must be true or false, not 'yes'" in with_funding.vv("check", code=1)


def test_a_declared_field_is_in_json_and_shown(with_funding: Copy) -> None:
    x1, x2 = json.loads(with_funding.vv("list", "--format", "json"))
    assert (x1["funding"], x2["funding"]) == (True, None)
    assert list(x1)[-3:] == ["notes", "funding", "updates"]
    assert "Funding: true\n" in with_funding.vv("show", "x1")
    assert "Funding" not in with_funding.vv("show", "x2")


def test_a_declared_field_is_in_the_schema(with_funding: Copy) -> None:
    schema = json.loads(with_funding.vv("schema", "actions"))
    funding = schema["$defs"]["Action"]["properties"]["funding"]
    assert funding["anyOf"] == [{"type": "boolean"}, {"type": "null"}]
    assert funding["description"] == "whether the budget covers it: `true` or `false`"


def test_a_declared_field_is_compared_by_diff_and_history(with_funding: Copy) -> None:
    path = with_funding.data / "actions.yaml"
    path.write_text(ACTIONS.replace("funding: true", "funding: false"), encoding="utf-8")
    [change] = json.loads(with_funding.vv("diff", "--format", "json"))["changes"]
    assert (change["item"], change["what"], change["old"], change["new"]) == (
        "x1",
        "funding",
        "true",
        "false",
    )
    with_funding.git("commit", "-qam", "No budget for x1")
    history = json.loads(with_funding.vv("history", "x1", "--format", "json"))
    [event] = [e for e in history["events"] if e["subject"] == "No budget for x1"]
    assert [(c["what"], c["old"], c["new"]) for c in event["changes"]] == [
        ("funding", "true", "false")
    ]


def test_a_declared_field_is_merged_by_the_merge_driver(with_funding: Copy) -> None:
    with_funding.vv("merge-driver", "--install")
    with_funding.git("add", "-A")
    with_funding.git("commit", "-qm", "Merge plan files per field")
    path = with_funding.data / "actions.yaml"
    with_funding.git("checkout", "-qb", "budget")
    path.write_text(ACTIONS.replace("funding: true", "funding: false"), encoding="utf-8")
    with_funding.git("commit", "-qam", "No budget")
    with_funding.git("checkout", "-q", "main")
    path.write_text(ACTIONS.replace("maart 2020", "april 2020"), encoding="utf-8")
    with_funding.git("commit", "-qam", "Later")
    with_funding.git("merge", "-q", "--no-edit", "budget")
    merged = path.read_text(encoding="utf-8")
    assert merged == ACTIONS.replace("maart 2020", "april 2020").replace(
        "funding: true", "funding: false"
    )
    # Both sides setting it to different values is a conflict, marked on its line.
    with_funding.git("checkout", "-qb", "again")
    path.write_text(merged.replace("funding: false", "funding: true"), encoding="utf-8")
    with_funding.git("commit", "-qam", "Budget after all")
    with_funding.git("checkout", "-q", "main")
    path.write_text(merged.replace("  funding: false\n", ""), encoding="utf-8")
    with_funding.git("commit", "-qam", "Not known")
    out = with_funding.git("merge", "--no-edit", "again", check=False)
    assert "action x1 'funding': both sides changed it" in out
    assert "<<<<<<< ours: action x1 'funding'\n=======\n  funding: true\n>>>>>>>" in (
        path.read_text(encoding="utf-8")
    )


# --- extension fields (x-...) ---------------------------------------------------------

RECS_X = MINIMAL_RECS.replace(
    "  response: agree\n", "  response: agree\n  x-evidence: https://example.org/report\n"
)
ACTIONS_X = """\
- id: x1
  recommendations: [1]
  action: Write the first thing down
  owner: Alice
  when: maart 2020
  x-priority: high
  x-budget: {line: 4.2, amount: 1200}
  milestones:
    - label: Start
      when: januari 2020
      x-evidence: [minutes.pdf, null]
- id: x2
  recommendations: [1, 2]
  action: Read it again
  when: 2021 en verder
"""


def _plan_x(tmp_path: Path) -> Path:
    data = _repo(tmp_path, ACTIONS_X)
    (data / "recommendations.yaml").write_text(RECS_X, encoding="utf-8")
    git(tmp_path, "commit", "-qam", "Evidence")
    return data


def test_extension_fields_are_kept_in_json_as_written(tmp_path: Path) -> None:
    data = _plan_x(tmp_path)
    assert ok("check", data=data) == ""
    x1 = as_json("show", "x1", data=data)
    # After the declared keys, in file order; each value the text as written.
    assert list(x1)[-2:] == ["x-priority", "x-budget"]
    assert (x1["x-priority"], x1["x-budget"]) == ("high", {"line": "4.2", "amount": "1200"})
    assert x1["milestones"][0]["x-evidence"] == ["minutes.pdf", None]
    assert "x-evidence" not in x1["milestones"]
    rec = as_json("show", "1", data=data)
    assert list(rec)[-1] == "x-evidence"
    assert rec["x-evidence"] == "https://example.org/report"


def test_extension_fields_are_shown(tmp_path: Path) -> None:
    data = _plan_x(tmp_path)
    shown = ok("show", "x1", data=data)
    assert "x-priority: high\n" in shown
    assert "x-budget:   line: 4.2; amount: 1200\n" in shown
    assert "X-EVIDENCE" in shown and "minutes.pdf" in shown
    assert "x-evidence: https://example.org/report" in ok("show", "1", data=data)


def test_extension_fields_are_never_checked_but_other_keys_are(tmp_path: Path) -> None:
    data = _plan_x(tmp_path)
    path = data / "actions.yaml"
    path.write_text(ACTIONS_X.replace("x-priority: high", "x-priority: [1, {a: yes}]"))
    assert ok("check", data=data) == ""
    path.write_text(ACTIONS_X.replace("  x-priority: high\n", "  priorty: high\n"))
    result = run("check", data=data)
    assert result.stderr == (
        f"{path}:6:3: unknown key 'priorty'; allowed: id, recommendations, action, owner, "
        "when, status, done_on, milestones, notes, updates\n"
    )
    path.write_text(ACTIONS_X.replace("  x-priority: high\n", "  ownr: Bob\n"))
    assert "unknown key 'ownr' (did you mean 'owner'?)" in run("check", data=data).stderr
    # Dated updates and plan.yaml take no extension fields: they say where they go.
    path.write_text(
        ACTIONS_X + "  updates:\n    - date: '2020-01-02'\n      text: x\n      x-by: Bob\n"
    )
    assert (
        "unknown key 'x-by'; extension keys (x-...) go on recommendations, actions, milestones"
        in run("check", data=data).stderr
    )


def test_extension_fields_are_compared_by_diff_and_history(tmp_path: Path) -> None:
    data = _plan_x(tmp_path)
    path = data / "actions.yaml"
    changed = ACTIONS_X.replace("x-priority: high", "x-priority: low").replace(
        "      x-evidence: [minutes.pdf, null]\n", ""
    )
    path.write_text(changed, encoding="utf-8")
    changes = as_json("diff", data=data)["changes"]
    assert [(c["item"], c["milestone"], c["what"], c["old"], c["new"]) for c in changes] == [
        ("x1", None, "x-priority", "high", "low"),
        ("x1", "Start", "x-evidence", "minutes.pdf, ", None),
    ]
    git(tmp_path, "commit", "-qam", "Lower")
    events = as_json("history", "x1", data=data)["events"]
    assert [c["what"] for c in events[-1]["changes"]] == ["x-priority", "x-evidence"]


def test_extension_fields_are_merged_by_the_merge_driver() -> None:
    ours = ACTIONS_X.replace("maart 2020", "april 2020")
    theirs = ACTIONS_X.replace("x-priority: high", "x-priority: low").replace(
        "  when: 2021 en verder\n", "  when: 2021 en verder\n  x-owner-mail: bob@example.org\n"
    )
    outcome = merge_texts(ACTIONS_X, ours, theirs, name="data/actions.yaml")
    assert outcome.conflicts == []
    assert outcome.text == theirs.replace("maart 2020", "april 2020")
    both = ACTIONS_X.replace("x-priority: high", "x-priority: urgent")
    outcome = merge_texts(ACTIONS_X, both, theirs, name="data/actions.yaml")
    assert outcome.conflicts == [
        "action x1 'x-priority': both sides changed it; resolve the marked lines"
    ]
    assert (
        "<<<<<<< ours: action x1 'x-priority'\n  x-priority: urgent\n=======\n"
        "  x-priority: low\n>>>>>>> theirs: action x1 'x-priority'\n" in outcome.text
    )
