"""Dated progress updates (`note`, and the reasons of done, drop and reschedule), the
plan's context file and hand-given ratings: written surgically, read back, checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL_ACTIONS, MINIMAL_RECS, as_json, ok, run
from test_change import git, numstat, repo  # noqa: F401  (the fixture)

MakePlan = Callable[..., Path]


def test_note_appends_a_dated_update_and_nothing_else(repo: Path) -> None:  # noqa: F811
    out = ok("note", "B2", "Eerste bezoeken gepland", "--on", "2019-07-20", data=repo)
    assert out == "B2: update 2019-07-20: Eerste bezoeken gepland\n"
    assert numstat(repo.parent) == [(3, 0, "data/actions.yaml")]
    added = [
        line[1:]
        for line in git(repo.parent, "diff", "-U0").splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert added == [
        "  updates:",
        "    - date: '2019-07-20'",
        "      text: Eerste bezoeken gepland",
    ]
    ok("note", "B2", "Drie gemeenten bezocht", "--on", "2019-08-10", data=repo)
    assert numstat(repo.parent) == [(5, 0, "data/actions.yaml")]  # the list grows by one item
    b2 = as_json("show", "B2", data=repo)
    assert b2["updates"] == [
        {"date": "2019-07-20", "text": "Eerste bezoeken gepland"},
        {"date": "2019-08-10", "text": "Drie gemeenten bezocht"},
    ]
    assert b2["notes"] is None and b2["status"] == "open"
    # Any YAML reader reads the days as text.
    loaded = {a["id"]: a for a in yaml.safe_load((repo / "actions.yaml").read_text("utf-8"))}
    assert loaded["B2"]["updates"][0] == {"date": "2019-07-20", "text": "Eerste bezoeken gepland"}
    ok("check", data=repo)


def test_show_lists_updates_newest_first(repo: Path) -> None:  # noqa: F811
    ok("note", "D2", "Oproep verstuurd", "--on", "2019-06-15", data=repo)
    ok("note", "D2", "Selectie loopt", "-m", "Selectie", "--on", "2019-08-01", data=repo)
    ok("done", "D2", "-m", "1", "--on", "2019-08-20", "--note", "Tien trajecten gekozen", data=repo)
    ok("note", "D2", "Zaal geboekt", "--on", "2019-08-20", data=repo)
    out = ok("show", "D2", data=repo)
    updates = out.split("Updates\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert updates == [
        "DATE        MILESTONE  UPDATE",
        "2019-08-20             Zaal geboekt",  # the same day: the last written first
        "2019-08-20  Selectie   Tien trajecten gekozen",
        "2019-08-01  Selectie   Selectie loopt",
        "2019-06-15             Oproep verstuurd",
    ]
    d2 = as_json("show", "D2", data=repo)
    assert [m["updates"] for m in d2["milestones"]] == [
        [
            {"date": "2019-08-01", "text": "Selectie loopt"},
            {"date": "2019-08-20", "text": "Tien trajecten gekozen"},
        ],
        [],
    ]
    ok("check", data=repo)


def test_reasons_become_dated_updates_and_notes_stay(make_plan: MakePlan) -> None:
    data = make_plan(actions=MINIMAL_ACTIONS + "  notes: Vrije notitie\n")
    ok("reschedule", "x2", "2022", "--reason", "Later begonnen", "--on", "2020-02-01", data=data)
    ok("drop", "x2", "--reason", "Niet meer nodig", "--on", "2020-03-01", data=data)
    ok("done", "x1", "--on", "2020-03-05", "--note", "Klaar", data=data)
    x1, x2 = as_json("list", data=data)
    assert x1["updates"] == [{"date": "2020-03-05", "text": "Klaar"}]
    assert x2["updates"] == [
        {"date": "2020-02-01", "text": "Later begonnen"},
        {"date": "2020-03-01", "text": "Niet meer nodig"},
    ]
    assert x2["notes"] == "Vrije notitie"  # the free notes are left as they were


def test_a_reason_without_a_day_is_dated_today(make_plan: MakePlan) -> None:
    from datetime import date

    data = make_plan()
    ok("drop", "x1", "--reason", "Overbodig", data=data)
    assert as_json("show", "x1", data=data)["updates"][0]["date"] == date.today().isoformat()


def test_note_with_commit_and_dry_run(repo: Path) -> None:  # noqa: F811
    before = (repo / "actions.yaml").read_bytes()
    out = ok("note", "A3", "Tekst klaar", "--on", "2019-08-02", "--dry-run", data=repo)
    assert "+  updates:\n+    - date: '2019-08-02'\n+      text: Tekst klaar\n" in out
    assert (repo / "actions.yaml").read_bytes() == before
    out = ok(
        "note", "A3", "Tekst klaar\nVertaling volgt", "--on", "2019-08-02", "--commit", data=repo
    )
    assert out.splitlines()[1].endswith("] Add an update to A3 (2019-08-02)")
    message = git(repo.parent, "log", "-1", "--format=%B").strip()
    assert message == "Add an update to A3 (2019-08-02)\n\nTekst klaar\nVertaling volgt"
    # Two lines become a literal block, read back as written.
    assert as_json("show", "A3", data=repo)["updates"] == [
        {"date": "2019-08-02", "text": "Tekst klaar\nVertaling volgt"}
    ]
    assert "      text: |-\n        Tekst klaar\n        Vertaling volgt\n" in (
        repo / "actions.yaml"
    ).read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("note", "x1", "   "), "the update is empty"),
        (("note", "x9", "Iets"), "no recommendation or action 'x9'"),
        (("note", "1", "Iets"), "is a recommendation"),
        (("note", "x1", "Iets", "--on", "gisteren?"), "--on: cannot read"),
        (("note", "x1", "Iets", "-m", "Selectie"), "x1 has no milestones"),
    ],
)
def test_note_refuses_and_changes_nothing(
    make_plan: MakePlan, args: tuple[str, ...], message: str
) -> None:
    data = make_plan()
    before = (data / "actions.yaml").read_bytes()
    result = run(*args, data=data)
    assert result.exit_code == 2
    assert message in result.stderr
    assert (data / "actions.yaml").read_bytes() == before


def test_an_empty_flow_list_of_updates_becomes_a_block(make_plan: MakePlan) -> None:
    data = make_plan(
        actions=MINIMAL_ACTIONS.replace("  owner: Alice\n", "  owner: Alice\n  updates: []\n")
    )
    ok("note", "x1", "Begonnen", "--on", "2020-01-02", data=data)
    text = (data / "actions.yaml").read_text("utf-8")
    assert "  updates:\n    - date: '2020-01-02'\n      text: Begonnen\n" in text
    assert as_json("show", "x1", data=data)["updates"] == [
        {"date": "2020-01-02", "text": "Begonnen"}
    ]


# --- the format ------------------------------------------------------------------------


def problems(data: Path) -> list[str]:
    result = run("check", data=data)
    assert result.exit_code == 1
    return result.stderr.splitlines()


def test_updates_are_checked_with_their_place(make_plan: MakePlan) -> None:
    data = make_plan(
        actions=MINIMAL_ACTIONS
        + "  updates:\n    - date: 2020-13-01\n      text: Fout\n    - dat: '2020-01-01'\n      text: x\n"
    )
    path = data / "actions.yaml"
    assert problems(data) == [
        f"{path}:13:13: 'date' must be a day as YYYY-MM-DD, not '2020-13-01'",
        f"{path}:15:7: unknown key 'dat' (did you mean 'date'?); allowed: date, text",
        f"{path}:15:7: 'date' is missing",
    ]


def test_an_assessment_is_checked(make_plan: MakePlan) -> None:
    recs = MINIMAL_RECS + "  assessment:\n    rating: good\n    reason: Fine\n"
    data = make_plan(recommendations=recs)
    path = data / "recommendations.yaml"
    assert problems(data) == [
        f"{path}:8:5: 'date' is missing",
        f"{path}:8:13: 'rating' is 'good'; use one of complete, substantial, partial, "
        "not-started, not-accepted",
    ]


def test_an_assessment_overrides_the_rating(make_plan: MakePlan) -> None:
    recs = MINIMAL_RECS.replace(
        "  response: agree\n",
        "  response: agree\n  assessment:\n    rating: complete\n    reason: Klaar genoeg\n    date: '2021-01-05'\n",
    )
    data = make_plan(recommendations=recs)
    one = as_json("show", "1", data=data)
    assert (one["rating"], one["assessment"]["reason"]) == ("complete", "Klaar genoeg")
    assert "Rating: complete (assessed on 2021-01-05: Klaar genoeg)" in ok("show", "1", data=data)


def test_the_context_file_is_optional_and_checked(make_plan: MakePlan) -> None:
    data = make_plan()
    assert as_json("info", data=data)["context"] is None
    assert "The plan has no plan.yaml" in ok("info", data=data)
    (data / "plan.yaml").write_text(
        "evaluation:\n  titel: X\nresponse:\n  date: 5 juli 2019\n  signatories: [{role: boss}]\n",
        encoding="utf-8",
    )
    path = data / "plan.yaml"
    assert problems(data) == [
        f"{path}:2:3: unknown key 'titel' (did you mean 'title'?); allowed: title, programme, "
        "period, evaluator, when",
        f"{path}:2:3: 'title' is missing",
        f"{path}:4:9: 'date' must be a day as YYYY-MM-DD, not '5 juli 2019'",
        f"{path}:5:17: 'name' is missing",
    ]
    (data / "plan.yaml").write_text("- a list\n", encoding="utf-8")
    assert problems(data) == [
        f"{path}:1:1: the plan's context must be a mapping of evaluation, response, found a list"
    ]
    (data / "plan.yaml").write_text("evaluation: &a\n  title: X\nresponse: *a\n", encoding="utf-8")
    assert "aliases are not allowed" in problems(data)[0]


def test_info_and_show_without_an_id(make_plan: MakePlan) -> None:
    data = make_plan()
    (data / "plan.yaml").write_text(
        "evaluation:\n  title: De evaluatie\n  evaluator: Iemand\nresponse:\n"
        "  date: '2020-01-02'\n  signatories:\n    - name: A. Baas\n",
        encoding="utf-8",
    )
    out = ok("info", data=data)
    assert out.splitlines()[:5] == [
        "De evaluatie",
        "",
        "Evaluator: Iemand",
        "Response:  2020-01-02",
        "Signed by: A. Baas",
    ]
    assert "2 recommendations and 2 actions (0 done, 1 in-progress, 1 open, 0 dropped)." in out
    assert ok("show", data=data) == out
    assert as_json("info", data=data)["context"]["response"]["signatories"] == [
        {"name": "A. Baas", "role": None}
    ]


@pytest.mark.parametrize("name", ["plan"])
def test_the_context_schema(name: str) -> None:
    import json

    from conftest import ROOT

    schema = json.loads(ok("schema", name, data=None))
    assert set(schema["properties"]) == {"evaluation", "response"}
    assert schema["additionalProperties"] is False
    committed = (ROOT / "data" / "plan.schema.json").read_text(encoding="utf-8")
    assert committed == ok("schema", "plan", data=None)
