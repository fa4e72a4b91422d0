"""Deadlines in the plan's own words.

A plan says "Zomer 2019", "Eind 2019", "2020 en verder" or "Selectie zomer 2019;
Trefdag in oktober 2020". `read` turns such a text into a `Deadline`: a window of days
and a kind, plus the dated steps (milestones) the text names. `period` reads the dates
given on the command line. Words are matched from tables, never through the system
locale, case-insensitively and with or without accents. The windows chosen for each
form are documented in docs/deadlines.md.
"""

import re
import unicodedata
from datetime import date, timedelta
from functools import lru_cache
from typing import Final, NamedTuple

DATED: Final = "dated"
OPEN_ENDED: Final = "open-ended"
EVENT: Final = "event"
DONE: Final = "done"


class DeadlineError(ValueError):
    """A text that is not a deadline; the message says which words could not be read."""


class Window(NamedTuple):
    """The days a deadline covers: `end` is None when it has no fixed end."""

    start: date | None
    end: date | None


class Step(NamedTuple):
    """One dated step of a deadline text: "Trefdag in oktober 2020"."""

    label: str
    text: str
    kind: str
    start: date | None
    end: date | None
    form: str = ""  # how the words were read: "summer", "by: month"


class Deadline(NamedTuple):
    kind: str
    start: date | None
    end: date | None
    steps: tuple[Step, ...]

    @property
    def due(self) -> date | None:
        return self.end

    @property
    def milestones(self) -> tuple[Step, ...]:
        """The steps that are milestones: all of them when there are several, except a
        leading unlabelled "vanaf ..." or event step, which is the deadline itself."""
        if len(self.steps) < 2:
            return ()
        first = self.steps[0]
        if not first.label and first.kind in (OPEN_ENDED, EVENT):
            return self.steps[1:]
        return self.steps


# --- vocabulary -----------------------------------------------------------------------

MONTHS: Final = {
    **dict.fromkeys(("januari", "january", "janvier", "jan", "janv"), 1),
    **dict.fromkeys(("februari", "february", "fevrier", "feb", "febr", "fev", "fevr"), 2),
    **dict.fromkeys(("maart", "march", "mars", "mrt", "mar", "maa"), 3),
    **dict.fromkeys(("april", "avril", "apr", "avr"), 4),
    **dict.fromkeys(("mei", "may", "mai"), 5),
    **dict.fromkeys(("juni", "june", "juin", "jun"), 6),
    **dict.fromkeys(("juli", "july", "juillet", "jul", "juil"), 7),
    **dict.fromkeys(("augustus", "august", "aout", "aug"), 8),
    **dict.fromkeys(("september", "septembre", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "octobre", "okt", "oct"), 10),
    **dict.fromkeys(("november", "novembre", "nov"), 11),
    **dict.fromkeys(("december", "decembre", "dec"), 12),
}
MONTH_NAMES: Final = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
# Meteorological seasons, by their first month.
SEASONS: Final = {
    **dict.fromkeys(("voorjaar", "lente", "spring", "printemps"), 3),
    **dict.fromkeys(("zomer", "summer", "ete"), 6),
    **dict.fromkeys(("najaar", "herfst", "autumn", "fall", "automne"), 9),
    **dict.fromkeys(("winter", "hiver"), 12),
}
ORDINALS: Final = {
    **dict.fromkeys(("eerste", "first", "premier", "premiere"), 1),
    **dict.fromkeys(("tweede", "second", "seconde", "deuxieme"), 2),
    **dict.fromkeys(("derde", "third", "troisieme"), 3),
    **dict.fromkeys(("vierde", "fourth", "quatrieme"), 4),
}
HALF_WORDS: Final = frozenset({"helft", "half", "semester", "semestre", "jaarhelft"})
QUARTER_WORDS: Final = frozenset({"kwartaal", "quarter", "trimestre"})
PARTS: Final = {
    **dict.fromkeys(("begin", "start", "early", "beginning", "debut", "aanvang"), "begin"),
    **dict.fromkeys(("midden", "medio", "mid", "mi", "half", "middle", "milieu"), "mid"),
    **dict.fromkeys(("eind", "einde", "end", "fin", "late", "laat"), "end"),
}
_SEASON_NAMES: Final = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}
# Words between a part or an ordinal and its year: "end of 2019", "eind van 2019".
FILLERS: Final = frozenset({"of", "van", "de", "du", "het", "the", "in"})

_PHRASES = {
    # Deadline words that keep the window: "uiterlijk september 2020" is due 30 September.
    "by": (
        "uiterlijk",
        "ten laatste",
        "tegen",
        "by",
        "no later than",
        "not later than",
        "at the latest",
        "au plus tard",
        "au plus tard le",
        "au plus tard en",
        "d'ici",
        "d'ici a",
        "d'ici la",
        "d'ici le",
    ),
    # Deadline words that end the window the day before the date: "voor 2020".
    "before": ("voor", "before", "avant", "prior to"),
    "from": (
        "vanaf",
        "van",
        "from",
        "as of",
        "as from",
        "starting",
        "starting in",
        "starting from",
        "a partir de",
        "a partir du",
        "des",
        "depuis",
        "sinds",
        "since",
    ),
    "done": (
        "gedaan",
        "gedaan in",
        "gedaan op",
        "afgerond",
        "afgerond in",
        "afgerond op",
        "klaar",
        "gerealiseerd",
        "done",
        "done in",
        "done on",
        "completed",
        "completed in",
        "completed on",
        "fait",
        "fait en",
        "fait le",
        "termine",
        "termine en",
        "termine le",
        "realise",
        "realise en",
    ),
    "onwards": (
        "en verder",
        "en later",
        "e v",
        "onwards",
        "and beyond",
        "and later",
        "and after",
        "et au-dela",
        "et apres",
        "et suivants",
    ),
    "range": (
        "-",
        "/",
        "tot",
        "tot en met",
        "t/m",
        "to",
        "until",
        "till",
        "through",
        "thru",
        "a",
        "au",
        "jusqu'a",
        "jusqu'au",
        "jusqu'en",
    ),
    # An event without a date: "na start nieuwe Vlaamse regering".
    "event": (
        "na",
        "nadat",
        "zodra",
        "zo snel mogelijk na",
        "after",
        "upon",
        "once",
        "when",
        "following",
        "apres",
        "lors",
        "des que",
        "suite",
    ),
    # No end, no start: "doorlopend".
    "ongoing": (
        "doorlopend",
        "permanent",
        "continu",
        "continue",
        "ongoing",
        "continuous",
        "continuously",
        "en continu",
        "en permanence",
    ),
}

# --- tokens ---------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<code>[qhst][1-4])(?![a-z0-9])"
    r"|(?P<num>\d+)(?P<ord>ste|de|e|er|ere|re|eme|st|nd|rd|th)?(?![a-z0-9])"
    r"|(?P<word>[a-z]+(?:'[a-z]+)*'?)"
    r"|(?P<punct>[-/;:,()])"
)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‑": "-"})


class _Tok(NamedTuple):
    text: str
    num: int | None
    ordinal: bool
    start: int
    end: int
    code: bool = False


def fold(text: str) -> str:
    """Lower case without accents, one character for one: "Vóór" -> "voor"."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0] if ord(ch) > 127 else ch
        out.append(base.lower() if len(base.lower()) == 1 else base)
    return "".join(out)


def _tokens(folded: str) -> list[_Tok]:
    toks = []
    for m in _TOKEN.finditer(folded):
        if m.group("num"):
            toks.append(_Tok(m.group(0), int(m.group("num")), bool(m.group("ord")), *m.span()))
        elif m.group("code"):
            toks.append(_Tok(m.group(0), int(m.group(0)[1]), False, *m.span(), code=True))
        else:
            toks.append(_Tok(m.group(0), None, False, *m.span()))
    return toks


def _phrase_table() -> dict[str, dict[str, tuple[tuple[str, ...], ...]]]:
    """Each table's phrases as words, by their first word, longest first (so "tot en met"
    wins over "tot")."""
    table: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
    for name, phrases in _PHRASES.items():
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for p in phrases:
            words = tuple(t.text for t in _tokens(fold(p)))
            by_first.setdefault(words[0], []).append(words)
        table[name] = {
            first: tuple(sorted(set(found), key=len, reverse=True))
            for first, found in by_first.items()
        }
    return table


_TABLE: Final = _phrase_table()

# --- windows --------------------------------------------------------------------------


def days_in(year: int, month: int) -> int:
    # Not calendar.monthrange: importing calendar costs more than every command's parsing.
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _last_day(year: int, month: int) -> date:
    return date(year, month, days_in(year, month))


def _months(year: int, first: int, count: int) -> Window:
    """`count` months from month `first` of `year`, running into the next year if need be."""
    end_month = first + count - 1
    end_year = year + (end_month - 1) // 12
    return Window(date(year, first, 1), _last_day(end_year, (end_month - 1) % 12 + 1))


def _part(window: Window, part: str) -> Window:
    """Begin, middle or end of a year (quarters: Q1, Q2-Q3, Q4) or of a month (days
    1-10, 11-20, 21-last)."""
    assert window.start is not None and window.end is not None
    s, e = window.start, window.end
    if (s.month, s.day, e.month, e.day) == (1, 1, 12, 31) and s.year == e.year:
        first, count = {"begin": (1, 3), "mid": (4, 6), "end": (10, 3)}[part]
        return _months(s.year, first, count)
    bounds = {"begin": (1, 10), "mid": (11, 20), "end": (21, e.day)}[part]
    return Window(s.replace(day=bounds[0]), s.replace(day=bounds[1]))


def _year(tok: _Tok) -> int | None:
    if tok.num is not None and not tok.ordinal and not tok.code and len(tok.text) == 4:
        return tok.num
    return None


# --- grammar --------------------------------------------------------------------------


class _Match(NamedTuple):
    window: Window
    end: int
    kind: str = DATED
    form: str = ""  # how the words were read, for `vvsgplan when`


class _Parser:
    def __init__(self, toks: list[_Tok], hi: int) -> None:
        self.toks = toks
        self.hi = hi

    def tok(self, i: int) -> _Tok | None:
        return self.toks[i] if i < self.hi else None

    def word(self, i: int) -> str:
        t = self.tok(i)
        return t.text if t is not None else ""

    def phrase(self, i: int, name: str) -> int | None:
        """The index after the longest phrase of table `name` at `i`."""
        for words in _TABLE[name].get(self.word(i), ()):
            if all(self.word(i + k) == w for k, w in enumerate(words[1:], 1)):
                return i + len(words)
        return None

    def year_at(self, i: int) -> int | None:
        t = self.tok(i)
        return _year(t) if t is not None else None

    def skip_fillers(self, i: int) -> int:
        while self.word(i) in FILLERS or self.word(i) == "-":
            i += 1
        return i

    def month_name(self, i: int) -> int | None:
        w = self.word(i)
        return MONTHS.get(w[2:] if w.startswith("d'") else w)

    # A single point in time: a day, month, season, half, quarter, part or year.
    def point(self, i: int) -> _Match | None:
        t = self.tok(i)
        if t is None:
            return None
        for rule in (self.numeric, self.named_day, self.named_month, self.season,
                     self.code, self.ordinal_part, self.part_of):  # fmt: skip
            found = rule(i, t)
            if found is not None:
                return found
        return None

    def numeric(self, i: int, t: _Tok) -> _Match | None:
        if t.num is None or t.ordinal or t.code:
            return None
        sep = self.word(i + 1)
        nxt = self.tok(i + 2)
        year = _year(t)
        if year is not None:
            if sep == "-" and nxt is not None and nxt.code and nxt.text[0] in "hqst":
                return self.coded(year, nxt.text[0], nxt.num or 0, i + 3)
            if sep == "-" and nxt is not None and nxt.num is not None and len(nxt.text) <= 2:
                month = nxt.num
                day = self.tok(i + 4)
                if self.word(i + 3) == "-" and day is not None and day.num is not None:
                    return self.day(year, month, day.num, i + 5)
                return _month(year, month, i + 3)
            return _Match(Window(date(year, 1, 1), date(year, 12, 31)), i + 1, form="year")
        if sep in ("/", "-") and nxt is not None and nxt.num is not None:
            after = self.tok(i + 4)
            if self.word(i + 3) == sep and after is not None and _year(after) is not None:
                return self.day(after.num or 0, nxt.num, t.num, i + 5)
            if sep == "/" and _year(nxt) is not None and 1 <= t.num <= 12:
                return _month(nxt.num, t.num, i + 3)
        return None

    def day(self, year: int, month: int, day: int, end: int) -> _Match:
        try:
            d = date(year, month, day)
        except ValueError:
            message = f"{day:02d}/{month:02d}/{year} is not a day of the calendar"
            raise DeadlineError(message) from None
        return _Match(Window(d, d), end, form="day")

    def named_day(self, i: int, t: _Tok) -> _Match | None:
        month = self.month_name(i + 1)
        year = self.year_at(i + 2)
        if t.num is None or t.code or month is None or year is None or not 1 <= t.num <= 31:
            return None
        return self.day(year, month, t.num, i + 3)

    def named_month(self, i: int, t: _Tok) -> _Match | None:
        month = self.month_name(i)
        year = self.year_at(i + 1)
        if month is None or year is None:
            return None
        return _month(year, month, i + 2)

    def season(self, i: int, t: _Tok) -> _Match | None:
        first = SEASONS.get(t.text)
        year = self.year_at(i + 1)
        if first is None or year is None:
            return None
        if first == 12 and self.word(i + 2) == "-" and self.year_at(i + 3) == year + 1:
            return _Match(_months(year, 12, 3), i + 4, form="winter")
        return _Match(_months(year, first, 3), i + 2, form=_SEASON_NAMES[first])

    def code(self, i: int, t: _Tok) -> _Match | None:
        year = self.year_at(i + 1)
        if not t.code or year is None:
            return None
        return self.coded(year, t.text[0], t.num or 0, i + 2)

    def coded(self, year: int, letter: str, n: int, end: int) -> _Match:
        # H and S (semestre) are halves, Q and T (trimestre) quarters.
        if letter in "hs":
            if n > 2:
                raise DeadlineError(f"a year has two halves, not {n}")
            return _Match(_months(year, 6 * n - 5, 6), end, form=f"half {n}")
        return _Match(_months(year, 3 * n - 2, 3), end, form=f"quarter {n}")

    def ordinal_part(self, i: int, t: _Tok) -> _Match | None:
        n = ORDINALS.get(t.text) or (t.num if t.ordinal else None)
        unit = self.word(i + 1)
        if n is None or (unit not in HALF_WORDS and unit not in QUARTER_WORDS):
            return None
        j = self.skip_fillers(i + 2)
        year = self.year_at(j)
        if year is None:
            return None
        letter = "h" if unit in HALF_WORDS else "q"
        if n > (2 if letter == "h" else 4):
            raise DeadlineError(f"there is no {t.text} {unit} in a year")
        return self.coded(year, letter, n, j + 1)

    def part_of(self, i: int, t: _Tok) -> _Match | None:
        part = PARTS.get(t.text)
        if part is None:
            return None
        j = self.skip_fillers(i + 1)
        inner = self.tok(j)
        if inner is None:
            return None
        whole = self.named_month(j, inner) or self.numeric(j, inner)
        if whole is None:
            return None
        start, end = whole.window.start, whole.window.end
        if start is None or end is None:
            return None
        a_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        a_month = start.day == 1 and end == _last_day(start.year, start.month)
        if start.year != end.year or not (a_year or a_month):
            return None
        unit = "year" if a_year else "month"
        return _Match(_part(whole.window, part), whole.end, form=f"{part} of a {unit}")

    # A point, or two points joined: "2019-2020", "maart tot juni 2020".
    def range(self, i: int) -> _Match | None:
        first = self.point(i)
        if first is None:
            month = self.month_name(i)
            after = self.phrase(i + 1, "range")
            if month is not None and after is not None and (second := self.point(after)):
                year = second.window.start.year if second.window.start else 0
                first = _month(year, month, after)
                return self.join(first, second)
            return None
        after = self.phrase(first.end, "range")
        if after is not None and (second := self.point(after)) is not None:
            return self.join(first, second)
        return first

    def join(self, first: _Match, second: _Match) -> _Match:
        start, end = first.window.start, second.window.end
        if start is None or end is None or end < start:
            raise DeadlineError("the range ends before it starts")
        return _Match(Window(start, end), second.end, form=f"{first.form} to {second.form}")

    # A whole step: lead words, a range, trailing words.
    def expr(self, i: int) -> _Match | None:
        for lead in ("done", "from", "by", "before"):
            j = self.phrase(i, lead)
            if j is None:
                continue
            core = self.range(self.skip_fillers(j) if lead == "done" else j)
            if core is None:
                continue
            w = core.window
            if lead == "done":
                return _Match(w, core.end, DONE, f"done: {core.form}")
            if lead == "from":
                if self.was_range(j, core):
                    return core._replace(form=f"from {core.form}")
                return _Match(Window(w.start, None), core.end, OPEN_ENDED, f"from: {core.form}")
            if lead == "before":
                assert w.start is not None
                day = w.start - timedelta(days=1)
                return _Match(Window(day, day), core.end, form=f"before: {core.form}")
            return core._replace(form=f"by: {core.form}")
        core = self.range(i)
        if core is None:
            return None
        after = self.phrase(core.end, "onwards")
        if after is not None:
            return _Match(
                Window(core.window.start, None), after, OPEN_ENDED, f"{core.form} onwards"
            )
        return core

    def was_range(self, i: int, core: _Match) -> bool:
        single = self.point(i)
        return single is None or single.end != core.end


def _month(year: int, month: int, end: int) -> _Match:
    if not 1 <= month <= 12:
        raise DeadlineError(f"there is no month {month}")
    return _Match(_months(year, month, 1), end, form="month")


_LABEL_TAIL: Final = frozenset(
    {"in", "op", "on", "en", "at", "au", "a", "tijdens", "during", "rond", "around", "le", "la"}
)


def _label(text: str, folded: str, toks: list[_Tok], lo: int, hi: int) -> str:
    """The words before a date, without a lead-in clause ("reeds ingepland:") or a
    trailing preposition ("Trefdag in" -> "Trefdag")."""
    while hi > lo and toks[hi - 1].text in _LABEL_TAIL:
        hi -= 1
    if hi <= lo:
        return ""
    start, end = toks[lo].start, toks[hi - 1].end
    colon = folded.rfind(":", start, end)
    if colon >= 0:
        start = colon + 1
    return text[start:end].strip(" ,:-()")


def _segment(text: str, folded: str, toks: list[_Tok], lo: int, hi: int) -> list[Step]:
    p = _Parser(toks, hi)
    if lo == hi:
        return []
    piece = text[toks[lo].start : toks[hi - 1].end]
    after = p.phrase(lo, "event")
    if after is not None:
        # "after March 2020" is a date after all; "na start nieuwe regering" is an event.
        dated = p.range(after)
        if dated is not None and dated.end == hi and dated.window.end is not None:
            return [
                Step(
                    "",
                    piece,
                    OPEN_ENDED,
                    dated.window.end + timedelta(days=1),
                    None,
                    f"after: {dated.form}",
                )
            ]
        return [Step("", piece, EVENT, None, None, "event")]
    steps: list[Step] = []
    i = label_from = lo
    while i < hi:
        m = p.expr(i)
        if m is None:
            i += 1
            continue
        label = _label(text, folded, toks, label_from, i)
        words = text[toks[i].start : toks[m.end - 1].end]
        steps.append(Step(label, words, m.kind, m.window.start, m.window.end, m.form))
        i = label_from = m.end
    if steps and label_from < hi:
        rest = text[toks[label_from].start : toks[hi - 1].end]
        raise DeadlineError(f"cannot read {rest!r} after {steps[-1].text!r}")
    if steps:
        return steps
    if p.phrase(lo, "ongoing") == hi:
        return [Step("", piece, OPEN_ENDED, None, None, "ongoing")]
    raise DeadlineError(f"cannot read {piece!r} as a deadline")


@lru_cache(maxsize=4096)
def read(text: str) -> Deadline:
    """Interpret a `when` text; raises DeadlineError when it cannot be read."""
    folded = fold(text)
    toks = _tokens(folded)
    steps: list[Step] = []
    lo = 0
    for hi in [k for k, t in enumerate(toks) if t.text == ";"] + [len(toks)]:
        steps.extend(_segment(text, folded, toks, lo, hi))
        lo = hi + 1
    if not steps:
        raise DeadlineError("a deadline needs a date, a period or an event")
    return _combine(steps)


def _combine(steps: list[Step]) -> Deadline:
    if len(steps) == 1:
        s = steps[0]
        return Deadline(s.kind, s.start, s.end, tuple(steps))
    first = steps[0]
    if not first.label and first.kind in (OPEN_ENDED, EVENT):
        return Deadline(first.kind, first.start, first.end, tuple(steps))
    starts = [s.start for s in steps if s.start is not None]
    start = min(starts) if starts else None
    kinds = {s.kind for s in steps}
    if kinds == {DONE}:
        return Deadline(DONE, start, max(s.end for s in steps if s.end), tuple(steps))
    for kind in (OPEN_ENDED, EVENT):
        if kind in kinds:
            return Deadline(kind, start, None, tuple(steps))
    ends = [s.end for s in steps if s.end is not None]
    return Deadline(DATED, start, max(ends), tuple(steps))


# --- command-line dates ---------------------------------------------------------------

_RELATIVE = re.compile(r"([+-])(\d{1,4})([dwmy])")
_TODAY_WORDS: Final = {
    **dict.fromkeys(("today", "vandaag", "aujourd'hui", "now", "nu"), 0),
    **dict.fromkeys(("yesterday", "gisteren", "hier"), -1),
    **dict.fromkeys(("tomorrow", "morgen", "demain"), 1),
}

PERIOD_FORMS: Final = (
    ("a day", "2020-03-15, 15/03/2020, 15 maart 2020"),
    ("a month", "2020-03, maart 2020, sep 2020"),
    ("a year or a range", "2020, 2019-2020"),
    ("a season, half or quarter", "zomer 2019, tweede helft 2019, Q3 2019"),
    ("a part of a year or month", "eind 2019, begin maart 2020"),
    ("relative to today", "today, tomorrow, +10d, +2w, -3m, +1y, eow, eom, eoq, eoy"),
)


def _add_months(d: date, n: int) -> date:
    months = d.year * 12 + d.month - 1 + n
    year, month = divmod(months, 12)
    month += 1
    return date(year, month, min(d.day, days_in(year, month)))


def _relative(word: str, today: date) -> date | None:
    if word in _TODAY_WORDS:
        return today + timedelta(days=_TODAY_WORDS[word])
    m = _RELATIVE.fullmatch(word)
    if m:
        n = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
        unit = m.group(3)
        if unit in "dw":
            return today + timedelta(days=n * (7 if unit == "w" else 1))
        return _add_months(today, n * (12 if unit == "y" else 1))
    if word == "eow":
        return today + timedelta(days=6 - today.weekday())
    if word == "eom":
        return _last_day(today.year, today.month)
    if word == "eoq":
        return _last_day(today.year, (today.month - 1) // 3 * 3 + 3)
    if word == "eoy":
        return date(today.year, 12, 31)
    return None


def period(text: str, today: date) -> Window:
    """Read a date given on the command line: any form of the plan's deadlines that names
    one period, or a date relative to `today`. Raises DeadlineError listing the forms."""
    word = fold(text.strip())
    day = _relative(word.replace(" ", ""), today)
    if day is not None:
        return Window(day, day)
    toks = _tokens(word)
    p = _Parser(toks, len(toks))
    try:
        found = p.range(0) if toks else None
    except DeadlineError as e:
        raise DeadlineError(f"cannot read {text!r} as a date: {e}") from None
    if found is None or found.end != len(toks):
        forms = "; ".join(f"{what}: {examples}" for what, examples in PERIOD_FORMS)
        raise DeadlineError(f"cannot read {text!r} as a date; use {forms}")
    return found.window
