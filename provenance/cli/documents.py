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
    opened,
    print_fields,
    print_json,
    print_table,
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
    if file is None and not unheld and part_of is None:
        fail("give the document's text FILE, or --unheld for a document known only from a citation", 2)
    if file is not None and unheld:
        fail("a document with a FILE is held; drop --unheld", 2)
    with opened() as store:
        doc = store.add_document(
            file,
            title=title,
            authors=author,
            outlet=outlet,
            published=published,
            url=url,
            language=language,
            encoding=encoding,
            part_of=part_of,
            span=span,
            key=key,
            max_mb=max_mb,
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
    with opened() as store:
        rows = store.documents(held=held, outlet=outlet)
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
    with opened() as store:
        detail = store.document(ref)
    doc, outlet, claims, cited_by = detail.document, detail.outlet, detail.claims, detail.cited_by
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
    with opened() as store:
        body = store.document_text(ref, revision=revision)
    # Exactly the stored text when piped (hashes and offsets must agree); a final newline on a terminal.
    typer.echo(body, nl=sys.stdout.isatty() and not body.endswith("\n"))


@doc_app.command("delete")
@handle_errors
def delete(ref: str = typer.Argument(..., help="Document number or key.")) -> None:
    """Delete a document that nothing depends on (no claims, not cited, no parts).

    Example: provenance doc delete 7
    """
    with opened() as store:
        doc = store.delete_document(ref)
    typer.echo(f"deleted document {doc.id} ({doc.key})")


@doc_app.command("revise")
@handle_errors
def revise(
    ref: str = typer.Argument(..., help="Document number or key."),
    new_file: str = typer.Argument(
        ..., metavar="NEWFILE", help="The new text: a file (UTF-8 text, HTML or PDF) or an http(s) URL."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Decode the file with this encoding (default: strict UTF-8)."
    ),
    max_mb: int | None = MAX_MB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Make a new text the document's current revision and re-anchor its claims.

    The old text stays readable (`doc text DOC --revision N`). Each claim is found again in
    its own sentence: unchanged, moved (its context may have changed), fuzzy (a small edit
    inside its quote, with a score: review it), or, when its sentence is gone or several
    places fit, orphaned or ambiguous (left on its old revision, never moved to look-alike
    text; re-attach it with `provenance claim requote`).

    Example: provenance doc revise tm-hazimite-coup article-corrected.txt
    """
    from ..revisions import NothingChanged

    try:
        with opened() as store:
            done = store.revise_document(ref, new_file, encoding=encoding, max_mb=max_mb)
    except NothingChanged as exc:
        if as_json:
            print_json({"document": ref, "changed": False, "claims": []})
        else:
            typer.echo(str(exc))
        return
    if as_json:
        print_json(
            {
                "document": done.document_key,
                "revision": done.revision,
                "changed": True,
                "claims": [o.as_dict() for o in done.outcomes],
            }
        )
        return
    typer.echo(f"document {done.document_key} is now at revision {done.revision}")
    print_table(
        [
            (
                f"{o.claim_id} {o.claim_key}",
                o.outcome,
                f"{o.old_span[0]}..{o.old_span[1]} (rev {o.old_revision})",
                f"{o.new_span[0]}..{o.new_span[1]} (rev {o.new_revision})" if o.new_span else "-",
                o.method + (", context changed" if o.context_changed else ""),
                "-" if o.score is None else f"{o.score:g}",
            )
            for o in done.outcomes
        ],
        ["claim", "outcome", "old span", "new span", "how", "score"],
    )


def register(app: typer.Typer) -> None:
    app.add_typer(doc_app, name="doc")
