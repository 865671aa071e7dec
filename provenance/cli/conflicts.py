"""`provenance conflicts`: contradictions confirmed, detected and suggested, and their review."""

from __future__ import annotations

import typer

from . import render
from .common import EXPECT_VERSION_OPTION, JSON_OPTION, handle_errors, opened, print_json, print_table

conflicts_app = typer.Typer(
    help="Contradictions: confirmed by curators, detected from assertions, suggested from text.",
    invoke_without_command=True,
)


@conflicts_app.callback()
@handle_errors
def conflicts(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None, "--status", help="Only confirmed, detected, suggested or dismissed."
    ),
    detect: bool = typer.Option(
        True, "--detect/--no-detect", help="Look for new contradictions first (writes them for review)."
    ),
    suggest: bool = typer.Option(
        True, "--suggest/--no-suggest", help="Also propose suggestions from claim text."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """List contradictions, after detecting new ones; review them with `conflicts confirm|dismiss`.

    Example: provenance conflicts --status detected
             provenance conflicts dismiss 14 --note "different times: 2014 executions, 2016 purge"
    """
    if ctx.invoked_subcommand:
        return
    summary = None
    with opened() as store:
        if detect:
            summary = store.detect_conflicts(suggestions=suggest)
        rows = store.conflicts(status=status)
    if as_json:
        print_json(
            {
                "new": {"detected": summary.detected, "suggested": summary.suggested} if summary else None,
                "unparsed": [{"assertion": a, "reason": why} for a, why in summary.unparsed]
                if summary
                else [],
                "contradictions": [
                    {
                        **render.relation(row.relation),
                        "a_statement": row.a_statement,
                        "b_statement": row.b_statement,
                    }
                    for row in rows
                ],
            }
        )
        return
    if summary:
        typer.echo(f"new: {summary.detected} detected, {summary.suggested} suggested")
        for assertion, why in summary.unparsed:
            typer.echo(f"warning: assertion {assertion}: {why}", err=True)
    print_table(
        [
            (
                row.relation.id,
                row.relation.status.value,
                f"{row.relation.claim_a_id}: {row.a_statement}",
                f"{row.relation.claim_b_id}: {row.b_statement}",
                row.relation.note,
            )
            for row in rows
        ],
        ["id", "status", "claim", "against", "why"],
    )


@conflicts_app.command("confirm")
@handle_errors
def confirm(
    relation: str = typer.Argument(..., help="The contradiction's number (from `provenance conflicts`)."),
    note: str | None = typer.Option(None, "--note", help="Why: the judgment, in a sentence."),
    expect_version: int | None = EXPECT_VERSION_OPTION,
) -> None:
    """Confirm a detected or suggested contradiction.

    Example: provenance conflicts confirm 12 --note "2015 vs May 2017: both cannot be true"
    """
    with opened() as store:
        found = store.confirm_conflict(relation, note=note, expect_version=expect_version)
    typer.echo(f"contradiction {found.id} confirmed")


@conflicts_app.command("dismiss")
@handle_errors
def dismiss(
    relation: str = typer.Argument(..., help="The contradiction's number (from `provenance conflicts`)."),
    note: str = typer.Option(..., "--note", help="Why it is not a contradiction (kept and logged)."),
    expect_version: int | None = EXPECT_VERSION_OPTION,
) -> None:
    """Dismiss a detected or suggested contradiction; it will not be proposed again.

    Example: provenance conflicts dismiss 14 --note "the counts hold for different times"
    """
    with opened() as store:
        found = store.dismiss_conflict(relation, note=note, expect_version=expect_version)
    typer.echo(f"contradiction {found.id} dismissed")


def register(app: typer.Typer) -> None:
    app.add_typer(conflicts_app, name="conflicts")
