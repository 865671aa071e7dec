"""`provenance serve`: the workbench in a browser; `serve token …`: who may sign in to it."""

from __future__ import annotations

from pathlib import Path

import typer

from .common import fail, handle_errors, opened, print_json, print_table, store

serve_app = typer.Typer(
    help="The workbench: read a document, select a passage and log the claim, review proposed"
    " contradictions, in a browser on the same store the CLI uses.",
    invoke_without_command=True,
)
token_app = typer.Typer(
    help="Editors' sign-in tokens for the workbench: add, list, revoke.", no_args_is_help=True
)
serve_app.add_typer(token_app, name="token")


@serve_app.callback()
@handle_errors
def serve(
    ctx: typer.Context,
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on; another than this machine's only when editors must sign in"
        " (a token exists).",
    ),
    port: int = typer.Option(8001, "--port", min=1, max=65535, help="Port to listen on."),
    report: Path | None = typer.Option(
        None,
        "--report",
        help="A folder `provenance report build` wrote: pages link to the same record's page in it.",
    ),
) -> None:
    """The workbench: read a document, select a passage and log the claim, review proposed
    contradictions, in a browser on the same store the CLI uses.

    Without editor tokens it listens on this machine only (127.0.0.1) and writes as --as (default:
    the OS user). Once `provenance serve token add NAME` has made a token, every editor signs in
    with their own, each write is made as them, and --host may open it to the network.

    Example: provenance serve --port 8001, then open http://127.0.0.1:8001
    """
    if ctx.invoked_subcommand is not None:
        return
    from ..web import tokens
    from ..web.security import is_loopback

    s = store()
    try:
        sign_in = tokens.any_active(s)
        if not is_loopback(host) and not sign_in:
            fail(
                f"--host {host} would open the store to the network with no sign-in; make each editor a"
                " token first (`provenance serve token add NAME`), or serve on 127.0.0.1 (an SSH"
                " tunnel shares it safely)",
                2,
            )
        if report is not None and not report.is_dir():
            fail(f"--report {report}: no such folder (build it with `provenance report build`)", 2)
        import uvicorn

        from ..web.app import make_app

        app = make_app(s, sign_in=sign_in, report=report)
        who = "editors sign in with their tokens" if sign_in else f"writing as {s.actor}"
        typer.echo(f"workbench on http://{host}:{port} ({who}; Ctrl-C stops it)", err=True)
        # access_log off: no request line (nor anything from a form) is ever written to a log.
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    finally:
        s.dispose()


@token_app.command("add")
@handle_errors
def token_add(
    name: str = typer.Argument(..., help="The editor's name: every write they make carries it."),
    read_only: bool = typer.Option(False, "--read-only", help="They may read every page but change nothing."),
) -> None:
    """Make a sign-in token for an editor and print it, once: it is kept only hashed.

    Example: provenance serve token add "Ana Ruiz"
    """
    from ..web import tokens

    with opened() as s:
        token = tokens.add(s, name, read_only=read_only)
    typer.echo(f"token for {' '.join(name.split())}{' (read-only)' if read_only else ''}:", err=True)
    typer.echo(token)
    typer.echo("it is shown only now; give it to them privately.", err=True)


@token_app.command("list")
@handle_errors
def token_list(json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """The editors who have tokens (never the tokens): read-only or not, made when and by whom,
    revoked when.

    Example: provenance serve token list
    """
    from ..web import tokens

    with opened() as s:
        rows = tokens.listing(s)
    if json_out:
        print_json(
            [
                {
                    "name": r.name,
                    "read_only": r.read_only,
                    "created_at": r.created_at.isoformat(),
                    "created_by": r.created_by,
                    "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
                }
                for r in rows
            ]
        )
        return
    if not rows:
        typer.echo("no editor tokens: the workbench serves this machine only, without sign-in", err=True)
        return
    print_table(
        [
            (
                r.name,
                "read-only" if r.read_only else "edit",
                f"{r.created_at:%Y-%m-%d %H:%M} by {r.created_by}",
                f"revoked {r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "active",
            )
            for r in rows
        ],
        ["name", "may", "made", "state"],
    )


@token_app.command("revoke")
@handle_errors
def token_revoke(name: str = typer.Argument(..., help="The editor whose token stops working.")) -> None:
    """Revoke an editor's token: their next request is refused, even in an open session.

    Example: provenance serve token revoke "Ana Ruiz"
    """
    from ..web import tokens

    with opened() as s:
        tokens.revoke(s, name)
    typer.echo(f"revoked the token of {' '.join(name.split())}", err=True)


def register(app: typer.Typer) -> None:
    app.add_typer(serve_app, name="serve")
