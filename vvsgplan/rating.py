"""How far a recommendation is implemented, from its actions: a rule `show`, `recs` and
the report share, kept apart from the report so that showing one recommendation does
not load the report's git history."""

from vvsgplan.model import Action, Recommendation
from vvsgplan.query import milestones

# Responses that do not accept the recommendation: its rating is "not-accepted".
NOT_ACCEPTED = frozenset({"disagree", "noted"})


def rating(rec: Recommendation, actions: list[Action]) -> str:
    """How far a recommendation is implemented, from its actions (the README states the
    rule): not accepted when the response disagrees or only notes it; complete when every
    action that counts (not dropped) is done; substantial when at least half is; partial
    when anything is done or under way (an action done or in progress, a milestone done);
    else not started, also when no action answers it."""
    if rec.response in NOT_ACCEPTED:
        return "not-accepted"
    counted = [a for a in actions if a.status != "dropped"]
    done = sum(a.status == "done" for a in counted)
    if counted and done == len(counted):
        return "complete"
    if counted and 2 * done >= len(counted):
        return "substantial"
    started = any(
        a.status in ("done", "in-progress") or any(m.status == "done" for m in milestones(a))
        for a in counted
    )
    return "partial" if started else "not-started"
