"""The plan: recommendations, the management response to each, and the actions.

Plain named tuples, validated once by `load`. Modules that define named tuples do
without `from __future__ import annotations`: with it, every field's annotation is
compiled from a string when the class is made, which costs more start-up than the rest
of the module.
"""

import re
from pathlib import Path
from typing import Final, NamedTuple

RESPONSES: Final = ("agree", "partially-agree", "disagree", "noted")
STATUSES: Final = ("open", "in-progress", "done", "dropped")
MILESTONE_STATUSES: Final = ("open", "done")
ACTIVE: Final = frozenset({"open", "in-progress"})

RECOMMENDATION_KEYS: Final = ("id", "title", "text", "response", "response_text")
ACTION_KEYS: Final = (
    "id",
    "recommendations",
    "action",
    "owner",
    "when",
    "status",
    "done_on",
    "milestones",
    "notes",
)
MILESTONE_KEYS: Final = ("label", "when", "status", "done_on")

# Letters, digits, '.', '-', '_'; never all digits, so `show 4` always means recommendation 4.
ACTION_ID: Final = re.compile(r"[A-Za-z0-9._-]{1,40}")
# A completion date: a day, or only the month or year when that is all the source says.
DONE_ON: Final = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class Recommendation(NamedTuple):
    id: int
    title: str
    response: str
    text: str | None = None
    response_text: str | None = None


class Milestone(NamedTuple):
    label: str
    when: str
    status: str = "open"
    done_on: str | None = None


class Action(NamedTuple):
    id: str
    recommendations: tuple[int, ...]
    action: str
    owner: tuple[str, ...] = ()
    when: str | None = None
    status: str = "open"
    done_on: str | None = None
    milestones: tuple[Milestone, ...] = ()
    notes: str | None = None

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


class Plan:
    """Both files, read and checked, with lookups by id."""

    def __init__(
        self,
        folder: Path,
        recommendations: tuple[Recommendation, ...],
        actions: tuple[Action, ...],
    ) -> None:
        self.folder = folder
        self.recommendations = recommendations
        self.actions = actions
        self._recs = {r.id: r for r in recommendations}
        self._actions = {a.id: a for a in actions}

    def recommendation(self, rec_id: int) -> Recommendation | None:
        return self._recs.get(rec_id)

    def action(self, action_id: str) -> Action | None:
        found = self._actions.get(action_id)
        if found is None:
            # Ids are typed by hand: `show d2` finds D2 when only one id matches.
            folded = [a for a in self.actions if a.id.casefold() == action_id.casefold()]
            found = folded[0] if len(folded) == 1 else None
        return found

    def actions_for(self, rec_id: int) -> list[Action]:
        return [a for a in self.actions if rec_id in a.recommendations]

    def owners(self) -> list[str]:
        """Every owner named in the plan, in order of first appearance."""
        seen: dict[str, None] = {}
        for a in self.actions:
            seen.update(dict.fromkeys(a.owner))
        return list(seen)
