"""The words of the deadline language, per language, and how close a typo is to them.

Every word is folded (lower case, no accents: see `deadline.fold`). Each word carries the
languages it belongs to: a step of a deadline is written in one language, so that a
one-letter slip ("fin" -> "in", "end" -> "en") cannot turn into a word of another
language that reads differently.
"""

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Final

NL: Final = 1
EN: Final = 2
FR: Final = 4
ANY: Final = NL | EN | FR
LANGUAGE_NAMES: Final = {NL: "Dutch", EN: "English", FR: "French"}

Lexicon = dict[str, tuple[int, int]]  # word -> (value, languages)


def _lexicon(*groups: tuple[int, dict[str, int]]) -> Lexicon:
    """Merge per-language tables; a word in several languages belongs to each."""
    found: Lexicon = {}
    for languages, words in groups:
        for word, value in words.items():
            old = found.get(word)
            found[word] = (value, languages | (old[1] if old else 0))
    return found


def _numbered(*words: str) -> dict[str, int]:
    return {w: n for n, w in enumerate(words, 1)}


MONTH_NAMES: Final = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_ENGLISH_MONTHS: Final = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_FRENCH_MONTHS: Final = (
    "janvier", "fevrier", "mars", "avril", "mai", "juin",
    "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
)  # fmt: skip
# Abbreviations are shared by the three languages.
_MONTH_ABBREVIATIONS: Final = {
    "jan": 1, "janv": 1, "feb": 2, "febr": 2, "fev": 2, "fevr": 2, "mrt": 3, "mar": 3,
    "maa": 3, "apr": 4, "avr": 4, "jun": 6, "jul": 7, "juil": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_WORDS: Final = _lexicon(
    (NL, _numbered(*MONTH_NAMES)),
    (EN, _numbered(*_ENGLISH_MONTHS)),
    (FR, _numbered(*_FRENCH_MONTHS)),
    (ANY, _MONTH_ABBREVIATIONS),
)
ABBREVIATIONS: Final = frozenset(w for w, (_, lang) in MONTH_WORDS.items() if lang == ANY)

# Meteorological seasons, by their first month.
SEASON_WORDS: Final = _lexicon(
    (NL, {"voorjaar": 3, "lente": 3, "zomer": 6, "najaar": 9, "herfst": 9, "winter": 12}),
    (EN, {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}),
    (FR, {"printemps": 3, "ete": 6, "automne": 9, "hiver": 12}),
)
ORDINAL_WORDS: Final = _lexicon(
    (NL, _numbered("eerste", "tweede", "derde", "vierde")),
    (EN, _numbered("first", "second", "third", "fourth")),
    (FR, _numbered("premier", "second", "troisieme", "quatrieme")),
    (FR, {"premiere": 1, "seconde": 2, "deuxieme": 2}),
)
# A half or a quarter of a year, after an ordinal: "tweede helft", "third quarter".
UNIT_WORDS: Final = _lexicon(
    (NL, {"helft": 6, "jaarhelft": 6, "semester": 6, "kwartaal": 3}),
    (EN, {"half": 6, "semester": 6, "quarter": 3}),
    (FR, {"semestre": 6, "trimestre": 3}),
)
BEGIN, MID, END = "begin", "mid", "end"
PART_WORDS: Final = _lexicon(
    (NL, {"begin": 0, "start": 0, "aanvang": 0, "midden": 1, "medio": 1, "half": 1}),
    (NL, {"eind": 2, "einde": 2, "laat": 2}),
    (EN, {"start": 0, "early": 0, "beginning": 0, "mid": 1, "middle": 1, "end": 2, "late": 2}),
    (FR, {"debut": 0, "mi": 1, "milieu": 1, "fin": 2}),
)
PART_NAMES: Final = (BEGIN, MID, END)
WEEK_WORDS: Final = _lexicon((NL | EN, {"week": 0, "wk": 0}), (FR, {"semaine": 0}))
# Letters before a number: Q3, T3 (trimestre), H2, S2 (semestre), W12 (ISO week).
CODE_LETTERS: Final = {"q": "quarter", "t": "quarter", "h": "half", "s": "half", "w": "week"}

# --- phrases: one or more words, matched longest first ------------------------------

Phrases = dict[str, int]  # phrase -> languages


def _phrases(*groups: tuple[int, tuple[str, ...]]) -> Phrases:
    found: Phrases = {}
    for languages, phrases in groups:
        for p in phrases:
            found[p] = found.get(p, 0) | languages
    return found


LEADS: Final = {
    # Keep the window: "uiterlijk september 2020" is due 30 September 2020.
    "by": _phrases(
        (NL, ("uiterlijk", "ten laatste", "tegen", "tot", "tot en met", "t/m")),
        (EN, ("by", "no later than", "not later than", "at the latest", "until", "till")),
        (FR, ("au plus tard", "au plus tard le", "au plus tard en", "d'ici", "d'ici a")),
        (FR, ("d'ici la", "d'ici le", "jusqu'a", "jusqu'au", "jusqu'en")),
    ),
    # End the day before the date starts: "voor 2020" is due 31 December 2019.
    "before": _phrases((NL, ("voor",)), (EN, ("before", "prior to")), (FR, ("avant",))),
    "from": _phrases(
        (NL, ("vanaf", "van", "sinds")),
        (EN, ("from", "as of", "as from", "starting", "starting in", "starting from", "since")),
        (FR, ("a partir de", "a partir du", "des", "depuis")),
    ),
    "done": _phrases(
        (NL, ("gedaan", "gedaan in", "gedaan op", "afgerond", "afgerond in", "afgerond op")),
        (NL, ("klaar", "gerealiseerd")),
        (EN, ("done", "done in", "done on", "completed", "completed in", "completed on")),
        (FR, ("fait", "fait en", "fait le", "termine", "termine en", "termine le", "realise")),
        (FR, ("realise en",)),
    ),
    # After an event; with a date, open-ended from the day after it.
    "after": _phrases(
        (NL, ("na", "nadat", "zodra", "zo snel mogelijk na")),
        (EN, ("after", "upon", "once", "when", "following")),
        (FR, ("apres", "lors", "lors de", "des que", "suite", "suite a")),
    ),
}
# After a period.
TAILS: Final = {
    "onwards": _phrases(
        (NL, ("en verder", "en later", "e v")),
        (EN, ("onwards", "and beyond", "and later", "and after")),
        (FR, ("et au-dela", "et apres", "et suivants")),
    ),
    "by": _phrases(
        (NL, ("ten laatste", "uiterlijk")), (EN, ("at the latest",)), (FR, ("au plus tard",))
    ),
}
# Between two periods.
JOINERS: Final = {
    "range": _phrases(
        (ANY, ("-", "/")),
        (NL, ("tot", "tot en met", "t/m")),
        (EN, ("to", "until", "till", "through", "thru")),
        (FR, ("a", "au", "jusqu'a", "jusqu'au", "jusqu'en")),
    ),
    "or": _phrases((NL, ("of",)), (EN, ("or",)), (FR, ("ou",))),
    "and": _phrases((NL, ("en",)), (EN, ("and",)), (FR, ("et",))),
}
# The whole text: no start, no end.
ONGOING: Final = _phrases(
    (NL, ("doorlopend", "permanent", "continu")),
    (EN, ("ongoing", "continuous", "continuously", "permanent")),
    (FR, ("continu", "continue", "en continu", "en permanence", "permanent")),
)
# Words that never change the window: "in de zomer van 2020" is "zomer 2020".
FILLER_PHRASES: Final = _phrases(
    (NL, ("de", "het", "in", "op", "van", "tijdens", "gedurende", "rond", "rondom")),
    (NL, ("omstreeks", "ergens in", "in de loop van", "jaar", "maand")),
    (EN, ("the", "in", "on", "at", "of", "during", "around", "throughout", "sometime in")),
    (EN, ("some time in", "in the course of", "year", "month")),
    (FR, ("le", "la", "les", "l'", "de", "d'", "du", "en", "a", "au", "aux", "dans")),
    (FR, ("pendant", "vers", "courant", "au cours de", "dans le courant de", "annee", "mois")),
)
# Short fillers that must be followed by a word written in full, never by a number, a
# code or an abbreviation: "in 2020" is one letter from "fin 2020", "au 2020" from "aug
# 2020", "de 2020" from "dec 2020".
BEFORE_WORDS_ONLY: Final = frozenset(
    {"de", "het", "in", "en", "a", "au", "aux", "la", "les", "l'", "d'", "du", "at", "dans"}
)


def period_words() -> dict[str, str]:
    """Every word that names (part of) a period, with what it names: for typo hints."""
    found: dict[str, str] = {}
    for kind, table in (("month", MONTH_WORDS), ("season", SEASON_WORDS),
                        ("ordinal", ORDINAL_WORDS), ("half or quarter", UNIT_WORDS),
                        ("part", PART_WORDS), ("week", WEEK_WORDS)):  # fmt: skip
        for word in table:
            found.setdefault(word, kind)
    return found


@lru_cache(maxsize=1)
def period_languages() -> dict[str, int]:
    """Every period word with the languages it belongs to."""
    found: dict[str, int] = {}
    for table in (MONTH_WORDS, SEASON_WORDS, ORDINAL_WORDS, UNIT_WORDS, PART_WORDS, WEEK_WORDS):
        for word, (_, languages) in table.items():
            found[word] = found.get(word, 0) | languages
    return found


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every single word of the language: periods, phrases' words and fillers."""
    words = set(period_words())
    tables = [*LEADS.values(), *TAILS.values(), *JOINERS.values(), ONGOING, FILLER_PHRASES]
    for table in tables:
        for phrase in table:
            words.update(phrase.replace("'", "' ").replace("-", " ").replace("/", " ").split())
    return frozenset(w for w in words if w)


# --- typos ------------------------------------------------------------------------------


def one_slip(typed: str, word: str) -> bool:
    """`typed` is `word` with one letter left out, added or doubled, two neighbours
    swapped, or (in words of five letters or more) one letter changed."""
    if typed == word:
        return False
    a, b = len(typed), len(word)
    if abs(a - b) > 1:
        return False
    if a == b:
        diff = [k for k in range(a) if typed[k] != word[k]]
        if len(diff) == 1:
            return b >= 5
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and typed[diff[0]] == word[diff[1]]
            and typed[diff[1]] == word[diff[0]]
        )
    short, long_ = (typed, word) if a < b else (word, typed)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _deletions(word: str) -> set[str]:
    return {word, *(word[:k] + word[k + 1 :] for k in range(len(word)))}


class SlipIndex:
    """Words by their one-letter deletions, so that the words one slip from a typed word
    are found with a few look-ups: any slip leaves the two words a deletion in common."""

    def __init__(self, words: Iterable[str]) -> None:
        self.index: dict[str, set[str]] = {}
        for word in words:
            for key in _deletions(word):
                self.index.setdefault(key, set()).add(word)

    def near(self, typed: str) -> list[str]:
        found: set[str] = set()
        for key in _deletions(typed):
            found.update(self.index.get(key, ()))
        return sorted(w for w in found if one_slip(typed, w))


@lru_cache(maxsize=1)
def period_index() -> SlipIndex:
    return SlipIndex(period_words())


@lru_cache(maxsize=1)
def lead_words() -> frozenset[str]:
    """The words of the deadline words (voor, vanaf, na, before, a partir de...)."""
    words = set()
    for table in LEADS.values():
        for phrase in table:
            words.update(phrase.replace("'", "' ").split())
    return frozenset(w for w in words if w.isalpha())


@lru_cache(maxsize=1)
def lead_index() -> SlipIndex:
    """A slip of a deadline word where a label may stand is a typo, not a label. Two
    letters are too few to tell a slip from a word ("Kick-off" is no slip of "as of"),
    except "na", the Dutch event word."""
    return SlipIndex(w for w in lead_words() if len(w) > 2 or w == "na")


@lru_cache(maxsize=1)
def known_index() -> SlipIndex:
    return SlipIndex(w for w in known_words() if len(w) >= 4)


def quoted(words: Sequence[str]) -> str:
    """'a', 'b' or 'c': up to three words for a message, shortest first."""
    shown = [repr(w) for w in sorted(set(words), key=lambda w: (len(w), w))[:3]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def shown(text: str, limit: int = 60) -> str:
    """A text for a message: quoted as Python would, cut short if it is long."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
