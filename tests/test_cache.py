"""The parse cache: an unchanged plan is not read again, and the cache never gives a
stale answer, whatever happens to its folder or to the code that reads the plan."""

import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import MINIMAL_ACTIONS, MINIMAL_RECS, run

VVSGPLAN = [sys.executable, "-m", "vvsgplan"]
# The first line of every entry, then the SHA-256 of the rest (see vvsgplan/cache.py).
FORMAT = b"vvsgplan-cache-1\n"


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the cache: on, even in a run of the suite without it."""
    monkeypatch.delenv("VVSGPLAN_NO_CACHE", raising=False)


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.entry")) if cache.exists() else []


def actions_json(data: Path, *options: str) -> list[dict[str, object]]:
    result = run(*options, "list", "--format", "json", data=data)
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_a_run_keeps_each_file_and_the_next_finds_it(
    make_plan: Callable[..., Path], own_cache: Path
) -> None:
    data = make_plan()
    first = actions_json(data)
    # One entry for each of the two plan files (the plan has no plan.yaml), and one with
    # the items of actions.yaml, for the first read after an edit.
    assert len(entries(own_cache)) == 3
    stamps = [p.stat().st_mtime_ns for p in entries(own_cache)]
    assert actions_json(data) == first
    assert [p.stat().st_mtime_ns for p in entries(own_cache)] == stamps  # read, not written
    assert [a["id"] for a in first] == ["x1", "x2"]


def test_an_edit_that_keeps_size_and_time_gives_the_new_answer(
    make_plan: Callable[..., Path],
) -> None:
    data = make_plan()
    path = data / "actions.yaml"
    assert actions_json(data)[1]["action"] == "Read it again"
    info = path.stat()
    edited = MINIMAL_ACTIONS.replace("Read it again", "Mend it again")
    assert len(edited) == len(MINIMAL_ACTIONS)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (info.st_size, info.st_mtime_ns)
    assert actions_json(data)[1]["action"] == "Mend it again"


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b"",  # empty
        lambda b: b[:-5] + bytes(5),  # the end overwritten
        lambda b: b"not a cache entry at all",
    ],
    ids=["truncated", "empty", "corrupt", "garbage"],
)
def test_a_damaged_entry_is_ignored_and_made_again(
    make_plan: Callable[..., Path], own_cache: Path, damage: Callable[[bytes], bytes]
) -> None:
    data = make_plan()
    first = actions_json(data)
    for entry in entries(own_cache):
        entry.write_bytes(damage(entry.read_bytes()))
    assert actions_json(data) == first
    # Made again whole: the next run reads it.
    for entry in entries(own_cache):
        raw = entry.read_bytes()
        assert raw.startswith(FORMAT)
        assert (
            hashlib.sha256(raw[len(FORMAT) + 32 :]).digest() == raw[len(FORMAT) : len(FORMAT) + 32]
        )


def test_an_entry_naming_anything_but_plan_values_is_not_run(
    make_plan: Callable[..., Path], own_cache: Path, tmp_path: Path
) -> None:
    """A planted entry, whole and with the right checksum, that would run code when
    unpickled by a plain reader: it is ignored."""
    data = make_plan()
    first = actions_json(data)
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {marker}",))

    payload = pickle.dumps(Planted())
    for entry in entries(own_cache):
        entry.write_bytes(FORMAT + hashlib.sha256(payload).digest() + payload)
    assert actions_json(data) == first
    assert not marker.exists()


def test_a_cache_folder_that_cannot_be_used_only_means_no_cache(
    make_plan: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_plan()
    expected = actions_json(data, "--no-cache")
    # A file where the folder should be: it cannot be made.
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert actions_json(data) == expected
    assert blocker.read_text(encoding="utf-8") == "in the way\n"
    # A folder others may write in: not read nor written (anyone could plant an entry).
    shared = tmp_path / "shared"
    (shared / "vvsgplan").mkdir(parents=True)
    (shared / "vvsgplan").chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared))
    assert actions_json(data) == expected
    assert entries(shared / "vvsgplan") == []


def test_no_cache_option_and_variable_neither_read_nor_write_it(
    make_plan: Callable[..., Path], own_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make_plan()
    actions_json(data, "--no-cache")
    assert entries(own_cache) == []
    monkeypatch.setenv("VVSGPLAN_NO_CACHE", "1")
    actions_json(data)
    assert entries(own_cache) == []
    monkeypatch.setenv("VVSGPLAN_NO_CACHE", "0")  # 0 and empty mean: use it
    actions_json(data)
    assert len(entries(own_cache)) == 3


def test_problems_are_reported_the_same_from_the_cache(make_plan: Callable[..., Path]) -> None:
    # Line 4: a status that does not exist; line 8: recommendation 9 does not exist.
    data = make_plan(
        actions=(
            "- id: x1\n"
            "  recommendations: [1]\n"
            "  action: Write it\n"
            "  status: finished\n"
            "- id: x2\n"
            "  recommendations:\n"
            "    - 2\n"
            "    - 9\n"
            "  action: Read it\n"
        )
    )
    first = run("list", data=data)
    again = run("list", data=data)
    assert first.exit_code == again.exit_code != 0
    assert first.stderr == again.stderr
    path = data / "actions.yaml"
    lines = again.stderr.splitlines()
    assert lines[0].startswith(f"{path}:4:11: 'status' is 'finished'")
    assert lines[1] == f"{path}:8:7: recommendation 9 does not exist"


def test_the_same_file_by_another_name_reports_that_name(
    make_plan: Callable[..., Path], tmp_path: Path
) -> None:
    broken = "- id: x1\n  recommendations: [1]\n  action: Write it\n  status: finished\n"
    data = make_plan(actions=broken)
    other = tmp_path / "other"
    shutil.copytree(data, other)
    assert run("list", data=data).stderr.startswith(f"{data / 'actions.yaml'}:4:11:")
    assert run("list", data=other).stderr.startswith(f"{other / 'actions.yaml'}:4:11:")


def test_what_actions_may_name_is_part_of_the_key(make_plan: Callable[..., Path]) -> None:
    """The same actions.yaml next to a recommendations file without recommendation 2."""
    data = make_plan()
    assert len(actions_json(data)) == 2
    (data / "recommendations.yaml").write_text(
        "- id: 1\n  title: Write things down.\n  response: agree\n", encoding="utf-8"
    )
    result = run("list", data=data)
    assert result.exit_code != 0
    assert "recommendation 2 does not exist" in result.stderr


def test_old_entries_are_pruned_when_a_new_one_is_written(
    make_plan: Callable[..., Path], own_cache: Path
) -> None:
    data = make_plan()
    actions_json(data)
    old = own_cache / ("0" * 40 + ".entry")
    old.write_bytes(b"an entry of long ago")
    leftover = own_cache / ".new-interrupted.tmp"
    leftover.write_bytes(b"half")
    long_ago = time.time() - 31 * 24 * 3600
    for path in (old, leftover):
        os.utime(path, (long_ago, long_ago))
    recent = own_cache / ("1" * 40 + ".entry")
    recent.write_bytes(b"an entry of yesterday")
    (data / "actions.yaml").write_text(MINIMAL_ACTIONS + "# edited\n", encoding="utf-8")
    actions_json(data)  # writes an entry for the edited file, and prunes
    assert not old.exists()
    assert not leftover.exists()
    assert recent.exists()


def test_processes_writing_the_same_entries_at_once_agree(
    make_plan: Callable[..., Path], own_cache: Path
) -> None:
    data = make_plan()
    expected = actions_json(data, "--no-cache")
    command = [*VVSGPLAN, "--data", str(data), "list", "--format", "json"]
    env = {**os.environ, "XDG_CACHE_HOME": str(own_cache.parent)}
    for _ in range(3):
        shutil.rmtree(own_cache, ignore_errors=True)
        started = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for _ in range(6)
        ]
        for process in started:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0, err
            assert json.loads(out) == expected
        assert len(entries(own_cache)) == 3
        assert not list(own_cache.glob(".new-*"))  # no half-written file left
        assert actions_json(data) == expected


def _package_copy(tmp_path: Path) -> Path:
    """vvsgplan's and PyYAML's code copied where a process finds them first."""
    import yaml

    import vvsgplan

    site = tmp_path / "site"
    for module in (vvsgplan, yaml):
        assert module.__file__ is not None
        source = Path(module.__file__).parent
        shutil.copytree(source, site / source.name, ignore=shutil.ignore_patterns("__pycache__"))
    return site


def test_a_change_of_vvsgplan_or_pyyaml_reads_the_plan_again(
    make_plan: Callable[..., Path], own_cache: Path, tmp_path: Path
) -> None:
    data = make_plan(
        actions="- id: x1\n  recommendations: [1]\n  action: Write it\n  status: finished\n"
    )
    site = _package_copy(tmp_path)
    env = {**os.environ, "XDG_CACHE_HOME": str(own_cache.parent), "PYTHONPATH": str(site)}
    command = [*VVSGPLAN, "--data", str(data), "list"]

    def stderr() -> str:
        # Run from tmp_path: `python -m` looks in the working folder first.
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, check=False, cwd=tmp_path
        )
        assert done.returncode != 0
        return done.stderr

    assert "'status' is 'finished'; use one of open" in stderr()
    made = len(entries(own_cache))
    # The code that reads the plan changes (the wording of a message, a new version):
    # the entries of the old code are not used.
    validate = site / "vvsgplan" / "validate.py"
    text = validate.read_text(encoding="utf-8")
    validate.write_text(text.replace("use one of", "choose from"), encoding="utf-8")
    assert "'status' is 'finished'; choose from open" in stderr()
    assert len(entries(own_cache)) == 2 * made  # every file read again
    # A new PyYAML: read again, as it may read the text otherwise.
    init = site / "yaml" / "__init__.py"
    init.write_text(
        init.read_text(encoding="utf-8").replace("__version__ = '", "__version__ = '9"),
        encoding="utf-8",
    )
    assert "choose from open" in stderr()
    assert len(entries(own_cache)) == 3 * made


def test_changing_commands_read_the_file_itself(
    make_plan: Callable[..., Path], own_cache: Path
) -> None:
    """A change reads actions.yaml as it is, not what a read command kept of it: here
    the kept entry says x1 is done, the file that it is open."""
    data = make_plan()
    actions_json(data)
    from vvsgplan import cache
    from vvsgplan.model import Action

    kept: dict[str, Any] = {p.stem: cache.get(p.stem) for p in entries(own_cache)}
    (name,) = [n for n, v in kept.items() if isinstance(v[0][0], Action)]
    records, problems, ids, warnings, readings = kept[name]
    planted = [records[0]._replace(status="done"), *records[1:]]
    cache.put(name, (planted, problems, ids, warnings, readings))
    assert actions_json(data)[0]["status"] == "done"  # the planted entry is read...
    result = run("start", "x1", data=data)
    assert result.exit_code == 0, result.output  # ...but `start` reads the file: x1 is open
    assert "x1: open -> in-progress" in result.stdout


FIVE = "".join(
    f"- id: x{n}\n  recommendations: [1]\n  action: Action {n}\n  when: 2020\n  status: open\n"
    for n in range(1, 6)
)


@pytest.mark.parametrize(
    "edited",
    [
        FIVE.replace(
            "Action 3\n  when: 2020\n  status: open",
            "Action 3\n  when: 2020\n  status: done\n  done_on: 2020-01-02",
        ),
        FIVE.replace(
            "- id: x1\n  recommendations: [1]\n  action: Action 1\n  when: 2020\n  status: open\n",
            "",
        )
        + "# the end\n- id: x6\n  recommendations: [2]\n  action: Action 6\n",
        FIVE.replace("id: x4", "id: X2"),  # the same id as x2, in another case
        FIVE.replace("id: x2", "id: x5"),  # the same id as a later item
        FIVE.replace("status: open\n- id: x4", "status: opne\n- id: x4"),  # a problem
        FIVE.replace("action: Action 4", "action: [Action 4"),  # a YAML syntax error
        FIVE.replace("action: Action 4", "action: *four"),  # an alias of nothing
        FIVE + "other: true\n",  # not a plain list: read whole
    ],
    ids=[
        "status",
        "removed-added",
        "case",
        "duplicate",
        "problem",
        "syntax",
        "alias",
        "not-a-list",
    ],
)
def test_after_an_edit_the_unchanged_items_are_taken_and_the_answer_is_whole(
    make_plan: Callable[..., Path], own_cache: Path, edited: str
) -> None:
    """The items whose text is unchanged are taken from the last read of the file, the
    others read: the same answer, problems and places as reading the whole file."""
    data = make_plan(actions=FIVE)
    assert len(actions_json(data)) == 5
    (data / "actions.yaml").write_text(edited, encoding="utf-8")
    cached = run("list", "--format", "json", data=data)
    whole = run("--no-cache", "list", "--format", "json", data=data)
    assert (cached.exit_code, cached.stdout, cached.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


def test_a_message_quoting_a_recommendation_s_line_follows_that_line(
    make_plan: Callable[..., Path],
) -> None:
    """An action with a recommendation's id is told with that recommendation's line: a
    line added above it in recommendations.yaml, and actions.yaml unchanged, moves it."""
    actions = "- id: '1'\n  recommendations: [1]\n  action: Write it\n"
    data = make_plan(actions=actions)
    first = run("list", data=data)
    assert "(recommendations.yaml line 1)" in first.stderr
    recs = data / "recommendations.yaml"
    recs.write_text("# a comment\n" + recs.read_text(encoding="utf-8"), encoding="utf-8")
    again = run("list", data=data)
    assert "(recommendations.yaml line 2)" in again.stderr


def test_a_check_of_an_unchanged_plan_says_the_same_from_the_cache(
    make_plan: Callable[..., Path], own_cache: Path, tmp_path: Path
) -> None:
    # Line 5: a `when` whose first words read as a step label (a warning); line 11: a
    # status that does not exist (a problem).
    actions = MINIMAL_ACTIONS.replace("  when: maart 2020", "  when: 'Ontwerp: maart 2020'")
    data = make_plan(actions=actions.replace("status: in-progress", "status: busy"))
    first = run("check", data=data)
    written = {p: p.stat().st_mtime_ns for p in entries(own_cache)}
    assert written  # a check keeps what it read, as a read command does
    again = run("check", data=data)
    assert {p: p.stat().st_mtime_ns for p in entries(own_cache)} == written  # read, not made
    assert (
        (first.exit_code, first.stderr)
        == (again.exit_code, again.stderr)
        == (
            1,
            f"{data / 'actions.yaml'}:5:9: warning: 'when': 'Ontwerp' is read as a step label, "
            "not as part of a date; list it under milestones to confirm\n"
            f"{data / 'actions.yaml'}:11:11: 'status' is 'busy'; "
            "use one of open, in-progress, done, dropped\n",
        )
    )
    # The same files by another name: the messages name the files as given this time.
    other = tmp_path / "other"
    shutil.copytree(data, other)
    moved = run("check", data=other)
    assert moved.stderr == again.stderr.replace(str(data), str(other))
    assert {p: p.stat().st_mtime_ns for p in entries(own_cache)} == written


def test_a_check_reads_the_deadlines_that_a_cached_list_did_not(
    make_plan: Callable[..., Path],
) -> None:
    """`list` keeps what it read without checking the deadlines; `check` after it still
    finds the deadline that cannot be read, and `list` after that still lists."""
    data = make_plan(actions=MINIMAL_ACTIONS.replace("when: maart 2020", "when: als het past"))
    assert [a["id"] for a in actions_json(data)] == ["x1", "x2"]
    result = run("check", data=data)
    assert result.exit_code == 1
    assert f"{data / 'actions.yaml'}:5:9: 'when': cannot read 'als het past'" in result.stderr
    assert [a["id"] for a in actions_json(data)] == ["x1", "x2"]
    assert run("check", data=data).stderr == result.stderr


def test_what_is_due_follows_the_day_not_the_cache(make_plan: Callable[..., Path]) -> None:
    """What a plan says is kept; what is overdue depends on the day the command is run
    for, which is no part of an entry."""
    data = make_plan()
    # x1 is due by the end of March 2020, x2 has no end ("2021 en verder").
    early = run("due", "--as-of", "2020-03-31", "--format", "csv", data=data)
    late = run("due", "--as-of", "2020-04-01", "--format", "csv", data=data)
    assert early.stdout.splitlines()[1].split(",")[:5] == ["2020-03-31", "x1", "", "open", ""]
    assert late.stdout.splitlines()[1].split(",")[:5] == [
        "2020-03-31",
        "x1",
        "",
        "open",
        "overdue",
    ]


# Every kind of `when` a reading can give: a month, an open end, a step label with two
# steps, one that waits for an event, one that cannot be read, milestones listed, none.
VARIED_ACTIONS = """\
- id: x1
  recommendations: [1]
  action: A month
  owner: Alice
  when: maart 2020
- id: x2
  recommendations: [1]
  action: Open-ended
  owner: Bob
  when: 2021 en verder
- id: x3
  recommendations: [2]
  action: Two steps
  owner: Alice
  when: Selectie zomer 2019; Trefdag in oktober 2020
- id: x4
  recommendations: [2]
  action: After an event
  owner: Bob
  when: na de verkiezingen
  status: in-progress
- id: x5
  recommendations: [1]
  action: Cannot be read
  owner: Alice
  when: als het past
- id: x6
  recommendations: [2]
  action: Its milestones listed
  owner: Bob
  when: Selectie zomer 2019; Trefdag in oktober 2020
  milestones:
  - label: Selectie
    when: september 2019
  - label: Trefdag
    when: november 2020
- id: x7
  recommendations: [1]
  action: No deadline
  owner: Alice
"""


def _importing(data: Path, own_cache: Path, *args: str) -> tuple[str, set[str]]:
    """The output of a run of vvsgplan in a process of its own, and the modules that
    run imported."""
    env = {**os.environ, "XDG_CACHE_HOME": str(own_cache.parent), "NO_COLOR": "1"}
    env.pop("VVSGPLAN_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *VVSGPLAN[1:], "--data", str(data), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    imported = {
        line.split("|")[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    return done.stdout, imported


def test_a_repeated_run_reads_no_deadline_again(
    make_plan: Callable[..., Path], own_cache: Path
) -> None:
    """The deadlines read from a file are kept with it: a repeated run imports neither
    the reader nor its grammar, and lists the same as the run that read them."""
    data = make_plan(actions=VARIED_ACTIONS)
    reader = {"vvsgplan.deadline", "vvsgplan.deadline_grammar", "vvsgplan.deadline_words"}
    first, imported = _importing(data, own_cache, "due", "--before", "2021-01")
    assert reader <= imported
    again, imported = _importing(data, own_cache, "due", "--before", "2021-01")
    assert not reader & imported
    assert again == first
    # By hand: x3's steps (summer ends on 31 August), x6's milestones' own months, x1's
    # month; x2 and x4 have no end, x5 cannot be read, x7 says nothing.
    assert [line.split()[:3] for line in first.splitlines()[1:6]] == [
        ["2019-08-31", "overdue", "x3"],
        ["2019-09-30", "overdue", "x6"],
        ["2020-03-31", "overdue", "x1"],
        ["2020-10-31", "overdue", "x3"],
        ["2020-11-30", "overdue", "x6"],
    ]
    assert "(x2, x4, x7)" in first


@pytest.mark.parametrize(
    "command",
    [
        ["due", "--format", "json"],
        ["due", "--before", "2020-01", "--format", "csv"],
        ["list", "--after", "2019-12", "--format", "json"],
        ["list", "--undated"],
        ["show", "x6", "--format", "json"],
        ["report", "--as-of", "2020-06-01", "--format", "json"],
        ["timeline", "--as-of", "2020-06-01"],
        ["ics"],
    ],
    ids=lambda c: " ".join(c),
)
def test_kept_deadlines_answer_as_read_ones(
    make_plan: Callable[..., Path], own_cache: Path, command: list[str]
) -> None:
    """Every command that reads deadlines says the same from kept readings (a second
    process, with the cache) as from the file read anew (--no-cache), for every kind of
    reading, warnings included."""
    data = make_plan(actions=VARIED_ACTIONS)
    env = {**os.environ, "XDG_CACHE_HOME": str(own_cache.parent), "NO_COLOR": "1"}
    env.pop("VVSGPLAN_NO_CACHE", None)

    def answer(*options: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [*VVSGPLAN, *options, "--data", str(data), *command],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        # An event's stamp is the moment the calendar is made.
        stdout = re.sub(r"(?m)^DTSTAMP:.*$", "DTSTAMP", done.stdout)
        return done.returncode, stdout, done.stderr

    fresh = answer("--no-cache")
    assert answer() == fresh  # reads the files, keeps the readings
    assert entries(own_cache)
    assert answer() == fresh  # from the kept readings
    assert fresh[0] == 0, fresh[2]


def test_a_wrong_kept_reading_of_one_plan_is_not_passed_on_to_another(
    tmp_path: Path, own_cache: Path
) -> None:
    """Two plans of a portfolio say `maart 2020`. An entry of plan a, planted whole with
    its checksum, says that text ends on 1 January 1900; plan b is read anew in a run of
    both (`--all`). What b's own entry keeps is b's reading: once a is gone, b's repeated
    run says March 2020, as its file does. Each run is a process of its own, as a
    user's is."""
    from datetime import date

    from vvsgplan import cache
    from vvsgplan.deadline_types import Deadline

    root = tmp_path / "portfolio"
    for name, action in (("a", "Write it down"), ("b", "Read it again")):
        folder = root / "plans" / name
        folder.mkdir(parents=True)
        (folder / "recommendations.yaml").write_text(MINIMAL_RECS, encoding="utf-8")
        (folder / "actions.yaml").write_text(
            f"- id: x1\n  recommendations: [1]\n  action: {action}\n  when: maart 2020\n",
            encoding="utf-8",
        )
    env = {**os.environ, "XDG_CACHE_HOME": str(own_cache.parent), "NO_COLOR": "1"}
    env.pop("VVSGPLAN_NO_CACHE", None)

    def due_days(*options: str) -> list[object]:
        done = subprocess.run(
            [*VVSGPLAN, "--data", str(root), *options, "list", "--format", "json"],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return [a["due"] for a in json.loads(done.stdout)]

    assert due_days("--plan", "a") == ["2020-03-31"]
    kept: dict[str, Any] = {p.stem: cache.get(p.stem) for p in entries(own_cache)}
    (name,) = [n for n, v in kept.items() if len(v) == 5 and v[4]]  # actions.yaml's
    records, problems, ids, warnings, packed = kept[name]
    readings = cache.unpack(packed)
    assert isinstance(readings, dict)
    wrong = readings["maart 2020"]._replace(end=date(1900, 1, 1))
    assert isinstance(wrong, Deadline)
    planted = cache.pack({**readings, "maart 2020": wrong})
    cache.put(name, (records, problems, ids, warnings, planted))
    assert due_days("--plan", "a") == ["1900-01-01"]  # the planted entry is read
    due_days("--all")  # b is read anew, in a run that also reads a's entry
    shutil.rmtree(root / "plans" / "a")
    assert due_days("--plan", "b") == ["2020-03-31"]
    assert due_days("--plan", "b") == ["2020-03-31"]
