"""The few git commands vvsgplan needs, run as subprocesses."""

from __future__ import annotations

import subprocess
from pathlib import Path

from vvsgplan.errors import UsageError


class GitError(UsageError):
    """Git is missing, the plan is not in a repository, or a git command failed."""


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        done = subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, text=True, encoding="utf-8"
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if check and done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done


def toplevel(folder: Path) -> Path:
    """The root of the git repository holding `folder`; GitError outside one."""
    done = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise GitError(f"{folder} is not in a git repository, so --commit cannot commit")
    return Path(done.stdout.strip())


def uncommitted(folder: Path, path: Path) -> bool:
    """Whether `path` differs from the last commit, or is not in it yet."""
    done = _git(folder, "status", "--porcelain", "--", str(path.resolve()))
    return bool(done.stdout.strip())


def commit(folder: Path, paths: list[Path], message: str, body: str = "") -> str:
    """Commit exactly `paths` (whatever else is staged stays staged); the new commit id."""
    names = [str(p.resolve()) for p in paths]
    _git(folder, "add", "--", *names)
    _git(folder, "commit", "--quiet", "-m", message, *(["-m", body] if body else []), "--", *names)
    return _git(folder, "rev-parse", "--short", "HEAD").stdout.strip()


def show(folder: Path, rev: str, path: Path) -> str | None:
    """The text of `path` at revision `rev`; None when the file does not exist there."""
    top = toplevel(folder)
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    done = _git(folder, "show", f"{rev}:{relative}", check=False)
    if done.returncode != 0:
        if "does not exist" in done.stderr or "exists on disk, but not in" in done.stderr:
            return None
        raise GitError(f"git show {rev}: {done.stderr.strip().splitlines()[-1]}")
    return done.stdout


def log(folder: Path, paths: list[Path]) -> list[tuple[str, str, str, str]]:
    """The commits that changed `paths`, oldest first: (id, date, author, subject)."""
    names = [str(p.resolve()) for p in paths]
    done = _git(folder, "log", "--reverse", "--format=%H%x1f%as%x1f%an%x1f%s", "--", *names)
    found = []
    for line in done.stdout.splitlines():
        commit_id, day, author, subject = line.split("\x1f", 3)
        found.append((commit_id, day, author, subject))
    return found
