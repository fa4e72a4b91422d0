"""The benchmark script runs end to end and writes what it measured where it says.

At a tiny size and one pair (`--quick`), so that it stays fast: no timing is checked
here (speed is measured by bench/run.py itself, on a quiet machine), only that every
command and every budget row of issue 17 is measured and that the README's copy of the
budget table is the one in the results.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_readme import BENCH, bench_summary

COMMANDS = [
    "due",
    "list",
    "show ID",
    "recs",
    "check",
    "report",
    "report --format markdown",
    "report --format json",
    "report --format html",
    "timeline",
    "done",
    "done --dry-run",
    "reschedule",
]
# The budget rows of issue 17 (and `--help`, compared with the bare app's `--help`), by
# the words that name them, each with its budget.
BUDGETS = {
    "`due --before 2020-01` (bundled plan) / bare Typer app, piped": "≤ 1.1",
    "`show 4` / bare Typer app": "≤ 1.1",
    "`list --format json` / bare Typer app": "≤ 1.1",
    "`report --format html -o FILE` / bare Typer app": "≤ 1.1",
    "`--help` / bare Typer app's `--help`": "≤ 1.1",
    "Tab completion / bare Typer app's Tab completion": "≤ 1.05",
    "500 actions, `due --before 2020-01`, repeated run / Taskwarrior": "≤ 1",
    "500 actions, first run after a change / PyYAML's C composer alone": "≤ 0.8",
    "portfolio of 5 plans of 20 actions, repeated `due --before 2020-01` / bare Typer app": "≤ 1.5",
    "`report --format html` / `due`, 500 actions": "≤ 2",
    "`done --dry-run` / `done`, 500 actions": "≤ 1.2",
    "`due --before 2020-01` / bare Typer app, both on a terminal": "≤ 1.15",
    "growth per 10× more actions, every command": "≤ 12",
    "peak memory at 500 actions, every command": "≤ 1024",
}
NUMBER = r"\d+(\.\d+)?"


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """One quick run: its results, the README it refreshed, and vvsgplan's --help."""
    folder = tmp_path_factory.mktemp("bench")
    readme = folder / "README.md"
    readme.write_text(
        "# A README\n\n<!-- bench -->\nan old table\n<!-- /bench -->\n\nThe end.\n",
        encoding="utf-8",
    )
    results = folder / "results.md"
    before = (ROOT / "bench" / "results.md").read_bytes(), (ROOT / "README.md").read_bytes()
    done = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--results", results, "--readme", readme],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # A quick run writes only where it is told.
    after = (ROOT / "bench" / "results.md").read_bytes(), (ROOT / "README.md").read_bytes()
    assert after == before
    help_text = subprocess.run(
        [str(Path(sys.executable).parent / "vvsgplan"), "--help"],
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "COLUMNS": "200", "PATH": "/usr/bin:/bin"},
        check=True,
    ).stdout
    return (
        results.read_text(encoding="utf-8"),
        readme.read_text(encoding="utf-8"),
        help_text,
    )


def _budget_row(results: str, what: str) -> str:
    table = results.split("## Budget\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith(f"| {what}")]
    assert len(rows) == 1, f"no budget row {what!r} in:\n{table}"
    return rows[0]


def test_every_budget_row_is_measured_or_said_why_not(quick: tuple[str, str, str]) -> None:
    results, _, help_text = quick
    for what, budget in BUDGETS.items():
        row = _budget_row(results, what)
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[-2] == budget, row
        no_task = "Taskwarrior" in what and shutil.which("task") is None
        no_portfolio = "portfolio" in what and "--all" not in help_text
        skipped = no_task or no_portfolio
        if skipped:
            assert cells[1:] == ["not measured", budget, "not measured"], row
        else:
            assert re.fullmatch(NUMBER, cells[1]), row
            assert cells[-1] in ("yes", "**no**"), row


def test_a_skipped_comparison_says_why(quick: tuple[str, str, str]) -> None:
    results, _, help_text = quick
    if shutil.which("task") is None:
        assert "Taskwarrior (`task`) is not installed" in results
    else:
        assert re.search(r"Taskwarrior 2\.\d+\.\d+: the same 500 actions", results)
    if "--all" not in help_text:
        assert "the portfolio comparison was skipped" in results


def test_every_command_is_measured_at_every_size(quick: tuple[str, str, str]) -> None:
    results, _, help_text = quick
    table = results.split("## Every command at every size\n", 1)[1].split("\n## ", 1)[0]
    assert "| command | case | 50 (ms) | 500 (ms) | growth 50 → 500 | peak at 500 (MiB) |" in table
    cases = ["first run", "repeated run"] if "--no-cache" in help_text else ["every run"]
    for command in COMMANDS:
        changing = command.startswith(("done", "reschedule"))
        for case in ["fresh copy"] if changing else cases:
            row = f"| `{command}` | {case} | "
            found = [line for line in table.splitlines() if line.startswith(row)]
            assert len(found) == 1, f"{row!r} not in:\n{table}"
            cells = found[0].removeprefix(row).rstrip(" |").split(" | ")
            assert len(cells) == 4 and all(re.fullmatch(NUMBER, c) for c in cells), found


def test_the_results_say_how_they_were_measured(quick: tuple[str, str, str]) -> None:
    results, _, _ = quick
    assert results.startswith("# Benchmark results\n\nMeasured by `")
    assert "bench/run.py --quick --results " in results.splitlines()[2]
    assert "*A quick run (`--quick`)" in results
    assert "## Side by side" in results
    assert "## Where the time goes" in results


def test_the_readme_copy_is_the_results_budget_table(quick: tuple[str, str, str]) -> None:
    results, readme, _ = quick
    found = BENCH.search(readme)
    assert found is not None
    assert found["body"] == bench_summary(results)
    assert found["body"].count("\n| ") == len(BUDGETS) + 1
    assert readme.startswith("# A README\n\n<!-- bench -->\nMeasured by ")
    assert readme.endswith("<!-- /bench -->\n\nThe end.\n")


@pytest.mark.skipif(
    shutil.which("time", path="/usr/bin:/bin") is None,
    reason="GNU time (/usr/bin/time, Debian's package time) takes each command's peak",
)
def test_a_commands_peak_memory_is_its_own_not_the_harness() -> None:
    """Linux counts in a child's peak the memory of the process that started it; the
    harness holds a plan of 100,000 actions at times. Here it holds 300 MiB, and a
    Python that does nothing must still peak far below that."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import processes
    finally:
        sys.path.remove(str(ROOT / "bench"))
    ballast = bytearray(300 * 1024 * 1024)
    for at in range(0, len(ballast), 4096):  # resident, page by page
        ballast[at] = 1
    sample = processes.once(processes.Run([sys.executable, "-c", "pass"]), 0)
    assert 1024 < sample.peak_kib < 100 * 1024, sample.peak_kib
    del ballast
