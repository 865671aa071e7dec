"""`provenance check` (is every quote still where it says?) and `provenance doc revise`."""

from __future__ import annotations

import typer

from .common import JSON_OPTION, MAX_MB_OPTION, handle_errors, print_json, print_table, reading, writing


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

    The old text stays readable (`doc text DOC --revision N`). Each claim is found again
    exactly, with its context: unchanged, moved, or, when its passage is gone or occurs
    twice, orphaned or ambiguous (left on its old revision, never moved to look-alike text).

    Example: provenance doc revise tm-hazimite-coup article-corrected.txt
    """
    from ..readers import read_source
    from ..revisions import NothingChanged, revise_document

    snapshot = read_source(new_file, encoding=encoding, max_mb=max_mb)
    try:
        with writing() as session:
            outcomes = revise_document(
                session, ref, snapshot.text, source=snapshot.source, retrieved_at=snapshot.retrieved_at
            )
            doc_key, revision = _document(session, ref)
    except NothingChanged as exc:
        if as_json:
            print_json({"document": ref, "changed": False, "claims": []})
        else:
            typer.echo(str(exc))
        return
    if as_json:
        print_json(
            {
                "document": doc_key,
                "revision": revision,
                "changed": True,
                "claims": [o.as_dict() for o in outcomes],
            }
        )
        return
    typer.echo(f"document {doc_key} is now at revision {revision}")
    print_table(
        [
            (
                f"{o.claim_id} {o.claim_key}",
                o.outcome,
                f"{o.old_span[0]}..{o.old_span[1]} (rev {o.old_revision})",
                f"{o.new_span[0]}..{o.new_span[1]} (rev {o.new_revision})" if o.new_span else "-",
            )
            for o in outcomes
        ],
        ["claim", "outcome", "old span", "new span"],
    )


def _document(session, ref: str) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    from ..documents import get_document

    doc = get_document(session, ref)
    return doc.key, doc.revision


@handle_errors
def check(as_json: bool = JSON_OPTION) -> None:
    """Check the store: every text against its sha256, every quote against its text.

    Errors: a text changed outside provenance, a quote no longer at its offsets (drift), a
    claim orphaned or ambiguous after a revision, a citation marker no longer at its offsets.
    Warnings: claims on an older revision, quotes with bidi or zero-width characters.
    Exits 1 when there is any error. Read-only.

    Example: provenance check
    """
    from dataclasses import asdict

    from ..integrity import summarize

    with reading() as session:
        findings, summary = summarize(session)
    if as_json:
        print_json({**asdict(summary), "findings": [f.as_dict() for f in findings]})
    else:
        for f in findings:  # one whole line each: messages name records and code points
            typer.echo(f"{f.level}: {f.where}: {f.message}")
        typer.echo(summary.line())
    if summary.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    from .documents import doc_app

    app.command("check")(check)
    doc_app.command("revise")(revise)
