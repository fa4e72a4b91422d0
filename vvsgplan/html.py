"""The follow-up report as one self-contained HTML file: inline CSS, inline SVG charts
drawn from the same models as the terminal charts, no script, nothing fetched."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import date
from itertools import chain
from typing import Final, NamedTuple, TypeVar

from vvsgplan.render import Progress, Table, percent
from vvsgplan.report import Report
from vvsgplan.report_views import (
    LABELS,
    Section,
    context_facts,
    heading,
    headline,
    overall_response,
    point_label,
    progress_note,
    scope_line,
    sections,
)
from vvsgplan.safe import printable
from vvsgplan.timeline import Bar, Mark, Row, Timeline, months, note_text


def escape(text: str) -> str:
    """Text as HTML text or attribute value: markup escaped, and control characters shown
    as escapes (a browser would reorder text around a bidi override)."""
    return _markup_escaped(printable(text))


def _markup_escaped(text: str) -> str:
    # What html.escape does, without importing the html package and its entity table.
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


# Colours meet WCAG AA contrast on white; styles differ in shape too (hatching, outline).
CSS: Final = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #ccc;
  --open: #1f5fa8; --overdue: #b3261e; --done: #2e7d32; --dropped: #6b6b6b; --now: #8a5a00;
  --late-bg: #fdecea; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
h1, h2, h3 { overflow-wrap: normal; word-break: normal; hyphens: manual; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 1rem 0 0.3rem; }
table { width: 100%; border-collapse: collapse; margin: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.4rem;
  border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
.nowrap { white-space: nowrap; }
th { font-weight: 600; background: #f3f3f3; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.overdue td:first-child { border-left: 4px solid var(--overdue); }
.late { color: var(--overdue); font-weight: 700; }
.badge { display: inline-block; padding: 0 0.35rem; border: 1px solid var(--open);
  border-radius: 0.6rem; color: var(--open); font-size: 0.85em; white-space: nowrap;
  justify-self: start; align-self: start; }
.figures { max-width: 32rem; }
.tiles { list-style: none; padding: 0; margin: 0.5rem 0;
  display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: 0.6rem; }
.tile { border: 1px solid var(--line); border-left: 6px solid var(--open); padding: 0.5rem 0.7rem; }
.tile .value { display: block; font-size: 1.8rem; font-weight: 700; line-height: 1.2; }
.tile .label { display: block; color: var(--muted); }
.tile .detail { display: block; color: var(--muted); font-size: 0.85rem; }
.tile.late { border-left-color: var(--overdue); background: var(--late-bg); }
.tile.late .value { color: var(--overdue); font-size: 2.4rem; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: break-word; }
td.title, th.title { min-width: 14rem; }
blockquote { margin: 0.5rem 0; padding: 0.2rem 0 0.2rem 1rem; border-left: 4px solid var(--line); }
.bar { display: inline-block; width: 5rem; height: 0.7rem; border: 1px solid var(--done);
  vertical-align: middle; margin-right: 0.3rem; background: #fff; }
.bar span { display: block; height: 100%; background: var(--done); }
.note { color: var(--muted); }
figure { margin: 0.5rem 0; }
svg { width: 100%; height: auto; display: block; }
figure.progress { max-width: 34rem; }
.tl-narrow { display: none; }
figcaption { color: var(--muted); font-size: 0.9rem; }
.legend { display: flex; flex-wrap: wrap; gap: 0.2rem 1rem; padding: 0; list-style: none; }
.legend li { white-space: nowrap; }
.legend svg { display: inline-block; width: 1.6rem; height: 1rem; vertical-align: -0.15rem;
  margin-right: 0.3rem; }
/* A table wider than the screen (many columns, long Dutch headings) scrolls in its own
   box: the page never scrolls sideways. Print lays tables out at the page's width. */
@media screen { div.table { overflow-x: auto; } }
@media screen and (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: 0.6rem; }
  .tl-wide { display: none; }
  .tl-narrow { display: block; }
  .facts { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .facts dd { margin-bottom: 0.4rem; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  table.stack tr { display: block; padding: 0.4rem 0; border-bottom: 1px solid var(--line); }
  table.stack td { display: grid; grid-template-columns: 10.5rem minmax(0, 1fr); gap: 0.5rem;
    border: 0; padding: 0.1rem 0; text-align: left; }
  table.stack td::before { content: attr(data-label); font-weight: 600; }
  table.stack td:empty { display: none; }
  tr.overdue td:first-child { border-left: 0; }
  tr.overdue { border-left: 4px solid var(--overdue); padding-left: 0.4rem; }
}
@page { size: A4; margin: 15mm; }
@media print {
  body { font-size: 9pt; }
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  tr, .tile, figure { break-inside: avoid; }
}
"""

STYLE_COLOURS: Final = {
    "open": "var(--open)",
    "overdue": "var(--overdue)",
    "done": "var(--done)",
    "dropped": "var(--dropped)",
}


# HTML in pieces, joined once for the whole page: a page of 10,000 actions is 13 MB, and
# each copy of it costs.
Pieces = list[str]

_T = TypeVar("_T")
_K = TypeVar("_K")
_V = TypeVar("_V")


class _Memo(dict[_K, _V]):
    """What `make` gives for each key, worked out on first use."""

    def __init__(self, make: Callable[[_K], _V]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: _K) -> _V:
        found = self[key] = self.make(key)
        return found


def _table(
    headers: Sequence[str],
    columns: Sequence[Sequence[str]],
    *,
    numeric: Collection[int] = (),
    nowrap: Collection[int] = (),
    classes: Sequence[str] = (),
    css: str = "stack",
    wide: Collection[int] = (),
) -> Pieces:
    """A table of `columns`, each a column's cells as HTML (`_text_cells`), with a class
    for each row in `classes`, if any. A "stack" table is shown on a narrow screen as a
    block of labelled lines a row. `wide` columns hold text that needs room (a title)."""
    head = "".join(
        f'<th scope="col"{_class(i, numeric, nowrap, wide)}>{escape(h)}</th>'
        for i, h in enumerate(headers)
    )
    opening = [
        f'<td data-label="{escape(h)}"{_class(i, numeric, nowrap, wide)}>'
        for i, h in enumerate(headers)
    ]
    # The pieces of every row: its start, then each cell and the tags that follow it, set
    # in place column by column. A table may have many thousand rows, and a call for each
    # row costs more than all the copying.
    count = len(columns[0]) if columns else 0
    step = 2 * len(columns) + 1
    pieces = [""] * (count * step)
    start = {c: (f'<tr class="{c}">' if c else "<tr>") + opening[0] for c in {*classes, ""}}
    pieces[0::step] = [start[c] for c in classes or [""] * count]
    after = [f"</td>{tag}" for tag in opening[1:]] + ["</td></tr>"]
    for i, column in enumerate(columns):
        pieces[2 * i + 1 :: step] = column
        pieces[2 * i + 2 :: step] = [after[i]] * count
    kind = f' class="{css}"' if css else ""
    pieces.insert(0, f'<div class="table"><table{kind}><thead><tr>{head}</tr></thead><tbody>')
    pieces.append("</tbody></table></div>")
    return pieces


def _class(
    i: int, numeric: Collection[int], nowrap: Collection[int], wide: Collection[int] = ()
) -> str:
    names = (
        (["n"] if i in numeric else [])
        + (["nowrap"] if i in nowrap else [])
        + (["title"] if i in wide else [])
    )
    return f' class="{" ".join(names)}"' if names else ""


# Texts escaped together are joined by a character that no text holds once `printable`
# has shown its control characters as escapes.
_APART: Final = "\x00"


_DAY: Final = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


def _text_cells(texts: list[str]) -> list[str]:
    """Cells' texts, escaped, each day or month in them kept on one line (`_dated`)."""
    return _dated(_escaped(texts))


def _escaped(texts: list[str]) -> list[str]:
    """Texts as `escape` makes each, in one pass over them all: a page's tables hold some
    100,000 cells, and a call for each costs more than the escaping."""
    if not texts:
        return []
    if not all(map(str.isprintable, texts)):  # a line break, a control: then text by text
        texts = [printable(t) for t in texts]
    return _markup_escaped(_APART.join(texts)).split(_APART)


def _dated(texts: list[str]) -> list[str]:
    """Escaped texts with each day or month in them (2019-09-01, 2019-09) kept on one
    line: a table may wrap its text, never a date. Each distinct text that holds one is
    wrapped once: a table repeats a few hundred days over thousands of rows."""
    if "-" not in "".join(texts):  # most columns hold no date: one look at them all
        return texts
    wrapped: _Memo[str, str] = _Memo(
        lambda text: _DAY.sub(r'<span class="nowrap">\g<0></span>', text)
    )
    return [wrapped[t] if "-" in t else t for t in texts]


def _heading_text(text: str) -> str:
    """A heading's text, escaped, with each word that holds a hyphen (a date such as
    2019-09-01) kept on one line: a line may break only between words."""
    return re.sub(r"\S*-\S*", lambda m: f'<span class="nowrap">{m.group(0)}</span>', escape(text))


def _section(ident: str, title: str, body: Pieces) -> Pieces:
    heading = f'<section aria-labelledby="{ident}"><h2 id="{ident}">{_heading_text(title)}</h2>'
    return [heading, *body, "</section>"]


def _para(text: str, css: str = "") -> str:
    kind = f' class="{css}"' if css else ""
    return f"<p{kind}>{escape(text)}</p>"


def _columns(table: Table, t: dict[str, str]) -> list[list[str]]:
    """A table's cells as HTML, column by column: the text escaped, or a figure shown as
    more than text in the columns that hold one."""
    width = len(table.headers)
    values = list(chain.from_iterable(table.rows))
    texts = _escaped(values)
    columns = []
    for i, header in enumerate(table.headers):
        column, cells = values[i::width], _dated(texts[i::width])
        if header == t["overdue"]:  # a count of overdue work above 0 stands out
            cells = [
                f'<strong class="late">{c}</strong>' if v.isdigit() and int(v) > 0 else c
                for v, c in zip(column, cells, strict=True)
            ]
        elif header == t["status"]:  # work in progress as a badge
            started = t["in-progress"].lower()
            cells = [
                f'<span class="badge">{c}</span>' if v == started else c
                for v, c in zip(column, cells, strict=True)
            ]
        if Progress in map(type, column):  # a share done as a bar
            cells = [
                _progress(v.share) if isinstance(v, Progress) else c
                for v, c in zip(column, cells, strict=True)
            ]
        columns.append(cells)
    return columns


def page(report: Report, timeline: Timeline, lang: str, title: str | None) -> str:
    t = LABELS[lang]
    title_text = heading(report, lang, title)
    parts: list[Pieces] = []
    scope = scope_line(report, lang)
    if scope:
        parts.append([_para(scope, "note")])
    facts = context_facts(report, lang)
    if facts:
        body = [
            '<dl class="facts">',
            *(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts),
            "</dl>",
        ]
        overall = overall_response(report)
        if overall:
            paragraphs = "".join(_para(p) for p in overall.split("\n") if p)
            body.append(
                f"<h3>{_heading_text(t['overall'])}</h3><blockquote>{paragraphs}</blockquote>"
            )
        parts.append(_section("context", t["context"], body))
    figures = tiles(headline(report, lang))
    for section in sections(report, lang):
        parts.append(_section_pieces(section, t, figures))
    parts.append(
        _section("progress-over-time", t["progress_over_time"], [_progress_over_time(report, lang)])
    )
    parts.append(_section("timeline", t["timeline"], _timeline(timeline, t)))
    return _document(lang, title_text, parts)


# The sections whose table is a short list of figures, never stacked on a phone.
FIGURES: Final = frozenset({"summary", "slippage"})


def section_html(section: Section, t: dict[str, str], figures: str) -> str:
    """One section of a report: its intro, its table (the headline's as `figures`, its
    tiles), or what stands for an empty one, and its notes."""
    return "".join(_section_pieces(section, t, figures))


def _section_pieces(section: Section, t: dict[str, str], figures: str) -> Pieces:
    body = [_para(line) for line in section.intro]
    if section.ident == "headline":
        body.append(figures)
    elif section.table is None:
        body.append(_para(section.empty or t["none"], "note"))
    else:
        table = section.table
        headers: list[str] = list(table.headers)
        columns = _columns(table, t)
        numeric: Collection[int] = section.numeric
        nowrap: Collection[int] = section.nowrap
        if section.titled:
            # On a page the title reads best next to the number, with room to wrap.
            headers, columns = _title_second(headers), _title_second(columns)
            numeric = {i + 1 if 0 < i < len(headers) - 1 else i for i in numeric}
            nowrap = {i + 1 if 0 < i < len(headers) - 1 else i for i in nowrap}
        body += _table(
            headers,
            columns,
            numeric=numeric,
            nowrap=nowrap,
            classes=table.styles,
            css="figures" if section.ident in FIGURES else "stack",
            wide={1} if section.titled else (),
        )
    body += [_para(line, "note") for line in section.notes]
    return _section(section.ident, section.title, body)


def document(lang: str, title_text: str, parts: list[str]) -> str:
    """A whole page: its title as heading, its sections, the style sheet inline."""
    return _document(lang, title_text, [[part] for part in parts])


def _document(lang: str, title_text: str, parts: list[Pieces]) -> str:
    pieces = [
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title_text)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{_heading_text(title_text)}</h1>\n"
    ]
    for n, part in enumerate(parts):
        if n:
            pieces.append("\n")
        pieces += part
    pieces.append("\n</main>\n</body>\n</html>\n")
    return "".join(pieces)


def _title_second(row: list[_T]) -> list[_T]:
    return [row[0], row[-1], *row[1:-1]]


def tiles(figures: list[tuple[str, str, str]]) -> str:
    """Headline figures, (key, label, value), as tiles; overdue work stands out."""
    found = []
    for key, label, value in figures:
        figure, _, detail = value.partition(" (")
        late = key == "overdue" and figure != "0"
        extra = f'<span class="detail">{escape(detail.rstrip(")"))}</span>' if detail else ""
        found.append(
            f'<li class="tile {key}{" late" if late else ""}"><span class="value">{escape(figure)}</span>'
            f'<span class="label">{escape(label)}</span>{extra}</li>'
        )
    return f'<ul class="tiles">{"".join(found)}</ul>'


# --- progress over time -----------------------------------------------------------------


def _hatch(ident: str) -> str:
    """Overdue is hatched: told apart from open work by its shape as well as its colour."""
    return (
        f'<defs><pattern id="{ident}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="var(--overdue)"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>'
    )


def _progress_over_time(report: Report, lang: str) -> str:
    """One bar a month: done, open and overdue stacked, with the counts; its table is the
    text alternative."""
    t = LABELS[lang]
    points = report.progress.points if report.progress else []
    if not points:
        return _para(progress_note(report, lang) or t["none"], "note")
    labels = [point_label(p.day, n == len(points) - 1) for n, p in enumerate(points)]
    most = max(p.done + p.open + p.overdue for p in points) or 1
    row, left, bars = 22, 78, 190
    rows = []
    for n, (label, p) in enumerate(zip(labels, points, strict=True)):
        y = 8 + n * row
        rows.append(f'<text x="0" y="{y + 14}">{escape(label)}</text>')
        x = float(left)
        for kind, count in (("done", p.done), ("open", p.open), ("overdue", p.overdue)):
            width = count * bars / most
            if width:
                fill = "url(#hatch-p)" if kind == "overdue" else STYLE_COLOURS[kind]
                rows.append(
                    f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="14" fill="{fill}" '
                    f'stroke="{STYLE_COLOURS[kind]}"><title>{escape(label)}: {count} {escape(t[kind].lower())}</title></rect>'
                )
            x += width
        rows.append(
            f'<text x="{left + bars + 6}" y="{y + 14}" class="n">{p.done} · {p.open} · {p.overdue}</text>'
        )
    height = 8 + len(points) * row + 6
    alt = t["progress_alt"].format(start=labels[0], end=labels[-1])
    svg = (
        f'<svg viewBox="0 0 360 {height}" role="img" aria-labelledby="pt-title pt-desc" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">'
        f'<title id="pt-title">{escape(t["progress_over_time"])}</title><desc id="pt-desc">{escape(alt)}</desc>'
        + _hatch("hatch-p")
        + "<style>.n{fill:#1a1a1a;font-variant-numeric:tabular-nums}</style>"
        + "".join(rows)
        + "</svg>"
    )
    legend = _legend(t, ("done", "open", "overdue"), marks=False, now=None, hatch="hatch-q")
    counts = [[str(getattr(p, kind)) for p in points] for kind in ("done", "open", "overdue")]
    table = _table(
        [t["day"], t["done"], t["open"], t["overdue"]],
        [_text_cells(column) for column in (labels, *counts)],
        numeric={1, 2, 3},
        nowrap={0},
        css="",  # four short columns fit a phone
    )
    figure = f'<figure class="progress">{svg}<figcaption>{escape(alt)}</figcaption></figure>'
    return "".join([figure, legend, *table])


# --- the SVG timeline -------------------------------------------------------------------


class Layout(NamedTuple):
    """How the timeline is drawn: wide (the label beside the bar) or narrow (above it, so
    that on a phone the text is drawn at least 10 pixels high)."""

    name: str
    width: int  # of the viewBox
    label: int  # the width left of the chart
    row: int  # the height of one row
    bar: int  # the bar's offset in its row
    title: int  # characters of a group title
    year_row: int  # the top of the month letters


WIDE: Final = Layout("wide", 976, 64, 22, 5, 120, 40)
NARROW: Final = Layout("narrow", 360, 8, 32, 16, 46, 40)


def _timeline(tl: Timeline, t: dict[str, str]) -> Pieces:
    alt = t["timeline_alt"].format(
        n=len(tl.rows),
        start=tl.start.isoformat(),
        end=tl.end.isoformat(),
        as_of=tl.as_of.isoformat(),
    )
    now = tl.as_of.isoformat() if tl.start <= tl.as_of <= tl.end else None
    legend = _legend(
        t, ("open", "overdue", "done", "dropped"), marks=True, now=now, hatch="hatch-k"
    )
    rows = tl.rows
    # The texts the table and both drawings share, made once: a timeline may have many
    # thousand rows.
    labels = _escaped([r.label for r in rows])
    # A day written out costs more than looking it up: each bar's span and each
    # milestone's texts are made once.
    span_of: _Memo[Bar, str] = _Memo(
        lambda bar: f"{bar.start.isoformat()} – {bar.end.isoformat() if bar.end else '…'}"
    )
    spans = [span_of[r.bar] if r.bar else "" for r in rows]
    marks: _Memo[Mark, str] = _Memo(lambda m: f"{escape(m.label)}: {m.day.isoformat()}")
    words = {style: t[style].lower() for style in STYLE_COLOURS}
    # What the bar's and each mark's style shows, in words.
    mark_words: _Memo[Mark, str] = _Memo(
        lambda m: f"{m.label} {m.day.isoformat()} ({words[m.style]})"
    )
    table = _table(
        [t["id"], t["when"], t["status"], t["milestone"]],
        [
            _dated(labels),
            _text_cells([span or _note(r, t) for r, span in zip(rows, spans, strict=True)]),
            _text_cells([words[r.bar.style] if r.bar else "" for r in rows]),
            _text_cells(["; ".join([mark_words[m] for m in r.marks]) for r in rows]),
        ],
        nowrap={0},
    )
    return [
        "<figure>",
        *_svg(tl, t, WIDE, alt, labels, spans, marks),
        *_svg(tl, t, NARROW, alt, labels, spans, marks),
        f"<figcaption>{escape(alt)}</figcaption></figure>",
        legend,
        f"<h3>{_heading_text(t['timeline_text'])}</h3>",
        *table,
    ]


def _svg(
    tl: Timeline,
    t: dict[str, str],
    layout: Layout,
    alt: str,
    labels: list[str],
    spans: list[str],
    marks: Mapping[Mark, str],
) -> Pieces:
    """The timeline drawn in one layout: `labels` are the rows' labels escaped, `spans`
    their bars' first and last days, `marks` each milestone's title."""
    total = (tl.end - tl.start).days + 1
    chart = layout.width - layout.label - 16
    hatch = f"hatch-{layout.name[0]}"

    def x(day: date) -> float:
        return layout.label + max(0, min(total, (day - tl.start).days)) * chart / total

    # Where each day and each bar is drawn, worked out once: a timeline may have many
    # thousand rows over a few hundred distinct days.
    xs = _Memo(x)
    diamonds: _Memo[date, tuple[str, str, str]] = _Memo(
        lambda day: (f"{xs[day]:.1f}", f"{xs[day] + 7:.1f}", f"{xs[day] - 7:.1f}")
    )
    bars: _Memo[Bar, _BarShape] = _Memo(lambda bar: _bar_shape(bar, tl.end, xs, hatch))
    mark_fill = {style: "#fff" if style == "done" else c for style, c in STYLE_COLOURS.items()}
    narrow = layout.name == "narrow"
    note_x, note_width = (60, 44) if narrow else (layout.label + 4, 120)
    # The layout's measures and the chart's days, looked up once, not once a row.
    first, last, top = tl.start, tl.end, layout.year_row
    row_height, bar_offset, label_offset = layout.row, layout.bar, 12 if narrow else 15

    drawn: list[str] = []
    now_lines: list[str] = []
    # The day's line, if the chart holds the day.
    today, nx = first <= tl.as_of <= last, x(tl.as_of)
    now = f"{nx:.1f}"
    y = top
    group = None
    for row, label, span in zip(tl.rows, labels, spans, strict=True):
        if row.group != group:
            group = row.group
            title = f"{group} {tl.groups.get(group, '')}"
            drawn.append(
                f'<text x="4" y="{y + 15}" class="group">{escape(_short(title, layout.title))}</text>'
            )
            y += 22
        label_y, bar_y = y + label_offset, y + bar_offset
        text = f'<text x="4" y="{label_y}">{label}</text>'
        # The day's line runs through the rows of actions only, never a group's title, nor
        # a row's text that reaches its column (the label starts at 4; a long note on a
        # phone).
        clear = today and not 4 - 2 <= nx <= 4 + _drawn(row.label)
        bar = row.bar
        if bar is not None and bar.start <= last:
            shape = bars[bar]
            drawn.append(f"{text}{shape.rect}{bar_y}{shape.title}{label}: {span}</title></rect>")
            if shape.arrow:
                base, point, end = shape.arrow
                drawn.append(
                    f'<polygon points="{base}{bar_y - 2} {point}{bar_y + 6} {base}{bar_y + 14}{end}'
                )
        elif row.note:
            note = f"({_short(_note(row, t), note_width)})"
            drawn.append(
                f'{text}<text x="{note_x}" y="{label_y}" class="note">{escape(note)}</text>'
            )
            clear = clear and not note_x - 2 <= nx <= note_x + _drawn(note)
        else:
            drawn.append(text)
        for m in row.marks:
            if first <= m.day <= last:
                (cx, right, left), cy = diamonds[m.day], bar_y + 6
                drawn.append(
                    f'<polygon points="{cx},{cy - 9} {right},{cy} {cx},{cy + 9} {left},{cy}" '
                    f'fill="{mark_fill[m.style]}" stroke="var(--ink)" stroke-width="1.2">'
                    f"<title>{marks[m]}</title></polygon>"
                )
        if clear:
            now_lines.append(
                f'<line x1="{now}" y1="{y}" x2="{now}" y2="{y + row_height}" class="now"/>'
            )
        y += row_height
    height = y + 10
    grid = []
    per_month = chart / max(len(months(tl)), 1)
    for first in months(tl):
        gx = x(first)
        grid.append(
            f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{height - 10}" class="grid" '
            f'data-month="{first.isoformat()[:7]}"/>'
        )
        if first.month == 1 or first == tl.start:
            grid.append(f'<text x="{gx + 2:.1f}" y="14" class="axis">{first.year}</text>')
        if per_month >= 9:
            grid.append(
                f'<text x="{gx + 2:.1f}" y="{top - 10}" class="axis">{"JFMAMJJASOND"[first.month - 1]}</text>'
            )
    head = (
        f'<svg class="tl-{layout.name}" viewBox="0 0 {layout.width} {height}" role="img" '
        'aria-labelledby="tl-title tl-desc" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">'
        + (
            f'<title id="tl-title">{escape(t["timeline"])}</title><desc id="tl-desc">{escape(alt)}</desc>'
            if layout.name == "wide"
            else f"<title>{escape(t['timeline'])}</title><desc>{escape(alt)}</desc>"
        )
        + _hatch(hatch)
        + "<style>.grid{stroke:#e3e3e3}.axis{fill:#555}.group{font-weight:600}.note{fill:#555}"
        ".now{stroke:var(--now);stroke-width:2;stroke-dasharray:6 3}</style>"
    )
    return [head, *grid, *drawn, *now_lines, "</svg>"]


class _BarShape(NamedTuple):
    """A bar as SVG around the y of its row: its rectangle up to its y, then on to its
    title's text; and, when it runs on past the chart's last day, its arrow, around the
    arrow's three y."""

    rect: str
    title: str
    arrow: tuple[str, str, str] | None


def _bar_shape(bar: Bar, last: date, xs: Mapping[date, float], hatch: str) -> _BarShape:
    left = xs[bar.start]
    end = bar.end if bar.end and bar.end <= last else last
    width = max(xs[end] - left, 3)
    colour = STYLE_COLOURS[bar.style]
    fill = f"url(#{hatch})" if bar.style == "overdue" else colour
    dash = ' stroke-dasharray="4 2" fill-opacity="0.35"' if bar.style == "dropped" else ""
    arrow = None
    if bar.end is None or bar.end > last:
        base, point = f"{left + width:.1f},", f"{left + width + 8:.1f},"
        arrow = (base, point, f'" fill="{colour}"/>')
    return _BarShape(
        f'<rect x="{left:.1f}" y="',
        f'" width="{width:.1f}" height="12" fill="{fill}" stroke="{colour}"{dash}><title>',
        arrow,
    )


def _legend(
    t: dict[str, str], styles: tuple[str, ...], *, marks: bool, now: str | None, hatch: str
) -> str:
    """The key, drawn with the chart's own shapes: hatched overdue, outlined dropped,
    diamonds for milestones, the dashed line of the day."""
    items = []
    for s in styles:
        fill = f"url(#{hatch})" if s == "overdue" else STYLE_COLOURS[s]
        dash = ' stroke-dasharray="4 2" fill-opacity="0.35"' if s == "dropped" else ""
        shape = f'<rect x="1" y="3" width="22" height="10" fill="{fill}" stroke="{STYLE_COLOURS[s]}"{dash}/>'
        items.append(_key(shape, t[s].lower(), s, hatch if s == "overdue" else None))
    if marks:
        diamonds = "".join(
            f'<polygon points="{cx},2 {cx + 5},8 {cx},14 {cx - 5},8" fill="{fill}" stroke="var(--ink)"/>'
            for cx, fill in ((6, "var(--open)"), (18, "var(--overdue)"))
        )
        items.append(_key(diamonds, t["milestones"], "milestone"))
        done = '<polygon points="12,2 17,8 12,14 7,8" fill="#fff" stroke="var(--ink)"/>'
        items.append(_key(done, f"{t['milestones']}: {t['done'].lower()}", "milestone-done"))
    if now:
        line = '<line x1="12" y1="0" x2="12" y2="16" stroke="var(--now)" stroke-width="2" stroke-dasharray="6 3"/>'
        items.append(_key(line, now, "now"))
    return f'<ul class="legend">{"".join(items)}</ul>'


def _key(shape: str, label: str, kind: str, hatch: str | None = None) -> str:
    defs = _hatch(hatch) if hatch else ""
    return (
        f'<li class="key-{kind}"><svg viewBox="0 0 24 16" aria-hidden="true">{defs}{shape}</svg>'
        f"{escape(label)}</li>"
    )


def _note(row: Row, t: dict[str, str]) -> str:
    return note_text(row.note or ("no deadline", ""), t)


def _progress(share: float | None) -> str:
    width = round((share or 0) * 100)
    return (
        f'<span><span class="bar" role="img" aria-label="{percent(share)}">'
        f'<span style="width:{width}%"></span></span>{percent(share)}</span>'
    )


def _drawn(text: str) -> float:
    """How wide a text of the chart is drawn at most, in its units (12 px text; no glyph
    of the fonts it is drawn in is wider on average than 0.62 em)."""
    return len(text) * 12 * 0.62


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
