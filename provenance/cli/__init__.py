"""The `provenance` command line: a thin layer over the library.

Each command parses its options, opens one transaction, calls one library
function and prints a table or JSON. Library modules are imported inside the
commands so `provenance --help` stays fast.
"""

from __future__ import annotations

import typer

from . import common

app = typer.Typer(
    name="provenance",
    help=(
        "Track what each source claims, exactly where it says it, what it rests on, "
        "and where sources disagree.\n\n"
        "Start with `provenance init`, then add outlets, documents and claims. "
        "The store is ./provenance.db unless --db or PROVENANCE_DATABASE_URL names another."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _global(
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="PROVENANCE_DATABASE_URL",
        metavar="URL",
        help="The store: a SQLite path or URL, or postgresql://user@host/dbname. Default ./provenance.db.",
    ),
    actor: str | None = typer.Option(
        None,
        "--as",
        envvar="PROVENANCE_USER",
        metavar="NAME",
        help="Who is making the change, for the event log. Default: the OS user.",
    ),
) -> None:
    common.options["db"] = db
    common.options["actor"] = actor


def _register() -> None:
    from . import (
        assertions,
        bundle,
        check,
        citations,
        cites,
        claims,
        conflicts,
        demo,
        documents,
        entities,
        log,
        outlets,
        relations,
        report,
        store,
        trace,
    )

    for module in (
        demo,
        store,
        outlets,
        documents,
        claims,
        citations,
        cites,
        relations,
        entities,
        assertions,
        log,
        trace,
        conflicts,
        bundle,
        report,
        check,
    ):
        module.register(app)


_register()


def main() -> None:
    app()
