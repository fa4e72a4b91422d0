"""The start-up and scale budgets of issue 17, measured side by side in one run.

    .venv/bin/python bench/run.py [--runs N] [--sizes 1000,10000,100000] [--quick]

Every ratio is measured as interleaved pairs of whole processes (A B A B ..., after a
warm-up), and is the median of the pairwise ratios, so that a slow minute of the machine
weighs on both sides alike. Each command also gets its median time and its peak memory
(the child's ru_maxrss). Like is compared with like: a command with a bare Typer app
running a command, `--help` with its `--help`, Tab completion with its Tab completion,
each piped and, for the start-up rows, on a pseudo-terminal (where rich draws) as well.
Every command runs at every size; read commands both as a repeated run (the parse cache
filled by a warm-up run) and as the first run after a change (a status flipped in
actions.yaml just before each run, outside the timing); changing commands on a fresh
copy of the plan each time. The results go to bench/results.md and the README's copy of
the budget table, between its `<!-- bench -->` markers.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate, taskwarrior_tasks  # noqa: E402
from processes import (  # noqa: E402
    BASE_ENV,
    COLUMNS,
    Pair,
    Run,
    Series,
    base_env,
    interleave,
    pair,
    ratio,
)

PY = sys.executable
# vvsgplan as a person runs it: the console script pip installs beside the interpreter.
VVSGPLAN = str(Path(PY).parent / "vvsgplan")

# The floor every start-up row is measured against: a Typer app with two commands, run
# the same way (a script with the interpreter in its first line), one of whose arguments
# Tab completes from a list, as vvsgplan's action ids do.
BARE = """\
#!{python}
from typing import Annotated

import typer

app = typer.Typer()
NAMES = ["A1", "A2", "A3", "B1", "B2", "C1"]


def _names(incomplete: str) -> list[str]:
    return [name for name in NAMES if name.startswith(incomplete)]


@app.command()
def hello(name: Annotated[str, typer.Argument(autocompletion=_names)] = "world") -> None:
    \"\"\"Say hello.\"\"\"
    print(f"hello {{name}}")


@app.command()
def bye(name: Annotated[str, typer.Argument(autocompletion=_names)] = "world") -> None:
    \"\"\"Say goodbye.\"\"\"
    print(f"bye {{name}}")


if __name__ == "__main__":
    app()
"""
# The same app run as vvsgplan runs (vvsgplan.entry): the cycle collector off, and at the
# end the output flushed, then os._exit, without Python's teardown. For what a Typer
# program can cost at the least: where the time goes, and the Taskwarrior row's floor.
BARE_QUICK_EXIT = BARE.replace(
    "    app()\n",
    "    import gc\n"
    "    import os\n"
    "    import sys\n"
    "    gc.disable()\n"
    "    try:\n"
    "        app()\n"
    "    except SystemExit as e:\n"
    "        sys.stdout.flush()\n"
    "        os._exit(e.code or 0)\n",
)
COMPOSE = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as f:\n"
    "        yaml.compose(f, Loader=yaml.CSafeLoader)\n"
)
BEFORE = "2020-01"  # `due --before 2020-01`: what is due before 2020-01-01


# --- plans and what changes them -------------------------------------------------------


class PlanFile:
    """A generated plan whose actions.yaml can be edited before a run and restored:
    a status flipped (a different action each run, so that no content comes back), or
    a fresh copy of the original for a changing command."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "actions.yaml"
        self.original = self.path.read_bytes()
        text = self.original.decode("utf-8")
        self.open_at = [m.start(1) for m in re.finditer(r"\n  status: (open)\n", text)]
        self.open_ids: list[str] = re.findall(
            r"^- id: (\S+)\n(?:  .*\n)*?  status: open\n", text, re.M
        )
        self.edits = 0

    @property
    def middle_open_id(self) -> str:
        return self.open_ids[len(self.open_ids) // 2]

    def restore(self, _number: int = 0) -> None:
        fresh = self.path.with_name(".bench-fresh")
        fresh.write_bytes(self.original)
        fresh.replace(self.path)

    def flip(self, _number: int = 0) -> None:
        """One open action becomes in-progress, as a person's text edit would make it."""
        at = self.open_at[self.edits % len(self.open_at)]
        self.edits += 1
        raw = self.original.decode("utf-8")
        self.path.write_text(raw[:at] + "in-progress" + raw[at + 4 :], encoding="utf-8")


# --- the program's features, asked of the program itself -------------------------------


@dataclass
class Features:
    cache: bool
    portfolio: bool
    help_text: str

    @classmethod
    def ask(cls) -> Features:
        help_text = subprocess.run(
            [VVSGPLAN, "--help"],
            capture_output=True,
            text=True,
            env={**BASE_ENV, "NO_COLOR": "1", "COLUMNS": "200"},
            check=True,
        ).stdout
        return cls(
            cache="--no-cache" in help_text,
            portfolio=bool(re.search(r"--all\b", help_text)),
            help_text=help_text,
        )


# --- the measurements ---------------------------------------------------------------------


READ_COMMANDS: list[tuple[str, list[str]]] = [
    ("due", ["due"]),
    ("list", ["list"]),
    ("show ID", ["show", "{id}"]),
    ("recs", ["recs"]),
    ("check", ["check"]),
    ("report", ["report"]),
    ("report --format markdown", ["report", "--format", "markdown"]),
    ("report --format json", ["report", "--format", "json"]),
    ("report --format html", ["report", "--format", "html", "-o", "{out}"]),
    ("timeline", ["timeline"]),
]
CHANGING_COMMANDS: list[tuple[str, list[str]]] = [
    ("done", ["done", "{id}", "--on", "2020-01-02"]),
    ("done --dry-run", ["done", "{id}", "--on", "2020-01-02", "--dry-run"]),
    (
        "reschedule",
        ["reschedule", "{id}", "Eind 2022", "--reason", "Uitgesteld", "--on", "2020-01-02"],
    ),
]
ALL_COMMANDS = [label for label, _ in READ_COMMANDS + CHANGING_COMMANDS]


@dataclass
class Bench:
    work: Path
    rounds: int
    scale_rounds: int
    sizes: list[int]
    quick: bool
    features: Features
    commands: set[str]
    pairs: dict[str, Pair] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # scale[(command, case)][size] = Series
    scale: dict[tuple[str, str], dict[int, Series]] = field(default_factory=dict)
    plans: dict[int, PlanFile] = field(default_factory=dict)
    time_goes: list[str] = field(default_factory=list)

    @property
    def sizes_text(self) -> str:
        return ", ".join(f"{s:,}" for s in self.sizes)

    @property
    def warm(self) -> int:
        """Warm-up rounds: one, but none in a quick run, except to fill the cache."""
        return 0 if self.quick else 1

    def pair(self, what: str, a: tuple[str, Run], b: tuple[str, Run]) -> Pair:
        return pair(what, a, b, self.rounds, self.warm)

    @property
    def reference(self) -> int:
        """The size of the 10,000-action rows (the nearest measured size in a quick run)."""
        return 10_000 if 10_000 in self.sizes else self.sizes[-1]

    def bare(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        terminal: bool = False,
        wants_output: bool = False,
    ) -> Run:
        return Run(
            [str(self.work / "bare"), *args],
            env=env or {},
            terminal=terminal,
            wants_output=wants_output,
        )

    def vvsgplan(
        self,
        *args: str,
        before: Callable[[int], None] | None = None,
        terminal: bool = False,
        env: dict[str, str] | None = None,
        wants_output: bool = False,
    ) -> Run:
        return Run(
            [VVSGPLAN, *args],
            env=env or {},
            terminal=terminal,
            before=before,
            wants_output=wants_output,
        )

    def plan(self, size: int) -> PlanFile:
        if size not in self.plans:
            folder = self.work / f"plan-{size}" / "data"
            generate(size, folder)
            self.plans[size] = PlanFile(folder)
        return self.plans[size]

    # -- start-up on the bundled plan, against the bare Typer app
    def startup(self) -> None:
        print("start-up, bundled plan / bare Typer app (piped)")
        hello = ("bare app: hello", self.bare("hello"))
        out = self.work / "report.html"
        commands = [
            ("due --before 2020-01", ["due", "--before", BEFORE], "due"),
            ("show 4", ["show", "4"], "show"),
            ("list --format json", ["list", "--format", "json"], "list"),
            (
                "report --format html -o FILE",
                ["report", "--format", "html", "-o", str(out)],
                "report",
            ),
        ]
        for label, args, key in commands:
            self.pairs[f"startup-{key}"] = self.pair(
                f"`{label}` / bare app", (label, self.vvsgplan(*args)), hello
            )
        self.pairs["help"] = self.pair(
            "`--help` / bare app's `--help`",
            ("--help", self.vvsgplan("--help")),
            ("bare app: --help", self.bare("--help")),
        )
        completion = {"COMP_CWORD": "2", "_VVSGPLAN_COMPLETE": "complete_bash"}
        self.pairs["complete"] = self.pair(
            "Tab completion / bare app's Tab completion",
            (
                "Tab: vvsgplan show A",
                self.vvsgplan(
                    env={**completion, "COMP_WORDS": "vvsgplan show A"}, wants_output=True
                ),
            ),
            (
                "bare app: Tab",
                self.bare(
                    env={
                        "COMP_CWORD": "2",
                        "_BARE_COMPLETE": "complete_bash",
                        "COMP_WORDS": "bare hello A",
                    },
                    wants_output=True,
                ),
            ),
        )
        print("start-up on a terminal (80 columns, colour)")
        self.pairs["terminal"] = self.pair(
            "`due --before 2020-01` / bare app, on a terminal",
            (
                "due --before 2020-01 (terminal)",
                self.vvsgplan("due", "--before", BEFORE, terminal=True),
            ),
            ("bare app: hello (terminal)", self.bare("hello", terminal=True)),
        )
        self.pairs["terminal-recs"] = self.pair(
            "`recs` / bare app, on a terminal",
            ("recs (terminal)", self.vvsgplan("recs", terminal=True)),
            ("bare app: hello (terminal)", self.bare("hello", terminal=True)),
        )

    # -- every command at every size
    def every_command(self) -> None:
        cases = ["first run", "repeated run"] if self.features.cache else ["every run"]
        for label, template in READ_COMMANDS:
            if label not in self.commands:
                continue
            for case in cases:
                print(f"{label}, {case}, at {self.sizes_text} actions")
                runs = []
                for size in self.sizes:
                    plan = self.plan(size)
                    args = self._fill(template, plan, size)
                    before = plan.flip if case == "first run" else None
                    runs.append(
                        (
                            f"{label} ({size:,})",
                            self.vvsgplan("--data", str(plan.folder), *args, before=before),
                        )
                    )
                warm = 1 if case == "repeated run" else self.warm
                series = interleave(runs, self.scale_rounds, warm)
                for size in self.sizes:
                    self.plan(size).restore()
                self._keep(label, case, series)
        for label, template in CHANGING_COMMANDS:
            if label not in self.commands:
                continue
            print(f"{label}, on a fresh copy each run, at {self.sizes_text} actions")
            runs = []
            for size in self.sizes:
                plan = self.plan(size)
                args = self._fill(template, plan, size)
                runs.append(
                    (
                        f"{label} ({size:,})",
                        self.vvsgplan("--data", str(plan.folder), *args, before=plan.restore),
                    )
                )
            series = interleave(runs, self.scale_rounds, self.warm)
            for size in self.sizes:
                self.plan(size).restore()
            self._keep(label, "fresh copy", series)

    def _fill(self, template: list[str], plan: PlanFile, size: int) -> list[str]:
        out = self.work / f"report-{size}.html"
        return [a.format(id=plan.middle_open_id, out=out) for a in template]

    def _keep(self, label: str, case: str, series: list[Series]) -> None:
        by_size = dict(zip(self.sizes, series, strict=True))
        self.scale[(label, case)] = by_size
        cells = "  ".join(f"{s.median_ms:8.0f} ms {s.peak_mib:5.0f} MiB" for s in series)
        print(f"    {cells}", flush=True)

    # -- at 10,000 actions
    def at_reference(self) -> None:
        size = self.reference
        plan = self.plan(size)
        data = ["--data", str(plan.folder)]
        print(f"{size:,} actions")
        due = ["due", "--before", BEFORE]
        repeated = self.vvsgplan(*data, *due)
        out = self.work / "ref-report.html"
        self.pairs["html-due"] = self.pair(
            "`report --format html` / `due`, repeated runs",
            (
                "report --format html",
                self.vvsgplan(*data, "report", "--format", "html", "-o", str(out)),
            ),
            ("due", self.vvsgplan(*data, "due")),
        )
        done = ["done", plan.middle_open_id, "--on", "2020-01-02"]
        self.pairs["dry-done"] = self.pair(
            "`done --dry-run` / `done`, fresh copies",
            ("done --dry-run", self.vvsgplan(*data, *done, "--dry-run", before=plan.restore)),
            ("done", self.vvsgplan(*data, *done, before=plan.restore)),
        )
        files = [str(plan.path)]
        self.pairs["first-compose"] = self.pair(
            "first run after a change / C composer of actions.yaml",
            ("due --before 2020-01, first run", self.vvsgplan(*data, *due, before=plan.flip)),
            ("yaml.compose, CSafeLoader", Run([PY, "-c", COMPOSE, *files], before=plan.flip)),
        )
        plan.restore()
        self.taskwarrior(size, plan, repeated)

    def taskwarrior(self, size: int, plan: PlanFile, repeated: Run) -> None:
        task = shutil.which("task")
        if task is None:
            self.notes.append(
                "Taskwarrior (`task`) is not installed: its comparison was skipped "
                "(`apt-get install taskwarrior` installs 2.6)."
            )
            print("  Taskwarrior: `task` not found, skipped")
            return
        version = subprocess.run([task, "--version"], capture_output=True, text=True).stdout.strip()
        home = self.work / "taskwarrior"
        data = home / "data"
        data.mkdir(parents=True)
        rc = home / "taskrc"
        # news.version: 2.6 otherwise says once a run that it was "recently upgraded".
        rc.write_text(f"data.location={data}\nconfirmation=off\nhooks=off\nnews.version=2.6.0\n")
        env = {"TASKRC": str(rc), "TASKDATA": str(data), "TZ": "UTC"}
        listing = subprocess.run(
            [VVSGPLAN, "--data", str(plan.folder), "list", "--format", "json"],
            capture_output=True,
            env={**BASE_ENV},
            check=True,
        ).stdout
        tasks = taskwarrior_tasks(json.loads(listing))
        source = home / "tasks.json"
        source.write_text(json.dumps(tasks), encoding="utf-8")
        subprocess.run(
            [task, "rc.confirmation=off", "rc.hooks=off", "import", str(source)],
            env={**BASE_ENV, **env},
            capture_output=True,
            check=True,
        )
        # Both must list the same rows, or the comparison says nothing.
        rows = subprocess.run(
            [*repeated.argv, "--format", "json"], capture_output=True, env=BASE_ENV, check=True
        ).stdout
        counted = subprocess.run(
            [task, "due.before:2020-01-01", "status:pending", "count"],
            capture_output=True,
            text=True,
            env={**BASE_ENV, **env},
            check=True,
        ).stdout
        if len(json.loads(rows)) != int(counted.split()[-1]):
            raise SystemExit(f"Taskwarrior lists {counted.strip()} tasks, vvsgplan {rows[:80]!r}")
        listing_run = (
            "task due.before:2020-01-01 list",
            Run([task, "due.before:2020-01-01", "list"], env=env, wants_output=True),
        )
        self.pairs["taskwarrior"] = self.pair(
            f"`due --before 2020-01`, repeated / Taskwarrior {version}",
            ("due --before 2020-01, repeated run", repeated),
            listing_run,
        )
        # The floor of that row: a Typer app that reads no plan at all, run as vvsgplan
        # runs, against the same Taskwarrior run. What is left below 1.0 is all a Typer
        # program has to read and print the plan in.
        floor = self.pair(
            f"bare Typer app run as vvsgplan runs / Taskwarrior {version}, {size:,} actions",
            (
                "bare app run as vvsgplan runs: hello",
                Run([str(self.work / "bare-quick-exit"), "hello"]),
            ),
            listing_run,
        )
        self.pairs["taskwarrior-floor"] = floor
        self.notes.append(
            f"The Taskwarrior row's floor: the bare Typer app, which reads no plan, run as "
            f"vvsgplan runs (the cycle collector off, no teardown at the end), takes "
            f"{floor.ratio:.2f} of Taskwarrior's time over the same {size:,} actions, so a "
            f"Typer program that is to stay within 1.0 has {max(0.0, 1 - floor.ratio):.0%} of "
            "Taskwarrior's time to read and print the plan in."
        )
        self.notes.append(
            f"Taskwarrior {version}: the same {size:,} actions imported as {len(tasks):,} tasks "
            "(`task import`; an action with dated milestones as a task per milestone, as "
            "`due` lists it), each due on the deadline vvsgplan reads from its `when`, done "
            f"ones completed; both list the same {int(counted.split()[-1]):,} rows. Its data "
            "folder and taskrc are its own (confirmation and hooks off)."
        )

    # -- a portfolio of plans side by side
    def portfolio(self) -> None:
        plans, actions = (5, 20) if self.quick else (100, 100)
        if not self.features.portfolio:
            self.notes.append(
                "Portfolio: this vvsgplan does not read plans side by side (`--all` is "
                "not among its options); the portfolio comparison was skipped."
            )
            print("portfolio: not supported by this vvsgplan, skipped")
            return
        root = self.work / "portfolio"
        for n in range(1, plans + 1):
            generate(actions, root / "plans" / f"plan-{n:03}" / "data", seed=2019 + n)
        print(f"portfolio of {plans} plans of {actions} actions")
        self.pairs["portfolio"] = self.pair(
            f"portfolio of {plans} x {actions}: `due --before 2020-01`, repeated / bare app",
            (
                "portfolio: due --before 2020-01",
                Run([VVSGPLAN, "due", "--before", BEFORE], cwd=root),
            ),
            ("bare app: hello", self.bare("hello")),
        )

    # -- where the time of the bundled `due` goes
    def where_time_goes(self) -> None:
        """CPU time (less disturbed by a busy machine than the clock) of processes that
        each add one thing: Python, Typer's import, Pydantic's, the bare app, `due`; and
        which imports only vvsgplan makes, from `python -X importtime`."""
        n = 1 if self.quick else max(5, min(self.rounds, 11))
        due = [VVSGPLAN, "due", "--before", BEFORE]
        bare = [str(self.work / "bare"), "hello"]
        steps = [
            ("python", [PY, "-c", "pass"]),
            ("typer", [PY, "-c", "import typer"]),
            ("pydantic", [PY, "-c", "import typer, pydantic"]),
            ("bare", bare),
            ("bare-quick-exit", [str(self.work / "bare-quick-exit"), "hello"]),
            ("due", due),
        ]
        cpu = {
            s.name: s.cpu_ms
            for s in interleave([(name, Run(argv)) for name, argv in steps], n, self.warm)
        }
        own = _importtimes([PY, *due], n)
        shared = _importtimes([PY, *bare], n)
        only: dict[str, float] = {}
        for module, ms in own.items():
            if module not in shared:
                only[_group(module)] = only.get(_group(module), 0.0) + ms
        share = cpu["due"] - cpu["bare-quick-exit"]
        body = share - sum(only.values())
        rows = [
            ("Python's own start-up (`python -c pass`)", cpu["python"]),
            ("+ Typer's import, with Click (`python -c 'import typer'`)", cpu["typer"]),
            ("+ Pydantic's import, which Typer makes to run a command", cpu["pydantic"]),
            ("the bare Typer app running a command", cpu["bare"]),
            (
                "the same, run as vvsgplan runs (the cycle collector off; at the end the "
                "output flushed, then `os._exit`: no teardown of Python's objects)",
                cpu["bare-quick-exit"],
            ),
            ("`due --before 2020-01` on the bundled plan", cpu["due"]),
            ("vvsgplan's own share: `due` less the bare app run as it runs", share),
            *((f"- of which importing {g} (importtime)", ms) for g, ms in sorted(only.items())),
            ("- of which the rest: registering its commands, the command's body", body),
        ]
        self.time_goes = [
            "| CPU time (medians) | ms |",
            "|---|---:|",
            *(f"| {what} | {ms:.0f} |" for what, ms in rows),
        ]


_GROUPS = {
    "typer": "Typer and Click",
    "click": "Typer and Click",
    "shellingham": "Typer and Click",
    "pydantic": "Pydantic",
    "pydantic_core": "Pydantic",
    "annotated_types": "Pydantic",
    "typing_inspection": "Pydantic",
    "rich": "rich",
    "markdown_it": "rich",
    "mdurl": "rich",
    "pygments": "rich",
    "yaml": "PyYAML",
    "_yaml": "PyYAML",
    "dateutil": "python-dateutil",
    "six": "python-dateutil",
    "vvsgplan": "vvsgplan's own modules",
}


def _importtimes(argv: list[str], n: int) -> dict[str, float]:
    """Each module's own import time in ms (the median of n runs of `python -X
    importtime`)."""
    runs: list[dict[str, float]] = []
    for _ in range(n):
        err = subprocess.run(
            [argv[0], "-X", "importtime", *argv[1:]],
            env={**BASE_ENV},
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stderr
        found = re.findall(r"^import time:\s+(\d+) \|\s+\d+ \| \s*(\S+)$", err, re.M)
        runs.append({name: int(us) / 1000 for us, name in found})
    modules = {m for r in runs for m in r}
    return {m: statistics.median(r.get(m, 0.0) for r in runs) for m in modules}


def _group(module: str) -> str:
    return _GROUPS.get(module.split(".")[0], "the standard library and the rest")


# --- the report ------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores; "
        f"Python {platform.python_version()}"
    )


def command_line() -> str:
    python = Path(PY)
    try:
        shown = str(python.relative_to(ROOT))
    except ValueError:
        shown = str(python)
    return " ".join(shlex.quote(a) for a in [shown, "bench/run.py", *sys.argv[1:]])


def revision() -> str:
    found = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True
    )
    return found.stdout.strip() or "unknown"


def budget_rows(b: Bench) -> list[tuple[str, float | None, str, float]]:
    """(what, measured or None, how it is shown, budget) for the budget table."""
    rows: list[tuple[str, float | None, str, float]] = []

    def add(what: str, key: str, budget: float) -> None:
        found = b.pairs.get(key)
        rows.append((what, found.ratio if found else None, "", budget))

    ref = f"{b.reference:,}"
    add("`due --before 2020-01` (bundled plan) / bare Typer app, piped", "startup-due", 1.10)
    add("`show 4` / bare Typer app", "startup-show", 1.10)
    add("`list --format json` / bare Typer app", "startup-list", 1.10)
    add("`report --format html -o FILE` / bare Typer app", "startup-report", 1.10)
    add("`--help` / bare Typer app's `--help`", "help", 1.10)
    add("Tab completion / bare Typer app's Tab completion", "complete", 1.05)
    add(f"{ref} actions, `due --before 2020-01`, repeated run / Taskwarrior", "taskwarrior", 1.0)
    add(
        f"{ref} actions, first run after a change / PyYAML's C composer alone", "first-compose", 0.8
    )
    plans = "5 plans of 20" if b.quick else "100 plans of 100"
    add(
        f"portfolio of {plans} actions, repeated `due --before 2020-01` / bare Typer app",
        "portfolio",
        1.5,
    )
    add(f"`report --format html` / `due`, {ref} actions", "html-due", 2.0)
    add(f"`done --dry-run` / `done`, {ref} actions", "dry-done", 1.2)
    add("`due --before 2020-01` / bare Typer app, both on a terminal", "terminal", 1.15)
    growths = [
        (growth, label)
        for (label, _), by in b.scale.items()
        for growth in _step_growths(by, b.sizes)
    ]
    if growths:
        growth, label = max(growths)
        rows.append(
            (f"growth per 10× more actions, every command (most: `{label}`)", growth, "", 12.0)
        )
    if b.scale:
        big = b.sizes[-1]
        peak, label = max((by[big].peak_mib, label) for (label, _), by in b.scale.items())
        rows.append(
            (
                f"peak memory at {big:,} actions, every command (most: `{label}`), MiB",
                peak,
                "mib",
                1024.0,
            )
        )
    return rows


def _step_growths(by: dict[int, Series], sizes: list[int]) -> list[float]:
    """The growth from each size to the next, per 10× more actions."""
    return [
        ratio(by[large], by[small], per=1 / math.log10(large / small))
        for small, large in itertools.pairwise(sizes)
    ]


def render(b: Bench) -> tuple[str, str]:
    """bench/results.md and the README's copy (its first line and the budget table)."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    measured_by = f"Measured by `{command_line()}` on {when} at `{revision()}`: {machine()}."
    budget = ["| what | measured | budget | met |", "|---|---:|---:|---|"]
    for what, value, kind, limit in budget_rows(b):
        if value is None:
            budget.append(f"| {what} | not measured | ≤ {limit:g} | not measured |")
            continue
        shown = f"{value:.0f}" if kind == "mib" else f"{value:.2f}"
        met = "yes" if value <= limit else "**no**"
        budget.append(f"| {what} | {shown} | ≤ {limit:g} | {met} |")
    summary = measured_by + "\n\n" + "\n".join(budget) + "\n"
    lines = [
        "# Benchmark results",
        "",
        measured_by,
        "",
        "Whole processes, bytecode compiled as an installed package has it. Every ratio is "
        f"the median of the ratios of {b.rounds} pairs run one after the other (A B A B ..., "
        f"after {b.warm} warm-up pair{'s' * (b.warm != 1)}); the growth per 10× the median over "
        f"{b.scale_rounds} rounds of every size in turn. Times are medians, memory the "
        "largest ru_maxrss. Piped unless said: stdout a pipe; on a terminal: a "
        f"pseudo-terminal of {COLUMNS} columns, TERM=xterm-256color, no NO_COLOR.",
    ]
    if b.quick:
        lines += ["", "*A quick run (`--quick`): small sizes and few pairs, not for the record.*"]
    lines += ["", "## Budget", "", *budget, ""]
    lines += [
        "## Side by side",
        "",
        "| A / B | A (ms) | B (ms) | A / B | A peak (MiB) | B peak (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for p in b.pairs.values():
        lines.append(
            f"| {p.a.name} / {p.b.name} | {p.a.median_ms:.0f} | {p.b.median_ms:.0f} "
            f"| {p.ratio:.2f} | {p.a.peak_mib:.0f} | {p.b.peak_mib:.0f} |"
        )
    if b.scale:
        sizes = b.sizes
        head = " | ".join(f"{s:,} (ms)" for s in sizes)
        steps = " | ".join(f"{a:,} → {c:,}" for a, c in itertools.pairwise(sizes))
        lines += [
            "",
            "## Every command at every size",
            "",
            "First run: one status flipped in actions.yaml before each run (outside the "
            "timing), so that the plan is read anew; repeated run: the plan unchanged since "
            "the warm-up run; fresh copy: a changing command on the original file, restored "
            "before each run. Growth is per 10× more actions.",
            "",
            f"| command | case | {head} | growth {steps} | peak at {sizes[-1]:,} (MiB) |",
            "|---|---|" + "---:|" * (len(sizes) + len(sizes) - 1 + 1),
        ]
        for (label, case), by in b.scale.items():
            times = " | ".join(f"{by[s].median_ms:.0f}" for s in sizes)
            growth = " | ".join(f"{g:.1f}" for g in _step_growths(by, sizes))
            lines.append(
                f"| `{label}` | {case} | {times} | {growth} | {by[sizes[-1]].peak_mib:.0f} |"
            )
    if b.time_goes:
        lines += [
            "",
            "## Where the time goes",
            "",
            "CPU time of whole processes, each adding one thing to the one before; the "
            "imports only vvsgplan makes (not the bare app) from `python -X importtime`, "
            "each module's own time in the group of its package (importtime adds a little).",
            "",
            *b.time_goes,
        ]
    notes = [
        *b.notes,
        "The `--help` budget is the start-up budget: issue 17 names none of its own.",
    ]
    lines += ["", "## Notes", "", *(f"- {n}" for n in notes)]
    return "\n".join(lines) + "\n", summary


BENCH_MARKERS = re.compile(r"(<!-- bench -->\n).*?(<!-- /bench -->)", re.S)


def refresh_readme(readme: Path, summary: str) -> None:
    text = readme.read_text(encoding="utf-8")
    if not BENCH_MARKERS.search(text):
        raise SystemExit(f"{readme}: no <!-- bench --> ... <!-- /bench --> markers")
    readme.write_text(BENCH_MARKERS.sub(lambda m: m[1] + summary + m[2], text), encoding="utf-8")


# --- main -------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, help="pairs per ratio (default 11; 1 with --quick)")
    parser.add_argument("--sizes", help="plan sizes in actions (default 1000,10000,100000)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="sizes 50,500, one pair, a small portfolio; writes no file unless told",
    )
    parser.add_argument(
        "--commands",
        help="of every command at every size, only these (comma-separated): "
        + ", ".join(ALL_COMMANDS),
    )
    parser.add_argument(
        "--results", type=Path, help="where to write the results [bench/results.md]"
    )
    parser.add_argument("--readme", type=Path, help="the README whose copy to refresh [README.md]")
    args = parser.parse_args(argv)
    unknown = set(args.commands.split(",") if args.commands else []) - set(ALL_COMMANDS)
    if unknown:
        parser.error(f"--commands: unknown {', '.join(sorted(unknown))}")
    if not Path(VVSGPLAN).exists():
        raise SystemExit(f"{VVSGPLAN} not found: install vvsgplan first (pip install -e .)")
    rounds = args.runs or (1 if args.quick else 11)
    sizes = sorted(
        int(s) for s in (args.sizes or ("50,500" if args.quick else "1000,10000,100000")).split(",")
    )
    results = args.results or (None if args.quick else HERE / "results.md")
    readme = args.readme or (None if args.quick else ROOT / "README.md")
    # An installed package has its bytecode; an editable one writes it on first import.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "vvsgplan")], check=True)
    work = Path(tempfile.mkdtemp(prefix="vvsgplan-bench-"))
    try:
        BASE_ENV.clear()
        BASE_ENV.update(base_env(work / "cache"))
        bare = work / "bare"
        bare.write_text(BARE.format(python=PY), encoding="utf-8")
        bare.chmod(0o755)
        quick_exit = work / "bare-quick-exit"
        quick_exit.write_text(BARE_QUICK_EXIT.format(python=PY), encoding="utf-8")
        quick_exit.chmod(0o755)
        features = Features.ask()
        if not features.cache:
            print("this vvsgplan has no parse cache: every run reads the plan anew")
        bench = Bench(
            work=work,
            rounds=rounds,
            scale_rounds=1 if args.quick else max(3, rounds // 2),
            sizes=sizes,
            quick=args.quick,
            features=features,
            commands=set(args.commands.split(",") if args.commands else ALL_COMMANDS),
        )
        bench.startup()
        bench.at_reference()
        bench.portfolio()
        bench.every_command()
        bench.where_time_goes()
        text, summary = render(bench)
        print()
        print(text)
        if results is not None:
            results.write_text(text, encoding="utf-8")
        if readme is not None:
            refresh_readme(readme, summary)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
