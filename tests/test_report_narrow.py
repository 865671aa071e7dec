"""The report in Chromium (Selenium, chromium-driver), measured rather than only photographed:
the matrix of accounts is readable at 390 px wide (no column cut off, nothing wider than the
screen), and every piece of text on a claim page, the orphaned claim's anchor row among them,
has a contrast of at least 4.5:1 against the background it is drawn on (WCAG AA), computed
from the styles Chromium applies. Screenshots go to tests/artifacts/ (gitignored) to look at.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from test_report_support import build, page_of, run, small_store

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

if (CHROMIUM is None or DRIVER is None) and os.environ.get("PROVENANCE_REQUIRE_TOOLS") == "1":
    raise RuntimeError("PROVENANCE_REQUIRE_TOOLS=1 but chromium or chromedriver is missing")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None,
        reason="needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver",
    ),
]


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _viewport(browser, width: int, height: int) -> None:  # type: ignore[no-untyped-def]
    """Make the page's viewport exactly width × height (the window's frame is added on top)."""
    browser.set_window_size(width, height)
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight]")
    browser.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
    assert browser.execute_script("return window.innerWidth") == width


@pytest.fixture
def site(sqlite_cli, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    """The small store, with a disputed question of four accounts (long titles and origins, as
    the seed corpus has), and claim 3's quote orphaned."""
    from provenance.db import make_engine

    small_store(sqlite_cli, tmp_path)
    run(
        sqlite_cli,
        """
        assert 3 --subject al-Binali --property death_date --value "late May 2017" --type date
        assert 4 --subject al-Binali --property death_date --value "mid-2016" --type date
        """,
    )
    engine = make_engine(sqlite_cli.url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE claim SET anchor_state = 'orphaned' WHERE id = 3"))
    engine.dispose()
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    return out


OVERFLOW = """
const width = document.documentElement.clientWidth;
const out = [];
for (const cell of document.querySelectorAll('table.matrix th, table.matrix td')) {
  const box = cell.getBoundingClientRect();
  if (box.width > 0 && (box.left < -0.5 || box.right > width + 0.5)) {
    out.push([cell.getAttribute('data-label') || cell.textContent.trim().slice(0, 30), box.left, box.right]);
  }
}
return {width: width, scroll: document.documentElement.scrollWidth, cut: out,
        cells: document.querySelectorAll('table.matrix td').length};
"""


def test_the_matrix_of_accounts_is_readable_at_390_px(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    entity = page_of(site, "entities", 1)
    _viewport(browser, 390, 844)
    browser.get(entity.as_uri())
    found = browser.execute_script(OVERFLOW)
    assert found["cells"] >= 4 * 7, found  # four accounts, seven cells each besides the number
    assert found["cut"] == [], found  # no cell beyond the screen's edges
    assert found["scroll"] <= found["width"], found  # and nothing makes the page scroll sideways
    # Each cell says which column it is, since the header row is not shown.
    labels = browser.execute_script(
        "return [...document.querySelectorAll('table.matrix tbody tr:first-child td')]"
        ".map(td => getComputedStyle(td, '::before').content)"
    )
    assert labels == [
        '"Source"', '"Value"', '"Read as"', '"Holds for"', '"Rests on"', '"Independence"', '"Conflicts with"'
    ]  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script("document.querySelector('table.matrix tbody tr:nth-child(2)').scrollIntoView()")
    browser.save_screenshot(str(ARTIFACTS / "report-matrix-390.png"))  # what a phone shows
    # At desktop width it is still a table, one row per account.
    _viewport(browser, 1280, 900)
    browser.get(entity.as_uri())
    display = browser.execute_script(
        "return getComputedStyle(document.querySelector('table.matrix tr')).display"
    )
    assert display == "table-row"


CONTRAST = """
function rgba(s) {
  const m = s.match(/rgba?\\(([^)]+)\\)/);
  if (!m) return [0, 0, 0, 0];
  const p = m[1].split(',').map(Number);
  return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
}
function over(top, bottom) {  // top composited over an opaque bottom
  const a = top[3];
  return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]);
}
function background(el) {
  const layers = [];
  for (let e = el; e; e = e.parentElement) {
    const c = rgba(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let colour = [255, 255, 255, 1];
  for (const layer of layers.reverse()) colour = over(layer, colour);
  return colour;
}
function luminance(c) {
  const [r, g, b] = c.slice(0, 3).map(v => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const low = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let node;
while ((node = walker.nextNode())) {
  if (!node.data.trim()) continue;
  const el = node.parentElement;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
  const bg = background(el);
  const fg = over(rgba(style.color), bg);
  const [a, b] = [luminance(fg), luminance(bg)];
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) {
    low.push([el.tagName + '.' + el.className, node.data.trim().slice(0, 40), Math.round(ratio * 100) / 100]);
  }
}
return low;
"""


def test_every_text_on_a_claim_page_has_a_contrast_of_at_least_4_5(site: Path, browser) -> None:  # type: ignore[no-untyped-def]
    """The orphaned claim's page: its anchor row was ink on red (2.15:1)."""
    _viewport(browser, 1280, 1600)
    for claim in (3, 1):
        browser.get(page_of(site, "claims", claim).as_uri())
        anchor = browser.execute_script("return document.querySelector('dd.anchor-state').className")
        assert ("anchor-orphaned" in anchor) == (claim == 3)
        assert browser.execute_script(CONTRAST) == [], claim
    browser.get(page_of(site, "claims", 3).as_uri())
    browser.save_screenshot(str(ARTIFACTS / "report-claim-orphaned.png"))
    browser.get((site / "contradictions.html").as_uri())
    assert browser.execute_script(CONTRAST) == []
