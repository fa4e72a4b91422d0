"""The one renderer: a `Doc` of headings, paragraphs and tables, written as a table
(rich on a terminal, plain text otherwise), markdown, CSV or JSON."""

import os
import sys
from collections.abc import Callable, Sequence
from typing import IO, Any, Final, NamedTuple

from vvsgplan.safe import code_fence, csv_cell, json_text, markdown, printable


class Text(NamedTuple):
    text: str
    # h1, h2, para, note; item (a line of a list: consecutive items stay together) or
    # pre (preformatted lines, such as a text chart)
    kind: str = "para"


def percent(share: float | None) -> str:
    return "-" if share is None else f"{round(share * 100)}%"


class Progress(str):
    """A table cell that is a share done: a bar and a percentage (rich's bar on a
    terminal, a bar of block characters in plain text and markdown)."""

    share: float | None

    def __new__(cls, share: float | None) -> "Progress":
        cell = super().__new__(cls, percent(share))
        cell.share = share
        return cell

    def as_text(self, width: int = 10) -> str:
        filled = round((self.share or 0) * width)
        return "█" * filled + "░" * (width - filled) + " " + self


def _text(cell: str) -> str:
    return cell.as_text() if isinstance(cell, Progress) else cell


class Table(NamedTuple):
    headers: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    # Per row: "overdue", "done" or "": how a terminal colours it.
    styles: Sequence[str] = ()
    # Columns a narrow terminal may leave out, least needed first; the last column is
    # the free text, cut to the width that is left.
    optional: tuple[str, ...] = ()
    # Whether the free text wraps onto more lines instead of being cut (what a reviewer
    # must read whole).
    wrap: bool = False


class Chart(NamedTuple):
    """A timeline, drawn to the width of the output when it is rendered."""

    timeline: Any
    width: int | None = None  # None: the terminal's width, or 80 when piped
    labels: dict[str, str] | None = None  # its words in another language [English]


Block = Text | Table | Chart


class Doc(NamedTuple):
    blocks: Sequence[Block]
    # What --format json writes, and the table --format csv writes; either may be a
    # function that makes it, so that a long list is not laid out in every format.
    data: object
    csv: "Table | Callable[[], Table] | None" = None
    notes: Sequence[str] = ()  # footers, after everything else


def use_rich(stream: IO[str]) -> bool:
    """Colour and boxes only on a terminal, and never when NO_COLOR is set."""
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def render(doc: Doc, fmt: str, stream: IO[str] | None = None) -> None:
    """Write `doc` in format `fmt`; each format neutralises what it would act on in the
    plan's text (vvsgplan.safe)."""
    out = stream or sys.stdout
    if out is None:
        # Python gives no sys.stdout when standard output was closed (`vvsgplan list >&-`):
        # the output cannot be written, which cli.main reports as such.
        import errno

        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    if fmt == "json":
        import json  # imported by the formats that use it, to keep start-up short

        data = doc.data() if callable(doc.data) else doc.data
        out.write(json_text(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    elif fmt == "csv":
        made = doc.csv() if callable(doc.csv) else doc.csv
        table = made or next((b for b in doc.blocks if isinstance(b, Table)), None)
        if table is not None:
            import csv

            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(table.headers)
            writer.writerows([[csv_cell(_text(c)) for c in row] for row in table.rows])
    elif fmt == "markdown":
        out.write(_markdown(doc))
    elif use_rich(out):
        from vvsgplan.terminal import draw

        # Not on a terminal that cannot show the box and the ellipsis (a Latin-1 or ASCII
        # locale): rich draws ASCII there, as it reads the encoding the same way.
        unicode = (getattr(out, "encoding", None) or "utf-8").lower().startswith("utf")
        drawn = draw(doc) if unicode else None
        if drawn is None:
            _rich(doc, out)
        else:
            out.write(drawn)
    else:
        out.write(_plain(doc))


def _printable(table: Table) -> Table:
    """The table with control characters in its cells made visible (a progress cell is
    the renderer's own)."""
    if _all_text(table.rows).isprintable():  # nearly every table: one test for all its cells
        return table
    rows = [
        row
        if "".join(row).isprintable()
        else tuple(c if isinstance(c, Progress) else printable(c) for c in row)
        for row in table.rows
    ]
    return table._replace(rows=rows)


def _all_text(rows: Sequence[Sequence[str]]) -> str:
    return "".join(map("".join, rows))


def _plain(doc: Doc) -> str:
    parts: list[str] = []
    previous: Block | None = None
    for block in doc.blocks:
        if _continues(previous, block):
            parts[-1] += "\n- " + printable(block.text)  # type: ignore[union-attr]
            continue
        previous = block
        if isinstance(block, Text) and block.kind == "item":
            parts.append("- " + printable(block.text))
        elif isinstance(block, Table):
            parts.append(_plain_table(_printable(block)))
        elif isinstance(block, Chart):
            lines = _chart(block, plain=True, width=block.width or _width_of_terminal())
            parts.append("\n".join("".join(text for text, _ in line).rstrip() for line in lines))
        else:
            parts.append(printable(block.text))
    parts.extend(map(printable, doc.notes))
    return "\n\n".join(p for p in parts if p) + "\n"


def _continues(previous: "Block | None", block: "Block") -> bool:
    """Whether `block` is the next line of a list that `previous` belongs to."""
    return (
        isinstance(block, Text)
        and block.kind == "item"
        and isinstance(previous, Text)
        and previous.kind == "item"
    )


def _plain_table(table: Table) -> str:
    if not table.rows:
        return ""
    texts = [tuple(map(_text, row)) for row in (table.headers, *table.rows)]
    if "\n" not in _all_text(texts):  # each row one line: laid out at once
        widths = [max(map(len, column)) for column in zip(*texts, strict=True)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        return "\n".join([line.format(*row).rstrip() for row in texts])
    # A cell of several lines (a note) takes as many lines, the other cells blank below.
    rows = [[c.split("\n") for c in row] for row in texts]
    widths = [max(len(line) for cell in col for line in cell) for col in zip(*rows, strict=True)]
    lines = []
    for row in rows:
        for n in range(max(len(cell) for cell in row)):
            cells = [
                (c[n] if n < len(c) else "").ljust(w) for c, w in zip(row, widths, strict=True)
            ]
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _cell(text: str) -> str:
    return markdown(text, inline=True).replace("\n", "<br>")


def _chart(chart: Chart, *, plain: bool, width: int) -> list[list[tuple[str, str]]]:
    from vvsgplan.timeline import draw

    lines = draw(chart.timeline, width, plain=plain, labels=chart.labels)
    return [[(printable(text), style) for text, style in line] for line in lines]


def _width_of_terminal() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def _markdown(doc: Doc) -> str:
    parts: list[str] = []
    previous: Block | None = None
    for block in doc.blocks:
        if _continues(previous, block):
            parts[-1] += "\n" + _item(block.text)  # type: ignore[union-attr]
            continue
        previous = block
        if isinstance(block, Chart):
            drawn = _chart(block, plain=True, width=block.width or 100)
            text = "\n".join("".join(t for t, _ in line).rstrip() for line in drawn)
            fence = code_fence(text)
            parts.append(f"{fence}text\n{text}\n{fence}")
        elif isinstance(block, Table):
            if block.rows:
                lines = ["| " + " | ".join(_cell(h) for h in block.headers) + " |"]
                lines.append("|" + "---|" * len(block.headers))
                lines += [
                    "| " + " | ".join(_cell(_text(c)) for c in row) + " |" for row in block.rows
                ]
                parts.append("\n".join(lines))
        elif block.kind in ("h1", "h2"):
            heading = markdown(" ".join(block.text.split()), inline=True)
            parts.append(("# " if block.kind == "h1" else "## ") + heading)
        elif block.kind == "note":
            parts.append(_emphasis(block.text))
        elif block.kind == "item":
            parts.append(_item(block.text))
        elif block.kind == "pre":
            fence = code_fence(block.text)
            parts.append(f"{fence}text\n{printable(block.text)}\n{fence}")
        else:
            parts.append(markdown(block.text).replace("\n", "\n\n"))
    parts.extend(map(_emphasis, doc.notes))
    return "\n\n".join(p for p in parts if p) + "\n"


def _item(text: str) -> str:
    """A line of a markdown list: the text inline, on one line."""
    return "- " + markdown(text, inline=True).replace("\n", " ")


def _emphasis(text: str) -> str:
    return f"*{markdown(' '.join(text.split()), inline=True)}*"


_CHART_STYLES: Final = {
    "open": "blue",
    "overdue": "bold red",
    "done": "green",
    "dropped": "dim",
    "now": "yellow",
    "group": "bold",
    "note": "dim",
    "axis": "dim",
}
_ROW_STYLES: Final = {"overdue": "red", "done": "green", "dropped": "dim"}


def _width(table: Table) -> int:
    """What every column but the last takes on a terminal: its widest cell, one space of
    padding on either side and one of separator, and the two edges of the box."""
    return sum(w + 3 for w in _widths(table)[:-1]) + 4


def _spaced(table: Table, header: str) -> bool:
    """Whether a column has cells of several words."""
    i = table.headers.index(header)
    return any(" " in _text(row[i]) for row in table.rows)


def _widths(table: Table) -> list[int]:
    """The widest line of each column."""
    columns = zip(table.headers, *table.rows, strict=True)
    return [max(len(line) for c in column for line in _text(c).split("\n")) for column in columns]


def _fit(table: Table, width: int) -> Table:
    """Leave out optional columns until the free text has 30 characters."""
    for name in table.optional:
        if width - _width(table) >= 30:
            break
        i = table.headers.index(name)
        table = table._replace(
            headers=table.headers[:i] + table.headers[i + 1 :],
            rows=[row[:i] + row[i + 1 :] for row in table.rows],
        )
    return table


def _rich_progress(cell: Progress) -> Any:
    from rich.progress_bar import ProgressBar
    from rich.table import Table as RichTable

    grid = RichTable.grid(padding=(0, 1))
    grid.add_row(ProgressBar(total=1.0, completed=cell.share or 0, width=10), _plain_text(cell))
    return grid


def _plain_text(text: str, style: str = "") -> Any:
    """Text that rich shows as it is: never read as markup or emoji codes."""
    from rich.text import Text as RichText

    return RichText(str(text), style=style)


def _rich(doc: Doc, out: IO[str]) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text as RichText

    # Plan text is never markup ("[link=...]") or an emoji code (":warning:"): every
    # string is given as a Text, and the console reads no markup or emoji besides.
    from vvsgplan.terminal import width as terminal_width

    # The width is the one the drawing without rich takes (vvsgplan.terminal). A height
    # given too keeps rich from reading COLUMNS itself (one of "²" would end it); rich
    # uses the height only for pagers and live displays, which vvsgplan has none of.
    console = Console(
        file=out,
        width=terminal_width(),
        height=25,
        highlight=False,
        markup=False,
        emoji=False,
    )
    blocks = list(doc.blocks)
    for n, block in enumerate(blocks):
        if isinstance(block, Chart):
            width = block.width or console.width
            for line in _chart(block, plain=False, width=width):
                text = RichText(no_wrap=True, overflow="crop")
                for part, style in line:
                    text.append(part, style=_CHART_STYLES.get(style, ""))
                console.print(text)
            console.print()
        elif isinstance(block, Table):
            if not block.rows:
                continue
            block = _fit(_printable(block), console.width)
            table = RichTable(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False)
            *others, last = block.headers
            for header, widest in zip(others, _widths(block), strict=False):
                # Short cells of one word (dates, ids, commits, states) are never cut, nor
                # a column of single words up to an id's length (PLAN/ID in a portfolio);
                # in a table that wraps, the others wrap to leave the free text room.
                spaced = _spaced(block, header)
                short = (widest <= 12 or (widest <= 40 and not spaced)) and not (
                    block.wrap and spaced
                )
                table.add_column(
                    header,
                    no_wrap=short or not block.wrap,
                    overflow="fold" if block.wrap else "ellipsis",
                    min_width=widest if short else None,
                )
            room = console.width - _width(block)
            if block.wrap:
                table.add_column(last, overflow="fold")
            else:
                table.add_column(last, no_wrap=True, overflow="ellipsis", max_width=max(room, 20))
            styles = list(block.styles) or [""] * len(block.rows)
            for row, style in zip(block.rows, styles, strict=True):
                cells = [
                    _rich_progress(c) if isinstance(c, Progress) else _plain_text(c) for c in row
                ]
                table.add_row(*cells, style=_ROW_STYLES.get(style))
            console.print(table)
        else:
            text_style = {"h1": "bold underline", "h2": "bold", "note": "dim"}.get(block.kind, "")
            shown = "- " + block.text if block.kind == "item" else block.text
            text = _plain_text(printable(shown), text_style)
            text.no_wrap = block.kind == "pre"
            console.print(text)
            if not (n + 1 < len(blocks) and _continues(block, blocks[n + 1])):
                console.print()
    for note in doc.notes:
        console.print(_plain_text(printable(note), "dim"))
