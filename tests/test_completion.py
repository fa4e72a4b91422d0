"""Tab completion in real shells, typed as a person types, through tmux: the scripts that
`vvsgplan --show-completion` gives, owners that are shell code, a marker file that must
never appear, and completed commands that run."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import BUNDLED, as_json
from hostile import SHELL

BIN = Path(sys.executable).parent
VVSGPLAN = str(BIN / "vvsgplan")

# Owners that are shell code, each after a word of its own to type before Tab; the first
# action carries the owners of the report (issue 12, finding 1) as they were written.
OWNERS = {
    "Quote": 'Quote it\'s "so" `touch pwned` $(touch pwned) <(touch pwned) ; & | > *? !x ~ {a,b}',
    "Slash": "Slash\\",
    "Colon": "Colon a:b a:::b",
    **{f"Code{n}": f"Code{n} {text}" for n, text in enumerate(SHELL)},
}
ACTIONS = (
    "- id: A1\n  recommendations: [1]\n  action: The report's owners\n"
    "  owner: [x\\, <(touch pwned), y\\]\n"
    + "".join(
        f"- id: B{n}\n  recommendations: [1]\n  action: Owner {n}\n  owner: {json.dumps(owner)}\n"
        for n, owner in enumerate(OWNERS.values())
    )
)
RECOMMENDATIONS = (
    "- id: 1\n  title: One\n  response: agree\n- id: 2\n  title: Two\n  response: agree\n"
)


def _missing(*programs: str) -> list[str]:
    return [p for p in programs if shutil.which(p) is None]


class Terminal:
    """A shell in a tmux window of 200 columns."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], cwd: Path) -> None:
        self.name = name
        self.shell = command[0]
        script = " ".join(f"{k}={_q(v)}" for k, v in env.items())
        shell = " ".join(map(_q, command))
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                "200",
                "-y",
                "50",
                "-c",
                str(cwd),
                f"env -i {script} {shell}",
            ],
            check=True,
        )

    def type(self, text: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, "-l", "--", text], check=True)

    def press(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        done = subprocess.run(
            ["tmux", "capture-pane", "-p", "-J", "-t", self.name], capture_output=True, text=True
        )
        return done.stdout

    def until(self, seen: Callable[[str], bool], what: str) -> str:
        # Waiting for the shell to answer, not timing it: a slow machine only waits longer.
        for _ in range(600):
            screen = self.screen()
            if seen(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"never saw {what}:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _q(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "recommendations.yaml").write_text(RECOMMENDATIONS, encoding="utf-8")
    (data / "actions.yaml").write_text(ACTIONS, encoding="utf-8")
    return data


def _script(shell: str) -> str:
    done = subprocess.run(
        [VVSGPLAN, "--show-completion", shell],
        capture_output=True,
        text=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        check=True,
    )
    return done.stdout


def _environment(home: Path) -> dict[str, str]:
    return {
        "HOME": str(home),
        "PATH": f"{BIN}:/usr/bin:/bin",
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
    }


@pytest.fixture(params=["bash", "zsh"])
def shell(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Terminal]:
    """An interactive bash or zsh with vvsgplan's completion installed, in tmp_path."""
    name: str = request.param
    missing = _missing("tmux", name)
    if missing:
        pytest.skip(f"needs {' and '.join(missing)} (.ci/run installs them)")
    home = tmp_path / "home"
    home.mkdir()
    env = _environment(home)
    if name == "bash":
        (home / "completion.bash").write_text(_script("bash"), encoding="utf-8")
        (home / ".bashrc").write_text(f"PS1='$ '\nsource {home}/completion.bash\n")
        command = ["bash", "--noprofile", "--rcfile", str(home / ".bashrc"), "-i"]
    else:
        (home / "functions").mkdir()
        (home / "functions" / "_vvsgplan").write_text(_script("zsh"), encoding="utf-8")
        (home / ".zshrc").write_text(
            f"fpath=({home}/functions $fpath)\nautoload -Uz compinit; compinit -u\nPS1='$ '\n"
        )
        env["ZDOTDIR"] = str(home)
        command = ["zsh", "-i"]
    terminal = Terminal(f"vvsgplan-{name}-{os.getpid()}", command, env, tmp_path)
    try:
        terminal.until(lambda s: s.rstrip().endswith("$"), "the prompt")
        # zsh loads Typer's script on the first Tab, which then completes nothing.
        terminal.type("vvsgplan rep")
        terminal.press("Tab")
        for _ in range(30):
            if "vvsgplan report" in terminal.screen():
                break
            time.sleep(0.1)
        else:
            terminal.press("Tab")
        terminal.until(lambda s: "vvsgplan report" in s, "the commands completed")
        terminal.press("C-u")
        yield terminal
    finally:
        terminal.close()


def _run_line(terminal: Terminal, n: int, out: Path) -> None:
    """Finish the completed command line: its JSON into `out`, then a marker line."""
    terminal.type(f" --format json > {out}; echo END-{n}")
    terminal.press("Enter")
    terminal.until(lambda s: f"\nEND-{n}" in s, f"the end of command {n}")


def _last_line(screen: str) -> str:
    lines = [line for line in screen.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _complete(terminal: Terminal, typed: str) -> str:
    """Type `typed`, press Tab, and return the command line once the shell completed it."""
    terminal.type(typed)
    terminal.press("Tab")
    line = "$ " + typed
    return _last_line(
        terminal.until(
            lambda s: _last_line(s).startswith(line) and len(_last_line(s).rstrip()) > len(line),
            f"a completion of {typed!r}",
        )
    )


def test_a_plan_cannot_run_code_on_tab(shell: Terminal, tmp_path: Path, plan: Path) -> None:
    """Finding 1: every owner is offered and none runs; each completes to a command line
    that gives that owner, as written, to vvsgplan."""
    shell.type("vvsgplan list --owner ")
    shell.press("Tab")
    if shell.shell == "bash":  # bash lists on a second Tab, zsh on the first
        time.sleep(1)
        shell.press("Tab")
    shell.until(lambda s: "pwned" in s and "Slash" in s and "Colon" in s, "the owners offered")
    shell.press("C-u")
    for n, (word, owner) in enumerate(OWNERS.items()):
        _complete(shell, f"vvsgplan list --owner {word}")
        out = tmp_path / f"out-{n}.json"
        _run_line(shell, n, out)
        listed = json.loads(out.read_text(encoding="utf-8"))
        assert [a["owner"] for a in listed] == [[owner]], shell.screen()
    assert not list(tmp_path.rglob("pwned*")), shell.screen()


def test_owners_with_spaces_complete_to_a_command_that_runs(
    shell: Terminal, tmp_path: Path
) -> None:
    """Finding 2: the bundled owners all start with "VVSG ": Tab completes the shared
    part quoted, a second letter and Tab the owner, and the command runs."""
    shell.type(f"export VVSGPLAN_DATA={BUNDLED}")
    shell.press("Enter")
    line = _complete(shell, "vvsgplan list --owner VVSG")
    assert line.rstrip().endswith("--owner VVSG\\"), line  # "VVSG\ ": the space escaped
    shell.type("I")
    shell.press("Tab")
    shell.until(lambda s: "--owner VVSG\\ Internationaal" in _last_line(s), "VVSG Internationaal")
    out = tmp_path / "out.json"
    _run_line(shell, 0, out)
    listed = json.loads(out.read_text(encoding="utf-8"))
    assert listed == as_json("list", "--owner", "VVSG Internationaal")
    assert listed


# --- the answers, per shell -------------------------------------------------------------


def ask(plan: Path, shell: str, line: str) -> list[str]:
    """What vvsgplan answers the completion script of `shell` for `line` (the cursor at
    its end), as that script would ask."""
    words = line.split(" ")
    env = {
        **os.environ,
        "VVSGPLAN_DATA": str(plan),
        "_VVSGPLAN_COMPLETE": f"complete_{shell}",
        "COMP_WORDS": "\n".join(words),
        "COMP_CWORD": str(len(words) - 1),
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": words[-1],
    }
    done = subprocess.run([VVSGPLAN], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("command", ["done", "start", "reopen", "drop", "reschedule", "history"])
def test_commands_on_actions_offer_only_action_ids(plan: Path, command: str) -> None:
    assert ask(plan, "fish", f"vvsgplan {command} ") == [
        "A1",
        *(f"B{n}" for n in range(len(OWNERS))),
    ]


def test_show_offers_recommendations_and_actions(plan: Path) -> None:
    assert ask(plan, "fish", "vvsgplan show ") == [
        "1",
        "2",
        "A1",
        *(f"B{n}" for n in range(len(OWNERS))),
    ]


def test_fish_gets_each_value_as_a_line_of_data(plan: Path) -> None:
    """fish escapes what it inserts itself: the values come as they are, one a line."""
    assert ask(plan, "fish", "vvsgplan list --owner Slash") == ["Slash\\"]
    assert ask(plan, "fish", "vvsgplan list --owner Code4") == [OWNERS["Code4"]]


def test_powershell_gets_each_value_quoted(plan: Path) -> None:
    """PowerShell inserts the text before ":::" as it is: a single-quoted string, with a
    quote doubled, or double-quoted with backticks when the value holds "::"."""
    assert ask(plan, "powershell", "vvsgplan list --owner Code4") == [
        "'Code4 ; touch pwned; ''\"'::: "
    ]
    assert ask(plan, "powershell", "vvsgplan list --owner Colon") == ['"Colon a`:b a`:`:`:b"::: ']
    assert ask(plan, "pwsh", "vvsgplan show A") == ["A1::: "]


def test_a_file_option_leaves_the_names_to_the_shell(plan: Path) -> None:
    assert ask(plan, "bash", "vvsgplan --data da") == []
    assert ask(plan, "zsh", "vvsgplan report -o rep") == ["_files"]


def test_a_zsh_answer_never_evaluates_plan_text(plan: Path) -> None:
    """Typer's zsh script evaluates the answer: every value is one $'...' word of hex
    escapes, so no plan text is ever shell syntax there."""
    (answer,) = ask(plan, "zsh", "vvsgplan list --owner ")
    start, words, end = re.fullmatch(r"(.*\()(.*)(\);.*)", answer).groups()  # type: ignore[union-attr]
    assert start == "local -a _vvsgplan_values; _vvsgplan_values=("
    assert end == "); _describe '' _vvsgplan_values"
    values = words.split(" ")
    assert len(values) == 3 + len(OWNERS)
    assert all(re.fullmatch(r"\$'(?:[A-Za-z0-9]|\\x[0-9a-f]{2})*'", v) for v in values), values


def test_an_owner_with_a_hash_completes_as_itself(tmp_path: Path) -> None:
    """A '#' inside quotes is text, not a comment; after a space outside them it starts
    one."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "recommendations.yaml").write_text(RECOMMENDATIONS, encoding="utf-8")
    (data / "actions.yaml").write_text(
        "- id: A1\n  recommendations: [1]\n  action: A\n"
        "  owner: [\"Team #1\", 'Lab # 2', Plain] # the owners of A1\n"
        "- id: A2\n  recommendations: [1]\n  action: B\n"
        '  owner: "Desk #3"  # one owner\n'
        "- id: A3\n  recommendations: [1]\n  action: C\n"
        "  owner: Unit 4 # a comment\n",
        encoding="utf-8",
    )
    assert ask(data, "fish", "vvsgplan list --owner ") == [
        "Team #1",
        "Lab # 2",
        "Plain",
        "Desk #3",
        "Unit 4",
    ]


def test_an_option_written_with_equals_completes_its_value(shell: Terminal, tmp_path: Path) -> None:
    """`--owner=VVSG\\ I` Tab: the value after "=" completes, in bash and in zsh."""
    shell.type(f"export VVSGPLAN_DATA={BUNDLED}")
    shell.press("Enter")
    line = _complete(shell, "vvsgplan list --owner=VVSG\\ I")
    assert line.rstrip().endswith("--owner=VVSG\\ Internationaal"), line
    out = tmp_path / "out.json"
    _run_line(shell, 0, out)
    listed = json.loads(out.read_text(encoding="utf-8"))
    assert listed == as_json("list", "--owner", "VVSG Internationaal")
