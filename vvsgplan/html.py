"""The follow-up report as one self-contained HTML file: inline CSS, an inline SVG
timeline drawn from the same model as the terminal chart, no script, nothing fetched."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from html import escape
from typing import Final

from vvsgplan.render import Progress, percent
from vvsgplan.report import Report
from vvsgplan.report_views import LABELS, heading, sections
from vvsgplan.timeline import Row, Timeline, months

# Colours meet WCAG AA contrast on white; styles differ in shape too (hatching, outline).
CSS: Final = """
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #ccc;
  --open: #1f5fa8; --overdue: #b3261e; --done: #2e7d32; --dropped: #6b6b6b; --now: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: #fff; }
main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid var(--line); }
table { width: 100%; border-collapse: collapse; margin: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.4rem;
  border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
.nowrap { white-space: nowrap; }
th { font-weight: 600; background: #f3f3f3; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.overdue td:first-child { border-left: 4px solid var(--overdue); }
.figures { max-width: 32rem; }
.bar { display: inline-block; width: 5rem; height: 0.7rem; border: 1px solid var(--done);
  vertical-align: middle; margin-right: 0.3rem; background: #fff; }
.bar span { display: block; height: 100%; background: var(--done); }
.note { color: var(--muted); }
figure { margin: 0.5rem 0; }
svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.9rem; }
.legend span { margin-right: 1rem; white-space: nowrap; }
.swatch { display: inline-block; width: 1.2rem; height: 0.6rem; margin-right: 0.3rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: 0.6rem; }
  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); }
  table.stack tr { display: block; padding: 0.4rem 0; border-bottom: 1px solid var(--line); }
  table.stack td { display: grid; grid-template-columns: 9rem 1fr; gap: 0.5rem;
    border: 0; padding: 0.1rem 0; text-align: left; }
  table.stack td::before { content: attr(data-label); font-weight: 600; }
  tr.overdue td:first-child { border-left: 0; }
  tr.overdue { border-left: 4px solid var(--overdue); padding-left: 0.4rem; }
}
@page { size: A4; margin: 15mm; }
@media print {
  body { font-size: 9pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr { break-inside: avoid; }
  details { display: block; }
  details > summary { display: none; }
}
"""

STYLE_COLOURS: Final = {
    "open": "var(--open)",
    "overdue": "var(--overdue)",
    "done": "var(--done)",
    "dropped": "var(--dropped)",
}


class Raw(str):
    """A cell that is already HTML."""


def _table(
    headers: list[str],
    rows: list[list[str]],
    *,
    numeric: Collection[int] = (),
    nowrap: Collection[int] = (),
    classes: list[str] | None = None,
    stack: bool = True,
) -> str:
    """A table; with `stack`, a narrow screen shows each row as a block of labelled lines."""
    head = "".join(
        f'<th scope="col"{_class(i, numeric, nowrap)}>{escape(h)}</th>'
        for i, h in enumerate(headers)
    )
    body = []
    for n, row in enumerate(rows):
        css = f' class="{classes[n]}"' if classes and classes[n] else ""
        cells = "".join(
            f'<td data-label="{escape(headers[i])}"{_class(i, numeric, nowrap)}>'
            f"{c if isinstance(c, Raw) else escape(c)}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr{css}>{cells}</tr>")
    kind = ' class="stack"' if stack else ""
    return f"<table{kind}><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _class(i: int, numeric: Collection[int], nowrap: Collection[int]) -> str:
    names = (["n"] if i in numeric else []) + (["nowrap"] if i in nowrap else [])
    return f' class="{" ".join(names)}"' if names else ""


def _section(ident: str, title: str, body: str) -> str:
    return (
        f'<section aria-labelledby="{ident}"><h2 id="{ident}">{escape(title)}</h2>{body}</section>'
    )


def page(report: Report, timeline: Timeline, lang: str, title: str | None) -> str:
    t = LABELS[lang]
    title_text = heading(report, lang, title)
    parts = []
    for section in sections(report, lang):
        if section.table is None:
            body = f'<p class="note">{escape(t["none"])}</p>'
        else:
            table = section.table
            body = _table(
                list(table.headers),
                [
                    [Raw(_progress(c.share)) if isinstance(c, Progress) else c for c in row]
                    for row in table.rows
                ],
                numeric=section.numeric,
                nowrap=section.nowrap,
                classes=list(table.styles) or None,
                stack=section.ident != "summary",
            )
            if section.ident == "summary":
                body = body.replace("<table>", '<table class="figures">', 1)
        parts.append(_section(section.ident, section.title, body))
    parts.append(_section("timeline", t["timeline"], _timeline(timeline, t)))
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title_text)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(title_text)}</h1>\n" + "\n".join(parts) + "\n</main>\n</body>\n</html>\n"
    )


# --- the SVG timeline -----------------------------------------------------------------

ROW: Final = 22
LABEL: Final = 64
CHART: Final = 896
TOP: Final = 40


def _timeline(tl: Timeline, t: dict[str, str]) -> str:
    total = (tl.end - tl.start).days + 1

    def x(day: date) -> float:
        return LABEL + max(0, min(total, (day - tl.start).days)) * CHART / total

    rows: list[str] = []
    y = TOP
    group = None
    for row in tl.rows:
        if row.group != group:
            group = row.group
            title = f"{group} {tl.groups.get(group, '')}"
            rows.append(
                f'<text x="4" y="{y + 15}" class="group">{escape(_short(title, 120))}</text>'
            )
            y += ROW
        rows.append(f'<text x="4" y="{y + 15}">{escape(row.label)}</text>')
        if row.bar is not None and row.bar.start <= tl.end:
            left = x(row.bar.start)
            end = row.bar.end if row.bar.end and row.bar.end <= tl.end else tl.end
            width = max(x(end) - left, 3)
            fill = "url(#hatch)" if row.bar.style == "overdue" else STYLE_COLOURS[row.bar.style]
            dash = (
                ' stroke-dasharray="4 2" fill-opacity="0.35"' if row.bar.style == "dropped" else ""
            )
            rows.append(
                f'<rect x="{left:.1f}" y="{y + 5}" width="{width:.1f}" height="12" fill="{fill}" '
                f'stroke="{STYLE_COLOURS[row.bar.style]}"{dash}><title>{escape(row.label)}: '
                f"{row.bar.start.isoformat()} – {row.bar.end.isoformat() if row.bar.end else '…'}</title></rect>"
            )
            if row.bar.end is None or row.bar.end > tl.end:
                tip = left + width
                rows.append(
                    f'<polygon points="{tip:.1f},{y + 3} {tip + 8:.1f},{y + 11} {tip:.1f},{y + 19}" '
                    f'fill="{STYLE_COLOURS[row.bar.style]}"/>'
                )
        elif row.note:
            rows.append(
                f'<text x="{LABEL + 4}" y="{y + 15}" class="note">({escape(_note(row, t))})</text>'
            )
        for m in row.marks:
            if tl.start <= m.day <= tl.end:
                cx = x(m.day)
                fill = "#fff" if m.style == "done" else STYLE_COLOURS[m.style]
                rows.append(
                    f'<polygon points="{cx:.1f},{y + 2} {cx + 7:.1f},{y + 11} {cx:.1f},{y + 20} {cx - 7:.1f},{y + 11}" '
                    f'fill="{fill}" stroke="var(--ink)" stroke-width="1.2"><title>{escape(m.label)}: '
                    f"{m.day.isoformat()}</title></polygon>"
                )
        y += ROW
    height = y + 10
    grid = []
    for first in months(tl):
        gx = x(first)
        grid.append(
            f'<line x1="{gx:.1f}" y1="{TOP - 6}" x2="{gx:.1f}" y2="{height - 10}" class="grid"/>'
        )
        if first.month == 1 or first == tl.start:
            grid.append(f'<text x="{gx + 2:.1f}" y="14" class="axis">{first.year}</text>')
        grid.append(
            f'<text x="{gx + 2:.1f}" y="{TOP - 10}" class="axis">{"JFMAMJJASOND"[first.month - 1]}</text>'
        )
    now = ""
    if tl.start <= tl.as_of <= tl.end:
        nx = x(tl.as_of)
        now = (
            f'<line x1="{nx:.1f}" y1="{TOP - 24}" x2="{nx:.1f}" y2="{height - 10}" stroke="var(--now)" '
            f'stroke-width="2" stroke-dasharray="6 3"/>'
        )
    alt = t["timeline_alt"].format(
        n=len(tl.rows),
        start=tl.start.isoformat(),
        end=tl.end.isoformat(),
        as_of=tl.as_of.isoformat(),
    )
    svg = (
        f'<svg viewBox="0 0 {LABEL + CHART + 16} {height}" role="img" aria-labelledby="tl-title tl-desc" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">'
        f'<title id="tl-title">{escape(t["timeline"])}</title><desc id="tl-desc">{escape(alt)}</desc>'
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="var(--overdue)"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>'
        "<style>.grid{stroke:#e3e3e3}.axis{fill:#555}.group{font-weight:600}.note{fill:#555}</style>"
        + "".join(grid)
        + now
        + "".join(rows)
        + "</svg>"
    )
    legend = "".join(
        f'<span><span class="swatch" style="background:{STYLE_COLOURS[s]}"></span>{escape(t[s])}</span>'
        for s in ("open", "overdue", "done", "dropped")
    )
    text_rows = [
        [
            row.label,
            f"{row.bar.start.isoformat()} – {row.bar.end.isoformat() if row.bar and row.bar.end else '…'}"
            if row.bar
            else _note(row, t),
            "; ".join(f"{m.label} {m.day.isoformat()}" for m in row.marks),
        ]
        for row in tl.rows
    ]
    details = (
        f"<details><summary>{escape(t['timeline'])}: {escape(t['actions'].lower())}</summary>"
        + _table([t["id"], t["when"], t["milestone"]], text_rows)
        + "</details>"
    )
    return f'<figure>{svg}<figcaption>{escape(alt)}</figcaption></figure><p class="legend">{legend}</p>{details}'


def _note(row: Row, t: dict[str, str]) -> str:
    kind, when = row.note or ("no deadline", "")
    return ": ".join(p for p in (t.get(kind, kind), when) if p)


def _progress(share: float | None) -> str:
    width = round((share or 0) * 100)
    return (
        f'<span><span class="bar" role="img" aria-label="{percent(share)}">'
        f'<span style="width:{width}%"></span></span>{percent(share)}</span>'
    )


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
