"""`provenance demo`: the first-run experience — the curated seed corpus, then the report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer

from .common import handle_errors, options, progress


@handle_errors
def demo(
    out: Path = typer.Argument(Path("site"), help="Where to build the report (default: ./site)."),
) -> None:
    """Load the curated seed corpus into the store and build the HTML report from it.

    Safe to re-run: the corpus is imported once (a second import finds it already there),
    new contradictions are detected for review, and the report is rebuilt in place.

    Example: provenance demo            (then open site/index.html in a browser)
    """
    from .. import migrate
    from ..bundle import import_bundle, load_bundle
    from ..conflicts import detect, list_conflicts
    from ..db import Store
    from ..report import build_report
    from ..resources import resource_dir

    store = Store(options["db"], actor=options["actor"])
    try:
        migrate.upgrade(store.url)
        progress("validating the seed corpus…")
        bundle = load_bundle(resource_dir("seeds") / "bundle.yaml")
        with store.write() as session:
            imported = import_bundle(session, bundle)
            detect(session)
            statuses = Counter(r.status.value for r in list_conflicts(session))
        waiting = statuses["detected"] + statuses["suggested"]
        typer.echo(f"store {store.describe()}: {imported.describe()}")
        typer.echo(
            f"contradictions: {statuses['confirmed']} confirmed, "
            f"{waiting} awaiting review, {statuses['dismissed']} dismissed"
        )
        built = build_report(
            store, out, progress=lambda done, total: progress(f"report: {done}/{total} files")
        )
    finally:
        store.dispose()
    index = (out / "index.html").resolve()
    typer.echo(f"report: {built.pages_written} pages written, {built.pages_unchanged} unchanged")
    typer.echo(f"open {index.as_uri()}")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
