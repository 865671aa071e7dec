"""Keeping the index current: inside every write transaction, and rebuilt on demand.

Database triggers (migration 0004) queue every record written to an indexed table in
`search_pending`, whatever wrote it: the ORM, a bundle import's executemany, a bulk delete, or
SQL typed by hand. `sync` (run by `Store.write` just before commit, and by `db upgrade`) indexes
what is queued and empties the queue, in the same transaction: a rollback drops both together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import Connection, delete, func, insert, literal, select
from sqlalchemy.orm import Session

from .. import works_index
from ..models import (
    Citation,
    Claim,
    ClaimEntity,
    Document,
    Entity,
    Outlet,
    SearchEntry,
    SearchName,
    SearchPending,
)
from . import entries

__all__ = ["pending", "reindex", "sync"]

# Queue kind -> (entry kind it rebuilds, what builds the entries).
_BUILDERS: dict[str, tuple[str, Callable[[Connection, list[int]], list[entries.Row]]]] = {
    "claim": ("claim", entries.claim_entries),
    "document": ("document", entries.document_entries),
    "text": ("passage", entries.passage_entries),
    "outlet": ("outlet", entries.outlet_entries),
    "citation": ("citation", entries.citation_entries),
}


def pending(session: Session) -> int:
    """How many records wait to be indexed (0 after every write made through the library)."""
    return int(session.connection().execute(select(func.count()).select_from(SearchPending)).scalar_one())


def sync(session: Session) -> int:
    """Index every queued record and empty the queue; returns how many records were queued."""
    conn = session.connection()
    queued = conn.execute(select(SearchPending.kind, SearchPending.record_id)).all()
    if not queued:
        return 0
    conn.execute(delete(SearchPending))
    by_kind: dict[str, set[int]] = defaultdict(set)
    for kind, record_id in queued:
        by_kind[kind].add(record_id)
    if by_kind["entity"]:  # a claim's entry holds its entities' names and aliases
        for batch in entries.batches(by_kind["entity"]):
            by_kind["claim"].update(
                conn.execute(select(ClaimEntity.claim_id).where(ClaimEntity.entity_id.in_(batch))).scalars()
            )
        _rebuild_entities(conn, by_kind["entity"])
    for kind, (entry_kind, build) in _BUILDERS.items():
        for batch in entries.batches(by_kind[kind]):
            _replace(conn, entry_kind, batch, build(conn, batch))
    # The work index rides on the same queue: a document or its text changed.
    works_index.refresh(conn, by_kind["document"] | by_kind["text"])
    return len(queued)


def _replace(conn: Connection, kind: str, ids: list[int], rows: list[entries.Row]) -> None:
    conn.execute(delete(SearchEntry).where(SearchEntry.kind == kind, SearchEntry.record_id.in_(ids)))
    if rows:
        conn.execute(insert(SearchEntry), rows)


def _rebuild_entities(conn: Connection, ids: set[int]) -> None:
    for batch in entries.batches(ids):
        rows, words = entries.entity_entries(conn, batch)
        _replace(conn, "entity", batch, rows)
        conn.execute(delete(SearchName).where(SearchName.entity_id.in_(batch)))
        if words:
            conn.execute(insert(SearchName), words)


# Every record, by queue kind: what `reindex` queues.
_EVERYTHING = (
    ("outlet", select(Outlet.id)),
    ("document", select(Document.id)),
    ("text", select(Document.id).where(Document.revision > 0)),
    ("claim", select(Claim.id)),
    ("citation", select(Citation.id)),
    ("entity", select(Entity.id)),
)


def reindex(session: Session) -> int:
    """Throw the index away and build it again from the store; returns the entries written."""
    conn = session.connection()
    conn.execute(delete(SearchPending))
    conn.execute(delete(SearchEntry))
    conn.execute(delete(SearchName))
    works_index.rebuild(conn)
    for kind, ids in _EVERYTHING:
        conn.execute(
            insert(SearchPending).from_select(
                ["kind", "record_id"], select(literal(kind), ids.subquery().c.id)
            )
        )
    sync(session)
    return int(conn.execute(select(func.count()).select_from(SearchEntry)).scalar_one())
