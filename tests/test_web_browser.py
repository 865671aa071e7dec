"""The workbench in a real browser: Debian's chromium driven by chromium-driver (Selenium).

A passage selected in a document's text becomes the claim's quote and span (in code points, so an
emoji before it does not shift it), the claim is logged and highlighted; hostile text typed into
the form never runs. Skipped, with the reason, where chromium or its driver is missing (CI
installs both and sets PROVENANCE_REQUIRE_TOOLS=1, which turns the skip into a failure).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
REQUIRE = os.environ.get("PROVENANCE_REQUIRE_TOOLS") == "1"

if (CHROMIUM is None or DRIVER is None) and REQUIRE:
    raise RuntimeError("PROVENANCE_REQUIRE_TOOLS=1 but chromium or chromedriver is missing")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver",
)

TEXT = "Harbour report 🚢 Tuesday.\nThe pier collapsed at 6am, the port authority said.\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(sqlite_cli: Cli, tmp_path: Path) -> Iterator[tuple[str, Cli]]:
    import uvicorn

    from provenance.store import Store
    from provenance.web.app import make_app

    (tmp_path / "pier.txt").write_text(TEXT, encoding="utf-8")
    sqlite_cli("doc", "add", tmp_path / "pier.txt", "--title", "Pier report", "--published", "2024-03-12")
    store = Store(sqlite_cli.url, actor="browser-editor")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(make_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", sqlite_cli
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.dispose()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


SELECT = """
const text = document.getElementById('text');
const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
let node;
while ((node = walker.nextNode())) {
  const at = node.data.indexOf(arguments[0]);
  if (at >= 0) {
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + arguments[0].length);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    text.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    return true;
  }
}
return false;
"""


def test_select_a_passage_and_log_the_claim(served, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    base, cli = served
    browser.get(f"{base}/documents/pier-report")  # type: ignore[attr-defined]
    passage = "The pier collapsed at 6am"
    assert browser.execute_script(SELECT, passage)  # type: ignore[attr-defined]
    quote = browser.find_element(By.ID, "quote")  # type: ignore[attr-defined]
    assert quote.get_attribute("value") == passage
    start = int(browser.find_element(By.ID, "start").get_attribute("value"))  # type: ignore[attr-defined]
    assert start == TEXT.index(passage)  # code points: the ship emoji counts once
    browser.find_element(By.ID, "statement").send_keys("The pier collapsed at 6am")  # type: ignore[attr-defined]
    browser.find_element(By.ID, "speaker").send_keys("the port authority")  # type: ignore[attr-defined]
    browser.find_element(By.ID, "log").click()  # type: ignore[attr-defined]
    assert "logged" in browser.find_element(By.ID, "logged").text  # type: ignore[attr-defined]
    marks = browser.find_elements(By.CSS_SELECTOR, "#text mark.claim")  # type: ignore[attr-defined]
    assert [m.text for m in marks] == [passage]
    browser.save_screenshot(str(tmp_path / "workbench-document.png"))  # type: ignore[attr-defined]
    claims = cli.json("claim", "list")
    assert [(c["exact"], c["start"], c["speaker"]) for c in claims] == [  # type: ignore[index,union-attr]
        (passage, TEXT.index(passage), "the port authority")
    ]


def test_hostile_text_typed_into_the_form_never_runs(served, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    base, cli = served
    payload = (
        '<img src=x onerror="document.body.dataset.pwned=1"><script>document.body.dataset.pwned=1</script>'
    )
    browser.get(f"{base}/documents/pier-report")  # type: ignore[attr-defined]
    browser.find_element(By.ID, "quote").send_keys("the port authority said")  # type: ignore[attr-defined]
    browser.find_element(By.ID, "statement").send_keys(payload)  # type: ignore[attr-defined]
    browser.find_element(By.ID, "speaker").send_keys(payload)  # type: ignore[attr-defined]
    browser.find_element(By.ID, "log").click()  # type: ignore[attr-defined]
    for path in ("/documents/pier-report", "/claims/1"):
        browser.get(base + path)  # type: ignore[attr-defined]
        assert browser.execute_script("return document.body.dataset.pwned") is None  # type: ignore[attr-defined]
        assert payload in browser.find_element(By.TAG_NAME, "main").text  # type: ignore[attr-defined]
    assert cli.json("claim", "show", "1")["statement"] == payload  # type: ignore[index]


@pytest.fixture
def served_review(sqlite_cli: Cli, tmp_path: Path) -> Iterator[tuple[str, Cli]]:
    """The small store with proposed contradictions awaiting review (dated by assertions)."""
    import uvicorn
    from test_report_support import small_store

    from provenance.store import Store
    from provenance.web.app import make_app

    small_store(sqlite_cli, tmp_path)
    for claim, prop, year in (
        ("1", "coup_date", "2015"),
        ("4", "coup_date", "2018"),
        ("2", "birth_date", "1984"),
        ("3", "birth_date", "1986"),
    ):
        sqlite_cli(
            "assert", claim, "--subject", "al-Binali", "--property", prop, "--value", year, "--type", "date"
        )
    sqlite_cli("conflicts")
    store = Store(sqlite_cli.url, actor="keyboard-editor")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(make_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", sqlite_cli
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.dispose()


def _statuses(cli: Cli) -> dict[str, str]:
    listed = cli.json("conflicts", "--no-detect", "--no-suggest")["contradictions"]  # type: ignore[index]
    return {str(r["id"]): r["status"] for r in listed}  # type: ignore[index]


def test_keyboard_review(served_review, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    base, cli = served_review
    browser.get(f"{base}/review")  # type: ignore[attr-defined]
    items = browser.find_elements(By.CSS_SELECTOR, "#review-queue li.pair")  # type: ignore[attr-defined]
    ids = [i.get_attribute("id").removeprefix("conflict-") for i in items]
    assert len(ids) >= 2, ids  # two proposals: the keys move between them

    def press(key: str) -> None:
        ActionChains(browser).send_keys(key).perform()

    def current() -> list[str]:
        return [
            e.get_attribute("id")
            for e in browser.find_elements(By.CSS_SELECTOR, "#review-queue li.pair.current")  # type: ignore[attr-defined]
        ]

    press("j")
    assert current() == [f"conflict-{ids[0]}"]
    if len(ids) > 1:
        press("j")
        assert current() == [f"conflict-{ids[1]}"]
        press("k")
        assert current() == [f"conflict-{ids[0]}"]
    press("k")  # at the first, k stays there
    assert current() == [f"conflict-{ids[0]}"]
    browser.save_screenshot(str(tmp_path / "workbench-review.png"))  # type: ignore[attr-defined]
    press("d")  # the reason field takes the focus; j typed there is text, not a move
    focused = browser.switch_to.active_element  # type: ignore[attr-defined]
    assert focused.get_attribute("name") == "note" and focused.get_attribute("aria-label") == "Reason"
    focused.send_keys("j different events" + Keys.ENTER)
    assert browser.find_elements(By.ID, "review-queue") is not None  # type: ignore[attr-defined]
    for _ in range(50):
        if _statuses(cli).get(ids[0]) == "dismissed":
            break
        time.sleep(0.1)
    assert _statuses(cli)[ids[0]] == "dismissed"
    log = cli("log", "--limit", "1").stdout
    assert "keyboard-editor" in log
    if len(ids) > 1:
        browser.get(f"{base}/review")  # type: ignore[attr-defined]
        press("j")
        press("c")
        for _ in range(50):
            if _statuses(cli).get(ids[1]) != "suggested" and _statuses(cli).get(ids[1]) != "detected":
                break
            time.sleep(0.1)
        assert _statuses(cli)[ids[1]] == "confirmed"
