"""What a monitoring officer met using the report, the digest and the calendar on odd
plans: each test is a case that once went wrong, checked through the command line."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import MINIMAL_RECS, ok, run
from markdown_it import MarkdownIt
from test_html_report import CHROMIUM, measured

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


class _Tables(HTMLParser):
    """The rows of each table of a page, as the text of their cells, after its heading."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.heading = ""
        self.cell: list[str] | None = None
        self.row: list[str] = []
        self.in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h2", "h3"):
            self.in_heading, self.heading = True, ""
        elif tag == "table":
            self.tables[self.heading] = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h2", "h3"):
            self.in_heading = False
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr":
            self.tables[self.heading].append(self.row)

    def handle_data(self, data: str) -> None:
        if self.in_heading:
            self.heading += data
        if self.cell is not None:
            self.cell.append(data)


def test_the_timelines_text_says_what_the_bars_show() -> None:
    page = _Tables()
    page.feed(ok("report", "--as-of", "2019-09-01", "--format", "html"))
    rows = {r[0]: r[1:] for r in page.tables["De tijdlijn in tekst"]}
    assert rows.pop("Actie") == ["Wanneer", "Status", "Mijlpaal"]
    # The document of 5 July 2019 on 1 September: "Zomer 2019" ended on 31 August.
    assert rows["A3"] == ["2019-06-01 – 2019-08-31", "over tijd", ""]
    assert rows["B1"] == ["2019-04-01 – 2019-04-30", "uitgevoerd", ""]  # Gedaan in april 2019
    assert rows["B3"] == ["2019-07-01 – 2019-12-31", "open", ""]  # Tweede helft 2019
    # D2's selection (zomer 2019) is late, the Trefdag (oktober 2020) is not.
    assert rows["D2"] == [
        "2019-06-01 – 2020-10-31",
        "open",
        "Selectie 2019-08-31 (over tijd); Trefdag 2020-10-31 (open)",
    ]
    assert rows["D1"] == ["geen termijn", "", ""]


ASSESSED = """\
- id: 1
  title: Write things down.
  response: agree
  assessment:
    rating: complete
    reason: The board saw the *whole* file
    date: '2020-05-01'
- id: 2
  title: Read them again.
  response: disagree
"""


def test_an_assessment_reads_as_a_note_in_markdown(make_plan: Callable[..., Path]) -> None:
    data = make_plan(ASSESSED)
    text = ok("report", "--as-of", "2020-03-15", "--format", "markdown", "--lang", "en", data=data)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    # Nothing is done, x2 is in progress: "partial" by the rule.
    note = "* Recommendation 1: rated complete on 2020-05-01 (partial by its actions): "
    notes = [
        "".join(c.content for c in (tok.children or []) if c.type == "text")
        for i, tok in enumerate(tokens)
        if tok.type == "inline" and tokens[i - 1].type == "paragraph_open"
    ]
    found = [n for n in notes if n.startswith(note)]
    # In italics, as every note; the asterisks are the text's own.
    assert found == [note + "The board saw the *whole* file"]
    paragraph = next(tok for tok in tokens if tok.type == "inline" and note in tok.content)
    assert next(c.type for c in paragraph.children or []) == "em_open"


def test_an_empty_plan_says_none_in_every_section(make_plan: Callable[..., Path]) -> None:
    data = make_plan("[]\n", "[]\n")
    text = ok("report", "--as-of", "2020-03-15", "--format", "markdown", "--lang", "en", data=data)
    sections = text.split("\n## ")[1:]
    for title in ("Progress per recommendation", "Per owner", "Overdue"):
        body = next(s for s in sections if s.startswith(title + "\n"))
        assert body == f"{title}\n\n*None.*\n", body
    page = ok("report", "--as-of", "2020-03-15", "--format", "html", data=data)
    assert (
        '<h2 id="per-recommendation">Voortgang per aanbeveling</h2><p class="note">Geen.</p>'
        in (page)
    )


OWNERS = """\
- id: w1
  recommendations: [1]
  action: Een
  owner: 王芳
  when: maart 2020
- id: w2
  recommendations: [1]
  action: Twee
  owner: Ελένη Παπαδοπούλου
  when: maart 2020
- id: w3
  recommendations: [1]
  action: Drie
  owner: Zoë Vervloet
  when: maart 2020
- id: w4
  recommendations: [1]
  action: Vier
  when: maart 2020
"""


def test_each_owner_has_a_file_named_after_them(
    make_plan: Callable[..., Path], tmp_path: Path
) -> None:
    data = make_plan(MINIMAL_RECS, OWNERS)
    out = tmp_path / "digests"
    ok("digest", "--as-of", "2020-03-15", "--split", str(out), data=data)
    # The name in lower case, letters and digits only; accents left off where the letter
    # has a plain form, every other script kept as it is.
    names = {p.name: p.read_text(encoding="utf-8").split(":")[0] for p in out.iterdir()}
    assert names == {
        "王芳.txt": "王芳",
        "ελενη-παπαδοπουλου.txt": "Ελένη Παπαδοπούλου",
        "zoe-vervloet.txt": "Zoë Vervloet",
        "no-owner.txt": "Actions without an owner",
    }


# Whether the page scrolls sideways at a width between the phone's and the desktop's.
SIDEWAYS = """<!doctype html><html><body>
<iframe id="f" src="report.html" style="border:0;width:{width}px;height:4000px"></iframe>
<pre id="result"></pre>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const d = document.getElementById("f").contentDocument;
  const root = d.documentElement;
  const tables = [...d.querySelectorAll("table")].map(t => t.closest("section").id || t.closest("section").getAttribute("aria-labelledby"));
  document.getElementById("result").textContent = JSON.stringify({{
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, tables: tables.length,
    text: d.body.innerText,
  }});
}});
</script></body></html>"""


@pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package (.ci/run installs it)"
)
@pytest.mark.parametrize("width", [768, 1024])
def test_a_tablet_never_scrolls_the_page_sideways(tmp_path: Path, width: int) -> None:
    page = tmp_path / "report.html"
    page.write_text(ok("report", "--as-of", "2019-09-01", "--format", "html"), encoding="utf-8")
    harness = tmp_path / "harness.html"
    harness.write_text(SIDEWAYS.format(width=width), encoding="utf-8")
    result = measured(tmp_path, harness)
    assert result["scrollWidth"] <= result["clientWidth"], result["scrollWidth"]
    # Every table is still there (the summary, per recommendation, per owner, overdue, no
    # fixed deadline, the timeline's text), the last column too (recommendation 8's).
    assert result["tables"] == 6
    assert re.search(r"Herdenken van trajectaanpak[^\n]*\s+33%", result["text"])


UNREADABLE = (
    LATER_UPDATE
    + """\
- id: x3
  recommendations: [1]
  action: Ask the moon
  owner: Alice
  when: bij volle maan
- id: x4
  recommendations: [1]
  action: Ask the sun
  owner: Bob
  when: maart 2020
"""
)


def test_an_action_whose_deadline_cannot_be_read_is_named(
    make_plan: Callable[..., Path], tmp_path: Path
) -> None:
    # x3 is in no list of the report, the digest or the calendar: each says so, as `due`.
    data = make_plan(MINIMAL_RECS, UNREADABLE)
    warning = "vvsgplan: warning: cannot place x3: cannot read 'bij volle maan' as a deadline\n"
    for command in (
        ("report", "--as-of", "2020-03-15"),
        ("report", "--as-of", "2020-03-15", "--format", "html", "-o", str(tmp_path / "r.html")),
        ("digest", "--as-of", "2020-03-15"),
        ("digest", "--as-of", "2020-03-15", "--owner", "alice"),
        ("ics",),
    ):
        result = run(*command, data=data)
        assert result.exit_code == 0, result.output
        assert warning in result.stderr, command
    # Narrowed to another owner, x3 is not theirs.
    assert "x3" not in run("digest", "--owner", "bob", data=data).stderr


# Which texts of the timeline the day's line runs through, and how many pieces it has.
CROSSING = """<!doctype html><html><body>
<iframe id="f" src="report.html" style="border:0;width:{width}px;height:4000px"></iframe>
<pre id="result"></pre>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const d = document.getElementById("f").contentDocument;
  const svg = [...d.querySelectorAll("svg[class^=tl-]")].find(s => s.getBoundingClientRect().width > 0);
  const texts = [...svg.querySelectorAll("text:not(.axis)")].map(t => [t.textContent, t.getBoundingClientRect()]);
  const lines = [...svg.querySelectorAll("line.now")].map(l => l.getBoundingClientRect());
  const crossed = texts.filter(([, b]) => lines.some(r => r.left < b.right && r.right > b.left
    && r.top < b.bottom - 1 && r.bottom > b.top + 1)).map(([s]) => s);
  document.getElementById("result").textContent = JSON.stringify({{crossed: crossed, pieces: lines.length}});
}});
</script></body></html>"""


@pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package (.ci/run installs it)"
)
@pytest.mark.parametrize("width", [375, 1280])
def test_the_days_line_never_runs_through_text(tmp_path: Path, width: int) -> None:
    page = tmp_path / "report.html"
    page.write_text(ok("report", "--as-of", "2019-09-01", "--format", "html"), encoding="utf-8")
    harness = tmp_path / "harness.html"
    harness.write_text(CROSSING.format(width=width), encoding="utf-8")
    result = measured(tmp_path, harness)
    # On a phone "(geen termijn)" (D1) and C3's event reach 1 September 2019's column.
    assert result["crossed"] == []
    # It is drawn through every other action row: 15 rows, less those two on a phone; on
    # a desktop, C3's event ends a few pixels before the line, which leaves that row out.
    assert result["pieces"] == (13 if width == 375 else 14)
