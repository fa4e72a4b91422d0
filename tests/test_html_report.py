"""The HTML report in a real browser: headless Chromium at phone and desktop widths, and
printed to A4. Screenshots and the PDF stay in pytest's temporary folder."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

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
  const root = d.documentElement;
  const wide = [...d.querySelectorAll("table, svg, figure")]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1).length;
  document.getElementById("result").textContent = JSON.stringify({{
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide,
    headings: [...d.querySelectorAll("h1, h2")].map(h => h.textContent),
    text: d.body.innerText,
    external: [...d.querySelectorAll("[src], link[href], script")].length,
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
    done = chromium(
        tmp_path,
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
        "--dump-dom",
        harness.as_uri(),
    )
    match = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert match and match.group(1), done.stderr[-2000:]
    result = json.loads(
        match.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    )
    assert result["scrollWidth"] <= result["clientWidth"], result
    assert result["wide"] == 0
    assert result["external"] == 0
    assert result["headings"] == ["Opvolgingsrapport (stand op 2019-09-01)", *DUTCH_SECTIONS]
    text = result["text"]
    assert re.search(r"Aanbevelingen: akkoord\s+5", text)
    assert re.search(r"Aandeel uitgevoerd\s+7%", text)  # 1 of 15
    assert re.search(r"Over tijd\s+5", text)
    for action_id in ("A3", "B2", "C1", "C2", "D2"):
        assert action_id in text
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
