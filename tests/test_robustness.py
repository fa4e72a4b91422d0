"""Nothing lost: a write killed at any moment leaves the old file or the new one, whole;
mutated plan files never make a command show a traceback or a failed `done` change a file.

The normal run keeps these short. For the long run (200 kills and more, 10,000 mutants):
    VVSGPLAN_LONG=1 .venv/bin/python -m pytest tests/test_robustness.py
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import BUNDLED, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LONG = bool(os.environ.get("VVSGPLAN_LONG"))
KILLS = 240 if LONG else 30
MUTANTS = 10_000 if LONG else 60


def copy_plan(folder: Path) -> Path:
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    for name in ("recommendations.yaml", "actions.yaml"):
        (data / name).write_bytes((BUNDLED / name).read_bytes())
    return data


def test_a_killed_write_leaves_the_old_file_or_the_new(tmp_path: Path) -> None:
    data = copy_plan(tmp_path)
    actions = data / "actions.yaml"
    old = actions.read_bytes()
    command = [
        sys.executable,
        "-m",
        "vvsgplan",
        "--data",
        str(data),
        "done",
        "A2",
        "--on",
        "2020-01-01",
    ]
    subprocess.run(command, check=True, capture_output=True)
    new = actions.read_bytes()
    assert new != old
    start = time.perf_counter()
    actions.write_bytes(old)
    subprocess.run(command, check=True, capture_output=True)
    duration = time.perf_counter() - start
    rnd = random.Random(7)
    seen = {"old": 0, "new": 0}
    for _ in range(KILLS):
        actions.write_bytes(old)
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Most kills land late in the run, where the file is written.
        time.sleep(rnd.uniform(0.3, 1.2) * duration)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = actions.read_bytes()
        assert now in (old, new)
        seen["new" if now == new else "old"] += 1
    assert seen["old"] and seen["new"], seen
    # The next change cleans up what killed writes left behind.
    actions.write_bytes(old)
    subprocess.run(command, check=True, capture_output=True)
    assert sorted(p.name for p in data.iterdir()) == ["actions.yaml", "recommendations.yaml"]


ORIGINAL = {
    name: (BUNDLED / name).read_bytes() for name in ("recommendations.yaml", "actions.yaml")
}


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    """One plan file, damaged in one to three ways."""
    name = draw(st.sampled_from(sorted(ORIGINAL)))
    data = ORIGINAL[name]
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        how = draw(st.sampled_from(["flip", "delete", "duplicate", "indent", "truncate", "swap"]))
        if how == "flip" and data:
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([data[i] ^ (1 << draw(st.integers(0, 7)))]) + data[i + 1 :]
        elif how in ("truncate", "flip"):
            data = data[: draw(st.integers(0, len(data)))]
        else:
            i = draw(st.integers(0, len(lines) - 1))
            if how == "delete":
                del lines[i]
            elif how == "duplicate":
                lines.insert(i, lines[i])
            elif how == "indent":
                stripped = lines[i].lstrip(b" ")
                lines[i] = b" " * draw(st.sampled_from([0, 1, 2, 3, 4, 6, 8])) + stripped
            else:
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
    return name, data


@settings(
    max_examples=MUTANTS,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutants())
def test_mutated_plans_never_give_a_traceback(tmp_path: Path, mutant: tuple[str, bytes]) -> None:
    name, damaged = mutant
    data = copy_plan(tmp_path / "fuzz")
    (data / name).write_bytes(damaged)
    for args in (("list",), ("check",), ("due", "--as-of", "2019-09-01")):
        result = run(*args, data=data)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "Traceback" not in result.output
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    result = run("done", "A3", "--on", "2019-08-30", data=data)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert {p.name: p.read_bytes() for p in data.iterdir()} == before
