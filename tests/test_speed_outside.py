"""The fast paths of issue 17 as a person meets them: a terminal that rich would draw in
ASCII or without colour, and a process whose standard output or error was closed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import terminals

BUNDLED = Path(__file__).resolve().parent.parent / "data"
VVSGPLAN = [sys.executable, "-m", "vvsgplan"]
# What a run inherits that would change how a terminal is drawn.
_DRAWING = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "COLORTERM")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DRAWING}
    env.update(TERM="xterm-256color", XDG_CACHE_HOME=str(tmp_path / "cache"), **extra)
    return env


def on_terminal(args: list[str], env: dict[str, str], cols: int = 80) -> tuple[bytes, int]:
    """What a run on the bundled plan writes on a pseudo-terminal `cols` wide, and its
    exit code."""
    code, out = terminals.on_terminal([*VVSGPLAN, "--data", str(BUNDLED), *args], env, columns=cols)
    return out, code


def test_a_latin1_terminal_gets_the_table_rich_draws_in_ascii(tmp_path: Path) -> None:
    # `when 2019` is one table of short ASCII cells: simple enough for the fast path, whose
    # rule (U+2500) a Latin-1 terminal cannot show. rich draws the box in ASCII there.
    out, code = on_terminal(["when", "2019"], _env(tmp_path, PYTHONIOENCODING="latin-1"))
    text = out.decode("latin-1")
    assert code == 0, text
    assert "Traceback" not in text
    assert "WORD" in text and "period" in text
    assert "\u2500".encode() not in out
    assert "+" in text and "|" in text  # rich's ASCII box


def test_a_terminal_rich_takes_for_colourless_gets_no_colour(tmp_path: Path) -> None:
    # On 1 September 2019 five actions of the bundled plan are overdue (due end of August
    # 2019), which a colour terminal shows in red.
    args = ["due", "--as-of", "2019-09-01"]
    coloured, code = on_terminal(args, _env(tmp_path))
    assert code == 0 and b"\x1b[31m" in coloured
    for extra in ({"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "0"}):
        out, code = on_terminal(args, _env(tmp_path, **extra))
        assert code == 0
        assert b"\x1b[" not in out, extra
        assert b"overdue" in out and "\u2500".encode() in out  # still the table's rule
    # TTY_COMPATIBLE=1 wins over an empty FORCE_COLOR, as for rich.
    out, code = on_terminal(args, _env(tmp_path, FORCE_COLOR="", TTY_COMPATIBLE="1"))
    assert code == 0 and b"\x1b[31m" in out


def _closing(*fds: int) -> Callable[[], None]:
    def close() -> None:
        for fd in fds:
            os.close(fd)

    return close


def test_a_closed_standard_output_is_one_line_and_exit_3(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*VVSGPLAN, "--data", str(BUNDLED), "list"],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        preexec_fn=_closing(1),
        check=False,
    )
    assert proc.returncode == 3
    assert proc.stderr == "vvsgplan: cannot write the output: Bad file descriptor\n"


def test_a_closed_standard_output_does_not_stop_a_report_to_a_file(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    proc = subprocess.run(
        [*VVSGPLAN, "--data", str(BUNDLED), "report", "--format", "html", "-o", str(page)],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        preexec_fn=_closing(1),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Exception ignored" not in proc.stderr
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")


def test_an_error_with_standard_error_closed_keeps_its_exit_code(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*VVSGPLAN, "--data", str(BUNDLED), "show", "Z9"],
        capture_output=False,
        stdout=subprocess.DEVNULL,
        env=_env(tmp_path),
        preexec_fn=_closing(2),
        check=False,
    )
    assert proc.returncode == 2  # an unknown id (README, "Exit codes")


def test_ctrl_c_with_standard_error_closed_is_exit_130(tmp_path: Path) -> None:
    # A git that waits, so that Ctrl-C lands while vvsgplan runs a command, not while
    # Python starts.
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    started = tmp_path / "git-started"
    git = bin_ / "git"
    git.write_text(f"#!/bin/sh\ntouch {started}\nexec sleep 30\n")
    git.chmod(0o755)
    env = _env(tmp_path, PATH=f"{bin_}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.Popen(
        [*VVSGPLAN, "--data", str(BUNDLED), "history", "A1"],
        stdout=subprocess.DEVNULL,
        env=env,
        preexec_fn=_closing(2),
    )
    for _ in range(600):  # until git runs: no time is asserted, only waited for
        if started.exists() or proc.poll() is not None:
            break
        time.sleep(0.05)
    assert started.exists(), "vvsgplan never ran git"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
