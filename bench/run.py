"""The startup and scale budget, measured side by side in one run.

    .venv/bin/python bench/run.py [--runs N] [--sizes 1000,10000,100000]

Times whole processes (after a warm-up run, the median and the spread of N runs) of
vvsgplan's commands next to the reference floors (`python -c pass`, a bare Typer app,
loading the same YAML with the C loader alone), prints the medians and the budget's
ratios, and writes them to bench/results.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PY = sys.executable
VVSGPLAN = [PY, "-m", "vvsgplan"]
HELLO = """
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    print(f"hello {name}")


app()
"""
C_LOAD = (
    "import sys, yaml\n"
    "for name in sys.argv[1:]:\n"
    "    with open(name, encoding='utf-8') as f:\n"
    "        yaml.load(f, Loader=yaml.CSafeLoader)\n"
)


class Timing:
    def __init__(self, name: str, seconds: list[float], peak_kib: int) -> None:
        self.name = name
        self.seconds = seconds
        self.peak_kib = peak_kib

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def spread(self) -> str:
        return f"{min(self.seconds) * 1000:.0f}-{max(self.seconds) * 1000:.0f}"


def _once(command: Sequence[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        said = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed: {said}")
    return elapsed, usage.ru_maxrss


def measure(
    name: str,
    command: Sequence[str],
    runs: int,
    *,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    before_each: object = None,
) -> Timing:
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    seconds = []
    peak = 0
    for n in range(runs + 1):  # the first run warms the caches and is not counted
        if callable(before_each):
            before_each()
        elapsed, rss = _once(command, full_env, cwd)
        if n:
            seconds.append(elapsed)
            peak = max(peak, rss)
    timing = Timing(name, seconds, peak)
    print(f"  {name:<44} {timing.median * 1000:8.0f} ms  ({timing.spread})", flush=True)
    return timing


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = args.runs
    # An installed package has its bytecode; an editable one gets it on first import,
    # unless PYTHONDONTWRITEBYTECODE is set. Compile it, so that every run measures the same.
    subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "vvsgplan")], check=True)
    work = Path(tempfile.mkdtemp(prefix="vvsgplan-bench-"))
    try:
        hello = work / "hello.py"
        hello.write_text(HELLO)
        bundled = ROOT / "data"
        t: dict[str, Timing] = {}
        print("floors and startup")
        t["python"] = measure("python -c pass", [PY, "-c", "pass"], runs)
        t["hello"] = measure("bare Typer app", [PY, str(hello)], runs)
        t["help"] = measure("vvsgplan --help", [*VVSGPLAN, "--help"], runs)
        t["due-bundled"] = measure(
            "vvsgplan due --before 2020-01 (bundled plan)",
            [*VVSGPLAN, "--data", str(bundled), "due", "--before", "2020-01"],
            runs,
        )
        t["complete"] = measure(
            "Tab completion of an action id",
            VVSGPLAN,
            runs,
            env={
                "_VVSGPLAN_COMPLETE": "complete_bash",
                "COMP_WORDS": "vvsgplan show A",
                "COMP_CWORD": "2",
                "VVSGPLAN_DATA": str(bundled),
            },
        )
        for size in sizes:
            folder = work / f"plan-{size}" / "data"
            generate(size, folder)
            files = [str(folder / "recommendations.yaml"), str(folder / "actions.yaml")]
            original = (folder / "actions.yaml").read_bytes()
            few = max(3, runs // 3) if size >= 100_000 else runs
            print(f"{size:,} actions")
            data = ["--data", str(folder)]
            t[f"cload-{size}"] = measure("yaml.load, C loader", [PY, "-c", C_LOAD, *files], few)
            t[f"due-{size}"] = measure("due", [*VVSGPLAN, *data, "due"], few)
            listing = [*VVSGPLAN, *data, "list", "--format", "json"]
            t[f"list-{size}"] = measure("list --format json", listing, few)
            t[f"check-{size}"] = measure("check", [*VVSGPLAN, *data, "check"], few)

            def restore(folder: Path = folder, original: bytes = original) -> None:
                (folder / "actions.yaml").write_bytes(original)

            done = [*VVSGPLAN, *data, "done", "A2", "--on", "2020-01-01"]
            t[f"done-{size}"] = measure("done", done, few, before_each=restore)
            restore()
        report(t, sizes)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(t: dict[str, Timing], sizes: list[int]) -> None:
    def ratio(a: str, b: str) -> float:
        return t[a].median / t[b].median

    checks = [
        ("`due --before 2020-01` (bundled) / bare Typer app", ratio("due-bundled", "hello"), 1.3),
        ("`--help` / bare Typer app", ratio("help", "hello"), 1.2),
        ("Tab completion / bare Typer app", ratio("complete", "hello"), 1.3),
    ]
    if 10_000 in sizes:
        checks += [
            ("10,000 actions: `due` / C loader", ratio("due-10000", "cload-10000"), 2.0),
            ("10,000 actions: `done` / C loader", ratio("done-10000", "cload-10000"), 2.5),
        ]
    if 10_000 in sizes and 100_000 in sizes:
        for command in ("due", "list", "check", "done"):
            growth = ratio(f"{command}-100000", f"{command}-10000")
            checks.append((f"`{command}`: 100,000 / 10,000 actions", growth, 12.0))
        peak = max(t[f"{c}-100000"].peak_kib for c in ("due", "list", "check", "done")) / 1024
        checks.append(("100,000 actions: peak memory (MiB)", peak, 1024.0))
    lines = [
        "# Benchmark results",
        "",
        f"Measured by `.venv/bin/python bench/run.py` on {time.strftime('%Y-%m-%d')}: {machine()}.",
        "Whole processes; each median of several runs after a warm-up, with the range.",
        "",
        "| what | median (ms) | range (ms) | peak memory (MiB) |",
        "|---|---:|---:|---:|",
    ]
    for timing in t.values():
        lines.append(
            f"| {timing.name} ({_size_of(timing, t)}) | {timing.median * 1000:.0f} "
            f"| {timing.spread} | {timing.peak_kib / 1024:.0f} |"
        )
    lines += ["", "## Budget", "", "| ratio | measured | budget | met |", "|---|---:|---:|---|"]
    for name, value, budget in checks:
        met = "yes" if value <= budget else "**no**"
        lines.append(f"| {name} | {value:.2f} | ≤ {budget:g} | {met} |")
    text = "\n".join(lines) + "\n"
    (HERE / "results.md").write_text(text, encoding="utf-8")
    print()
    print(text)


def _size_of(timing: Timing, t: dict[str, Timing]) -> str:
    key = next(k for k, v in t.items() if v is timing)
    size = key.rsplit("-", 1)[-1]
    return f"{int(size):,} actions" if size.isdigit() else "startup"


if __name__ == "__main__":
    main()
