"""`provenance doc …`: documents held (with text) or unheld (known from a citation)."""

from __future__ import annotations

import sys

import typer

from . import render
from .common import (
    JSON_OPTION,
    MAX_MB_OPTION,
    fail,
    handle_errors,
    print_fields,
    print_json,
    print_table,
    reading,
    writing,
)

doc_app = typer.Typer(
    help="Documents: add (file or URL), list, show, read their text, revise, delete.", no_args_is_help=True
)


@doc_app.command("add")
@handle_errors
def add(
    file: str | None = typer.Argument(
        None,
        help="The document's file (UTF-8 text, HTML or PDF) or an http(s) URL to fetch. Omit with --unheld.",
    ),
    title: str = typer.Option(..., "--title", help="The document's title."),
    author: list[str] = typer.Option([], "--author", help="An author; repeat for several."),
    outlet: str | None = typer.Option(None, "--outlet", help="The outlet's number, key or name."),
    published: str | None = typer.Option(
        None, "--published", help="YYYY, YYYY-MM or YYYY-MM-DD: as precise as known."
    ),
    url: str | None = typer.Option(None, "--url", help="Where it was published (default: FILE if a URL)."),
    language: str = typer.Option("en", "--language", help="Language code."),
    unheld: bool = typer.Option(False, "--unheld", help="Known only from a citation: no text."),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Decode the file with this encoding (default: strict UTF-8)."
    ),
    part_of: str | None = typer.Option(
        None, "--part-of", help="The held document this one is part of (an article in an issue)."
    ),
    span: tuple[int, int] | None = typer.Option(
        None, "--span", help="With --part-of: START END of the part in its text."
    ),
    key: str | None = typer.Option(None, "--key", help="A stable key (default: made from the title)."),
    max_mb: int | None = MAX_MB_OPTION,
) -> None:
    """Add a document: a file or an http(s) URL (held) or, with --unheld, one known only from a citation.

    Example: provenance doc add article.txt --title "Alleged Coup Attempt…" --author "Jane Doe"
             --outlet "Terrorism Monitor" --published 2019-03 --url https://…

    Example: provenance doc add https://example.org/statement.html --title "Statement"

    Example: provenance doc add --unheld --title "Asharq al-Awsat report" --outlet "Asharq al-Awsat"
             --published 2019-02-08
    """
    from ..documents import add_document
    from ..readers import read_source

    if file is None and not unheld and part_of is None:
        fail("give the document's text FILE, or --unheld for a document known only from a citation", 2)
    if file is not None and unheld:
        fail("a document with a FILE is held; drop --unheld", 2)
    snapshot = read_source(file, encoding=encoding, max_mb=max_mb) if file is not None else None
    with writing() as session:
        doc = add_document(
            session,
            title=title,
            text=snapshot.text if snapshot else None,
            source=snapshot.source if snapshot else None,
            retrieved_at=snapshot.retrieved_at if snapshot else None,
            authors=author,
            outlet=outlet,
            published=published,
            url=url or (snapshot.url if snapshot else None),
            language=language,
            key=key,
            part_of=part_of,
            span=span,
        )
    kind = "held" if doc.held else ("part" if doc.part_of_id else "unheld")
    typer.echo(f"added {kind} document {doc.id} ({doc.key}): {doc.title}")


@doc_app.command("list")
@handle_errors
def list_(
    held: bool | None = typer.Option(None, "--held/--unheld", help="Only held, or only unheld, documents."),
    outlet: str | None = typer.Option(None, "--outlet", help="Only this outlet's documents."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List documents with their outlet and number of claims.

    Example: provenance doc list --unheld
    """
    from ..documents import list_documents

    with reading() as session:
        rows = list_documents(session, held=held, outlet=outlet)
    if as_json:
        print_json([render.document(r.document, outlet_name=r.outlet_name, claims=r.claims) for r in rows])
        return
    print_table(
        [
            (
                r.document.id,
                r.document.key,
                "held" if r.document.held else "unheld",
                r.document.published,
                r.outlet_name,
                r.claims,
                r.document.title,
            )
            for r in rows
        ],
        ["id", "key", "text", "published", "outlet", "claims", "title"],
    )


@doc_app.command("show")
@handle_errors
def show(ref: str = typer.Argument(..., help="Document number or key."), as_json: bool = JSON_OPTION) -> None:
    """Show a document's metadata, its claims and what cites it.

    Example: provenance doc show tm-hazimite-coup
    """
    from ..citations import list_citations
    from ..claims import list_claims
    from ..documents import get_document
    from ..outlets import find_outlet

    with reading() as session:
        doc = get_document(session, ref)
        outlet = find_outlet(session, str(doc.outlet_id)) if doc.outlet_id else None
        claims = list_claims(session, document=ref)
        cited_by = list_citations(session, document=ref)
    if as_json:
        data = render.document(doc, outlet_name=outlet.name if outlet else None, claims=len(claims))
        print_json({**data, "claim_ids": [c.id for c in claims], "cited_by": [c.claim_id for c in cited_by]})
        return
    print_fields(
        [
            ("document", f"{doc.id} ({doc.key})"),
            ("title", doc.title),
            ("authors", doc.authors),
            ("outlet", f"{outlet.name} (grade {outlet.grade.value})" if outlet else None),
            ("published", doc.published),
            ("url", doc.url),
            ("language", doc.language),
            ("text", f"held, revision {doc.revision}, sha256 {doc.sha256}" if doc.held else "unheld"),
            (
                "part of",
                f"document {doc.part_of_id}, {doc.part_start}..{doc.part_end}" if doc.part_of_id else None,
            ),
            ("claims", [f"{c.id} {c.key}" for c in claims]),
            ("cited by", [f"claim {c.claim_id} {c.locator or ''}".rstrip() for c in cited_by]),
        ]
    )


@doc_app.command("text")
@handle_errors
def text(
    ref: str = typer.Argument(..., help="Document number or key."),
    revision: int | None = typer.Option(
        None, "--revision", help="An older text revision (default: the current one)."
    ),
) -> None:
    """Print a held document's current text, exactly as stored (offsets count its code points).

    Example: provenance doc text tm-hazimite-coup | less

    Example: provenance doc text tm-hazimite-coup --revision 1
    """
    from ..documents import get_document
    from ..revisions import text_at_revision

    with reading() as session:
        body = text_at_revision(session, get_document(session, ref), revision).text
    # Exactly the stored text when piped (hashes and offsets must agree); a final newline on a terminal.
    typer.echo(body, nl=sys.stdout.isatty() and not body.endswith("\n"))


@doc_app.command("delete")
@handle_errors
def delete(ref: str = typer.Argument(..., help="Document number or key.")) -> None:
    """Delete a document that nothing depends on (no claims, not cited, no parts).

    Example: provenance doc delete 7
    """
    from ..documents import delete_document

    with writing() as session:
        doc = delete_document(session, ref)
    typer.echo(f"deleted document {doc.id} ({doc.key})")


def register(app: typer.Typer) -> None:
    app.add_typer(doc_app, name="doc")
