"""What reading a deadline gives: its kinds, its window of days, the steps it names and
the role of each word. Apart from the reader (`deadline`, `deadline_grammar`), so that a
command whose plan's readings come from the parse cache does without the reader, and so
that the cache, which names the types it may hold, names these."""

import re
from datetime import date, timedelta
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


class Word(NamedTuple):
    """One word of a deadline text as written, and the role it played."""

    text: str
    role: str  # one of ROLES
    step: int  # the step it belongs to, from 1; 0 for a separator between steps


class Deadline(NamedTuple):
    kind: str
    start: date | None
    end: date | None
    steps: tuple[Step, ...]
    words: tuple[Word, ...] = ()

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


_ISO: Final = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?", re.ASCII)


def iso_window(text: str) -> Window | None:
    """The window of a month (2020-01) or a day (2020-01-15) written the ISO way, as
    `deadline.period` reads it; None for any other text (for the reader to read or
    refuse). The dates a command line most often gives, without importing the reader."""
    found = _ISO.fullmatch(text.strip())
    if found is None:
        return None
    year, month, day = found.groups()
    try:
        if day is not None:
            one = date(int(year), int(month), int(day))
            return Window(one, one)
        first = date(int(year), int(month), 1)
    except ValueError:
        return None
    if first.month == 12:
        return Window(first, date(first.year, 12, 31))
    return Window(first, first.replace(month=first.month + 1) - timedelta(days=1))
