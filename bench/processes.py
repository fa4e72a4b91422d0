"""Whole processes, timed: piped or on a pseudo-terminal, in interleaved rounds.

A run is timed from its start to its exit (os.wait4, which also gives its CPU time),
with its output drained as it comes, as a pipe or a terminal reader would. Its peak
memory is taken by GNU time, which starts it with a fork of its own: Linux counts in a
process's peak the memory of the process that started it, and the harness is large
once it has made a plan of 100,000 actions (without GNU time, the figure is that bound).
Rounds interleave the processes compared (A B A B ...), so that a busy moment of the
machine weighs on both; a ratio is the median of the ratios within each round.
"""

from __future__ import annotations

import fcntl
import math
import os
import pty
import selectors
import shlex
import shutil
import statistics
import struct
import subprocess
import tempfile
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024  # ru_maxrss is in KiB on Linux
COLUMNS = 80  # the terminal's width, and COLUMNS for piped runs

# --- running one process ----------------------------------------------------------------


@dataclass
class Run:
    """One way to run a process: what, where, piped or on a terminal, and what to do
    before each run outside the timing (given the run's number)."""

    argv: list[str]
    cwd: Path = ROOT
    env: dict[str, str] = field(default_factory=dict)
    terminal: bool = False
    before: Callable[[int], None] | None = None
    wants_output: bool = False  # an empty answer means the comparison is void


@dataclass
class Sample:
    seconds: float
    peak_kib: int
    cpu: float
    output: bytes


BASE_ENV: dict[str, str] = {}
# GNU time, which reports the peak memory of the command alone (see above), or None.
TIME = shutil.which("time", path="/usr/bin:/bin")


def base_env(cache: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "VVSGPLAN_DATA")
        and not k.startswith(("VVSGPLAN_", "_VVSGPLAN", "PYTHONDONTWRITE", "TASK"))
    }
    env.update(
        TERM="xterm-256color",
        COLUMNS=str(COLUMNS),
        LINES="50",
        XDG_CACHE_HOME=str(cache),  # the bench's own parse cache, empty at the start
    )
    return env


def once(run: Run, number: int) -> Sample:
    if run.before is not None:
        run.before(number)
    env = {**BASE_ENV, **run.env}
    argv = run.argv
    if TIME is not None:
        fd, peak_file = tempfile.mkstemp(prefix="vvsgplan-bench-peak-")
        os.close(fd)
        argv = [TIME, "-f", "%M", "-o", peak_file, *argv]
    start = time.perf_counter()
    if run.terminal:
        master, slave = pty.openpty()
        _window(slave)
        proc = subprocess.Popen(
            argv,
            cwd=run.cwd,
            env=env,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            start_new_session=True,
        )
        os.close(slave)
        output = _drain([master])
        os.close(master)
    else:
        proc = subprocess.Popen(
            argv,
            cwd=run.cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        assert proc.stdout is not None
        output = _drain([proc.stdout.fileno()])
        proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    peak = usage.ru_maxrss
    if TIME is not None:
        # GNU time's last line is its %M, after a line on a failed command, if any.
        kept = Path(peak_file)
        peak = int(kept.read_text().split()[-1])
        kept.unlink()
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    if code != 0 or (run.wants_output and not output.strip()):
        shown = " ".join(shlex.quote(a) for a in run.argv)
        said = output[-2000:].decode(errors="replace")
        raise SystemExit(f"{shown} (in {run.cwd}) exited {code}:\n{said}")
    return Sample(elapsed, peak, usage.ru_utime + usage.ru_stime, output[-4000:])


def _window(fd: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, COLUMNS, 0, 0))


def _drain(fds: list[int]) -> bytes:
    """Read every fd to its end (a terminal's master ends with EIO once the child has
    gone), keeping the last of the output."""
    kept = bytearray()
    with selectors.DefaultSelector() as selector:
        for fd in fds:
            selector.register(fd, selectors.EVENT_READ)
        open_fds = len(fds)
        while open_fds:
            for key, _ in selector.select():
                try:
                    chunk = os.read(key.fd, 1 << 16)
                except OSError:
                    chunk = b""
                if not chunk:
                    selector.unregister(key.fd)
                    open_fds -= 1
                    continue
                kept += chunk
                if len(kept) > 1 << 16:
                    del kept[: len(kept) - (1 << 15)]
    return bytes(kept)


# --- interleaved series ---------------------------------------------------------------


@dataclass
class Series:
    name: str
    samples: list[Sample]

    @property
    def median_ms(self) -> float:
        return statistics.median(s.seconds for s in self.samples) * 1000

    @property
    def peak_mib(self) -> float:
        return max(s.peak_kib for s in self.samples) / MIB

    @property
    def cpu_ms(self) -> float:
        return statistics.median(s.cpu for s in self.samples) * 1000


def interleave(runs: Sequence[tuple[str, Run]], rounds: int, warm: int = 1) -> list[Series]:
    """Run each in turn, round after round (A B C A B C ...), after `warm` rounds that
    are not counted."""
    for n in range(warm):
        for _, run in runs:
            once(run, -1 - n)
    series = [Series(name, []) for name, _ in runs]
    for n in range(rounds):
        for s, (_, run) in zip(series, runs, strict=True):
            s.samples.append(once(run, n))
    return series


def ratio(a: Series, b: Series, per: float = 1.0) -> float:
    """The median of the ratios of the runs made one after the other; `per` turns a
    ratio between sizes f apart into one per 10x (f ** per)."""
    pairs = [x.seconds / y.seconds for x, y in zip(a.samples, b.samples, strict=True)]
    return math.pow(statistics.median(pairs), per)


@dataclass
class Pair:
    what: str
    a: Series
    b: Series

    @property
    def ratio(self) -> float:
        return ratio(self.a, self.b)


def pair(what: str, a: tuple[str, Run], b: tuple[str, Run], rounds: int, warm: int = 1) -> Pair:
    sa, sb = interleave([a, b], rounds, warm)
    found = Pair(what, sa, sb)
    print(
        f"  {what:<58} {sa.median_ms:7.0f} / {sb.median_ms:7.0f} ms  = {found.ratio:.2f}",
        flush=True,
    )
    return found
