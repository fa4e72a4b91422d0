"""The deadline reader tried from the outside: texts a user could write, through
`vvsgplan when`, a plan file and the command-line options. Each text is read as the
words mean (docs/deadlines.md) or refused; never read as something else.

The expected windows come from reading the words and the rules of docs/deadlines.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run

MakePlan = Callable[..., Path]
# (kind, first day, due) as a reader means the text.
Reading = tuple[str, str | None, str | None]


def _read(text: str) -> Reading | str:
    """The reading of `vvsgplan when`, or the one line it refuses the text with."""
    result = run("when", text, "--format", "json", data=None)
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("vvsgplan: "), result.stderr
        assert result.stdout == ""
        return lines[0]
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data["kind"], data["start"], data["due"]


def _refused_or(text: str, meant: Reading) -> None:
    """`text` is refused, or reads as `meant`: never as something else."""
    got = _read(text)
    assert isinstance(got, str) or got == meant, (text, got)


def _refused(text: str) -> str:
    got = _read(text)
    assert isinstance(got, str), (text, got)
    return got


# --- a start word before alternatives ---------------------------------------------------

# docs: start words make the deadline open-ended from the first day of the date, unless
# a range follows; alternatives ("of", "or", "ou", "en") are no range.
FROM_ALTERNATIVES = [
    ("vanaf 2020 of 2021", ("open-ended", "2020-01-01", None)),
    ("vanaf juni of juli 2020", ("open-ended", "2020-06-01", None)),
    ("from June or July 2020", ("open-ended", "2020-06-01", None)),
    ("à partir de juin ou juillet 2020", ("open-ended", "2020-06-01", None)),
    ("vanaf zomer 2019 en najaar 2019", ("open-ended", "2019-06-01", None)),
    ("from summer 2019 or autumn 2019", ("open-ended", "2019-06-01", None)),
]


@pytest.mark.parametrize(
    ("text", "meant"), FROM_ALTERNATIVES, ids=[r[0] for r in FROM_ALTERNATIVES]
)
def test_a_start_word_before_alternatives_is_open_ended(text: str, meant: Reading) -> None:
    _refused_or(text, meant)


def test_a_start_word_before_a_range_still_ends() -> None:
    # docs: "vanaf 2019 tot 2020" is the range.
    assert _read("vanaf 2019 tot 2020") == ("dated", "2019-01-01", "2020-12-31")
    assert _read("from 2019 to 2020") == ("dated", "2019-01-01", "2020-12-31")


# --- a month or season without its year, joined to a whole year --------------------------

# "mei-2020" is May 2020 to a reader, never May 2019 to December 2020.
MONTH_DASH_YEAR = [
    ("mei-2020", ("dated", "2020-05-01", "2020-05-31")),
    ("mei - 2020", ("dated", "2020-05-01", "2020-05-31")),
    ("maart/2020", ("dated", "2020-03-01", "2020-03-31")),
    ("zomer-2020", ("dated", "2020-06-01", "2020-08-31")),
    ("najaar/2020", ("dated", "2020-09-01", "2020-11-30")),
    ("mai-2020", ("dated", "2020-05-01", "2020-05-31")),
    ("June-2020", ("dated", "2020-06-01", "2020-06-30")),
]


@pytest.mark.parametrize(("text", "meant"), MONTH_DASH_YEAR, ids=[r[0] for r in MONTH_DASH_YEAR])
def test_a_month_dash_year_is_that_month(text: str, meant: Reading) -> None:
    _refused_or(text, meant)


@pytest.mark.parametrize("text", ["mei tot 2020", "juni tot 2019", "november to 2021"])
def test_a_month_without_its_year_cannot_run_to_a_whole_year(text: str) -> None:
    # Which May? A range needs both its ends.
    _refused(text)


def test_a_month_dash_year_on_the_command_line() -> None:
    # --before P: due before P's first day. "mei-2020" is May 2020 or nothing.
    result = run("due", "--before", "mei-2020", "--as-of", "2019-07-05", "--format", "json")
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1
        return
    assert result.exit_code == 0, result.output
    # Zomer 2019, the bundled plan's commonest deadline, is due before May 2020.
    assert "2019-08-31" in {row["due"] for row in json.loads(result.stdout)}
