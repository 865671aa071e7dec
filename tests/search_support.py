"""Helpers for the search tests (no tests here): the index as rows, and the index a rebuild makes."""

from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from provenance.db import Database, make_engine
from provenance.models import SearchEntry, SearchName, SearchPending

Entry = tuple[object, ...]


def index_rows(url: str) -> tuple[Counter[Entry], Counter[tuple[object, ...]], int]:
    """The index as the store holds it: entries (without their ids), name words, pending count."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return _rows(conn)
    finally:
        engine.dispose()


def _rows(conn: sa.Connection) -> tuple[Counter[Entry], Counter[tuple[object, ...]], int]:
    table = SearchEntry.__table__
    columns = [c for c in table.c if c.name != "id"]
    entries = Counter(tuple(row) for row in conn.execute(sa.select(*columns)))
    names = Counter(
        tuple(r) for r in conn.execute(sa.select(SearchName.entity_id, SearchName.token, SearchName.skeleton))
    )
    pending = conn.execute(sa.select(sa.func.count()).select_from(SearchPending)).scalar_one()
    return entries, names, pending


def rebuilt_rows(url: str) -> tuple[Counter[Entry], Counter[tuple[object, ...]], int]:
    """The index a full `reindex` would make now, in a transaction that is then rolled back."""
    from provenance.search.index import reindex

    store = Database(url)
    try:
        session = sa.orm.Session(bind=store.engine.execution_options(provenance_write=True))
        try:
            with session.begin():
                reindex(session)
                rows = _rows(session.connection())
                session.rollback()
        finally:
            session.close()
        return rows
    finally:
        store.dispose()


def fts_integrity(url: str) -> None:
    """SQLite: FTS5 checks its index against search_entry (raises if they differ)."""
    if not url.startswith("sqlite"):
        return
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        engine.dispose()


def assert_index_current(url: str) -> None:
    """The index equals what a rebuild makes, nothing waits in the queue, and FTS5 agrees."""
    held = index_rows(url)
    assert held[2] == 0, f"{held[2]} records still queued"
    rebuilt = rebuilt_rows(url)
    assert held[0] == rebuilt[0], _diff(held[0], rebuilt[0])
    assert held[1] == rebuilt[1]
    fts_integrity(url)


def _diff(held: Counter[Entry], rebuilt: Counter[Entry]) -> str:
    extra = list((held - rebuilt).elements())[:5]
    missing = list((rebuilt - held).elements())[:5]
    return f"stale entries {extra}; missing entries {missing}"
