"""`provenance log`: every change, who made it, when, and what it was before."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from . import render
from .common import JSON_OPTION, fail, handle_errors, print_json, print_table, reading


def _when(value: str | None, option: str) -> datetime | None:
    """An ISO date or time as UTC (events are stored in UTC; a time without an offset is read as UTC).

    Aware and in UTC, so SQLite (which stores the time without its offset) and PostgreSQL agree.
    """
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        fail(f"{option} {value!r} is not a date or time: write 2026-11-21 or 2026-11-21T09:30", 2)
        return None
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


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
    from ..events import list_events
    from ..records import MAX_ID, is_id

    record_id = record_key = None
    if ref:
        if ":" in ref:
            noun, _, number = ref.partition(":")
            if not is_id(number):
                fail(f"{ref!r}: write NOUN:ID, e.g. claim:12", 2)
            record_id = int(number) if int(number) <= MAX_ID else -1  # past any id: no record has -1
        else:
            record_key = ref
    with reading() as session:
        events = list_events(
            session,
            actor=actor,
            noun=noun,
            record_id=record_id,
            record_key=record_key,
            since=_when(since, "--since"),
            until=_when(until, "--until"),
            limit=limit or None,
        )
    if as_json:
        print_json([render.event(e) for e in events])
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
