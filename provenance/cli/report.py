"""`provenance report build OUT` and `provenance report serve OUT`: the static HTML report."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from .common import handle_errors, opened, progress

report_app = typer.Typer(help="The static HTML report: build it, serve it.", no_args_is_help=True)


@report_app.command("build")
@handle_errors
def build(
    out: Path = typer.Argument(..., help="The folder to build into (new, empty, or an earlier report)."),
    changed_only: bool = typer.Option(
        False,
        "--changed-only",
        help="Build again only the pages an edit touched, and replace only files whose bytes changed "
        "(keeps a build record in OUT; the first such build is a full one).",
    ),
) -> None:
    """Build the report: a static site that opens from file:// (no network, no server).

    Example: provenance report build site/ && xdg-open site/index.html
    """
    started = time.perf_counter()
    with opened() as store:
        summary = store.build_report(
            out, changed_only=changed_only, progress=lambda done, total: progress(f"… {done}/{total} files")
        )
    seconds = time.perf_counter() - started
    unchanged = (
        f", {summary.pages_unchanged} unchanged, {summary.pages_built} pages built" if changed_only else ""
    )
    typer.echo(
        f"built {out}: {summary.pages_written} files written{unchanged} "
        f"in {seconds:.1f} s ({summary.queries} queries); open {out / 'index.html'}"
    )


@report_app.command("serve")
@handle_errors
def serve(
    out: Path = typer.Argument(..., help="A folder built by `provenance report build`."),
    port: int = typer.Option(8000, "--port", help="The port on 127.0.0.1 (0 picks a free one)."),
) -> None:
    """Serve a built report on 127.0.0.1 until Ctrl-C.

    Example: provenance report serve site/ --port 8000
    """
    from ..report.serve import make_server

    server = make_server(out, port)
    host, bound = str(server.server_address[0]), server.server_address[1]
    typer.echo(f"serving {out} at http://{host}:{bound}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")
