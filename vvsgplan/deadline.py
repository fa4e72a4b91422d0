"""Deadlines in the plan's own words.

A plan says "Zomer 2019", "Eind 2019", "2020 en verder" or "Selectie zomer 2019;
Trefdag in oktober 2020". `read` turns such a text into a `Deadline`: a window of days
and a kind, the dated steps (milestones) the text names, and the role each word
played. `period` reads the dates given on the command line. Words are matched from the
tables in `deadline_words`, never through the system locale, case-insensitively and
with or without accents.

Nothing is guessed: every word is understood (a period, a filler, a deadline word, a
step label where labels may stand, an event's description) or the text is refused
with a message that names the words. The windows chosen for each form are documented
in docs/deadlines.md.
"""

import re
from datetime import date
from functools import lru_cache
from itertools import pairwise
from typing import Final

from vvsgplan import deadline_words as vocab
from vvsgplan.deadline_grammar import (
    LEADS,
    ONGOING,
    PERIOD_WORDS,
    YEARS,
    Match,
    Parser,
    Roles,
    Tok,
    days_in,
    fold,
    last_day,
    number,
    shift,
    tokens,
)
from vvsgplan.deadline_types import (
    DATED,
    DONE,
    EVENT,
    OPEN_ENDED,
    Deadline,
    DeadlineError,
    Step,
    Window,
    Word,
)
from vvsgplan.deadline_words import ANY, LANGUAGE_NAMES, shown

__all__ = [
    "DATED", "DONE", "EVENT", "OPEN_ENDED", "Deadline", "DeadlineError", "Step", "Window",
    "Word", "days_in", "fold", "period", "read",
]  # fmt: skip


# The roles a word can play, as docs/deadlines.md describes them (a test holds the two
# together).
ROLES: Final = {
    "period": "names the period: a year, month, season, part, week, day",
    "filler": "a word that never changes the window: de, van, the, of, l', à, in de loop van",
    "by": "keeps the window: uiterlijk, tegen, by, au plus tard",
    "before": "ends the day before the period: voor, before, avant",
    "from": "open-ended from the period: vanaf, from, à partir de",
    "after": "open-ended from the day after the period: na, after, après",
    "done": "says it is done: gedaan in, done in, fait en",
    "onwards": "open-ended from the period: en verder, onwards, et au-delà",
    "ongoing": "no start, no end: doorlopend, ongoing, en continu",
    "range": "joins two periods into one window: tot, to, à, -",
    "or": "one window over two periods: of, or, ou",
    "and": "one window over two periods: en, and, et",
    "label": "names a step: the words before a date in a ;-separated text, or at a colon",
    "lead-in": "words before a colon, ahead of a step's label",
    "event": "a step that waits for an event: na, after, zodra",
    "event words": "describe the event",
    "separator": "; between steps, : before a step",
}


# --- vocabulary, by the names other modules use -----------------------------------------

MONTHS: Final = {w: n for w, (n, _) in vocab.MONTH_WORDS.items()}
MONTH_NAMES: Final = vocab.MONTH_NAMES
SEASONS: Final = {w: n for w, (n, _) in vocab.SEASON_WORDS.items()}
ORDINALS: Final = {w: n for w, (n, _) in vocab.ORDINAL_WORDS.items()}
HALF_WORDS: Final = frozenset(w for w, (n, _) in vocab.UNIT_WORDS.items() if n == 6)
QUARTER_WORDS: Final = frozenset(w for w, (n, _) in vocab.UNIT_WORDS.items() if n == 3)
PARTS: Final = {w: vocab.PART_NAMES[n] for w, (n, _) in vocab.PART_WORDS.items()}
WEEK_WORDS: Final = frozenset(vocab.WEEK_WORDS)
FILLERS: Final = frozenset(p for p in vocab.FILLER_PHRASES if " " not in p)

# --- steps, labels and events ------------------------------------------------------------


def _near(word: str, minimum: int = 1) -> list[str]:
    """The period words (else any known words) one slip away from `word`."""
    near = [w for w in vocab.period_index().near(word) if len(w) >= minimum]
    if near or len(word) < 4:
        return near
    return vocab.known_index().near(word)


def _hint(toks: list[Tok]) -> str:
    """Why the words could not be placed, if a likely reason is seen."""
    for t in toks:
        if t.kind != "word" or t.text in vocab.known_words():
            continue
        # Not an abbreviation for a longer word: "maan" is no slip of "maa".
        near = [w for w in _near(t.text) if len(w) >= min(4, len(t.text))]
        if near:
            return f" (did you mean {vocab.quoted(near)}?)"
    texts = [t.text for t in toks]
    for word, nxt in pairwise([*texts, ""]):
        if word == "mi" and nxt != "-":
            return " ('mi' takes a hyphen: 'mi-2020', 'mi-juin 2020')"
    for before, digits in pairwise(toks):
        if before.text in PERIOD_WORDS and digits.kind == "num" and len(digits.text) != 4:
            return f" ({shown(digits.text)} is not a year: a year has four digits)"
    return ""


def _language(languages: int) -> str:
    return " or ".join(name for bit, name in LANGUAGE_NAMES.items() if languages & bit)


class _Text:
    """One deadline text being read: its tokens, and the role found for each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = tokens(fold(text))
        self.roles: dict[int, tuple[str, int]] = {}  # token -> (role, step)

    def words(self, lo: int, hi: int) -> str:
        return self.text[self.toks[lo].start : self.toks[hi - 1].end] if lo < hi else ""

    def mark(self, lo: int, hi: int, role: str, step: int) -> None:
        for k in range(lo, hi):
            self.roles[k] = (role, step)

    def check_language(self, roles: Roles, what: str = "each step") -> None:
        common = ANY
        for _, _, languages in roles:
            common &= languages
        if common:
            return
        # Name two words that cannot be read in one language.
        for a, _, la in roles:
            for b, _, lb in roles:
                if not la & lb:
                    raise DeadlineError(
                        f"{shown(self.toks[a].text)} is {_language(la)} and "
                        f"{shown(self.toks[b].text)} is {_language(lb)}: "
                        f"write {what} in one language"
                    )
        raise DeadlineError(f"its words are of no one language: write {what} in one language")

    def segment(self, lo: int, hi: int, labelled: bool, number: int) -> list[Step]:
        """The steps of the words lo..hi (no `;` between them), numbered from `number`."""
        p = Parser(self.toks, hi)
        ongoing = p.phrase(lo, ONGOING)
        if ongoing is not None and ongoing[0] == hi:
            self.mark(lo, hi, "ongoing", number)
            return [Step("", self.words(lo, hi), OPEN_ENDED, None, None, "ongoing")]
        steps: list[Step] = []
        pos = lo
        while pos < hi:
            start, found = self.next_step(p, pos, hi)
            if found is None:
                break
            step = number + len(steps)
            if found.kind == EVENT:
                label = self.gap(pos, start, lo, labelled, step, self.words(start, hi))
                self.event(p, start, hi, step)
                steps.append(Step(label, self.words(start, hi), EVENT, None, None, "event"))
                pos = hi
                break
            first = min(k for k, role, _ in found.roles if role != "filler")
            text = self.words(first, found.end)
            label = self.gap(pos, start, lo, labelled, step, text)
            self.check_language(found.roles)
            for k, role, _ in found.roles:
                self.roles[k] = (role, step)
            w = found.window
            steps.append(Step(label, text, found.kind, w.start, w.end, found.form))
            pos = found.end
        if pos < hi:
            where = f"after {shown(steps[-1].text)}" if steps else "as a deadline"
            rest = self.toks[pos:hi]
            raise DeadlineError(f"cannot read {shown(self.words(pos, hi))} {where}{_hint(rest)}")
        return steps

    def next_step(self, p: Parser, pos: int, hi: int) -> tuple[int, Match | None]:
        """Where the next step starts at or after `pos`, and what it reads as."""
        for i in range(pos, hi):
            found = p.expr(i)
            if found is not None:
                return i, found
            # An event starts a step, or follows a colon; elsewhere "na" is a label's word.
            at_start = i == pos or self.toks[i - 1].text == ":"
            if at_start and p.phrase(i, LEADS["after"]) is not None:
                return i, Match(Window(None, None), hi, EVENT)
        return hi, None

    def gap(self, pos: int, start: int, lo: int, labelled: bool, step: int, text: str) -> str:
        """The words before a step, from `pos` to `start`: its label, where a label may
        stand (at the start of a step in a ;-separated text, or at a colon); else an
        error that names them."""
        if pos == start and pos > lo:
            raise DeadlineError(
                f"cannot read {shown(text)} right after a date: separate steps with ';'"
            )
        if pos == start:
            return ""
        colons = [k for k in range(pos, start) if self.toks[k].text == ":"]
        if colons:
            colon = colons[-1]
            if colon + 1 < start:  # "reeds ingepland: SDG's ... in najaar 2019"
                self.mark(pos, colon, "lead-in", step)
                label_lo, label_hi = colon + 1, start
            else:  # "Ontwerp: voorjaar 2021"
                label_lo, label_hi = pos, colon
                self.check_colon_label(pos, colon, lo, text)
            self.mark(colon, colon + 1, "separator", step)
        elif labelled and pos == lo:
            label_lo, label_hi = pos, start
        else:
            gap = self.toks[pos:start]
            hint = _hint(gap)
            named = any(t.kind == "word" for t in gap)
            if not hint and pos > lo:
                hint = "; separate steps with ';'"
            elif not hint and named and all(t.text not in PERIOD_WORDS for t in gap):
                # Never offer a label for a code without its number ("Q 2025").
                self.check_free_words(pos, start, start, text)
                hint = f"; to name a step, write '{self.words(pos, start)}: {text}'"
            raise DeadlineError(
                f"cannot read {shown(self.words(pos, start))} before {shown(text)}{hint}"
            )
        self.check_free_words(pos, start, start, text)
        self.mark(label_lo, label_hi, "label", step)
        return self.words(label_lo, label_hi).strip(" ,:-()")

    def check_colon_label(self, pos: int, colon: int, lo: int, text: str) -> None:
        """The words before a colon that is right before a date: a label, unless they
        end in a date, a period word ("zomer: 2019") or a deadline word ("vanaf: zomer
        2019"), which the colon would read away."""
        if pos == colon:
            if pos > lo:  # "2019: zomer 2020"
                raise DeadlineError(
                    f"cannot read ':' before {shown(text)} right after a date: "
                    "separate steps with ';'"
                )
            return
        last = self.toks[colon - 1]
        if last.kind == "code" or last.text in PERIOD_WORDS or last.text in vocab.CODE_LETTERS:
            raise DeadlineError(
                f"cannot read {shown(self.words(pos, colon + 1))} before {shown(text)}: "
                f"a period word ({shown(self.words(colon - 1, colon))}) cannot end a label"
            )
        for kind in ("before", "from", "after", "done"):
            for words, _ in self.lead_endings(kind, last.text):
                k = colon - len(words)
                if k >= pos and tuple(t.text for t in self.toks[k:colon]) == words:
                    raise DeadlineError(
                        f"cannot read {shown(self.words(pos, colon + 1))} before {shown(text)}: "
                        f"a deadline word ({shown(self.words(k, colon))}) cannot end a label; "
                        "leave the colon out"
                    )

    @staticmethod
    def lead_endings(kind: str, word: str) -> list[tuple[tuple[str, ...], int]]:
        """The phrases of a kind of lead word that end in `word`."""
        return [
            (words, languages)
            for found in LEADS[kind].values()
            for words, languages in found
            if words[-1] == word
        ]

    def check_free_words(self, lo: int, hi: int, before: int, text: str) -> None:
        """Words taken as a label or an event's description: one that is, or is one
        slip from, a period word right before a date or number is a typo for it; a
        longer one a slip from a period word is a typo anywhere."""
        for k in range(lo, hi):
            t = self.toks[k]
            if t.kind != "word":
                continue
            # The next token past a hyphen or slash: "ind-2020" is "ind" before 2020.
            after = k + 1
            while after < len(self.toks) and self.toks[after].text in ("-", "/"):
                after += 1
            nxt = self.toks[after] if after < len(self.toks) else None
            close = after == before or (nxt is not None and nxt.kind == "num")
            if close and t.text in vocab.CODE_LETTERS and nxt is not None and nxt.kind == "num":
                raise DeadlineError(
                    f"cannot read {shown(self.words(k, after + 1))}: a quarter, half or week "
                    f"needs its number, as in '{t.text.upper()}1 {nxt.text}'"
                )
            if (
                nxt is not None
                and nxt.kind == "num"
                and len(nxt.text) != 4
                and t.text in PERIOD_WORDS
            ):
                raise DeadlineError(
                    f"cannot read {shown(self.words(k, after + 1))}: "
                    f"{shown(nxt.text)} is not a year (a year has four digits)"
                )
            if close and t.text in PERIOD_WORDS:
                what = (
                    f"before {shown(text)}"
                    if after == before
                    else f"in {shown(self.words(lo, hi))}"
                )
                raise DeadlineError(
                    f"cannot read {shown(t.text)} {what}: a period word cannot end a label "
                    "or stand in an event's words"
                )
            if (  # "Selectie partir du l'ete 2019"
                after == before
                and t.text in vocab.lead_words()
                and t.text not in vocab.FILLER_PHRASES
            ):
                raise DeadlineError(
                    f"cannot read {shown(self.words(k, k + 1))} before {shown(text)}: "
                    "a word of a deadline phrase cannot end a label"
                )
            # A slip of a deadline word too: "vana zomer 2019" is no label "vana".
            if close:  # even a known word: "no 2020" is one slip from "nov 2020"
                near = vocab.period_index().near(t.text) + vocab.lead_index().near(t.text)
            elif t.text in vocab.known_words() or len(t.text) < 4:
                continue
            else:
                near = [
                    w
                    for w in vocab.period_index().near(t.text) + vocab.lead_index().near(t.text)
                    if len(w) >= 4
                ]
            if near:
                raise DeadlineError(
                    f"cannot read {shown(self.words(k, k + 1))}: did you mean {vocab.quoted(near)}?"
                )

    def event(self, p: Parser, start: int, hi: int, step: int) -> None:
        found = p.phrase(start, LEADS["after"])
        assert found is not None
        end = found[0]
        if end == hi:
            raise DeadlineError(f"{shown(self.words(start, hi))} needs the event it waits for")
        self.check_free_words(end, hi, -1, self.words(start, hi))
        # A year among an event's words means a date was meant: never let it go unread.
        years = [t.text for t in self.toks[end:hi] if t.kind == "num" and len(t.text) == 4]
        if years:
            raise DeadlineError(
                f"cannot read {shown(self.words(start, hi))}: an event's words hold the year "
                f"{years[0]}; give the date it waits for ('na zomer {years[0]}'), or leave "
                "the year out"
            )
        self.mark(start, end, "event", step)
        self.mark(end, hi, "event words", step)

    def word_list(self) -> tuple[Word, ...]:
        return tuple(
            Word(self.words(k, k + 1), *self.roles.get(k, ("label", 0)))
            for k in range(len(self.toks))
        )


@lru_cache(maxsize=4096)
def read(text: str) -> Deadline:
    """Interpret a `when` text; raises DeadlineError when it cannot be read."""
    found = _Text(text)
    cuts = [k for k, t in enumerate(found.toks) if t.text == ";"]
    bounds = list(zip([0, *(c + 1 for c in cuts)], [*cuts, len(found.toks)], strict=True))
    labelled = sum(hi > lo for lo, hi in bounds) > 1
    steps: list[Step] = []
    for lo, hi in bounds:
        steps.extend(found.segment(lo, hi, labelled, len(steps) + 1))
    if not steps:
        raise DeadlineError("a deadline needs a date, a period or an event")
    for c in cuts:
        found.roles[c] = ("separator", 0)
    return _combine(steps)._replace(words=found.word_list())


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


# --- command-line dates -------------------------------------------------------------------

_RELATIVE = re.compile(r"([+-])(\d+)([dwmy])")
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
    ("an ISO week", "week 12 2020, 2020-W12, wk 12 (this year)"),
    ("a part of a year or month", "eind 2019, begin maart 2020"),
    ("relative to today", "today, tomorrow, +10d, +2w, -3m, +1y, eow, eom, eoq, eoy"),
)


def _relative(word: str, today: date) -> date | None:
    if word in _TODAY_WORDS:
        return shift(today, _TODAY_WORDS[word], "the day")
    m = _RELATIVE.fullmatch(word)
    if m:
        n = number(m.group(2)) * (1 if m.group(1) == "+" else -1)
        unit = m.group(3)
        if unit in "dw":
            return shift(today, n * (7 if unit == "w" else 1), f"{word} from")
        months = n * (12 if unit == "y" else 1)
        year = (today.year * 12 + today.month - 1 + months) // 12
        if not 1 <= year <= 9999:
            raise DeadlineError(f"{word} from {today.isoformat()} is in the year {year}: {YEARS}")
        # Calendar months: 31 January +1m is the last day of February.
        from dateutil.relativedelta import relativedelta

        moved: date = today + relativedelta(months=months)
        return moved
    if word == "eow":
        return shift(today, 6 - today.weekday(), "the end of the week of")
    if word == "eom":
        return last_day(today.year, today.month)
    if word == "eoq":
        return last_day(today.year, (today.month - 1) // 3 * 3 + 3)
    if word == "eoy":
        return date(today.year, 12, 31)
    return None


def period(text: str, today: date) -> Window:
    """Read a date given on the command line: any form of the plan's deadlines that names
    one period, or a date relative to `today`. Raises DeadlineError listing the forms."""
    word = fold(text.strip())
    found: Match | None = None
    try:
        day = _relative(word.replace(" ", ""), today)
        if day is not None:
            return Window(day, day)
        reading = _Text(text.strip())
        toks = reading.toks
        found = Parser(toks, len(toks), default_year=today.year).span(0) if toks else None
        if found is not None and found.end == len(toks):
            reading.check_language(found.roles, "a date")
    except DeadlineError as e:
        raise DeadlineError(f"cannot read {shown(text)} as a date: {e}") from None
    if found is None or found.end != len(toks):
        forms = "; ".join(f"{what}: {examples}" for what, examples in PERIOD_FORMS)
        raise DeadlineError(f"cannot read {shown(text)} as a date; use {forms}")
    return found.window
