"""`provenance cite CLAIM …` and `provenance citation list`: what claims rest on."""

from __future__ import annotations

import typer

from . import render
from .common import JSON_OPTION, handle_errors, opened, print_json, print_table

citation_app = typer.Typer(help="Citations: what claims rest on.", no_args_is_help=True)


@handle_errors
def cite(
    claim: str = typer.Argument(..., help="The citing claim's number or key."),
    doc: str | None = typer.Option(None, "--doc", help="The cited document (held or unheld)."),
    entity: str | None = typer.Option(None, "--entity", help="The cited person or body, as an entity."),
    person: str | None = typer.Option(
        None, "--person", help='An unnamed source: "regional intelligence officials".'
    ),
    kind: str = typer.Option("cites", "--kind", help="quotes, paraphrases, cites or according_to."),
    locator: str | None = typer.Option(
        None, "--locator", help='The marker as printed: "[1]", "(Alsumaria, October 7, 2016)".'
    ),
    locator_start: int | None = typer.Option(
        None, "--locator-start", help="The marker's offset, if it occurs twice."
    ),
    note: str | None = typer.Option(None, "--note", help="A curator's note."),
) -> None:
    """Record what a claim rests on: a document, an entity or an unnamed person.

    Example: provenance cite tm-coup-ied --doc asharq-2019-02-08 --kind cites
             --locator "(Asharq al-Awsat, February 8)"
    """
    with opened() as store:
        citation = store.cite(
            claim,
            kind=kind,
            document=doc,
            entity=entity,
            person=person,
            locator=locator,
            locator_start=locator_start,
            note=note,
        )
    where = f" (marker at {citation.locator_start})" if citation.locator_start is not None else ""
    typer.echo(
        f"added citation {citation.id}: claim {claim} {citation.kind.value} {doc or entity or person}{where}"
    )


@citation_app.command("list")
@handle_errors
def list_(
    claim: str | None = typer.Option(None, "--claim", help="Only what this claim rests on."),
    doc: str | None = typer.Option(None, "--doc", help="Only citations of this document."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List citations.

    Example: provenance citation list --doc asharq-2019-02-08
    """
    with opened() as store:
        citations = store.citations(claim=claim, document=doc)
    if as_json:
        print_json([render.citation(c) for c in citations])
        return
    print_table(
        [
            (
                c.id,
                c.claim_id,
                c.kind.value,
                c.target_document_id or c.target_entity_id or c.target_person,
                c.locator,
            )
            for c in citations
        ],
        ["id", "claim", "kind", "target", "locator"],
    )


def register(app: typer.Typer) -> None:
    app.command("cite")(cite)
    app.add_typer(citation_app, name="citation")
