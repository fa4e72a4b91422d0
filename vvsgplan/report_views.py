"""The follow-up report as a document (terminal, markdown), as JSON, and its labels in
Dutch and English. The plan's own texts stay as written."""

from __future__ import annotations

from datetime import date
from typing import Any, Final, NamedTuple

from vvsgplan.deadline import days_in
from vvsgplan.fields import (
    PROGRESS_ORDER,
    RATING_CHOICES,
    RESPONSE_CHOICES,
    STATUS_CHOICES,
    STATUSES,
    labels,
)
from vvsgplan.query import DueRow
from vvsgplan.render import Chart, Doc, Progress, Table, Text, percent
from vvsgplan.report import Report
from vvsgplan.timeline import Timeline
from vvsgplan.views import assessment_json, context_json, rec_id_json

_WORDS: Final = {
    "en": {
        "title": "Follow-up report",
        "as_of": "as of",
        "context": "The evaluation",
        "evaluation": "Evaluation",
        "programme": "Programme",
        "period": "Period",
        "evaluator": "Evaluator",
        "made": "Carried out",
        "response_date": "Management response",
        "signed": "Signed by",
        "overall": "Overall response",
        "headline": "Headline figures",
        "of_actions": "{done} of {total} actions",
        "due_within": "Due within {days} days",
        "summary": "Summary",
        "recommendations": "Recommendations",
        "actions": "Actions",
        "share_done": "Share done",
        "overdue": "Overdue",
        "per_recommendation": "Progress per recommendation",
        "per_owner": "Per owner",
        "approaching": "Due within {days} days",
        "undated": "No fixed deadline",
        "latest": "Latest update of open actions",
        "completed": "Completed since {since}",
        "changes": "Changes since {since}",
        "slippage": "Slippage since {since}",
        "updates": "Updates since {since}",
        "progress_over_time": "Progress over time",
        "timeline": "Timeline",
        "timeline_text": "The timeline as text",
        "none": "None.",
        "rec": "Rec.",
        "recommendation": "Recommendation",
        "response": "Response",
        "rating": "Rating",
        "progress": "Progress",
        "owner": "Owner",
        "next_due": "Next deadline",
        "due": "Due",
        "id": "Action",
        "milestone": "Milestone",
        "status": "Status",
        "when": "When",
        "what": "What",
        "done_on": "Done on",
        "date": "Date",
        "update": "Update",
        "change": "Change",
        "from": "From",
        "to": "To",
        "slip": "Slip",
        "days": "d",
        "moves": "Moves",
        "reason": "Reason",
        "no_owner": "(no owner)",
        "count": "Count",
        "day": "Day",
        "assessed": "* Recommendation {rec}: rated {rating} on {date} ({derived} by its actions): {reason}",
        "k-done": "done",
        "k-started": "started",
        "k-dropped": "dropped",
        "k-reopened": "reopened",
        "k-rescheduled": "rescheduled",
        "k-added": "added",
        "k-removed": "removed",
        "moved": "Actions moved at least once",
        "days_slipped": "Days slipped in total",
        "median_slip": "Median days slipped",
        "no-git": "No git history: the plan is not in a git repository.",
        "no-history": "No git history of the plan up to {as_of}.",
        "starts-later": "The plan's git history starts on {starts}: changes are counted from its first commit.",
        "basis": "From commit {base} to {end}.",
        "working_tree": "the plan as it is now",
        "no_changes": "No changes.",
        "chart_key": "{done} done  {open} open  {overdue} overdue",
        "scope_owner": "Only the actions of {owner}.",
        "scope_rec": "Only the actions answering recommendation {rec}.",
        "timeline_alt": "Timeline of {n} actions from {start} to {end}; the line marks {as_of}.",
        "progress_alt": "Actions done, open and overdue at each month's end, {start} to {end}.",
        "event": "event",
        "open-ended": "no fixed end",
        "unreadable": "cannot be read",
        "no deadline": "no deadline",
        "milestones": "milestones",
        "no_end": "no end",
    },
    "nl": {
        "title": "Opvolgingsrapport",
        "as_of": "stand op",
        "context": "De evaluatie",
        "evaluation": "Evaluatie",
        "programme": "Programma",
        "period": "Periode",
        "evaluator": "Evaluator",
        "made": "Uitgevoerd",
        "response_date": "Management response",
        "signed": "Ondertekend door",
        "overall": "Algemene respons",
        "headline": "Kerncijfers",
        "of_actions": "{done} van {total} acties",
        "due_within": "Te doen binnen {days} dagen",
        "summary": "Samenvatting",
        "recommendations": "Aanbevelingen",
        "actions": "Acties",
        "share_done": "Aandeel uitgevoerd",
        "overdue": "Over tijd",
        "per_recommendation": "Voortgang per aanbeveling",
        "per_owner": "Per verantwoordelijke",
        "approaching": "Te doen binnen {days} dagen",
        "undated": "Zonder vaste termijn",
        "latest": "Laatste update van open acties",
        "completed": "Uitgevoerd sinds {since}",
        "changes": "Wijzigingen sinds {since}",
        "slippage": "Verschuivingen sinds {since}",
        "updates": "Updates sinds {since}",
        "progress_over_time": "Voortgang in de tijd",
        "timeline": "Tijdlijn",
        "timeline_text": "De tijdlijn in tekst",
        "none": "Geen.",
        "rec": "Aanb.",
        "recommendation": "Aanbeveling",
        "response": "Respons",
        "rating": "Beoordeling",
        "progress": "Voortgang",
        "owner": "Verantwoordelijke",
        "next_due": "Volgende termijn",
        "due": "Termijn",
        "id": "Actie",
        "milestone": "Mijlpaal",
        "status": "Status",
        "when": "Wanneer",
        "what": "Wat",
        "done_on": "Uitgevoerd op",
        "date": "Datum",
        "update": "Update",
        "change": "Wijziging",
        "from": "Van",
        "to": "Naar",
        "slip": "Verschuiving",
        "days": "d",
        "moves": "Keer verschoven",
        "reason": "Reden",
        "no_owner": "(niemand)",
        "count": "Aantal",
        "day": "Dag",
        "assessed": "* Aanbeveling {rec}: beoordeeld als {rating} op {date} ({derived} volgens de acties): {reason}",
        "k-done": "uitgevoerd",
        "k-started": "gestart",
        "k-dropped": "vervallen",
        "k-reopened": "heropend",
        "k-rescheduled": "verschoven",
        "k-added": "toegevoegd",
        "k-removed": "verwijderd",
        "moved": "Acties minstens één keer verschoven",
        "days_slipped": "Dagen verschoven in totaal",
        "median_slip": "Mediaan dagen verschoven",
        "no-git": "Geen git-geschiedenis: het plan staat niet in een git-repository.",
        "no-history": "Geen git-geschiedenis van het plan tot {as_of}.",
        "starts-later": "De git-geschiedenis van het plan begint op {starts}: wijzigingen tellen vanaf de eerste commit.",
        "basis": "Van commit {base} tot {end}.",
        "working_tree": "het plan zoals het nu is",
        "no_changes": "Geen wijzigingen.",
        "chart_key": "{done} uitgevoerd  {open} open  {overdue} over tijd",
        "scope_owner": "Alleen de acties van {owner}.",
        "scope_rec": "Alleen de acties bij aanbeveling {rec}.",
        "timeline_alt": "Tijdlijn van {n} acties van {start} tot {end}; de lijn markeert {as_of}.",
        "progress_alt": "Acties uitgevoerd, open en over tijd aan het einde van elke maand, {start} tot {end}.",
        "event": "gebeurtenis",
        "open-ended": "zonder einde",
        "unreadable": "onleesbaar",
        "no deadline": "geen termijn",
        "milestones": "mijlpalen",
        "no_end": "geen einde",
    },
}


def _values(lang: str) -> dict[str, str]:
    """The labels of the plan's values, as the declaration gives them: statuses (as
    headers, capitalised), responses and ratings."""
    statuses = {c.value: c.label(lang).capitalize() for c in STATUS_CHOICES}
    return {**statuses, **labels(RESPONSE_CHOICES, lang), **labels(RATING_CHOICES, lang)}


LABELS: Final = {lang: {**words, **_values(lang)} for lang, words in _WORDS.items()}


class Section(NamedTuple):
    """One part of the report: a titled table (None when there is nothing to list)."""

    ident: str
    title: str
    table: Table | None
    numeric: frozenset[int] = frozenset()  # columns of numbers, set to the right
    nowrap: frozenset[int] = frozenset()  # columns kept on one line (dates, ids)
    intro: tuple[str, ...] = ()  # paragraphs before the table
    notes: tuple[str, ...] = ()  # lines after it
    empty: str | None = None  # what stands in place of no table [None.]
    # The last column is a title (a recommendation's, an evaluation's): on a page it
    # reads best second, next to the number, with room to wrap.
    titled: bool = False


def _status(status: str, t: dict[str, str]) -> str:
    return t[status].lower()


def due_rows(rows: list[DueRow], t: dict[str, str]) -> Table | None:
    """Due work; the status column marks what is already in progress."""
    if not rows:
        return None
    # Each status's word and style made once, not once a row: a plan may have thousands
    # of rows due.
    words = {s: _status(s, t) for s in {r.action.status for r in rows}}
    styles = {
        (late, s): " ".join(c for c in ("overdue" if late else "", s) if c != "open")
        for late in (False, True)
        for s in words
    }
    days = {day: day.isoformat() for day in {r.due for r in rows}}
    return Table(
        (t["due"], t["id"], t["milestone"], t["status"], t["owner"], t["when"], t["what"]),
        [
            (
                days[r.due],
                r.action.id,
                r.milestone.label if r.milestone else "",
                words[r.action.status],
                ", ".join(r.action.owner),
                r.when,
                r.action.action,
            )
            for r in rows
        ],
        [styles[r.overdue, r.action.status] for r in rows],
        (t["when"], t["milestone"], t["owner"], t["status"]),
    )


def heading(report: Report, lang: str, title: str | None) -> str:
    t = LABELS[lang]
    return f"{title or t['title']} ({t['as_of']} {report.as_of.isoformat()})"


def scope_line(report: Report, lang: str) -> str | None:
    """What the report is narrowed to, said once under its title."""
    t = LABELS[lang]
    parts = []
    if report.scope.owner is not None:
        parts.append(t["scope_owner"].format(owner=report.scope.owner))
    if report.scope.rec is not None:
        parts.append(t["scope_rec"].format(rec=report.scope.rec))
    return " ".join(parts) or None


def context_facts(report: Report, lang: str) -> list[tuple[str, str]]:
    """The evaluation and the response as labelled lines (none without plan.yaml)."""
    t = LABELS[lang]
    context = report.context
    if context is None:
        return []
    facts = []
    e = context.evaluation
    if e is not None:
        facts += [
            (t["evaluation"], e.title),
            (t["programme"], e.programme),
            (t["period"], e.period),
            (t["evaluator"], e.evaluator),
            (t["made"], e.when),
        ]
    r = context.response
    if r is not None:
        facts.append((t["response_date"], r.date))
        names = [f"{s.name} ({s.role})" if s.role else s.name for s in r.signatories]
        facts.append((t["signed"], "; ".join(names) or None))
    return [(k, v) for k, v in facts if v]


def overall_response(report: Report) -> str | None:
    c = report.context
    return c.response.text if c is not None and c.response is not None else None


def headline(report: Report, lang: str) -> list[tuple[str, str, str]]:
    """The four figures a board reads first: (key, label, value)."""
    t = LABELS[lang]
    counted = report.actions - report.statuses["dropped"]
    done = t["of_actions"].format(done=report.statuses["done"], total=counted)
    return [
        ("share-done", t["share_done"], f"{percent(report.share_done)} ({done})"),
        ("overdue", t["overdue"], str(len(report.overdue_actions))),
        (
            "approaching",
            t["due_within"].format(days=report.horizon),
            str(len(report.approaching_actions)),
        ),
        ("undated", t["undated"], str(len(report.undated))),
    ]


def _history_note(why: str | None, report: Report, t: dict[str, str]) -> str | None:
    if why is None:
        return None
    starts = report.changes.starts if report.changes else None
    return t[why].format(
        as_of=report.as_of.isoformat(), starts=starts.isoformat() if starts else ""
    )


def _change_sections(report: Report, t: dict[str, str]) -> list[Section]:
    changes = report.changes
    if changes is None:
        return []
    since = changes.since.revision or changes.since.day.isoformat()
    why = _history_note(changes.why, report, t)
    intro: tuple[str, ...] = ()
    if changes.base is not None:
        end = changes.end[:7] if changes.end else t["working_tree"]
        intro = tuple(x for x in (why, t["basis"].format(base=changes.base[:7], end=end)) if x)
    table = None
    if changes.changes:
        table = Table(
            (
                t["id"],
                t["milestone"],
                t["change"],
                t["from"],
                t["to"],
                t["slip"],
                t["moves"],
                t["reason"],
            ),
            [
                (
                    c.action,
                    c.milestone or "",
                    t["k-" + c.kind],
                    _value(c.old, t),
                    _value(c.new, t),
                    "" if c.slip is None else f"{c.slip:+d} {t['days']}",
                    str(c.moves) if c.moves else "",
                    c.reason or "",
                )
                for c in changes.changes
            ],
            optional=(t["moves"], t["milestone"], t["from"], t["to"]),
        )
    empty = why if changes.base is None else t["no_changes"]
    sections = [
        Section(
            "changes",
            t["changes"].format(since=since),
            table,
            frozenset({5, 6}),
            frozenset({0}),
            intro=intro,
            empty=empty,
        )
    ]
    slippage: Table | None = None
    if changes.base is not None:
        median = changes.median_slip
        slippage = Table(
            ("", t["count"]),
            [
                (t["moved"], str(changes.actions_moved)),
                (t["days_slipped"], str(changes.days_slipped)),
                (t["median_slip"], "-" if median is None else f"{median:g}"),
            ],
        )
    if slippage is not None:
        sections.append(
            Section("slippage", t["slippage"].format(since=since), slippage, frozenset({1}))
        )
    updates = Table(
        (t["date"], t["id"], t["milestone"], t["update"]),
        [(u.date, a.id, m.label if m else "", u.text) for a, m, u in changes.updates],
        optional=(t["milestone"],),
    )
    sections.append(
        Section(
            "updates",
            t["updates"].format(since=changes.since.day.isoformat()),
            updates if updates.rows else None,
            nowrap=frozenset({0, 1}),
        )
    )
    return sections


def _value(text: str | None, t: dict[str, str]) -> str:
    """A status or a value of a change, in the report's language."""
    if text is None:
        return ""
    return t[text].lower() if text in STATUSES else text


def sections(report: Report, lang: str) -> list[Section]:
    """The report's tables, in the order they are shown, for every output format."""
    t = LABELS[lang]
    statuses = PROGRESS_ORDER
    figures = Table(
        ("", t["count"]), [(label, value) for _, label, value in headline(report, lang)]
    )
    summary = Table(
        ("", t["count"]),
        [
            *((f"{t['recommendations']}: {t[r]}", str(n)) for r, n in report.responses.items()),
            *((f"{t['actions']}: {t[s].lower()}", str(n)) for s, n in report.statuses.items()),
        ],
    )
    per_rec = Table(
        (
            t["rec"],
            t["response"],
            t["rating"],
            *(t[s] for s in statuses),
            t["overdue"],
            t["progress"],
            t["recommendation"],
        ),
        [
            (
                str(line.recommendation.id),
                t[line.recommendation.response],
                t[line.rating] + ("*" if line.assessment else ""),
                *(str(line.statuses[s]) for s in statuses),
                str(line.overdue),
                Progress(line.share_done),
                line.recommendation.title,
            )
            for line in report.recommendations
        ],
        ["overdue" if line.overdue else "" for line in report.recommendations],
        (t["response"], t["dropped"], t["in-progress"], t["open"], t["progress"]),
    )
    assessed = tuple(
        t["assessed"].format(
            rec=line.recommendation.id,
            rating=t[line.assessment.rating],
            date=line.assessment.date,
            derived=t[line.derived],
            reason=line.assessment.reason,
        )
        for line in report.recommendations
        if line.assessment
    )
    per_owner = Table(
        (t["owner"], t["open"], t["overdue"], t["next_due"]),
        [
            (
                line.owner or t["no_owner"],
                str(line.active),
                str(line.overdue),
                line.next_due.isoformat() if line.next_due else "-",
            )
            for line in report.owners
        ],
        ["overdue" if line.overdue else "" for line in report.owners],
    )
    undated = Table(
        (t["id"], t["status"], t["owner"], t["when"], t["what"]),
        [
            (a.id, _status(a.status, t), ", ".join(a.owner), a.when or "", a.action)
            for a in report.undated
        ],
        optional=(t["when"], t["owner"], t["status"]),
    )
    latest = Table(
        (t["id"], t["milestone"], t["date"], t["update"]),
        [
            (x.action.id, x.milestone.label if x.milestone else "", x.update.date, x.update.text)
            for x in report.latest
        ],
        optional=(t["milestone"],),
    )
    completed = Table(
        (t["done_on"], t["id"], t["milestone"], t["what"]),
        [
            (c.done_on, c.action.id, c.milestone.label if c.milestone else "", c.action.action)
            for c in report.completed
        ],
        optional=(t["milestone"],),
    )
    dates = frozenset({0, 1})
    return [
        Section("headline", t["headline"], figures, frozenset({1})),
        Section("summary", t["summary"], summary, frozenset({1})),
        Section(
            "per-recommendation",
            t["per_recommendation"],
            per_rec if per_rec.rows else None,
            frozenset({0, 3, 4, 5, 6, 7}),
            frozenset({0, 8}),
            notes=assessed,
            titled=True,
        ),
        Section(
            "per-owner",
            t["per_owner"],
            per_owner if per_owner.rows else None,
            frozenset({1, 2}),
            frozenset({3}),
        ),
        Section("overdue", t["overdue"], due_rows(report.overdue, t), nowrap=dates),
        Section(
            "approaching",
            t["approaching"].format(days=report.horizon),
            due_rows(report.approaching, t),
            nowrap=dates,
        ),
        Section("undated", t["undated"], undated if undated.rows else None),
        Section("latest", t["latest"], latest if latest.rows else None, nowrap=frozenset({0, 2})),
        Section(
            "completed",
            t["completed"].format(since=report.since.isoformat()),
            completed if completed.rows else None,
            nowrap=dates,
        ),
        *_change_sections(report, t),
    ]


# --- progress over time as a text chart ------------------------------------------------

CHART_GLYPHS: Final = {"done": "#", "open": "=", "overdue": "!"}
CHART_WIDTH: Final = 40  # characters of the longest bar at most


def progress_note(report: Report, lang: str) -> str | None:
    """Why there is no chart of progress over time, if there is none."""
    found = report.progress
    if found is None:
        return None
    return _history_note(found.why, report, LABELS[lang])


def point_label(day: date, last: bool) -> str:
    """A point of the chart: its month, or its day when it is not a month's end."""
    month_end = day.day == days_in(day.year, day.month)
    return day.isoformat()[:7] if month_end or not last else day.isoformat()


def progress_chart(report: Report, lang: str) -> str | None:
    """One line per month: the counts, and a bar of one character per action (scaled down
    when there are many)."""
    t = LABELS[lang]
    points = report.progress.points if report.progress else []
    if not points:
        return None
    most = max(p.done + p.open + p.overdue for p in points)
    scale = min(1.0, CHART_WIDTH / most) if most else 1.0
    names = (t["done"].lower(), t["open"].lower(), t["overdue"].lower())
    labels = [point_label(p.day, n == len(points) - 1) for n, p in enumerate(points)]
    first = max(len(x) for x in labels)
    widths = [max(len(n), 3) for n in names]
    lines = [" " * first + "  " + "  ".join(n.rjust(w) for n, w in zip(names, widths, strict=True))]
    for label, p in zip(labels, points, strict=True):
        counts = (p.done, p.open, p.overdue)
        bar = "".join(
            CHART_GLYPHS[k] * round(n * scale)
            for k, n in zip(("done", "open", "overdue"), counts, strict=True)
        )
        cells = "  ".join(str(n).rjust(w) for n, w in zip(counts, widths, strict=True))
        lines.append(f"{label.ljust(first)}  {cells}  {bar}".rstrip())
    lines.append("")
    lines.append(t["chart_key"].format(**CHART_GLYPHS))
    return "\n".join(lines)


def report_doc(report: Report, timeline: Timeline, lang: str, title: str | None) -> Doc:
    t = LABELS[lang]
    blocks: list[Text | Table | Chart] = [Text(heading(report, lang, title), "h1")]
    scope = scope_line(report, lang)
    if scope:
        blocks.append(Text(scope, "note"))
    facts = context_facts(report, lang)
    if facts:
        blocks.append(Text(t["context"], "h2"))
        width = max(len(k) for k, _ in facts) + 1
        blocks += [Text(f"{(k + ':').ljust(width)} {v}", "item") for k, v in facts]
        overall = overall_response(report)
        if overall:
            blocks += [Text(t["overall"] + ":"), *(Text(p) for p in overall.split("\n") if p)]
    for section in sections(report, lang):
        blocks.append(Text(section.title, "h2"))
        blocks += [Text(line) for line in section.intro]
        if section.table is None:
            blocks.append(Text(section.empty or t["none"], "note"))
        else:
            blocks.append(section.table)
        blocks += [Text(line, "note") for line in section.notes]
    blocks.append(Text(t["progress_over_time"], "h2"))
    chart = progress_chart(report, lang)
    note = progress_note(report, lang)
    if chart:
        blocks.append(Text(chart, "pre"))
    elif note:
        blocks.append(Text(note, "note"))
    blocks += [Text(t["timeline"], "h2"), Chart(timeline, labels=timeline_labels(lang))]
    return Doc(blocks, report_json(report))


def timeline_labels(lang: str) -> dict[str, str]:
    """The words of the terminal timeline, in the report's language."""
    t = LABELS[lang]
    keys = ("open", "overdue", "done", "dropped", "milestones", "no_end", "event", "open-ended")
    return {k: t[k].lower() for k in (*keys, "unreadable", "no deadline")}


def report_json(report: Report) -> dict[str, Any]:
    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    def row(r: DueRow) -> dict[str, Any]:
        return {
            "id": r.action.id,
            "milestone": r.milestone.label if r.milestone else None,
            "status": r.action.status,
            "when": r.when,
            "due": r.due.isoformat(),
            "owner": list(r.action.owner),
        }

    def share(x: float | None) -> float | None:
        return None if x is None else round(x, 4)

    context = report.context
    changes = report.changes
    progress = report.progress
    return {
        "as_of": report.as_of.isoformat(),
        "horizon_days": report.horizon,
        "since": report.since.isoformat(),
        "scope": {
            "owner": report.scope.owner,
            "recommendation": None if report.scope.rec is None else rec_id_json(report.scope.rec),
        },
        "context": None if context is None else context_json(context),
        "recommendations": {"total": len(report.recommendations), "by_response": report.responses},
        "actions": {
            "total": report.actions,
            "by_status": report.statuses,
            "share_done": share(report.share_done),
            "overdue": report.overdue_actions,
            "approaching": report.approaching_actions,
            "undated": len(report.undated),
        },
        "per_recommendation": [
            {
                "id": rec_id_json(line.recommendation.id),
                "title": line.recommendation.title,
                "response": line.recommendation.response,
                "rating": line.rating,
                "derived_rating": line.derived,
                "assessment": assessment_json(line.recommendation),
                "by_status": {s: line.statuses[s] for s in PROGRESS_ORDER},
                "overdue": line.overdue,
                "share_done": share(line.share_done),
            }
            for line in report.recommendations
        ],
        "per_owner": [
            {
                "owner": line.owner or None,
                "open": line.active,
                "overdue": line.overdue,
                "next_due": iso(line.next_due),
            }
            for line in report.owners
        ],
        "overdue": [row(r) for r in report.overdue],
        "approaching": [row(r) for r in report.approaching],
        "undated": [a.id for a in report.undated],
        "latest_updates": [
            {
                "id": x.action.id,
                "milestone": x.milestone.label if x.milestone else None,
                "date": x.update.date,
                "text": x.update.text,
            }
            for x in report.latest
        ],
        "completed": [
            {
                "id": c.action.id,
                "milestone": c.milestone.label if c.milestone else None,
                "done_on": c.done_on,
            }
            for c in report.completed
        ],
        "changes_since": None if changes is None else _changes_json(changes),
        "progress_over_time": None
        if progress is None
        else {
            "history": progress.why,
            "points": [p._asdict() | {"day": p.day.isoformat()} for p in progress.points],
        },
    }


def _changes_json(changes: Any) -> dict[str, Any]:
    median = changes.median_slip
    return {
        "since": changes.since.day.isoformat(),
        "revision": changes.since.revision,
        "from_commit": changes.base,
        "to_commit": changes.end,
        "history": changes.why,
        "changes": [c._asdict() for c in changes.changes],
        "slippage": None
        if changes.base is None
        else {
            "actions_moved": changes.actions_moved,
            "days_slipped": changes.days_slipped,
            "median_days_slipped": median,
        },
        "updates": [
            {
                "id": a.id,
                "milestone": m.label if m else None,
                "date": u.date,
                "text": u.text,
            }
            for a, m, u in changes.updates
        ],
    }
