"""The plan over time: one row per action, its deadline window as a bar and its
milestones as marks. The terminal chart (`draw`) and the report's SVG are both drawn
from this one model."""

from collections.abc import Callable
from datetime import date, timedelta
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from vvsgplan.deadline import days_in
from vvsgplan.model import Action, Plan
from vvsgplan.query import deadline_of, milestones, place


class Bar(NamedTuple):
    start: date
    end: date | None  # None: no fixed end, it runs off the right edge
    style: str


class Mark(NamedTuple):
    day: date
    style: str
    label: str


class Row(NamedTuple):
    group: str  # the action's lead recommendation
    label: str  # the action id
    bar: Bar | None
    marks: list[Mark]
    # What stands in place of a bar: the deadline's kind ("event", "open-ended"),
    # "unreadable" or "no deadline", and its `when` text.
    note: tuple[str, str] | None


class Timeline(NamedTuple):
    start: date
    end: date
    as_of: date
    rows: list[Row]
    groups: dict[str, str]  # recommendation id -> title


def _style(status: str, due: date | None, as_of: date) -> str:
    if status in ("done", "dropped"):
        return status
    return "overdue" if due is not None and due < as_of else "open"


def build(
    plan: Plan, *, as_of: date, start: date | None = None, end: date | None = None
) -> Timeline:
    rows = []
    # Grouped by lead recommendation, in the plan's order of recommendations.
    order = {r.id: n for n, r in enumerate(plan.recommendations)}
    # An action that lists no milestones is drawn from its `when` and its status alone:
    # each pair is worked out once (a large plan repeats a few hundred texts over
    # thousands of actions).
    drawn: dict[tuple[str | None, str], Drawn] = {}
    for a in sorted(plan.actions, key=lambda a: order.get(a.recommendations[0], len(order))):
        if a.milestones:
            bar, marks, note = _drawn(a, as_of)
        else:
            key = (a.when, a.status)
            found = drawn.get(key)
            if found is None:
                found = drawn[key] = _drawn(a, as_of)
            bar, marks, note = found
        rows.append(Row(a.recommendations[0], a.id, bar, list(marks), note))
    days = [d for r in rows if r.bar for d in (r.bar.start, r.bar.end) if d is not None]
    days += [m.day for r in rows for m in r.marks]
    first = start or (min(days) if days else as_of)
    last = end or (max(days) if days else as_of)
    first, last = first.replace(day=1), _month_end(max(last, first))
    groups = {r.id: r.title for r in plan.recommendations}
    return Timeline(first, last, as_of, rows, groups)


# How an action is drawn: its bar, its milestones' marks, what stands in place of a bar.
Drawn = tuple[Bar | None, tuple[Mark, ...], tuple[str, str] | None]


def _drawn(a: Action, as_of: date) -> Drawn:
    placed = deadline_of(a)
    found = placed.deadline
    bar = None
    note = None
    if found is not None and found.start is not None:
        bar = Bar(found.start, found.end, _style(a.status, found.end, as_of))
    elif found is not None:
        note = (found.kind, a.when or "")
    else:
        note = ("unreadable", a.when or "") if placed.error else ("no deadline", "")
    marks = []
    for m in milestones(a):
        m_due = place(m.when).due
        if m_due is not None:
            marks.append(Mark(m_due, _style(m.status, m_due, as_of), m.label))
    return bar, tuple(marks), note


def _month_end(d: date) -> date:
    return d.replace(day=days_in(d.year, d.month))


def months(t: Timeline) -> list[date]:
    """The first day of each month the timeline covers."""
    found = []
    day = t.start
    while day <= t.end:
        found.append(day)
        if (day.year, day.month) == (9999, 12):
            break  # the last month a date can be in
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return found


# --- the terminal chart ---------------------------------------------------------------

# A bar is drawn in its style's glyph and a milestone in its mark: colour tells the
# styles apart on a terminal, the glyphs alone in plain text.
UNICODE = {
    "open": "━",
    "overdue": "━",
    "done": "━",
    "dropped": "┄",
    "mark-open": "◆",
    "mark-overdue": "◆",
    "mark-done": "◇",
    "mark-dropped": "◇",
    "now": "│",
    "more": "→",
}
PLAIN = {
    "open": "=",
    "overdue": "!",
    "done": "#",
    "dropped": "~",
    "mark-open": "*",
    "mark-overdue": "X",
    "mark-done": "+",
    "mark-dropped": "+",
    "now": "|",
    "more": ">",
}

Segment = tuple[str, str]  # (text, style)

# The chart's words; a report in another language gives its own.
ENGLISH = {
    "open": "open",
    "overdue": "overdue",
    "done": "done",
    "dropped": "dropped",
    "milestones": "milestones",
    "no_end": "no end",
    "event": "event",
    "open-ended": "no fixed end",
    "unreadable": "cannot be read",
    "no deadline": "no deadline",
}


def note_text(note: tuple[str, str], words: dict[str, str]) -> str:
    """What stands in place of a bar: the kind of deadline, in words, and its text."""
    kind, when = note
    return ": ".join(p for p in (words.get(kind, kind), when) if p)


def draw(
    t: Timeline, width: int, *, plain: bool, labels: dict[str, str] | None = None
) -> list[list[Segment]]:
    """The chart as lines of styled segments, at most `width` characters wide."""
    glyphs = PLAIN if plain else UNICODE
    words = labels or ENGLISH
    label_width = max([len(r.label) for r in t.rows] + [4])
    chart = max(width - label_width - 1, 12)
    total = (t.end - t.start).days + 1

    def column(day: date) -> int:
        return min(max((day - t.start).days * chart // total, 0), chart - 1)

    now = column(t.as_of) if t.start <= t.as_of <= t.end else None
    lines: list[list[Segment]] = _axis(t, label_width, chart, column)
    group = None
    for row in t.rows:
        if row.group != group:
            group = row.group
            title = f"{group} {t.groups.get(group, '')}"
            lines.append([(_cut(title, width, plain), "group")])
        cells: list[Segment] = [(" ", "")] * chart
        # A bar that ended before the chart starts is not drawn (at its left edge).
        ends = row.bar.end if row.bar is not None else None
        if row.bar is not None and row.bar.start <= t.end and (ends is None or ends >= t.start):
            left = column(row.bar.start)
            right = column(row.bar.end) if row.bar.end and row.bar.end <= t.end else chart - 1
            for c in range(left, right + 1):
                cells[c] = (glyphs[row.bar.style], row.bar.style)
            if row.bar.end is None or row.bar.end > t.end:
                cells[right] = (glyphs["more"], row.bar.style)
        for m in row.marks:
            if t.start <= m.day <= t.end:
                cells[column(m.day)] = (glyphs[f"mark-{m.style}"], m.style)
        if row.bar is None and row.note:
            text = _cut(f"({note_text(row.note, words)})", chart, plain)
            cells[: len(text)] = [(ch, "note") for ch in text]
        if now is not None and cells[now] == (" ", ""):
            cells[now] = (glyphs["now"], "now")
        lines.append([(row.label.ljust(label_width) + " ", "label"), *_merge(cells)])
    lines.append([])
    lines += [[(line, "note")] for line in _legend(glyphs, t.as_of, words, width)]
    return lines


def _axis(
    t: Timeline, label_width: int, chart: int, column: Callable[[date], int]
) -> list[list[Segment]]:
    years = [" "] * chart
    letters = [" "] * chart
    per_month = chart / max(len(months(t)), 1)
    for first in months(t):
        c = column(first)
        if first.month == 1 or first == t.start:
            label = str(first.year)
            if all(ch == " " for ch in years[c : c + len(label) + 1]) and c + len(label) <= chart:
                years[c : c + len(label)] = list(label)
        if per_month >= 1:
            letters[c] = "JFMAMJJASOND"[first.month - 1]
    pad = " " * (label_width + 1)
    return [[(pad + "".join(years).rstrip(), "axis")], [(pad + "".join(letters).rstrip(), "axis")]]


def _legend(glyphs: dict[str, str], as_of: date, words: dict[str, str], width: int) -> list[str]:
    """The key to the glyphs, on as many lines of `width` as it takes."""
    keys = [
        f"{glyphs['open']} {words['open']}",
        f"{glyphs['overdue']} {words['overdue']}",
        f"{glyphs['done']} {words['done']}",
        f"{glyphs['dropped']} {words['dropped']}",
        f"{glyphs['mark-open']}{glyphs['mark-overdue']}{glyphs['mark-done']} {words['milestones']}",
        f"{glyphs['more']} {words['no_end']}",
        f"{glyphs['now']} {as_of.isoformat()}",
    ]
    lines = [keys[0]]
    for key in keys[1:]:
        if len(lines[-1]) + 2 + len(key) <= width:
            lines[-1] += "  " + key
        else:
            lines.append(key)
    return lines


def _merge(cells: list[Segment]) -> list[Segment]:
    """Neighbouring cells of one style as one segment (a chart has a row per action)."""
    merged: list[Segment] = [
        ("".join([text for text, _ in run]), style)
        for style, run in groupby(cells, key=itemgetter(1))
    ]
    if merged and merged[-1][0].strip() == "":
        merged.pop()
    elif merged:
        merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
    return merged


def _cut(text: str, width: int, plain: bool) -> str:
    more = "..." if plain else "…"
    return text if len(text) <= width else text[: width - len(more)] + more
