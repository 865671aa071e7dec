"""The workbench's routes on a real store (both engines), through Starlette's test client.

Every write is a form post carrying the CSRF token of the page it came from; it goes through the
same library call as the CLI (one transaction, the same errors and events), and a refused one
leaves the store exactly as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest
from conftest import Cli, dump_store
from starlette.testclient import TestClient
from test_bundle_samples import PAYLOADS
from test_report_support import small_store

from provenance.store import Store
from provenance.web.app import make_app
from provenance.web.security import COOKIE, POLICY, is_loopback


@pytest.fixture
def bench(cli: Cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    small_store(cli, tmp_path)
    store = Store(cli.url, actor="editor-a")
    client = TestClient(make_app(store), follow_redirects=False)
    yield client, cli
    client.close()
    store.dispose()


def _token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def test_every_page_answers_with_the_security_headers(bench) -> None:  # type: ignore[no-untyped-def]
    client, _ = bench
    for path in (
        "/documents",
        "/documents/alleged-coup-attempt",
        "/claims/1",
        "/review",
        "/static/workbench.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:200])
        assert response.headers["content-security-policy"] == POLICY
        assert response.headers["x-frame-options"] == "DENY"
    assert client.get("/").headers["location"] == "/documents"


def test_pages_have_no_inline_script_or_style(bench) -> None:  # type: ignore[no-untyped-def]
    client, _ = bench
    for path in ("/documents", "/documents/alleged-coup-attempt", "/claims/1", "/review"):
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert "<style" not in html and " style=" not in html and " on" + "click=" not in html, path


def test_a_missing_record_or_file_is_a_404_page(bench) -> None:  # type: ignore[no-untyped-def]
    client, _ = bench
    assert client.get("/documents/no-such-doc").status_code == 404
    assert client.get("/claims/999").status_code == 404
    assert client.get("/static/..%2F..%2Fpyproject.toml").status_code == 404
    assert client.get("/static/base.html").status_code == 404


def test_log_a_claim_by_its_span(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    page = client.get("/documents/alleged-coup-attempt").text
    text = cli("doc", "text", "alleged-coup-attempt").stdout
    start = text.index("regional intelligence officials")
    response = client.post(
        "/documents/alleged-coup-attempt/claims",
        data={
            "csrf": _token(page),
            "quote": "regional intelligence officials",
            "start": str(start),
            "statement": "Officials are the source",
            "speaker": "the author",
        },
    )
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"].startswith("/documents/alleged-coup-attempt?logged=")
    shown = client.get(response.headers["location"]).text
    assert "Officials are the source" in shown and 'class="claim"' in shown
    claims = cli.json("claim", "list")
    logged = [c for c in claims if c["statement"] == "Officials are the source"]  # type: ignore[union-attr]
    assert len(logged) == 1 and logged[0]["start"] == start  # type: ignore[index]
    log = cli("log", "--limit", "1").stdout
    assert "editor-a" in log


def test_a_refused_claim_names_the_field_and_leaves_the_store(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    page = client.get("/documents/alleged-coup-attempt").text
    before = dump_store(cli.url)
    response = client.post(
        "/documents/alleged-coup-attempt/claims",
        data={"csrf": _token(page), "quote": "words that are not in the text", "statement": "x"},
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.text and "quote" in response.text.lower()
    assert "words that are not in the text" in response.text  # the form keeps what was typed
    assert dump_store(cli.url) == before


def test_a_post_without_the_page_token_is_refused(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    client.get("/documents/alleged-coup-attempt")  # sets the cookie
    before = dump_store(cli.url)
    for token in ("", "forged"):
        response = client.post(
            "/documents/alleged-coup-attempt/claims",
            data={"csrf": token, "quote": "The coup attempt", "statement": "x"},
        )
        assert response.status_code == 403
    other = TestClient(client.app)  # another browser: no cookie at all
    page = client.get("/documents/alleged-coup-attempt").text
    assert (
        other.post(
            "/documents/alleged-coup-attempt/claims",
            data={"csrf": _token(page), "quote": "x", "statement": "x"},
        ).status_code
        == 403
    )
    assert dump_store(cli.url) == before
    assert COOKIE in client.cookies


def test_two_editors_on_one_claim_the_second_is_told(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    first = client.get("/claims/2").text
    version = re.search(r'name="version" value="(\d+)"', first).group(1)  # type: ignore[union-attr]
    cli("claim", "verdict", "2", "supported", user="editor-b")  # meanwhile, in a terminal
    response = client.post(
        "/claims/2/verdict", data={"csrf": _token(first), "version": version, "verdict": "refuted"}
    )
    assert response.status_code == 409
    assert "editor-b" in response.text
    assert cli.json("claim", "show", "2")["verdict"] == "supported"  # type: ignore[index]
    fresh = client.get("/claims/2").text
    version = re.search(r'name="version" value="(\d+)"', fresh).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/claims/2/verdict", data={"csrf": _token(fresh), "version": version, "verdict": "refuted"}
    )
    assert response.status_code == 303
    assert cli.json("claim", "show", "2")["verdict"] == "refuted"  # type: ignore[index]


def test_review_confirms_and_dismisses_through_the_library(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    # Two claims dated differently by their assertions: detection proposes the pair for review.
    cli(
        "assert",
        "1",
        "--subject",
        "al-Binali",
        "--property",
        "coup_date",
        "--value",
        "2015",
        "--type",
        "date",
    )
    cli(
        "assert",
        "4",
        "--subject",
        "al-Binali",
        "--property",
        "coup_date",
        "--value",
        "2018",
        "--type",
        "date",
    )
    cli("conflicts")
    page = client.get("/review").text
    pending = re.findall(r'action="/conflicts/(\d+)/dismiss"', page)
    assert pending, page
    ref = pending[0]
    response = client.post(f"/conflicts/{ref}/dismiss", data={"csrf": _token(page)})
    assert response.status_code == 400 and "note" in response.text.lower()  # a dismissal needs a reason
    version = re.search(rf'/conflicts/{ref}/dismiss".*?name="version" value="(\d+)"', page, re.S).group(1)  # type: ignore[union-attr]
    response = client.post(
        f"/conflicts/{ref}/dismiss",
        data={"csrf": _token(page), "note": "different events", "version": version},
    )
    assert response.status_code == 303
    listed = cli.json("conflicts", "--no-detect", "--no-suggest")["contradictions"]  # type: ignore[index]
    statuses = {str(r["id"]): r["status"] for r in listed}
    assert statuses[ref] == "dismissed"
    assert client.post(f"/conflicts/{ref}/explode", data={"csrf": _token(page)}).status_code == 404


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_shown_as_text(bench, payload: str) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    cli("claim", "edit", "3", "--statement", payload, "--note", payload)
    for path in ("/claims/3", "/documents/alleged-coup-attempt"):
        tree = html5lib.parse(client.get(path).text, namespaceHTMLElements=False)
        scripts = [e.get("src") for e in tree.iter("script")]
        assert scripts == ["/static/workbench.js"], (path, scripts)
        assert not [e.tag for e in tree.iter() if e.tag in ("img", "svg", "iframe", "object", "style")]
        assert not [(e.tag, name) for e in tree.iter() for name in e.attrib if name.lower().startswith("on")]
        assert payload in "".join(tree.itertext())  # shown, as text


def test_serve_refuses_to_open_the_store_to_the_network(sqlite_cli: Cli) -> None:
    result = sqlite_cli("serve", "--host", "0.0.0.0", ok=False)
    assert result.exit_code == 2 and "no sign-in" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("192.168.1.4") and not is_loopback("example.com")


def test_the_document_list_comes_in_pages(bench, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import provenance.web.app as web_app

    client, cli = bench
    monkeypatch.setattr(web_app, "PAGE", 2)
    first, second = client.get("/documents").text, client.get("/documents?page=2").text
    assert "page 1 of 2" in first and 'rel="next" href="/documents?page=2"' in first
    assert "page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second
    listed = re.findall(r'<td><a href="/documents/([^"?/]+)"', first + second)  # the rows, not the add link
    keys = [d["key"] for d in cli.json("doc", "list")]  # type: ignore[index,union-attr]
    assert listed == keys  # every document once, in the order they were added
    assert client.get("/documents?page=0").status_code == 200  # nonsense pages show the first
    assert client.get("/documents?page=x").status_code == 200


def test_the_reader_reads_a_claim_logged_in_the_browser(bench, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    (tmp_path / "flood.txt").write_text(
        "River flood\n\nThe flood killed 12 people on Monday, the mayor said.\n", encoding="utf-8"
    )
    cli("doc", "add", tmp_path / "flood.txt", "--title", "River flood", "--published", "2024-05-08")
    page = client.get("/documents/river-flood").text
    response = client.post(
        "/documents/river-flood/claims",
        data={"csrf": _token(page), "quote": "The flood killed 12 people on Monday", "statement": "12 died"},
    )
    assert response.status_code == 303
    key = response.headers["location"].split("logged=")[1].split("#")[0]
    shown = client.get(f"/claims/{key}").text
    assert "deaths = 12" in shown and "[proposed]" in shown, shown
    reading = re.search(rf'action="/claims/{key}/readings/(\d+)/accept"', shown).group(1)  # type: ignore[union-attr]
    before = dump_store(cli.url)
    refused = client.post(f"/claims/{key}/readings/{reading}/accept", data={"csrf": _token(shown)})
    assert refused.status_code == 400  # the quote names no known entity: the editor gives the subject
    assert 'role="alert"' in refused.text and dump_store(cli.url) == before
    cli("entity", "add", "River flood")
    accepted = client.post(
        f"/claims/{key}/readings/{reading}/accept", data={"csrf": _token(shown), "subject": "River flood"}
    )
    assert accepted.status_code == 303, accepted.text[:400]
    assert f"reading-{reading}" in (after := client.get(f"/claims/{key}").text)
    assert "[accepted]" in after
