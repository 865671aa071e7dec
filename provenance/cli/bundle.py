"""`provenance import BUNDLE` and `provenance export OUT`: the store as a human-readable bundle."""

from __future__ import annotations

import typer

from .common import JSON_OPTION, fail, handle_errors, print_json, progress, reading, writing

_DISK_ERRORS = (
    "disk i/o error",
    "database or disk is full",
    "no space left on device",
    "could not extend file",
    "file too large",
)


@handle_errors
def import_(
    bundle: str = typer.Argument(..., metavar="BUNDLE", help="A bundle.yaml, or the folder holding it."),
    max_mb: int | None = typer.Option(
        None,
        "--max-mb",
        metavar="MB",
        min=1,
        help="Raise the size cap (256 MB; YAML nodes in proportion) for a large bundle you trust.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Import a bundle: everything is validated first, then written in one transaction.

    Records already in the store with the same content are skipped, so importing twice
    adds nothing; a record whose key is in the store with different content is a conflict,
    and then nothing is written. Every problem is listed as bundle.yaml:LINE field: message.

    Bundles over 256 MB (or unusually dense) are refused unless --max-mb allows them.

    Example: provenance import seeds/
    """
    import time

    from sqlalchemy.exc import OperationalError

    from ..bundle import import_bundle, load_bundle

    began = time.perf_counter()
    loaded = load_bundle(bundle, progress=progress, max_mb=max_mb)
    try:
        with writing() as session:
            summary = import_bundle(session, loaded, progress=progress)
    except OperationalError as exc:
        reason = str(exc.orig).strip()
        if any(text in reason.lower() for text in _DISK_ERRORS):
            fail(f"disk full / I/O error while writing the store; nothing was imported ({reason})")
        raise
    summary.seconds = time.perf_counter() - began  # validation included
    for warning in loaded.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if as_json:
        print_json(summary.as_dict())
    else:
        typer.echo(summary.describe())


@handle_errors
def export(
    out: str = typer.Argument(
        ..., metavar="OUT", help="The folder to write (new or empty); for JSON formats, the file."
    ),
    force: bool = typer.Option(False, "--force", help="Replace OUT if it holds a previous export."),
    fmt: str = typer.Option(
        "bundle",
        "--format",
        metavar="FORMAT",
        help="bundle (default), claimreview (schema.org JSON-LD), annotations (W3C Web Annotation), "
        "prov (W3C PROV-JSON) or csv (claims.csv and citations.csv in OUT).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Export the whole store as a bundle (OUT/bundle.yaml and OUT/texts/), or in a standard format.

    The output is canonical (fixed order, no timestamps), so exporting, importing into an
    empty store and exporting again gives identical files. --format claimreview, annotations
    and prov write one JSON file at OUT; csv writes OUT/claims.csv and OUT/citations.csv.

    Example: provenance export backup/ --force
             provenance export reviews.jsonld --format claimreview
    """
    from ..bundle import export_bundle

    if fmt != "bundle":
        from ..exports import export as export_standard

        with reading() as session:
            result = export_standard(session, out, fmt.strip().lower(), force=force)
        if as_json:
            print_json(result.as_dict())
        else:
            typer.echo(result.describe())
        return
    with reading() as session:
        summary = export_bundle(session, out, force=force)
    if as_json:
        print_json(summary.as_dict())
    else:
        typer.echo(summary.describe())


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command("export")(export)
