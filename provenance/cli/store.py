"""`init` and `db upgrade|downgrade|current`: the only ways the schema changes."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import fail, handle_errors, options

db_app = typer.Typer(help="Migrate the store's schema (Alembic).", no_args_is_help=True)


@handle_errors
def init() -> None:
    """Create the store at the newest schema (or bring an existing one up to it).

    Example: provenance init            (creates ./provenance.db)
             provenance --db postgresql://editor@db.internal/provenance init
    """
    from .. import migrate
    from ..db import SCHEMA_HEAD, Store

    store = Store(options["db"])
    before = migrate.current_revision(store.url) if store.exists() else None
    migrate.upgrade(store.url)
    if before == SCHEMA_HEAD:
        typer.echo(f"{store.describe()} is already a provenance store at schema {SCHEMA_HEAD}")
    else:
        typer.echo(f"created provenance store {store.describe()} at schema {SCHEMA_HEAD}")


@db_app.command("upgrade")
@handle_errors
def upgrade(revision: str = typer.Argument("head", help="Target revision (default: the newest).")) -> None:
    """Upgrade the store's schema.

    Example: provenance db upgrade
    """
    from .. import migrate

    before = migrate.current_revision(options["db"])
    migrate.upgrade(options["db"], revision)
    typer.echo(f"schema {before or 'empty'} -> {migrate.current_revision(options['db'])}")


@db_app.command("downgrade")
@handle_errors
def downgrade(
    revision: str = typer.Argument(..., help="Target revision, e.g. -1 or base (drops the tables!)."),
) -> None:
    """Downgrade the store's schema to REVISION. Data in dropped tables is lost.

    Example: provenance db downgrade -1
    """
    from .. import migrate
    from ..db import Store

    store = Store(options["db"])
    # Refuse before connecting: on SQLite connecting would create an empty file, and Alembic
    # would give an empty database a version table.
    if not store.exists():
        fail(f"no store at {store.describe()}; run `provenance init` (or pass --db)", 6)
    before = migrate.current_revision(options["db"])
    if before is None:
        fail(f"{store.describe()} has no provenance schema to downgrade; run `provenance init`", 6)
    migrate.downgrade(options["db"], revision)
    typer.echo(f"schema {before or 'empty'} -> {migrate.current_revision(options['db']) or 'empty'}")


@db_app.command("current")
@handle_errors
def current() -> None:
    """Show the store's schema revision and the one this provenance expects.

    Example: provenance db current
    """
    from .. import migrate
    from ..db import SCHEMA_HEAD, Store

    store = Store(options["db"])
    found = migrate.current_revision(store.url) if store.exists() else None
    state = "up to date" if found == SCHEMA_HEAD else "run `provenance db upgrade`"
    typer.echo(f"{store.describe()}: schema {found or 'none'} (expected {SCHEMA_HEAD}; {state})")


@db_app.command("reindex")
@handle_errors
def reindex() -> None:
    """Build the search index again from the store, in one transaction (it is kept current by every
    write; this is for a store written by SQL typed by hand, or an index damaged from outside).

    Example: provenance db reindex
    """
    from ..search.index import reindex as rebuild
    from .common import writing

    with writing() as session:
        entries = rebuild(session)
    typer.echo(f"search index rebuilt: {entries} entries")


@handle_errors
def backup(
    file: Path = typer.Argument(..., help="The new SQLite file to write."),
    force: bool = typer.Option(False, "--force", help="Replace FILE if it exists."),
) -> None:
    """Take a consistent copy of a live SQLite store (safe while others write).

    For PostgreSQL stores use pg_dump, or `provenance export` for a portable bundle.

    Example: provenance backup backups/provenance-2026-11-21.db
    """
    from ..backup import backup as take_backup
    from ..db import Store

    store = Store(options["db"])
    try:
        written = take_backup(store, file, overwrite=force)
    finally:
        store.dispose()
    typer.echo(f"backed up {store.describe()} to {written} (integrity ok, schema current)")


@db_app.command("copy")
@handle_errors
def copy(
    to: str = typer.Option(
        ..., "--to", metavar="URL", help="The empty target store (migrated first if needed)."
    ),
) -> None:
    """Copy the whole store into another (e.g. SQLite to PostgreSQL), verified by comparing exports.

    The event log stays with the source (the copy starts its own with one import event).

    Example: provenance db copy --to postgresql://editor@db.internal/provenance
    """
    from ..db import Store
    from ..transfer import copy_store

    source = Store(options["db"], actor=options["actor"])
    try:
        summary = copy_store(source, to)
    finally:
        source.dispose()
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items() if n)
    typer.echo(f"copied {source.describe()} to {summary.target}: {counts}; exports identical")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("backup")(backup)
    app.add_typer(db_app, name="db")
