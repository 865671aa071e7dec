"""Intake through maintained libraries (issue 15): HTML main text and metadata by trafilatura,
Markdown by markdown-it-py, PDF ligatures and hyphenation repaired, text files' metadata headers,
`--published` in the forms assertions take; and how each text was read, shown by `doc show`.

The HTML fixtures (tests/fixtures/intake/) are news layouts as they arrive: one with <article>
inside <main> (and comments inside <main> too), one with neither, only <div>s; both with a cookie
banner, a menu, ads, related links, comments and a footer. T9 still holds: the page is parsed by
our own no-network parser and trafilatura only walks that tree (tests/test_readers.py: T9).
"""

from __future__ import annotations

import http.server
import json
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import Cli, dump_store
from test_readers import make_pdf

from provenance.readers import read_document
from provenance.readers.pdf import dehyphenate, repair_ligatures

FIXTURES = Path(__file__).parent / "fixtures" / "intake"
TRAFILATURA = f"main text by trafilatura {version('trafilatura')}"

# What the pages' chrome says: none of it may reach the text.
ARTICLE_CHROME = [
    "We use cookies",
    "Accept all",
    "Politics",
    "Subscribe",
    "Advertisement",
    "Refinance your home",
    "Sponsored",
    "Related stories",
    "Ceasefire talks stall",
    "Share on Facebook",
    "Comments (3)",
    "patriot1776",
    "Shameful coverage",
    "praying for everyone",
    "All rights reserved",
    "Privacy policy",
    "Cookie settings",
]
NO_ARTICLE_CHROME = [
    "This website uses cookies",
    "Got it!",
    "Classifieds",
    "Log in",
    "ADVERTISEMENT",
    "Cheap flights",
    "Most read",
    "Mayor resigns",
    "Tags:",
    "12 comments",
    "Typical. They let trucks in",
    "Thank you for reporting",
    "Registered in the Northern Region",
    "Follow us on Facebook",
]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# --- HTML: main text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "chrome", "paragraphs"),
    [("news_article.html", ARTICLE_CHROME, 4), ("news_no_article.html", NO_ARTICLE_CHROME, 3)],
    ids=["with-article", "without-article"],
)
def test_news_page_keeps_its_main_text_and_drops_the_chrome(
    name: str, chrome: list[str], paragraphs: int
) -> None:
    read = read_document(fixture(name), source=name)
    blocks = read.text.split("\n\n")
    assert len(blocks) == 1 + paragraphs  # the headline, then each paragraph of the story
    assert blocks[0] in {
        "Militants seize border crossing after overnight assault",
        "Aid convoy reaches besieged town",
    }
    leaked = [c for c in chrome if c in read.text]
    assert leaked == []
    assert read.note is not None and read.note.startswith(TRAFILATURA)


def test_main_text_is_the_stories_own_paragraphs_verbatim() -> None:
    text = read_document(fixture("news_article.html"), source="a.html").text
    assert (
        "\u201cWe did not sleep at all,\u201d said one shopkeeper, who gave only his first name, Ahmed."
        in text
    )  # character references decoded, the inline ad between paragraphs gone
    assert "said at least 14 border guards had been killed" in text
    text = read_document(fixture("news_no_article.html"), source="b.html").text
    assert text.endswith("The figure could not be independently verified.")


def test_page_metadata_is_read() -> None:
    meta = read_document(fixture("news_article.html"), source="a.html").metadata
    assert meta.title == "Militants seize border crossing after overnight assault"
    assert meta.authors == ("Hannah Whitcombe",)
    assert meta.published == "2024-03-12"
    assert meta.site_name == "The Daily Ledger"
    assert meta.url == "https://www.dailyledger.example/world/2024/03/12/militants-seize-border-crossing"
    meta = read_document(fixture("news_no_article.html"), source="b.html").metadata
    assert (meta.title, meta.authors, meta.published) == (
        "Aid convoy reaches besieged town",
        ("Sami Haddad",),
        "2017-05-08",
    )


def test_no_date_is_guessed_from_a_copyright_line() -> None:
    page = (
        b"<html><head><title>Statement</title></head><body><main><h1>Statement</h1>"
        b"<p>The ministry is aware of the reports and will say more in due course.</p></main>"
        b"<footer>Copyright 2024 Example Ministry</footer></body></html>"
    )
    assert read_document(page, source="s.html").metadata.published is None


def test_where_trafilatura_finds_nothing_the_simple_reader_reads_it_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import provenance.readers.html as html_reader

    assert read_document(b"<p>hi</p>", source="x.htm").note.startswith(TRAFILATURA)  # type: ignore[union-attr]
    monkeypatch.setattr(html_reader, "_extract", lambda root: None)
    read = read_document(fixture("news_article.html"), source="a.html")
    assert read.text.startswith("Militants seize border crossing after overnight assault\n\n")
    assert read.note is not None and "own HTML reader" in read.note and "found none" in read.note


def test_an_extractor_failure_does_not_lose_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    import provenance.readers.html as html_reader

    def broken(root: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(html_reader, "_extract", broken)
    read = read_document(fixture("news_no_article.html"), source="b.html")
    assert "A convoy of 32 lorries" in read.text
    assert read.note is not None and "failed (RuntimeError: boom)" in read.note


def test_reading_an_html_page_opens_no_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for name in ("news_article.html", "news_no_article.html"):
        assert read_document(fixture(name), source=name).text


# --- HTML through the CLI -------------------------------------------------------------------------


def test_doc_add_page_fills_its_fields_from_the_page(cli: Cli, tmp_path: Path) -> None:
    cli("outlet", "add", "The Daily Ledger", "--grade", "B", "--key", "ledger")
    (tmp_path / "a.html").write_bytes(fixture("news_article.html"))
    out = cli("doc", "add", tmp_path / "a.html", "--key", "rabia")  # no --title: the page has one
    assert "Militants seize border crossing" in out.stdout
    shown = cli.json("doc", "show", "rabia")
    assert isinstance(shown, dict)
    assert shown["title"] == "Militants seize border crossing after overnight assault"
    assert shown["authors"] == ["Hannah Whitcombe"]
    assert shown["published"] == "2024-03-12"
    assert shown["url"] == "https://www.dailyledger.example/world/2024/03/12/militants-seize-border-crossing"
    assert shown["outlet"] == "The Daily Ledger"
    assert shown["reading"].startswith(TRAFILATURA)
    assert re.search(rf"^ *read +{TRAFILATURA}", cli("doc", "show", "rabia").stdout, re.MULTILINE)
    text = cli("doc", "text", "rabia").stdout
    assert "We use cookies" not in text and "patriot1776" not in text
    cli(
        "claim",
        "add",
        "rabia",
        "--quote",
        "at least 14 border guards had been killed",
        "--statement",
        "14 killed.",
    )


def test_options_override_the_pages_metadata(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "b.html").write_bytes(fixture("news_no_article.html"))
    cli(
        "doc", "add", tmp_path / "b.html", "--key", "madaya", "--title", "Madaya convoy",
        "--author", "Desk", "--published", "May 2017", "--url", "https://example.org/copy",
    )  # fmt: skip
    shown = cli.json("doc", "show", "madaya")
    assert isinstance(shown, dict)
    assert (shown["title"], shown["authors"], shown["published"], shown["url"]) == (
        "Madaya convoy",
        ["Desk"],
        "2017-05",
        "https://example.org/copy",
    )
    assert shown["outlet"] is None  # "Northern Courier" is no outlet in this store: none is made up
    assert "site name 'Northern Courier' is no outlet" in shown["reading"]


def test_a_page_without_a_title_still_needs_one(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "t.html").write_bytes(b"<p>hi</p>")
    before = dump_store(cli.url)
    out = cli("doc", "add", tmp_path / "t.html", ok=False)
    assert "t.html carries no title" in out.stderr and "--title" in out.stderr
    assert dump_store(cli.url) == before


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The fixtures served from 127.0.0.1 (never the internet)."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)

    def handler(*args, **kwargs):  # type: ignore[no-untyped-def]
        return _Quiet(*args, directory=str(FIXTURES), **kwargs)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_doc_add_url_reads_the_main_text_and_the_canonical_url(cli: Cli, site: str) -> None:
    cli("doc", "add", f"{site}/news_no_article.html", "--key", "web")
    shown = cli.json("doc", "show", "web")
    assert isinstance(shown, dict)
    assert shown["url"] == "https://northerncourier.example/news/aid-convoy-reaches-besieged-town"
    assert shown["title"] == "Aid convoy reaches besieged town" and shown["published"] == "2017-05-08"
    assert shown["reading"].startswith(TRAFILATURA)
    assert "Cheap flights" not in cli("doc", "text", "web").stdout


def test_revise_records_how_the_new_text_was_read(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Fighters took the crossing.\n", encoding="utf-8")
    cli("doc", "add", tmp_path / "a.txt", "--title", "Rabia", "--key", "rabia")
    assert cli.json("doc", "show", "rabia")["reading"] is None  # type: ignore[index]
    (tmp_path / "a.html").write_bytes(fixture("news_article.html"))
    cli("doc", "revise", "rabia", tmp_path / "a.html")
    assert cli.json("doc", "show", "rabia")["reading"].startswith(TRAFILATURA)  # type: ignore[index]


# --- trafilatura is imported only for HTML --------------------------------------------------------

IMPORTS = """
import json, sys
from pathlib import Path
import provenance.cli
from provenance.readers import read_text_file
plain = read_text_file(Path(sys.argv[1]))
md = read_text_file(Path(sys.argv[2]))
before = "trafilatura" in sys.modules
html = read_text_file(Path(sys.argv[3]))
print(json.dumps({"before": before, "after": "trafilatura" in sys.modules}))
"""


def test_trafilatura_is_imported_only_when_an_html_page_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Plain text.\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            IMPORTS,
            tmp_path / "a.txt",
            FIXTURES / "field_notes.md",
            FIXTURES / "news_article.html",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == {"before": False, "after": True}


# --- Markdown -------------------------------------------------------------------------------------


def test_markdown_is_parsed_not_stripped() -> None:
    read = read_document(fixture("field_notes.md"), source="field_notes.md")
    assert read.text.split("\n\n") == [
        "Field notes: the Rabia crossing",
        "The fall of the crossing was first reported by The Daily Ledger, citing two local officials. "
        "Neither official was named.",
        "What we could confirm",
        "Satellite images from 13 March show burnt-out vehicles near the gate.\n"
        "The ministry's statement (see its site) did not give a toll.\n"
        "Traders said prices of flour rose by a third.",
        '"We did not sleep at all," a shopkeeper told the paper.',
        "Source Claim Status\nDaily Ledger 14 guards killed unconfirmed\nMinistry no figure confirmed",
        "Our assessment is that the toll of 20 14 remains unverified.",
    ]
    for mark in ("**", "](", "![", "<div", "Internal: check", "map.png", "~~", "`", "---", "tags:"):
        assert mark not in read.text, mark
    assert read.metadata.title == "Field notes: the Rabia crossing"
    assert read.metadata.authors == ("Lena Varga",) and read.metadata.published == "2024-03-14"
    assert read.note is not None and f"markdown-it-py {version('markdown-it-py')}" in read.note


def test_doc_add_markdown_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_bytes(fixture("field_notes.md"))
    cli("doc", "add", tmp_path / "notes.md", "--key", "notes")
    shown = cli.json("doc", "show", "notes")
    assert isinstance(shown, dict)
    assert shown["title"] == "Field notes: the Rabia crossing" and shown["published"] == "2024-03-14"
    assert "Markdown parsed by markdown-it-py" in shown["reading"]
    # A quote across what was a link and emphasis in the source is found in the text.
    cli(
        "claim",
        "add",
        "notes",
        "--quote",
        "first reported by The Daily Ledger",
        "--statement",
        "Ledger first.",
    )


# --- text files with a metadata header ------------------------------------------------------------


def test_key_value_header_is_metadata_not_text(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "saved.txt").write_bytes(fixture("saved_article.txt"))
    cli("outlet", "add", "Northern Courier", "--key", "courier")
    cli("doc", "add", tmp_path / "saved.txt", "--key", "saved")  # no --title: the header has one
    text = cli("doc", "text", "saved").stdout
    assert text.startswith("Aid convoy reaches besieged town\n\nA convoy of 32 lorries")
    assert "URL:" not in text and "Published:" not in text and "Outlet:" not in text
    shown = cli.json("doc", "show", "saved")
    assert isinstance(shown, dict)
    assert (shown["title"], shown["authors"], shown["published"], shown["outlet"]) == (
        "Aid convoy reaches besieged town",
        ["Sami Haddad"],
        "2017-05-08",
        "Northern Courier",
    )
    assert shown["url"] == "https://northerncourier.example/news/aid-convoy-reaches-besieged-town"
    assert "metadata header (URL, Title, Author, Published, Outlet)" in shown["reading"]
    # The headline is in the text once: quoting it is not "ambiguous" any more.
    cli("claim", "add", "saved", "--quote", "Aid convoy reaches besieged town", "--statement", "Arrived.")


def test_yaml_front_matter_is_metadata_not_text(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "statement.txt").write_bytes(fixture("front_matter.txt"))
    cli("doc", "add", tmp_path / "statement.txt", "--key", "statement", "--title", "Given title")
    assert cli("doc", "text", "statement").stdout.startswith("The ministry is aware of reports")
    shown = cli.json("doc", "show", "statement")
    assert isinstance(shown, dict)
    assert shown["title"] == "Given title"  # the option wins over the header
    assert (shown["authors"], shown["published"]) == (["Press Office"], "2024-03")
    assert shown["url"] == "https://ministry.example/statement"  # "source:" holding a URL is the URL


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON: The president said on Monday.\n\nMore text.\n",  # a dateline, not a header
        "Note: this is the first paragraph.\n\nSecond.\n",  # an unknown key
        "Title: A lone header with nothing after it\n",
        "---\nnot: [valid yaml\n---\nText.\n",
        "---\n- a list, not a mapping\n---\nText.\n",
    ],
)
def test_what_is_not_a_header_stays_text(text: str) -> None:
    read = read_document(text.encode(), source="x.txt")
    assert read.text == text and read.note is None


# --- PDF ------------------------------------------------------------------------------------------


def test_ligature_code_points_become_their_letters() -> None:
    assert repair_ligatures("the \ufb01rst \ufb02ight of \ufb00ort \ufb03cials") == (
        "the first flight of ffort fficials",
        4,
    )


def test_a_ligature_mapped_to_a_stray_glyph_is_repaired_only_with_evidence() -> None:
    text = "Amid the in\u02dcghting, of\u02dccials \u02dcled out \u02dcrst; the ma\u02dcana plan."
    repaired, count = repair_ligatures(text)
    # The glyph is "fi" here (three words vote for it); "˜led" with "fi" is no known word (with "fl"
    # it would be "fled": the glyph does not stand for that), and "ma˜ana" is none at all: both stay.
    assert repaired == "Amid the infighting, officials \u02dcled out first; the ma\u02dcana plan."
    assert count == 3
    # No word gives evidence: nothing is guessed.
    assert repair_ligatures("the z\u02dcq and w\u02dcx") == ("the z\u02dcq and w\u02dcx", 0)
    # The document's own spelling is evidence too.
    assert repair_ligatures("a ba\u02dcement, then a bafflement")[0] == "a bafflement, then a bafflement"


def test_line_end_hyphenation_rule() -> None:
    assert dehyphenate("Stud-\nies show") == "Studies show"
    assert dehyphenate("by al-\nBaghdadi") == "by al-Baghdadi"  # a particle: the hyphen is real
    assert dehyphenate("the Counter-\nTerrorism Centre") == "the Counter-Terrorism Centre"  # uppercase after
    assert dehyphenate("a well-\nknown and well-known case") == "a well-known and well-known case"
    assert dehyphenate("in 2016-\n17") == "in 2016-\n17"  # digits: left alone


def cp1252_pdf(lines: list[str]) -> bytes:
    """`make_pdf` with the text encoded as WinAnsi (cp1252), where 0x98 is the small tilde that a
    font without a proper ToUnicode map gives for "fi"."""
    pdf = make_pdf(["\x00" * len(line) for line in lines])
    for line in lines:
        pdf = pdf.replace(b"\x00" * len(line), line.encode("cp1252"), 1)
    return pdf


def test_doc_add_pdf_repairs_ligatures_and_hyphenation(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "r.pdf").write_bytes(
        cp1252_pdf(["Stud-", "ies of the in\u02dcghting among the of\u02dccials", "led by al-", "Baghdadi."])
    )
    cli("doc", "add", tmp_path / "r.pdf", "--title", "Report", "--key", "report")
    text = cli("doc", "text", "report").stdout
    assert "Studies of the infighting among the officials" in text and "al-Baghdadi" in text
    reading = cli.json("doc", "show", "report")["reading"]  # type: ignore[index]
    assert f"pypdf {version('pypdf')}" in reading and "2 ligature(s) repaired" in reading
    cli(
        "claim",
        "add",
        "report",
        "--quote",
        "the infighting among the officials",
        "--statement",
        "Infighting.",
    )


# --- --published ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("March 2024", "2024-03"),
        ("2017", "2017"),
        ("8 May 2017", "2017-05-08"),
        ("May 8, 2017", "2017-05-08"),
    ],
)
def test_published_takes_the_date_forms_of_assertions(
    cli: Cli, tmp_path: Path, given: str, stored: str
) -> None:
    (tmp_path / "a.txt").write_text("Some text.\n", encoding="utf-8")
    cli("doc", "add", tmp_path / "a.txt", "--title", "A", "--key", "a", "--published", given)
    assert cli.json("doc", "show", "a")["published"] == stored  # type: ignore[index]
