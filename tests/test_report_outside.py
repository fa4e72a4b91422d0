"""What a monitoring officer met using the report, the digest and the calendar on odd
plans: each test is a case that once went wrong, checked through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import MINIMAL_RECS, ok

# An update was dated ahead of the report's day (a typo, or a report made again for an
# older day): on 15 March 2020 the update of 1 February is the latest there was.
LATER_UPDATE = """\
- id: x1
  recommendations: [1]
  action: Write the first thing down
  owner: Alice
  when: maart 2020
  updates:
    - date: '2030-01-01'
      text: Not written yet
    - date: '2020-02-01'
      text: Draft ready
"""


def test_the_latest_update_is_the_latest_on_the_day(make_plan: Callable[..., Path]) -> None:
    data = make_plan(MINIMAL_RECS, LATER_UPDATE)
    day = ("--as-of", "2020-03-15")
    report = json.loads(ok("report", *day, "--format", "json", data=data))
    assert [(u["id"], u["date"], u["text"]) for u in report["latest_updates"]] == [
        ("x1", "2020-02-01", "Draft ready")
    ]
    digest = ok("digest", *day, data=data)
    assert "latest update 2020-02-01: Draft ready" in digest
    assert "Not written yet" not in digest
    # `show` keeps every update, the later one first.
    shown = ok("show", "x1", data=data)
    assert shown.index("2030-01-01") < shown.index("2020-02-01")
