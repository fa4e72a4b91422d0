"""Editor support in any plan repository: `schema --write DIR` writes the schemas beside
the plan files, whose first line points a YAML language server at them by a path that
resolves there; what vvsgplan writes validates against them, with a real validator."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BUNDLED, ok, run

TOOLS = Path(sys.executable).parent
MODELINE = "# yaml-language-server: $schema="
NAMES = ("recommendations", "actions", "plan")


def _schema_of(plan_file: Path) -> Path:
    """Where a YAML language server looks for the schema of a file: the path on its
    first line, relative to the file's folder."""
    first = plan_file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), first
    return plan_file.parent / first.removeprefix(MODELINE)


def _validate(schema: Path, *instances: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TOOLS / "check-jsonschema"), "--schemafile", str(schema), *map(str, instances)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def plan_repo(tmp_path: Path) -> Path:
    """A plan repository of its own: the bundled files, first lines and all."""
    data = tmp_path / "plans" / "2019"
    data.mkdir(parents=True)
    for name in NAMES:
        shutil.copy(BUNDLED / f"{name}.yaml", data)
    return data


def test_schema_write_puts_the_schemas_where_the_first_lines_point(plan_repo: Path) -> None:
    result = run("schema", "--write", str(plan_repo), data=None)
    assert result.exit_code == 0, result.output
    assert result.stderr == "".join(f"Wrote {plan_repo / n}.schema.json\n" for n in NAMES)
    for name in NAMES:
        schema = _schema_of(plan_repo / f"{name}.yaml")
        assert schema == plan_repo / f"{name}.schema.json"
        assert json.loads(schema.read_text(encoding="utf-8")) == json.loads(
            ok("schema", name, data=None)
        )
        done = _validate(schema, plan_repo / f"{name}.yaml")
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_bundled_files_point_at_their_schemas(tmp_path: Path) -> None:
    for name in NAMES:
        schema = _schema_of(BUNDLED / f"{name}.yaml")
        assert schema == BUNDLED / f"{name}.schema.json"
        assert _validate(schema, BUNDLED / f"{name}.yaml").returncode == 0


def test_schema_write_makes_the_folder_and_writes_one_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder"
    result = run("schema", "actions", "--write", str(target), data=None)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in target.iterdir()) == ["actions.schema.json"]
    assert result.stdout == ""


def test_what_done_writes_validates_and_reads_as_text_everywhere(plan_repo: Path) -> None:
    """`done` writes the day in quotes: PyYAML's safe_load (YAML 1.1, as js-yaml and
    ajv-cli read) loads text, not a date, and check-jsonschema accepts the file."""
    ok("schema", "--write", str(plan_repo), data=None)
    ok("done", "A1", "--on", "2019-08-30", data=plan_repo)
    ok("done", "D2", "-m", "Selectie", "--on", "2019-08-31", data=plan_repo)
    text = (plan_repo / "actions.yaml").read_text(encoding="utf-8")
    assert "  status: done\n  done_on: '2019-08-30'\n" in text
    assert "      status: done\n      done_on: '2019-08-31'\n" in text
    loaded = {a["id"]: a for a in yaml.safe_load(text)}
    assert loaded["A1"]["done_on"] == "2019-08-30"
    assert loaded["D2"]["milestones"][0]["done_on"] == "2019-08-31"
    done = _validate(plan_repo / "actions.schema.json", plan_repo / "actions.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_schema_write_never_writes_over_a_plan_file(plan_repo: Path) -> None:
    (plan_repo / "actions.schema.json").symlink_to(plan_repo / "actions.yaml")
    before = (plan_repo / "actions.yaml").read_bytes()
    result = run("schema", "actions", "--write", str(plan_repo), data=None)
    assert result.exit_code == 3
    assert "is a file of the plan" in result.stderr
    assert (plan_repo / "actions.yaml").read_bytes() == before
