"""The bundled plan answers the daily questions as a careful reader of the document would.

Every expected value below was read off the action plan table and the nine responses of
docs/management-response-2019.md (5 July 2019), not taken from the program's output.
"""

from __future__ import annotations

from conftest import as_csv, as_json, ok, run

# The action plan table, row by row: theme letter + row number within the theme.
ALL_ACTIONS = [
    "A1",
    "A2",
    "A3",
    "A4",
    "A5",
    "B1",
    "B2",
    "B3",
    "C1",
    "C2",
    "C3",
    "C4",
    "D1",
    "D2",
    "D3",
]


def test_due_before_2020_lists_what_the_plan_dates_in_2019() -> None:
    """ "Zomer 2019" ends 31 August, "najaar 2019" 30 November, "Eind 2019" and "Tweede
    helft 2019" 31 December; milestones stand for their action; nothing of 2020 shows."""
    rows = as_csv("due", "--before", "2020-01", "--as-of", "2019-09-01")
    got = [(r["DUE"], r["ID"], r["MILESTONE"]) for r in rows]
    assert got == [
        ("2019-08-31", "A3", ""),  # Online publicatie ... Zomer 2019
        ("2019-08-31", "B2", ""),  # Evaluatie outcome harvesting, Zomer 2019
        ("2019-08-31", "C1", ""),  # jaarplan VVSG Internationaal, Zomer 2019
        ("2019-08-31", "C2", ""),  # SDG's insteek jaarplannen, Zomer 2019
        ("2019-08-31", "D2", "Selectie"),  # "Selectie zomer 2019"
        ("2019-11-30", "C4", "SDG's op leernetwerk vrije tijd"),  # "in najaar 2019"
        ("2019-12-31", "A2", ""),  # Update 'Lokale schouders', Eind 2019
        ("2019-12-31", "B3", ""),  # Nagaan bij collega's, Tweede helft 2019
    ]
    # On 1 September 2019 the summer deadlines have passed, the autumn and year-end ones not.
    assert [r["ID"] for r in rows if r["OVERDUE"] == "overdue"] == ["A3", "B2", "C1", "C2", "D2"]


def test_due_counts_what_has_no_fixed_deadline_in_a_footer() -> None:
    """A4 ("2020 en verder"), C3 ("na start nieuwe Vlaamse regering") and D1 (no
    "Wanneer") are never dropped silently."""
    out = ok("due", "--before", "2020-01", "--as-of", "2019-09-01")
    assert "3 open actions have no fixed deadline (A4, C3, D1)" in out
    assert "vvsgplan list --undated --status open" in out
    listed = as_csv("list", "--undated", "--status", "open")
    assert [r["ID"] for r in listed] == ["A4", "C3", "D1"]


def test_due_without_a_bound_lists_2020_too_and_never_the_done_action() -> None:
    rows = as_csv("due", "--as-of", "2019-09-01")
    ids = [(r["ID"], r["MILESTONE"]) for r in rows]
    assert ("B1", "") not in ids  # "Gedaan in april 2019"
    # Voorjaar 2020, September 2020, "Trefdag in oktober 2020", and 2019-2020 last.
    assert ids[-4:] == [("D3", ""), ("A5", ""), ("D2", "Trefdag"), ("A1", "")]
    assert [r["DUE"] for r in rows[-4:]] == ["2020-05-31", "2020-09-30", "2020-10-31", "2020-12-31"]


def test_show_4_gives_the_recommendation_the_response_and_its_actions() -> None:
    data = as_json("show", "4")
    assert data["title"] == "Ondersteunen van het ‘anders doen’."
    assert data["response"] == "partially-agree"  # "De VVSG gaat deels akkoord"
    assert data["response_text"].startswith("De VVSG gaat deels akkoord met deze aanbeveling.")
    assert data["text"].startswith("Het is niet evident voor de VVSG om, met de huidige capaciteit")
    # Theme D, "Ondersteunen van het 'anders doen'", answers recommendation 4.
    assert [a["id"] for a in data["actions"]] == ["D1", "D2", "D3"]
    out = ok("show", "4")
    assert "Response: partially agree" in out
    assert "Actions: 0 of 3 done" in out


def test_show_an_action_gives_its_milestones_and_recommendations() -> None:
    data = as_json("show", "D2")
    assert data["owner"] == ["VVSG directie"]
    assert data["when"] == "Selectie zomer 2019; Trefdag in oktober 2020"
    assert data["due"] == "2020-10-31"
    assert [(m["label"], m["when"], m["due"]) for m in data["milestones"]] == [
        ("Selectie", "zomer 2019", "2019-08-31"),
        ("Trefdag", "oktober 2020", "2020-10-31"),
    ]
    out = ok("show", "d2")  # ids are found in any case
    assert "Action D2" in out
    assert "Ondersteunen van het ‘anders doen’." in out
    assert "Vorming systeemdenken aanbieden aan gemeenten." in out  # recommendation 3


def test_show_the_done_action() -> None:
    data = as_json("show", "B1")
    assert (data["status"], data["done_on"], data["due"]) == ("done", "2019-04", "2019-04-30")
    assert data["recommendations"] == [8]


def test_list_owner_vvsg_directie() -> None:
    """The board (VVSG directie) owns C3 and D2, and mandates C2."""
    assert [r["ID"] for r in as_csv("list", "--owner", "VVSG directie")] == ["C2", "C3", "D2"]
    assert [r["ID"] for r in as_csv("list", "--owner", "vvsg  DIRECTIE")] == ["C2", "C3", "D2"]


def test_list_owner_vvsg_diensten() -> None:
    """The services work on C2 (mandated) and C4 ("ism VVSG diensten")."""
    assert [r["ID"] for r in as_csv("list", "--owner", "VVSG diensten")] == ["C2", "C4"]


def test_list_gives_every_row_of_the_table_in_order() -> None:
    assert [r["ID"] for r in as_csv("list")] == ALL_ACTIONS


def test_recs_gives_each_response_and_progress() -> None:
    rows = as_json("recs")
    assert [(r["id"], r["response"]) for r in rows] == [
        (1, "agree"),  # "De VVSG gaat akkoord met deze aanbeveling."
        (2, "agree"),  # "VVSG Internationaal gaat akkoord met deze aanbeveling"
        (3, "partially-agree"),  # "zal bekijken of een vorming de beste manier is"
        (4, "partially-agree"),  # "De VVSG gaat deels akkoord"
        (5, "noted"),  # "valt dit grotendeel buiten het bereik van de VVSG"
        (6, "disagree"),  # "De VVSG is niet akkoord met deze vaststelling"
        (7, "agree"),  # "De VVSG is akkoord dat regionaal werken ..."
        (8, "agree"),  # "VVSG Internationaal is akkoord dat ..."
        (9, "agree"),  # "zal nagaan hoe deze aanbeveling in de praktijk omgezet kan worden"
    ]
    # Recommendation 8 (theme B): peer review was "Gedaan in april 2019", two more open.
    eight = rows[7]
    assert (eight["done"], eight["actions"]) == (1, 3)
    # No action answers recommendations 5 and 9.
    assert rows[4]["actions"] == rows[8]["actions"] == 0
    out = ok("recs")
    assert "1/3" in out


def test_unknown_ids_exit_2_with_the_closest() -> None:
    result = run("show", "D4")
    assert result.exit_code == 2
    assert "no recommendation or action 'D4'" in result.stderr
    assert "D1" in result.stderr
    result = run("show", "12")
    assert result.exit_code == 2
    assert "no recommendation 12; there are 1-9" in result.stderr
