"""`provenance relate A KIND B` and `provenance relation list`."""

from __future__ import annotations

import typer

from . import render
from .common import JSON_OPTION, handle_errors, opened, print_json, print_table

relation_app = typer.Typer(help="Relations between claims.", no_args_is_help=True)


@handle_errors
def relate(
    a: str = typer.Argument(..., help="The first claim's number or key."),
    kind: str = typer.Argument(..., help="contradicts, corroborates, repeats, refines or corrects."),
    b: str = typer.Argument(..., help="The second claim's number or key."),
    note: str | None = typer.Option(None, "--note", help="Why: the judgment, in a sentence."),
) -> None:
    """Relate two claims, as a curator's confirmed judgment.

    Example: provenance relate tm-binali-2015 contradicts ctc-binali-may-2017 --note "2015 vs May 2017"
    """
    with opened() as store:
        relation = store.relate(a, kind, b, note=note)
    typer.echo(f"added relation {relation.id}: {a} {relation.kind.value} {b}")


@relation_app.command("list")
@handle_errors
def list_(
    kind: str | None = typer.Option(None, "--kind", help="Only this kind of relation."),
    status: str | None = typer.Option(None, "--status", help="confirmed, detected, suggested or dismissed."),
    claim: str | None = typer.Option(None, "--claim", help="Only relations of this claim."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List relations between claims.

    Example: provenance relation list --kind contradicts
    """
    with opened() as store:
        relations = store.relations(kind=kind, status=status, claim=claim)
    if as_json:
        print_json([render.relation(r) for r in relations])
        return
    print_table(
        [
            (
                r.id,
                r.claim_a_id,
                r.kind.value,
                r.claim_b_id,
                r.status.value,
                r.note,
                render.decision_line(r),
                r.decision_note,
            )
            for r in relations
        ],
        ["id", "a", "kind", "b", "status", "note", "decided", "decision note"],
    )


def register(app: typer.Typer) -> None:
    app.command("relate")(relate)
    app.add_typer(relation_app, name="relation")
