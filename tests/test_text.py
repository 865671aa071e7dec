"""provenance.text: text enters canonicalised once (RELIABILITY F10, F11, T10–T12)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.errors import InvalidInput
from provenance.text import (
    SUSPICIOUS,
    canonicalize,
    canonicalize_bytes,
    check_field,
    sha256_text,
    suspicious_characters,
)

ARTICLE = "Abū Bakr al-Baghdādī’s “caliphate”\nCafé 🙂 — résumé\n\tindented line\nlast line\n"


# --- T11: one article, three spellings, one text -------------------------------------------


def test_lf_crlf_bom_and_nfd_give_identical_text_and_hash() -> None:
    lf = ARTICLE.encode("utf-8")
    crlf_bom = b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8")
    nfd = unicodedata.normalize("NFD", ARTICLE).encode("utf-8")
    assert nfd != lf
    texts = [canonicalize_bytes(data, source="a.txt") for data in (lf, crlf_bom, nfd)]
    assert texts[0] == texts[1] == texts[2] == unicodedata.normalize("NFC", ARTICLE)
    assert len({sha256_text(t) for t in texts}) == 1


def test_canonical_text_has_no_bom_no_cr_and_is_nfc() -> None:
    text = canonicalize("\ufeffa\r\nb\rc\n" + "e\u0301", source="x")
    assert text == "a\nb\nc\né"
    assert unicodedata.is_normalized("NFC", text)


def test_only_leading_boms_are_dropped() -> None:
    assert (
        canonicalize("\ufeff\ufeffa\ufeffb", source="x") == "a\ufeffb"
    )  # inner U+FEFF is text; `check` warns


def test_sha256_is_hex_of_utf8() -> None:
    assert sha256_text("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert sha256_text("é") == sha256_text(unicodedata.normalize("NFC", "e\u0301"))
    assert sha256_text("é") != sha256_text("e\u0301")  # hashing does not normalise: canonicalise first


# --- T10: strict decoding, with the byte offset ----------------------------------------------


def test_invalid_utf8_names_source_and_byte_offset() -> None:
    data = b"line one\nline two \xff\xfe here"
    with pytest.raises(InvalidInput) as err:
        canonicalize_bytes(data, source="article.txt")
    message = str(err.value)
    assert message.startswith("article.txt: not valid UTF-8 at byte 18 (0xff")
    assert "line 2" in message and "pass encoding" in message  # a field; the CLI names it --encoding


def test_latin1_file_is_refused_with_offset_and_never_replaced() -> None:
    data = "Café Noël".encode("latin-1")
    with pytest.raises(InvalidInput) as err:
        canonicalize_bytes(data, source="latin.txt")
    assert "byte 3 (0xe9" in str(err.value)
    assert "latin.txt" in str(err.value)


def test_explicit_encoding_latin1_decodes() -> None:
    data = "Café Noël\r\n".encode("latin-1")
    assert canonicalize_bytes(data, source="latin.txt", encoding="latin-1") == "Café Noël\n"


def test_explicit_encoding_utf16_decodes_and_drops_bom() -> None:
    data = "Café\r\nx".encode("utf-16")
    assert canonicalize_bytes(data, source="u16.txt", encoding="utf-16") == "Café\nx"


def test_explicit_encoding_that_does_not_fit_names_the_offset() -> None:
    with pytest.raises(InvalidInput, match=r"u\.txt: not valid ascii at byte 1 \(0xc3\)"):
        canonicalize_bytes("xé".encode(), source="u.txt", encoding="ascii")


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown encoding 'klingon'"):
        canonicalize_bytes(b"x", source="u.txt", encoding="klingon")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_with_bom_says_it_looks_like_utf16(codec: str) -> None:
    data = "Café".encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    with pytest.raises(InvalidInput) as err:
        canonicalize_bytes(data, source="wide.txt")
    message = str(err.value)
    assert message.startswith("wide.txt: not valid UTF-8 at byte 0")
    assert "looks like UTF-" in message and "byte-order mark" in message
    assert "pass encoding utf-" in message


def test_utf16_without_bom_is_recognised_by_its_nul_bytes() -> None:
    with pytest.raises(InvalidInput, match=r"byte 1 \(0x00\).*looks like UTF-16"):
        canonicalize_bytes("plain ascii words".encode("utf-16-le"), source="w.txt")


def test_utf8_bom_is_fine() -> None:
    assert canonicalize_bytes(b"\xef\xbb\xbfhello", source="b.txt") == "hello"


# --- T12: NUL and other controls --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column", "code"),
    [
        ("a\x00b", 1, 2, "U+0000"),
        ("first\nsecond\x07", 2, 7, "U+0007"),
        ("x\r\ny\r\n\x1b[31m", 3, 1, "U+001B"),
        ("tab\tok\n\x7f", 2, 1, "U+007F"),
        ("c1 \x85 control", 1, 4, "U+0085"),
        ("\x9f", 1, 1, "U+009F"),
        ("\x0b vertical tab", 1, 1, "U+000B"),
        ("form\x0cfeed", 1, 5, "U+000C"),
    ],
)
def test_controls_are_refused_with_line_and_column(text: str, line: int, column: int, code: str) -> None:
    with pytest.raises(InvalidInput) as err:
        canonicalize(text, source="doc.txt")
    message = str(err.value)
    assert message.startswith(f"doc.txt: line {line}, column {column}: control character {code}")


def test_nul_message_names_it() -> None:
    with pytest.raises(InvalidInput, match=r"U\+0000 \(NUL\)"):
        canonicalize_bytes(b"abc\x00def", source="n.txt")


def test_lone_surrogate_is_refused() -> None:
    with pytest.raises(InvalidInput, match="U\\+DCE9"):
        canonicalize("caf\udce9", source="s.txt")


def test_tab_and_newline_are_allowed() -> None:
    assert canonicalize("a\tb\nc", source="x") == "a\tb\nc"


# --- check_field -------------------------------------------------------------------------------


def test_check_field_normalises_and_strips() -> None:
    assert check_field("  cafe\u0301 \n", field="title") == "café"
    assert check_field("two\r\nlines\tand tab", field="quote") == "two\nlines\tand tab"
    assert check_field("\u00a0nbsp\u3000", field="title") == "nbsp"


@pytest.mark.parametrize("bad", ["a\x00b", "bell\x07", "\x1b[2J", "del\x7f", "c1\x9b", "sur\udc80"])
def test_check_field_refuses_controls_naming_the_field(bad: str) -> None:
    with pytest.raises(InvalidInput) as err:
        check_field(bad, field="statement")
    assert str(err.value).startswith("statement: control character U+")


# --- suspicious characters -----------------------------------------------------------------------


def test_suspicious_characters_lists_bidi_and_zero_width_with_offsets() -> None:
    s = "a\u202egnp.exe\u200b🙂\u2066x\u2069\ufeff\u061c\u200e"
    found = suspicious_characters(s)
    assert [offset for offset, _ in found] == [1, 9, 11, 13, 14, 15, 16]
    assert found[0][1] == "U+202E (RIGHT-TO-LEFT OVERRIDE)"
    assert found[1][1] == "U+200B (ZERO WIDTH SPACE)"
    assert all(s[offset] in SUSPICIOUS for offset, _ in found)


def test_plain_text_is_not_suspicious() -> None:
    assert suspicious_characters("Plain “text” — with émoji 🙂 and Arabic الدولة") == []


def test_suspicious_set_covers_the_listed_ranges() -> None:
    expected = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C}
    expected |= {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}
    assert {ord(c) for c in SUSPICIOUS} == expected


# --- properties ----------------------------------------------------------------------------------

# Text as it arrives: any characters except the refused controls and surrogates, plus line endings.
_allowed = st.characters(
    blacklist_categories=["Cs"],
    blacklist_characters=[chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]],
)
_raw_text = st.lists(st.one_of(_allowed, st.sampled_from(["\r\n", "\r", "\n", "\ufeff", "e\u0301"]))).map(
    "".join
)


@given(_raw_text)
def test_canonicalize_is_idempotent_and_never_contains_cr(raw: str) -> None:
    once = canonicalize(raw, source="p")
    assert "\r" not in once
    assert canonicalize(once, source="p") == once
    assert unicodedata.is_normalized("NFC", once)


@given(_raw_text)
def test_canonicalize_bytes_agrees_with_canonicalize(raw: str) -> None:
    assert canonicalize_bytes(raw.encode("utf-8"), source="p") == canonicalize(raw, source="p")


@given(_raw_text)
def test_check_field_is_idempotent(raw: str) -> None:
    once = check_field(raw, field="f")
    assert check_field(once, field="f") == once
