"""`report` and `timeline` on the bundled plan, checked against a hand count of the
document as it stood on 1 September 2019."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import DUTCH_SECTIONS, as_json, ok, run
from markdown_it import MarkdownIt

AS_OF = ("--as-of", "2019-09-01")


def test_report_figures_agree_with_a_hand_count() -> None:
    data = as_json("report", *AS_OF)
    # Responses: akkoord 1, 2, 7, 8, 9; deels 3, 4; niet akkoord 6; buiten bereik 5.
    assert data["recommendations"] == {
        "total": 9,
        "by_response": {"agree": 5, "partially-agree": 2, "disagree": 1, "noted": 1},
    }
    # Fifteen rows in the action plan; only the peer review is done ("Gedaan in april 2019").
    actions = data["actions"]
    assert (actions["total"], actions["by_status"]) == (
        15,
        {"open": 14, "in-progress": 0, "done": 1, "dropped": 0},
    )
    assert actions["share_done"] == round(1 / 15, 4)
    # "Zomer 2019" ended on 31 August: A3, B2, C1, C2 and the selection step of D2.
    assert actions["overdue"] == ["A3", "B2", "C1", "C2", "D2"]
    assert [(r["id"], r["milestone"]) for r in data["overdue"]] == [
        ("A3", None),
        ("B2", None),
        ("C1", None),
        ("C2", None),
        ("D2", "Selectie"),
    ]
    # Nothing ends between 1 September and 1 October 2019: the next is "najaar 2019".
    assert data["approaching"] == []
    assert data["undated"] == ["A4", "C3", "D1"]
    assert data["completed"] == []  # April 2019 is before 3 June 2019 (90 days back)


def test_report_per_recommendation() -> None:
    lines = {r["id"]: r for r in as_json("report", *AS_OF)["per_recommendation"]}
    # Recommendation 6 (theme C): C1 and C2 are overdue, C3 and C4 are not.
    assert (lines[6]["by_status"]["open"], lines[6]["overdue"]) == (4, 2)
    # Recommendation 8 (theme B): B1 done, B2 overdue, B3 due at the end of 2019.
    assert lines[8]["by_status"] == {"done": 1, "in-progress": 0, "open": 2, "dropped": 0}
    assert (lines[8]["overdue"], lines[8]["share_done"]) == (1, round(1 / 3, 4))
    # Recommendations 5 and 9 have no actions.
    assert lines[5]["share_done"] is None and lines[9]["share_done"] is None
    assert [lines[n]["overdue"] for n in range(1, 10)] == [1, 1, 1, 1, 0, 2, 0, 1, 0]


def test_report_per_owner() -> None:
    owners = {o["owner"]: o for o in as_json("report", *AS_OF)["per_owner"]}
    # VVSG Internationaal: A1-A5, B2, B3, C1, C4, D3 open; A3, B2, C1 overdue; next is C4's
    # step in the autumn of 2019.
    assert owners["VVSG Internationaal"] == {
        "owner": "VVSG Internationaal",
        "open": 10,
        "overdue": 3,
        "next_due": "2019-11-30",
    }
    # The board: C2, C3, D2; C2 and D2's selection overdue; next is the Trefdag, October 2020.
    assert owners["VVSG directie"] == {
        "owner": "VVSG directie",
        "open": 3,
        "overdue": 2,
        "next_due": "2020-10-31",
    }
    assert owners["VVSG diensten"]["open"] == 2
    assert owners[None] == {"owner": None, "open": 1, "overdue": 0, "next_due": None}  # D1


def test_report_horizon_and_since() -> None:
    data = as_json("report", *AS_OF, "--horizon", "120", "--since", "2019-01-01")
    # By 30 December: C4's step (30 November); A2 and B3 end on 31 December, 121 days on.
    assert [(r["id"], r["milestone"]) for r in data["approaching"]] == [
        ("C4", "SDG's op leernetwerk vrije tijd")
    ]
    assert data["completed"] == [{"id": "B1", "milestone": None, "done_on": "2019-04"}]


def test_report_labels_in_both_languages() -> None:
    dutch = ok("report", *AS_OF, "--lang", "nl")
    assert "Opvolgingsrapport (stand op 2019-09-01)" in dutch
    assert "Voortgang per aanbeveling" in dutch
    english = ok("report", *AS_OF)
    assert "Follow-up report (as of 2019-09-01)" in english
    # The plan's own texts stay as written in either language.
    assert "Online publicatie over SDG's" in english


def test_markdown_report_is_commonmark_with_tables() -> None:
    text = ok("report", *AS_OF, "--format", "markdown", "--title", "VVSG Internationaal")
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings = [tokens[i + 1].content for i, tok in enumerate(tokens) if tok.type == "heading_open"]
    assert headings[0] == "VVSG Internationaal (stand op 2019-09-01)"
    assert headings[1:] == DUTCH_SECTIONS
    # Headline figures, summary, per recommendation, per owner, overdue, no fixed deadline.
    assert sum(tok.type == "table_open" for tok in tokens) == 6
    # No table line fell out of its table into a paragraph.
    paragraphs = [
        tokens[i + 1].content for i, tok in enumerate(tokens) if tok.type == "paragraph_open"
    ]
    assert not any(p.startswith("|") for p in paragraphs)
    assert any(tok.type == "fence" and "A3" in tok.content for tok in tokens)


def test_report_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = run("report", *AS_OF, "-f", "markdown", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Opvolgingsrapport")


# --- timeline ---------------------------------------------------------------------------


def _rows(text: str) -> dict[str, str]:
    return {line[:5].strip(): line[5:] for line in text.splitlines() if re.match(r"[A-D]\d ", line)}


@pytest.mark.parametrize("width", [80, 160])
def test_timeline_plain_at_80_and_160_columns(width: int) -> None:
    text = ok("timeline", *AS_OF, "--width", str(width))
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines)
    assert "\x1b[" not in text
    assert lines[0].split() == ["2019", "2020"]
    assert lines[1].split() == list("JFMAMJJASOND" * 2)
    rows = _rows(text)
    assert sorted(rows) == sorted(
        ["A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "C1", "C2", "C3", "C4", "D1", "D2", "D3"]
    )
    now = rows["A2"].index("|")  # the as-of line, where A2 (Eind 2019) has not started
    # Summer 2019 ended the day before 1 September: those bars are overdue ("!") and end
    # in the column of the line at the latest.
    for late in ("A3", "B2", "C1", "C2"):
        assert set(rows[late].strip()) == {"!"}
        assert now - 1 <= len(rows[late].rstrip()) - 1 <= now
    assert set(rows["B1"].strip(" |")) == {"#"}  # done in April 2019
    assert rows["A4"].rstrip().endswith(">")  # 2020 en verder
    assert rows["D2"].count("X") == 1 and rows["D2"].rstrip().endswith(
        "*"
    )  # Selectie late, Trefdag open
    assert rows["C3"].strip().startswith("(event: na start nieuwe Vlaamse regering)")
    assert rows["D1"].split() == ["(no", "deadline)", "|"]
    # Grouped by the first recommendation each action answers, in plan order within.
    order = [line[:2] for line in lines if re.match(r"[A-D]\d ", line)]
    assert order == [
        "A4",
        "A5",
        "A1",
        "A2",
        "A3",
        "D1",
        "D2",
        "D3",
        "C1",
        "C2",
        "C3",
        "C4",
        "B1",
        "B2",
        "B3",
    ]
    assert lines[-1].startswith("= open  ! overdue  # done")


def test_timeline_between_two_periods() -> None:
    text = ok("timeline", *AS_OF, "--from", "2019-06", "--to", "2019-12", "--width", "80")
    assert text.splitlines()[1].split() == list("JJASOND")
    assert _rows(text)["A1"].rstrip().endswith(">")  # 2019-2020 runs on past December 2019


def test_timeline_rejects_a_bad_period() -> None:
    result = run("timeline", "--from", "someday")
    assert result.exit_code == 2
    assert "--from: cannot read 'someday' as a date" in result.stderr
