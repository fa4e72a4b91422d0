"""The plan: recommendations, the management response to each, and the actions.

Plain named tuples, validated once by `load`. Modules that define named tuples do
without `from __future__ import annotations`: with it, every field's annotation is
compiled from a string when the class is made, which costs more start-up than the rest
of the module.
"""

from pathlib import Path
from typing import Any, Final, NamedTuple

from vvsgplan.fields import ACTIVE, Field, is_extension

# Declared fields a record type has no attribute for, and extension keys (x-...): key ->
# value, in file order. Code reads a field by name only where it is an attribute; the
# others are carried through JSON, `show`, `diff` and the merge driver by the declaration.
Extra = tuple[tuple[str, Any], ...]


def value_of(record: Any, field: Field) -> Any:
    """A record's value of a declared field: its attribute, or else from its extra."""
    if field.name in record._fields:
        return getattr(record, field.name)
    for key, value in record.extra:
        if key == field.name:
            return value
    return field.default


def text_of(value: Any) -> str:
    """A value as `show` and `diff` write it: a list as its items joined by ", ", a
    record or a mapping by its values; "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return "; ".join(f"{k}: {text_of(v)}" for k, v in value.items())
    if hasattr(value, "_fields"):  # a record: its values, then its extra
        shown = [text_of(getattr(value, f)) for f in value._fields if f != "extra"]
        shown += [text_of(v) for _, v in value.extra]
        return ", ".join(t for t in shown if t)
    if isinstance(value, list | tuple):
        return ", ".join(text_of(v) for v in value)
    return str(value)


def extensions(record: Any) -> list[tuple[str, Any]]:
    """A record's extension fields (x-...), in file order."""
    return [(key, value) for key, value in record.extra if is_extension(key)]


class Update(NamedTuple):
    """A dated progress update of an action or a milestone."""

    date: str  # YYYY-MM-DD
    text: str
    extra: Extra = ()


class Assessment(NamedTuple):
    """A rating given by hand, in place of the one derived from the actions."""

    rating: str
    reason: str
    date: str  # YYYY-MM-DD
    extra: Extra = ()


class Recommendation(NamedTuple):
    id: str  # as written: "4", "R1"
    title: str
    response: str
    text: str | None = None
    response_text: str | None = None
    assessment: Assessment | None = None
    extra: Extra = ()


class Milestone(NamedTuple):
    label: str
    when: str
    status: str = "open"
    done_on: str | None = None
    updates: tuple[Update, ...] = ()
    extra: Extra = ()


class Signatory(NamedTuple):
    name: str
    role: str | None = None
    extra: Extra = ()


class Evaluation(NamedTuple):
    title: str
    programme: str | None = None
    period: str | None = None
    evaluator: str | None = None
    when: str | None = None
    extra: Extra = ()


class Response(NamedTuple):
    date: str | None = None
    text: str | None = None
    signatories: tuple[Signatory, ...] = ()
    extra: Extra = ()


class Context(NamedTuple):
    """plan.yaml: which evaluation the plan follows up, and the management response."""

    evaluation: Evaluation | None = None
    response: Response | None = None
    extra: Extra = ()


class Action(NamedTuple):
    id: str
    recommendations: tuple[str, ...]
    action: str
    owner: tuple[str, ...] = ()
    when: str | None = None
    status: str = "open"
    done_on: str | None = None
    milestones: tuple[Milestone, ...] = ()
    notes: str | None = None
    updates: tuple[Update, ...] = ()
    extra: Extra = ()

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    def all_updates(self) -> list[tuple[Update, Milestone | None]]:
        """The updates of the action and of its written milestones, newest first; of one
        day, the one further down the file first (milestones come before `updates`)."""
        # Most actions have no updates: nothing to gather, nothing to sort.
        found: list[tuple[Update, Milestone | None]] = (
            [(u, m) for m in self.milestones for u in m.updates] if self.milestones else []
        )
        if self.updates:
            found += [(u, None) for u in self.updates]
        if len(found) > 1:
            # Reversed, then sorted newest first: a sort keeps the order of equals.
            found.reverse()
            found.sort(key=lambda pair: pair[0].date, reverse=True)
        return found

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
        # Made on first use: a portfolio's plans are read only to be combined.
        self._recs: dict[str, Recommendation] | None = None
        self._actions: dict[str, Action] | None = None
        self._by_rec: dict[str, list[Action]] | None = None  # made on first use

    def recommendation(self, rec_id: str) -> Recommendation | None:
        """A recommendation by id, in any case (ids differ in more than case)."""
        if self._recs is None:
            self._recs = {r.id: r for r in self.recommendations}
        found = self._recs.get(rec_id)
        if found is None:
            folded = [r for r in self.recommendations if r.id.casefold() == rec_id.casefold()]
            found = folded[0] if len(folded) == 1 else None
        return found

    def action(self, action_id: str) -> Action | None:
        if self._actions is None:
            self._actions = {a.id: a for a in self.actions}
        found = self._actions.get(action_id)
        if found is None:
            # Ids are typed by hand: `show d2` finds D2 when only one id matches.
            folded = [a for a in self.actions if a.id.casefold() == action_id.casefold()]
            found = folded[0] if len(folded) == 1 else None
        return found

    def actions_for(self, rec_id: str) -> list[Action]:
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


# The record type of each declared record (fields.RECORDS), by its name.
TYPES: Final[dict[str, Any]] = {
    "recommendation": Recommendation,
    "assessment": Assessment,
    "action": Action,
    "milestone": Milestone,
    "update": Update,
    "context": Context,
    "evaluation": Evaluation,
    "response": Response,
    "signatory": Signatory,
}
