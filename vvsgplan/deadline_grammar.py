"""The grammar of one step of a deadline: tokens, the windows of periods, and a parser
that reads a period with its deadline words and fillers, noting each word's role and
languages. `deadline` builds steps, labels and events on it."""

import re
import unicodedata
from datetime import date, timedelta
from typing import Final, NamedTuple

from vvsgplan import deadline_words as vocab
from vvsgplan.deadline_types import DATED, DONE, OPEN_ENDED, DeadlineError, Window
from vvsgplan.deadline_words import ANY, shown

LAST_DAY: Final = date(9999, 12, 31)
YEARS: Final = "years run from 0001 to 9999"


_SEASON_NAMES: Final = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}

# --- tokens -------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<chunk>[a-z0-9]+(?:'[a-z0-9]+)*'?)|(?P<punct>[-/;:])|(?P<dot>\.)|(?P<skip>[,()])|\S"
)
_ELISION = re.compile(r"(l|d|jusqu|qu|lorsqu)'(?=[a-z])")
_ORDINAL = re.compile(r"(\d+)(ste|de|e|er|ere|re|eme|ieme|st|nd|rd|th)")
_CODE = re.compile(r"([qhstw])(\d+)")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "‑": "-"})
_BIG: Final = 10**9  # a number too long to be a year, day or week, kept small for int()


class Tok(NamedTuple):
    text: str
    kind: str  # word, num, ord (2e, 1er), code (Q3, W12), punct, other
    num: int | None
    start: int
    end: int


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


def number(digits: str) -> int:
    return int(digits) if len(digits) <= 9 else _BIG


def _chunk(text: str, start: int) -> list[Tok]:
    end = start + len(text)
    if text.isdigit():
        return [Tok(text, "num", number(text), start, end)]
    if m := _ORDINAL.fullmatch(text):
        return [Tok(text, "ord", number(m.group(1)), start, end)]
    if m := _CODE.fullmatch(text):
        return [Tok(text, "code", number(m.group(2)), start, end)]
    if m := _ELISION.match(text):
        # "l'été" is "l'" and "été"; "SDG's" stays one word.
        cut = m.end()
        return [
            Tok(text[:cut], "word", None, start, start + cut),
            *_chunk(text[cut:], start + cut),
        ]
    kind = "word" if text.replace("'", "").isalpha() else "other"
    return [Tok(text, kind, None, start, end)]


def tokens(folded: str) -> list[Tok]:
    """Words, numbers and the punctuation that matters. Dots end abbreviations ("sept.")
    except between digits (15.03.2020); commas and brackets separate nothing."""
    toks: list[Tok] = []
    for m in _TOKEN.finditer(folded):
        start, end = m.span()
        if m.group("chunk"):
            toks.extend(_chunk(m.group(0), start))
        elif m.group("punct"):
            toks.append(Tok(m.group(0), "punct", None, start, end))
        elif m.group("dot"):
            if start > 0 and end < len(folded) and (folded[start - 1] + folded[end]).isdigit():
                toks.append(Tok(".", "punct", None, start, end))
        elif not m.group("skip"):
            toks.append(Tok(m.group(0), "other", None, start, end))
    return toks


_PhraseTable = dict[str, tuple[tuple[tuple[str, ...], int], ...]]
_PHRASE_WORD = re.compile(r"[a-z]+'?|[-/]")


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The tokens of a phrase of the tables, which hold only folded words, elisions
    ("d'ici"), hyphens and slashes: split without the full tokenizer, as startup
    reads every table."""
    return tuple(_PHRASE_WORD.findall(phrase))


def _phrase_table(phrases: dict[str, int]) -> _PhraseTable:
    """Phrases as words, by their first word, longest first (so "tot en met" wins over
    "tot"), each with its languages."""
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for p, languages in phrases.items():
        words = phrase_words(p)
        by_first.setdefault(words[0], []).append((words, languages))
    return {
        first: tuple(sorted(found, key=lambda f: len(f[0]), reverse=True))
        for first, found in by_first.items()
    }


LEADS: Final = {name: _phrase_table(p) for name, p in vocab.LEADS.items()}
TAILS: Final = {name: _phrase_table(p) for name, p in vocab.TAILS.items()}
_JOINERS: Final = {name: _phrase_table(p) for name, p in vocab.JOINERS.items()}
ONGOING: Final = _phrase_table(vocab.ONGOING)
_FILLER: Final = _phrase_table(vocab.FILLER_PHRASES)
PERIOD_WORDS: Final = vocab.period_words()

# --- windows ------------------------------------------------------------------------------


def days_in(year: int, month: int) -> int:
    # Not calendar.monthrange: importing calendar costs more than every command's parsing.
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def check_year(year: int) -> None:
    if not 1 <= year <= 9999:
        written = f"{year:04d}" if year < _BIG else "of that many digits"
        raise DeadlineError(f"there is no year {written}: {YEARS}")


def last_day(year: int, month: int) -> date:
    return date(year, month, days_in(year, month))


def _months(year: int, first: int, count: int) -> Window:
    """`count` months from month `first` of `year`, running into the next year if need be."""
    check_year(year)
    end_month = first + count - 1
    end_year = year + (end_month - 1) // 12
    if end_year > 9999:
        raise DeadlineError(f"it runs past 31 December 9999: {YEARS}")
    return Window(date(year, first, 1), last_day(end_year, (end_month - 1) % 12 + 1))


def shift(day: date, days: int, what: str) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        edge = "before 1 January 0001" if days < 0 else "after 31 December 9999"
        raise DeadlineError(f"{what} {day.isoformat()} is {edge}: {YEARS}") from None


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


def _iso_week(year: int, week: int) -> Window:
    """Monday to Sunday of ISO week `week`: week 1 holds the year's first Thursday."""
    check_year(year)
    jan1 = date(year, 1, 1).weekday()
    weeks = 53 if jan1 == 3 or (jan1 == 2 and days_in(year, 2) == 29) else 52
    if not 1 <= week <= weeks:
        raise DeadlineError(f"there is no week {week} in {year:04d}: it has {weeks} weeks")
    jan4 = date(year, 1, 4)
    monday = jan4.toordinal() - jan4.weekday() + 7 * (week - 1)
    if monday < 1 or monday + 6 > LAST_DAY.toordinal():
        raise DeadlineError(f"week {week} of {year:04d} runs past 31 December 9999: {YEARS}")
    return Window(date.fromordinal(monday), date.fromordinal(monday + 6))


# --- grammar ------------------------------------------------------------------------------

# What a parse found for each word it took: (token index, role, languages).
Roles = tuple[tuple[int, str, int], ...]


class Match(NamedTuple):
    window: Window
    end: int
    kind: str = DATED
    form: str = ""  # how the words were read, for `vvsgplan when`
    roles: Roles = ()
    joined: bool = False  # two periods joined into one window ("2019 tot 2020")


class Parser:
    def __init__(self, toks: list[Tok], hi: int, default_year: int | None = None) -> None:
        self.toks = toks
        self.hi = hi
        # The year of a week given without one ("wk 12"): only on the command line.
        self.default_year = default_year

    def tok(self, i: int) -> Tok | None:
        return self.toks[i] if i < self.hi else None

    def word(self, i: int) -> str:
        return self.toks[i].text if i < self.hi else ""

    def phrase(self, i: int, table: _PhraseTable) -> tuple[int, int] | None:
        """The index after the longest phrase of `table` at `i`, and its languages."""
        for words, languages in table.get(self.word(i), ()):
            if all(self.word(i + k) == w for k, w in enumerate(words[1:], 1)):
                return i + len(words), languages
        return None

    def year_at(self, i: int) -> int | None:
        t = self.tok(i)
        if t is not None and t.kind == "num" and len(t.text) == 4:
            return t.num
        return None

    def lexicon(self, i: int, table: vocab.Lexicon) -> tuple[int, int] | None:
        t = self.tok(i)
        return table.get(t.text) if t is not None and t.kind == "word" else None

    # Fillers: words that never change the window.
    def fillers(self, i: int) -> tuple[int, Roles]:
        roles: list[tuple[int, str, int]] = []
        while (found := self.phrase(i, _FILLER)) is not None:
            end, languages = found
            roles.extend((k, "filler", languages) for k in range(i, end))
            i = end
        return i, tuple(roles)

    def check_fillers(self, roles: Roles) -> None:
        """A short filler stands only before a word written in full: "in 2020" is one
        letter from "fin 2020" (the end of 2020), "de 2020" from "dec 2020"."""
        for k in self.lone_fillers([k for k, role, _ in roles if role == "filler"]):
            filler = self.word(k)
            nxt = self.tok(k + 1)
            if filler not in vocab.BEFORE_WORDS_ONLY or nxt is None:
                continue
            if nxt.kind == "word" and nxt.text not in vocab.ABBREVIATIONS:
                continue
            if nxt.kind in ("ord", "code"):
                continue
            what = "an abbreviation" if nxt.kind == "word" else "a number"
            near = [p for p in PERIOD_WORDS if vocab.one_slip(filler, p) and len(p) > 2]
            why = f": it is one letter from {vocab.quoted(near)}" if near else ""
            raise DeadlineError(
                f"cannot read {shown(filler)} before {what} ({shown(nxt.text)}){why}; leave it out"
                + (" or write the month in full" if nxt.kind == "word" else "")
            )

    def lone_fillers(self, taken: list[int]) -> list[int]:
        """The fillers that stand alone, not as a word of a longer filler ("ergens in"),
        and the last word of a longer one when it is one slip from a period word of the
        same language: "dans le courant de 2020" is one letter from "... dec 2020"."""
        lone, k = [], 0
        while k < len(taken):
            found = self.phrase(taken[k], _FILLER)
            width = found[0] - taken[k] if found else 1
            if width == 1:
                lone.append(taken[k])
            elif found is not None:
                last = taken[k] + width - 1
                near = vocab.period_index().near(self.word(last))
                if any(vocab.period_languages()[w] & found[1] for w in near if len(w) > 2):
                    lone.append(last)
            k += width
        return lone

    # A single point in time: a day, month, season, half, quarter, week, part or year.
    def point(self, i: int) -> Match | None:
        j, roles = self.fillers(i)
        t = self.tok(j)
        if t is None:
            return None
        for rule in (self.numeric, self.named_day, self.named_month, self.season, self.code,
                     self.week, self.ordinal_part, self.part_of):  # fmt: skip
            found = rule(j, t)
            if found is not None:
                self.check_fillers(roles)
                return found._replace(roles=roles + found.roles)
        return None

    def taken(self, lo: int, hi: int, languages: int = ANY) -> Roles:
        return tuple((k, "period", languages) for k in range(lo, hi))

    def numeric(self, i: int, t: Tok) -> Match | None:
        if t.kind != "num" or t.num is None:
            return None
        sep = self.word(i + 1)
        nxt = self.tok(i + 2)
        year = self.year_at(i)
        if year is not None:
            if sep == "-" and nxt is not None and nxt.kind == "code":
                return self.coded(year, nxt.text[0], nxt.num or 0, i, i + 3)
            if sep == "-" and nxt is not None and nxt.kind == "num" and len(nxt.text) <= 2:
                day = self.tok(i + 4)
                if self.word(i + 3) == "-" and day is not None and day.kind == "num":
                    return self.day(year, nxt.num or 0, day.num or 0, i, i + 5)
                if len(nxt.text) == 1:  # "2020-1" is "2020-Q1" without its letter
                    raise DeadlineError(
                        f"write the month of {shown(self.word(i) + '-' + nxt.text)} with two "
                        f"digits ('{year:04d}-0{nxt.text}'), or the letter of a quarter, "
                        f"half or week ('{year:04d}-Q{nxt.text}')"
                    )
                return self.month(year, nxt.num or 0, i, i + 3)
            check_year(year)
            window = Window(date(year, 1, 1), date(year, 12, 31))
            return Match(window, i + 1, form="year", roles=self.taken(i, i + 1))
        if sep in ("/", "-", ".") and nxt is not None and nxt.kind == "num":
            after = self.year_at(i + 4)
            if self.word(i + 3) == sep and after is not None:
                return self.day(after, nxt.num or 0, t.num, i, i + 5)
            late = self.year_at(i + 2)
            if late is not None and sep != "." and len(t.text) <= 2:
                return self.month(late, t.num, i, i + 3)
        return None

    def day(self, year: int, month: int, day: int, lo: int, end: int) -> Match:
        check_year(year)
        try:
            d = date(year, month, day)
        except ValueError:
            message = f"{day:02d}/{month:02d}/{year:04d} is not a day of the calendar"
            raise DeadlineError(message) from None
        return Match(Window(d, d), end, form="day", roles=self.taken(lo, end))

    def month(self, year: int, month: int, lo: int, end: int, languages: int = ANY) -> Match:
        if not 1 <= month <= 12:
            raise DeadlineError(f"there is no month {month}")
        return Match(
            _months(year, month, 1), end, form="month", roles=self.taken(lo, end, languages)
        )

    def named_day(self, i: int, t: Tok) -> Match | None:
        if (
            t.kind not in ("num", "ord")
            or t.num is None
            or len(t.text.rstrip("abcdefghijklmnopqrstuvwxyz")) > 3
        ):
            return None
        j, inner = self.fillers(i + 1)
        month = self.lexicon(j, vocab.MONTH_WORDS)
        if month is None:
            return None
        k, outer = self.fillers(j + 1)
        year = self.year_at(k)
        if year is None:
            return None
        check_year(year)
        if not 1 <= t.num <= days_in(year, month[0]):
            name = self.toks[j].text
            raise DeadlineError(
                f"{t.text} {name} {year:04d} is not a day of the calendar: "
                f"{name} {year:04d} has {days_in(year, month[0])} days"
            )
        d = date(year, month[0], t.num)
        roles = ((i, "period", ANY), *inner, (j, "period", month[1]), *outer, (k, "period", ANY))
        return Match(Window(d, d), k + 1, form="day", roles=roles)

    def named_month(self, i: int, t: Tok) -> Match | None:
        month = self.lexicon(i, vocab.MONTH_WORDS)
        if month is None:
            return None
        j, inner = self.fillers(i + 1)
        year = self.year_at(j)
        if year is None:
            return None
        found = self.month(year, month[0], j, j + 1)
        return found._replace(roles=((i, "period", month[1]), *inner, *found.roles))

    def season(self, i: int, t: Tok) -> Match | None:
        season = self.lexicon(i, vocab.SEASON_WORDS)
        if season is None:
            return None
        first, languages = season
        j, inner = self.fillers(i + 1)
        year = self.year_at(j)
        if year is None:
            return None
        roles = ((i, "period", languages), *inner, (j, "period", ANY))
        if first == 12 and self.word(j + 1) in ("-", "/"):  # "winter 2019-2020"
            k, between = self.fillers(j + 2)
            if self.year_at(k) == year + 1:
                self.check_fillers(between)
                roles += ((j + 1, "period", ANY), *between, (k, "period", ANY))
                return Match(_months(year, 12, 3), k + 1, form="winter", roles=roles)
        return Match(_months(year, first, 3), j + 1, form=_SEASON_NAMES[first], roles=roles)

    def code(self, i: int, t: Tok) -> Match | None:
        if t.kind != "code":
            return None
        j, inner = self.fillers(i + 1)
        year = self.year_at(j)
        if year is None:
            if t.text[0] != "w":
                return None
            return self.coded(self.week_year(t.text), "w", t.num or 0, i, i + 1)
        found = self.coded(year, t.text[0], t.num or 0, j, j + 1)
        return found._replace(roles=((i, "period", ANY), *inner, *found.roles))

    def week_year(self, words: str) -> int:
        if self.default_year is None:
            raise DeadlineError(f"{shown(words)} needs its year, as in '{words} 2020'")
        return self.default_year

    def coded(self, year: int, letter: str, n: int, lo: int, end: int) -> Match:
        # H and S (semestre) are halves, Q and T (trimestre) quarters, W ISO weeks.
        roles = self.taken(lo, end)
        if vocab.CODE_LETTERS[letter] == "half":
            if not 1 <= n <= 2:
                raise DeadlineError(f"a year has two halves, not {n}")
            return Match(_months(year, 6 * n - 5, 6), end, form=f"half {n}", roles=roles)
        if vocab.CODE_LETTERS[letter] == "quarter":
            if not 1 <= n <= 4:
                raise DeadlineError(f"a year has four quarters, not {n}")
            return Match(_months(year, 3 * n - 2, 3), end, form=f"quarter {n}", roles=roles)
        return Match(_iso_week(year, n), end, form="week", roles=roles)

    def week(self, i: int, t: Tok) -> Match | None:
        word = self.lexicon(i, vocab.WEEK_WORDS)
        n, before = self.fillers(i + 1)
        number = self.tok(n)
        if word is None or number is None or number.kind != "num":
            return None
        j, inner = self.fillers(n + 1)
        year = self.year_at(j)
        roles: Roles = ((i, "period", word[1]), *before, (n, "period", ANY))
        if year is None:
            year = self.week_year(f"{t.text} {number.text}")
            return Match(_iso_week(year, number.num or 0), n + 1, form="week", roles=roles)
        roles += (*inner, (j, "period", ANY))
        return Match(_iso_week(year, number.num or 0), j + 1, form="week", roles=roles)

    def ordinal_part(self, i: int, t: Tok) -> Match | None:
        ordinal = self.lexicon(i, vocab.ORDINAL_WORDS)
        if ordinal is None and t.kind == "ord" and t.num is not None:
            ordinal = (t.num, ANY)
        u, before = self.fillers(i + 1)
        unit = self.lexicon(u, vocab.UNIT_WORDS)
        if ordinal is None or unit is None:
            return None
        j, inner = self.fillers(u + 1)
        year = self.year_at(j)
        if year is None:
            return None
        letter = "h" if unit[0] == 6 else "q"
        n = ordinal[0]
        if n > (2 if letter == "h" else 4) or n < 1:
            raise DeadlineError(f"there is no {t.text} {self.word(u)} in a year")
        found = self.coded(year, letter, n, j, j + 1)
        roles = ((i, "period", ordinal[1]), *before, (u, "period", unit[1]), *inner)
        return found._replace(roles=roles + found.roles)

    def part_of(self, i: int, t: Tok) -> Match | None:
        part = self.lexicon(i, vocab.PART_WORDS)
        if part is None or (t.text == "mi" and self.word(i + 1) != "-"):
            return None  # "mi" only as in "mi-juin": "mi 2020" is one letter from "mai 2020"
        j = i + 1
        roles: list[tuple[int, str, int]] = [(i, "period", part[1])]
        while True:
            if self.word(j) == "-":
                roles.append((j, "period", ANY))
                j += 1
                continue
            k, found = self.fillers(j)
            if k == j:
                break
            roles.extend(found)
            j = k
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
        a_month = start.day == 1 and end == last_day(start.year, start.month)
        if start.year != end.year or not (a_year or a_month):
            return None
        name = vocab.PART_NAMES[part[0]]
        unit = "year" if a_year else "month"
        self.check_fillers(tuple(roles))
        return Match(
            _part(whole.window, name),
            whole.end,
            form=f"{name} of a {unit}",
            roles=(*roles, *whole.roles),
        )

    # A month or season without its year, before a joiner: "maart" in "maart tot juni 2020".
    def yearless(self, i: int) -> tuple[int, int, int, str, Roles] | None:
        j, roles = self.fillers(i)
        month = self.lexicon(j, vocab.MONTH_WORDS)
        if month is not None:
            return month[0], 1, j + 1, "month", (*roles, (j, "period", month[1]))
        season = self.lexicon(j, vocab.SEASON_WORDS)
        if season is not None:
            form = _SEASON_NAMES[season[0]]
            return season[0], 3, j + 1, form, (*roles, (j, "period", season[1]))
        return None

    def joiner(self, i: int) -> tuple[str, int, Roles] | None:
        for name, table in _JOINERS.items():
            found = self.phrase(i, table)
            if found is not None:
                end, languages = found
                return name, end, tuple((k, name, languages) for k in range(i, end))
        return None

    # Periods joined into one window: "2019-2020", "maart tot juni 2020", "najaar 2020 of
    # voorjaar 2021" (one window from the first to the last, not two milestones).
    def span(self, i: int) -> Match | None:
        first = self.item(i)
        if first is None:
            return None
        while (joined := self.joiner(first.end)) is not None:
            how, after, roles = joined
            if how == "range":
                break
            second = self.item(after)
            if second is None:
                break
            a, b = first.window, second.window
            assert a.start and a.end and b.start and b.end
            first = Match(
                Window(min(a.start, b.start), max(a.end, b.end)),
                second.end,
                form=f"{first.form} {how} {second.form}",
                roles=first.roles + roles + second.roles,
                joined=True,
            )
        return first

    def item(self, i: int) -> Match | None:
        """A point, or two points joined by a range word."""
        first = self.point(i)
        if first is None:
            return self.yearless_item(i)
        joined = self.joiner(first.end)
        if joined is None or joined[0] != "range":
            return first
        second = self.point(joined[1])
        if second is None:
            return first
        start, end = first.window.start, second.window.end
        if start is None or end is None or end < start:
            raise DeadlineError("the range ends before it starts")
        return Match(
            Window(start, end),
            second.end,
            form=f"{first.form} to {second.form}",
            roles=first.roles + joined[2] + second.roles,
            joined=True,
        )

    def yearless_item(self, i: int) -> Match | None:
        found = self.yearless(i)
        if found is None:
            return None
        value, count, end, form, roles = found
        joined = self.joiner(end)
        if joined is None:
            return None
        how, after, joiner_roles = joined
        second = self.point(after)
        if second is None or second.window.start is None or second.window.end is None:
            return None
        year = second.window.start.year
        if second.form == "year":
            # "mei-2020" is May 2020 to a reader, not May 2019 to December 2020: a month
            # without its year cannot be placed against a whole year.
            word = self.word(end - 1)
            raise DeadlineError(
                f"give {shown(word)} its year, as in '{word} {year:04d}': "
                f"a {form} without its year cannot run to a whole year"
            )
        window = _months(year, value, count)
        assert window.start is not None and window.end is not None
        if window.start > second.window.start:
            if how != "range":
                word = self.word(end - 1)
                raise DeadlineError(f"give {shown(word)} its year: it would come after the second")
            window = _months(year - 1, value, count)  # "november tot maart 2021"
        assert window.start is not None and window.end is not None
        if how == "range":
            out = Window(window.start, second.window.end)
        else:
            out = Window(window.start, max(window.end, second.window.end))
        return Match(
            out,
            second.end,
            form=f"{form} {'to' if how == 'range' else how} {second.form}",
            roles=roles + joiner_roles + second.roles,
            joined=True,
        )

    # A whole step: lead words, periods, trailing words.
    def expr(self, i: int) -> Match | None:
        for lead in ("done", "from", "by", "before", "after"):
            found = self.phrase(i, LEADS[lead])
            if found is None:
                continue
            j, languages = found
            core = self.span(j)
            if core is None:
                continue
            if lead == "from" and self.word(i) == "van" and j == i + 1:
                self.check_range_after(i, core, "vanaf")
            roles = tuple((k, lead, languages) for k in range(i, j)) + core.roles
            onwards = self.phrase(core.end, TAILS["onwards"]) if lead == "from" else None
            if onwards is not None and not core.joined:  # "from spring 2020 onwards"
                roles += tuple((k, "onwards", onwards[1]) for k in range(core.end, onwards[0]))
                core = core._replace(end=onwards[0])
            return self.led(lead, core._replace(roles=roles))
        core = self.span(i)
        if core is None:
            return None
        if self.word(i) == "de":
            common = ANY
            for k, _, languages in core.roles:
                common &= languages if k != i else ANY
            if not common & vocab.NL:  # French: "de juin 2020"
                self.check_range_after(i, core, "dès")
        for tail, table in TAILS.items():
            found = self.phrase(core.end, table)
            if found is None:
                continue
            end, languages = found
            roles = core.roles + tuple((k, tail, languages) for k in range(core.end, end))
            if tail == "by":
                return core._replace(end=end, roles=roles, form=f"by: {core.form}")
            window = Window(core.window.start, None)
            return Match(window, end, OPEN_ENDED, f"{core.form} onwards", roles)
        return core

    def check_range_after(self, i: int, core: Match, start_word: str) -> None:
        """ "van" and "de" start a range ("van maart tot juni 2020", "de mars à juin
        2020"); without one, "van zomer 2019" may mean "vanaf" (from then on) or the
        summer, and "de juin 2020" is one letter from "dès juin 2020": refused."""
        if any(role == "range" for _, role, _ in core.roles):
            return
        word = self.toks[i].text
        period = "".join(
            (" " if k > i + 1 and self.toks[k].start > self.toks[k - 1].end else "")
            + self.toks[k].text
            for k in range(i + 1, core.end)
        )
        raise DeadlineError(
            f"cannot read {shown(word)} before {shown(period)} without the end of a range: "
            f"write '{start_word} {period}' (from then on) or '{period}'"
        )

    def led(self, lead: str, core: Match) -> Match:
        w = core.window
        assert w.start is not None and w.end is not None
        if lead == "done":
            return core._replace(kind=DONE, form=f"done: {core.form}")
        if lead == "from":
            # Only a range gives "vanaf" an end: "vanaf 2020 of 2021" starts at the
            # earlier and never ends, like "vanaf 2020".
            if core.joined and any(role == "range" for _, role, _ in core.roles):
                return core._replace(form=f"from {core.form}")
            return core._replace(
                window=Window(w.start, None), kind=OPEN_ENDED, form=f"from: {core.form}"
            )
        if lead == "before":
            day = shift(w.start, -1, "the day before")
            return core._replace(window=Window(day, day), form=f"before: {core.form}")
        if lead == "after":
            day = shift(w.end, 1, "the day after")
            return core._replace(
                window=Window(day, None), kind=OPEN_ENDED, form=f"after: {core.form}"
            )
        return core._replace(form=f"by: {core.form}")
