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
# How far a recommendation is implemented, modelled on the World Bank's Management Action
# Record; "not-accepted" is for a recommendation the response disagrees with or only notes.
RATINGS: Final = ("complete", "substantial", "partial", "not-started", "not-accepted")

RECOMMENDATION_KEYS: Final = ("id", "title", "text", "response", "response_text", "assessment")
ASSESSMENT_KEYS: Final = ("rating", "reason", "date")
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
    "updates",
)
MILESTONE_KEYS: Final = ("label", "when", "status", "done_on", "updates")
UPDATE_KEYS: Final = ("date", "text")

# plan.yaml, the evaluation's context: one mapping of three parts.
CONTEXT_KEYS: Final = ("evaluation", "response")
EVALUATION_KEYS: Final = ("title", "programme", "period", "evaluator", "when")
RESPONSE_KEYS: Final = ("date", "text", "signatories")
SIGNATORY_KEYS: Final = ("name", "role")

# Letters, digits, '.', '-', '_'; never all digits, so `show 4` always means recommendation 4.
ACTION_ID: Final = re.compile(r"[A-Za-z0-9._-]{1,40}")
# A completion date: a day, or only the month or year when that is all the source says.
DONE_ON: Final = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# The day of an update, an assessment or a response: always a whole day.
DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


class Update(NamedTuple):
    """A dated progress update of an action or a milestone."""

    date: str  # YYYY-MM-DD
    text: str


class Assessment(NamedTuple):
    """A rating given by hand, in place of the one derived from the actions."""

    rating: str
    reason: str
    date: str  # YYYY-MM-DD


class Recommendation(NamedTuple):
    id: int
    title: str
    response: str
    text: str | None = None
    response_text: str | None = None
    assessment: Assessment | None = None


class Milestone(NamedTuple):
    label: str
    when: str
    status: str = "open"
    done_on: str | None = None
    updates: tuple[Update, ...] = ()


class Signatory(NamedTuple):
    name: str
    role: str | None = None


class Evaluation(NamedTuple):
    title: str
    programme: str | None = None
    period: str | None = None
    evaluator: str | None = None
    when: str | None = None


class Response(NamedTuple):
    date: str | None = None
    text: str | None = None
    signatories: tuple[Signatory, ...] = ()


class Context(NamedTuple):
    """plan.yaml: which evaluation the plan follows up, and the management response."""

    evaluation: Evaluation | None = None
    response: Response | None = None


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
    updates: tuple[Update, ...] = ()

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def all_updates(self) -> list[tuple[Update, Milestone | None]]:
        """The updates of the action and of its written milestones, newest first; of one
        day, the one further down the file first (milestones come before `updates`)."""
        found: list[tuple[Update, Milestone | None]] = [
            (u, m) for m in self.milestones for u in m.updates
        ]
        found += [(u, None) for u in self.updates]
        indexed = list(enumerate(found))
        indexed.sort(key=lambda item: (item[1][0].date, item[0]), reverse=True)
        return [pair for _, pair in indexed]

    def latest_update(self, day: str) -> tuple[Update, Milestone | None] | None:
        """The newest update dated on or before `day` (YYYY-MM-DD): what was known then."""
        return next(((u, m) for u, m in self.all_updates() if u.date <= day), None)


class Plan:
    """Both files, read and checked, with lookups by id."""

    def __init__(
        self,
        folder: Path,
        recommendations: tuple[Recommendation, ...],
        actions: tuple[Action, ...],
        context: Context | None = None,
    ) -> None:
        self.folder = folder
        self.recommendations = recommendations
        self.actions = actions
        self.context = context  # None: the plan has no plan.yaml
        self._recs = {r.id: r for r in recommendations}
        self._actions = {a.id: a for a in actions}
        self._by_rec: dict[int, list[Action]] | None = None  # made on first use

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
        """The actions that answer a recommendation, in plan order. Indexed once: a
        report asks for every recommendation, and a scan each time is quadratic."""
        if self._by_rec is None:
            self._by_rec = {}
            for a in self.actions:
                for r in dict.fromkeys(a.recommendations):
                    self._by_rec.setdefault(r, []).append(a)
        return list(self._by_rec.get(rec_id, ()))

    def owners(self) -> list[str]:
        """Every owner named in the plan, in order of first appearance."""
        seen: dict[str, None] = {}
        for a in self.actions:
            seen.update(dict.fromkeys(a.owner))
        return list(seen)
