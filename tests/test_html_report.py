"""The HTML report in a real browser: headless Chromium at phone and desktop widths, and
printed to A4. Screenshots and the PDF stay in pytest's temporary folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import DUTCH_SECTIONS, ok

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package (.ci/run installs it)"
)

# Without the networking flags Chromium tries to reach Google's hosts at every start.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]

# Loads the report in a frame of the given width and writes what the page measures.
HARNESS = """<!doctype html><html><body>
<iframe id="f" src="report.html" style="border:0;width:{width}px;height:4000px"></iframe>
<pre id="result"></pre>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const d = document.getElementById("f").contentDocument;
  const w = d.defaultView;
  const root = d.documentElement;
  const shown = e => e.getBoundingClientRect().width > 0;
  const wide = [...d.querySelectorAll("table, svg, figure, dl")]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1).length;
  // Timeline text as drawn: its font size times the scale the SVG is drawn at.
  const timelines = [...d.querySelectorAll("section[aria-labelledby=timeline] svg[class^=tl-]")].filter(shown);
  const sizes = timelines.flatMap(svg => [...svg.querySelectorAll("text")].map(
    t => parseFloat(w.getComputedStyle(t).fontSize) * svg.getScreenCTM().a));
  // The day's line: where it is drawn, and whether it meets a group's title.
  const tl = timelines[0];
  const caption = d.querySelector("section[aria-labelledby=timeline] figcaption").textContent;
  const day = caption.match(/(\\d{{4}}-\\d{{2}}-\\d{{2}})\\.$/)[1];
  const month = tl.querySelector(`line[data-month="${{day.slice(0, 7)}}"]`).getBoundingClientRect();
  const now = [...tl.querySelectorAll("line.now")].map(l => l.getBoundingClientRect());
  const groups = [...tl.querySelectorAll("text.group")].map(t => t.getBoundingClientRect());
  const crossing = now.filter(n => groups.some(g => n.top < g.bottom - 0.5 && n.bottom > g.top + 0.5)).length;
  // Each word of a heading on one line.
  const broken = [];
  for (const h of d.querySelectorAll("h1, h2, h3")) {{
    const walker = d.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
      for (const m of node.textContent.matchAll(/\\S+/g)) {{
        const r = d.createRange();
        r.setStart(node, m.index);
        r.setEnd(node, m.index + m[0].length);
        const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
        if (tops.size > 1) broken.push(m[0]);
      }}
    }}
  }}
  const style = sel => {{
    const e = d.querySelector(sel);
    if (!e) return null;
    const s = w.getComputedStyle(e);
    return {{color: s.color, size: parseFloat(s.fontSize), weight: s.fontWeight, background: w.getComputedStyle(e.closest("li") || e).backgroundColor}};
  }};
  const overdueKey = d.querySelector(".legend .key-overdue svg > rect");
  const pattern = overdueKey && d.getElementById(overdueKey.getAttribute("fill").slice(5, -1));
  document.getElementById("result").textContent = JSON.stringify({{
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide,
    headings: [...d.querySelectorAll("h1, h2")].map(h => h.textContent),
    text: d.body.innerText,
    external: [...d.querySelectorAll("[src], link[href], script")].length,
    timelineText: {{count: sizes.length, smallest: Math.min(...sizes), layouts: timelines.map(t => t.getAttribute("class"))}},
    now: {{day: day, lines: now.length, offset: Math.max(...now.map(n => Math.abs((n.left + n.right) / 2 - (month.left + month.right) / 2))), crossing: crossing}},
    brokenWords: broken,
    overdueTile: style(".tile.overdue .value"), otherTile: style(".tile.undated .value"),
    lateCell: style("td strong.late"), body: style("main p"),
    legend: {{
      hatched: !!(pattern && pattern.tagName === "pattern" && shown(overdueKey)),
      milestones: d.querySelectorAll(".legend .key-milestone polygon").length,
      doneMilestone: d.querySelectorAll(".legend .key-milestone-done polygon").length,
      dayLine: d.querySelectorAll(".legend .key-now line").length,
    }},
  }});
}});
</script></body></html>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def measured(tmp_path: Path, harness: Path) -> Any:
    """What a harness page measured of the report in Chromium: the JSON it leaves in
    its <pre id="result">."""
    done = chromium(
        tmp_path,
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--dump-dom",
        harness.as_uri(),
    )
    match = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert match and match.group(1), done.stderr[-2000:]
    return json.loads(
        match.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("html")
    page = folder / "report.html"
    page.write_text(ok("report", "--as-of", "2019-09-01", "--format", "html"), encoding="utf-8")
    return page


def test_the_page_is_self_contained(report: Path) -> None:
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r'(src|href)="(?!#)', html)
    assert "@import" not in html and "url(http" not in html
    assert '<html lang="nl">' in html
    assert '<svg viewBox="' in html and 'role="img"' in html and '<desc id="tl-desc">' in html


@pytest.mark.parametrize("width", [375, 1280])
def test_no_horizontal_overflow_and_the_figures_are_there(
    report: Path, tmp_path: Path, width: int
) -> None:
    harness = report.parent / f"harness-{width}.html"
    harness.write_text(HARNESS.format(width=width), encoding="utf-8")
    result = measured(tmp_path, harness)
    assert result["scrollWidth"] <= result["clientWidth"], result
    assert result["wide"] == 0
    assert result["external"] == 0
    assert result["headings"] == ["Opvolgingsrapport (stand op 2019-09-01)", *DUTCH_SECTIONS]
    text = result["text"]
    assert re.search(r"Aanbevelingen: akkoord\s+5", text)
    assert re.search(r"7%\s+Aandeel uitgevoerd\s+1 van 15 acties", text)  # 1 of 15
    assert re.search(r"5\s+Over tijd", text)
    for action_id in ("A3", "B2", "C1", "C2", "D2"):
        assert action_id in text
    # The timeline's text is drawn at least 10 pixels high: on a phone in its own layout.
    timeline = result["timelineText"]
    assert timeline["layouts"] == (["tl-narrow"] if width == 375 else ["tl-wide"])
    assert timeline["count"] > 30 and timeline["smallest"] >= 10, timeline
    # The day's line stands where the caption says (1 September 2019: the start of that
    # month's column), through the action rows only, never across a group's title.
    now = result["now"]
    assert now["day"] == "2019-09-01"
    # One piece per action row, less the rows whose note reaches the line (D1 and C3 on a
    # phone, C3 on a desktop).
    assert now["lines"] == (13 if width == 375 else 14)
    assert now["offset"] < 1.5 and now["crossing"] == 0, now
    assert result["brokenWords"] == []
    # The legend shows what the bars show: hatched overdue, milestone marks, the day.
    assert result["legend"] == {
        "hatched": True,
        "milestones": 2,
        "doneMilestone": 1,
        "dayLine": 1,
    }
    # Overdue totals stand out: larger, bold and red on a tinted tile; red in the tables.
    overdue, other, late = result["overdueTile"], result["otherTile"], result["lateCell"]
    assert overdue["color"] == late["color"] == "rgb(179, 38, 30)"
    assert overdue["size"] > other["size"] and int(overdue["weight"]) >= 700
    assert overdue["background"] != other["background"]
    assert int(late["weight"]) >= 700
    shot = tmp_path / f"report-{width}.png"
    done = chromium(
        tmp_path, f"--window-size={width},2000", f"--screenshot={shot}", report.as_uri()
    )
    assert shot.stat().st_size > 10_000, done.stderr[-2000:]


def test_no_console_errors(report: Path, tmp_path: Path) -> None:
    done = chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--dump-dom", report.as_uri())
    assert "Opvolgingsrapport" in done.stdout
    console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
    assert console == []


@pytest.mark.skipif(
    not POPPLER, reason="needs poppler-utils (pdfinfo, pdftotext; .ci/run installs them)"
)
def test_prints_on_a4_without_cut_off_tables(report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())  # type: ignore[union-attr]
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert 1 <= pages <= 6
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', boxes
    )
    assert words
    assert max(float(x_max) for _, x_max, _ in words) <= width
    text = " ".join(word for _, _, word in words)
    # The last column of the widest tables is on the page.
    assert "Voortgang" in text and "33%" in text and "stedenbanden)" in text
    # The timeline's text alternative prints: Zomer 2019 as a window, and its heading.
    assert "De tijdlijn in tekst" in text
    assert "2019-06-01 – 2019-08-31" in text
    # The wide timeline prints, not the phone's.
    assert "(gebeurtenis: na start nieuwe Vlaamse regering)" in text
