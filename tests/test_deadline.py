"""The deadline language: every documented form, and properties over generated ones."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date, timedelta
from itertools import pairwise

import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from vvsgplan import deadline
from vvsgplan.deadline import DeadlineError, fold, period, read


def _documented() -> list[tuple[str, str, str, str]]:
    """The rows of the table "Every form" in docs/deadlines.md."""
    text = (ROOT / "docs" / "deadlines.md").read_text(encoding="utf-8")
    section = text.split("## Every form")[1].split("##")[0]
    rows = []
    for line in section.splitlines():
        m = re.fullmatch(r"\| [^|]+ \| `(.+)` \| ([a-z-]+) \| ([\d-]*) ?\| ([\d-]*) ?\|", line)
        if m:
            rows.append((m.group(1), m.group(2), m.group(3), m.group(4)))
    return rows


DOCUMENTED = _documented()


def test_the_table_is_read_whole() -> None:
    assert len(DOCUMENTED) > 100


@pytest.mark.parametrize(
    ("text", "kind", "first", "last"), DOCUMENTED, ids=[r[0] for r in DOCUMENTED]
)
def test_every_documented_form(text: str, kind: str, first: str, last: str) -> None:
    found = read(text)
    assert found.kind == kind
    assert (found.start.isoformat() if found.start else "") == first
    assert (found.end.isoformat() if found.end else "") == last


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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("zomer 2019 misschien", "cannot read 'misschien' after 'zomer 2019'"),
        ("binnenkort", "cannot read 'binnenkort' as a deadline"),
        ("31/02/2020", "31/02/2020 is not a day of the calendar"),
        ("2020-13", "there is no month 13"),
        ("2021 tot 2019", "the range ends before it starts"),
        ("H3 2020", "a year has two halves, not 3"),
        ("", "a deadline needs a date, a period or an event"),
    ],
)
def test_what_cannot_be_read_says_why(text: str, message: str) -> None:
    with pytest.raises(DeadlineError, match=re.escape(message)):
        read(text)


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
    ],
)
def test_command_line_dates(text: str, first: date, last: date) -> None:
    window = period(text, TODAY)
    assert (window.start, window.end) == (first, last)


def test_a_bad_command_line_date_lists_the_forms() -> None:
    with pytest.raises(DeadlineError) as error:
        period("someday", TODAY)
    message = str(error.value)
    for example in ("2020-03-15", "maart 2020", "zomer 2019", "eind 2019", "+10d", "eoy"):
        assert example in message


# --- properties -------------------------------------------------------------------------

years = st.integers(min_value=1990, max_value=2090)
months_by_name = sorted(deadline.MONTHS.items())


@st.composite
def expressions(draw: st.DrawFn) -> str:
    year = draw(years)
    form = draw(
        st.sampled_from(["year", "month", "season", "half", "quarter", "part", "day", "range"])
    )
    if form == "year":
        return str(year)
    if form == "month":
        return f"{draw(st.sampled_from(months_by_name))[0]} {year}"
    if form == "season":
        return f"{draw(st.sampled_from(sorted(deadline.SEASONS)))} {year}"
    if form == "half":
        return f"{draw(st.sampled_from(['H', 'S']))}{draw(st.integers(1, 2))} {year}"
    if form == "quarter":
        return f"{draw(st.sampled_from(['Q', 'T']))}{draw(st.integers(1, 4))} {year}"
    if form == "part":
        return f"{draw(st.sampled_from(sorted(deadline.PARTS)))} {year}"
    if form == "day":
        day = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
        return day.strftime("%d/%m/%Y")
    return f"{year}-{year + draw(st.integers(0, 5))}"


LEADS = [
    "",
    "uiterlijk ",
    "tegen ",
    "by ",
    "au plus tard ",
    "voor ",
    "before ",
    "avant ",
    "ten laatste ",
]


@given(st.sampled_from(LEADS), expressions())
def test_first_day_is_never_after_last_day(lead: str, text: str) -> None:
    found = read(lead + text)
    assert found.start is not None and found.end is not None
    assert found.start <= found.end
    assert found.kind == "dated"


STEP_LABELS = ["Selectie", "Trefdag", "Rapport", "Evaluatie"]


@given(st.lists(expressions(), min_size=2, max_size=4))
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


@given(st.sampled_from([r[0] for r in DOCUMENTED]), st.lists(st.booleans(), max_size=80))
def test_case_and_accents_never_change_the_result(text: str, flips: list[bool]) -> None:
    expected = read(text)
    for variant in (fold(text), _shout(text, flips)):
        found = read(variant)
        assert (found.kind, found.start, found.end) == (expected.kind, expected.start, expected.end)


VOCABULARY = sorted(
    {*deadline.MONTHS, *deadline.SEASONS, *deadline.ORDINALS, *deadline.PARTS, *deadline.HALF_WORDS}
    | {
        *deadline.QUARTER_WORDS,
        "q3",
        "h2",
        "2019",
        "2020",
        "15",
        "03",
        "1er",
        "2e",
        "-",
        "/",
        ";",
        ":",
    }
    | {
        "vanaf",
        "tot",
        "en",
        "verder",
        "na",
        "uiterlijk",
        "voor",
        "gedaan",
        "in",
        "of",
        "d'ici",
        "et",
    }
)


@given(
    st.one_of(st.text(max_size=60), st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join))
)
def test_arbitrary_text_raises_only_the_tools_error(text: str) -> None:
    with suppress(DeadlineError):
        read(text)
    with suppress(DeadlineError):
        period(text, TODAY)
