"""Each owner's own list: what is overdue, what is due soon, what waits without a
deadline, and what was done lately; as a document to paste into an e-mail."""

import re
from datetime import date
from typing import Any, NamedTuple

from vvsgplan.fields import STATUS_CHOICES, labels
from vvsgplan.model import Action, Plan
from vvsgplan.portfolio import plan_field
from vvsgplan.query import DueRow, due, match_owner, shift
from vvsgplan.render import Doc, Text
from vvsgplan.report import NO_OWNER, Completed, completed_between


class Digest(NamedTuple):
    owner: str  # NO_OWNER: the actions that name none
    overdue: list[DueRow]
    approaching: list[DueRow]
    undated: list[Action]
    done: list[Completed]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.approaching or self.undated or self.done)


def digests(plan: Plan, *, as_of: date, days: int, owner: str | None = None) -> list[Digest]:
    """One digest per owner (with `owner`, that one only, even when it holds nothing);
    owners with nothing to say are left out of the full run."""
    owners = [match_owner(plan, owner)] if owner is not None else [*plan.owners(), NO_OWNER]
    found = due(plan, as_of=as_of)
    horizon = shift(as_of, days)
    done = completed_between(plan, shift(as_of, -days), as_of)
    result = []
    for name in owners:

        def theirs(action: Action, name: str = name) -> bool:
            return name in action.owner if name else not action.owner

        digest = Digest(
            name,
            [r for r in found.rows if r.overdue and theirs(r.action)],
            [r for r in found.rows if as_of <= r.due <= horizon and theirs(r.action)],
            [a for a in found.undated if theirs(a)],
            [c for c in done if theirs(c.action)],
        )
        if owner is not None or not digest.empty:
            result.append(digest)
    return result


_WORDS = {
    "en": {
        "title": "{owner}: follow-up on {day}",
        "no_owner": "Actions without an owner",
        "overdue": "Overdue ({n})",
        "approaching": "Due within {days} days ({n})",
        "undated": "Waiting without a fixed deadline ({n})",
        "done": "Done in the last {days} days ({n})",
        "none": "Nothing.",
        "due": "due {day}",
        "done_on": "done {day}",
        "also": "with {names}",
        "no deadline": "no deadline",
        "latest": "latest update {day}: {text}",
        "nobody": "Nothing to report for anyone.",
    },
    "nl": {
        "title": "{owner}: opvolging op {day}",
        "no_owner": "Acties zonder verantwoordelijke",
        "overdue": "Over tijd ({n})",
        "approaching": "Te doen binnen {days} dagen ({n})",
        "undated": "Wacht zonder vaste termijn ({n})",
        "done": "Uitgevoerd in de laatste {days} dagen ({n})",
        "none": "Niets.",
        "due": "termijn {day}",
        "done_on": "uitgevoerd {day}",
        "also": "met {names}",
        "no deadline": "geen termijn",
        "latest": "laatste update {day}: {text}",
        "nobody": "Voor niemand iets te melden.",
    },
}
# With the label of the one status a digest names, as the declaration gives it.
LABELS = {
    lang: {**words, "in-progress": labels(STATUS_CHOICES, lang)["in-progress"]}
    for lang, words in _WORDS.items()
}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _item(
    action: Action,
    label: str | None,
    facts: list[str],
    owner: str,
    t: dict[str, str],
    as_of: date,
) -> str:
    others = [o for o in action.owner if o != owner]
    if action.status == "in-progress":
        facts.append(t["in-progress"])
    if others:
        facts.append(t["also"].format(names=", ".join(others)))
    latest = action.latest_update(as_of.isoformat())
    if latest and action.active:
        update, _ = latest
        facts.append(t["latest"].format(day=update.date, text=_one_line(update.text)))
    subject = f"{action.id} {label}" if label else action.id
    return f"{subject} ({'; '.join(facts)}): {_one_line(action.action)}"


def _due_item(row: DueRow, owner: str, t: dict[str, str], as_of: date) -> str:
    facts = [t["due"].format(day=row.due.isoformat()), row.when]
    label = row.milestone.label if row.milestone else None
    return _item(row.action, label, facts, owner, t, as_of)


def digest_doc(found: list[Digest], *, as_of: date, days: int, lang: str) -> Doc:
    t = LABELS[lang]
    blocks: list[Text] = []
    for d in found:
        blocks += digest_blocks(d, as_of=as_of, days=days, lang=lang)
    if not found:
        blocks.append(Text(t["nobody"], "note"))
    return Doc(blocks, [digest_json(d) for d in found])


def digest_blocks(d: Digest, *, as_of: date, days: int, lang: str) -> list[Text]:
    t = LABELS[lang]
    owner = d.owner or t["no_owner"]
    blocks = [Text(t["title"].format(owner=owner, day=as_of.isoformat()), "h1")]
    lists = [
        (t["overdue"], [_due_item(r, d.owner, t, as_of) for r in d.overdue]),
        (t["approaching"], [_due_item(r, d.owner, t, as_of) for r in d.approaching]),
        (
            t["undated"],
            [_item(a, None, [a.when or t["no deadline"]], d.owner, t, as_of) for a in d.undated],
        ),
        (
            t["done"],
            [
                _item(
                    c.action,
                    c.milestone.label if c.milestone else None,
                    [t["done_on"].format(day=c.done_on)],
                    d.owner,
                    t,
                    as_of,
                )
                for c in d.done
            ],
        ),
    ]
    for title, items in lists:
        blocks.append(Text(title.format(n=len(items), days=days), "h2"))
        blocks += [Text(i, "item") for i in items] or [Text(t["none"], "note")]
    return blocks


def digest_json(d: Digest) -> dict[str, Any]:
    def row(r: DueRow) -> dict[str, Any]:
        return {
            **plan_field(r.action.id),
            "id": r.action.id,
            "milestone": r.milestone.label if r.milestone else None,
            "due": r.due.isoformat(),
            "when": r.when,
            "status": r.action.status,
        }

    return {
        "owner": d.owner or None,
        "overdue": [row(r) for r in d.overdue],
        "approaching": [row(r) for r in d.approaching],
        "undated": [a.id for a in d.undated],
        "done": [
            {
                **plan_field(c.action.id),
                "id": c.action.id,
                "milestone": c.milestone.label if c.milestone else None,
                "done_on": c.done_on,
            }
            for c in d.done
        ],
    }


def file_name(owner: str, taken: set[str], suffix: str) -> str:
    """A file name for an owner's digest: lower case, letters and digits joined by '-',
    accents left off (in any script); never a hidden file, never a path, never one
    already taken."""
    import unicodedata

    letters = unicodedata.normalize("NFKD", owner.casefold())
    plain = "".join(c for c in letters if not unicodedata.combining(c))
    stem = re.sub(r"[\W_]+", "-", plain).strip("-") or ("owner" if owner else "no-owner")
    name, n = f"{stem}{suffix}", 2
    while name in taken:
        name, n = f"{stem}-{n}{suffix}", n + 1
    taken.add(name)
    return name
