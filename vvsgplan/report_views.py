"""The follow-up report as a document (terminal, markdown), as JSON, and its labels in
Dutch and English. The plan's own texts stay as written."""

from __future__ import annotations

from datetime import date
from typing import Any, Final, NamedTuple

from vvsgplan.query import DueRow
from vvsgplan.render import Chart, Doc, Progress, Table, Text, percent
from vvsgplan.report import Report
from vvsgplan.timeline import Timeline

LABELS: Final = {
    "en": {
        "title": "Follow-up report",
        "as_of": "as of",
        "summary": "Summary",
        "recommendations": "Recommendations",
        "actions": "Actions",
        "share_done": "Share done",
        "overdue": "Overdue",
        "per_recommendation": "Progress per recommendation",
        "per_owner": "Per owner",
        "approaching": "Due within {days} days",
        "undated": "No fixed deadline",
        "completed": "Completed since {since}",
        "timeline": "Timeline",
        "none": "None.",
        "rec": "Rec.",
        "response": "Response",
        "done": "Done",
        "in-progress": "In progress",
        "open": "Open",
        "dropped": "Dropped",
        "progress": "Progress",
        "owner": "Owner",
        "next_due": "Next deadline",
        "due": "Due",
        "id": "Action",
        "milestone": "Milestone",
        "when": "When",
        "what": "What",
        "done_on": "Done on",
        "no_owner": "(no owner)",
        "count": "Count",
        "agree": "agree",
        "partially-agree": "partially agree",
        "disagree": "disagree",
        "noted": "noted (outside its reach)",
        "timeline_alt": "Timeline of {n} actions from {start} to {end}; the line marks {as_of}.",
        "event": "event",
        "open-ended": "no fixed end",
        "unreadable": "cannot be read",
        "no deadline": "no deadline",
    },
    "nl": {
        "title": "Opvolgingsrapport",
        "as_of": "stand op",
        "summary": "Samenvatting",
        "recommendations": "Aanbevelingen",
        "actions": "Acties",
        "share_done": "Aandeel uitgevoerd",
        "overdue": "Over tijd",
        "per_recommendation": "Voortgang per aanbeveling",
        "per_owner": "Per verantwoordelijke",
        "approaching": "Te doen binnen {days} dagen",
        "undated": "Zonder vaste termijn",
        "completed": "Uitgevoerd sinds {since}",
        "timeline": "Tijdlijn",
        "none": "Geen.",
        "rec": "Aanb.",
        "response": "Respons",
        "done": "Uitgevoerd",
        "in-progress": "Lopend",
        "open": "Open",
        "dropped": "Vervallen",
        "progress": "Voortgang",
        "owner": "Verantwoordelijke",
        "next_due": "Volgende termijn",
        "due": "Termijn",
        "id": "Actie",
        "milestone": "Mijlpaal",
        "when": "Wanneer",
        "what": "Wat",
        "done_on": "Uitgevoerd op",
        "no_owner": "(niemand)",
        "count": "Aantal",
        "agree": "akkoord",
        "partially-agree": "deels akkoord",
        "disagree": "niet akkoord",
        "noted": "buiten bereik",
        "timeline_alt": "Tijdlijn van {n} acties van {start} tot {end}; de lijn markeert {as_of}.",
        "event": "gebeurtenis",
        "open-ended": "zonder einde",
        "unreadable": "onleesbaar",
        "no deadline": "geen termijn",
    },
}


class Section(NamedTuple):
    """One part of the report: a titled table (None when there is nothing to list)."""

    ident: str
    title: str
    table: Table | None
    numeric: frozenset[int] = frozenset()  # columns of numbers, set to the right
    nowrap: frozenset[int] = frozenset()  # columns kept on one line (dates, ids)


def _due_rows(rows: list[DueRow], t: dict[str, str]) -> Table | None:
    if not rows:
        return None
    return Table(
        (t["due"], t["id"], t["milestone"], t["owner"], t["when"], t["what"]),
        [
            (
                r.due.isoformat(),
                r.action.id,
                r.milestone.label if r.milestone else "",
                ", ".join(r.action.owner),
                r.when,
                r.action.action,
            )
            for r in rows
        ],
        ["overdue" if r.overdue else "" for r in rows],
        (t["when"], t["milestone"], t["owner"]),
    )


def heading(report: Report, lang: str, title: str | None) -> str:
    t = LABELS[lang]
    return f"{title or t['title']} ({t['as_of']} {report.as_of.isoformat()})"


def sections(report: Report, lang: str) -> list[Section]:
    """The report's tables, in the order they are shown, for every output format."""
    t = LABELS[lang]
    statuses = ("done", "in-progress", "open", "dropped")
    summary = Table(
        ("", t["count"]),
        [
            *((f"{t['recommendations']}: {t[r]}", str(n)) for r, n in report.responses.items()),
            *((f"{t['actions']}: {t[s].lower()}", str(n)) for s, n in report.statuses.items()),
            (t["share_done"], percent(report.share_done)),
            (t["overdue"], str(len(report.overdue_actions))),
        ],
    )
    per_rec = Table(
        (t["rec"], t["response"], *(t[s] for s in statuses), t["overdue"], t["progress"]),
        [
            (
                str(line.recommendation.id),
                t[line.recommendation.response],
                *(str(line.statuses[s]) for s in statuses),
                str(line.overdue),
                Progress(line.share_done),
            )
            for line in report.recommendations
        ],
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
    )
    undated = Table(
        (t["id"], t["owner"], t["when"], t["what"]),
        [(a.id, ", ".join(a.owner), a.when or "", a.action) for a in report.undated],
    )
    completed = Table(
        (t["done_on"], t["id"], t["milestone"], t["what"]),
        [
            (c.done_on, c.action.id, c.milestone.label if c.milestone else "", c.action.action)
            for c in report.completed
        ],
    )
    dates = frozenset({0, 1})
    return [
        Section("summary", t["summary"], summary, frozenset({1})),
        Section(
            "per-recommendation",
            t["per_recommendation"],
            per_rec,
            frozenset(range(7)) - {1},
            frozenset({7}),
        ),
        Section("per-owner", t["per_owner"], per_owner, frozenset({1, 2}), frozenset({3})),
        Section("overdue", t["overdue"], _due_rows(report.overdue, t), nowrap=dates),
        Section(
            "approaching",
            t["approaching"].format(days=report.horizon),
            _due_rows(report.approaching, t),
            nowrap=dates,
        ),
        Section("undated", t["undated"], undated if undated.rows else None),
        Section(
            "completed",
            t["completed"].format(since=report.since.isoformat()),
            completed if completed.rows else None,
            nowrap=dates,
        ),
    ]


def report_doc(report: Report, timeline: Timeline, lang: str, title: str | None) -> Doc:
    t = LABELS[lang]
    blocks: list[Text | Table | Chart] = [Text(heading(report, lang, title), "h1")]
    for section in sections(report, lang):
        blocks.append(Text(section.title, "h2"))
        if section.table is None:
            blocks.append(Text(t["none"], "note"))
            continue
        blocks.append(section.table)
    blocks += [Text(t["timeline"], "h2"), Chart(timeline)]
    return Doc(blocks, report_json(report))


def report_json(report: Report) -> dict[str, Any]:
    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    def row(r: DueRow) -> dict[str, Any]:
        return {
            "id": r.action.id,
            "milestone": r.milestone.label if r.milestone else None,
            "when": r.when,
            "due": r.due.isoformat(),
            "owner": list(r.action.owner),
        }

    return {
        "as_of": report.as_of.isoformat(),
        "horizon_days": report.horizon,
        "since": report.since.isoformat(),
        "recommendations": {"total": len(report.recommendations), "by_response": report.responses},
        "actions": {
            "total": report.actions,
            "by_status": report.statuses,
            "share_done": None if report.share_done is None else round(report.share_done, 4),
            "overdue": report.overdue_actions,
        },
        "per_recommendation": [
            {
                "id": line.recommendation.id,
                "response": line.recommendation.response,
                "by_status": {
                    s: line.statuses[s] for s in ("done", "in-progress", "open", "dropped")
                },
                "overdue": line.overdue,
                "share_done": None if line.share_done is None else round(line.share_done, 4),
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
        "completed": [
            {
                "id": c.action.id,
                "milestone": c.milestone.label if c.milestone else None,
                "done_on": c.done_on,
            }
            for c in report.completed
        ],
    }
