"""`provenance demo`: the first-run experience — the curated seed corpus, then the report."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import handle_errors, opened, progress


@handle_errors
def demo(
    out: Path = typer.Argument(Path("site"), help="Where to build the report (default: ./site)."),
) -> None:
    """Load the curated seed corpus into the store and build the HTML report from it.

    Safe to re-run: the corpus is imported once (a second import finds it already there),
    new contradictions are detected for review, and the report is rebuilt in place.

    Example: provenance demo            (then open site/index.html in a browser)
    """
    with opened() as store:
        done = store.demo(out, progress=progress)
    typer.echo(f"store {done.store}: {done.imported.describe()}")
    typer.echo(
        f"contradictions: {done.confirmed} confirmed, {done.awaiting} awaiting review, "
        f"{done.dismissed} dismissed"
    )
    typer.echo(f"report: {done.report.pages_written} pages written, {done.report.pages_unchanged} unchanged")
    typer.echo(f"open {done.index.as_uri()}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
