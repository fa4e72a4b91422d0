"""Plan text is data: the hostile texts of tests/hostile.py in every text field of a plan,
in git author names and commit subjects and in `--title`, through every command and every
format, on a pseudo-terminal (where rich draws) and piped. Nothing acts: no control
character reaches the output, no markup is read, no formula or tag or heading is made,
no traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import terminals
from hostile import BIDI as BIDI_TEXTS
from hostile import CSV, EMOJI, HTML, MARKDOWN, MARKUP, OUTSIDE_TEXTS, PLAN_TEXTS
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from vvsgplan.cli import app
from vvsgplan.fields import EVALUATION

VVSGPLAN = str(Path(sys.executable).parent / "vvsgplan")
AS_OF = "2020-03-15"


def _scalar(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def write_plan(data: Path) -> None:
    """Recommendation N and action hN carry hostile text N in every text field (dated
    updates and an assessment's reason too); plan.yaml the texts in turn in its fields."""
    recs, actions = [], []
    for n, text in enumerate(PLAN_TEXTS, 1):
        t = _scalar(text)
        recs.append(
            f"- id: {n}\n  title: {t}\n  response: agree\n  text: {t}\n  response_text: {t}\n"
        )
        if n % 5 == 0:
            recs[-1] += (
                f"  assessment:\n    rating: partial\n    reason: {t}\n    date: 2020-03-02\n"
            )
        when = '"maart 2020"' if n % 2 else _scalar("na " + " ".join(text.split()))
        action = (
            f"- id: h{n}\n  recommendations: [{n}]\n  action: {t}\n"
            f"  owner: [{t}, Plain Owner]\n  when: {when}\n  notes: {t}\n"
        )
        if n % 3 == 0:
            action += (
                f"  milestones:\n    - label: {t}\n      when: Q2 2020\n"
                f"      updates:\n        - date: 2020-03-03\n          text: {t}\n"
            )
        if n % 4 == 0:
            action += "  status: done\n  done_on: 2020-03-01\n"
        action += f"  updates:\n    - date: 2020-03-0{n % 9 + 1}\n      text: {t}\n"
        actions.append(action)
    texts = iter(PLAN_TEXTS * 2)
    context = (
        "evaluation:\n"
        + "".join(f"  {key}: {_scalar(next(texts))}\n" for key in EVALUATION.key_names())
        + f"response:\n  date: 2019-07-05\n  text: {_scalar(next(texts))}\n  signatories:\n"
        + "".join(
            f"    - name: {_scalar(next(texts))}\n      role: {_scalar(next(texts))}\n"
            for _ in range(3)
        )
    )
    data.mkdir(parents=True)
    (data / "recommendations.yaml").write_text("".join(recs), encoding="utf-8")
    (data / "actions.yaml").write_text("".join(actions), encoding="utf-8")
    (data / "plan.yaml").write_text(context, encoding="utf-8")


def git(folder: Path, *args: str, author: str = "Follow Up") -> None:
    subprocess.run(
        ["git", "-c", f"user.name={author}", "-c", "user.email=a@example.org", *args],
        cwd=folder,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile plan in a git repository of three commits by hostile authors with
    hostile subjects; h1 changes in each."""
    root = tmp_path_factory.mktemp("hostile")
    data = root / "data"
    write_plan(data)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", OUTSIDE_TEXTS[0], author=OUTSIDE_TEXTS[1])
    actions = data / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    text = text.replace('  when: "maart 2020"\n', '  when: "Q3 2020"\n', 1)
    actions.write_text(text, encoding="utf-8")
    git(root, "commit", "-qam", OUTSIDE_TEXTS[2], author=OUTSIDE_TEXTS[3])
    text = text.replace("- id: h1\n  recommendations: [1]\n", "- id: h1\n  recommendations: [2]\n")
    actions.write_text(text + "  status: dropped\n", encoding="utf-8")
    git(root, "commit", "-qam", OUTSIDE_TEXTS[4], author=OUTSIDE_TEXTS[5])
    return data


FOUR = ("table", "json", "csv", "markdown")
COMMANDS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("list",), FOUR),
    (("due", "--as-of", AS_OF), FOUR),
    (("show", "1"), FOUR),
    (("show", "3"), FOUR),
    (("show", "h3"), FOUR),
    (("show", "h6"), FOUR),
    (("recs",), FOUR),
    (("info",), FOUR),
    (("digest", "--as-of", AS_OF), ("text", "markdown", "json")),
    (("ics",), ()),
    (("when", "na " + OUTSIDE_TEXTS[0]), FOUR),
    (("when", OUTSIDE_TEXTS[6]), ("table",)),  # cannot be read: the message says why
    (("list", "--owner", OUTSIDE_TEXTS[2]), ("table",)),  # an unknown owner lists the owners
    (("check",), ()),
    (
        ("report", "--as-of", AS_OF, "--title", OUTSIDE_TEXTS[3]),
        ("table", "markdown", "html", "json"),
    ),
    (("timeline", "--as-of", AS_OF, "--width", "120"), ()),
    (("diff", "HEAD~2", "HEAD"), FOUR),
    (("diff", OUTSIDE_TEXTS[4]), ("table",)),  # not a commit
    (("history", "h1"), FOUR),
    (("done", "h3", "-m", "1", "--dry-run"), ()),
    (("reschedule", "h6", "Q4 2020", "-m", "1", "--reason", PLAN_TEXTS[0], "--dry-run"), ()),
]
RUNS = [
    pytest.param(args, fmt, id=f"{args[0]}-{n}-{fmt}")
    for n, (args, formats) in enumerate(COMMANDS)
    for fmt in (formats or (None,))
]


def with_format(args: tuple[str, ...], fmt: str | None) -> list[str]:
    return [*args, *(["--format", fmt] if fmt else [])]


# --- what every output must be ----------------------------------------------------------

SGR = re.compile(r"\x1b\[[0-9;]*m")  # the colours rich draws on a terminal
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def assert_inert(output: str, *, terminal: bool = False) -> None:
    if terminal:
        # A terminal ends a line with CR LF; iCalendar's CR LF becomes CR CR LF there.
        output = SGR.sub("", output).replace("\r\r\n", "\n").replace("\r\n", "\n")
    controls = [c for c in output if unicodedata.category(c) == "Cc" and c not in "\n\t"]
    assert not controls, (controls, output)
    assert not BIDI.search(output), output
    assert "Traceback" not in output, output
    for emoji in EMOJI:
        assert emoji not in output, output


def assert_format(output: str, fmt: str | None, command: str = "") -> None:
    """What each format must not have made of the plan's text."""
    if fmt == "csv":
        for row in csv.reader(io.StringIO(output)):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    elif fmt == "markdown":
        # diff, digest and report make lists of their own
        assert_markdown(output, lists=command in ("diff", "digest", "report"))
    elif fmt == "html":
        assert_html(output)
    elif fmt == "json":
        json.loads(output)


def assert_markdown(text: str, *, lists: bool = False) -> None:
    """Rendered by a CommonMark parser (with tables and strikethrough), the plan's text
    made no tag, link, image, list, quote, rule, emphasis or heading of its own. (`diff`'s
    pull-request comment has lists, bold ids and quoted notes of its own.)"""
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    own = ("<li>", "<blockquote>", "<strong>") if lists else ()
    for made in ("<script", "<img", "<a ", "<!--", "<li>", "<blockquote>", "<hr", "<strong>"):
        assert made in own or made not in rendered, (made, rendered)
    assert "<s>" not in rendered and "<del>" not in rendered, rendered
    assert not re.search(r"<h\d>[^<]*Injected", rendered), rendered
    # Emphasis and code are the renderer's own: notes in italics (which may quote the
    # plan's text, shown as written), the timeline in a block.
    assert "<em>em</em>" not in rendered, rendered  # what `_em_` would have made
    for em in re.findall(r"<em>(.*?)</em>", rendered, re.S):
        assert not any(em == t.split()[0] for t in MARKDOWN + HTML), em
    # Code spans are the renderer's own too: the revisions in `diff`'s comment.
    spans = re.findall(r"<code>(.*?)</code>", rendered, re.S)
    assert all(span in ("HEAD~2", "HEAD") for span in spans), spans


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_html(page: str) -> None:
    parser = _Tags()
    parser.feed(page)
    names = {tag for tag, _ in parser.tags}
    assert not names & {"script", "img", "a", "iframe", "object"}, names
    for tag, attrs in parser.tags:
        assert not any(name.startswith("on") for name, _ in attrs), (tag, attrs)
    shown = "".join(parser.text)
    assert "<script>alert(1)</script>" in shown  # the text, shown as text


# --- piped ----------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "fmt"), RUNS)
def test_piped(plan: Path, args: tuple[str, ...], fmt: str | None) -> None:
    runner = CliRunner(env={"NO_COLOR": None, "VVSGPLAN_DATA": None, "COLUMNS": "400"})
    os.chdir(plan.parent)
    result = runner.invoke(app, ["--data", str(plan), *with_format(args, fmt)])
    assert result.exit_code in (0, 1, 2), result.output
    # iCalendar ends its lines with CR LF, as RFC 5545 asks
    assert_inert(result.stdout.replace("\r\n", "\n") if args[0] == "ics" else result.stdout)
    assert_inert(result.stderr)
    if result.exit_code == 0:
        assert_format(result.stdout, fmt, args[0])


def test_the_texts_come_out_as_written(plan: Path) -> None:
    """Inert is not mangled: JSON keeps every text exactly, a table shows markup as it is
    written, CSV only puts an apostrophe before a formula."""
    runner = CliRunner(env={"NO_COLOR": None, "VVSGPLAN_DATA": None})
    data = json.loads(runner.invoke(app, ["--data", str(plan), "list", "-f", "json"]).stdout)
    assert [a["action"] for a in data] == PLAN_TEXTS
    table = runner.invoke(app, ["--data", str(plan), "recs"]).stdout
    for text in MARKUP:
        assert text in table
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["--data", str(plan), "list", "-f", "csv"]).stdout)
        )
    )
    by_id = {r["ID"]: r["ACTION"] for r in rows}
    first = PLAN_TEXTS.index(CSV[0]) + 1
    assert [by_id[f"h{first + k}"] for k in range(len(CSV))] == ["'" + t for t in CSV]


# --- on a terminal --------------------------------------------------------------------


def on_terminal(args: list[str], cwd: Path, columns: int = 400) -> tuple[int, str]:
    """Run vvsgplan on a pseudo-terminal, as a person does: rich draws there."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "VVSGPLAN_DATA", "COLUMNS")}
    env["TERM"] = "xterm-256color"
    code, out = terminals.on_terminal([VVSGPLAN, *args], env, cwd=cwd, columns=columns)
    return code, out.decode("utf-8", errors="replace")


@pytest.mark.parametrize(("args", "fmt"), [r for r in RUNS if r.values[1] in ("table", None)])
def test_on_a_terminal(plan: Path, args: tuple[str, ...], fmt: str | None) -> None:
    code, output = on_terminal(["--data", str(plan), *with_format(args, fmt)], plan.parent)
    assert code in (0, 1, 2), output
    assert_inert(output, terminal=True)
    if args[0] in ("list", "recs", "show", "due", "report") and code == 0:
        assert "\x1b[" in output  # rich drew it
    if args[0] in ("list", "recs") or args[:2] == ("show", "1"):
        assert MARKUP[0] in SGR.sub("", output)  # markup shown as written


@pytest.mark.parametrize("fmt", ["json", "csv", "markdown"])
def test_other_formats_on_a_terminal(plan: Path, fmt: str) -> None:
    code, output = on_terminal(["--data", str(plan), "list", "--format", fmt], plan.parent)
    assert code == 0
    assert_inert(output, terminal=True)
    assert_format(SGR.sub("", output).replace("\r\n", "\n"), fmt)


@pytest.mark.parametrize("columns", [60, 80])
def test_narrow_terminals(plan: Path, columns: int) -> None:
    for args in (["list"], ["due", "--as-of", AS_OF], ["history", "h1"]):
        code, output = on_terminal(["--data", str(plan), *args], plan.parent, columns)
        assert code == 0, output
        assert_inert(output, terminal=True)


def test_a_changed_milestone_is_named_inertly(plan: Path, tmp_path: Path) -> None:
    """The line a change prints names the milestone by its label."""
    data = tmp_path / "data"
    shutil.copytree(plan, data)
    code, output = on_terminal(
        ["--data", str(data), "done", "h3", "-m", "1", "--on", AS_OF], tmp_path
    )
    assert code == 0, output
    assert_inert(output, terminal=True)
    assert "h3 milestone" in output


def test_control_characters_from_outside_are_shown_as_escapes(plan: Path) -> None:
    """Git metadata is not checked like a plan: its control characters are shown, as
    \\x1b and the like, never sent."""
    runner = CliRunner(env={"NO_COLOR": None, "VVSGPLAN_DATA": None})
    history = runner.invoke(app, ["--data", str(plan), "history", "h1"]).stdout
    assert "\\x9b31mred [bold red]alarm[/bold red]" in history  # the second author
    assert "\\u202eevil.exe\\u202c" in history  # and of the third
    as_json = runner.invoke(app, ["--data", str(plan), "history", "h1", "-f", "json"]).stdout
    authors = [e["author"] for e in json.loads(as_json)["events"]]
    assert authors[1].startswith("\x9b31mred")  # JSON keeps the data, escaped as JSON does
    assert "\x9b" not in as_json and "\u202e" not in as_json  # written as \\u009b, \\u202e


# A branch name may hold what git allows in a ref: backticks, tags, pipes, bidi controls.
HOSTILE_BRANCH = "x``<b>bold</b>`|&amp;\u202eevil"


def test_the_pull_request_comment_names_any_revision_as_written(plan: Path, tmp_path: Path) -> None:
    """`diff --format markdown` names the revisions in code spans that no backtick in a
    branch name closes, and quotes a note's text inertly, its bidi controls as escapes."""
    root = tmp_path / "repo"
    shutil.copytree(plan.parent, root)
    data = root / plan.name
    git(root, "branch", HOSTILE_BRANCH, "HEAD~2")
    runner = CliRunner(env={"NO_COLOR": None, "VVSGPLAN_DATA": None})
    for n, text in enumerate(BIDI_TEXTS + HTML + MARKDOWN):
        note = ["--data", str(data), "note", "h17", "--on", f"2020-03-1{n}", text, "--commit"]
        assert runner.invoke(app, note).exit_code == 0
    result = runner.invoke(
        app, ["--data", str(data), "diff", HOSTILE_BRANCH, "HEAD", "--format", "markdown"]
    )
    assert result.exit_code == 0, result.output
    assert_inert(result.stdout)
    summary, sections = result.stdout.split("\n", 1)
    assert_markdown(sections, lists=True)
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = [t for block in md.parse(summary) for t in (block.children or [])]
    spans = [t.content for t in tokens if t.type == "code_inline"]
    assert spans == ["x``<b>bold</b>`|&amp;\\u202eevil", "HEAD"]
    assert not [t for t in tokens if t.type == "html_inline"]
    # the note, its controls shown as escapes
    assert "\\u202egnp.exe\\u202c" in md.render(sections)
