"""Deadlines as an iCalendar file (RFC 5545): one all-day event per open action or open
milestone on its due day, with a UID that stays the same from one export to the next, so
that importing the file again updates the events instead of doubling them."""

import hashlib
import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Final

from vvsgplan import __version__
from vvsgplan.fields import STATUS_CHOICES, labels
from vvsgplan.model import Plan
from vvsgplan.query import DueRow
from vvsgplan.safe import printable

LABELS: Final = {
    "en": {
        "deadline": "Deadline",
        "owner": "Owner",
        "recommendation": "Recommendation",
        "status": "Status",
        "calendar": "Deadlines",
    },
    "nl": {
        "deadline": "Termijn",
        "owner": "Verantwoordelijke",
        "recommendation": "Aanbeveling",
        "status": "Status",
        "calendar": "Termijnen",
    },
}


def text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11): backslashes, semicolons, commas and line breaks
    escaped; a tab as a space; control characters, which the format does not allow, and
    the bidi controls, which would make a calendar show the text otherwise than it is,
    as `printable` shows them."""
    shown = printable(value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    return shown.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded to lines of at most 75 octets, never inside a character."""
    out: list[str] = []
    current, size = "", 0
    # An escape (a backslash and the character after it) stays on one line.
    units = re.findall(r"\\.|.", line, flags=re.S)
    for ch in units:
        width = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation line starts with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def plan_key(plan: Plan) -> str:
    """What tells this plan's events from another plan's with the same action ids: the
    evaluation's title and the response's date (plan.yaml), else the recommendations'
    titles; so it survives a clone, a move and every change to the actions."""
    context = plan.context
    if context is not None and context.evaluation is not None:
        date_ = context.response.date if context.response else None
        basis = f"{context.evaluation.title}\n{date_ or ''}"
    else:
        basis = "\n".join(r.title for r in plan.recommendations)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]


def uid(row: DueRow, key: str) -> str:
    """The event's UID: the action id as its plan writes it (letters, digits, '.', '-',
    '_'), a digest of the milestone's label, and the plan's key."""
    part = ""
    if row.milestone is not None:
        part = "-m" + hashlib.sha256(row.milestone.label.encode("utf-8")).hexdigest()[:10]
    return f"{getattr(row.action.id, 'local', row.action.id)}{part}@{key}.vvsgplan"


def stamp(now: datetime | None = None) -> str:
    """DTSTAMP: when the file was made, in UTC."""
    moment = now or datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _day(d: date) -> str:
    # Not strftime: its %Y leaves out the leading zeros of a year before 1000.
    return d.isoformat().replace("-", "")


def calendar(
    plan: Plan,
    rows: list[DueRow],
    *,
    made: datetime,
    lang: str,
    name: str,
    keys: Mapping[str, str] | None = None,
) -> str:
    """The calendar of `rows`; `keys` gives the key of each plan of a portfolio, by name,
    so that an event's UID is the same in its plan's calendar and the portfolio's."""
    t = LABELS[lang]
    keys = keys or {}
    own = plan_key(plan)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//vvsgplan//vvsgplan {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(name)}",
    ]
    for row in rows:
        a = row.action
        subject = f"{a.id} {row.milestone.label}" if row.milestone else a.id
        details = [f"{t['deadline']}: {row.when}"]
        if a.owner:
            details.append(f"{t['owner']}: {', '.join(a.owner)}")
        for rec_id in a.recommendations:
            rec = plan.recommendation(rec_id)
            details.append(f"{t['recommendation']} {rec_id}: {rec.title if rec else ''}")
        details.append(f"{t['status']}: {labels(STATUS_CHOICES, lang)[a.status]}")
        details.append(a.action)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{text(uid(row, keys.get(getattr(a.id, 'plan', ''), own)))}",
            f"DTSTAMP:{stamp(made)}",
            f"DTSTART;VALUE=DATE:{_day(row.due)}",
            # The end is the next day; 9999-12-31 has none, and a day alone is one day long.
            *(
                [f"DTEND;VALUE=DATE:{_day(row.due + timedelta(days=1))}"]
                if row.due < date.max
                else []
            ),
            f"SUMMARY:{text(f'{subject}: {a.action}')}",
            f"DESCRIPTION:{text(chr(10).join(details))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
