"""The deadline reader tried from the outside: texts a user could write, through
`vvsgplan when`, a plan file and the command-line options. Each text is read as the
words mean (docs/deadlines.md) or refused; never read as something else.

The expected windows come from reading the words and the rules of docs/deadlines.md.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from clones import git
from conftest import BUNDLED, MINIMAL_RECS, run

MakePlan = Callable[..., Path]
# (kind, first day, due) as a reader means the text.
Reading = tuple[str, str | None, str | None]


def _read(text: str) -> Reading | str:
    """The reading of `vvsgplan when`, or the one line it refuses the text with."""
    result = run("when", text, "--format", "json", data=None)
    if result.exit_code == 2:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("vvsgplan: "), result.stderr
        assert result.stdout == ""
        return lines[0]
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data["kind"], data["start"], data["due"]


def _refused_or(text: str, meant: Reading) -> None:
    """`text` is refused, or reads as `meant`: never as something else."""
    got = _read(text)
    assert isinstance(got, str) or got == meant, (text, got)


def _refused(text: str) -> str:
    got = _read(text)
    assert isinstance(got, str), (text, got)
    return got


# --- a start word before alternatives ---------------------------------------------------

# docs: start words make the deadline open-ended from the first day of the date, unless
# a range follows; alternatives ("of", "or", "ou", "en") are no range.
FROM_ALTERNATIVES = [
    ("vanaf 2020 of 2021", ("open-ended", "2020-01-01", None)),
    ("vanaf juni of juli 2020", ("open-ended", "2020-06-01", None)),
    ("from June or July 2020", ("open-ended", "2020-06-01", None)),
    ("à partir de juin ou juillet 2020", ("open-ended", "2020-06-01", None)),
    ("vanaf zomer 2019 en najaar 2019", ("open-ended", "2019-06-01", None)),
    ("from summer 2019 or autumn 2019", ("open-ended", "2019-06-01", None)),
]


@pytest.mark.parametrize(
    ("text", "meant"), FROM_ALTERNATIVES, ids=[r[0] for r in FROM_ALTERNATIVES]
)
def test_a_start_word_before_alternatives_is_open_ended(text: str, meant: Reading) -> None:
    _refused_or(text, meant)


def test_a_start_word_before_a_range_still_ends() -> None:
    # docs: "vanaf 2019 tot 2020" is the range.
    assert _read("vanaf 2019 tot 2020") == ("dated", "2019-01-01", "2020-12-31")
    assert _read("from 2019 to 2020") == ("dated", "2019-01-01", "2020-12-31")


# --- a month or season without its year, joined to a whole year --------------------------

# "mei-2020" is May 2020 to a reader, never May 2019 to December 2020.
MONTH_DASH_YEAR = [
    ("mei-2020", ("dated", "2020-05-01", "2020-05-31")),
    ("mei - 2020", ("dated", "2020-05-01", "2020-05-31")),
    ("maart/2020", ("dated", "2020-03-01", "2020-03-31")),
    ("zomer-2020", ("dated", "2020-06-01", "2020-08-31")),
    ("najaar/2020", ("dated", "2020-09-01", "2020-11-30")),
    ("mai-2020", ("dated", "2020-05-01", "2020-05-31")),
    ("June-2020", ("dated", "2020-06-01", "2020-06-30")),
]


@pytest.mark.parametrize(("text", "meant"), MONTH_DASH_YEAR, ids=[r[0] for r in MONTH_DASH_YEAR])
def test_a_month_dash_year_is_that_month(text: str, meant: Reading) -> None:
    _refused_or(text, meant)


@pytest.mark.parametrize("text", ["mei tot 2020", "juni tot 2019", "november to 2021"])
def test_a_month_without_its_year_cannot_run_to_a_whole_year(text: str) -> None:
    # Which May? A range needs both its ends.
    _refused(text)


def test_a_month_dash_year_on_the_command_line() -> None:
    # --before P: due before P's first day. "mei-2020" is May 2020 or nothing.
    result = run("due", "--before", "mei-2020", "--as-of", "2019-07-05", "--format", "json")
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1
        return
    assert result.exit_code == 0, result.output
    # Zomer 2019, the bundled plan's commonest deadline, is due before May 2020.
    assert "2019-08-31" in {row["due"] for row in json.loads(result.stdout)}


# --- words before a colon -------------------------------------------------------------

# docs: words before a colon are a step's label; a period word right before a date is no
# label. Before a colon, a period or deadline word would be read away: each text below is
# refused, or reads as it would without the colon.
COLON_LABELS = [
    ("zomer: 2019", ("dated", "2019-06-01", "2019-08-31")),
    ("eind: 2019", ("dated", "2019-10-01", "2019-12-31")),
    ("Q3: 2019", ("dated", "2019-07-01", "2019-09-30")),
    ("tweede helft: 2019", ("dated", "2019-07-01", "2019-12-31")),
    ("Ontwerp juni: 2020", ("dated", "2020-06-01", "2020-06-30")),
    ("Ontwerp eind: 2019", ("dated", "2019-10-01", "2019-12-31")),
    ("begin: maart 2020", ("dated", "2020-03-01", "2020-03-10")),
    ("vanaf: zomer 2019", ("open-ended", "2019-06-01", None)),
    ("voor: zomer 2019", ("dated", "2019-05-31", "2019-05-31")),
    ("Ontwerp voor: zomer 2019", ("dated", "2019-05-31", "2019-05-31")),
    ("Evaluation before: summer 2019", ("dated", "2019-05-31", "2019-05-31")),
    ("Suivi à partir de: l'été 2019", ("open-ended", "2019-06-01", None)),
    ("Selectie after: 2020", ("open-ended", "2021-01-01", None)),
    ("Verslag gedaan in: april 2019", ("done", "2019-04-01", "2019-04-30")),
]


@pytest.mark.parametrize(("text", "meant"), COLON_LABELS, ids=[r[0] for r in COLON_LABELS])
def test_a_label_at_a_colon_never_takes_a_period_or_deadline_word(
    text: str, meant: Reading
) -> None:
    _refused_or(text, meant)


def test_a_date_before_a_colon_is_no_label() -> None:
    # docs: two dates without ';' between them are refused ("2019 2020").
    _refused("2019: zomer 2020")


def test_labels_at_a_colon_still_read() -> None:
    # docs: "Ontwerp: voorjaar 2021"; "Fase 2: na start nieuwe regering".
    assert _read("Ontwerp: voorjaar 2021") == ("dated", "2021-03-01", "2021-05-31")
    assert _read("Fase 2: zomer 2020") == ("dated", "2020-06-01", "2020-08-31")
    assert _read("Fase 2: na start nieuwe regering") == ("event", None, None)
    assert _read("Deadline: uiterlijk 2019") == ("dated", "2019-01-01", "2019-12-31")


# --- "van" and "de", fillers one step from a start word ---------------------------------

# docs: "van" is a filler, and fillers never change the window; "vanaf" is the start
# word. "van zomer 2019" is refused, or is "zomer 2019": never open-ended, never due.
VAN = [
    ("van de zomer 2019", ("dated", "2019-06-01", "2019-08-31")),
    ("van zomer 2019", ("dated", "2019-06-01", "2019-08-31")),
    ("Van 2019", ("dated", "2019-01-01", "2019-12-31")),
    ("van eind 2019", ("dated", "2019-10-01", "2019-12-31")),
    ("Selectie van zomer 2019; Trefdag in oktober 2020", ("dated", "2019-06-01", "2020-10-31")),
]


@pytest.mark.parametrize(("text", "meant"), VAN, ids=[r[0] for r in VAN])
def test_the_filler_van_never_makes_a_deadline_open_ended(text: str, meant: Reading) -> None:
    _refused_or(text, meant)


def test_van_before_a_range_is_the_range() -> None:
    assert _read("van 2019 tot 2020") == ("dated", "2019-01-01", "2020-12-31")
    assert _read("van maart tot juni 2020") == ("dated", "2020-03-01", "2020-06-30")


# "dès" (from) with one letter left out is "de": "dès juin 2020" is open-ended from
# 1 June 2020; "de juin 2020" must be refused or read the same.
DES = [
    ("de juin 2020", ("open-ended", "2020-06-01", None)),
    ("de l'été 2020", ("open-ended", "2020-06-01", None)),
    ("de fin 2020", ("open-ended", "2020-10-01", None)),
    ("De septembre 2020", ("open-ended", "2020-09-01", None)),
]


@pytest.mark.parametrize(("text", "meant"), DES, ids=[r[0] for r in DES])
def test_a_slip_in_des_is_refused(text: str, meant: Reading) -> None:
    assert _read(text.replace("de ", "dès ", 1).replace("De ", "Dès ", 1)) == meant
    _refused_or(text, meant)


def test_de_in_dutch_and_in_a_french_range_still_reads() -> None:
    assert _read("de zomer van 2020") == ("dated", "2020-06-01", "2020-08-31")
    assert _read("de mars à juin 2020") == ("dated", "2020-03-01", "2020-06-30")


# --- a slip in a short period word -------------------------------------------------------


# "dec" with its last letter left out is "de": "dans le courant dec 2020" is December.
def test_a_slip_in_dec_after_a_french_filler_is_refused() -> None:
    assert _read("dans le courant dec 2020") == ("dated", "2020-12-01", "2020-12-31")
    _refused_or("dans le courant de 2020", ("dated", "2020-12-01", "2020-12-31"))
    # docs: "ergens in 2020" stays: "fin" is French, "ergens in" Dutch.
    assert _read("ergens in 2020") == ("dated", "2020-01-01", "2020-12-31")


# "2020-Q1" without its letter is "2020-1": the quarter, or refused; never January.
@pytest.mark.parametrize(
    ("code", "meant"),
    [
        ("Q1", ("dated", "2020-01-01", "2020-03-31")),
        ("H2", ("dated", "2020-07-01", "2020-12-31")),
        ("S1", ("dated", "2020-01-01", "2020-06-30")),
        ("T3", ("dated", "2020-07-01", "2020-09-30")),
        ("W4", ("dated", "2020-01-20", "2020-01-26")),
    ],
)
def test_a_code_without_its_letter_is_refused(code: str, meant: Reading) -> None:
    assert _read(f"2020-{code}") == meant
    _refused_or(f"2020-{code[1:]}", meant)


# --- the same texts in a plan file ------------------------------------------------------


def test_a_plan_refuses_these_texts_at_their_place_and_answers_for_the_rest(
    make_plan: MakePlan,
) -> None:
    whens = ["mei-2020", "zomer: 2019", "van de zomer 2019", "2020-1", "Zomer 2019"]
    actions = "".join(
        f"- id: x{k}\n  recommendations: [1]\n  action: Step {k}\n  owner: Alice\n"
        f"  when: {json.dumps(when)}\n"
        for k, when in enumerate(whens, 1)
    )
    data = make_plan(MINIMAL_RECS, actions)
    result = run("check", data=data)
    assert result.exit_code == 1
    # Each `when` is on line 5 of its five-line entry, its text from column 9.
    file = data / "actions.yaml"
    lines = result.stderr.splitlines()
    assert [line.split(" 'when': ")[0] for line in lines] == [
        f"{file}:{5 * k}:9:" for k in range(1, 5)
    ]
    # The other commands still answer; the readable action is due at the summer's end.
    due = run("due", "--as-of", "2019-07-05", "--format", "json", data=data)
    assert due.exit_code == 0, due.output
    assert [(r["id"], r["due"]) for r in json.loads(due.stdout)] == [("x5", "2019-08-31")]
    for k in range(1, 5):
        assert f"cannot place x{k}: " in due.stderr
    for args in (("list",), ("timeline",), ("report",)):
        assert run(*args, data=data).exit_code == 0, args


# --- a code without its number ----------------------------------------------------------


# "Q3 2019" without its digit is "Q 2019": a quarter without its number, never a step
# label that leaves the whole year.
@pytest.mark.parametrize(
    "text",
    [
        "Selectie Q 2019; Trefdag in oktober 2020",
        "Selectie H 2019; Trefdag in oktober 2020",
        "q: 2019",
        "Ontwerp T: 2019",
    ],
)
def test_a_code_letter_without_its_number_is_refused(text: str) -> None:
    _refused(text)


def test_the_hint_for_a_lone_code_letter_is_not_a_label() -> None:
    message = _refused("Q 2025")
    assert "write 'q: 2025'" not in message.lower()


# --- a slip in a deadline word where a label may stand ----------------------------------

# Where a label may stand (a step of a ;-separated text, after a colon), a deadline word
# with one letter left out, added, doubled or swapped is a typo, not a label: refused,
# never read as the bare period ("vana zomer 2019" is not summer 2019).
LEAD_SLIPS = [
    ("vanaf zomer 2019; Trefdag oktober 2020", "vana zomer 2019; Trefdag oktober 2020"),
    ("vanaf zomer 2019; Trefdag oktober 2020", "vnaaf zomer 2019; Trefdag oktober 2020"),
    ("Selectie voor zomer 2019; Trefdag 2020", "Selectie vor zomer 2019; Trefdag 2020"),
    ("Selectie voor zomer 2019; Trefdag 2020", "Selectie voorr zomer 2019; Trefdag 2020"),
    ("Selectie na zomer 2019; Trefdag 2020", "Selectie naa zomer 2019; Trefdag 2020"),
    ("Ontwerp: na zomer 2019", "Ontwerp: an zomer 2019"),
    ("Ontwerp: zodra zomer 2019", "Ontwerp: zodar zomer 2019"),
    ("Design: before summer 2019", "Design: befor summer 2019"),
    ("Design: prior to summer 2019", "Design: prior ot summer 2019"),
    ("Design: since summer 2019", "Design: sinec summer 2019"),
    ("Design: starting in summer 2019", "Design: startin in summer 2019"),
    ("Plan: avant l'été 2019", "Plan: avnat l'été 2019"),
    ("Plan: depuis l'été 2019", "Plan: depuiss l'été 2019"),
    ("Plan: à partir de l'été 2019", "Plan: partir de l'été 2019"),
    ("Plan: dès que l'été 2019", "Plan: dèsz que l'été 2019"),
]


@pytest.mark.parametrize(("meant", "typed"), LEAD_SLIPS, ids=[r[1] for r in LEAD_SLIPS])
def test_a_slip_in_a_deadline_word_is_never_a_label(meant: str, typed: str) -> None:
    intended = _read(meant)
    assert not isinstance(intended, str), intended
    _refused_or(typed, intended)


# --- a change refuses what the reader refuses -------------------------------------------


def test_reschedule_in_a_git_repository_refuses_these_texts(tmp_path: Path) -> None:
    repo = tmp_path / "plan"
    shutil.copytree(BUNDLED, repo / "data")
    git(repo, "init", "-q")
    git(repo, "config", "user.name", "Follow Up")
    git(repo, "config", "user.email", "follow-up@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "plan")
    before = (repo / "data" / "actions.yaml").read_bytes()
    for when in ("mei-2020", "van de zomer 2020", "zomer: 2021", "2020-1", "Q 2021"):
        result = run("reschedule", "A1", when, "--reason", "moved", data=repo / "data")
        assert result.exit_code == 2, (when, result.output)
        assert len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.stderr
    assert (repo / "data" / "actions.yaml").read_bytes() == before
    status = git(repo, "status", "--porcelain")
    assert status == ""


def test_a_label_one_letter_from_a_short_word_of_a_phrase_still_reads() -> None:
    # "off" is one letter from the "of" of "as of": two letters are too few to tell.
    got = _read("Kick-off 15/02/2020; Report in mei 2020")
    assert got == ("dated", "2020-02-15", "2020-05-31")
