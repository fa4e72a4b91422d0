"""Broken and hostile input: every command answers with a clear message, exits with its
code, shows no traceback and changes no file. The cases live in tests/bad_inputs/: one
folder each, holding the files that differ from _base/ and `expect` (the exit code on its
first line, a fragment of the message on the second)."""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))
READING = [
    ("list",),
    ("due",),
    ("show", "a1"),
    ("show", "1"),
    ("recs",),
    ("check",),
    ("report", "--format", "json"),
    ("timeline", "--width", "80"),
]
CHANGING = [
    ("done", "a1", "--on", "2020-03-30"),
    ("start", "a1"),
    ("reschedule", "a1", "Q3 2020", "--reason", "later"),
    ("drop", "a1", "--reason", "no longer"),
]


def plan_for(case: str, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(CORPUS / "_base", data)
    for f in (CORPUS / case).iterdir():
        if f.name != "expect":
            shutil.copy(f, data / f.name)
    return data


def snapshot(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(data.iterdir())}


def test_the_corpus_is_complete() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", CASES)
def test_every_command_on_every_case(case: str, tmp_path: Path) -> None:
    code, message = (CORPUS / case / "expect").read_text(encoding="utf-8").split("\n")[:2]
    data = plan_for(case, tmp_path)
    before = snapshot(data)
    for args in READING + CHANGING:
        result = run(*args, data=data)
        assert "Traceback" not in result.output, (args, result.output)
        if int(code) == 0:
            assert result.exit_code == 0, (args, result.output)
        else:
            assert result.exit_code == int(code), (args, result.output)
            assert message in result.stderr, (args, result.stderr)
            assert result.stderr.count("\n") < 20
            assert snapshot(data) == before, args
        if args[0] in ("done", "start", "reschedule", "drop") and result.exit_code == 0:
            after = (data / "actions.yaml").read_bytes()
            assert after.startswith(b"\xef\xbb\xbf") == before["actions.yaml"].startswith(
                b"\xef\xbb\xbf"
            )
            assert (b"\r\n" in after) == (b"\r\n" in before["actions.yaml"])
            (data / "actions.yaml").write_bytes(before["actions.yaml"])


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
