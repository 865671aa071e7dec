"""Readers: HTML main text, T9 (no entity expansion, no DTD, no network), PDF with de-hyphenation,
and `doc add URL` against a local server (never the internet); other URL schemes refused."""

from __future__ import annotations

import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Cli, dump_store

from provenance.errors import InvalidInput
from provenance.readers import (
    FetchFailed,
    decode_document,
    dehyphenate,
    fetch_url,
    html_to_text,
    looks_like_url,
    pdf_to_text,
)

PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Site | The coup attempt</title>
<script>document.write("<p>injected by script</p>");</script><style>p { color: red }</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<header><div class="logo">Daily Example &amp; Co</div></header>
<main><article>
<header><h1>The   coup attempt</h1></header>
<p>Officials said the convoy was attacked&nbsp;near the border &amp; the town of <b>Tal Afar</b>.</p>
<p>A second paragraph<br>continues on a new line, with &lt;brackets&gt; &#8220;quoted&#8221;.</p>
<aside>Related: ten other stories</aside>
<noscript>Enable JavaScript</noscript>
<form><input value="subscribe"></form>
</article></main>
<footer>Copyright 2024 Daily Example. Privacy policy. Cookie settings.</footer>
</body></html>
"""
MAIN_TEXT = (
    "The coup attempt\n\n"
    "Officials said the convoy was attacked near the border & the town of Tal Afar.\n\n"
    "A second paragraph\ncontinues on a new line, with <brackets> \u201cquoted\u201d."
)
PASSWD_MARKER = "root:"


# --- HTML -----------------------------------------------------------------------------------------


def test_html_main_text_without_boilerplate() -> None:
    assert html_to_text(PAGE, source="page.html") == MAIN_TEXT


def test_html_without_main_uses_the_longest_article_or_the_body() -> None:
    page = b"""<html><body><header>Site chrome</header>
<article><p>Short teaser.</p></article>
<article><h2>Real story</h2><p>The long article body, which is the real content of this page.</p></article>
<footer>Footer</footer></body></html>"""
    assert html_to_text(page, source="x.html") == (
        "Real story\n\nThe long article body, which is the real content of this page."
    )
    body = b"<html><body><header>Chrome</header><div><p>One.</p><p>Two.</p></div><footer>F</footer></body>"
    assert html_to_text(body, source="x.html") == "One.\n\nTwo."


def test_html_declared_charset_and_strict_decoding() -> None:
    latin = '<html><head><meta charset="iso-8859-1"></head><body><p>Caf\u00e9</p></body></html>'
    assert html_to_text(latin.encode("latin-1"), source="x.html") == "Caf\u00e9"
    with pytest.raises(InvalidInput, match="not valid UTF-8 at byte"):
        html_to_text(b"<html><body><p>caf\xe9</p></body></html>", source="x.html")


def test_pre_keeps_its_lines() -> None:
    page = b"<html><body><p>Intro.</p><pre>  a = 1\n    b = 2</pre><p>After.</p></body></html>"
    assert html_to_text(page, source="x.html") == "Intro.\n\n  a = 1\n    b = 2\n\nAfter."


def test_nesting_within_the_parsers_limit_is_read_and_beyond_it_refused() -> None:
    def nested(depth: int) -> bytes:
        return (
            b"<html><body>"
            + b"<div>" * depth
            + b"<p>deep</p>"
            + b"</div>" * depth
            + b"<p>after</p></body></html>"
        )

    assert html_to_text(nested(200), source="x.html") == "deep\n\nafter"
    # libxml2 stops at depth 256; the rest of the page would be lost, so the page is refused.
    with pytest.raises(InvalidInput, match="Excessive depth"):
        html_to_text(nested(5000), source="x.html")


def test_dispatch_by_suffix_and_sniffing() -> None:
    assert decode_document(PAGE, source="page.txt") == MAIN_TEXT  # sniffed <!DOCTYPE html
    assert decode_document(b"<p>hi</p>", source="x.htm") == "hi"
    plain = b"An article about markup.\nIt mentions <html> tags.\n"
    assert decode_document(plain, source="notes.txt") == plain.decode()


def test_doc_add_html_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(PAGE)
    cli("doc", "add", tmp_path / "page.html", "--title", "Coup", "--key", "coup")
    assert cli("doc", "text", "coup").stdout == MAIN_TEXT
    cli("claim", "add", "coup", "--quote", "attacked near the border & the town", "--statement", "Attacked.")


# --- T9 -------------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<html><body><p>&lol9;</p></body></html>
"""
XXE = b"""<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<html><body><p>Secret: &xxe;</p></body></html>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe-file"])
def test_t9_entity_declarations_are_refused(cli: Cli, tmp_path: Path, payload: bytes) -> None:
    with pytest.raises(InvalidInput, match="ENTITY"):
        html_to_text(payload, source="evil.html")
    (tmp_path / "evil.html").write_bytes(payload)
    before = dump_store(cli.url)
    out = cli("doc", "add", tmp_path / "evil.html", "--title", "Evil", ok=False)
    assert "evil.html" in out.stderr and "not accepted" in out.stderr
    assert dump_store(cli.url) == before


def test_t9_xxe_without_a_doctype_subset_is_just_text() -> None:
    # An undeclared entity reference stays literal text; nothing is read from the file system.
    text = html_to_text(b"<html><body><p>a &xxe; b</p></body></html>", source="x.html")
    assert text == "a &xxe; b" and PASSWD_MARKER not in text


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local port that records whether anything connects to it."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(5)
    sock.setblocking(False)
    yield sock
    sock.close()


def test_t9_external_dtd_is_never_fetched(cli: Cli, tmp_path: Path, listener: socket.socket) -> None:
    port = listener.getsockname()[1]
    page = (
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://127.0.0.1:{port}/evil.dtd">\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Plain &amp; simple.</p>'
        f'<img src="http://127.0.0.1:{port}/pixel.png"/></body></html>'
    ).encode()
    (tmp_path / "x.html").write_bytes(page)
    cli("doc", "add", tmp_path / "x.html", "--title", "XHTML", "--key", "xhtml")
    assert cli("doc", "text", "xhtml").stdout == "Plain & simple."
    with pytest.raises(BlockingIOError):
        listener.accept()  # no connection was attempted


# --- PDF ------------------------------------------------------------------------------------------


def make_pdf(lines: list[str]) -> bytes:
    """A minimal valid one-page PDF with one text line per entry (Helvetica, WinAnsi)."""

    def escape(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 12 Tf 72 720 Td 14 TL\n" + "\n".join(f"({escape(x)}) Tj T*" for x in lines) + "\nET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_text_is_dehyphenated() -> None:
    pdf = make_pdf(["the caliph-", "ate was declared", "by al-", "Baghdadi in Mosul."])
    assert pdf_to_text(pdf, source="x.pdf") == "the caliphate was declared\nby al-Baghdadi in Mosul."


def test_dehyphenation_rule() -> None:
    assert dehyphenate("the caliph-\nate") == "the caliphate"
    assert dehyphenate("Abu Bakr al-\nBaghdadi") == "Abu Bakr al-Baghdadi"  # uppercase after: real hyphen
    assert dehyphenate("the al-\nqaeda cell") == "the al-qaeda cell"  # a transliteration particle
    assert dehyphenate("a well-\nknown and well-known fact") == "a well-known and well-known fact"
    assert dehyphenate("soft\u00ad\nhyphen") == "softhyphen"
    assert dehyphenate("COVID-\n19 and 2016-\n17") == "COVID-19 and 2016-\n17"
    assert dehyphenate("no hyphen\nhere - \nor here") == "no hyphen\nhere - \nor here"


def test_doc_add_pdf_file(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(make_pdf(["the caliph-", "ate was declared"]))
    cli("doc", "add", tmp_path / "report.pdf", "--title", "Report", "--key", "report")
    assert cli("doc", "text", "report").stdout == "the caliphate was declared"
    cli("claim", "add", "report", "--quote", "the caliphate was declared", "--statement", "Declared.")


def test_broken_pdf_is_a_clear_error(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    out = cli("doc", "add", tmp_path / "broken.pdf", "--title", "Broken", ok=False)
    assert "broken.pdf" in out.stderr and "PDF" in out.stderr


# --- URLs -----------------------------------------------------------------------------------------


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        if self.path.startswith("/to-file"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        if self.path.startswith("/to-ftp"):
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/statement.txt")
            self.end_headers()
            return
        if self.path.startswith("/to-page"):
            self.send_response(301)
            self.send_header("Location", "/page.html")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 serving tmp_path/site in a thread."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_bytes(PAGE)
    (site / "note.txt").write_text("A plain note, fetched.\n", encoding="utf-8")
    (site / "report.pdf").write_bytes(make_pdf(["the caliph-", "ate was declared"]))
    (site / "data.json").write_text('{"a": 1}', encoding="utf-8")

    def handler(*args, **kwargs):  # type: ignore[no-untyped-def]
        return _Handler(*args, directory=str(site), **kwargs)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def stored_texts(url: str) -> list[tuple]:
    """(source, retrieved_at) of every stored text revision."""
    import sqlalchemy as sa

    from provenance.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text("SELECT source, retrieved_at FROM document_text"))]
    finally:
        engine.dispose()


def test_doc_add_url_stores_a_snapshot(cli: Cli, server: str) -> None:
    url = f"{server}/page.html"
    cli("doc", "add", url, "--title", "Coup (web)", "--key", "web")
    assert cli("doc", "text", "web").stdout == MAIN_TEXT
    assert cli.json("doc", "show", "web")["url"] == url  # type: ignore[index]
    [(source, retrieved_at)] = stored_texts(cli.url)
    assert source == url and retrieved_at is not None


def test_fetch_by_content_type(server: str) -> None:
    assert fetch_url(f"{server}/note.txt").text == "A plain note, fetched.\n"
    pdf = fetch_url(f"{server}/report.pdf")
    assert pdf.text == "the caliphate was declared" and pdf.retrieved_at is not None
    assert pdf.retrieved_at.utcoffset() is not None and pdf.retrieved_at.utcoffset().total_seconds() == 0
    assert fetch_url(f"{server}/to-page").text == MAIN_TEXT  # an http redirect is followed
    with pytest.raises(InvalidInput, match="content type application/json is not supported"):
        fetch_url(f"{server}/data.json")


def test_fetch_refusals(server: str) -> None:
    with pytest.raises(InvalidInput, match=r"only http\(s\) URLs can be fetched"):
        fetch_url(f"{server}/to-file")  # a redirect to file: is refused
    with pytest.raises(InvalidInput, match=r"only http\(s\) URLs can be fetched"):
        fetch_url(f"{server}/to-ftp")  # and to ftp:, which urllib itself would follow
    with pytest.raises(InvalidInput, match="larger than"):
        fetch_url(f"{server}/page.html", max_bytes=100)
    with pytest.raises(FetchFailed, match="404"):
        fetch_url(f"{server}/missing.html")


def test_fetch_failure_through_the_cli_leaves_the_store_unchanged(cli: Cli, server: str) -> None:
    before = dump_store(cli.url)
    out = cli("doc", "add", f"{server}/missing.html", "--title", "Missing", ok=False)
    assert "404" in out.stderr
    out = cli("doc", "add", f"{server}/to-file", "--title", "Sneaky", ok=False)
    assert "only http(s) URLs can be fetched" in out.stderr
    assert dump_store(cli.url) == before


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://ftp.example.org/statement.txt",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<p>hi</p>",
    ],
)
def test_doc_add_refuses_other_url_schemes(cli: Cli, url: str) -> None:
    before = dump_store(cli.url)
    out = cli("doc", "add", url, "--title", "Not fetched", ok=False)
    assert out.exit_code == 2 and "only http(s) URLs can be fetched" in out.stderr
    assert PASSWD_MARKER not in out.output
    assert dump_store(cli.url) == before


def test_looks_like_url() -> None:
    assert looks_like_url("https://example.org/a")
    assert looks_like_url("file:///etc/passwd")
    assert not looks_like_url("article.txt")
    assert not looks_like_url("C:\\texts\\article.txt")  # a drive letter is not a scheme
