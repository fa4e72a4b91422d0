"""Each owner's digest, and the deadlines as an iCalendar file read back by the
`icalendar` library. Expected values are read off the action plan of 5 July 2019."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from conftest import BUNDLED, MINIMAL_RECS, ok, run
from markdown_it import MarkdownIt

MakePlan = Callable[..., Path]
AS_OF = ("--as-of", "2019-09-01")


# --- digest -----------------------------------------------------------------------------


def test_the_boards_digest() -> None:
    """The board (VVSG directie): C2 and D2's selection ended with the summer; C3 waits
    for the new Flemish government; nothing is due in September."""
    out = ok("digest", "--owner", "vvsg directie", *AS_OF)
    lines = out.splitlines()
    assert lines[0] == "VVSG directie: follow-up on 2019-09-01"
    sections = [line for line in lines if line and not line.startswith("- ") and line != lines[0]]
    assert sections == [
        "Overdue (2)",
        "Due within 30 days (0)",
        "Nothing.",
        "Waiting without a fixed deadline (1)",
        "Done in the last 30 days (0)",
        "Nothing.",
    ]
    items = [line for line in lines if line.startswith("- ")]
    assert [i.split(" (")[0] for i in items] == ["- C2", "- D2 Selectie", "- C3"]
    assert items[0].startswith("- C2 (due 2019-08-31; Zomer 2019; with VVSG diensten): De SDG's")
    assert items[2] == (
        "- C3 (na start nieuwe Vlaamse regering): In de verdere uitwerking van het "
        "duurzaamheidspact dat VVSG voorlegde aan de Vlaamse overheid, blijven de SDG's de rode draad"
    )


def test_every_owners_digest_in_markdown() -> None:
    text = ok("digest", *AS_OF, "--days", "100", "--format", "markdown")
    tokens = MarkdownIt("commonmark").parse(text)
    owners = [
        tokens[i + 1].content for i, t in enumerate(tokens) if t.tag == "h1" and t.nesting == 1
    ]
    assert owners == [
        "VVSG Internationaal: opvolging op 2019-09-01",
        "VVSG diensten: opvolging op 2019-09-01",
        "VVSG directie: opvolging op 2019-09-01",
        "Acties zonder verantwoordelijke: opvolging op 2019-09-01",  # D1
    ]
    # Within 100 days (by 10 December): C4's autumn step, owned by both VVSG Internationaal
    # and VVSG diensten.
    assert (
        "## Te doen binnen 100 dagen (1)\n\n- C4 SDG's op leernetwerk vrije tijd (termijn 2019-11-30"
        in text
    )
    # Within the last 100 days: nothing; B1 was done in April.
    assert text.count("## Uitgevoerd in de laatste 100 dagen (0)") == 4


def test_digest_split_writes_one_file_per_owner(tmp_path: Path) -> None:
    out = tmp_path / "mails"
    result = run("digest", *AS_OF, "--format", "markdown", "--split", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "no-owner.md",
        "vvsg-diensten.md",
        "vvsg-directie.md",
        "vvsg-internationaal.md",
    ]
    assert (
        (out / "vvsg-directie.md")
        .read_text("utf-8")
        .startswith("# VVSG directie: opvolging op 2019-09-01\n")
    )
    assert result.stdout == ""
    assert result.stderr.count("Wrote ") == 4
    single = tmp_path / "json"
    ok("digest", *AS_OF, "--format", "json", "--owner", "VVSG diensten", "--split", str(single))
    data = json.loads((single / "vvsg-diensten.json").read_text("utf-8"))
    assert (data["owner"], [r["id"] for r in data["overdue"]]) == ("VVSG diensten", ["C2"])


def test_digest_file_names_are_safe(make_plan: MakePlan, tmp_path: Path) -> None:
    actions = """\
- id: x1
  recommendations: [1]
  action: Iets
  owner: ../../Élise Dupont
  when: maart 2020
- id: x2
  recommendations: [1]
  action: Iets anders
  owner: élise dupont!
  when: april 2020
"""
    data = make_plan(actions=actions)
    out = tmp_path / "out"
    ok("digest", "--as-of", "2020-03-15", "--days", "60", "--split", str(out), data=data)
    assert sorted(p.name for p in out.iterdir()) == ["elise-dupont-2.txt", "elise-dupont.txt"]


def test_digest_of_an_unknown_owner() -> None:
    result = run("digest", "--owner", "Nobody")
    assert result.exit_code == 2
    assert "no action has owner 'Nobody'" in result.stderr


# --- ics --------------------------------------------------------------------------------

# Open work with a due day, as `due` lists it: an action with open dated milestones by them.
EXPECTED = [
    ("A3", date(2019, 8, 31)),  # Zomer 2019
    ("B2", date(2019, 8, 31)),
    ("C1", date(2019, 8, 31)),
    ("C2", date(2019, 8, 31)),
    ("D2 Selectie", date(2019, 8, 31)),  # Selectie zomer 2019
    ("C4 SDG's op leernetwerk vrije tijd", date(2019, 11, 30)),  # najaar 2019
    ("A2", date(2019, 12, 31)),  # Eind 2019
    ("B3", date(2019, 12, 31)),  # Tweede helft 2019
    ("D3", date(2020, 5, 31)),  # Voorjaar 2020
    ("A5", date(2020, 9, 30)),  # September 2020
    ("D2 Trefdag", date(2020, 10, 31)),  # Trefdag in oktober 2020
    ("A1", date(2020, 12, 31)),  # 2019-2020
]


def events(raw: bytes) -> list[Any]:
    """The events of a calendar, as the library reads them (its typing is loose)."""
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0" and "PRODID" in calendar
    return list(calendar.walk("VEVENT"))


def export(data: Path = BUNDLED, *args: str) -> bytes:
    result = run("ics", *args, data=data)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_ics_parses_with_an_all_day_event_per_deadline() -> None:
    raw = export()
    found = events(raw)
    assert [(str(e["SUMMARY"]).split(": ")[0], e["DTSTART"].dt) for e in found] == EXPECTED
    for e in found:
        assert type(e["DTSTART"].dt) is date  # all day: a date, not a time
        assert e["DTEND"].dt == e["DTSTART"].dt + timedelta(days=1)
        assert "DTSTAMP" in e
    d2 = next(e for e in found if str(e["SUMMARY"]).startswith("D2 Trefdag"))
    description = str(d2["DESCRIPTION"]).splitlines()
    assert description[:4] == [
        "Deadline: oktober 2020",
        "Owner: VVSG directie",
        "Recommendation 4: Ondersteunen van het ‘anders doen’.",
        "Recommendation 3: Vorming systeemdenken aanbieden aan gemeenten.",
    ]
    # RFC 5545: CRLF line ends, lines of at most 75 octets.
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 75


def test_ics_uids_are_stable_so_a_new_import_updates(repo_copy: Path) -> None:
    first = {str(e["UID"]): e for e in events(export(repo_copy))}
    again = {str(e["UID"]): e for e in events(export(repo_copy))}
    assert list(first) == list(again)
    assert len(set(first)) == len(EXPECTED)
    # B2 done, A2 moved: B2 leaves, A2 keeps its UID with its new day, the rest stay.
    ok("done", "B2", "--on", "2019-08-30", data=repo_copy)
    ok("reschedule", "A2", "Voorjaar 2020", "--reason", "Later", data=repo_copy)
    after = {str(e["UID"]): e for e in events(export(repo_copy))}
    b2 = next(uid for uid, e in first.items() if str(e["SUMMARY"]).startswith("B2:"))
    a2 = next(uid for uid, e in first.items() if str(e["SUMMARY"]).startswith("A2:"))
    assert set(after) == set(first) - {b2}
    assert after[a2]["DTSTART"].dt == date(2020, 5, 31)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    return data


def test_ics_escapes_hostile_text(make_plan: MakePlan) -> None:
    # A control character is refused at load (README, "Safety"); the rest stays hostile.
    action = "Komma, puntkomma; backslash \\ en\\nniets\nEND:VCALENDAR\nBEGIN:VEVENT"
    actions = (
        "- id: x1\n  recommendations: [1]\n  action: "
        + json.dumps(action)
        + "\n  owner: 'BEGIN:VEVENT'\n  when: maart 2020\n"
    )
    data = make_plan(actions=actions)
    raw = export(data)
    [event] = events(raw)
    assert str(event["SUMMARY"]) == "x1: " + action
    assert "Owner: BEGIN:VEVENT" in str(event["DESCRIPTION"])
    # The line breaks in the text stayed text: one event, one calendar.
    lines = raw.split(b"\r\n")
    assert lines.count(b"BEGIN:VEVENT") == 1 and lines.count(b"END:VCALENDAR") == 1
    assert b"\x07" not in raw


def test_ics_for_one_owner_to_a_file(repo_copy: Path) -> None:
    out = repo_copy.parent / "directie.ics"
    result = run("ics", "--owner", "VVSG directie", "-o", str(out), data=repo_copy)
    assert result.exit_code == 0 and result.stdout == ""
    found = events(out.read_bytes())
    assert [str(e["SUMMARY"]).split(": ")[0] for e in found] == ["C2", "D2 Selectie", "D2 Trefdag"]
    before = (repo_copy / "actions.yaml").read_bytes()
    result = run("ics", "-o", str(repo_copy / "actions.yaml"), data=repo_copy)
    assert result.exit_code == 3
    assert "is a file of the plan" in result.stderr
    assert (repo_copy / "actions.yaml").read_bytes() == before


def test_ics_without_a_context_file_still_has_stable_uids(make_plan: MakePlan) -> None:
    data = make_plan(recommendations=MINIMAL_RECS)
    uids = [str(e["UID"]) for e in events(export(data))]
    assert uids == [str(e["UID"]) for e in events(export(data))]
    assert len(uids) == 1 and uids[0].startswith("x1@")
