"""Migration 0008 (issue 21): citation.target_person_key, the folded unnamed source, indexed with the
id. Down and up again on both engines with citations in the store: the key is dropped, then
computed again for every existing citation; the library keys new citations the same way."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select
from test_neighbourhood import traced_part

from provenance import migrate
from provenance.chains import person_key
from provenance.citations import add_citation
from provenance.db import SCHEMA_HEAD, Database, make_engine
from provenance.models import Citation


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {c["name"] for c in sa.inspect(engine).get_columns("citation")}
    finally:
        engine.dispose()


def _keys(url: str) -> list[tuple[str | None, str | None]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT target_person, target_person_key FROM citation ORDER BY id")
            ).all()
        return [(a, b) for a, b in rows]
    finally:
        engine.dispose()


def test_down_and_up_again_keys_every_existing_citation(store_url: str) -> None:
    migrate.upgrade(store_url)
    db = Database(store_url, actor="test")
    with db.write() as session:
        traced_part(session)
    db.dispose()
    before = _keys(store_url)
    assert sum(1 for person, _ in before if person) == 3

    migrate.downgrade(store_url, "0007")
    assert migrate.current_revision(store_url) == "0007"
    assert "target_person_key" not in _columns(store_url)
    assert len(_ids(store_url)) == len(before)  # the citations themselves stay

    migrate.upgrade(store_url)
    assert migrate.current_revision(store_url) == SCHEMA_HEAD
    after = _keys(store_url)
    assert after == [(p, person_key(p) if p is not None else None) for p, _ in before]
    assert {k for _, k in after if k} == {"regional intelligence officials"}


def _ids(url: str) -> list[tuple[int]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(sa.text("SELECT id FROM citation")).all()]
    finally:
        engine.dispose()


def test_the_library_keys_a_new_citation(store_url: str) -> None:
    migrate.upgrade(store_url)
    db = Database(store_url, actor="test")
    with db.write() as session:
        traced_part(session)
        citation = add_citation(
            session, "a", kind="according_to", person="  Regional  intelligence OFFICIALS"
        )
        session.flush()
        key = session.scalar(select(Citation.target_person_key).where(Citation.id == citation.id))
    db.dispose()
    assert key == "regional intelligence officials"
