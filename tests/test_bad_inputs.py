"""Broken and hostile input: every command answers with a clear message, exits with its
code, shows no traceback and changes no file. The cases live in tests/bad_inputs/: one
folder each, holding the files that differ from _base/ and `expect` (the exit code on its
first line, a fragment of the message on the second)."""

from __future__ import annotations

import errno
import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BUNDLED, run
from typer.testing import CliRunner, Result

from vvsgplan.cli import app

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
# Every command that reads the plan, in every output format.
READING = [
    ("list",),
    ("list", "--format", "json"),
    ("list", "--format", "csv"),
    ("list", "--format", "markdown"),
    ("list", "--undated", "--before", "2021"),
    ("due",),
    ("due", "--format", "json", "--as-of", "2019-09-01"),
    ("show", "a1"),
    ("show", "a1", "--format", "json"),
    ("show", "1"),
    ("show", "1", "--format", "markdown"),
    ("recs",),
    ("recs", "--format", "csv"),
    ("info",),
    ("info", "--format", "json"),
    ("check",),
    ("report",),
    ("report", "--format", "json"),
    ("report", "--format", "markdown"),
    ("report", "--format", "html", "--as-of", "9999-12-31"),
    ("report", "--as-of", "0001-01-01"),
    ("digest",),
    ("digest", "--format", "json", "--as-of", "9999-12-31", "--days", "1000000000"),
    ("digest", "--format", "markdown", "--as-of", "0001-01-01"),
    ("ics",),
    ("timeline", "--width", "80"),
    ("timeline", "--from", "9999-12", "--to", "9999-12", "--width", "40"),
    ("history", "a1"),
    ("diff", "HEAD~1"),
]
# Every changing command: as it writes, as a dry run, and with --commit.
CHANGING = [
    ("done", "a1", "--on", "2020-03-30"),
    ("done", "a1", "a2", "--on", "2019-10-01", "--note", "Klaar", "--commit"),
    ("done", "a2", "-m", "1", "--on", "2019-08-01", "--dry-run"),
    ("done", "a2", "-m", "Trefdag", "--on", "2019-08-01", "--commit"),
    ("start", "a1"),
    ("start", "a1", "--dry-run"),
    ("reopen", "a2", "--commit"),
    ("reschedule", "a1", "Q3 2020", "--reason", "later"),
    ("reschedule", "a2", "november 2020", "-m", "2", "--reason", "later", "--commit"),
    ("drop", "a1", "--reason", "no longer"),
    ("drop", "a1", "a2", "--reason", "no longer", "--dry-run"),
    ("note", "a1", "Half klaar", "--on", "2019-12-01"),
    ("note", "a2", "Selectie loopt", "-m", "Selectie", "--commit"),
]
COMPLETING = ["vvsgplan show ", "vvsgplan list --owner "]


def plan_for(case: str, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(CORPUS / "_base", data)
    for f in (CORPUS / case).iterdir():
        if f.name != "expect":
            shutil.copy(f, data / f.name)
    return data


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


def repo_for(case: str, tmp_path: Path) -> Path:
    """A git repository whose first commit holds the base plan and whose second the case."""
    data = plan_for("_base", tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "config", "user.email", "follow-up@example.org")
    git(tmp_path, "config", "user.name", "Follow Up")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "Base plan")
    for f in (CORPUS / case).iterdir():
        if f.name != "expect":
            shutil.copy(f, data / f.name)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "The case", "--allow-empty")
    return data


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data.iterdir())}


def complete(data: Path, line: str) -> Result:
    words = line.split(" ")
    env = {
        "_VVSGPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
        "VVSGPLAN_DATA": str(data),
        "NO_COLOR": "1",
    }
    return CliRunner(env=env).invoke(app, [], prog_name="vvsgplan")


def test_the_corpus_is_complete() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_every_command_on_every_case(case: str, tmp_path: Path) -> None:
    code, message = (CORPUS / case / "expect").read_text(encoding="utf-8").split("\n")[:2]
    data = repo_for(case, tmp_path)
    head = git(tmp_path, "rev-parse", "HEAD")
    before = snapshot(data)
    for args in READING + CHANGING:
        result = run(*args, data=data)
        assert "Traceback" not in result.output, (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        if int(code) == 0:
            assert result.exit_code == 0, (args, result.output)
        else:
            assert result.exit_code == int(code), (args, result.output)
            assert message in result.stderr, (args, result.stderr)
            assert result.stderr.count("\n") < 20
            assert snapshot(data) == before, args
        if args[0] in ("done", "start", "reopen", "reschedule", "drop", "note") and (
            result.exit_code == 0
        ):
            after = (data / "actions.yaml").read_bytes()
            assert after.startswith(b"\xef\xbb\xbf") == before["actions.yaml"].startswith(
                b"\xef\xbb\xbf"
            )
            assert (b"\r\n" in after) == (b"\r\n" in before["actions.yaml"])
            assert run("check", data=data).exit_code == 0, args
            git(tmp_path, "reset", "-q", "--hard", head.strip())
            assert snapshot(data) == before
    for line in COMPLETING:
        result = complete(data, line)
        assert (result.exit_code, result.exception) == (0, None), (line, result.output)
        assert "Traceback" not in result.output


# --- cases made at run time ---------------------------------------------------------


def test_a_file_too_large_is_refused_at_once(tmp_path: Path) -> None:
    data = plan_for("bom-and-crlf", tmp_path)
    with (data / "actions.yaml").open("ab") as f:
        f.write(b"# padding\n" * 5_300_000)  # 53 MB
    result = run("list", data=data)
    assert result.exit_code == 1
    assert "is 53 MB; vvsgplan reads plan files up to 32 MB" in result.stderr


def test_a_plan_file_that_is_a_symlink(tmp_path: Path) -> None:
    """Reading follows a symlink; writing through one that leaves the plan folder is refused."""
    data = plan_for("bom-and-crlf", tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    (data / "actions.yaml").rename(outside)
    (data / "actions.yaml").symlink_to(outside)
    assert run("list", data=data).exit_code == 0
    result = run("done", "a1", data=data)
    assert result.exit_code == 3
    assert "is a symlink to a file outside the plan folder" in result.stderr
    inside = data / "real-actions.yaml"
    outside.rename(inside)
    (data / "actions.yaml").unlink()
    (data / "actions.yaml").symlink_to("real-actions.yaml")
    assert run("done", "a1", data=data).exit_code == 0
    assert (data / "actions.yaml").is_symlink()
    assert b"status: done" in inside.read_bytes()


def test_the_data_folder_given_as_a_file(tmp_path: Path) -> None:
    data = plan_for("bom-and-crlf", tmp_path)
    result = run("list", data=data / "actions.yaml")
    assert (result.exit_code, "--data names a file" in result.stderr) == (1, True)


def test_a_plan_file_that_is_a_folder(tmp_path: Path) -> None:
    data = plan_for("bom-and-crlf", tmp_path)
    (data / "actions.yaml").unlink()
    (data / "actions.yaml").mkdir()
    result = run("list", data=data)
    assert result.exit_code == 1
    assert "actions.yaml:1:1: is a folder, not a file" in result.stderr


def test_a_full_disk_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = plan_for("bom-and-crlf", tmp_path)
    before = snapshot(data)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = run("done", "a1", data=data)
    assert result.exit_code == 3
    assert "cannot write: No space left on device; the file is unchanged" in result.stderr
    after = snapshot(data)
    after.pop(".vvsgplan.lock", None)
    assert after == before  # no temporary file left behind either


def test_a_read_only_plan_file(tmp_path: Path) -> None:
    data = plan_for("bom-and-crlf", tmp_path)
    (data / "actions.yaml").chmod(0o444)
    before = snapshot(data)
    result = run("done", "a1", data=data)
    assert result.exit_code == 3
    assert "the file is read-only" in result.stderr
    assert snapshot(data) == before


MakePlan = Callable[..., Path]


# --- files that are not files, and sizes ----------------------------------------------------

VVSGPLAN = [sys.executable, "-m", "vvsgplan"]


def _no_more_than_a_gigabyte() -> None:
    # A command that reads /dev/zero without end fails here, rather than the machine.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def process(
    *args: str, data: Path | None, env: dict[str, str] | None = None, user: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """vvsgplan as its own process, which must end within a minute."""
    command = [*(user or []), *VVSGPLAN, *(["--data", str(data)] if data else []), *args]
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    environment.pop("VVSGPLAN_DATA", None)
    environment.update(env or {})
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        preexec_fn=_no_more_than_a_gigabyte,
        cwd=data.parent if data else None,
    )


def completion(data: Path, line: str) -> subprocess.CompletedProcess[str]:
    env = {
        "_VVSGPLAN_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(line.split(" ")) - 1),
        "VVSGPLAN_DATA": str(data),
    }
    return process(data=None, env=env)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "dev-null-recommendations"])
def test_a_plan_file_that_is_a_fifo_or_a_device(tmp_path: Path, kind: str) -> None:
    """Opening a FIFO waits for a writer; /dev/zero never ends. Neither is read."""
    data = plan_for("bom-and-crlf", tmp_path)
    name = "recommendations.yaml" if kind.endswith("recommendations") else "actions.yaml"
    (data / name).unlink()
    if kind == "fifo":
        os.mkfifo(data / name)
        expected = f"{name}:1:1: is a FIFO (named pipe), not a file"
    else:
        (data / name).symlink_to("/dev/zero" if kind == "dev-zero" else "/dev/null")
        expected = f"{name}:1:1: is a character device, not a file"
    for args in (("list",), ("check",), ("show", "a1"), ("done", "a1")):
        result = process(*args, data=data)
        assert "Traceback" not in result.stderr, result.stderr
        if args[0] == "done" and kind == "dev-zero":
            # A symlink out of the plan folder is not written through, and says so first.
            assert result.returncode == 3, result.stderr
            continue
        assert (result.returncode, result.stderr.strip().endswith(expected)) == (1, True), (
            args,
            result.stderr,
        )
    completed = completion(data, "vvsgplan show ")
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("value", ["inf", "1e999", "abc", "-1", "0", "nan", "32 MB"])
def test_a_size_limit_that_is_not_one(tmp_path: Path, value: str) -> None:
    data = plan_for("bom-and-crlf", tmp_path)
    before = snapshot(data)
    for args in (("list",), ("check",), ("done", "a1"), ("report",)):
        result = run(*args, data=data, env={"VVSGPLAN_MAX_MB": value})
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr == (
            f"vvsgplan: VVSGPLAN_MAX_MB={value!r} is not a size in megabytes: give a number "
            "above 0 and up to 1,000,000, like 64 (default 32)\n"
        )
    assert snapshot(data) == before
    # Tab completion offers nothing rather than fail.
    completed = completion(data, "vvsgplan show ")
    assert completed.returncode == 0
    assert "Traceback" not in completed.stderr
    # A size that is one is taken: half a megabyte refuses a plan of 0.6 MB.
    with (data / "actions.yaml").open("ab") as f:
        f.write(b"# padding\r\n" * 60_000)
    result = run("list", data=data, env={"VVSGPLAN_MAX_MB": "0.5"})
    assert result.exit_code == 1
    # In bytes: in whole megabytes, both would be "0 MB".
    size = (data / "actions.yaml").stat().st_size
    assert f"is {size:,} bytes; vvsgplan reads plan files up to 500,000 bytes" in result.stderr


def test_a_data_path_too_long_to_open(tmp_path: Path) -> None:
    long = tmp_path / ("x" * 5000)
    for args in (("list",), ("done", "a1")):
        result = run(*args, data=long)
        assert result.exit_code == 1, result.output
        assert result.stderr.endswith(": cannot open (--data): File name too long\n")
        assert result.stderr.count("\n") == 1


def test_diff_when_the_plan_file_is_a_symlink_out_of_the_repository(tmp_path: Path) -> None:
    data = repo_for("bom-and-crlf", tmp_path / "repo")
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((data / "actions.yaml").read_bytes())
    (data / "actions.yaml").unlink()
    (data / "actions.yaml").symlink_to(outside)
    result = run("diff", data=data)
    assert result.exit_code == 2, result.output
    assert "actions.yaml is a symlink to " in result.stderr
    assert "outside the repository" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "no-such-id"), 2, "vvsgplan: no recommendation or action 'no-such-id'"),
        (("show", "²"), 2, "vvsgplan: no recommendation or action '²'"),
        (("show", "٣"), 2, "vvsgplan: no recommendation or action '٣'"),
        (("show", "9" * 5000), 2, "vvsgplan: no recommendation 999999999999...; there are 1-9"),
        (("list", "--owner", "nobody-at-all"), 2, "vvsgplan: no action has owner 'nobody-at-all'"),
        (("done", "D2", "-m", "²"), 2, "vvsgplan: D2 has no milestone '²'"),
        (("report", "--as-of", "0001-01-01"), 0, ""),
        (("report", "--as-of", "9999-12-31", "--format", "json"), 0, ""),
        (("timeline", "--from", "9999-12", "--to", "9999-12"), 0, ""),
        (("timeline", "--width", "1000000000"), 2, "Invalid value for '--width'"),
        (("report", "--horizon", "1000000000"), 2, "Invalid value for '--horizon'"),
    ],
)
def test_command_line_edges_give_one_line(
    tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    """Run as a person does, as a process: a clear line (or the output), never a traceback."""
    data = plan_for("_base", tmp_path)
    shutil.copy(BUNDLED / "actions.yaml", data / "actions.yaml")
    shutil.copy(BUNDLED / "recommendations.yaml", data / "recommendations.yaml")
    result = process(*args, data=data)
    assert "Traceback" not in result.stderr
    assert result.returncode == code, result.stderr
    if code == 0:
        assert (result.stderr, bool(result.stdout)) == ("", True)
    elif args[0] == "timeline" or args[0] == "report":
        assert message in result.stderr  # Click's usage error: usage, a hint and the error
    else:
        assert result.stderr.startswith(message), result.stderr
        assert result.stderr.count("\n") == 1


# --- permissions --------------------------------------------------------------------------

NOBODY = 65534


def _as_nobody(groups: str = "") -> list[str]:
    supplementary = [f"--groups={groups}"] if groups else ["--clear-groups"]
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", *supplementary]


def _another_user_can_run_vvsgplan() -> bool:
    if os.geteuid() != 0 or shutil.which("setpriv") is None:
        return False
    probe = [*_as_nobody(), sys.executable, "-c", "import vvsgplan.cli"]
    return subprocess.run(probe, capture_output=True, cwd="/").returncode == 0


AS_ANOTHER_USER = pytest.mark.skipif(
    not _another_user_can_run_vvsgplan(),
    reason="needs root, setpriv (util-linux) and a Python that user nobody may run, "
    "to run vvsgplan as a user other than the files' owner",
)


@pytest.fixture
def shared() -> Iterator[Path]:
    """A plan folder outside pytest's private tmp folder, where another user may look."""
    top = Path(tempfile.mkdtemp(prefix="vvsgplan-shared-"))
    top.chmod(0o755)
    data = top / "data"
    shutil.copytree(CORPUS / "_base", data)
    yield data
    shutil.rmtree(top)


@AS_ANOTHER_USER
def test_a_file_the_user_may_not_write_in_a_folder_they_may(shared: Path) -> None:
    """The rename would replace a file this user may not write, and make them its owner."""
    shared.chmod(0o777)
    (shared / "actions.yaml").chmod(0o644)  # root's; others may read it only
    before = snapshot(shared)
    result = process("done", "a1", data=shared, user=_as_nobody())
    assert result.returncode == 3, result.stderr
    assert result.stderr.endswith(
        "actions.yaml: the file is read-only for you; make it writable to change the plan\n"
    )
    assert snapshot(shared) == before
    assert (shared / "actions.yaml").stat().st_uid == 0


@AS_ANOTHER_USER
def test_a_plan_folder_the_user_may_not_write(shared: Path) -> None:
    (shared / "actions.yaml").chmod(0o666)  # the file may be written, its folder not
    before = snapshot(shared)
    result = process("done", "a1", data=shared, user=_as_nobody())
    assert result.returncode == 3, result.stderr
    assert result.stderr.endswith(
        "data: cannot write in the plan folder: Permission denied; the file is unchanged\n"
    )
    assert snapshot(shared) == before


@AS_ANOTHER_USER
def test_a_data_folder_the_user_may_not_open(shared: Path) -> None:
    shared.chmod(0o744)  # others may list it, not open what is in it
    for args in (("list",), ("done", "a1")):
        result = process(*args, data=shared, user=_as_nobody())
        assert result.returncode == 1, result.stderr
        assert result.stderr.endswith("data: cannot open (--data): Permission denied\n")
    shared.chmod(0o700)  # nor list it: the option itself is refused
    result = process("list", data=shared, user=_as_nobody())
    assert result.returncode == 2, result.stderr
    assert "Invalid value for '--data'" in result.stderr
    assert "Traceback" not in result.stderr


@AS_ANOTHER_USER
def test_a_plan_shared_through_its_group_stays_shared(shared: Path) -> None:
    group = 4242
    for path in (shared, shared / "actions.yaml"):
        os.chown(path, 0, group)
        path.chmod(0o775 if path.is_dir() else 0o664)
    result = process("done", "a1", "--on", "2020-03-01", data=shared, user=_as_nobody(str(group)))
    assert result.returncode == 0, result.stderr
    info = (shared / "actions.yaml").stat()
    # Nobody may not give the file to root, but keeps its group and its mode.
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (NOBODY, group, 0o664)
    assert b"status: done" in (shared / "actions.yaml").read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file another owner")
def test_a_change_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    data = plan_for("bom-and-crlf", tmp_path)
    os.chown(data / "actions.yaml", 12345, 54321)
    (data / "actions.yaml").chmod(0o640)
    assert run("done", "a1", "--on", "2020-03-01", data=data).exit_code == 0
    info = (data / "actions.yaml").stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (12345, 54321, 0o640)


def test_a_plan_file_with_hard_links_is_not_split(tmp_path: Path) -> None:
    data = plan_for("bom-and-crlf", tmp_path)
    other = tmp_path / "backup-actions.yaml"
    os.link(data / "actions.yaml", other)
    before = snapshot(data)
    result = run("done", "a1", data=data)
    assert result.exit_code == 3
    assert "actions.yaml: the file has 2 hard links; a change is written to a new file" in (
        result.stderr
    )
    assert snapshot(data) == before
    assert (data / "actions.yaml").samefile(other)
