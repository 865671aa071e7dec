"""`provenance assert CLAIM …` and `provenance assertion list`: structured readings of claims."""

from __future__ import annotations

import typer

from . import render
from .common import JSON_OPTION, handle_errors, opened, print_json, print_table

assertion_app = typer.Typer(
    help="Structured assertions (subject, property, typed value).", no_args_is_help=True
)


@handle_errors
def assert_(
    claim: str = typer.Argument(..., help="The claim's number or key."),
    subject: str = typer.Option(..., "--subject", help="The entity the claim is about (key, name or alias)."),
    prop: str = typer.Option(
        ..., "--property", help="What about it, in snake_case: death_date, fighters_count."
    ),
    value: str = typer.Option(
        ..., "--value", help='As the text gives it: "May 2017", "about 80", "several hundred".'
    ),
    value_type: str = typer.Option("text", "--type", help="date, quantity, entity or text."),
    holds_for: str | None = typer.Option(
        None, "--holds-for", help='When or where the value holds: "at the start".'
    ),
) -> None:
    """Read a claim as subject / property / typed value, so conflicts can be detected.

    Example: provenance assert ctc-binali-may-2017 --subject "Turki al-Binali" --property death_date
             --type date --value "May 2017"
    """
    with opened() as store:
        assertion = store.add_assertion(
            claim,
            subject=subject,
            prop=prop,
            value=value,
            value_type=value_type,
            holds_for=holds_for,
        )
    typer.echo(f"added assertion {assertion.id}: {subject} {assertion.property} = {assertion.value!r}")


@assertion_app.command("list")
@handle_errors
def list_(
    claim: str | None = typer.Option(None, "--claim", help="Only this claim's assertions."),
    subject: str | None = typer.Option(None, "--subject", help="Only assertions about this entity."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List structured assertions.

    Example: provenance assertion list --subject "Turki al-Binali"
    """
    with opened() as store:
        rows = store.assertions(claim=claim, subject=subject)
    if as_json:
        print_json([render.assertion(a) for a in rows])
        return
    print_table(
        [
            (a.id, a.claim_id, a.subject_id, a.property, a.value_type.value, a.value, a.holds_for)
            for a in rows
        ],
        ["id", "claim", "subject", "property", "type", "value", "holds for"],
    )


def register(app: typer.Typer) -> None:
    app.command("assert")(assert_)
    app.add_typer(assertion_app, name="assertion")
