"""`provenance serve`: the workbench in a browser, on this machine."""

from __future__ import annotations

import typer

from .common import fail, handle_errors, store


@handle_errors
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; this machine only."),
    port: int = typer.Option(8001, "--port", min=1, max=65535, help="Port to listen on."),
) -> None:
    """The workbench: read a document, select a passage and log the claim, review proposed
    contradictions, in a browser on the same store the CLI uses.

    It listens on this machine only (127.0.0.1). Writes are made as --as (default: the OS user),
    one transaction each, with the same checks and events as the CLI.

    Example: provenance serve --port 8001, then open http://127.0.0.1:8001
    """
    from ..web.security import is_loopback

    if not is_loopback(host):
        fail(
            f"--host {host} would open the store to the network, and the workbench has no sign-in yet; "
            "serve on 127.0.0.1 (an SSH tunnel shares it safely)",
            2,
        )
    import uvicorn

    from ..web.app import make_app

    s = store()
    try:
        typer.echo(f"workbench on http://{host}:{port} (Ctrl-C stops it)", err=True)
        uvicorn.run(make_app(s), host=host, port=port, log_level="warning")
    finally:
        s.dispose()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
