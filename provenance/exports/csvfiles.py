"""CSV for spreadsheets: `claims.csv` and `citations.csv`.

Plain UTF-8 (no byte-order mark), a header row, RFC 4180 quoting and CRLF line ends. Sources
are hostile, so a cell that a spreadsheet would read as a formula (starting with = + - @, or a
tab or carriage return) is prefixed with an apostrophe, as spreadsheet users expect; numbers
the store computed (offsets, credibility) are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from .common import ExportData

CLAIM_COLUMNS = (
    "key",
    "document",
    "document_title",
    "outlet",
    "published",
    "start",
    "end",
    "quote",
    "statement",
    "speaker",
    "hedging",
    "verdict",
    "credibility",
    "anchor",
    "entities",
)
CITATION_COLUMNS = (
    "claim",
    "kind",
    "document",
    "document_title",
    "entity",
    "person",
    "locator",
    "locator_start",
    "locator_end",
    "note",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> str | int:
    """A safe cell: None as empty, numbers as numbers, text that looks like a formula defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def table(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return stream.getvalue().encode("utf-8")


def render(snap: ExportData) -> tuple[dict[str, bytes], int]:
    """The two files, and how many rows they hold."""
    claims = []
    for c in snap.bundle.claims:
        document = snap.documents[c.document]
        outlet = snap.outlet_of(document)
        claims.append(
            (
                c.key,
                c.document,
                document.title,
                outlet.name if outlet else None,
                document.published,
                c.start,
                c.end,
                c.exact,
                c.statement,
                c.speaker,
                c.hedging,
                c.verdict,
                c.credibility,
                c.anchor,
                "; ".join(c.entities),
            )
        )
    citations = [
        (
            c.claim,
            c.kind,
            c.document,
            snap.documents[c.document].title if c.document else None,
            c.entity,
            c.person,
            c.locator,
            c.locator_start,
            c.locator_end,
            c.note,
        )
        for c in snap.bundle.citations
    ]
    files = {"claims.csv": table(CLAIM_COLUMNS, claims), "citations.csv": table(CITATION_COLUMNS, citations)}
    return files, len(claims) + len(citations)
