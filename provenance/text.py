"""Text enters canonicalised once (RELIABILITY F10, F11).

Every document text and every short field goes through this module before it is
stored or matched, so offsets (code points of the canonical text), hashes and
comparisons mean the same thing on SQLite and PostgreSQL:

* strict UTF-8 (or an encoding the user names): never a silent U+FFFD;
* no byte-order mark, ``\\n`` line endings, NFC;
* no NUL or other control characters except tab and newline (PostgreSQL refuses
  NUL outright; SQLite's ``length()`` stops at it).

Pure: no database, no printing, no I/O.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata

from provenance.errors import InvalidInput, field
from provenance.folding import fold_words
from provenance.limits import FIELD_LIMITS

__all__ = [
    "BIDI_CONTROLS",
    "SUSPICIOUS",
    "ZERO_WIDTH",
    "canonicalize",
    "canonicalize_bytes",
    "check_field",
    "sha256_text",
    "suspicious_characters",
]

BOM = "\ufeff"

# C0 controls except tab and newline, DEL, C1 controls, and lone surrogates (which only
# reach a str through ``surrogateescape``, i.e. from bytes that were not valid UTF-8).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NEWLINES = re.compile("\r\n?")

# Invisible characters that can reorder what a reader sees or hide inside a word.
BIDI_CONTROLS: frozenset[str] = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]  # LRE RLE PDF LRO RLO
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI RLI FSI PDI
    + ["\u200e", "\u200f", "\u061c"]  # LRM RLM ALM
)
ZERO_WIDTH: frozenset[str] = frozenset(["\u200b", "\u200c", "\u200d", "\u2060", BOM])
SUSPICIOUS: frozenset[str] = BIDI_CONTROLS | ZERO_WIDTH

_CONTROL_NAMES = {0x00: "NUL", 0x1B: "ESC", 0x7F: "DEL", 0x0D: "CR"}


def _describe(ch: str) -> str:
    """``U+0000 (NUL)``-style label; controls have no ``unicodedata.name``."""
    cp = ord(ch)
    name = _CONTROL_NAMES.get(cp) or unicodedata.name(ch, "")
    if 0xD800 <= cp <= 0xDFFF:
        name = "a lone surrogate: the input was not valid UTF-8"
    return f"U+{cp:04X}" + (f" ({name})" if name else "")


def _not_utf8_like(data: bytes) -> tuple[str, int, str] | None:
    """Recognise UTF-16/32 (by BOM, or by NUL bytes) for a clearer message: (encoding, byte offset, why)."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", 0, "it starts with a UTF-32 byte-order mark"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0, "it starts with a UTF-16 byte-order mark"
    head = data[:4096]
    # ASCII text in UTF-16 without a BOM decodes as "UTF-8" full of NULs, one every other byte.
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        return "utf-16", data.index(0), "every other byte is NUL"
    return None


def canonicalize_bytes(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Decode a document file strictly, then :func:`canonicalize` it.

    Without ``encoding`` the bytes must be UTF-8; the error names the byte offset
    so the user can find the bad byte, and says so when the file looks like UTF-16.
    """
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InvalidInput(f"unknown encoding {encoding!r}", where=source) from None
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"not valid {encoding} at byte {exc.start} (0x{data[exc.start]:02x}); "
                f"check {field('encoding')}",
                where=source,
            ) from None
        return canonicalize(text, source=source)

    looks = _not_utf8_like(data)
    if looks is not None:
        name, offset, why = looks
        raise InvalidInput(
            f"not valid UTF-8 at byte {offset} (0x{data[offset]:02x}): the file looks like {name.upper()} "
            f"({why}); convert it to UTF-8 or pass {field('encoding')} {name}",
            where=source,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InvalidInput(
            f"not valid UTF-8 at byte {exc.start} (0x{data[exc.start]:02x}, line {line}); "
            f"convert the file to UTF-8 or pass {field('encoding')} (e.g. {field('encoding')} latin-1)",
            where=source,
        ) from None
    return canonicalize(text, source=source)


def canonicalize(text: str, *, source: str) -> str:
    """Return the canonical form of a document text: no BOM, ``\\n`` line endings, NFC.

    Refuses control characters other than tab and newline, naming line and column
    (1-based, in code points) so the user can fix the file.
    """
    text = text.lstrip(BOM)  # all of them, or canonicalising twice would differ
    text = _NEWLINES.sub("\n", text)
    # Check before NFC so line and column refer to what the user's editor shows.
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        pos = bad.start()
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        what = _describe(bad.group())
        raise InvalidInput(
            f"line {line}, column {column}: control character {what} is not allowed", where=source
        )
    return unicodedata.normalize("NFC", text)


def sha256_text(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding: the hash anchors are checked against."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_field(value: str, *, field: str) -> str:
    """Canonicalise a short field (title, quote, statement, …): NFC, ``\\n`` endings, stripped.

    Control characters other than tab and newline are refused with the field's name.
    Line endings are normalised rather than refused because pasted text often carries CRLF.
    """
    value = _NEWLINES.sub("\n", value)
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise InvalidInput(
            f"control character {_describe(bad.group())} at position {bad.start()} is not allowed",
            where=field,
        )
    value = unicodedata.normalize("NFC", value).strip()
    limit = FIELD_LIMITS.get(field)
    if limit is not None and len(value) > limit:
        raise InvalidInput(
            f"is {len(value):,} characters long; at most {limit:,} are allowed (it starts {value[:40]!r})",
            where=field,
        )
    return value


def suspicious_characters(s: str) -> list[tuple[int, str]]:
    """Bidi controls and zero-width characters in ``s``, as ``(offset, "U+202E (RIGHT-TO-LEFT OVERRIDE)")``.

    Offsets are code points. These are legal text, so ``check`` only warns about them.
    """
    return [(i, _describe(ch)) for i, ch in enumerate(s) if ch in SUSPICIOUS]


def fold_name(name: str) -> str:
    """The form lookups compare: the folded words (provenance.folding: no case, no diacritics, no
    apostrophes or ʿayn/hamza marks, no leading "al-"), joined by single spaces."""
    return " ".join(fold_words(name))


def shorten(text: str, limit: int, *, one_line: bool = True) -> str:
    """``text`` cut to ``limit`` code points with "…" when longer; ``one_line`` first collapses runs of
    whitespace (line breaks included) to one space, so a message or a table cell stays one line."""
    if one_line:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
