"""`provenance check`: is every text what it was, and every quote still where it says?"""

from __future__ import annotations

import typer

from .common import JSON_OPTION, handle_errors, opened, print_json


@handle_errors
def check(as_json: bool = JSON_OPTION) -> None:
    """Check the store: every text against its sha256, every quote against its text.

    Errors: a text changed outside provenance, a quote no longer at its offsets (drift), a
    claim orphaned or ambiguous after a revision, a citation marker no longer at its offsets.
    Warnings: claims on an older revision, fuzzy claims (re-anchored on an edited quote) to
    review, quotes with bidi or zero-width characters.
    Exits 1 when there is any error. Read-only.

    Example: provenance check
    """
    from dataclasses import asdict

    with opened() as store:
        found = store.check()
    if as_json:
        print_json({**asdict(found.summary), "findings": [f.as_dict() for f in found.findings]})
    else:
        for f in found.findings:  # one whole line each: messages name records and code points
            typer.echo(f"{f.level}: {f.where}: {f.message}")
        typer.echo(found.summary.line())
    if found.summary.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("check")(check)
