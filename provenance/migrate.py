"""Running the migrations in `migrations/` from the CLI and the tests.

Alembic is the only way the schema is created. The whole upgrade runs in one
transaction on the caller's connection: with our SQLite begin hook that makes a
failed migration roll back completely on SQLite too (RELIABILITY F3).
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, text

from .db import SCHEMA_HEAD, database_url, make_engine
from .errors import InvalidInput, ProvenanceError, SchemaMismatch
from .resources import resource_dir


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    if url:
        # ConfigParser interpolation treats % specially.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def _run(url: str | None, action: str, revision: str) -> None:
    url = database_url(url)
    # Foreign keys are checked once, before commit, not per statement: SQLite
    # batch migrations rebuild tables and would trip them mid-way.
    engine = make_engine(url, foreign_keys=False)
    try:
        with engine.connect().execution_options(provenance_write=True) as conn, conn.begin():
            config = alembic_config(url, conn)
            _check_known(conn, config)
            try:
                if action == "upgrade":
                    command.upgrade(config, revision)
                else:
                    command.downgrade(config, revision)
            except CommandError as exc:  # e.g. an unknown target revision: one line, no traceback
                raise InvalidInput(f"cannot {action} the store to {revision!r}: {exc}") from None
            if MigrationContext.configure(conn).get_current_revision() == SCHEMA_HEAD:
                _index_queued(conn)
            if conn.dialect.name == "sqlite":
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise ProvenanceError(
                        f"migration would leave {len(broken)} broken references "
                        f"(first in table {broken[0][0]}); nothing was changed"
                    )
    finally:
        engine.dispose()


def _index_queued(conn: Connection) -> None:
    """Index what the migrations queued (0004 queues every record), in the upgrade's transaction."""
    from sqlalchemy.orm import Session

    from .search.index import sync

    session = Session(bind=conn)
    try:
        sync(session)
    finally:
        session.close()


def _check_known(conn: Connection, config: Config) -> None:
    """Refuse, in words, a store whose revision this provenance does not know (a newer one wrote it)."""
    found = MigrationContext.configure(conn).get_current_revision()
    if found is None:
        return
    script = ScriptDirectory.from_config(config)
    if found not in {s.revision for s in script.walk_revisions()}:
        raise SchemaMismatch(
            f"store is at revision {found}, which this provenance does not know (its newest is "
            f"{script.get_current_head()}); a newer provenance wrote it: upgrade provenance"
        )


def upgrade(url: str | None = None, revision: str = "head") -> None:
    _run(url, "upgrade", revision)


def downgrade(url: str | None = None, revision: str = "-1") -> None:
    _run(url, "downgrade", revision)


def current_revision(url: str | None = None) -> str | None:
    engine = make_engine(database_url(url))
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
