"""On a terminal, tables are drawn by rich and fit its width."""

from __future__ import annotations

import io
import os
import re

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


# --- the terminal drawn without rich is the terminal drawn by rich --------------------
#
# Simple documents (lines, tables of one-line cells that fit) are drawn by
# vvsgplan.terminal without importing rich, to keep start-up short; everything else by
# rich. What a person sees must not depend on which one drew it: the same characters in
# the same styles, at any width, for any text, and rich for all the rest.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from vvsgplan import render as render_module  # noqa: E402
from vvsgplan.render import Doc, Progress, Table, Text  # noqa: E402

# Letters and punctuation of the plan's languages, spaces, and characters that are not
# one cell wide or that rich treats specially (wide, combining, zero-width, tab, control,
# markup and emoji codes).
_CHARS = st.sampled_from(
    list("abcXYZ019 .,:;-/()'[]")
    + list("ïëéàç…’–€")
    + ["  ", "漢", "e\u0301", "\u200b", "\t", "\x1b"]
)
_TEXT = st.lists(_CHARS, max_size=40).map("".join)
_STYLE = st.sampled_from(["", "overdue", "done", "dropped"])


@st.composite
def _docs(draw: st.DrawFn) -> Doc:
    blocks: list[Text | Table] = []
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            kind = draw(st.sampled_from(["para", "h1", "h2", "note", "item", "pre"]))
            text = draw(st.one_of(_TEXT, _TEXT.map(lambda t: (t + " ") * 6)))
            blocks.append(Text(text, kind))
        else:
            columns = draw(st.integers(1, 5))
            headers = tuple(draw(st.lists(_TEXT, min_size=columns, max_size=columns)))
            if len(set(headers)) < columns:
                headers = tuple(f"H{i}" for i in range(columns))
            rows: list[tuple[str, ...]] = draw(
                st.lists(st.lists(_TEXT, min_size=columns, max_size=columns).map(tuple), max_size=6)
            )
            if draw(st.booleans()) and rows:
                rows[0] = (*rows[0][:-1], rows[0][-1] + "\nsecond line")
            if draw(st.integers(0, 9)) == 0 and rows and columns > 1:
                rows[0] = (Progress(0.5), *rows[0][1:])
            styles = [draw(_STYLE) for _ in rows]
            optional = tuple(draw(st.sets(st.sampled_from(headers[:-1]))) if columns > 1 else ())
            wrap = draw(st.integers(0, 4)) == 0
            blocks.append(Table(headers, rows, styles, optional, wrap))
    notes = draw(st.lists(_TEXT, max_size=2))
    return Doc(blocks, data=None, notes=notes)


def _cells(text: str) -> list[tuple[str, frozenset[str]]]:
    """Each character a person sees, with the SGR codes in force where it stands."""
    shown: list[tuple[str, frozenset[str]]] = []
    codes: frozenset[str] = frozenset()
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        if part.startswith("\x1b["):
            new = part[2:-1]
            codes = frozenset() if new in ("", "0") else codes | set(new.split(";"))
        else:
            shown.extend((c, codes if not c.isspace() else frozenset()) for c in part)
    return shown


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc=_docs(),
    width=st.integers(10, 120),
    term=st.sampled_from(["xterm-256color", "xterm", "unknown"]),
)
def test_what_the_terminal_shows_does_not_depend_on_who_draws_it(
    doc: Doc, width: int, term: str
) -> None:
    # Hypothesis runs many examples in one test call: the environment is set and put
    # back by hand, as a function-scoped monkeypatch would do it once only.
    saved = {name: os.environ.get(name) for name in ("COLUMNS", "TERM", "NO_COLOR")}
    os.environ.update(COLUMNS=str(width), TERM=term)
    os.environ.pop("NO_COLOR", None)
    try:
        by_rich = Terminal()
        render_module._rich(doc, by_rich)
        either = Terminal()
        render(doc, "table", either)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    assert _cells(either.getvalue()) == _cells(by_rich.getvalue())


def test_simple_documents_are_drawn_without_rich() -> None:
    """`due`, `list` and `show` on the bundled plan at 80 columns need nothing of rich,
    so a run does not import it; it draws in colour all the same."""
    import subprocess
    import sys

    code = (
        "import sys, io\n"
        "from vvsgplan.cli import main\n"
        "class T(io.StringIO):\n"
        "    def isatty(self): return True\n"
        "out = T(); sys.stdout = out\n"
        "try: main()\n"
        "except SystemExit: pass\n"
        "rich = sorted(m for m in sys.modules if m.split('.')[0] == 'rich')\n"
        "sys.__stdout__.write(repr((rich, '\\x1b[1m' in out.getvalue())))\n"
    )
    env = {**os.environ, "COLUMNS": "80", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    for args in (["due", "--before", "2020-01"], ["list"], ["show", "A3"], ["show", "4"]):
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            cwd=BUNDLED.parent,
            env={**env},
            capture_output=True,
            text=True,
            check=True,
        )
        # No module of rich, and a bold header all the same.
        assert done.stdout == "([], True)", (args, done.stdout, done.stderr)


@pytest.mark.parametrize("columns", ["0", "²", "abc"])
def test_a_columns_that_is_no_width_draws_80_wide_either_way(
    columns: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """COLUMNS of 0 or of something that is no number (the superscript two passes
    str.isdigit) is no width: 80 columns, as for a terminal of unknown size, whether
    rich draws the document (one with a progress bar) or vvsgplan does (one without)."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    long = "woord " * 40
    simple = Doc([Table(("ID", "TEXT"), [("A1", long)])], data=None)
    barred = Doc([Table(("ID", "DONE", "TEXT"), [("A1", Progress(0.5), long)])], data=None)
    for doc in (simple, barred):
        drawn = []
        for width in (columns, "80"):
            monkeypatch.setenv("COLUMNS", width)
            out = Terminal()
            render(doc, "table", out)
            drawn.append(out.getvalue())
        assert drawn[0] == drawn[1]
        assert 70 < max(len(line) for line in _strip(drawn[0]).splitlines()) <= 80
