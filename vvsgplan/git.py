"""The few git commands vvsgplan needs, run as subprocesses."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import NamedTuple

from vvsgplan.errors import UsageError


class GitError(UsageError):
    """Git is missing, the plan is not in a repository, or a git command failed."""


def _git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        raw = subprocess.run(["git", *args], cwd=folder, capture_output=True)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    # Decoded here rather than with text=True, which would turn a carriage return in a
    # subject into a line break; an author or a subject need not be UTF-8 either.
    done = subprocess.CompletedProcess(
        raw.args,
        raw.returncode,
        raw.stdout.decode("utf-8", errors="replace"),
        raw.stderr.decode("utf-8", errors="replace"),
    )
    if check and done.returncode != 0:
        raise GitError(f"git {args[0]}: {_reason(done.stderr or done.stdout)}")
    return done


def _reason(output: str) -> str:
    """Why a git command failed, in one line: the line where git says it dies (the
    advice after it, such as "remove the file manually to continue", names nothing),
    else the last line, which is where a hook that refuses a commit says why."""
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith("fatal: ")]
    reason = fatal[0].removeprefix("fatal: ") if fatal else (lines[-1] if lines else "failed")
    return reason.rstrip(".")


def toplevel(folder: Path) -> Path:
    """The root of the git repository holding `folder`; GitError outside one."""
    done = _git(folder, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise GitError(f"{folder} is not in a git repository, so --commit cannot commit")
    return Path(done.stdout.strip())


def uncommitted(folder: Path, path: Path) -> bool:
    """Whether `path` differs from the last commit, or is not in it yet."""
    # Without optional locks: `status` would otherwise take the index's lock to refresh it.
    done = _git(folder, "--no-optional-locks", "status", "--porcelain", "--", str(path.resolve()))
    return bool(done.stdout.strip())


def commit(folder: Path, paths: list[Path], message: str, body: str = "") -> str:
    """Commit exactly `paths` as they are on disk (whatever else is staged stays staged);
    the new commit id. They must hold no other uncommitted change (the caller checks).
    They are staged first, so that a process killed while git commits leaves an index
    that agrees with the commit or with the file; a commit that fails (a hook refuses it)
    puts them back in the index as the last commit has them."""
    names = [str(p.resolve()) for p in paths]
    before = _head(folder)
    _git(folder, "add", "--", *names)
    try:
        _git(
            folder,
            "commit",
            "--quiet",
            "-m",
            message,
            *(["-m", body] if body else []),
            "--",
            *names,
        )
    except GitError:
        # Git can fail after the commit is made (Ctrl-C reaches it in its post-commit
        # hook): then the commit stands, and so must the file.
        if not _made(folder, before, message, names):
            _git(folder, "reset", "--quiet", "--", *names, check=False)
            raise
    return _git(folder, "rev-parse", "--short", "HEAD").stdout.strip()


def _head(folder: Path) -> str | None:
    done = _git(folder, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    return done.stdout.strip() or None


def _made(folder: Path, before: str | None, message: str, names: list[str]) -> bool:
    """Whether HEAD is a new commit on `before` with this subject that holds `names` as
    they are on disk."""
    after = _head(folder)
    if after is None or after == before:
        return False
    done = _git(folder, "log", "-1", "--format=%P%x1f%s", after, check=False)
    if done.stdout.rstrip("\n") != f"{before or ''}\x1f{message}":
        return False
    return _git(folder, "diff", "--quiet", after, "--", *names, check=False).returncode == 0


def show(folder: Path, rev: str, path: Path) -> str | None:
    """The text of `path` at revision `rev`; None when the file does not exist there."""
    top = toplevel(folder).resolve()
    real = path.resolve()
    if not real.is_relative_to(top):
        raise GitError(
            f"{path} is a symlink to {real}, outside the repository at {top}: git keeps only "
            "the link, not the plan, so there is no history of it to compare"
        )
    relative = real.relative_to(top).as_posix()
    # A revision reaches git only through rev-parse --end-of-options: never as an option.
    commit_id = resolve(folder, rev)
    done = _git(folder, "show", "--end-of-options", f"{commit_id}:{relative}", check=False)
    if done.returncode != 0:
        if "does not exist" in done.stderr or "exists on disk, but not in" in done.stderr:
            return None
        raise GitError(f"git show {rev}: {done.stderr.strip().splitlines()[-1]}")
    return done.stdout


def log(folder: Path, paths: list[Path]) -> list[tuple[str, str, str, str]]:
    """The commits that changed `paths`, oldest first: (id, date, author, subject)."""
    names = [str(p.resolve()) for p in paths]
    done = _git(folder, "log", "--reverse", "--format=%H%x00%as%x00%an%x00%s", "--", *names)
    found = []
    # One commit a line: split at newlines only, as a subject may hold a carriage return.
    for line in filter(None, done.stdout.split("\n")):
        commit_id, day, author, subject = line.split("\x00", 3)
        found.append((commit_id, day, author, subject))
    return found


# --- revisions, the commit graph and many files at once --------------------------------


def resolve(folder: Path, rev: str) -> str:
    """The full id of the commit `rev` names; never read as an option, even when it
    starts with '-'."""
    done = _git(
        folder,
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        f"{rev}^{{commit}}",
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        if _git(folder, "rev-parse", "--git-dir", check=False).returncode != 0:
            raise GitError(f"{folder} is not in a git repository")
        raise GitError(f"{rev!r} is not a commit in this repository")
    return done.stdout.strip()


def merge_base(folder: Path, left: str, right: str) -> str:
    """The best common ancestor of two commits (full ids)."""
    done = _git(folder, "merge-base", "--end-of-options", left, right, check=False)
    if done.returncode != 0 or not done.stdout.strip():
        raise GitError(f"{left[:10]} and {right[:10]} have no common ancestor")
    return done.stdout.strip().splitlines()[0]


class Commit(NamedTuple):
    id: str
    parents: tuple[str, ...]
    day: str
    author: str
    subject: str


def graph(folder: Path, paths: list[Path]) -> tuple[list[Commit], dict[str, tuple[str, ...]]]:
    """The commits reachable from HEAD that changed `paths` compared with at least one of
    their parents, parents before children; and every commit's real parents.

    `--full-history` keeps the side branches git's default simplification drops, and
    `--date-order` lists a commit after all its parents."""
    if _git(folder, "rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        if _git(folder, "rev-parse", "--git-dir", check=False).returncode != 0:
            raise GitError(f"{folder} is not in a git repository")
        raise GitError(f"{folder} is in a repository without commits: commit the plan first")
    return _walk(folder, "HEAD", [str(p.resolve()) for p in paths])


def _walk(
    folder: Path, rev: str, pathspecs: list[str]
) -> tuple[list[Commit], dict[str, tuple[str, ...]]]:
    """`graph` from `rev`, of the files `pathspecs` name."""
    # Fields apart by NUL, which git never gives in a name or a subject (it ends them
    # there); any other character could be in them, written by whoever made the commit.
    fmt = "--format=%H%x00%P%x00%as%x00%an%x00%s"
    touched = _git(
        folder, "log", "--full-history", "--date-order", "--reverse", fmt, rev, "--", *pathspecs
    )
    every = _git(folder, "rev-list", "--parents", rev)
    parents = {}
    for line in every.stdout.splitlines():
        commit_id, *rest = line.split()
        parents[commit_id] = tuple(rest)
    found = []
    for line in filter(None, touched.stdout.split("\n")):  # not at a carriage return
        commit_id, _, day, author, subject = line.split("\x00", 4)
        found.append(Commit(commit_id, parents.get(commit_id, ()), day, author, subject))
    return found, parents


class Head(NamedTuple):
    """Where a folder's repository stands: its root and the commit checked out."""

    top: Path
    commit: str | None  # None: a repository without a commit yet
    # Whether the commit alone decides the history git shows: not a shallow clone (whose
    # history grows when deepened), no grafts, no replaced objects.
    settled: bool


def head(folder: Path) -> Head:
    """The repository holding `folder`, read by one git command; GitError outside one."""
    done = _git(
        folder,
        "rev-parse",
        "--show-toplevel",
        "--is-shallow-repository",
        "--git-path",
        "info/grafts",
        "--glob=refs/replace/*",
        "HEAD",
        check=False,
    )
    lines = done.stdout.splitlines()
    if len(lines) < 3:
        raise GitError(f"{folder} is not in a git repository")
    if done.returncode != 0:
        return Head(Path(lines[0]), None, False)
    top, shallow, grafts, *replaced, commit = lines
    settled = (
        shallow == "false"
        and not replaced
        and not (folder / grafts).exists()
        and "GIT_REPLACE_REF_BASE" not in os.environ
    )
    return Head(Path(top), commit, settled)


def graph_at(
    folder: Path, commit: str, names: list[str]
) -> tuple[list[Commit], dict[str, tuple[str, ...]]]:
    """`graph` from a commit (a full id) rather than HEAD, for the repository's paths
    `names`: what is read then belongs to that commit, even if HEAD moves meanwhile."""
    return _walk(folder, commit, [f":(top,literal){name}" for name in names])


def blob_ids(folder: Path, revs: list[str], names: list[str]) -> dict[str, tuple[str | None, ...]]:
    """The blob id of each of the repository's paths `names` at each revision (None where
    there is no such file), read by one `git cat-file --batch-check`."""
    wanted = list(dict.fromkeys(revs))
    request = "".join(f"{rev}:{name}\n" for rev in wanted for name in names)
    lines = _batch(folder, "--batch-check", request.encode("utf-8")).decode("utf-8", "replace")
    found = iter(lines.splitlines())
    result: dict[str, tuple[str | None, ...]] = {}
    for rev in wanted:
        ids = []
        for _ in names:
            header = next(found, "").split()
            ids.append(header[0] if len(header) == 3 and header[1] == "blob" else None)
        result[rev] = tuple(ids)
    return result


def contents(folder: Path, ids: list[str]) -> dict[str, str]:
    """The text of each blob (by id), read by one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(ids))
    out = _batch(folder, "--batch", "".join(f"{i}\n" for i in wanted).encode("ascii"))
    at = 0
    found = {}
    for blob in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].decode("utf-8", "replace").split()
        at = end + 1
        if len(header) != 3 or header[1] != "blob":
            continue
        size = int(header[2])
        found[blob] = out[at : at + size].decode("utf-8", "replace")
        at += size + 1
    return found


def _batch(folder: Path, mode: str, request: bytes) -> bytes:
    try:
        done = subprocess.run(
            ["git", "cat-file", mode], cwd=folder, input=request, capture_output=True
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        raise GitError(f"git cat-file: {done.stderr.decode('utf-8', 'replace').strip()}")
    return done.stdout


def reachable(parents: dict[str, tuple[str, ...]], start: str) -> set[str]:
    """`start` and every commit it descends from, through `parents`."""
    seen: set[str] = set()
    stack = [start]
    while stack:
        commit_id = stack.pop()
        if commit_id not in seen:
            seen.add(commit_id)
            stack.extend(parents.get(commit_id, ()))
    return seen


def blobs(folder: Path, revs: list[str], path: Path) -> dict[str, tuple[str, str] | None]:
    """The text of `path` at each revision, with its blob id (the same text has the same
    id), read by one `git cat-file --batch`; None where the file does not exist."""
    top = toplevel(folder)
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    wanted = list(dict.fromkeys(revs))
    request = "".join(f"{rev}:{relative}\n" for rev in wanted).encode("utf-8")
    try:
        done = subprocess.run(
            ["git", "cat-file", "--batch"], cwd=folder, input=request, capture_output=True
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        raise GitError(f"git cat-file: {done.stderr.decode('utf-8', 'replace').strip()}")
    out, at = done.stdout, 0
    found: dict[str, tuple[str, str] | None] = {}
    for rev in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].decode("utf-8", "replace").split()
        at = end + 1
        if len(header) != 3 or header[1] != "blob":
            found[rev] = None  # "missing", or not a file
            continue
        size = int(header[2])
        found[rev] = (header[0], out[at : at + size].decode("utf-8", "replace"))
        at += size + 1
    return found


def between(folder: Path, old: str, new: str) -> set[str]:
    """The commits reachable from commit `new` and not from commit `old` (full ids): what
    `git log old..new` lists."""
    return set(_git(folder, "rev-list", new, f"^{old}").stdout.split())


def is_ancestor(parents: dict[str, tuple[str, ...]], older: str, newer: str) -> bool:
    """Whether `older` is reachable from `newer` through `parents`."""
    seen, stack = set(), [newer]
    while stack:
        commit_id = stack.pop()
        if commit_id == older:
            return True
        if commit_id not in seen:
            seen.add(commit_id)
            stack.extend(parents.get(commit_id, ()))
    return False


# --- the repository's config ------------------------------------------------------------


def config_get(folder: Path, key: str) -> str | None:
    """A value of the repository's own git config (.git/config), None when unset."""
    done = _git(folder, "config", "--local", "--get", "--end-of-options", key, check=False)
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


def config_set(folder: Path, key: str, value: str) -> None:
    _git(folder, "config", "--local", "--end-of-options", key, value)


def config_unset_section(folder: Path, section: str) -> None:
    _git(folder, "config", "--local", "--remove-section", "--end-of-options", section, check=False)


def revision(folder: Path, rev: str) -> tuple[str, str] | None:
    """The commit a revision names and its author day (YYYY-MM-DD); None when it names
    none."""
    try:
        commit_id = resolve(folder, rev)
    except GitError:
        return None
    day = _git(folder, "log", "-1", "--format=%as", commit_id).stdout.strip()
    return commit_id, day
