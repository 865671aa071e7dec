"""`provenance import BUNDLE` and `provenance export OUT`: the store as a human-readable bundle."""

from __future__ import annotations

import typer

from .common import JSON_OPTION, handle_errors, opened, print_json, progress


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

    began = time.perf_counter()
    with opened() as store:
        summary = store.import_bundle(bundle, max_mb=max_mb, progress=progress)
    summary.seconds = time.perf_counter() - began  # validation included
    for warning in summary.warnings:
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
    with opened() as store:
        summary = store.export(out, format=fmt, force=force)
    if as_json:
        print_json(summary.as_dict())
    else:
        typer.echo(summary.describe())


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
    app.command("export")(export)
