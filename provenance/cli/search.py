"""`provenance search QUERY`: claims, documents' texts, entities, outlets and citations, ranked."""

from __future__ import annotations

import typer

from .common import JSON_OPTION, handle_errors, opened, print_json


def _marked(text: str, marks: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """`text` with each matching span in [brackets], on one line."""
    out, at = [], 0
    for start, end in marks:
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    out.append(text[at:])
    return " ".join("".join(out).split())


@handle_errors
def search(
    query: str = typer.Argument(..., help="Words, names or numbers; every word must match."),
    kind: list[str] = typer.Option(
        [], "--kind", help="Only claim, document, passage, entity, outlet or citation; repeatable."
    ),
    doc: str | None = typer.Option(
        None, "--doc", help="Only this document (number or key), its claims and text."
    ),
    outlet: str | None = typer.Option(
        None, "--outlet", help="Only documents of this outlet, and what they hold."
    ),
    entity: str | None = typer.Option(
        None, "--entity", help="Only what is about this entity (key, name or alias)."
    ),
    verdict: str | None = typer.Option(None, "--verdict", help="Only claims with this verdict."),
    since: str | None = typer.Option(
        None, "--since", help='Published on or after ("2017", "May 2017", "2017-05-08").'
    ),
    until: str | None = typer.Option(None, "--until", help="Published on or before (same forms)."),
    limit: int = typer.Option(20, "--limit", min=1, max=1000, help="How many hits to show."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Search claims (quote, statement, speaker and every note), documents' texts by passage,
    entities (names and aliases), outlets and citations' locators, best first.

    An alias finds its entity's claims whatever spelling they use; names tolerate a typo or
    another transliteration ("bagdadi"); case, diacritics, "al-" and apostrophes do not matter.

    Example: provenance search "binali death" --kind claim --since 2017
    """
    with opened() as store:
        hits = store.search(
            query,
            kinds=kind,
            doc=doc,
            outlet=outlet,
            entity=entity,
            verdict=verdict,
            since=since,
            until=until,
            limit=limit,
        )
    if as_json:
        print_json([hit.as_dict() for hit in hits])
        return
    if not hits:
        typer.echo("(no hits)")
        return
    for hit in hits:
        where = f"document {hit.document_id} at {hit.start}..{hit.end}" if hit.kind == "passage" else hit.key
        typer.echo(f"{hit.kind} {hit.id} ({where}): {_marked(hit.title, hit.title_marks)}")
        if hit.text:
            typer.echo(f"    {_marked(hit.text, hit.marks)}")


def register(app: typer.Typer) -> None:
    app.command("search")(search)
