"""Turn query results into documents for the renderer, and into the JSON contract."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from vvsgplan.fields import (
    ACTION,
    ASSESSMENT,
    CONTEXT,
    MILESTONE,
    PROGRESS_ORDER,
    RECOMMENDATION,
    RESPONSE_CHOICES,
    STATUSES,
    Field,
    Record,
    labels,
)
from vvsgplan.model import (
    Action,
    Context,
    Milestone,
    Plan,
    Recommendation,
    extensions,
    text_of,
    value_of,
)
from vvsgplan.portfolio import Qualified, plan_field
from vvsgplan.query import DueList, DueRow, deadline_of, milestones, place, progress
from vvsgplan.render import Doc, Table, Text

if TYPE_CHECKING:
    from vvsgplan.deadline import Deadline
    from vvsgplan.portfolio import PlanRef

RESPONSE_LABELS = labels(RESPONSE_CHOICES, "en")


# The ids of undated actions `due`'s footer names before it counts the rest: a line to
# read, not a listing (`list --undated` gives that).
NAMED_UNDATED: Final = 10


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


# --- the JSON contract (README, "JSON output") -----------------------------------------


def rec_id_json(rec_id: str) -> int | str:
    """A recommendation id in JSON: a number when it is one (`4`), else text (`"R1"`)."""
    return int(rec_id) if rec_id.isascii() and rec_id.isdigit() else rec_id


def record_json(
    record: Record,
    value: Any,
    *,
    replace: dict[str, Any] | None = None,
    insert: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A record as JSON: each declared field in the declared order (`replace` gives some
    another value; `insert` adds derived keys after a field), then its extension fields."""
    replace, insert = replace or {}, insert or {}
    data: dict[str, Any] = {}
    for f in record.fields:
        data[f.name] = replace[f.name] if f.name in replace else _json(f, value_of(value, f))
        data.update(insert.get(f.name, {}))
    data.update(extensions(value))
    return data


def _json(field: Field, value: Any) -> Any:
    """A field's value in JSON, by its kind (fields.KINDS)."""
    if value is None:
        return None
    if field.kind == "refs":
        return [rec_id_json(r) for r in value]
    if field.kind == "names":
        return list(value)
    if field.kind in ("list", "updates"):
        assert field.record is not None
        return [record_json(field.record, item) for item in value]
    if field.kind == "record":
        assert field.record is not None
        return record_json(field.record, value)
    # id, text, notes, choice, flag, when, done_on, day: the value as it is.
    return value


def milestone_json(m: Milestone) -> dict[str, Any]:
    return record_json(MILESTONE, m, insert={"when": {"due": _iso(place(m.when).due)}})


def action_json(a: Action) -> dict[str, Any]:
    return {
        **plan_field(a.id),
        **record_json(
            ACTION,
            a,
            # The milestones its `when` names count as written (query.milestones).
            replace={"milestones": [milestone_json(m) for m in milestones(a)]},
            insert={"when": {"due": _iso(deadline_of(a).due)}},
        ),
    }


def assessment_json(rec: Recommendation) -> dict[str, Any] | None:
    return None if rec.assessment is None else record_json(ASSESSMENT, rec.assessment)


def recommendation_json(plan: Plan, rec: Recommendation) -> dict[str, Any]:
    from vvsgplan.rating import rating

    actions = plan.actions_for(rec.id)
    rated = rec.assessment.rating if rec.assessment else rating(rec, actions)
    return {
        **plan_field(rec.id),
        **record_json(
            RECOMMENDATION,
            rec,
            replace={"id": rec_id_json(rec.id)},
            insert={
                "response_text": {"rating": rated},
                "assessment": {"actions": [action_json(a) for a in actions]},
            },
        ),
    }


def context_json(context: Context) -> dict[str, Any]:
    return record_json(CONTEXT, context)


def _more(record: Record, value: Any, shown: set[str]) -> list[tuple[str, str]]:
    """What `show` lists of a record beyond what its view lays out: every other declared
    field that has a value, by its label, then the extension fields, by their key."""
    found = []
    for f in record.fields:
        if f.name not in shown:
            text = text_of(value_of(value, f))
            if text:
                found.append((f.title, text))
    found += [(key, text_of(v)) for key, v in extensions(value)]
    return found


def _facts(facts: list[tuple[str, str]], width: int = 8) -> Text:
    width = max(width, *(len(k) + 1 for k, _ in facts))
    return Text("\n".join(f"{k + ':':<{width}} {v}" for k, v in facts))


# --- documents ------------------------------------------------------------------------

ACTION_HEADERS = ("ID", "REC", "STATUS", "OWNER", "WHEN", "DUE", "ACTION")


def _row(a: Action) -> tuple[str, ...]:
    due = deadline_of(a).due
    return (
        a.id,
        # In a portfolio the id names the plan: the recommendations are that plan's.
        ",".join([r.local if isinstance(r, Qualified) else r for r in a.recommendations]),
        a.status,
        ", ".join(a.owner),
        a.when or "",
        due.isoformat() if due else "",
        a.action,
    )


def _csv_row(a: Action) -> tuple[str, ...]:
    row = _row(a)
    return (*row[:3], "; ".join(a.owner), *row[4:], a.done_on or "", a.notes or "")


def _actions_table(actions: list[Action]) -> Table:
    styles = [a.status for a in actions]
    return Table(ACTION_HEADERS, [_row(a) for a in actions], styles, ("REC", "WHEN", "OWNER"))


def _actions_csv(actions: list[Action]) -> Table:
    return Table((*ACTION_HEADERS, "DONE_ON", "NOTES"), [_csv_row(a) for a in actions])


def action_list(actions: list[Action]) -> Doc:
    empty = [] if actions else [Text("No actions match.", "note")]
    return Doc(
        [_actions_table(actions), *empty],
        lambda: [action_json(a) for a in actions],
        lambda: _actions_csv(actions),
    )


def due_list(found: DueList, as_of: date) -> Doc:
    def state(r: DueRow) -> str:
        return "overdue" if r.overdue else ("" if r.action.status == "open" else r.action.status)

    def what(r: DueRow) -> str:
        return f"[{r.milestone.label}] {r.action.action}" if r.milestone else r.action.action

    shown = [
        (r.due.isoformat(), state(r), r.action.id, ", ".join(r.action.owner), r.when, what(r))
        for r in found.rows
    ]
    styles = ["overdue" if r.overdue else "" for r in found.rows]
    table = Table(
        ("DUE", "STATE", "ID", "OWNER", "WHEN", "ACTION"), shown, styles, ("WHEN", "OWNER")
    )

    def every_field() -> Table:
        headers = ("DUE", "ID", "MILESTONE", "STATUS", "OVERDUE", "OWNER", "WHEN", "ACTION")
        rows = [
            (
                r.due.isoformat(),
                r.action.id,
                r.milestone.label if r.milestone else "",
                r.action.status,
                "overdue" if r.overdue else "",
                ", ".join(r.action.owner),
                r.when,
                r.action.action,
            )
            for r in found.rows
        ]
        return Table(headers, rows)

    notes = []
    overdue = sum(r.overdue for r in found.rows)
    if found.rows:
        notes.append(f"{len(found.rows)} due, {overdue} overdue on {as_of.isoformat()}.")
    else:
        notes.append("Nothing due.")
    if found.undated:
        ids = ", ".join(a.id for a in found.undated[:NAMED_UNDATED])
        if len(found.undated) > NAMED_UNDATED:
            ids += f" and {len(found.undated) - NAMED_UNDATED:,} more"
        noun = "action has" if len(found.undated) == 1 else "actions have"
        notes.append(
            f"{len(found.undated)} open {noun} no fixed deadline ({ids}): "
            "vvsgplan list --undated --status open"
        )

    def data() -> list[dict[str, Any]]:
        seen: dict[str, Action] = {}
        for r in found.rows:
            seen.setdefault(r.action.id, r.action)
        return [action_json(a) for a in seen.values()]

    return Doc([table], data, every_field, notes)


def _paragraphs(text: str | None) -> list[Text]:
    return [Text(p) for p in (text or "").split("\n") if p.strip()]


# The fields each view lays out itself; `show` lists any other (see _more).
_REC_SHOWN: Final = {"id", "title", "text", "response", "response_text", "assessment"}
_ACTION_SHOWN: Final = {
    "id",
    "recommendations",
    "action",
    "owner",
    "when",
    "status",
    "done_on",
    "milestones",
    "notes",
    "updates",
}
_MILESTONE_SHOWN: Final = {"label", "when", "status", "done_on", "updates"}


def recommendation_doc(plan: Plan, rec: Recommendation) -> Doc:
    actions = plan.actions_for(rec.id)
    p = progress(plan, rec.id)
    blocks = [
        Text(f"Recommendation {rec.id}: {rec.title}", "h1"),
        *_paragraphs(rec.text),
        Text(f"Response: {RESPONSE_LABELS[rec.response]}", "h2"),
        *_paragraphs(rec.response_text),
        Text(f"Actions: {p.done} of {p.total} done", "h2"),
        _actions_table(actions) if actions else Text("No actions answer it.", "note"),
    ]
    data = recommendation_json(plan, rec)
    rated = data["rating"].replace("-", " ")
    if rec.assessment is not None:
        a = rec.assessment
        rated += f" (assessed on {a.date}: {a.reason})"
    else:
        rated += ' (by its actions; see the README, "Ratings")'
    blocks.insert(-1, Text(f"Rating: {rated}"))
    more = _more(RECOMMENDATION, rec, _REC_SHOWN)
    if more:
        # Before "Actions: ...", after the response.
        blocks.insert(-3, _facts(more, 0))
    return Doc(blocks, data, _actions_csv(actions))


def action_doc(plan: Plan, a: Action) -> Doc:
    due = deadline_of(a).due
    facts = [
        ("Status", a.status + (f" on {a.done_on}" if a.done_on else "")),
        ("Owner", ", ".join(a.owner) or "(none)"),
        ("When", (a.when or "(no deadline)") + (f" (due {due.isoformat()})" if due else "")),
    ]
    if a.notes:
        facts.append(("Notes", a.notes))
    facts += _more(ACTION, a, _ACTION_SHOWN)
    blocks: list[Text | Table] = [Text(f"Action {a.id}", "h1"), Text(a.action), _facts(facts)]
    steps = milestones(a)
    if steps:
        blocks.append(Text("Milestones", "h2"))
        more = [_more(MILESTONE, m, _MILESTONE_SHOWN) for m in steps]
        extra = list(dict.fromkeys(k for found in more for k, _ in found))
        rows = []
        for m, found in zip(steps, more, strict=True):
            m_due = place(m.when).due
            by_key = dict(found)
            rows.append(
                (
                    m.label,
                    m.when,
                    m_due.isoformat() if m_due else "",
                    m.status,
                    *(by_key.get(k, "") for k in extra),
                )
            )
        headers = ("LABEL", "WHEN", "DUE", "STATUS", *(k.upper() for k in extra))
        blocks.append(Table(headers, rows, [m.status for m in steps]))
    updates = a.all_updates()
    if updates:
        blocks.append(Text("Updates", "h2"))
        if any(m for _, m in updates):
            dated = [(u.date, m.label if m else "", u.text) for u, m in updates]
            blocks.append(Table(("DATE", "MILESTONE", "UPDATE"), dated, optional=("MILESTONE",)))
        else:
            blocks.append(Table(("DATE", "UPDATE"), [(u.date, u.text) for u, _ in updates]))
    blocks.append(Text("Answers", "h2"))
    recs = [r for r in (plan.recommendation(i) for i in a.recommendations) if r]
    blocks.append(
        Table(
            ("REC", "RESPONSE", "TITLE"),
            [(r.id, RESPONSE_LABELS[r.response], r.title) for r in recs],
        )
    )
    return Doc(blocks, action_json(a), _actions_csv([a]))


def recommendation_list(plan: Plan) -> Doc:
    rows = []
    data = []
    for rec in plan.recommendations:
        p = progress(plan, rec.id)
        rows.append((rec.id, RESPONSE_LABELS[rec.response], f"{p.done}/{p.total}", rec.title))
        data.append(
            {
                **plan_field(rec.id),
                "id": rec_id_json(rec.id),
                "title": rec.title,
                "response": rec.response,
                "actions": p.total,
                "done": p.done,
                "action_ids": [a.id for a in plan.actions_for(rec.id)],
            }
        )
    table = Table(("ID", "RESPONSE", "DONE", "TITLE"), rows)
    return Doc([table], data)


def when_doc(text: str, found: Deadline, as_of: date) -> Doc:
    """How a deadline text is read: its window, and each step with the words understood."""
    milestones_ = set(found.milestones)
    due = found.due
    facts = [
        ("kind", found.kind),
        ("first", _iso(found.start) or "-"),
        ("last", f"{due.isoformat()} (due)" if due else "- (no fixed end)"),
        ("on " + as_of.isoformat(), _standing(found, as_of)),
    ]
    rows = [
        (
            str(n),
            s.label,
            s.text,
            s.form,
            _iso(s.start) or "",
            _iso(s.end) or "",
            "milestone" if s in milestones_ else "",
        )
        for n, s in enumerate(found.steps, 1)
    ]
    table = Table(("STEP", "LABEL", "WORDS", "READ AS", "FIRST", "LAST", "ROLE"), rows)
    # Every word and what it was taken for, so that an author sees a label was taken.
    words = Table(
        ("WORD", "ROLE", "STEP"),
        [(w.text, w.role, str(w.step) if w.step else "") for w in found.words],
    )
    data = {
        "text": text,
        "kind": found.kind,
        "start": _iso(found.start),
        "end": _iso(found.end),
        "due": _iso(due),
        "steps": [
            {
                "label": s.label,
                "text": s.text,
                "kind": s.kind,
                "form": s.form,
                "start": _iso(s.start),
                "end": _iso(s.end),
                "milestone": s in milestones_,
            }
            for s in found.steps
        ],
        "words": [{"text": w.text, "role": w.role, "step": w.step or None} for w in found.words],
    }
    width = max(len(k) for k, _ in facts) + 1
    lines = "\n".join(f"{k + ':':<{width}} {v}" for k, v in facts)
    return Doc([Text(text, "h1"), Text(lines), table, words], data, csv=table)


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _standing(found: Deadline, as_of: date) -> str:
    if found.kind == "done":
        return "done"
    if found.kind == "event":
        return "waits for an event"
    if found.start is not None and as_of < found.start:
        return f"starts in {_days((found.start - as_of).days)}"
    if found.end is None:
        return "running, no fixed end"
    if as_of > found.end:
        return f"overdue by {_days((as_of - found.end).days)}"
    return f"due in {_days((found.end - as_of).days)}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def info_doc(plan: Plan) -> Doc:
    """The evaluation the plan follows up, the management response, and the plan in
    figures (`info`, and `show` without an id)."""
    statuses = Counter(a.status for a in plan.actions)
    counts = ", ".join(f"{statuses[s]} {s}" for s in PROGRESS_ORDER)
    figures = (
        f"{_count(len(plan.recommendations), 'recommendation')} and "
        f"{_count(len(plan.actions), 'action')} ({counts})."
    )
    context = plan.context
    blocks: list[Text | Table] = []
    e = context.evaluation if context else None
    r = context.response if context else None
    if e is not None:
        blocks.append(Text(e.title, "h1"))
    facts = []
    if e is not None:
        facts += [
            ("Programme", e.programme),
            ("Period", e.period),
            ("Evaluator", e.evaluator),
            ("Carried out", e.when),
        ]
    if r is not None:
        facts.append(("Response", r.date))
        facts += [
            ("Signed by" if n == 0 else "", f"{s.name} ({s.role})" if s.role else s.name)
            for n, s in enumerate(r.signatories)
        ]
    shown = [(k, v) for k, v in facts if v]
    if shown:
        width = max(len(k) for k, _ in shown) + 1
        blocks.append(Text("\n".join(f"{(k + ':') if k else '':<{width}} {v}" for k, v in shown)))
    if r is not None and r.text:
        blocks += [Text("Overall response", "h2"), *_paragraphs(r.text)]
    if context is None:
        blocks.append(
            Text(
                "The plan has no plan.yaml: the evaluation and the response as a whole are "
                'not recorded (see the README, "The plan files").',
                "note",
            )
        )
    blocks += [Text("The plan", "h2"), Text(figures)]
    data = {
        "context": None if context is None else context_json(context),
        "recommendations": len(plan.recommendations),
        "actions": {"total": len(plan.actions), "by_status": {s: statuses[s] for s in STATUSES}},
    }
    return Doc(blocks, data)


def plans_doc(plans: list[tuple[PlanRef, Plan]]) -> Doc:
    """`info` on a portfolio: one line per plan, and each plan's `info` in JSON with its
    name."""
    rows = []
    data = []
    for ref, plan in plans:
        one = info_doc(plan).data
        assert isinstance(one, dict)
        data.append({"plan": ref.name, **one})
        e = plan.context.evaluation if plan.context else None
        r = plan.context.response if plan.context else None
        statuses = Counter(a.status for a in plan.actions)
        rows.append(
            (
                ref.name,
                (r.date or "") if r else "",
                str(len(plan.recommendations)),
                str(len(plan.actions)),
                str(statuses["done"]),
                e.title if e else "",
            )
        )
    table = Table(("PLAN", "RESPONSE", "RECS", "ACTIONS", "DONE", "EVALUATION"), rows)
    noun = "plan" if len(plans) == 1 else "plans"
    note = f"{len(plans)} {noun}; one of them: vvsgplan --plan NAME info"
    return Doc([table], data, notes=[note])
