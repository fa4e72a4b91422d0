"""Simple documents on a terminal, drawn as rich draws them but without importing rich.

Importing rich costs about as much as the rest of a command's start-up, and most of what
people print on a terminal is simple: lines that fit its width, and tables of one-line
cells whose columns fit side by side. For such a document `draw` returns exactly the
characters rich would put on the screen, in the same styles (tests/test_terminal.py
holds the two side by side over many documents); for anything else (a line or a table
that must be wrapped or squeezed, a chart, a progress bar, a character that is not one
cell wide) it returns None and rich draws the document.
"""

import os
import re
from typing import Final

from vvsgplan.render import (
    _ROW_STYLES,
    Doc,
    Table,
    Text,
    _continues,
    _fit,
    _printable,
    _widths,
)
from vvsgplan.safe import printable

# The SGR codes of the styles these documents use, as rich writes them.
_SGR: Final = {"bold": "1", "dim": "2", "underline": "4", "red": "31", "green": "32"}
_TEXT_STYLES: Final = {"h1": "bold underline", "h2": "bold", "note": "dim"}
_RULE: Final = "─"  # the line under a table's header (rich's box.SIMPLE_HEAD)


def width() -> int:
    """The terminal's width as rich finds it: COLUMNS when it is a number, else the size
    of standard input, output or error, else 80 (also for a width of 0). Both drawings
    take it from here, so they never disagree on it."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit():
        return int(columns) or 80
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def _colour() -> bool:
    """Whether rich takes a terminal for one that shows colour: TTY_COMPATIBLE=0 says it
    does not, and an empty FORCE_COLOR does too unless TTY_COMPATIBLE=1 says otherwise."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    return os.environ.get("FORCE_COLOR") != ""


def _one_cell(text: str) -> bool:
    """Whether every character of `text` takes one cell: Latin letters, digits,
    punctuation, and the general punctuation block (dashes, quotes, the ellipsis); no tab
    or other control character, which rich would expand or drop."""
    return text.isprintable() and all(
        c < "\u0300" or "\u2010" <= c <= "\u2027" or "\u2030" <= c <= "\u205e" for c in text
    )


def draw(doc: Doc) -> str | None:
    """The document as rich would draw it on this terminal, or None if it is not simple."""
    if os.environ.get("TERM", "").strip().lower() in ("dumb", "unknown"):
        return None  # rich draws these 80 columns wide and without colour
    if not _colour():
        return None  # rich draws these without colour
    cols = width()
    parts: list[str] = []
    blocks = list(doc.blocks)
    for n, block in enumerate(blocks):
        if isinstance(block, Table):
            if not block.rows:
                continue
            table = _table(_fit(_printable(block), cols), cols)
            if table is None:
                return None
            parts.append(table)
        elif isinstance(block, Text):
            if block.kind == "pre":
                return None  # rich cuts preformatted lines at the edge instead of wrapping
            shown = "- " + block.text if block.kind == "item" else block.text
            line = _line(printable(shown), _TEXT_STYLES.get(block.kind, ""), cols)
            if line is None:
                return None
            parts.append(line)
            if not (n + 1 < len(blocks) and _continues(block, blocks[n + 1])):
                parts.append("\n")
        else:
            return None
    for note in doc.notes:
        line = _line(printable(note), "dim", cols)
        if line is None:
            return None
        parts.append(line)
    return "".join(parts)


def _paint(text: str, style: str | None) -> str:
    if not style or not text:
        return text
    codes = ";".join(_SGR[s] for s in style.split())
    return f"\x1b[{codes}m{text}\x1b[0m"


def _line(text: str, style: str, cols: int) -> str | None:
    if not all(_one_cell(line) for line in text.split("\n")):
        return None
    lines = [part for line in text.split("\n") for part in _wrap(line, cols)]
    return "".join(_paint(line, style) + "\n" for line in lines)


_WORD: Final = re.compile(r"\s*\S+\s*")  # a word and the spaces around it, as rich splits


def _wrap(line: str, cols: int) -> list[str]:
    """The line broken into lines of `cols` characters as rich breaks it: between
    words, a word longer than a line folded, spaces beyond the width dropped."""
    breaks: list[int] = []
    offset = 0
    for word in _WORD.finditer(line):
        start, text = word.start(), word.group()
        length = len(text.rstrip())
        if cols - offset >= length:
            offset += len(text)
        elif length > cols:
            chunks = [text[i : i + cols] for i in range(0, len(text), cols)]
            for chunk in chunks[:-1]:
                if start:
                    breaks.append(start)
                start += len(chunk)
            if start:
                breaks.append(start)
            offset = len(chunks[-1])
        elif offset and start:
            breaks.append(start)
            offset = len(text)
    pieces = [line[a:b] for a, b in zip([0, *breaks], [*breaks, len(line)], strict=True)]
    shown = []
    for piece in pieces:
        if len(piece) > cols:
            trailing = len(piece) - len(piece.rstrip())
            piece = piece[: len(piece) - min(trailing, len(piece) - cols)]
        shown.append(piece[:cols])
    return shown


def _table(table: Table, cols: int) -> str | None:
    """A table that needs neither wrapping nor squeezing: each column as wide as its
    widest cell, the last cut with an ellipsis to the room that is left."""
    if table.wrap or any(not isinstance(h, str) for h in table.headers):
        return None
    for row in (table.headers, *table.rows):
        for cell in row:
            if type(cell) is not str or "\n" in cell or not _one_cell(cell):
                return None  # a progress bar, a note of several lines, a wide character
    *others, last_width = _widths(table)
    if not last_width:
        return None  # rich gives an empty column a cell of its own
    edges = 2 + len(table.headers) - 1  # the box's two edges and a divider between columns
    room = cols - (sum(w + 3 for w in others) + 4)
    last_width = min(last_width, max(room, 20))
    # Padding: one space inside each divider, none at the table's own edges.
    padded = [w + 1 for w in others[:1]] + [w + 2 for w in others[1:]]
    padded += [last_width + 1 if others else last_width]
    if sum(padded) > cols - edges:
        return None  # rich would squeeze the columns; let it
    widths = [*others, last_width]

    def row_line(cells: tuple[str, ...], style: str | None) -> str:
        shown = []
        for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            if len(cell) > w:
                cell = cell[: w - 1] + "…"
            left = "" if i == 0 else " "
            right = "" if i == len(widths) - 1 else " "
            shown.append(_paint(left + cell.ljust(w) + right, style))
        return " " + " ".join(shown) + " \n"

    total = sum(padded) + edges
    lines = [" " * total + "\n", row_line(table.headers, "bold")]
    lines.append(" " + _RULE * (total - 2) + " \n")
    styles = list(table.styles) or [""] * len(table.rows)
    for cells, style in zip(table.rows, styles, strict=True):
        lines.append(row_line(cells, _ROW_STYLES.get(style)))
    lines.append(" " * total + "\n")
    return "".join(lines)
