"""The work index: what finds a document's other records on entry, kept current in every write.

For each document, the hash of its canonical URL and of its title + outlet + date
(`work_index`), and for a held one the MinHash bands of its current text (`work_band`) and its winnowed prints
(`reuse_print`, which find the passages it shares with others). It is
derived from the documents alone, so it is never exported; the search index's queue (filled by
triggers on `document` and `document_text`) says which documents to refresh, and `refresh` runs
in the same before-commit pass as the search index (`search.index.sync`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import Connection, and_, delete, insert, select

from .models import Document, DocumentText, ReusePrint, WorkBand, WorkIndex
from .reading.reuse import bands, shingles, signature, text_prints, title_key
from .urls import canonical_url

__all__ = ["refresh", "rebuild", "url_key"]

_BATCH = 500


def url_key(url: str | None) -> str | None:
    canonical = canonical_url(url)
    return hashlib.sha256(canonical.encode()).hexdigest() if canonical else None


def refresh(conn: Connection, document_ids: Iterable[int]) -> None:
    """Make the index rows of these documents (gone ones: none) match the store."""
    ids = sorted(set(document_ids))
    for start in range(0, len(ids), _BATCH):
        batch = ids[start : start + _BATCH]
        conn.execute(delete(WorkBand).where(WorkBand.document_id.in_(batch)))
        conn.execute(delete(WorkIndex).where(WorkIndex.document_id.in_(batch)))
        conn.execute(delete(ReusePrint).where(ReusePrint.document_id.in_(batch)))
        rows = conn.execute(
            select(
                Document.id,
                Document.url,
                Document.title,
                Document.outlet_id,
                Document.published,
                DocumentText.text,
            )
            .outerjoin(
                DocumentText,
                and_(DocumentText.document_id == Document.id, DocumentText.revision == Document.revision),
            )
            .where(Document.id.in_(batch))
        ).all()
        index_rows: list[dict[str, object]] = []
        band_rows: list[dict[str, object]] = []
        print_rows: list[dict[str, object]] = []
        for doc_id, url, title, outlet_id, published, text in rows:
            shingled = shingles(text) if text else frozenset()
            index_rows.append(
                {
                    "document_id": doc_id,
                    "url_key": url_key(url),
                    "title_key": title_key(title, outlet_id, published),
                    "shingles": len(shingled),
                }
            )
            band_rows.extend({"band": b, "document_id": doc_id} for b in set(bands(signature(shingled))))
            if text:
                print_rows.extend({"print": p, "document_id": doc_id} for p in text_prints(text))
        if index_rows:
            conn.execute(insert(WorkIndex), index_rows)
        if band_rows:
            conn.execute(insert(WorkBand), band_rows)
        for at in range(0, len(print_rows), 5000):
            conn.execute(insert(ReusePrint), print_rows[at : at + 5000])


def rebuild(conn: Connection) -> int:
    """The whole index again, from the documents (for `db reindex`)."""
    conn.execute(delete(WorkBand))
    conn.execute(delete(WorkIndex))
    conn.execute(delete(ReusePrint))
    ids = list(conn.execute(select(Document.id)).scalars())
    refresh(conn, ids)
    return len(ids)
