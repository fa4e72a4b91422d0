"""The portfolio report as a document (terminal, markdown), as JSON, and its labels in
Dutch and English; HTML draws the same sections (vvsgplan.portfolio_html)."""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from vvsgplan.fields import RATINGS, RESPONSES, STATUSES
from vvsgplan.portfolio_report import Portfolio, Tally
from vvsgplan.query import DueRow
from vvsgplan.render import Doc, Progress, Table, Text, percent
from vvsgplan.report_views import LABELS as REPORT_LABELS
from vvsgplan.report_views import Section, due_rows

LABELS: Final = {
    "en": {
        **REPORT_LABELS["en"],
        "title": "Portfolio report",
        "plans": "Evaluations",
        "plan": "Plan",
        "evaluation": "Evaluation",
        "response_date": "Response",
        "recs": "Recs.",
        "accepted": "Accepted",
        "no_deadline": "No deadline",
        "per_plan": "Actions per evaluation",
        "responses": "Responses per evaluation",
        "ratings": "Ratings per evaluation",
        "per_year": "Per year of response",
        "year": "Year",
        "no_year": "(no date)",
        "total": "Total",
        "owner_plans": "Plans",
        "all_plans": "{n} evaluations",
        "scope_owner": "Only the actions of {owner}, in the evaluations where they have some.",
    },
    "nl": {
        **REPORT_LABELS["nl"],
        "title": "Portefeuillerapport",
        "plans": "Evaluaties",
        "plan": "Plan",
        "evaluation": "Evaluatie",
        "response_date": "Respons",
        "recs": "Aanb.",
        "accepted": "Aanvaard",
        "no_deadline": "Geen termijn",
        "per_plan": "Acties per evaluatie",
        "responses": "Respons per evaluatie",
        "ratings": "Beoordeling per evaluatie",
        "per_year": "Per jaar van de respons",
        "year": "Jaar",
        "no_year": "(geen datum)",
        "total": "Totaal",
        "owner_plans": "Plannen",
        "all_plans": "{n} evaluaties",
        "scope_owner": "Alleen de acties van {owner}, in de evaluaties waar die er heeft.",
    },
}
ACTIVE_STATUSES: Final = ("open", "in-progress")


def heading(found: Portfolio, lang: str, title: str | None) -> str:
    t = LABELS[lang]
    return f"{title or t['title']} ({t['as_of']} {found.as_of.isoformat()})"


def scope_line(found: Portfolio, lang: str) -> str | None:
    if found.scope.owner is None:
        return None
    return LABELS[lang]["scope_owner"].format(owner=found.scope.owner)


def headline(found: Portfolio, lang: str) -> list[tuple[str, str, str]]:
    """The figures a board reads first: (key, label, value)."""
    t = LABELS[lang]
    total = found.total
    done = t["of_actions"].format(done=total.statuses["done"], total=total.counted)
    return [
        ("plans", t["plans"], str(len(found.evaluations))),
        ("share-done", t["share_done"], f"{percent(total.share_done)} ({done})"),
        ("overdue", t["overdue"], str(total.overdue)),
        ("approaching", t["due_within"].format(days=found.horizon), str(total.approaching)),
        ("undated", t["undated"], str(total.undated)),
    ]


def _counts(tally: Tally) -> tuple[str, ...]:
    """Actions counted, done, open, overdue and without deadline, and the share done."""
    return (
        str(tally.counted),
        str(tally.statuses["done"]),
        str(tally.active),
        str(tally.overdue),
        str(tally.undated),
        Progress(tally.share_done),
    )


def sections(found: Portfolio, lang: str) -> list[Section]:
    """The portfolio report's tables, in the order they are shown, for every format."""
    t = LABELS[lang]
    counts = (t["actions"], t["done"], t["open"], t["overdue"], t["no_deadline"], t["progress"])
    total_row = t["total"]
    evaluations = Table(
        (t["plan"], t["response_date"], t["recs"], t["evaluation"]),
        [
            (e.name, e.response_date or "", str(e.tally.recommendations), e.title or "")
            for e in found.evaluations
        ],
        optional=(t["recs"],),
    )
    actions = Table(
        (t["plan"], *counts),
        [(name, *_counts(tally)) for name, tally in _with_total(found, total_row)],
        ["overdue" if tally.overdue else "" for _, tally in _with_total(found, total_row)],
        (t["no_deadline"], t["progress"]),
    )
    responses = Table(
        (t["plan"], *(t[r] for r in RESPONSES), t["accepted"]),
        [
            (name, *(str(tally.responses[r]) for r in RESPONSES), str(tally.accepted))
            for name, tally in _with_total(found, total_row)
        ],
    )
    ratings = Table(
        (t["plan"], *(t[r] for r in RATINGS)),
        [
            (name, *(str(tally.ratings[r]) for r in RATINGS))
            for name, tally in _with_total(found, total_row)
        ],
    )
    years = Table(
        (t["year"], t["plans"], t["recs"], t["accepted"], *counts),
        [
            (
                line.year or t["no_year"],
                str(line.tally.plans),
                str(line.tally.recommendations),
                str(line.tally.accepted),
                *_counts(line.tally),
            )
            for line in found.years
        ],
        ["overdue" if line.tally.overdue else "" for line in found.years],
    )
    owners = Table(
        (t["owner"], t["open"], t["overdue"], t["next_due"], t["owner_plans"]),
        [
            (
                line.owner or t["no_owner"],
                str(line.active),
                str(line.overdue),
                line.next_due.isoformat() if line.next_due else "-",
                ", ".join(line.plans),
            )
            for line in found.owners
        ],
        ["overdue" if line.overdue else "" for line in found.owners],
    )
    figures = Table(("", t["count"]), [(label, value) for _, label, value in headline(found, lang)])
    return [
        Section("headline", t["headline"], figures, frozenset({1})),
        Section(
            "evaluations",
            t["plans"],
            evaluations if evaluations.rows else None,
            frozenset({2}),
            frozenset({0, 1}),
            titled=True,
        ),
        Section(
            "actions",
            t["per_plan"],
            actions if actions.rows else None,
            frozenset(range(1, 6)),
            frozenset({0}),
        ),
        Section(
            "responses",
            t["responses"],
            responses if found.evaluations else None,
            frozenset(range(1, 6)),
            frozenset({0}),
        ),
        Section(
            "ratings",
            t["ratings"],
            ratings if found.evaluations else None,
            frozenset(range(1, 6)),
            frozenset({0}),
        ),
        Section(
            "per-year",
            t["per_year"],
            years if years.rows else None,
            frozenset(range(1, 9)),
            frozenset({0}),
        ),
        Section(
            "per-owner",
            t["per_owner"],
            owners if owners.rows else None,
            frozenset({1, 2}),
            frozenset({3}),
        ),
        Section("overdue", t["overdue"], due_rows(found.overdue, t), nowrap=frozenset({0, 1})),
        Section(
            "approaching",
            t["approaching"].format(days=found.horizon),
            due_rows(found.approaching, t),
            nowrap=frozenset({0, 1}),
        ),
    ]


def _with_total(found: Portfolio, label: str) -> list[tuple[str, Tally]]:
    rows = [(e.name, e.tally) for e in found.evaluations]
    return [*rows, (label, found.total)] if len(rows) > 1 else rows


def portfolio_doc(found: Portfolio, lang: str, title: str | None) -> Doc:
    t = LABELS[lang]
    blocks: list[Text | Table] = [Text(heading(found, lang, title), "h1")]
    scope = scope_line(found, lang)
    if scope:
        blocks.append(Text(scope, "note"))
    for section in sections(found, lang):
        blocks.append(Text(section.title, "h2"))
        if section.table is None:
            blocks.append(Text(section.empty or t["none"], "note"))
        else:
            blocks.append(section.table)
    return Doc(blocks, portfolio_json(found))


# --- JSON -------------------------------------------------------------------------------


def _share(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def tally_json(tally: Tally) -> dict[str, Any]:
    return {
        "recommendations": {
            "total": tally.recommendations,
            "by_response": {r: tally.responses[r] for r in RESPONSES},
            "by_rating": {r: tally.ratings[r] for r in RATINGS},
        },
        "actions": {
            "total": tally.actions,
            "by_status": {s: tally.statuses[s] for s in STATUSES},
            "share_done": _share(tally.share_done),
            "overdue": tally.overdue,
            "approaching": tally.approaching,
            "undated": tally.undated,
        },
    }


def _row(r: DueRow) -> dict[str, Any]:
    ident = r.action.id
    return {
        "plan": getattr(ident, "plan", None),
        "id": ident,
        "milestone": r.milestone.label if r.milestone else None,
        "status": r.action.status,
        "when": r.when,
        "due": r.due.isoformat(),
        "owner": list(r.action.owner),
    }


def portfolio_json(found: Portfolio) -> dict[str, Any]:
    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    return {
        "as_of": found.as_of.isoformat(),
        "horizon_days": found.horizon,
        "scope": {"owner": found.scope.owner},
        "plans": [
            {
                "plan": e.name,
                "title": e.title,
                "response_date": e.response_date,
                **tally_json(e.tally),
            }
            for e in found.evaluations
        ],
        "total": {"plans": len(found.evaluations), **tally_json(found.total)},
        "per_year": [
            {"year": line.year, "plans": list(line.plans), **tally_json(line.tally)}
            for line in found.years
        ],
        "per_owner": [
            {
                "owner": line.owner or None,
                "plans": list(line.plans),
                "open": line.active,
                "overdue": line.overdue,
                "next_due": iso(line.next_due),
            }
            for line in found.owners
        ],
        "overdue": [_row(r) for r in found.overdue],
        "approaching": [_row(r) for r in found.approaching],
    }
