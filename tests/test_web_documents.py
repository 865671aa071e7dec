"""Documents from the browser (both engines): add one by pasting its text or uploading a file,
through the same library call as `doc add FILE` (the same-work check's candidates shown, --for
or --new chosen in the page), revise a held one, give an unheld one its text."""

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

BODY = (
    "The council met on Tuesday and agreed the new budget after a long debate.\n\n"
    "Its chair said the vote was the closest in a decade, and that the next meeting would be in May.\n"
)


@pytest.fixture
def bench(cli: Cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    small_store(cli, tmp_path)
    store = Store(cli.url, actor="editor-b")
    client = TestClient(make_app(store), follow_redirects=False)
    yield client, cli
    client.close()
    store.dispose()


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def _add(client: TestClient, files: dict | None = None, **fields: str):  # type: ignore[no-untyped-def]
    csrf = _csrf(client.get("/documents/new").text)
    return client.post("/documents/new", data={"csrf": csrf, **fields}, files=files)


def _docs(cli: Cli) -> dict[str, dict]:
    return {d["key"]: d for d in cli.json("doc", "list")}  # type: ignore[union-attr, index]


def test_paste_a_document(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    assert 'href="/documents/new"' in client.get("/documents").text
    response = _add(
        client, title="Council budget", text=BODY, published="March 2024", author="A. Writer; B. Other"
    )
    assert response.status_code == 303, response.text[:400]
    assert response.headers["location"] == "/documents/council-budget?added=1"
    page = client.get(response.headers["location"]).text
    assert "Document added." in page and "closest in a decade" in page
    shown = cli.json("doc", "show", "council-budget")
    assert shown["published"] == "2024-03" and shown["authors"] == ["A. Writer", "B. Other"]  # type: ignore[index]
    assert cli("doc", "text", "council-budget").stdout.strip() == BODY.strip()
    assert "editor-b" in cli("log", "--limit", "1").stdout


def test_upload_a_file_read_by_its_ending(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    html = (
        b"<html><head><title>Uploaded page</title></head><body><nav>menu</nav>"
        b"<article><p>" + BODY.encode() + b"</p></article></body></html>"
    )
    response = _add(client, files={"file": ("../../etc/passwd.html", html, "text/html")})
    assert response.status_code == 303, response.text[:400]
    docs = _docs(cli)
    assert "uploaded-page" in docs  # the title came from the page, as doc add reads it
    text = cli("doc", "text", "uploaded-page").stdout
    assert "closest in a decade" in text and "<p>" not in text
    assert not Path("/etc/passwd.html").exists()


def test_nothing_given_or_both_given_names_the_field(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    before = dump_store(cli.url)
    empty = _add(client, title="Nothing")
    assert empty.status_code == 400 and "“Text”" in empty.text and "“File”" in empty.text
    both = _add(client, files={"file": ("a.txt", BODY.encode(), "text/plain")}, title="Both", text=BODY)
    assert both.status_code == 400 and "not both" in both.text
    assert 'value="Both"' in both.text  # the form keeps what was typed
    assert dump_store(cli.url) == before


def test_the_same_work_is_shown_and_for_or_new_chosen(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    fields = {
        "title": "Asharq al-Awsat report",
        "outlet": "Asharq al-Awsat",
        "published": "2019-02-08",
        "text": BODY,
    }
    before = dump_store(cli.url)
    found = _add(client, **fields)
    assert found.status_code == 409, found.text[:400]
    tree = html5lib.parse(found.text, namespaceHTMLElements=False)
    choices = [e.get("value") for e in tree.iter("input") if e.get("name") == "choice"]
    assert choices == ["for:asharq-al-awsat-report", "new"]
    assert 'href="/documents/asharq-al-awsat-report"' in found.text
    assert dump_store(cli.url) == before  # nothing was added
    held = _add(client, choice="for:asharq-al-awsat-report", **fields)
    assert held.status_code == 303 and held.headers["location"].startswith(
        "/documents/asharq-al-awsat-report"
    )
    assert _docs(cli)["asharq-al-awsat-report"]["held"] is True
    assert "closest in a decade" in cli("doc", "text", "asharq-al-awsat-report").stdout


def test_keep_both_with_new(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    text = cli("doc", "text", "the-caliph-s-men").stdout
    fields = {"title": "The Caliph's Men (repost)", "text": text + "\nReposted.\n"}
    found = _add(client, **fields)
    assert found.status_code == 409, found.text[:300]
    tree = html5lib.parse(found.text, namespaceHTMLElements=False)
    choices = [e.get("value") for e in tree.iter("input") if e.get("name") == "choice"]
    assert choices == ["new"]  # a held candidate cannot be given a text: only keep both
    assert "recorded as the same work" in found.text
    count = len(_docs(cli))
    kept = _add(client, choice="new", **fields)
    assert kept.status_code == 303, kept.text[:300]
    assert len(_docs(cli)) == count + 1


def test_revise_a_held_document(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    old = cli("doc", "text", "alleged-coup-attempt").stdout
    page = client.get("/documents/alleged-coup-attempt").text
    assert 'id="revise-form"' in page
    new = old.replace("The coup attempt was an IED attack", "The coup attempt was, it seems, an IED attack")
    response = client.post("/documents/alleged-coup-attempt/text", data={"csrf": _csrf(page), "text": new})
    assert response.status_code == 303, response.text[:400]
    assert "re-anchored" in client.get(response.headers["location"]).text
    assert cli.json("doc", "show", "alleged-coup-attempt")["revision"] == 2  # type: ignore[index]
    before = dump_store(cli.url)
    same = client.post("/documents/alleged-coup-attempt/text", data={"csrf": _csrf(page), "text": new})
    assert same.status_code == 400 and 'role="alert"' in same.text
    assert dump_store(cli.url) == before


def test_give_an_unheld_document_its_text(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    page = client.get("/documents/asharq-al-awsat-report").text
    assert "Give it its text" in page
    response = client.post(
        "/documents/asharq-al-awsat-report/text",
        data={"csrf": _csrf(page)},
        files={"file": ("report.txt", BODY.encode(), "text/plain")},
    )
    assert response.status_code == 303, response.text[:400]
    assert _docs(cli)["asharq-al-awsat-report"]["held"] is True
    assert "closest in a decade" in client.get("/documents/asharq-al-awsat-report").text


def test_a_post_without_the_page_token_adds_nothing(bench) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    client.get("/documents/new")
    before = dump_store(cli.url)
    for token in ("", "forged"):
        response = client.post("/documents/new", data={"csrf": token, "title": "x", "text": BODY})
        assert response.status_code == 403
        response = client.post("/documents/alleged-coup-attempt/text", data={"csrf": token, "text": BODY})
        assert response.status_code == 403
    assert dump_store(cli.url) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_pasted_document_never_runs(bench, payload: str) -> None:  # type: ignore[no-untyped-def]
    client, cli = bench
    response = _add(
        client, title=f"Hostile {payload}", text=f"{BODY}\n{payload}\n\nMore words {payload} end.\n"
    )
    assert response.status_code == 303, response.text[:400]
    location = response.headers["location"]
    for path in (location, "/documents", "/documents/new"):
        tree = html5lib.parse(client.get(path).text, namespaceHTMLElements=False)
        scripts = [e.get("src") for e in tree.iter("script")]
        assert scripts == ["/static/workbench.js"], (path, scripts)
        assert not [e.tag for e in tree.iter() if e.tag in ("img", "svg", "iframe", "object", "style")]
        assert not [(e.tag, name) for e in tree.iter() for name in e.attrib if name.lower().startswith("on")]
        assert not [e.get("href") for e in tree.iter("a") if "script:" in (e.get("href") or "").lower()]
    text = "".join(html5lib.parse(client.get(location).text, namespaceHTMLElements=False).itertext())
    assert payload.strip() in text  # shown, as text
    # and a refused form echoes the payload back as text too
    refused = _add(client, title=payload, text=payload, published=payload)
    tree = html5lib.parse(refused.text, namespaceHTMLElements=False)
    assert [e.get("src") for e in tree.iter("script")] == ["/static/workbench.js"]
    assert not [(e.tag, name) for e in tree.iter() for name in e.attrib if name.lower().startswith("on")]


def test_pages_link_to_the_static_report_when_its_file_exists(cli: Cli, tmp_path: Path) -> None:
    small_store(cli, tmp_path)
    site = tmp_path / "site"
    cli("report", "build", site)
    (site / "claims" / "2-bin-ali-died-in-may-2017.html").unlink()  # one page missing: no link to it
    store = Store(cli.url, actor="editor-b")
    client = TestClient(make_app(store, report=site), follow_redirects=False)
    try:
        claim = html5lib.parse(client.get("/claims/1").text, namespaceHTMLElements=False)
        links = [e.get("href") for e in claim.iter("a") if e.get("id") == "report-link"]
        assert links == ["/report/claims/1-bin-ali-was-killed-in-2015.html"]
        served = client.get(links[0])
        assert served.status_code == 200 and "killed in 2015" in served.text
        assert 'id="report-link"' not in client.get("/claims/2").text
        doc = client.get("/documents/alleged-coup-attempt").text
        assert 'href="/report/documents/1-alleged-coup-attempt.html"' in doc
        for outside in ("/report/../pyproject.toml", "/report/%2e%2e/%2e%2e/etc/passwd", "/report/claims/"):
            assert client.get(outside).status_code == 404, outside
    finally:
        client.close()
        store.dispose()
    other = Store(cli.url)
    plain = TestClient(make_app(other), follow_redirects=False)
    try:
        assert 'id="report-link"' not in plain.get("/claims/1").text
        assert plain.get("/report/index.html").status_code == 404
    finally:
        plain.close()
        other.dispose()
