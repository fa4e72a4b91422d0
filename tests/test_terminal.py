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


# --- review tables: multi-line notes, and dates and commits never cut ------------------


def _review_tables(width: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A history and a diff with a long author, a two-line note and a long deadline,
    drawn by rich at `width` columns."""
    from vvsgplan.review import Event, PlanChange
    from vvsgplan.review_views import history_doc

    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    plan = load_plan(BUNDLED)
    d3 = plan.action("D3")
    assert d3 is not None
    changes = [
        PlanChange("D3", "deadline", "Voorjaar 2020", "najaar 2020", "D3"),
        PlanChange("D3", "note added", None, "Eerste regel van de reden\nTweede regel", "D3"),
    ]
    events = [
        Event(
            "0123456789abcdef" * 2 + "01234567",
            "2019-09-02",
            "Annemie Vandenbroucke-Peeters",
            "Move",
            changes,
        )
    ]
    out = Terminal()
    render(history_doc(d3.id, events, 1), "table", out)
    return _strip(out.getvalue()).splitlines()


@pytest.mark.parametrize("width", [60, 80])
def test_history_at_narrow_widths_keeps_dates_and_commits_whole(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _review_tables(width, monkeypatch)
    assert all(len(line) <= width for line in lines)
    rows = [line for line in lines if "2019-09-02" in line]
    assert len(rows) == 2
    assert all("0123456" in row for row in rows)
    text = "\n".join(lines)
    assert "…" not in text  # nothing is cut: long values wrap in their column
    # Both lines of the note start in the same column, below each other.
    first = next(line for line in lines if "Eerste" in line)
    second = next(line for line in lines if "Tweede" in line)
    assert first.index("Eerste") == second.index("Tweede")
    # At 80 columns the change's words all fit their column, wrapped at spaces.
    if width == 80:
        for word in ("Voorjaar", "(2020-05-31)", "najaar", "(2020-11-30),", "183"):
            assert word in text.split(), word
