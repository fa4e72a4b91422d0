"""Nothing lost: a write killed at any moment leaves the old file or the new one, whole;
mutated plan files never make a command show a traceback or a failed `done` change a file.

The normal run keeps these short. For the long run (200 kills and more, 10,000 mutants):
    VVSGPLAN_LONG=1 .venv/bin/python -m pytest tests/test_robustness.py
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import BUNDLED, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vvsgplan.errors import INTERRUPTED

LONG = bool(os.environ.get("VVSGPLAN_LONG"))
KILLS = 240 if LONG else 30
MUTANTS = 10_000 if LONG else 60
VVSGPLAN = [sys.executable, "-m", "vvsgplan"]


def copy_plan(folder: Path) -> Path:
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    return data


class Killer:
    """When to kill a run of a command that takes about `duration` seconds: around the
    moment its write lands, whatever the machine's load. Each kill that came before the
    write moves the next one later, each that came after moves it earlier; so kills keep
    landing on both sides of the write, and at it."""

    def __init__(self, duration: float, seed: int) -> None:
        self.moment = 0.8 * duration
        self.rnd = random.Random(seed)

    def delay(self) -> float:
        return self.moment * self.rnd.uniform(0.7, 1.3)

    def landed(self, *, before_the_write: bool) -> None:
        self.moment *= 1.15 if before_the_write else 0.87


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def test_a_killed_write_leaves_the_old_file_or_the_new(tmp_path: Path) -> None:
    data = copy_plan(tmp_path)
    actions = data / "actions.yaml"
    old = actions.read_bytes()
    command = [*VVSGPLAN, "--data", str(data), "done", "A2", "--on", "2020-01-01"]
    duration = timed(command)
    new = actions.read_bytes()
    assert new != old
    killer = Killer(duration, 7)
    seen = {"old": 0, "new": 0}
    for _ in range(KILLS):
        actions.write_bytes(old)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(killer.delay())
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = actions.read_bytes()
        assert now in (old, new)
        seen["new" if now == new else "old"] += 1
        killer.landed(before_the_write=now == old)
    assert seen["old"] and seen["new"], seen
    # The next change cleans up what killed writes left behind.
    actions.write_bytes(old)
    subprocess.run(command, check=True, capture_output=True)
    assert sorted(p.name for p in data.iterdir()) == ["actions.yaml", "recommendations.yaml"]


ORIGINAL = {
    name: (BUNDLED / name).read_bytes() for name in ("recommendations.yaml", "actions.yaml")
}


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    """One plan file, damaged in one to three ways."""
    name = draw(st.sampled_from(sorted(ORIGINAL)))
    data = ORIGINAL[name]
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        how = draw(st.sampled_from(["flip", "delete", "duplicate", "indent", "truncate", "swap"]))
        if how == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([data[i] ^ (1 << draw(st.integers(0, 7)))]) + data[i + 1 :]
        elif how in ("truncate", "flip"):
            data = data[: draw(st.integers(0, len(data)))]
        else:
            i = draw(st.integers(0, len(lines) - 1))
            if how == "delete":
                del lines[i]
            elif how == "duplicate":
                lines.insert(i, lines[i])
            elif how == "indent":
                stripped = lines[i].lstrip(b" ")
                lines[i] = b" " * draw(st.sampled_from([0, 1, 2, 3, 4, 6, 8])) + stripped
            else:
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
    return name, data


@settings(
    max_examples=MUTANTS,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutants())
def test_mutated_plans_never_give_a_traceback(tmp_path: Path, mutant: tuple[str, bytes]) -> None:
    name, damaged = mutant
    data = copy_plan(tmp_path / "fuzz")
    (data / name).write_bytes(damaged)
    for args in (("list",), ("check",), ("due", "--as-of", "2019-09-01")):
        result = run(*args, data=data)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    result = run("done", "A3", "--on", "2019-08-30", data=data)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert {p.name: p.read_bytes() for p in data.iterdir()} == before


# --- killed and interrupted with --commit ---------------------------------------------------


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def repo_with_plan(tmp_path: Path) -> Path:
    """A git repository (in tmp_path/plan) holding the bundled plan; its data folder."""
    folder = tmp_path / "plan"
    data = copy_plan(folder)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "config", "user.email", "follow-up@example.org")
    git(folder, "config", "user.name", "Follow Up")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "Plan")
    return data


def slow_hook(root: Path, marker: Path, seconds: int = 30) -> None:
    """A pre-commit hook that says it runs (the marker), then takes its time."""
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep {seconds}\n")
    hook.chmod(0o755)


def wait_for(path: Path) -> None:
    for _ in range(6000):  # a minute at most
        if path.exists():
            return
        time.sleep(0.01)
    raise AssertionError(f"{path} never appeared")


def unlock(root: Path) -> None:
    """git killed inside a command leaves its locks (index.lock; HEAD.lock or a branch's
    .lock when killed inside a commit), and every later git command that writes refuses
    until a person removes them, as git's message says."""
    for lock in (root / ".git").rglob("*.lock"):
        lock.unlink(missing_ok=True)


def reset(root: Path, head: str) -> None:
    unlock(root)
    git(root, "reset", "-q", "--hard", head)
    git(root, "clean", "-qfdx")


def test_a_change_killed_between_write_and_commit_is_named_by_the_next(tmp_path: Path) -> None:
    """Killed (with git) while its commit runs: the change is in the file, not in git. The
    next `--commit` refuses to mix it in, and says what to do; `diff` shows it."""
    data = repo_with_plan(tmp_path)
    root = data.parent
    head = git(root, "rev-parse", "HEAD").strip()
    marker = tmp_path / "committing"
    slow_hook(root, marker)
    command = [*VVSGPLAN, "--data", str(data), "done", "A2", "--on", "2020-01-01", "--commit"]
    proc = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
    wait_for(marker)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert git(root, "rev-parse", "HEAD").strip() == head
    # The change is in the file (and staged for its commit), not in the history.
    assert git(root, "diff", "HEAD", "--name-only") == "data/actions.yaml\n"
    assert run("check", data=data).exit_code == 0
    later = run("done", "A3", "--commit", data=data)
    assert later.exit_code == 2
    assert later.stderr.startswith(
        f"vvsgplan: {data / 'actions.yaml'} has changes that are not committed"
    )
    changes = json.loads(run("diff", "--format", "json", data=data).stdout)["changes"]
    found = [(c["subject"], c["what"], c["old"], c["new"]) for c in changes]
    assert ("A2", "status", "open", "done") in found


def test_changes_with_commit_killed_at_any_moment(tmp_path: Path) -> None:
    """Killed anywhere, with git: the plan is as it was, or changed and committed, or
    changed and not committed, which the next `--commit` says; nothing else."""
    data = repo_with_plan(tmp_path)
    root = data.parent
    head = git(root, "rev-parse", "HEAD").strip()
    old = (data / "actions.yaml").read_bytes()
    command = [*VVSGPLAN, "--data", str(data), "done", "A2", "--on", "2020-01-01", "--commit"]
    killer = Killer(timed(command), 11)
    new = (data / "actions.yaml").read_bytes()
    seen: dict[str, int] = {"old": 0, "committed": 0, "uncommitted": 0}
    for _ in range(KILLS // 2):
        reset(root, head)
        proc = subprocess.Popen(command, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(killer.delay())
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        unlock(root)
        now = (data / "actions.yaml").read_bytes()
        moved = git(root, "rev-parse", "HEAD").strip() != head
        if now == old:
            assert not moved
            seen["old"] += 1
        else:
            assert now == new
            if moved:
                assert git(root, "status", "--porcelain", "--untracked-files=no") == ""
                seen["committed"] += 1
            else:
                later = run("done", "A3", "--commit", data=data)
                assert later.exit_code == 2
                assert "has changes that are not committed" in later.stderr
                seen["uncommitted"] += 1
        killer.landed(before_the_write=now == old)
    assert seen["old"] and seen["committed"], seen


# --- Ctrl-C on a terminal -------------------------------------------------------------------

SCRIPT = Path(sys.executable).parent / "vvsgplan"  # the console script, as installed


def on_a_terminal(
    command: list[str], *, interrupt_after: float = 0.0, when: Path | None = None
) -> tuple[int, list[str]]:
    """Run `command` on a pseudo-terminal and press Ctrl-C there: `interrupt_after`
    seconds after the program's own code started (Python reports each import as it
    ends), or once `when` exists. The exit code, and the lines it wrote, without Python's
    import report and the terminal's echo of ^C."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session of its own, with the terminal as its own
        try:
            env = {**os.environ, "NO_COLOR": "1", "PYTHONPROFILEIMPORTTIME": "1"}
            os.execve(command[0], command, env)
        finally:
            os._exit(127)
    output = b""
    pressed = False
    started: float | None = None
    while True:
        if not pressed:
            if started is None and b"| vvsgplan.entry\r\n" in output:
                started = time.monotonic()
            due = started is not None and time.monotonic() - started >= interrupt_after
            if (when is None and due) or (when is not None and when.exists() and started):
                os.write(fd, b"\x03")
                pressed = True
        ready, _, _ = select.select([fd], [], [], 0.005)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert started is not None, "vvsgplan's entry point never ran"
    text = output.decode("utf-8", "replace").replace("\r\n", "\n").replace("^C", "")
    lines = [line for line in text.split("\n") if line and not line.startswith("import time:")]
    return os.waitstatus_to_exitcode(status), lines


@pytest.mark.parametrize("after", [0.0, 0.01, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3])
def test_ctrl_c_while_it_starts_says_one_line(tmp_path: Path, after: float) -> None:
    """From the moment vvsgplan's own code runs, through the import of everything else,
    to the listing: Ctrl-C ends it with one line and exit 130."""
    data = copy_plan(tmp_path)
    code, lines = on_a_terminal([str(SCRIPT), "--data", str(data), "list"], interrupt_after=after)
    if lines and lines[0].startswith("ID "):
        if code == INTERRUPTED:  # pressed while it was writing the listing
            assert lines[-1] == "vvsgplan: interrupted"
            return
        # It was done before the key was pressed, or the key came while Python itself
        # was shutting down, after the whole listing (the same window as Python's own
        # start-up, which no program can catch).
        assert code in (0, -signal.SIGINT)
        assert "vvsgplan: interrupted" not in lines
        return
    assert (code, lines) == (INTERRUPTED, ["vvsgplan: interrupted"])


def test_ctrl_c_while_waiting_for_the_lock_changes_nothing(tmp_path: Path) -> None:
    data = repo_with_plan(tmp_path)
    root = data.parent
    before = (data / "actions.yaml").read_bytes()
    fd = os.open(data, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another change under way
        command = [str(SCRIPT), "--data", str(data), "done", "A2", "--commit"]
        code, lines = on_a_terminal(command, interrupt_after=1.5)
    finally:
        os.close(fd)
    assert (code, lines) == (INTERRUPTED, ["vvsgplan: interrupted"])
    assert (data / "actions.yaml").read_bytes() == before
    assert git(root, "status", "--porcelain") == ""


def test_ctrl_c_while_committing_leaves_the_plan_as_it_was(tmp_path: Path) -> None:
    """Ctrl-C reaches git too: its commit fails, and the written change is taken back."""
    data = repo_with_plan(tmp_path)
    root = data.parent
    head = git(root, "rev-parse", "HEAD")
    before = (data / "actions.yaml").read_bytes()
    marker = tmp_path / "committing"
    slow_hook(root, marker)
    command = [str(SCRIPT), "--data", str(data), "done", "A2", "--commit"]
    code, lines = on_a_terminal(command, when=marker)
    assert (code, lines) == (INTERRUPTED, ["vvsgplan: interrupted"])
    assert (data / "actions.yaml").read_bytes() == before
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "rev-parse", "HEAD") == head


def test_ctrl_c_after_the_commit_is_made_keeps_it(tmp_path: Path) -> None:
    """The commit is made and git still runs (its post-commit hook) when Ctrl-C comes:
    git dies of it, but the commit is there. The plan stays changed and committed; taking
    the change back from the file would leave history and file telling two stories."""
    data = repo_with_plan(tmp_path)
    root = data.parent
    head = git(root, "rev-parse", "HEAD")
    marker = tmp_path / "committed"
    hook = root / ".git" / "hooks" / "post-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(f"#!/bin/sh\ntouch '{marker}'\nsleep 30\n")
    hook.chmod(0o755)
    command = [str(SCRIPT), "--data", str(data), "done", "A2", "--on", "2019-12-20", "--commit"]
    code, lines = on_a_terminal(command, when=marker)
    assert (code, lines[-1:]) == (INTERRUPTED, ["vvsgplan: interrupted"])
    assert git(root, "rev-parse", "HEAD^") == head
    assert git(root, "log", "-1", "--format=%s").strip() == "Mark A2 done (2019-12-20)"
    assert git(root, "status", "--porcelain") == ""
    assert "done_on: '2019-12-20'" in (data / "actions.yaml").read_text(encoding="utf-8")


# --- the end of a run: Python's teardown is skipped, the output never is ---------------
#
# vvsgplan ends its process from its last exit handler, once the output is flushed, so
# that Python does not take a large plan apart object by object (vvsgplan.entry). What
# must hold: the whole output arrives, the exit code is the command's, and output that
# cannot be written is said in one line, with its exit code, never silently lost.

WRITE_FAILED = 3  # the README's "Exit codes": the output or a file could not be written


def test_the_whole_output_arrives_and_the_exit_code_is_the_commands(tmp_path: Path) -> None:
    # 15 actions in the bundled plan (A1-A5, B1-B3, C1-C4, D1-D3 in its actions.yaml, as
    # the action plan of the document numbers them): one line each
    # in the piped listing, below its header.
    listing = subprocess.run(
        [*VVSGPLAN, "--data", str(BUNDLED), "list"], capture_output=True, text=True
    )
    assert listing.returncode == 0, listing.stderr
    assert len(listing.stdout.splitlines()) == 1 + 15
    # Into a file, as `> file` does: the same bytes.
    out = tmp_path / "out.txt"
    with out.open("w") as f:
        subprocess.run([*VVSGPLAN, "--data", str(BUNDLED), "list"], stdout=f, check=True)
    assert out.read_text() == listing.stdout
    # A user mistake keeps its exit code (2, usage) and its one line.
    wrong = subprocess.run(
        [*VVSGPLAN, "--data", str(BUNDLED), "show", "Z9"], capture_output=True, text=True
    )
    assert wrong.returncode == 2
    assert wrong.stderr.count("\n") == 1


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args",
    [
        ["list"],  # a long output: written at once, fails in the command
        ["when", "Zomer 2019"],  # a short one: still buffered when the command ends
    ],
)
def test_output_to_a_full_disk_is_one_line_and_its_exit_code(args: list[str]) -> None:
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            [*VVSGPLAN, "--data", str(BUNDLED), *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == WRITE_FAILED
    assert done.stderr == "vvsgplan: cannot write the output: No space left on device\n"
