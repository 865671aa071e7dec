"""What was fetched is kept (issue 15): `doc add URL` keeps the bytes it fetched as the document's
snapshot (sha256, retrieval time, final URL after redirects, status, content type), and
`doc refresh` fetches again: an unchanged main text is a recorded check, a changed one a revision
whose claims re-anchor as after `doc revise`, with the new fetch kept as its snapshot.

Every page is served from 127.0.0.1 by a handler whose pages a test changes between fetches (the
page's quiet edit), never from the internet. Both engines.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import Cli, dump_store

from provenance.db import make_engine

FIXTURES = Path(__file__).parent / "fixtures" / "intake"

FIRST = (
    "Fighters took control of the Rabia border crossing before dawn on Tuesday, two local officials said.\n\n"
    "At least 14 border guards had been killed, the officials said.\n\n"
    "Residents described hearing heavy gunfire from about 2 a.m. on the main road.\n"
)
# The quiet edit: the death toll corrected, a sentence added; the first paragraph is untouched.
EDITED = (
    "Fighters took control of the Rabia border crossing before dawn on Tuesday, two local officials said.\n\n"
    "An earlier version of this article gave a higher figure.\n\n"
    "At least 9 border guards had been killed, the officials said.\n\n"
    "Residents described hearing heavy gunfire from about 2 a.m. on the main road.\n"
)


class Site:
    """Pages by path: (status, content type, body), or a redirect (301, None, location)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[int, str | None, bytes]] = {}
        self.base = ""
        self.hits: list[str] = []

    def page(self, path: str, body: str | bytes, content_type: str = "text/plain; charset=utf-8") -> str:
        self.pages[path] = (200, content_type, body.encode("utf-8") if isinstance(body, str) else body)
        return self.base + path

    def redirect(self, path: str, to: str) -> str:
        self.pages[path] = (301, None, to.encode("ascii"))
        return self.base + path


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    served = Site()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            served.hits.append(self.path)
            found = served.pages.get(self.path)
            if found is None:
                self.send_error(404, "Not Found")
                return
            status, content_type, body = found
            self.send_response(status)
            if status in (301, 302):
                self.send_header("Location", body.decode("ascii"))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if content_type:
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield served
    finally:
        httpd.shutdown()
        httpd.server_close()


def snapshots(url: str) -> list[dict[str, object]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT * FROM document_snapshot ORDER BY id")).mappings().all()
            return [dict(r) for r in rows]
    finally:
        engine.dispose()


def events(url: str, action: str) -> list[dict[str, object]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            query = sa.text("SELECT action, summary, after FROM event WHERE action = :a ORDER BY id")
            rows = conn.execute(query, {"a": action})
            return [dict(r._mapping) for r in rows]
    finally:
        engine.dispose()


def add_page(cli: Cli, site: Site) -> str:
    """A page at /story reached through a redirect from /old-story, added with two claims."""
    site.page("/story", FIRST)
    asked = site.redirect("/old-story", f"{site.base}/story")
    cli("doc", "add", asked, "--title", "Rabia crossing", "--key", "rabia")
    cli("claim", "add", "rabia", "--quote", "took control of the Rabia border crossing", "--key", "took")
    cli("claim", "add", "rabia", "--quote", "At least 14 border guards had been killed", "--key", "toll")
    return asked


# --- doc add URL keeps what it fetched ------------------------------------------------------------


def test_doc_add_url_keeps_the_bytes_their_hash_and_the_final_url(cli: Cli, site: Site) -> None:
    asked = add_page(cli, site)
    (snap,) = snapshots(cli.url)
    assert bytes(snap["body"]) == FIRST.encode("utf-8")  # type: ignore[arg-type]
    assert snap["sha256"] == hashlib.sha256(FIRST.encode("utf-8")).hexdigest()
    assert snap["size"] == len(FIRST.encode("utf-8"))
    assert snap["url"] == asked and snap["final_url"] == f"{site.base}/story"  # after the redirect
    assert snap["status"] == 200 and snap["content_type"] == "text/plain"
    assert snap["revision"] == 1 and snap["action"] == "add" and snap["fetched_at"] is not None
    shown = cli.json("doc", "show", "rabia")
    assert isinstance(shown, dict)
    (listed,) = shown["snapshots"]
    assert listed["final_url"] == f"{site.base}/story" and listed["sha256"] == snap["sha256"]
    out = cli("doc", "show", "rabia").stdout
    assert f"from {site.base}/story (asked for {asked}), HTTP 200, text/plain" in out


def test_doc_add_of_a_file_keeps_no_snapshot(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    cli("doc", "add", tmp_path / "a.txt", "--title", "Rabia", "--key", "rabia")
    assert snapshots(cli.url) == []
    assert "fetched" not in cli("doc", "show", "rabia").stdout


def test_an_html_page_keeps_its_bytes_and_its_content_type(cli: Cli, site: Site) -> None:
    page = (FIXTURES / "news_article.html").read_bytes()
    url = site.page("/news.html", page, "text/html; charset=utf-8")
    cli("doc", "add", url, "--key", "ledger")
    (snap,) = snapshots(cli.url)
    assert bytes(snap["body"]) == page and snap["content_type"] == "text/html"  # type: ignore[arg-type]
    assert "Cookie" not in cli("doc", "text", "ledger").stdout  # the text is the reader's, the bytes kept


# --- doc refresh ------------------------------------------------------------------------------------


def test_refresh_of_an_unchanged_page_records_the_check_and_no_revision(cli: Cli, site: Site) -> None:
    add_page(cli, site)
    out = cli("doc", "refresh", "rabia").stdout
    assert "rabia: unchanged (revision 1" in out
    shown = cli.json("doc", "show", "rabia")
    assert isinstance(shown, dict) and shown["revision"] == 1
    (check,) = events(cli.url, "refresh")
    after = check["after"] if isinstance(check["after"], dict) else json.loads(str(check["after"]))
    assert after["result"] == "unchanged" and after["final_url"] == f"{site.base}/story"
    assert after["body_sha256"] == hashlib.sha256(FIRST.encode("utf-8")).hexdigest()
    assert len(snapshots(cli.url)) == 1  # an unchanged text keeps no second copy
    assert site.hits.count("/old-story") == 2  # fetched again from the address first asked for


def test_refresh_of_an_edited_page_makes_a_revision_and_re_anchors_its_claims(cli: Cli, site: Site) -> None:
    add_page(cli, site)
    site.page("/story", EDITED)
    out = cli("doc", "refresh", "rabia").stdout
    assert "rabia: the main text changed; now at revision 2" in out
    assert "claims re-anchored" in out
    claims = {c["key"]: c for c in cli.json("claim", "list", "--doc", "rabia")}  # type: ignore[union-attr]
    assert claims["took"]["anchor"] in ("exact", "moved")  # its quote is still there verbatim, once
    assert claims["took"]["revision"] == 2
    assert claims["toll"]["anchor"] in ("fuzzy", "orphaned")  # "14" became "9": listed for review
    assert cli("doc", "text", "rabia").stdout == EDITED
    assert cli("doc", "text", "rabia", "--revision", "1").stdout == FIRST
    first, second = snapshots(cli.url)
    assert (first["revision"], second["revision"]) == (1, 2) and second["action"] == "refresh"
    assert bytes(second["body"]) == EDITED.encode("utf-8")  # type: ignore[arg-type]
    (refresh,) = events(cli.url, "refresh")
    assert "changed" in str(refresh["summary"])
    assert cli("doc", "refresh", "rabia").stdout.startswith("rabia: unchanged (revision 2")


def test_dry_run_shows_the_change_and_writes_nothing(cli: Cli, site: Site) -> None:
    add_page(cli, site)
    site.page("/story", EDITED)
    before = dump_store(cli.url)
    out = cli("doc", "refresh", "rabia", "--dry-run").stdout
    assert "it would become revision 2 (dry run: nothing written)" in out
    assert "claims would be re-anchored" in out and "took" in out
    assert dump_store(cli.url) == before


def test_refresh_refusals_name_the_document_and_change_nothing(cli: Cli, site: Site, tmp_path: Path) -> None:
    add_page(cli, site)
    (tmp_path / "a.txt").write_text("A text from a file.\n", encoding="utf-8")
    cli("doc", "add", tmp_path / "a.txt", "--title", "From a file", "--key", "filed")
    cli("doc", "add", "--unheld", "--title", "Only cited", "--key", "cited")
    before = dump_store(cli.url)
    out = cli("doc", "refresh", "filed", ok=False)
    assert "document 2 (filed) has no URL to fetch again" in out.stderr
    out = cli("doc", "refresh", "cited", ok=False)
    assert "(cited) is unheld" in out.stderr
    del site.pages["/story"]
    out = cli("doc", "refresh", "rabia", ok=False)
    assert "the server answered 404" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    out = cli("doc", "refresh", ok=False)
    assert out.exit_code == 2 and "--all" in out.stderr
    assert dump_store(cli.url) == before


def test_refresh_all_goes_past_a_failing_fetch_and_exits_non_zero(cli: Cli, site: Site) -> None:
    add_page(cli, site)
    gone = site.page("/gone", "A page that will disappear.\n")
    cli("doc", "add", gone, "--title", "Gone", "--key", "gone")
    other = site.page("/other", "Another page, unchanged.\n")
    cli("doc", "add", other, "--title", "Other", "--key", "other")
    cli("doc", "add", "--unheld", "--title", "Only cited", "--key", "cited")
    site.page("/story", EDITED)
    del site.pages["/gone"]
    before_gone = [s for s in snapshots(cli.url) if s["url"] == gone]
    out = cli("doc", "refresh", "--all", ok=False)
    assert out.exit_code == 1
    assert "rabia: the main text changed; now at revision 2" in out.stdout
    assert "other: unchanged" in out.stdout
    assert "gone: failed:" in out.stderr and "404" in out.stderr
    assert "1 of 3 document(s) could not be refreshed: gone" in out.stderr
    assert cli.json("doc", "show", "gone")["revision"] == 1  # type: ignore[index]
    assert [s for s in snapshots(cli.url) if s["url"] == gone] == before_gone


def test_doc_revise_from_a_url_keeps_its_snapshot(cli: Cli, site: Site) -> None:
    add_page(cli, site)
    url = site.page("/corrected", EDITED)
    cli("doc", "revise", "rabia", url)
    last = snapshots(cli.url)[-1]
    assert (last["revision"], last["action"], last["final_url"]) == (2, "revise", url)


# --- the report -------------------------------------------------------------------------------------


def test_the_report_shows_the_snapshots_and_the_quiet_edit_escaped(
    cli: Cli, site: Site, tmp_path: Path
) -> None:
    from test_report_support import build

    add_page(cli, site)
    site.page("/story", EDITED.replace("a higher figure.", "a higher figure <script>alert(1)</script>."))
    cli("doc", "refresh", "rabia")
    build(cli.url, tmp_path / "site")
    (page,) = (tmp_path / "site" / "documents").glob("*-rabia.html")
    html = page.read_text(encoding="utf-8")
    assert "Changed after publication: revision 2 on " in html
    assert "differs from revision 1" in html
    assert "<del>14</del><ins>9</ins>" in html  # the corrected toll, word by word
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for snap in snapshots(cli.url):
        assert f"<code>{snap['sha256']}</code>" in html
        assert f"{snap['size']} bytes" in html
    assert f'href="{site.base}/story"' in html and f"(asked for <bdi>{site.base}/old-story</bdi>)" in html


# --- bundles ----------------------------------------------------------------------------------------


def test_snapshots_round_trip_through_a_bundle_and_damaged_bytes_are_refused(
    cli: Cli, site: Site, tmp_path: Path
) -> None:
    from conftest import Cli as Runner

    add_page(cli, site)
    site.page("/story", EDITED)
    cli("doc", "refresh", "rabia")
    cli("export", tmp_path / "one")
    bundle = (tmp_path / "one" / "bundle.yaml").read_text(encoding="utf-8")
    assert "    snapshots:\n      - file: snapshots/rabia.1.bin\n        revision: 1\n" in bundle
    assert (tmp_path / "one" / "snapshots" / "rabia.2.bin").read_bytes() == EDITED.encode("utf-8")
    other = Runner(f"sqlite:///{tmp_path / 'other.db'}", tmp_path)
    other("init")
    other("import", tmp_path / "one")
    strip = [
        {k: v for k, v in s.items() if k not in ("id", "document_id", "fetched_at")}
        for s in snapshots(cli.url)
    ]
    assert [
        {k: v for k, v in s.items() if k not in ("id", "document_id", "fetched_at")}
        for s in snapshots(other.url)
    ] == strip
    other("export", tmp_path / "two")
    for name in ("bundle.yaml", "manifest.yaml", "snapshots/rabia.1.bin", "snapshots/rabia.2.bin"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
    other("import", tmp_path / "one")  # again: everything already there, nothing added
    assert len(snapshots(other.url)) == 2
    cli("export", tmp_path / "one", "--force")  # a previous export with snapshots can be replaced

    # One byte changed in a snapshot: refused by its sha256 (the manifest removed, so the bundle's own check)
    damaged = tmp_path / "one" / "snapshots" / "rabia.1.bin"
    damaged.write_bytes(damaged.read_bytes().replace(b"14", b"15"))
    (tmp_path / "one" / "manifest.yaml").unlink()
    third = Runner(f"sqlite:///{tmp_path / 'third.db'}", tmp_path)
    third("init")
    before = dump_store(third.url)
    out = third("import", tmp_path / "one", ok=False)
    assert "snapshots[0].sha256: is not the sha256 of snapshots/rabia.1.bin" in out.stderr
    assert dump_store(third.url) == before


def test_check_finds_a_changed_snapshot_and_delete_takes_the_snapshots(cli: Cli, site: Site) -> None:
    url = site.page("/lone", "A page nothing quotes.\n")
    cli("doc", "add", url, "--title", "Lone", "--key", "lone")
    assert "0 errors" in cli("check").stdout
    engine = make_engine(cli.url)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE document_snapshot SET body = :b"), {"b": b"A page somebody edited.\n"}
            )
    finally:
        engine.dispose()
    out = cli("check", ok=False)
    assert "snapshot 1 (revision 1)" in out.stdout + out.stderr
    assert "fetched bytes do not match their sha256" in out.stdout + out.stderr
    cli("doc", "delete", "lone")
    assert snapshots(cli.url) == []


def test_a_network_error_is_one_line(cli: Cli, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "a.txt").write_text("A text once fetched.\n", encoding="utf-8")
    cli(
        "doc",
        "add",
        tmp_path / "a.txt",
        "--title",
        "Once",
        "--key",
        "once",
        "--url",
        f"http://127.0.0.1:{port}/x",
    )
    before = dump_store(cli.url)
    out = cli("doc", "refresh", "once", ok=False)
    assert "cannot fetch" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert dump_store(cli.url) == before


def test_db_copy_carries_the_snapshots(cli: Cli, site: Site, tmp_path: Path) -> None:
    add_page(cli, site)
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    cli("db", "copy", "--to", target)
    (kept,) = snapshots(target)
    (original,) = snapshots(cli.url)
    assert bytes(kept["body"]) == bytes(original["body"]) and kept["final_url"] == original["final_url"]  # type: ignore[arg-type]


def test_merging_a_fetched_record_moves_its_snapshots_with_its_text(cli: Cli, site: Site) -> None:
    add_page(cli, site)
    cli("doc", "add", "--unheld", "--title", "Rabia report", "--key", "cited")
    cli("doc", "merge", "rabia", "cited")
    survivor = cli.json("doc", "show", "cited")
    assert isinstance(survivor, dict) and survivor["revision"] == 1
    assert [s["final_url"] for s in survivor["snapshots"]] == [f"{site.base}/story"]
    assert cli("doc", "refresh", "cited").stdout.startswith("cited: unchanged")


def test_refresh_all_json_dry_run_lists_each_document_and_writes_nothing(cli: Cli, site: Site) -> None:
    add_page(cli, site)
    site.page("/story", EDITED)
    before = dump_store(cli.url)
    done = cli.json("doc", "refresh", "--all", "--dry-run")
    assert isinstance(done, list) and len(done) == 1
    (one,) = done
    assert one["document"] == "rabia" and one["changed"] is True and one["dry_run"] is True
    assert one["revision"] == 2 and {c["key"] for c in one["claims"]} == {"took", "toll"}
    assert dump_store(cli.url) == before
