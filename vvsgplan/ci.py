"""`check`'s problems for CI: GitHub Actions annotations, and JSON for other tools."""

import json
from pathlib import Path

from vvsgplan.errors import PlanError, Problem
from vvsgplan.safe import json_text, printable


def _relative(file: str) -> str:
    """A path as CI tools want it: relative to the working directory (the repository's
    root in a CI job) when the file lies below it."""
    try:
        return Path(file).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return file


def _data(text: str) -> str:
    # GitHub's log shows terminal controls as a terminal does: they are shown as escapes
    # (a CR too, as \x0d). Its workflow commands read %, CR and LF in a message as
    # escapes: a line break stays one, and no text starts a command of its own.
    return printable(text).replace("%", "%25").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def github(error: PlanError) -> str:
    """One `::error` (or `::warning`) workflow command per problem, shown on the file's
    line in a pull request; a problem without a place (no plan found) as a plain error."""
    if not error.problems and error.text:
        return f"::error title=vvsgplan check::{_data(error.text)}\n"
    return "".join(
        f"::{p.severity} file={_property(_relative(p.file))},line={p.line},col={p.column},"
        f"title=vvsgplan check::{_data(p.message)}\n"
        for p in error.problems
    )


def problems_json(error: PlanError) -> str:
    """A list of `{"file", "line", "column", "message", "severity"}`; file, line and
    column are null for a problem without a place; severity is "error" or "warning"."""
    problems = error.problems or ([Problem("", 0, 0, error.text)] if error.text else [])
    data = [
        {
            "file": _relative(p.file) if p.file else None,
            "line": p.line or None,
            "column": p.column or None,
            "message": p.message,
            "severity": p.severity,
        }
        for p in problems
    ]
    return json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
