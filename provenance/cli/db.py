"""`init`, `db upgrade|downgrade|current|copy` and `backup`: the store itself, its schema and copies."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import handle_errors, opened

db_app = typer.Typer(help="Migrate the store's schema (Alembic).", no_args_is_help=True)


@handle_errors
def init() -> None:
    """Create the store at the newest schema (or bring an existing one up to it).

    Example: provenance init            (creates ./provenance.db)
             provenance --db postgresql://editor@db.internal/provenance init
    """
    with opened() as store:
        state = store.init()
    if state.current:
        typer.echo(f"{store.describe()} is already a provenance store at schema {state.expected}")
    else:
        typer.echo(f"created provenance store {store.describe()} at schema {state.expected}")


@db_app.command("upgrade")
@handle_errors
def upgrade(revision: str = typer.Argument("head", help="Target revision (default: the newest).")) -> None:
    """Upgrade the store's schema.

    Example: provenance db upgrade
    """
    with opened() as store:
        before = store.schema().found
        after = store.upgrade(revision).found
    typer.echo(f"schema {before or 'empty'} -> {after}")


@db_app.command("downgrade")
@handle_errors
def downgrade(
    revision: str = typer.Argument(..., help="Target revision, e.g. -1 or base (drops the tables!)."),
) -> None:
    """Downgrade the store's schema to REVISION. Data in dropped tables is lost.

    Example: provenance db downgrade -1
    """
    with opened() as store:
        before = store.schema().found
        after = store.downgrade(revision).found
    typer.echo(f"schema {before or 'empty'} -> {after or 'empty'}")


@db_app.command("current")
@handle_errors
def current() -> None:
    """Show the store's schema revision and the one this provenance expects.

    Example: provenance db current
    """
    with opened() as store:
        state = store.schema()
    advice = "up to date" if state.current else "run `provenance db upgrade`"
    typer.echo(f"{store.describe()}: schema {state.found or 'none'} (expected {state.expected}; {advice})")


@db_app.command("reindex")
@handle_errors
def reindex() -> None:
    """Build the search index again from the store, in one transaction (it is kept current by every
    write; this is for a store written by SQL typed by hand, or an index damaged from outside).

    Example: provenance db reindex
    """
    with opened() as store:
        entries = store.reindex()
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
    with opened() as store:
        written = store.backup(file, overwrite=force)
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
    with opened() as store:
        summary = store.copy_to(to)
    counts = ", ".join(f"{n} {name}" for name, n in summary.counts.items() if n)
    typer.echo(f"copied {store.describe()} to {summary.target}: {counts}; exports identical")


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("backup")(backup)
    app.add_typer(db_app, name="db")
