"""The event log is append-only, in the database itself; and a migration keeps the data (T28)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from provenance import migrate
from provenance.bundle import export_bundle, import_bundle, load_bundle
from provenance.db import SCHEMA_HEAD, make_engine

SEEDS = Path(__file__).resolve().parents[1] / "seeds" / "bundle.yaml"


def test_the_database_refuses_to_edit_or_delete_events(cli) -> None:  # type: ignore[no-untyped-def]
    cli("outlet", "add", "CTC Sentinel", "--grade", "B")
    engine = make_engine(cli.url)
    try:
        for statement in ("UPDATE event SET actor = 'someone else'", "DELETE FROM event"):
            with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
                conn.execute(sa.text(statement))
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT actor FROM event")).scalars().all() == ["tester"]
    finally:
        engine.dispose()


def test_upgrading_a_store_that_holds_the_seed_corpus_keeps_every_record(store_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The importer and exporter write and read the newest models, so the corpus goes in at head and
    # the store is taken down to 0001 (every later migration's downgrade keeps the rows) and back up.
    migrate.upgrade(store_url)
    engine = make_engine(store_url)
    try:
        with Session(engine) as session, session.begin():
            import_bundle(session, load_bundle(SEEDS))
        with Session(engine) as session, session.begin():
            export_bundle(session, tmp_path / "before")
    finally:
        engine.dispose()
    migrate.downgrade(store_url, "0001")
    assert migrate.current_revision(store_url) == "0001"
    migrate.upgrade(store_url)
    assert migrate.current_revision(store_url) == SCHEMA_HEAD
    engine = make_engine(store_url)
    try:
        with Session(engine) as session, session.begin():
            export_bundle(session, tmp_path / "after")
    finally:
        engine.dispose()
    before = sorted(
        p.relative_to(tmp_path / "before") for p in (tmp_path / "before").rglob("*") if p.is_file()
    )
    after = sorted(p.relative_to(tmp_path / "after") for p in (tmp_path / "after").rglob("*") if p.is_file())
    assert before == after
    for path in before:
        assert (tmp_path / "before" / path).read_bytes() == (tmp_path / "after" / path).read_bytes(), path
