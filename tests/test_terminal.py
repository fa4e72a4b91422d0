"""On a terminal, tables are drawn by rich and fit its width."""

from __future__ import annotations

import io

import pytest
from conftest import BUNDLED

from vvsgplan.load import load_plan
from vvsgplan.query import due
from vvsgplan.render import render
from vvsgplan.views import due_list


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("width", [80, 120, 160])
def test_due_fits_the_terminal(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    from datetime import date

    plan = load_plan(BUNDLED)
    out = Terminal()
    render(due_list(due(plan, as_of=date(2019, 9, 1)), date(2019, 9, 1)), "table", out)
    text = out.getvalue()
    assert "\x1b[" in text  # colour: overdue rows are red
    plain = _strip(text)
    assert all(len(line) <= width for line in plain.splitlines())
    for action_id in ("A3", "C4", "D2"):
        assert f" {action_id} " in plain
    assert "[Selectie]" in plain


def test_no_color_gives_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = Terminal()
    plan = load_plan(BUNDLED)
    from datetime import date

    render(due_list(due(plan, as_of=date(2019, 9, 1)), date(2019, 9, 1)), "table", out)
    assert "\x1b[" not in out.getvalue()
    assert out.getvalue().startswith("DUE         STATE    ID")


def _strip(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)
