"""Alembic environment: one migration history for SQLite and PostgreSQL."""

from __future__ import annotations

from alembic import context

from provenance.db import database_url, make_engine
from provenance.models import Base, include_object

config = context.config
target_metadata = Base.metadata


def run_with(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        transaction_per_migration=False,  # the whole upgrade is one transaction
        compare_type=True,
        include_object=include_object,  # engine-specific search objects (models.MIGRATION_ONLY)
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # the CLI and the tests pass their own connection
        run_with(connection)
        return
    # The `alembic` command line (alembic.ini): build an engine the project's way.
    engine = make_engine(database_url(config.get_main_option("sqlalchemy.url")), foreign_keys=False)
    try:
        with engine.connect().execution_options(provenance_write=True) as conn:
            run_with(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run them against a store")
run_migrations_online()
