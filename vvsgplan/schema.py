"""The JSON Schema of the plan files, from Pydantic models of the file format.

Only `vvsgplan schema` imports this (Pydantic is slow to start): the commands read the
files with `load`, and a test checks that these models accept and refuse what `load` does.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from vvsgplan.model import (
    ACTION_ID,
    DAY,
    DONE_ON,
    MILESTONE_STATUSES,
    RATINGS,
    RESPONSES,
    STATUSES,
)

Text = Annotated[str, Field(min_length=1)]
When = Annotated[str | int, Field(description="The deadline in the plan's own words.")]
DoneOn = Annotated[
    str,
    Field(
        pattern=f"^{DONE_ON.pattern}$",
        description="YYYY-MM-DD, or YYYY-MM when only the month is known.",
    ),
]
RecId = Annotated[int, Field(ge=1)]
Day = Annotated[
    str,
    Field(
        pattern=f"^{DAY.pattern}$",
        description="A day as YYYY-MM-DD, in quotes so that every YAML reader reads text.",
    ),
]


class _Strict(BaseModel):
    # Unknown keys are errors: they are almost always typos.
    model_config = ConfigDict(extra="forbid")


class Update(_Strict):
    """A dated progress update."""

    date: Day
    text: Text


class Assessment(_Strict):
    """A rating of the recommendation's implementation given by hand, with its reason."""

    rating: Literal[RATINGS]  # type: ignore[valid-type]
    reason: Text
    date: Day


class Recommendation(_Strict):
    """One recommendation of the evaluation and the response to it."""

    id: RecId
    title: Text
    response: Literal[RESPONSES]  # type: ignore[valid-type]
    text: Text | None = None
    response_text: Text | None = None
    assessment: Assessment | None = None


class Milestone(_Strict):
    """A dated step of an action."""

    label: Text
    when: When
    status: Literal[MILESTONE_STATUSES] = "open"  # type: ignore[valid-type]
    done_on: DoneOn | None = None
    updates: list[Update] = []


class Action(_Strict):
    """One action of the plan."""

    # An unquoted 1.2 is a number to YAML; vvsgplan reads it as the id "1.2".
    id: (
        Annotated[
            str,
            Field(
                pattern=f"^{ACTION_ID.pattern}$",
                description="Letters, digits, '.', '-', '_'; never a bare number.",
            ),
        ]
        | float
    )
    recommendations: Annotated[list[RecId], Field(min_length=1)]
    action: Text
    owner: Text | list[Text] | None = None
    when: When | None = None
    status: Literal[STATUSES] = "open"  # type: ignore[valid-type]
    done_on: DoneOn | None = None
    milestones: list[Milestone] = []
    notes: Text | None = None
    updates: list[Update] = []


class Signatory(_Strict):
    name: Text
    role: Text | None = None


class Evaluation(_Strict):
    """The evaluation the plan follows up."""

    title: Text
    programme: Text | None = None
    period: Text | None = None
    evaluator: Text | None = None
    when: When | None = None


class Response(_Strict):
    """The management response as a whole."""

    date: Day | None = None
    text: Text | None = None
    signatories: list[Signatory] = []


class Context(_Strict):
    """plan.yaml: the evaluation's context."""

    evaluation: Evaluation | None = None
    response: Response | None = None


FILES = {"recommendations": Recommendation, "actions": Action, "plan": Context}


def json_schema(name: str) -> dict[str, Any]:
    """The schema of one file: a list of recommendations or of actions, or the context."""
    model = FILES[name]
    shape: Any = model if name == "plan" else list[model]  # type: ignore[valid-type]
    schema = TypeAdapter(shape).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"vvsgplan {name}.yaml"
    return schema
