"""`provenance log`: every change, who made it, when, and what it was before."""

from __future__ import annotations

import typer

from . import render
from .common import JSON_OPTION, handle_errors, opened, print_json, print_table


@handle_errors
def log(
    ref: str | None = typer.Argument(None, help="Only this record's history: a key, or NOUN:ID (claim:12)."),
    actor: str | None = typer.Option(None, "--by", help="Only changes by this editor."),
    noun: str | None = typer.Option(
        None, "--noun", help="Only changes to: outlet, doc, claim, citation, relation, entity, assertion."
    ),
    since: str | None = typer.Option(None, "--since", help="From this date or time (ISO)."),
    until: str | None = typer.Option(None, "--until", help="Up to this date or time (ISO)."),
    limit: int = typer.Option(50, "--limit", min=0, help="At most this many events (0 for all)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show the event log, newest first.

    Example: provenance log --by alice --noun claim
             provenance log claim:12
    """
    with opened() as store:
        events = store.log(ref, actor=actor, noun=noun, since=since, until=until, limit=limit or None)
        # An empty answer says why: no such record, nothing logged about it, or the filters.
        named = store.record_named(ref) if ref and not events else None
    if as_json:
        print_json([render.event(e) for e in events])
        return
    if not events:
        given = (("--by", actor), ("--noun", noun), ("--since", since), ("--until", until))
        filters = " ".join(f"{flag} {value}" for flag, value in given if value)
        if ref and named is None:
            typer.echo(
                f"no events: no record is {ref!r} (give a key, or NOUN:ID such as claim:12; "
                "`provenance claim list` and the other lists show them)"
            )
        elif filters:
            typer.echo(f"no events match {filters}" + (f" for {named} {ref!r}" if ref else ""))
        elif ref:
            typer.echo(
                f"no events about {named} {ref!r}: no command has changed it "
                "(an import brings records in without an event for each)"
            )
        else:
            typer.echo("no events yet: the log starts with the first change to the store")
        return
    print_table(
        [
            (e.id, f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.action, e.noun, e.record_id, e.summary)
            for e in events
        ],
        ["id", "when", "by", "action", "noun", "record", "what"],
    )


def register(app: typer.Typer) -> None:
    app.command("log")(log)
