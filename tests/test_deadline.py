"""The deadline language: every documented form, texts read by hand in three languages,
what is refused, and properties over generated texts.

The normal run keeps the generated texts few. The long run (10,000 texts per property):
    VVSGPLAN_LONG=1 .venv/bin/python -m pytest tests/test_deadline.py tests/test_when_check.py
"""

from __future__ import annotations

import os
import re
from contextlib import suppress
from datetime import date, timedelta
from itertools import pairwise

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vvsgplan import deadline
from vvsgplan import deadline_words as words
from vvsgplan.deadline import DeadlineError, fold, period, read
from vvsgplan.deadline_grammar import phrase_words, tokens
from vvsgplan.deadline_types import iso_window

LONG = bool(os.environ.get("VVSGPLAN_LONG"))
MANY = settings(
    max_examples=10_000 if LONG else 150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
DOCS = (ROOT / "docs" / "deadlines.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return DOCS.split(f"## {title}\n")[1].split("\n## ")[0]


def _documented() -> list[tuple[str, str, str, str]]:
    """The rows of the table "Every form" in docs/deadlines.md."""
    rows = []
    for line in _section("Every form").splitlines():
        m = re.fullmatch(r"\| [^|]+ \| `(.+)` \| ([a-z-]+) \| ([\d-]*) ?\| ([\d-]*) ?\|", line)
        if m:
            rows.append((m.group(1), m.group(2), m.group(3), m.group(4)))
    return rows


def _documented_refusals() -> list[tuple[str, str]]:
    """The rows of the table "What is refused": a text, and words of the reason given."""
    rows = []
    for line in _section("What is refused").splitlines():
        m = re.fullmatch(r"\| `(.*)` \| (.+) \| `(.+)` \|", line)
        if m:
            rows.append((m.group(1), m.group(3)))
    return rows


DOCUMENTED = _documented()
REFUSED_IN_DOCS = _documented_refusals()


def test_phrases_split_as_the_tokenizer_splits_text() -> None:
    tables = [*words.LEADS.values(), *words.TAILS.values(), *words.JOINERS.values()]
    for table in [*tables, words.ONGOING, words.FILLER_PHRASES]:
        for phrase in table:
            assert phrase_words(phrase) == tuple(t.text for t in tokens(fold(phrase))), phrase


def test_the_tables_are_read_whole() -> None:
    assert len(DOCUMENTED) > 120
    assert len(REFUSED_IN_DOCS) > 25


def _window(text: str) -> tuple[str, str, str]:
    found = read(text)
    return (
        found.kind,
        found.start.isoformat() if found.start else "",
        found.end.isoformat() if found.end else "",
    )


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"), DOCUMENTED, ids=[r[0] for r in DOCUMENTED]
)
def test_every_documented_form(text: str, kind: str, first: str, last: str) -> None:
    assert _window(text) == (kind, first, last)


def test_the_roles_of_words_are_documented() -> None:
    rows = re.findall(r"^\| `([a-z -]+)` \| (.+) \|$", _section("What `vvsgplan when` shows"), re.M)
    assert dict(rows) == deadline.ROLES


@pytest.mark.parametrize(("text", "reason"), REFUSED_IN_DOCS, ids=[r[0] for r in REFUSED_IN_DOCS])
def test_every_documented_refusal(text: str, reason: str) -> None:
    with pytest.raises(DeadlineError, match=re.escape(reason)):
        read(text)


# Texts read by hand: the window each must give, worked out from the words (seasons are
# meteorological, "eind/end/fin" of a year is its last quarter, ISO weeks run Monday to
# Sunday and week 1 holds the year's first Thursday). The first rows are the issue's.
READINGS = [
    # "voor" ends the day before summer starts on 1 June.
    ("voor de zomer 2020", "dated", "2020-05-31", "2020-05-31"),
    ("in de zomer van 2020", "dated", "2020-06-01", "2020-08-31"),
    ("de zomer van 2020", "dated", "2020-06-01", "2020-08-31"),
    ("in het voorjaar van 2020", "dated", "2020-03-01", "2020-05-31"),
    ("in de loop van 2020", "dated", "2020-01-01", "2020-12-31"),
    # "na" with a date: from the day after summer ends on 31 August.
    ("na de zomer 2020", "open-ended", "2020-09-01", ""),
    ("after the summer of 2020", "open-ended", "2020-09-01", ""),
    # 1 January 2020 is a Wednesday: week 1 starts Monday 30 December 2019, week 12 eleven
    # weeks later.
    ("week 12 2020", "dated", "2020-03-16", "2020-03-22"),
    ("the summer of 2020", "dated", "2020-06-01", "2020-08-31"),
    ("l'été 2020", "dated", "2020-06-01", "2020-08-31"),
    ("à l'automne 2020", "dated", "2020-09-01", "2020-11-30"),
    ("before the summer of 2020", "dated", "2020-05-31", "2020-05-31"),
    # One window from the first start to the last end: 1 September 2020 to 31 May 2021.
    ("najaar 2020 of voorjaar 2021", "dated", "2020-09-01", "2021-05-31"),
    # Dutch.
    ("tegen de zomer van 2020", "dated", "2020-06-01", "2020-08-31"),
    ("ergens in 2020", "dated", "2020-01-01", "2020-12-31"),
    ("tijdens de zomer 2019", "dated", "2019-06-01", "2019-08-31"),
    ("in de tweede helft van 2019", "dated", "2019-07-01", "2019-12-31"),
    ("de 2e helft van 2019", "dated", "2019-07-01", "2019-12-31"),
    # 2020 is a leap year starting on a Wednesday, so it has 53 weeks; week 53 is week 1's
    # Monday (30 December 2019) plus 52 weeks.
    ("week 53 2020", "dated", "2020-12-28", "2021-01-03"),
    # 1 January 2021 is a Friday: week 1 starts on Monday 4 January.
    ("wk 1 2021", "dated", "2021-01-04", "2021-01-10"),
    ("juni of juli 2020", "dated", "2020-06-01", "2020-07-31"),
    ("2019 of 2020", "dated", "2019-01-01", "2020-12-31"),
    ("zomer 2019 en najaar 2019", "dated", "2019-06-01", "2019-11-30"),
    # A range runs forward: November is the one before March 2021.
    ("november tot maart 2021", "dated", "2020-11-01", "2021-03-31"),
    ("maart 2020 tot en met juni 2020", "dated", "2020-03-01", "2020-06-30"),
    ("uiterlijk eind van 2020", "dated", "2020-10-01", "2020-12-31"),
    ("tot eind 2020", "dated", "2020-10-01", "2020-12-31"),
    ("juni 2020 ten laatste", "dated", "2020-06-01", "2020-06-30"),
    ("vanaf de zomer van 2019", "open-ended", "2019-06-01", ""),
    ("na het voorjaar 2021", "open-ended", "2021-06-01", ""),
    ("15.03.2020", "dated", "2020-03-15", "2020-03-15"),
    ("op 15 maart 2020", "dated", "2020-03-15", "2020-03-15"),
    ("in de maand mei 2020", "dated", "2020-05-01", "2020-05-31"),
    ("half maart 2020", "dated", "2020-03-11", "2020-03-20"),
    ("Ontwerp: voorjaar 2021", "dated", "2021-03-01", "2021-05-31"),
    ("Fase 1: najaar 2020; Fase 2: voorjaar 2021", "dated", "2020-09-01", "2021-05-31"),
    # English.
    ("in the summer of 2019", "dated", "2019-06-01", "2019-08-31"),
    ("by the end of 2020", "dated", "2020-10-01", "2020-12-31"),
    ("during the third quarter of 2019", "dated", "2019-07-01", "2019-09-30"),
    ("the 15th of March 2020", "dated", "2020-03-15", "2020-03-15"),
    ("June or July 2020", "dated", "2020-06-01", "2020-07-31"),
    ("spring 2020 or autumn 2020", "dated", "2020-03-01", "2020-11-30"),
    ("2020-W53", "dated", "2020-12-28", "2021-01-03"),
    ("W12 2020", "dated", "2020-03-16", "2020-03-22"),
    ("after the first half of 2020", "open-ended", "2020-07-01", ""),
    ("in the course of 2021", "dated", "2021-01-01", "2021-12-31"),
    ("until the end of June 2020", "dated", "2020-06-21", "2020-06-30"),
    ("from spring 2020 onwards", "open-ended", "2020-03-01", ""),
    ("sometime in 2022", "dated", "2022-01-01", "2022-12-31"),
    ("early 2021 or late 2021", "dated", "2021-01-01", "2021-12-31"),
    ("around mid-2020", "dated", "2020-04-01", "2020-09-30"),
    # French.
    ("au printemps 2020", "dated", "2020-03-01", "2020-05-31"),
    ("à la fin de l'année 2020", "dated", "2020-10-01", "2020-12-31"),
    ("au cours de l'été 2019", "dated", "2019-06-01", "2019-08-31"),
    ("en avril 2020", "dated", "2020-04-01", "2020-04-30"),
    ("semaine 12 2020", "dated", "2020-03-16", "2020-03-22"),
    ("juin ou juillet 2020", "dated", "2020-06-01", "2020-07-31"),
    ("avant l'été 2020", "dated", "2020-05-31", "2020-05-31"),
    ("après l'été 2020", "open-ended", "2020-09-01", ""),
    ("le 15 mars 2020", "dated", "2020-03-15", "2020-03-15"),
    ("courant 2020", "dated", "2020-01-01", "2020-12-31"),
    ("dans le courant de l'année 2021", "dated", "2021-01-01", "2021-12-31"),
    ("à partir du printemps 2021", "open-ended", "2021-03-01", ""),
    ("de mars à juin 2020", "dated", "2020-03-01", "2020-06-30"),
    ("2019 à 2020", "dated", "2019-01-01", "2020-12-31"),
    ("d'ici la fin 2020", "dated", "2020-10-01", "2020-12-31"),
    ("pendant le deuxième trimestre 2020", "dated", "2020-04-01", "2020-06-30"),
]


def test_the_readings_cover_three_languages() -> None:
    assert len(READINGS) >= 60


@pytest.mark.parametrize(("text", "kind", "first", "last"), READINGS, ids=[r[0] for r in READINGS])
def test_texts_read_as_a_reader_means(text: str, kind: str, first: str, last: str) -> None:
    assert _window(text) == (kind, first, last)


def test_alternatives_are_one_window_not_milestones() -> None:
    found = read("najaar 2020 of voorjaar 2021")
    assert found.milestones == ()
    assert found.due == date(2021, 5, 31)


# What is refused, with the words of the reason the message must give.
REFUSALS = [
    ("Zomre 2019", "did you mean 'zomer'?"),
    ("setpember 2020", "did you mean 'september'?"),
    ("Voorjar 2020", "did you mean 'voorjaar'?"),
    ("Q5 2025", "a year has four quarters, not 5"),
    ("32 maart 2025", "32 maart 2025 is not a day of the calendar"),
    ("zomer 0000", "there is no year 0000: years run from 0001 to 9999"),
    ("winter 9999", "runs past 31 December 9999: years run from 0001 to 9999"),
    ("voor 0001", "before 1 January 0001: years run from 0001 to 9999"),
    ("na 9999-12", "after 31 December 9999: years run from 0001 to 9999"),
    ("31 april 2021", "april 2021 has 30 days"),
    ("29 februari 2021", "februari 2021 has 28 days"),
    ("29/02/2021", "29/02/2021 is not a day of the calendar"),
    ("week 54 2020", "there is no week 54 in 2020: it has 53 weeks"),
    ("week 53 2021", "there is no week 53 in 2021: it has 52 weeks"),
    ("2020-W00", "there is no week 0"),
    ("wk 12", "'wk 12' needs its year"),
    ("2020-13", "there is no month 13"),
    ("13/2020", "there is no month 13"),
    ("H3 2020", "a year has two halves, not 3"),
    ("vijfde kwartaal 2020", "cannot read 'vijfde kwartaal' before '2020'"),
    ("5e kwartaal 2020", "there is no 5e kwartaal in a year"),
    ("in 2020", "one letter from 'fin'"),
    ("en 2021", "one letter from 'end'"),
    ("de 2020", "one letter from 'dec'"),
    ("au 2020", "one letter from 'aug'"),
    ("in sept 2020", "write the month in full"),
    ("mi 2020", "'mi' takes a hyphen"),
    ("fin juni 2020", "'fin' is French and 'juni' is Dutch"),
    ("end of juin 2020", "'end' is English and 'juin' is French"),
    ("Trefdag oktober 2020", "to name a step, write 'Trefdag: oktober 2020'"),
    ("Trefdag in oktober 2020", "cannot read 'Trefdag' before 'oktober 2020'"),
    ("2019 2020", "separate steps with ';'"),
    ("zomer 2019 Trefdag oktober 2020", "separate steps with ';'"),
    ("najaar of voorjaar 2021", "give 'najaar' its year"),
    ("zomer 2019?", "cannot read '?' after 'zomer 2019'"),
    ("zomer 2019 misschien", "cannot read 'misschien' after 'zomer 2019'"),
    ("binnenkort", "cannot read 'binnenkort' as a deadline"),
    ("2021 tot 2019", "the range ends before it starts"),
    ("na de zomre 2020", "did you mean 'zomer'?"),
    ("na de zomer 202", "'202' is not a year"),
    ("Selectie zomre 2019; Trefdag oktober 2020", "did you mean 'zomer'?"),
    ("Selectie mie 2019; Trefdag oktober 2020", "did you mean 'mi' or 'mei'?"),
    ("Selectie eind zomer 2019; Trefdag oktober 2020", "a period word cannot end a label"),
    ("na", "'na' needs the event it waits for"),
    ("", "a deadline needs a date, a period or an event"),
]


@pytest.mark.parametrize(("text", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_what_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(DeadlineError, match=re.escape(message)):
        read(text)


def test_steps_become_labelled_milestones() -> None:
    found = read("Selectie zomer 2019; Trefdag in oktober 2020")
    assert [(m.label, m.text, m.start, m.end) for m in found.milestones] == [
        ("Selectie", "zomer 2019", date(2019, 6, 1), date(2019, 8, 31)),
        ("Trefdag", "oktober 2020", date(2020, 10, 1), date(2020, 10, 31)),
    ]


def test_an_open_ended_start_keeps_its_milestone() -> None:
    found = read("vanaf zomer 2019 reeds ingepland: SDG's op leernetwerk vrije tijd in najaar 2019")
    assert [(m.label, m.end) for m in found.milestones] == [
        ("SDG's op leernetwerk vrije tijd", date(2019, 11, 30))
    ]


def test_every_word_has_its_role() -> None:
    found = read("vanaf zomer 2019 reeds ingepland: SDG's op leernetwerk vrije tijd in najaar 2019")
    assert [(w.text, w.role, w.step) for w in found.words] == [
        ("vanaf", "from", 1),
        ("zomer", "period", 1),
        ("2019", "period", 1),
        ("reeds", "lead-in", 2),
        ("ingepland", "lead-in", 2),
        (":", "separator", 2),
        ("SDG's", "label", 2),
        ("op", "label", 2),
        ("leernetwerk", "label", 2),
        ("vrije", "label", 2),
        ("tijd", "label", 2),
        ("in", "filler", 2),
        ("najaar", "period", 2),
        ("2019", "period", 2),
    ]
    event = read("na start nieuwe Vlaamse regering")
    assert [(w.text, w.role) for w in event.words] == [
        ("na", "event"),
        ("start", "event words"),
        ("nieuwe", "event words"),
        ("Vlaamse", "event words"),
        ("regering", "event words"),
    ]


# --- command-line dates -----------------------------------------------------------------

TODAY = date(2020, 1, 31)  # a Friday


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("today", TODAY, TODAY),
        ("vandaag", TODAY, TODAY),
        ("aujourd'hui", TODAY, TODAY),
        ("yesterday", date(2020, 1, 30), date(2020, 1, 30)),
        ("morgen", date(2020, 2, 1), date(2020, 2, 1)),
        ("+10d", date(2020, 2, 10), date(2020, 2, 10)),
        ("+2w", date(2020, 2, 14), date(2020, 2, 14)),
        ("+1m", date(2020, 2, 29), date(2020, 2, 29)),  # 31 January + a month
        ("-1y", date(2019, 1, 31), date(2019, 1, 31)),
        ("eow", date(2020, 2, 2), date(2020, 2, 2)),
        ("eom", TODAY, TODAY),
        ("eoq", date(2020, 3, 31), date(2020, 3, 31)),
        ("eoy", date(2020, 12, 31), date(2020, 12, 31)),
        ("2020-01", date(2020, 1, 1), date(2020, 1, 31)),
        ("zomer 2019", date(2019, 6, 1), date(2019, 8, 31)),
        ("de zomer van 2019", date(2019, 6, 1), date(2019, 8, 31)),
        # A week without its year is this year's on the command line.
        ("wk 12", date(2020, 3, 16), date(2020, 3, 22)),
        ("W1", date(2019, 12, 30), date(2020, 1, 5)),
        ("0001-01-01", date(1, 1, 1), date(1, 1, 1)),
        ("9999-12-31", date(9999, 12, 31), date(9999, 12, 31)),
    ],
)
def test_command_line_dates(text: str, first: date, last: date) -> None:
    window = period(text, TODAY)
    assert (window.start, window.end) == (first, last)


def test_a_bad_command_line_date_lists_the_forms() -> None:
    with pytest.raises(DeadlineError) as error:
        period("someday", TODAY)
    message = str(error.value)
    for example in ("2020-03-15", "maart 2020", "zomer 2019", "eind 2019", "week 12 2020", "+10d"):
        assert example in message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+9999y", "+9999y from 2020-01-31 is in the year 12019: years run from 0001 to 9999"),
        ("-2020y", "-2020y from 2020-01-31 is in the year 0: years run from 0001 to 9999"),
        ("+99999y", "is in the year 102019: years run from 0001 to 9999"),
        ("-99999999999d", "is before 1 January 0001: years run from 0001 to 9999"),
        ("2020-13", "there is no month 13"),
        ("zomer 0000", "there is no year 0000"),
        ("fin juni 2020", "write a date in one language"),
    ],
)
def test_command_line_dates_out_of_range_are_refused(text: str, message: str) -> None:
    with pytest.raises(DeadlineError, match=re.escape(message)):
        period(text, TODAY)


# --- properties -------------------------------------------------------------------------

LANGUAGES = (words.NL, words.EN, words.FR)
years = st.integers(min_value=1990, max_value=2090)


def _in(table: words.Lexicon, language: int) -> list[str]:
    return sorted(w for w, (_, langs) in table.items() if langs & language)


def _valued(table: words.Lexicon, language: int, value: int) -> list[str]:
    return sorted(w for w, (v, langs) in table.items() if langs & language and v == value)


@st.composite
def expressions(draw: st.DrawFn, language: int) -> str:
    """One period, in words of `language` (or of none)."""
    year = draw(years)
    form = draw(
        st.sampled_from(
            ["year", "month", "season", "half", "quarter", "part", "day", "range", "week"]
        )
    )
    if form == "year":
        return str(year)
    if form == "month":
        return f"{draw(st.sampled_from(_in(words.MONTH_WORDS, language)))} {year}"
    if form == "season":
        return f"{draw(st.sampled_from(_in(words.SEASON_WORDS, language)))} {year}"
    if form == "half":
        return f"{draw(st.sampled_from(['H', 'S']))}{draw(st.integers(1, 2))} {year}"
    if form == "quarter":
        return f"{draw(st.sampled_from(['Q', 'T']))}{draw(st.integers(1, 4))} {year}"
    if form == "part":
        part = draw(st.sampled_from([w for w in _in(words.PART_WORDS, language) if w != "mi"]))
        return f"{part} {year}"
    if form == "day":
        day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
        return day.strftime("%d/%m/%Y")
    if form == "week":
        return f"{draw(st.sampled_from(_in(words.WEEK_WORDS, language)))} {draw(st.integers(1, 52))} {year}"
    return f"{year}-{year + draw(st.integers(0, 5))}"


LEADS = {
    words.NL: ["", "uiterlijk ", "tegen ", "voor ", "ten laatste ", "tot "],
    words.EN: ["", "by ", "before ", "no later than ", "until "],
    words.FR: ["", "au plus tard ", "avant ", "d'ici "],
}


@st.composite
def led(draw: st.DrawFn) -> str:
    language = draw(st.sampled_from(LANGUAGES))
    return draw(st.sampled_from(LEADS[language])) + draw(expressions(language))


@MANY
@given(led())
def test_first_day_is_never_after_last_day(text: str) -> None:
    found = read(text)
    assert found.start is not None and found.end is not None
    assert found.start <= found.end
    assert found.kind == "dated"


STEP_LABELS = ["Selectie", "Trefdag", "Rapport", "Evaluatie"]


@MANY
@given(
    st.sampled_from(LANGUAGES).flatmap(
        lambda lang: st.lists(expressions(lang), min_size=2, max_size=4)
    )
)
def test_steps_span_their_milestones(texts: list[str]) -> None:
    found = read("; ".join(f"{label} {t}" for label, t in zip(STEP_LABELS, texts, strict=False)))
    assert [m.label for m in found.milestones] == STEP_LABELS[: len(texts)]
    assert found.start == min(m.start for m in found.milestones if m.start)
    assert found.end == max(m.end for m in found.milestones if m.end)


def _tiles(texts: list[str], first: date, last: date) -> None:
    windows = [read(t) for t in texts]
    assert windows[0].start == first
    assert windows[-1].end == last
    for before, after in pairwise(windows):
        assert before.end is not None and after.start is not None
        assert after.start - before.end == timedelta(days=1), (before, after)


@given(years)
def test_the_parts_of_a_year_tile_it(year: int) -> None:
    first, last = date(year, 1, 1), date(year, 12, 31)
    _tiles([f"H1 {year}", f"H2 {year}"], first, last)
    _tiles([f"Q{n} {year}" for n in range(1, 5)], first, last)
    _tiles([f"{name} {year}" for name in deadline.MONTH_NAMES], first, last)
    _tiles([f"begin {year}", f"midden {year}", f"eind {year}"], first, last)
    # Seasons tile the year with the winters on either side.
    _tiles(
        [
            f"winter {year - 1}",
            f"lente {year}",
            f"zomer {year}",
            f"herfst {year}",
            f"winter {year}",
        ],
        date(year - 1, 12, 1),
        read(f"winter {year}").end or last,
    )


@given(st.integers(1, 9998))
def test_the_weeks_of_a_year_run_monday_to_sunday_without_gaps(year: int) -> None:
    # An ISO year has 53 weeks when it starts on a Thursday, or on a Wednesday in a leap year.
    jan1 = date(year, 1, 1).weekday()
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    weeks = 53 if jan1 == 3 or (jan1 == 2 and leap) else 52
    texts = [f"week {n} {year:04d}" for n in range(1, weeks + 1)]
    first = read(texts[0]).start
    assert first is not None and first.weekday() == 0 and first <= date(year, 1, 4)
    assert first + timedelta(days=3) >= date(year, 1, 1)  # the week holds a Thursday of the year
    _tiles(texts, first, first + timedelta(weeks=weeks, days=-1))
    with pytest.raises(DeadlineError, match=f"in {year:04d}: it has {weeks} weeks"):
        read(f"week {weeks + 1} {year:04d}")


@given(years, st.integers(1, 12))
def test_the_parts_of_a_month_tile_it(year: int, month: int) -> None:
    name = deadline.MONTH_NAMES[month - 1]
    whole = read(f"{name} {year}")
    assert whole.start is not None and whole.end is not None
    _tiles(
        [f"begin {name} {year}", f"medio {name} {year}", f"eind {name} {year}"],
        whole.start,
        whole.end,
    )


def _shout(text: str, flips: list[bool]) -> str:
    return "".join(
        c.upper() if flip else c for c, flip in zip(text, flips + [False] * len(text), strict=False)
    )


VALID = [r[0] for r in DOCUMENTED] + [r[0] for r in READINGS]


@given(st.sampled_from(VALID), st.lists(st.booleans(), max_size=80))
def test_case_and_accents_never_change_the_result(text: str, flips: list[bool]) -> None:
    expected = read(text)
    for variant in (fold(text), _shout(text, flips)):
        found = read(variant)
        assert (found.kind, found.start, found.end) == (expected.kind, expected.start, expected.end)


def _same_or_refused(text: str, expected: tuple[str, str, str]) -> None:
    with suppress(DeadlineError):
        assert _window(text) == expected, text


# Fillers that have no other meaning anywhere: "van", "of", "en", "a" and "au" also join
# or start periods, and are inserted below only where they are fillers.
PURE_FILLERS = sorted(set(words.FILLER_PHRASES) - {"van", "of", "en", "a", "au"})


@MANY
@given(st.sampled_from(VALID), st.data())
def test_inserting_a_filler_anywhere_never_changes_the_window(
    text: str, data: st.DataObject
) -> None:
    expected = _window(text)
    # Between two words, or two signs: "2019-2020" -> "2019- the 2020".
    cuts = [
        0,
        len(text),
        *(k for k in range(1, len(text)) if not (text[k - 1] + text[k]).isalnum()),
    ]
    cut = data.draw(st.sampled_from(sorted(set(cuts))))
    filler = data.draw(st.sampled_from(PURE_FILLERS))
    _same_or_refused(f"{text[:cut]} {filler} {text[cut:]}", expected)


# Where each language puts its fillers around a season: they must read as the season.
FILLED = {
    words.NL: [
        "in de {} van {}",
        "de {} van {}",
        "tijdens de {} {}",
        "in het {} {}",
        "{} van het jaar {}",
    ],
    words.EN: ["the {} of {}", "in the {} of {}", "during the {} of {}", "around the {} of {}"],
    words.FR: ["l'{} {}", "à l'{} {}", "au {} {}", "pendant l'{} de l'année {}", "le {} {}"],
}


@MANY
@given(
    st.sampled_from(LANGUAGES).flatmap(
        lambda lang: st.tuples(
            st.sampled_from(FILLED[lang]), st.sampled_from(_in(words.SEASON_WORDS, lang))
        )
    ),
    years,
)
def test_fillers_where_a_language_puts_them_read_as_the_bare_period(
    form: tuple[str, str], year: int
) -> None:
    pattern, season = form
    assert _window(pattern.format(season, year)) == _window(f"{season} {year}")


@MANY
@given(st.sampled_from([r for r in READINGS if set(r[0].split()) & deadline.FILLERS]), st.data())
def test_removing_fillers_never_changes_the_window(
    row: tuple[str, str, str, str], data: st.DataObject
) -> None:
    text = row[0]
    tokens = text.split(" ")
    fillers = [k for k, t in enumerate(tokens) if fold(t) in deadline.FILLERS]
    gone = data.draw(st.sets(st.sampled_from(fillers), min_size=1))
    _same_or_refused(" ".join(t for k, t in enumerate(tokens) if k not in gone), row[1:])


def _slips(word: str) -> set[str]:
    """Every one-letter slip: a letter left out, two neighbours swapped, a letter doubled."""
    found = set()
    for k in range(len(word)):
        found.add(word[:k] + word[k + 1 :])
        found.add(word[:k] + word[k] + word[k:])
        if k + 1 < len(word):
            found.add(word[:k] + word[k + 1] + word[k] + word[k + 2 :])
    return found - {word}


def _contexts(word: str) -> list[str]:
    """Texts that use `word` as it is meant, in each language it belongs to."""
    found = []
    for language in LANGUAGES:
        art, of = {
            words.NL: ("in de", "van"),
            words.EN: ("in the", "of"),
            words.FR: ("à l'", "de l'année"),
        }[language]
        lead = LEADS[language][1]
        if words.MONTH_WORDS.get(word, (0, 0))[1] & language:
            end = _valued(words.PART_WORDS, language, 2)[0]
            found += ["{} 2020", f"{lead}{{}} 2020", "15 {} 2020", f"{end} {{}} 2020"]
        if words.SEASON_WORDS.get(word, (0, 0))[1] & language:
            found += ["{} 2020", f"{lead}{{}} 2020", f"{art} {{}} {of} 2020"]
        if words.PART_WORDS.get(word, (0, 0))[1] & language:
            march = _valued(words.MONTH_WORDS, language, 3)[-1]
            found += ["{}-2020", "{}-" + march + " 2020"]
            if word != "mi":  # "mi" only with a hyphen
                found += ["{} 2020", "{} " + march + " 2020"]
        if words.ORDINAL_WORDS.get(word, (0, 0))[1] & language:
            unit = 6 if words.ORDINAL_WORDS[word][0] <= 2 else 3  # a third half is refused
            found += ["{} " + _valued(words.UNIT_WORDS, language, unit)[0] + " 2020"]
        if words.UNIT_WORDS.get(word, (0, 0))[1] & language:
            found += [_valued(words.ORDINAL_WORDS, language, 2)[0] + " {} 2020"]
        if words.WEEK_WORDS.get(word, (0, 0))[1] & language:
            found += ["{} 12 2020"]
    # A label may stand before each, in a text of steps: a slip must not become one.
    return [*found, *(f"Selectie {c}; Trefdag 2021" for c in found)]


PERIOD_WORDS = sorted(words.period_words())


@pytest.mark.parametrize("word", PERIOD_WORDS)
def test_a_slip_in_a_period_word_is_refused_or_reads_the_same(word: str) -> None:
    contexts = _contexts(word)
    assert contexts, word
    for context in contexts:
        expected = _window(context.format(word))
        for slip in _slips(word):
            _same_or_refused(context.format(slip), expected)


def test_the_slips_tested_include_the_dangerous_ones() -> None:
    # Each is also a word of the language: "in 2020", "en 2021", "de 2020", "au 2020",
    # "mi 2020", "et 2020", "no 2020".
    assert {"in", "en", "de", "au", "mi", "et", "no"} <= set().union(
        *(_slips(w) for w in ("fin", "end", "dec", "aug", "mai", "ete", "nov"))
    )


VOCABULARY = sorted(
    words.known_words()
    | {
        "q3",
        "q5",
        "h2",
        "w12",
        "w54",
        "2019",
        "2020",
        "0000",
        "9999",
        "15",
        "32",
        "03",
        "1er",
        "2e",
    }
    | {"-", "/", ";", ":", ".", "?", "l'", "d'", "2019-2020", "2020-w53", "15/03/2020"}
)
texts = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join),
)


@MANY
@given(texts)
def test_arbitrary_text_raises_only_the_tools_error(text: str) -> None:
    with suppress(DeadlineError):
        found = read(text)
        if found.start and found.end:
            assert found.start <= found.end
        # Every word has a documented role; labels stand only in a text of steps or
        # at a colon.
        assert {w.role for w in found.words} <= set(deadline.ROLES)
        if ";" not in text and ":" not in text:
            assert all(w.role not in ("label", "lead-in") for w in found.words)
    with suppress(DeadlineError):
        period(text, TODAY)
    with suppress(DeadlineError):
        period(text, date(9999, 12, 31))


# --- the command line's ISO dates, read without the reader -----------------------------


def test_every_iso_month_and_day_reads_as_the_reader_reads_it() -> None:
    """`--before 2020-01` and `--as-of 2019-09-01` are read by deadline_types.iso_window
    without importing the reader: every month and day of four years (a leap year among
    them) gives the reader's own window."""
    today = date(2019, 7, 5)
    day = date(2019, 1, 1)
    while day.year < 2023:
        text = day.isoformat()
        assert iso_window(text) == period(text, today) == (day, day)
        if day.day == 1:
            month = text[:7]
            assert iso_window(month) == period(month, today)
        day += timedelta(days=1)
    assert iso_window("2020-02") == (date(2020, 2, 1), date(2020, 2, 29))
    assert iso_window("2019-12") == (date(2019, 12, 1), date(2019, 12, 31))
    assert iso_window(" 2020-01 ") == (date(2020, 1, 1), date(2020, 1, 31))


@pytest.mark.parametrize(
    "text",
    ["2020-13", "2020-00", "2019-02-29", "2020-04-31", "0000-01", "2020-1", "2020-01-1",
     "20200101", "2020/01", "２０２０-01", "2020-01-01T00:00", "q1 2020", ""],
)  # fmt: skip
def test_what_is_not_an_iso_month_or_day_is_left_to_the_reader(text: str) -> None:
    """Not read the short way: the reader reads it (or refuses it, naming the words)."""
    assert iso_window(text) is None


@given(st.text(alphabet="0123456789- ", max_size=12))
@MANY
def test_an_iso_reading_is_always_the_reader_s(text: str) -> None:
    """Whatever text the short way reads, the reader reads the same; a typo is never
    read differently."""
    found = iso_window(text)
    if found is not None:
        assert found == period(text, date(2019, 7, 5))
