"""Plan text and command-line text stay data: git revisions never become git options,
`report -o` never writes over the plan and never leaves a half-written file, and what a
plan cannot hold (control characters) never reaches a terminal through a message."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BUNDLED, run
from test_change import init_repo

VVSGPLAN = str(Path(sys.executable).parent / "vvsgplan")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    data = tmp_path / "plan" / "data"
    data.mkdir(parents=True)
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    init_repo(data.parent)
    return data


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if ".git" not in p.parts}


# --- git arguments --------------------------------------------------------------------

HOSTILE_REVISIONS = [
    "--output=written-by-git",
    "--output=../written-by-git",
    "-ccore.pager=touch written-by-git",
    "-c",
    "--upload-pack=touch written-by-git",
    "--exec-path=.",
    "-p",
    "HEAD:data",  # a tree, not a commit
    "no-such-revision",
]


@pytest.mark.parametrize("revision", HOSTILE_REVISIONS)
@pytest.mark.parametrize("position", ["first", "second"])
def test_a_revision_is_never_an_option(tmp_path: Path, revision: str, position: str) -> None:
    # A plan at the root of its repository: `git show REV:recommendations.yaml` with
    # REV=--output=x would write the file "x:recommendations.yaml" there.
    root = tmp_path / "plan"
    root.mkdir()
    for name in ("recommendations.yaml", "actions.yaml"):
        (root / name).write_bytes((BUNDLED / name).read_bytes())
    init_repo(root)
    before = files_under(tmp_path)
    args = ["--", revision] if position == "first" else ["HEAD", "--", revision]
    done = subprocess.run(  # a real process, in the repository, as a person runs it
        [VVSGPLAN, "--data", ".", "diff", *args], cwd=root, capture_output=True, text=True
    )
    assert files_under(tmp_path) == before  # git wrote nothing
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"vvsgplan: {revision!r} is not a commit in this repository\n"
    assert done.stdout == ""


def test_revisions_that_are_commits_still_work(repo: Path) -> None:
    (repo / "actions.yaml").write_text(
        (repo / "actions.yaml")
        .read_text(encoding="utf-8")
        .replace("status: open", "status: done", 1)
        .replace("status: done\n", "status: done\n  done_on: 2019-09-01\n", 1),
        encoding="utf-8",
    )
    subprocess.run(["git", "commit", "-qam", "Mark done"], cwd=repo.parent, check=True)
    for args in (["HEAD~1", "HEAD"], ["HEAD~1"], ["main~1", "main"]):
        result = run("diff", *args, "--format", "json", data=repo)
        assert result.exit_code == 0, result.output
        assert '"status"' in result.stdout


# --- report -o ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        lambda data: data / "actions.yaml",
        lambda data: data / "recommendations.yaml",
        lambda data: data / ".." / data.name / "." / "actions.yaml",
    ],
)
def test_report_never_writes_over_the_plan(repo: Path, target: Callable[[Path], Path]) -> None:
    before = {p: p.read_bytes() for p in repo.iterdir()}
    result = run("report", "-f", "html", "-o", str(target(repo)), data=repo)
    assert result.exit_code == 3
    assert "is a file of the plan; write the output elsewhere" in result.stderr
    assert {p: p.read_bytes() for p in repo.iterdir()} == before


def test_report_never_writes_over_the_plan_through_a_link(repo: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in repo.iterdir()}
    (tmp_path / "soft.html").symlink_to(repo / "actions.yaml")
    os.link(repo / "recommendations.yaml", tmp_path / "hard.html")
    for name in ("soft.html", "hard.html"):
        result = run("report", "-f", "html", "-o", str(tmp_path / name), data=repo)
        assert result.exit_code == 3, name
    assert {p: p.read_bytes() for p in repo.iterdir()} == before


def test_report_replaces_a_file_whole(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.md"
    out.write_text("old report\n", encoding="utf-8")
    out.chmod(0o640)
    inode = out.stat().st_ino
    result = run("report", "-f", "markdown", "--as-of", "2019-09-01", "-o", str(out), data=repo)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Opvolgingsrapport (stand op 2019-09-01)")
    assert out.stat().st_ino != inode  # a new file, renamed into place
    assert oct(out.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in out.parent.iterdir()] == ["report.md"]


def test_report_to_a_device(repo: Path) -> None:
    done = subprocess.run(
        [VVSGPLAN, "--data", str(repo), "report", "-f", "json", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{")


def _file_size_limit(size: int) -> Callable[[], None]:
    def limit() -> None:
        # A disk that fills up: writes past `size` bytes fail (EFBIG) instead of killing.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


def test_a_failed_report_write_leaves_the_old_file(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.html"
    out.write_text("the report of last month\n", encoding="utf-8")
    done = subprocess.run(
        [VVSGPLAN, "--data", str(repo), "report", "-f", "html", "-o", str(out)],
        capture_output=True,
        text=True,
        preexec_fn=_file_size_limit(4096),
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith(f"vvsgplan: cannot write {out}: File too large")
    assert done.stderr.count("\n") == 1
    assert out.read_text(encoding="utf-8") == "the report of last month\n"
    assert [p.name for p in out.parent.iterdir()] == ["report.html"]  # no temporary file left


# --- messages -------------------------------------------------------------------------


def test_an_unknown_key_is_named_without_its_control_characters(
    make_plan: Callable[..., Path],
) -> None:
    data = make_plan(
        actions='- id: x1\n  recommendations: [1]\n  action: A\n  "\\e]0;pwned\\a\\e[2J": x\n'
    )
    result = run("check", data=data)
    assert result.exit_code == 1
    assert "unknown key '\\x1b]0;pwned\\x07\\x1b[2J'" in result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr


def test_text_a_change_would_write_is_checked_first(make_plan: Callable[..., Path]) -> None:
    data = make_plan()
    before = (data / "actions.yaml").read_bytes()
    for args in (
        ("done", "x1", "--note", "ok\x1b[2J"),
        ("drop", "x1", "--reason", "\x9bx"),
        ("reschedule", "x1", "mei 2020\x07", "--reason", "later"),
    ):
        result = run(*args, data=data)
        assert result.exit_code == 2, (args, result.output)
        assert "holds the control character" in result.stderr
        assert not any(c in result.stderr for c in "\x1b\x9b\x07")
    assert (data / "actions.yaml").read_bytes() == before


# A key is not text the plan may hold, so load names it in its message: with a terminal
# control, a line break that would start a line of its own (GitHub reads a line that
# starts with "::" as a workflow command), a carriage return and a bidi override.
HOSTILE_KEY = "\\e]52;c;cHduZWQ=\\a\\n::add-mask::x\\r\\n::warning file=x::y %0A \\u202eevil"
HOSTILE_KEY_ACTIONS = f'- id: x1\n  recommendations: [1]\n  action: A\n  "{HOSTILE_KEY}": x\n'


def test_check_for_github_writes_one_inert_workflow_command_per_problem(
    make_plan: Callable[..., Path],
) -> None:
    data = make_plan(actions=HOSTILE_KEY_ACTIONS)
    result = run("check", "--format", "github", data=data)
    assert result.exit_code == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"::error file={data / 'actions.yaml'},line=4,col=3,")
    assert not any(c in result.stdout for c in "\x1b\x07\r\u202e")
    # GitHub reads %0A as a line break: the message's own "%" is written %25
    assert "\\x1b]52;c;cHduZWQ=\\x07%0A::add-mask::x\\x0d%0A::warning" in line
    assert "%250A \\u202eevil" in line


def test_check_as_json_writes_no_raw_control(make_plan: Callable[..., Path]) -> None:
    data = make_plan(actions=HOSTILE_KEY_ACTIONS)
    result = run("check", "--format", "json", data=data)
    assert result.exit_code == 1
    assert not any(c in result.stdout for c in "\x1b\x07\r\u202e")
    (problem,) = json.loads(result.stdout)
    assert "\x1b]52;c;cHduZWQ=\x07\n::add-mask::x\r\n::warning" in problem["message"]


def test_a_message_is_one_line(make_plan: Callable[..., Path]) -> None:
    """`check` in a CI job: no line of its output is one that the plan's text started."""
    data = make_plan(actions=HOSTILE_KEY_ACTIONS)
    result = run("check", data=data)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{data / 'actions.yaml'}:4:3: unknown key ")
    assert "\\x07\\n::add-mask::x\\x0d\\n::warning file=x::y %0A \\u202eevil" in line


def test_the_merge_driver_says_why_it_refused_in_one_inert_line(tmp_path: Path) -> None:
    """A side that does not read is named with the first problem: a key from the other
    branch, written by someone else, says so on the terminal of the one who merges."""
    base, ours, theirs = (tmp_path / n for n in ("base", "ours", "theirs"))
    plain = "- id: x1\n  recommendations: [1]\n  action: A\n"
    base.write_text(plain, encoding="utf-8")
    ours.write_text(plain.replace("action: A", "action: B"), encoding="utf-8")
    theirs.write_text(HOSTILE_KEY_ACTIONS, encoding="utf-8")
    result = run("merge-driver", str(base), str(ours), str(theirs), "data/actions.yaml", data=None)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("vvsgplan merge: data/actions.yaml: a side does not read (")
    assert not any(c in line for c in "\x1b\x07\r\u202e")


def test_the_text_of_a_note_is_checked_first(make_plan: Callable[..., Path]) -> None:
    data = make_plan()
    before = (data / "actions.yaml").read_bytes()
    result = run("note", "x1", "ok\x1b]0;title\x07", data=data)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "vvsgplan: TEXT holds the control character U+001B; plan text may hold no control "
        "characters but tab and newline\n"
    )
    assert (data / "actions.yaml").read_bytes() == before


@pytest.mark.parametrize(
    "args",
    [
        ["note", "x1", b"caf\xe9"],
        ["done", "x1", "--note", b"caf\xe9"],
        ["drop", "x1", "--reason", b"\x9bx"],
        ["reschedule", "x1", b"mei 2020\xff", "--reason", "later"],
        ["report", "--title", b"Rapport \xff", "-f", "html", "-o", "report.html"],
    ],
    ids=["note", "done-note", "drop-reason", "reschedule-when", "report-title"],
)
def test_text_that_is_not_utf8_is_refused_in_one_line(
    make_plan: Callable[..., Path], args: list[str | bytes]
) -> None:
    """A terminal set to Latin-1 sends "café" as bytes that are not UTF-8: a plan file and
    a report are UTF-8, so the text is refused before anything is written."""
    data = make_plan()
    before = (data / "actions.yaml").read_bytes()
    done = subprocess.run(
        [VVSGPLAN, "--data", str(data), *args], cwd=data.parent, capture_output=True
    )
    assert done.returncode == 2, done.stderr
    (line,) = done.stderr.decode("utf-8").splitlines()
    assert line.startswith("vvsgplan: ") and line.endswith(" is not valid UTF-8; write it in UTF-8")
    assert (data / "actions.yaml").read_bytes() == before
    assert not (data.parent / "report.html").exists()


def test_an_author_or_subject_with_a_separator_is_read_whole(repo: Path) -> None:
    """git gives a commit's fields separated by a character of vvsgplan's choosing: one a
    name or subject can hold (U+001F) would shift the fields of that commit."""
    actions = repo / "actions.yaml"
    actions.write_text(
        actions.read_text(encoding="utf-8").replace("status: open", "status: in-progress", 1),
        encoding="utf-8",
    )
    env = {**os.environ, "GIT_AUTHOR_NAME": "Eve\x1fX\x1f2001-01-01", "GIT_AUTHOR_EMAIL": "e@x"}
    subprocess.run(
        ["git", "commit", "-qam", "Started\x1fby the board"], cwd=repo, env=env, check=True
    )
    result = run("history", "A1", "--format", "json", data=repo)
    assert result.exit_code == 0, result.output
    last = json.loads(result.stdout)["events"][-1]
    assert (last["author"], last["subject"]) == (
        "Eve\x1fX\x1f2001-01-01",
        "Started\x1fby the board",
    )
    assert [c["what"] for c in last["changes"]] == ["status"]


def test_a_report_of_many_megabytes_is_written_as_printed(
    make_plan: Callable[..., Path], tmp_path: Path
) -> None:
    """A page larger than the pieces it is written in (a megabyte), with characters of
    two and three bytes everywhere, so that pieces end inside their text: the file holds
    exactly the bytes the report prints."""
    actions = "".join(
        f"- id: a{n}\n  recommendations: [1]\n  action: Coördinatie “{n}” — één ëxtra stap, "
        f"{'ï€' * 40}\n  when: maart 2020\n"
        for n in range(1200)
    )
    data = make_plan(actions=actions)
    out = tmp_path / "page.html"
    args = ("report", "-f", "html", "--as-of", "2020-06-01")
    written = run(*args, "-o", str(out), data=data)
    assert written.exit_code == 0, written.output
    printed = run(*args, data=data)
    assert len(out.read_text(encoding="utf-8")) > 1 << 20  # characters: two pieces
    assert out.read_bytes() == printed.stdout_bytes
    assert "Coördinatie “1199” — één ëxtra stap" in out.read_text(encoding="utf-8")
