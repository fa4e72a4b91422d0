"""The one error path: every user mistake becomes a `VvsgplanError` with an exit code."""

from collections.abc import Iterable
from typing import NamedTuple

# Exit codes, documented in the README ("Exit codes"); every other module names them.
OK = 0
PLAN_INVALID = 1
USAGE = 2
WRITE_FAILED = 3
INTERRUPTED = 130
CONFLICT = 1  # merge-driver: a conflict is left in the file for git to report


class VvsgplanError(Exception):
    """A mistake the user can fix; the CLI prints `lines()` and exits with `exit_code`."""

    exit_code = USAGE

    def lines(self) -> list[str]:
        """What the user sees on stderr, one line each."""
        return [f"vvsgplan: {self}"]


class UsageError(VvsgplanError):
    """Bad usage: an unknown id, a date that cannot be read, an unknown owner."""

    exit_code = USAGE


class Problem(NamedTuple):
    """One problem in a plan file, at a 1-based line and column. A warning is worth a
    look but does not make the plan invalid."""

    file: str
    line: int
    column: int
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        warning = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}:{self.column}: {warning}{self.message}"


class PlanError(VvsgplanError):
    """The plan is missing or invalid; carries every problem found."""

    exit_code = PLAN_INVALID

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems = problems if isinstance(problems, list) else []
        self.text = problems if isinstance(problems, str) else ""
        super().__init__(self.text or "\n".join(map(str, self.problems)))

    def lines(self) -> list[str]:
        return [f"vvsgplan: {self.text}"] if self.text else [str(p) for p in self.problems]


def closest(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices most like a mistyped word, to suggest in a message."""
    import difflib  # only when there is a mistake to explain

    return difflib.get_close_matches(word, choices, n=n, cutoff=cutoff)
