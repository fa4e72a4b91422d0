"""Shared helpers: run the CLI as a user would, on the bundled plan or a small one."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from vvsgplan.cli import app

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data"
SOURCE = ROOT / "docs" / "management-response-2019.md"


def run(*args: str, data: Path | None = BUNDLED, env: dict[str, str] | None = None) -> Result:
    """Invoke vvsgplan with --data DATA (unless None), without colour."""
    prefix = ["--data", str(data)] if data is not None else []
    runner = CliRunner(env={"NO_COLOR": "1", "VVSGPLAN_DATA": None, **(env or {})})
    return runner.invoke(app, [*prefix, *args])


def ok(*args: str, data: Path | None = BUNDLED) -> str:
    """stdout of a command that must succeed."""
    result = run(*args, data=data)
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(*args: str, data: Path | None = BUNDLED) -> Any:
    return json.loads(ok(*args, "--format", "json", data=data))


def as_csv(*args: str, data: Path | None = BUNDLED) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(*args, "--format", "csv", data=data))))


# The headings of the Dutch report on the bundled plan as of 1 September 2019, after its title.
DUTCH_SECTIONS = [
    "De evaluatie",
    "Kerncijfers",
    "Samenvatting",
    "Voortgang per aanbeveling",
    "Per verantwoordelijke",
    "Over tijd",
    "Te doen binnen 30 dagen",
    "Zonder vaste termijn",
    "Laatste update van open acties",
    "Uitgevoerd sinds 2019-06-03",
    # The plan's git history starts years after 2019: these sections say so.
    "Wijzigingen sinds 2019-06-03",
    "Updates sinds 2019-06-03",
    "Voortgang in de tijd",
    "Tijdlijn",
]

MINIMAL_RECS = """\
- id: 1
  title: Write things down.
  response: agree
- id: 2
  title: Read them again.
  response: disagree
"""

MINIMAL_ACTIONS = """\
- id: x1
  recommendations: [1]
  action: Write the first thing down
  owner: Alice
  when: maart 2020
- id: x2
  recommendations: [1, 2]
  action: Read it again
  owner: [Bob, Alice]
  when: 2021 en verder
  status: in-progress
"""


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test has a parse cache of its own, in a fresh folder: tests never share
    entries, nor read or fill the user's cache. VVSGPLAN_NO_CACHE=1 in the environment
    of the test run turns the cache off for every test (see README, Development)."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "vvsgplan"


@pytest.fixture
def make_plan(tmp_path: Path) -> Callable[..., Path]:
    """Write a small plan into tmp_path/data and return that folder."""

    def make(recommendations: str = MINIMAL_RECS, actions: str = MINIMAL_ACTIONS) -> Path:
        folder = tmp_path / "data"
        folder.mkdir(exist_ok=True)
        (folder / "recommendations.yaml").write_text(recommendations, encoding="utf-8")
        (folder / "actions.yaml").write_text(actions, encoding="utf-8")
        return folder

    return make
