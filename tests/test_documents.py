"""Documents and outlets through the real CLI, on both engines: held and unheld adds, dates with
their precision, strict decoding (T10), one text held once (T11), control characters (T12), and
what `doc list/show/text` print."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from conftest import Cli, dump_store

# A short article with what canonicalisation must handle: accents (NFC/NFD), curly quotes, a tab.
ARTICLE = (
    "Michèle Coninsx, the Executive Director of CTED, said “now more than ever” the response must be "
    "regional.\n"
    "She served as a Federal Prosecutor (Magistrat Fédéral) in Belgium.\n"
    "\tIndented line with a tab.\n"
)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def one_line_error(result: object) -> str:
    stderr = result.stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


# --- held and unheld --------------------------------------------------------------------------


def test_held_document_with_its_metadata(cli: Cli, tmp_path: Path) -> None:
    cli("outlet", "add", "CTC Sentinel", "--grade", "B", "--reason", "peer-reviewed")
    path = write(tmp_path, "ctc.txt", ARTICLE)
    out = cli(
        "doc", "add", path, "--title", "A View From the CT Foxhole", "--author", "Paul Cruickshank",
        "--author", "Brian Dodwell", "--outlet", "CTC Sentinel", "--published", "2019-02",
        "--url", "https://ctc.usma.edu/view-ct-foxhole-michele-coninsx/", "--language", "en",
    ).stdout  # fmt: skip
    assert out.startswith("added held document 1 (a-view-from-the-ct-foxhole)")
    shown = cli.json("doc", "show", "1")
    assert shown == {
        "id": 1,
        "key": "a-view-from-the-ct-foxhole",
        "title": "A View From the CT Foxhole",
        "authors": ["Paul Cruickshank", "Brian Dodwell"],
        "outlet": "CTC Sentinel",
        "published": "2019-02",
        "url": "https://ctc.usma.edu/view-ct-foxhole-michele-coninsx/",
        "language": "en",
        "held": True,
        "revision": 1,
        "sha256": sha256(ARTICLE),
        "part_of": None,
        "span": None,
        "claims": 0,
        "claim_ids": [],
        "cited_by": [],
        "same_work": [],
        "redirected_from": [],
        "reading": None,
        "snapshots": [],  # a file, not a fetch: nothing was fetched to keep
    }
    assert cli.json("outlet", "show", "ctc-sentinel")["documents"] == [1]


def test_unheld_document_known_only_from_a_citation(cli: Cli) -> None:
    out = cli(
        "doc", "add", "--unheld", "--title", "Asharq al-Awsat report", "--published", "2019-02-08",
        "--key", "asharq-2019-02-08",
    ).stdout  # fmt: skip
    assert "added unheld document 1 (asharq-2019-02-08)" in out
    shown = cli.json("doc", "show", "asharq-2019-02-08")
    assert shown["held"] is False
    assert shown["revision"] == 0 and shown["sha256"] is None
    assert dump_store(cli.url)["document_text"] == []
    result = cli("doc", "text", "asharq-2019-02-08", ok=False)
    assert "unheld: the store has no text for it" in one_line_error(result)


def test_doc_add_needs_a_file_or_unheld_but_not_both(cli: Cli, tmp_path: Path) -> None:
    before = dump_store(cli.url)
    assert "--unheld" in one_line_error(cli("doc", "add", "--title", "Nothing", ok=False))
    path = write(tmp_path, "a.txt", ARTICLE)
    assert "drop --unheld" in one_line_error(cli("doc", "add", path, "--unheld", "--title", "Both", ok=False))
    assert dump_store(cli.url) == before


def test_published_keeps_its_precision(cli: Cli) -> None:
    precisions = ["2019", "2019-02", "2019-02-08"]
    for published in precisions:
        cli("doc", "add", "--unheld", "--title", f"Report of {published}", "--published", published)
    assert [d["published"] for d in cli.json("doc", "list")] == precisions
    assert cli.json("doc", "show", "3")["published"] == "2019-02-08"


def test_bad_published_dates_are_refused(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    before = dump_store(cli.url)
    for published, says in [
        ("2019-13", "is not a real date"),
        ("2019-02-30", "is not a real date"),
        ("2019-00", "is not a real date"),
        ("sometime in spring", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("1990s", "is a decade, not one day, month or year"),  # a date keeps its precision
        ("early 2019", "is a range, not one day, month or year"),
        ("08/02/2019", "write YYYY, YYYY-MM or YYYY-MM-DD"),
    ]:
        result = cli("doc", "add", path, "--title", "Report", "--published", published, ok=False)
        line = one_line_error(result)
        assert f"published {published!r}" in line and says in line, published
        assert result.exit_code == 2
    assert dump_store(cli.url) == before


# --- T10: strict decoding ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("latin1.txt", "Café society in Bruxelles.\n".encode("latin-1"), "not valid UTF-8 at byte 3 (0xe9"),
        ("utf16.txt", "Hello from UTF-16.\n".encode("utf-16"), "not valid UTF-8 at byte 0"),
        ("broken.txt", b"Valid line.\nBroken \xff\xfe here.\n", "not valid UTF-8 at byte 19 (0xff, line 2)"),
        ("truncated.txt", "Ends in a cut é".encode()[:-1], "not valid UTF-8 at byte 14"),
    ],
)
def test_t10_undecodable_file_is_refused_naming_file_and_byte(
    cli: Cli, tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = write(tmp_path, name, data)
    before = dump_store(cli.url)
    result = cli("doc", "add", path, "--title", "Report", ok=False)
    line = one_line_error(result)
    assert line.startswith(f"error: {path}: ")
    assert says in line
    assert "--encoding" in line
    assert dump_store(cli.url) == before


def test_t10_utf16_file_is_named_as_such(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "utf16.txt", "Hello from UTF-16.\n".encode("utf-16"))
    line = one_line_error(cli("doc", "add", path, "--title", "Report", ok=False))
    assert "UTF-16" in line and "--encoding utf-16" in line


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("latin-1", "Café society in Bruxelles.\n".encode("latin-1")),
        ("utf-16", "Café society in Bruxelles.\n".encode("utf-16")),
        ("cp1252", "Café society — in Bruxelles.\n".encode("cp1252")),
    ],
)
def test_t10_explicit_encoding_is_decoded(cli: Cli, tmp_path: Path, encoding: str, data: bytes) -> None:
    path = write(tmp_path, "doc.txt", data)
    cli("doc", "add", path, "--title", "Report", "--encoding", encoding)
    text = cli("doc", "text", "1").stdout
    assert text == data.decode(encoding).lstrip("\ufeff")
    assert "\ufffd" not in text


def test_t10_wrong_explicit_encoding_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "doc.txt", b"caf\xc3")  # cut-off UTF-8
    before = dump_store(cli.url)
    line = one_line_error(cli("doc", "add", path, "--title", "R", "--encoding", "utf-8", ok=False))
    assert f"{path}: not valid utf-8 at byte 3" in line
    line = one_line_error(cli("doc", "add", path, "--title", "R", "--encoding", "klingon", ok=False))
    assert "unknown encoding 'klingon'" in line
    assert dump_store(cli.url) == before


# --- T11: the same article is held once -------------------------------------------------------


def test_t11_same_article_as_lf_crlf_bom_and_nfd_is_stored_once(cli: Cli, tmp_path: Path) -> None:
    lf = write(tmp_path, "lf.txt", ARTICLE)
    crlf_bom = write(tmp_path, "crlf.txt", b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode())
    nfd = write(tmp_path, "nfd.txt", unicodedata.normalize("NFD", ARTICLE))
    assert len({lf.read_bytes(), crlf_bom.read_bytes(), nfd.read_bytes()}) == 3

    cli("doc", "add", lf, "--title", "Coninsx interview", "--key", "coninsx")
    before = dump_store(cli.url)
    for path in (crlf_bom, nfd):
        result = cli("doc", "add", path, "--title", f"Again from {path.name}", ok=False)
        assert "already held as document 1 (coninsx)" in one_line_error(result)
        assert result.exit_code == 4
    assert dump_store(cli.url) == before
    docs = cli.json("doc", "list")
    assert len(docs) == 1
    assert docs[0]["sha256"] == sha256(ARTICLE)


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(), id="crlf+bom"),
        pytest.param(lambda t: unicodedata.normalize("NFD", t).encode(), id="nfd"),
        pytest.param(lambda t: t.replace("\n", "\r").encode(), id="cr"),
    ],
)
def test_t11_any_variant_first_is_stored_canonical(cli: Cli, tmp_path: Path, variant: object) -> None:
    path = write(tmp_path, "variant.txt", variant(ARTICLE))
    cli("doc", "add", path, "--title", "Variant first")
    assert cli("doc", "text", "1").stdout == ARTICLE
    assert cli.json("doc", "show", "1")["sha256"] == sha256(ARTICLE)
    lf = write(tmp_path, "lf.txt", ARTICLE)
    assert "already held as document 1" in cli("doc", "add", lf, "--title", "LF", ok=False).stderr


# --- T12: control characters, the same refusal on both engines --------------------------------


def test_t12_control_character_in_a_document_is_refused(cli: Cli, tmp_path: Path) -> None:
    before = dump_store(cli.url)
    for char, label in [
        ("\x00", "U+0000 (NUL)"),
        ("\x07", "U+0007"),
        ("\x1b", "U+001B (ESC)"),
        ("\x0c", "U+000C"),
        ("\x7f", "U+007F (DEL)"),
    ]:
        path = write(tmp_path, "ctl.txt", f"First line.\nThe {char}second line.\n")
        result = cli("doc", "add", path, "--title", "Control", ok=False)
        # The exact sentence: identical on SQLite and PostgreSQL, because it is refused before the store.
        assert one_line_error(result) == (
            f"error: {path}: line 2, column 5: control character {label} is not allowed"
        )
        assert result.exit_code == 2
    assert dump_store(cli.url) == before


def test_t12_nul_in_document_metadata_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", ARTICLE)
    before = dump_store(cli.url)
    for field in ["--title", "--author", "--url", "--language"]:
        args = ["doc", "add", path, "--title", "Title"]
        if field == "--title":
            args[-1] = "Ti\x00tle"
        else:
            args += [field, "ab\x00c"]
        line = one_line_error(cli(*args, ok=False))
        assert line.endswith("control character U+0000 (NUL) at position 2 is not allowed"), field
    line = one_line_error(cli("doc", "add", "--unheld", "--title", "Unheld \x1b[31m red", ok=False))
    assert line == "error: title: control character U+001B (ESC) at position 7 is not allowed"
    assert dump_store(cli.url) == before


def test_t12_control_character_in_a_quote_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", write(tmp_path, "a.txt", ARTICLE), "--title", "Interview")
    before = dump_store(cli.url)
    # \x0b and \x1f are "whitespace" to str.isspace(): they must not slip through tolerant matching.
    for char in ["\x00", "\x01", "\x0b", "\x1f"]:
        quote = f"Federal{char} Prosecutor"
        line = one_line_error(cli("claim", "add", "1", "--quote", quote, "--statement", "x", ok=False))
        assert (
            line
            == f"error: quote: control character U+{ord(char):04X}"
            + (" (NUL)" if char == "\x00" else "")
            + " at position 7 is not allowed"
        )
        for option in ("--prefix", "--suffix"):
            args = ("--quote", "Federal Prosecutor", option, f"a{char}", "--statement", "x")
            line = one_line_error(cli("claim", "add", "1", *args, ok=False))
            assert line.startswith(f"error: {option[2:]}: control character"), (char, option)
        line = one_line_error(
            cli("claim", "add", "1", "--quote", "Federal", "--statement", f"x{char}", ok=False)
        )
        assert line.startswith("error: statement: control character")
    assert dump_store(cli.url) == before


def test_t12_tabs_and_newlines_are_text(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", write(tmp_path, "a.txt", ARTICLE), "--title", "Tabs\tare\nfine")
    assert "\tIndented line" in cli("doc", "text", "1").stdout


# --- one-line errors, store unchanged ---------------------------------------------------------


def test_missing_file_folder_and_empty_file(cli: Cli, tmp_path: Path) -> None:
    before = dump_store(cli.url)
    missing = tmp_path / "nope.txt"
    result = cli("doc", "add", missing, "--title", "Missing", ok=False)
    assert one_line_error(result) == f"error: {missing}: no such file"
    assert result.exit_code == 3
    folder = tmp_path / "folder"
    folder.mkdir()
    assert one_line_error(cli("doc", "add", folder, "--title", "Folder", ok=False)) == (
        f"error: {folder}: is a folder, not a text file"
    )
    empty = write(tmp_path, "empty.txt", " \n\n")
    assert "the text is empty" in one_line_error(cli("doc", "add", empty, "--title", "Empty", ok=False))
    assert dump_store(cli.url) == before


def test_unknown_outlet_is_refused(cli: Cli, tmp_path: Path) -> None:
    cli("outlet", "add", "CTC Sentinel")
    before = dump_store(cli.url)
    path = write(tmp_path, "a.txt", ARTICLE)
    result = cli("doc", "add", path, "--title", "T", "--outlet", "Terrorism Monitor", ok=False)
    assert "no outlet 'Terrorism Monitor'" in one_line_error(result)
    assert result.exit_code == 3
    assert dump_store(cli.url) == before


def test_outlet_grades_and_duplicates(cli: Cli) -> None:
    cli("outlet", "add", "CTC Sentinel", "--grade", "b", "--reason", "peer-reviewed")
    before = dump_store(cli.url)
    result = cli("outlet", "add", "Global Research", "--grade", "Z", ok=False)
    line = one_line_error(result)
    assert "grade 'Z' is not on the Admiralty scale" in line and "F (reliability cannot be judged)" in line
    result = cli("outlet", "add", "CTC Sentinel", "--grade", "A", ok=False)
    assert "outlet 'CTC Sentinel' already exists as outlet 1 (ctc-sentinel)" in one_line_error(result)
    assert result.exit_code == 4
    result = cli("outlet", "add", "Another", "--key", "ctc-sentinel", ok=False)
    assert "already exists" in one_line_error(result)  # the unique key, on both engines
    result = cli("outlet", "add", "Bad key", "--key", "Not A Key", ok=False)
    assert "must be lowercase ASCII letters" in one_line_error(result)
    assert dump_store(cli.url) == before
    assert cli.json("outlet", "list") == [
        {"id": 1, "key": "ctc-sentinel", "name": "CTC Sentinel", "grade": "B", "reason": "peer-reviewed"}
    ]


def test_duplicate_document_key_is_refused(cli: Cli) -> None:
    cli("doc", "add", "--unheld", "--title", "One", "--key", "report")
    before = dump_store(cli.url)
    result = cli("doc", "add", "--unheld", "--title", "Two", "--key", "report", ok=False)
    assert "already exists" in one_line_error(result)
    assert dump_store(cli.url) == before


def test_unknown_document_is_refused(cli: Cli) -> None:
    for args in (("doc", "show", "nope"), ("doc", "text", "7"), ("doc", "delete", "nope")):
        result = cli(*args, ok=False)
        assert "no doc" in one_line_error(result)
        assert result.exit_code == 3


# --- doc list / show / text -------------------------------------------------------------------


def test_doc_list_json_and_filters(cli: Cli, tmp_path: Path) -> None:
    cli("outlet", "add", "CTC Sentinel", "--grade", "B")
    cli("doc", "add", write(tmp_path, "a.txt", ARTICLE), "--title", "Held", "--outlet", "ctc-sentinel")
    cli("doc", "add", "--unheld", "--title", "Unheld", "--published", "2019")
    cli("claim", "add", "1", "--quote", "Federal Prosecutor", "--statement", "She was a prosecutor")
    docs = cli.json("doc", "list")
    assert [(d["id"], d["title"], d["held"], d["outlet"], d["claims"]) for d in docs] == [
        (1, "Held", True, "CTC Sentinel", 1),
        (2, "Unheld", False, None, 0),
    ]
    assert [d["id"] for d in cli.json("doc", "list", "--held")] == [1]
    assert [d["id"] for d in cli.json("doc", "list", "--unheld")] == [2]
    assert [d["id"] for d in cli.json("doc", "list", "--outlet", "CTC Sentinel")] == [1]
    table = cli("doc", "list").stdout
    assert table.splitlines()[0].split() == ["id", "key", "text", "published", "outlet", "claims", "title"]


def test_doc_show_json_lists_claims_and_citers(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", write(tmp_path, "a.txt", ARTICLE), "--title", "Interview", "--key", "interview")
    cli("doc", "add", "--unheld", "--title", "Eurojust annual report", "--key", "eurojust")
    cli("claim", "add", "interview", "--quote", "Federal Prosecutor", "--statement", "prosecutor")
    cli("claim", "add", "interview", "--quote", "now more than ever", "--statement", "urgency")
    cli("cite", "2", "--doc", "eurojust")
    assert cli.json("doc", "show", "interview")["claim_ids"] == [1, 2]
    cited = cli.json("doc", "show", "eurojust")
    assert cited["cited_by"] == [2] and cited["claims"] == 0


def test_doc_text_prints_exactly_the_canonical_text(cli: Cli, tmp_path: Path) -> None:
    body = unicodedata.normalize("NFD", "No final newline: Fédéral “quoted”.\r\nSecond line 🙂 end")
    cli("doc", "add", write(tmp_path, "a.txt", b"\xef\xbb\xbf" + body.encode()), "--title", "Exact")
    printed = cli("doc", "text", "1").stdout
    canonical = "No final newline: Fédéral “quoted”.\nSecond line 🙂 end"
    assert printed == canonical  # no BOM, LF, NFC, and no newline added
    assert sha256(printed) == cli.json("doc", "show", "1")["sha256"]

    cli("doc", "add", write(tmp_path, "b.txt", ARTICLE), "--title", "With final newline")
    assert cli("doc", "text", "2").stdout == ARTICLE


def test_part_of_a_held_document(cli: Cli, tmp_path: Path) -> None:
    cli("doc", "add", write(tmp_path, "a.txt", ARTICLE), "--title", "Issue", "--key", "issue")
    cli("doc", "add", "--part-of", "issue", "--span", "0", "20", "--title", "First part")
    part = cli.json("doc", "show", "2")
    assert part["part_of"] == 1 and part["span"] == [0, 20]
    before = dump_store(cli.url)
    result = cli("doc", "add", "--part-of", "issue", "--span", "0", "99999", "--title", "Too long", ok=False)
    assert "outside the container's text" in one_line_error(result)
    result = cli("doc", "add", "--part-of", "2", "--span", "0", "1", "--title", "Part of unheld", ok=False)
    assert "is not held" in one_line_error(result)
    assert dump_store(cli.url) == before
