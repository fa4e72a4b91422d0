"""Real plan repositories for review tests: an origin holding the bundled plan, and clones
that people work in, each with its own author."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import BUNDLED, run


def git(folder: Path, *args: str, check: bool = True) -> str:
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stdout}{done.stderr}")
    return done.stdout + done.stderr


class Clone:
    """One person's clone: `vv` runs vvsgplan on its plan, `git` runs git in it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"

    def git(self, *args: str, check: bool = True) -> str:
        return git(self.root, *args, check=check)

    def vv(self, *args: str) -> str:
        result = run(*args, data=self.data)
        assert result.exit_code == 0, result.output
        return result.stdout

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def actions(self) -> str:
        return (self.data / "actions.yaml").read_text(encoding="utf-8")

    def write_actions(self, text: str) -> None:
        (self.data / "actions.yaml").write_text(text, encoding="utf-8")


def origin(tmp_path: Path, author: str = "Ann Peeters") -> Path:
    """A repository with the bundled plan in data/, one commit, branch main."""
    root = tmp_path / "origin"
    (root / "data").mkdir(parents=True)
    for name in ("recommendations.yaml", "actions.yaml"):
        (root / "data" / name).write_bytes((BUNDLED / name).read_bytes())
    git(root, "init", "-q", "-b", "main")
    _identity(root, author)
    # A clone may push to the branch checked out here.
    git(root, "config", "receive.denyCurrentBranch", "updateInstead")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Plan")
    return root


def clone(source: Path, dest: Path, author: str) -> Clone:
    git(source.parent, "clone", "-q", str(source), str(dest))
    _identity(dest, author)
    return Clone(dest)


def _identity(root: Path, author: str) -> None:
    git(root, "config", "user.name", author)
    git(root, "config", "user.email", author.split()[0].lower() + "@example.org")
