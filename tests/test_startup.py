"""A run makes only the command it calls: the same output as the whole app gives."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from conftest import BUNDLED, run

from vvsgplan.cli import _ROOT_OPTIONS, app, command_name

VVSGPLAN = [sys.executable, "-m", "vvsgplan"]


def test_every_command_is_found_by_the_name_typer_gives_it() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    groups = {info.name for info in app.registered_groups}
    commands = sorted(name for name in group.commands if name not in groups)
    assert sorted(command_name(info) for info in app.registered_commands) == commands


def test_the_options_skipped_before_a_command_are_the_roots() -> None:
    # A root option missing here would make its runs use the whole app (slower, still
    # right); one listed wrongly as a flag would take the command for its value.
    group = typer.main.get_command(app)
    found = {
        name: not getattr(param, "is_flag", False)
        for param in group.params
        for name in param.opts
        if param.param_type_name == "option" and "completion" not in name
    }
    assert found == _ROOT_OPTIONS


@pytest.mark.parametrize(
    "args",
    [
        ["--data", str(BUNDLED), "due", "--before", "2020-01", "--as-of", "2019-09-01"],
        [f"--data={BUNDLED}", "--no-cache", "show", "4"],
        ["--no-cache", "--data", str(BUNDLED), "list", "--format", "json"],
        ["--data", str(BUNDLED), "recs", "--format", "csv"],
        ["--data", str(BUNDLED), "due", "--bogus"],  # a usage error, as the app says it
        ["--data", str(BUNDLED), "show", "99"],  # a user error
        ["--data", str(BUNDLED), "due", "--help"],
        ["--data", str(BUNDLED), "sho", "4"],  # no such command: the whole app answers
        ["--data", str(BUNDLED), "--all", "show", "4"],
        ["--data", str(BUNDLED), "-p", "x", "list"],  # no portfolio: one message
    ],
    ids=lambda args: " ".join(a.replace(str(BUNDLED), "DATA") for a in args) or "nothing",
)
def test_a_process_says_what_the_whole_app_says(args: list[str]) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    env.pop("VVSGPLAN_DATA", None)
    done = subprocess.run([*VVSGPLAN, *args], capture_output=True, text=True, env=env, check=False)
    whole = run(*args, data=None, env={"COLUMNS": "80"})
    assert (done.returncode, done.stdout, done.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


def test_a_run_starts_with_the_cycle_collector_off() -> None:
    """Start-up makes objects that live until the end and no garbage cycles: the process
    runs the command with the collector off (entry.main)."""
    script = (
        "import gc, vvsgplan.cli as cli, vvsgplan.entry as entry\n"
        "cli.main = lambda: print('collecting' if gc.isenabled() else 'not collecting')\n"
        "entry.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "not collecting\n"), done.stderr


def _plan_of(folder: Path, actions: int) -> Path:
    folder.mkdir()
    (folder / "recommendations.yaml").write_text(
        "- id: '1'\n  title: One\n  response: agree\n", encoding="utf-8"
    )
    (folder / "actions.yaml").write_text(
        "".join(
            f"- id: a{n}\n  recommendations: ['1']\n  action: Do {n}\n" for n in range(actions)
        ),
        encoding="utf-8",
    )
    return folder


def test_reading_a_large_plan_turns_the_cycle_collector_on(tmp_path: Path) -> None:
    """With the collector off since start-up, a plan of 2,000 records or more turns it on
    (what was read is frozen first): the long work such a plan brings may make cycles.
    A small plan leaves it off."""
    from vvsgplan.portfolio import LARGE, load_each, view

    small = _plan_of(tmp_path / "small", 10)
    large = _plan_of(tmp_path / "large", LARGE)
    gc.disable()
    try:
        load_each(view(small).plans)
        assert not gc.isenabled()
        load_each(view(large).plans)
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()
