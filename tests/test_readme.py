"""The README cannot drift: its examples are real output, its commands are the ones CI runs.

After changing a command's output, regenerate the examples with
`UPDATE_README=1 .venv/bin/python -m pytest tests/test_readme.py`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT, run

from vvsgplan.cli import app

README = ROOT / "README.md"
# An example's output may hold a fenced block itself: then its fence is ```` or longer.
# An example may set environment variables before the command (SOURCE_DATE_EPOCH=...).
EXAMPLE = re.compile(
    r"^(?P<fence>`{3,})console\n\$ (?P<cd>cd \S+ && )?(?P<env>(?:[A-Z_]+=\S+ )*)vvsgplan "
    r"(?P<args>[^\n]*)\n(?P<output>.*?)^(?P=fence)$",
    re.S | re.M,
)
# The README's example plan with a history: the small plan of tests/test_followup.py.
EXAMPLE_PLAN = "--data example/data "
# Sections whose examples run in a folder of their own, found by vvsgplan from there:
# "Many evaluations" at the root of the portfolio of tests/portfolio.py, "Starting a plan"
# in an empty git repository, one example after the other.
PORTFOLIO_SECTION = "Many evaluations"
START_SECTION = "Starting a plan"


class Places:
    """Where each example runs: the folders of the sections that have their own."""

    def __init__(self, example: Path, portfolio: Path, start: Path) -> None:
        self.example = example
        self.folders = {PORTFOLIO_SECTION: portfolio, START_SECTION: start}


def _section(text: str, at: int) -> str:
    headings = re.findall(r"^## (.+)$", text[:at], re.M)
    return headings[-1] if headings else ""


def _output(m: re.Match[str], section: str, places: Places) -> str:
    env, args = m["env"], m["args"]
    data = None
    if args.startswith(EXAMPLE_PLAN):
        data, args = places.example, args.removeprefix(EXAMPLE_PLAN)
    variables = dict(v.split("=", 1) for v in env.split())
    folder = places.folders.get(section)
    if folder is None:
        result = run(*shlex.split(args), **({"data": data} if data else {}), env=variables)
    else:
        where = folder / m["cd"].removeprefix("cd ").removesuffix(" && ") if m["cd"] else folder
        with contextlib.chdir(where):
            result = run(*shlex.split(args), data=None, env=variables)
    assert result.exit_code == 0, result.output
    # iCalendar lines end in CRLF; the README shows them as lines.
    return result.stdout.replace("\r\n", "\n")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_followup import build_history

    return build_history(tmp_path_factory.mktemp("example"))


@pytest.fixture
def places(example: Path, tmp_path: Path) -> Places:
    from portfolio import build_portfolio, git

    start = tmp_path / "start"
    start.mkdir()
    git(start, "init", "-q", "-b", "main")
    return Places(example, build_portfolio(tmp_path / "portfolio"), start)


def test_readme_examples_are_real_output(places: Places) -> None:
    text = README.read_text(encoding="utf-8")
    examples = list(EXAMPLE.finditer(text))
    assert len(examples) >= 4
    if os.environ.get("UPDATE_README"):
        text = EXAMPLE.sub(
            lambda m: (
                f"{m['fence']}console\n$ {m['cd'] or ''}{m['env']}vvsgplan {m['args']}\n"
                f"{_output(m, _section(text, m.start()), places)}{m['fence']}"
            ),
            text,
        )
        README.write_text(text, encoding="utf-8")
        pytest.skip("README examples regenerated (UPDATE_README is set)")
    for m in examples:
        expected = _output(m, _section(text, m.start()), places)
        assert m["output"] == expected, f"README example out of date: {m['args']}"


BENCH = re.compile(r"<!-- bench -->\n(?P<body>.*?)<!-- /bench -->", re.S)


def bench_summary(results: str) -> str:
    """What the README copies of a benchmark's results: the line that says how and where
    it was measured, and the budget table."""
    machine = next(line for line in results.splitlines() if line.startswith("Measured by"))
    budget = results.split("## Budget\n", 1)[1].lstrip("\n").splitlines()
    table = itertools.takewhile(lambda line: line.startswith("|"), budget)
    return f"{machine}\n\n" + "\n".join(table) + "\n"


def _bench_summary() -> str:
    return bench_summary((ROOT / "bench" / "results.md").read_text(encoding="utf-8"))


def test_readme_states_the_latest_benchmark() -> None:
    text = README.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_README"):
        text = BENCH.sub(lambda m: f"<!-- bench -->\n{_bench_summary()}<!-- /bench -->", text)
        README.write_text(text, encoding="utf-8")
    found = BENCH.search(text)
    assert found is not None
    # The README shows what the latest run measured, a budget missed included.
    assert found["body"] == _bench_summary()


def _top_commands() -> list[str]:
    """The first two shell commands of the README: run the plan, run the tests."""
    text = README.read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.*?)\n```", text)[:2]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    run_plan, run_tests = _top_commands()
    assert run_plan.endswith("vvsgplan due --before 2020-01")
    assert "pytest" in run_tests
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert run_tests in ci.splitlines()


def test_every_command_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        documented = re.search(rf"^(### |\| )`{name}[ `]", text, re.M)
        assert documented, f"{name} has no heading or table row in the README"


def test_the_exit_codes_are_those_errors_py_names() -> None:
    """The README's table of exit codes lists each code vvsgplan/errors.py names, and
    only those; the entry point, which imports nothing before it handles Ctrl-C, exits
    with the same code for it."""
    from vvsgplan import entry, errors

    text = README.read_text(encoding="utf-8")
    table = text.split("## Exit codes\n\n", 1)[1].split("\n\n", 1)[0]
    documented = {int(line.split("|")[1]) for line in table.splitlines()[2:]}
    named = {
        value for name, value in vars(errors).items() if name.isupper() and isinstance(value, int)
    }
    assert documented == named
    assert entry.INTERRUPTED == errors.INTERRUPTED


FORMAT = re.compile(r"(<!-- format:[^\n]*-->\n)(?P<body>.*?)(<!-- /format -->)", re.S)


def test_the_format_tables_are_the_declaration() -> None:
    """The tables of "The plan files" are made from vvsgplan/fields.py."""
    from vvsgplan.fields import markdown_format

    text = README.read_text(encoding="utf-8")
    if os.environ.get("UPDATE_README"):
        text = FORMAT.sub(lambda m: f"{m[1]}\n{markdown_format()}\n{m[3]}", text)
        README.write_text(text, encoding="utf-8")
    found = FORMAT.search(text)
    assert found is not None
    assert found["body"] == f"\n{markdown_format()}\n"
    # Each table names every key of its record: one row per declared field.
    assert found["body"].count("| `id` | yes |") == 2
