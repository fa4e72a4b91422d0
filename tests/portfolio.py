"""A portfolio of three plans in a real git repository, for the tests and the README's
"Many evaluations" examples:

- plans/2019-mid-term: the bundled plan (its three files copied);
- plans/2018-peer-review: a small plan answered on 20 November 2018;
- plans/audits/2019-finance: a small plan, nested one folder deeper, whose response has
  no date.

Every figure the tests expect is counted by hand from these files (the comments say
how each action stands on 1 September 2019, the day the tests look from)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from conftest import BUNDLED

PEER_RECS = """\
- id: 1
  title: Share what the pilots learned.
  response: agree
- id: 2
  title: Coach the new municipalities.
  response: partially-agree
- id: 3
  title: Stop the yearly survey.
  response: disagree
"""

# On 2019-09-01: P1 done; P2 overdue (June 2019); P3 in progress, due 2019-09-30 (within
# 30 days); P4 open without a deadline; P5 dropped.
PEER_ACTIONS = """\
- id: P1
  recommendations: [1]
  action: Write the pilots' lessons down
  owner: VVSG directie
  when: maart 2019
  status: done
  done_on: 2019-03-20
- id: P2
  recommendations: [1]
  action: Present the lessons to the board
  owner: Ann Peeters
  when: juni 2019
- id: P3
  recommendations: [2]
  action: Coach the first three municipalities
  owner: [Ann Peeters, VVSG directie]
  when: september 2019
  status: in-progress
- id: P4
  recommendations: [2]
  action: Find coaches for the others
  owner: Bob Claes
- id: P5
  recommendations: [3]
  action: Ask the board about the survey
  when: "2019"
  status: dropped
"""

PEER_CONTEXT = """\
evaluation:
  title: Peer review of the municipal partnerships
  evaluator: Peer Reviewers
response:
  date: "2018-11-20"
"""

FINANCE_RECS = """\
- id: 1
  title: Close the books monthly.
  response: agree
- id: 2
  title: Change the national rules.
  response: noted
"""

# On 2019-09-01: F1 open, due 2019-12-31; F2 overdue (August 2019).
FINANCE_ACTIONS = """\
- id: F1
  recommendations: [1]
  action: Close the books every month
  owner: VVSG directie
  when: december 2019
- id: F2
  recommendations: [1]
  action: Train the bookkeepers
  owner: Cas
  when: augustus 2019
"""

FINANCE_CONTEXT = """\
evaluation:
  title: Audit of the finance office
response:
  text: We accept the first recommendation.
"""

PLANS = {
    "2018-peer-review": (PEER_RECS, PEER_ACTIONS, PEER_CONTEXT),
    "audits/2019-finance": (FINANCE_RECS, FINANCE_ACTIONS, FINANCE_CONTEXT),
}


def git(folder: Path, *args: str) -> str:
    day = "2019-09-01T12:00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": day, "GIT_COMMITTER_DATE": day}
    done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, env=env)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stdout}{done.stderr}"
    return done.stdout


def build_portfolio(root: Path) -> Path:
    """The portfolio in `root`, committed; returns `root`."""
    plans = root / "plans"
    shutil.copytree(BUNDLED, plans / "2019-mid-term")
    for name, (recs, actions, context) in PLANS.items():
        folder = plans / name
        folder.mkdir(parents=True)
        (folder / "recommendations.yaml").write_text(recs, encoding="utf-8")
        (folder / "actions.yaml").write_text(actions, encoding="utf-8")
        (folder / "plan.yaml").write_text(context, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.email", "follow-up@example.org")
    git(root, "config", "user.name", "Follow Up")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Three evaluations")
    return root
