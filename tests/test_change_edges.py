"""Changes tried from outside, as a user and a reviewer would: the edges of the file's
text and of the plan, each read back through every command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import as_json, ok

MakePlan = Callable[..., Path]


def test_keys_added_at_the_end_of_a_file_without_final_newline_stay_together(
    make_plan: MakePlan,
) -> None:
    """The last action ends the file without a line break: three keys added under its
    last milestone are three lines, one after the other, and the file still ends
    without a line break."""
    actions = (
        "- id: x1\n  recommendations: [1]\n  action: Iets\n"
        "  milestones:\n    - label: L\n      when: 2023"
    )
    data = make_plan(actions=actions)
    ok("done", "x1", "-m", "L", "--on", "2020-01-02", "--note", "Klaar", data=data)
    after = (data / "actions.yaml").read_text(encoding="utf-8")
    assert after == (
        actions + "\n      status: done\n      done_on: 2020-01-02\n      updates:\n"
        "        - date: '2020-01-02'\n          text: Klaar"
    )
    x1 = as_json("show", "x1", data=data)["milestones"][0]
    assert (x1["status"], x1["done_on"]) == ("done", "2020-01-02")
