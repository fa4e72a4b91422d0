"""The portfolio report's HTML in a real browser, with the care of the single-plan report
(tests/test_html_report.py): headless Chromium at a phone's and a desktop's width, and
printed to A4. The portfolio is the three plans of tests/portfolio.py."""

from __future__ import annotations

import contextlib
import re
import subprocess
from pathlib import Path

import pytest
from conftest import run
from portfolio import build_portfolio
from test_html_report import CHROMIUM, POPPLER, chromium, measured

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Debian's chromium package (.ci/run installs it)"
)

HEADINGS = [
    "Portefeuillerapport (stand op 2019-09-01)",
    "Kerncijfers",
    "Evaluaties",
    "Acties per evaluatie",
    "Respons per evaluatie",
    "Beoordeling per evaluatie",
    "Per jaar van de respons",
    "Per verantwoordelijke",
    "Over tijd",
    "Te doen binnen 30 dagen",
]

# Loads the page in a frame of the given width and writes what the page measures.
HARNESS = """<!doctype html><html><body>
<iframe id="f" src="portfolio.html" style="border:0;width:{width}px;height:4000px"></iframe>
<pre id="result"></pre>
<script>
document.getElementById("f").addEventListener("load", () => {{
  const d = document.getElementById("f").contentDocument;
  const w = d.defaultView;
  const root = d.documentElement;
  const wide = [...d.querySelectorAll("table, dl, ul")]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1).length;
  // Each word of a heading on one line.
  const broken = [];
  for (const h of d.querySelectorAll("h1, h2")) {{
    const walker = d.createTreeWalker(h, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
      for (const m of node.textContent.matchAll(/\\S+/g)) {{
        const r = d.createRange();
        r.setStart(node, m.index);
        r.setEnd(node, m.index + m[0].length);
        if (new Set([...r.getClientRects()].map(x => Math.round(x.top))).size > 1) broken.push(m[0]);
      }}
    }}
  }}
  // A table cell cut off by its box (a table wider than the screen scrolls in its box).
  const cut = [...d.querySelectorAll("div.table")].filter(b => b.scrollWidth > b.clientWidth + 1).length;
  const style = sel => {{
    const e = d.querySelector(sel);
    const s = w.getComputedStyle(e);
    return {{color: s.color, size: parseFloat(s.fontSize), weight: s.fontWeight,
             background: w.getComputedStyle(e.closest("li") || e).backgroundColor}};
  }};
  // On a phone each row of a stacked table is a block of labelled lines.
  const labelled = [...d.querySelectorAll("table.stack td")].filter(
    td => td.getBoundingClientRect().width > 0 && !td.dataset.label).length;
  const headVisible = [...d.querySelectorAll("table.stack thead")].filter(
    t => t.getBoundingClientRect().height > 2).length;
  document.getElementById("result").textContent = JSON.stringify({{
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide, cut: cut,
    headings: [...d.querySelectorAll("h1, h2")].map(h => h.textContent),
    text: d.body.innerText,
    external: [...d.querySelectorAll("[src], link[href], script")].length,
    brokenWords: broken, unlabelled: labelled, headVisible: headVisible,
    overdueTile: style(".tile.overdue .value"), otherTile: style(".tile.undated .value"),
    lateCell: style("td strong.late"),
  }});
}});
</script></body></html>"""


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = build_portfolio(tmp_path_factory.mktemp("repo"))
    folder = tmp_path_factory.mktemp("html")
    with contextlib.chdir(root):
        result = run("report", "--as-of", "2019-09-01", "--format", "html", data=None)
    assert result.exit_code == 0, result.output
    path = folder / "portfolio.html"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_the_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r'(src|href)="(?!#)', html)
    assert '<html lang="nl">' in html


@pytest.mark.parametrize("width", [375, 1280])
def test_no_horizontal_overflow_and_the_figures_are_there(
    page: Path, tmp_path: Path, width: int
) -> None:
    harness = page.parent / f"harness-{width}.html"
    harness.write_text(HARNESS.format(width=width), encoding="utf-8")
    result = measured(tmp_path, harness)
    assert result["scrollWidth"] <= result["clientWidth"], result
    assert (result["wide"], result["cut"], result["external"]) == (0, 0, 0), result
    assert result["headings"] == HEADINGS
    assert result["brokenWords"] == []
    text = result["text"]
    # 2 of the 21 actions that count (22, less P5 dropped); 7 overdue; 4 without deadline.
    assert re.search(r"10%\s+Aandeel uitgevoerd\s+2 van 21 acties", text)
    assert re.search(r"7\s+Over tijd", text)
    assert re.search(r"4\s+Zonder vaste\s+termijn", text)
    for name in ("2018-peer-review", "2019-mid-term", "audits/2019-finance"):
        assert name in text
    assert "Peer review of the municipal partnerships" in text
    assert "(geen datum)" in text
    if width == 375:
        assert result["unlabelled"] == 0 and result["headVisible"] == 0
    # Overdue totals stand out: larger, bold and red on a tinted tile; red in the tables.
    overdue, other, late = result["overdueTile"], result["otherTile"], result["lateCell"]
    assert overdue["color"] == late["color"] == "rgb(179, 38, 30)"
    assert overdue["size"] > other["size"] and int(overdue["weight"]) >= 700
    assert overdue["background"] != other["background"]
    shot = tmp_path / f"portfolio-{width}.png"
    done = chromium(tmp_path, f"--window-size={width},2000", f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000, done.stderr[-2000:]


@pytest.mark.skipif(
    not POPPLER, reason="needs poppler-utils (pdfinfo, pdftotext; .ci/run installs them)"
)
def test_prints_on_a4_without_cut_off_tables(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "portfolio.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    width = float(re.search(r"Page size:\s+([\d.]+) x", info).group(1))  # type: ignore[union-attr]
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(
        r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', boxes
    )
    assert words
    assert max(float(x) for x, _ in words) <= width
    text = " ".join(word for _, word in words)
    # The last column of the widest tables is on the page.
    assert "Voortgang" in text and "Aanvaard" in text and "aanvaard" in text
