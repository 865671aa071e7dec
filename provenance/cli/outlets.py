"""`provenance outlet …`: who publishes, graded A–F."""

from __future__ import annotations

import typer

from . import render
from .common import (
    EXPECT_VERSION_OPTION,
    JSON_OPTION,
    handle_errors,
    opened,
    print_fields,
    print_json,
    print_table,
)

outlet_app = typer.Typer(help="Outlets and their reliability grades (Admiralty A–F).", no_args_is_help=True)


@outlet_app.command("add")
@handle_errors
def add(
    name: str = typer.Argument(..., help="The outlet's name as it is usually written."),
    grade: str = typer.Option(
        "F", "--grade", help="Reliability A (completely) … E (unreliable), F cannot be judged."
    ),
    reason: str | None = typer.Option(None, "--reason", help="Why this grade: what the curator relied on."),
    key: str | None = typer.Option(None, "--key", help="A stable key (default: made from the name)."),
) -> None:
    """Add an outlet.

    Example: provenance outlet add "CTC Sentinel" --grade B --reason "peer-reviewed, cites primary sources"
    """
    with opened() as store:
        outlet = store.add_outlet(name, grade=grade, reason=reason, key=key)
    typer.echo(f"added outlet {outlet.id} ({outlet.key}): {outlet.name}, grade {outlet.grade.value}")


@outlet_app.command("grade")
@handle_errors
def grade(
    ref: str = typer.Argument(..., help="Outlet number, key or name."),
    value: str = typer.Argument(..., help="New grade A–F."),
    reason: str | None = typer.Option(None, "--reason", help="Why this grade."),
    expect_version: int | None = EXPECT_VERSION_OPTION,
) -> None:
    """Change an outlet's grade.

    Example: provenance outlet grade global-research E --reason "republishes without checking"
    """
    with opened() as store:
        outlet = store.grade_outlet(ref, value, reason=reason, expect_version=expect_version)
    typer.echo(f"outlet {outlet.key} is now grade {outlet.grade.value}")


@outlet_app.command("list")
@handle_errors
def list_(as_json: bool = JSON_OPTION) -> None:
    """List outlets.

    Example: provenance outlet list --json
    """
    with opened() as store:
        outlets = store.outlets()
    if as_json:
        print_json([render.outlet(o) for o in outlets])
    else:
        print_table(
            [(o.id, o.key, o.name, o.grade.value, o.grade_reason) for o in outlets],
            ["id", "key", "name", "grade", "reason"],
        )


@outlet_app.command("show")
@handle_errors
def show(
    ref: str = typer.Argument(..., help="Outlet number, key or name."), as_json: bool = JSON_OPTION
) -> None:
    """Show an outlet and its documents.

    Example: provenance outlet show ctc-sentinel
    """
    with opened() as store:
        detail = store.outlet(ref)
    outlet, docs = detail.outlet, detail.documents
    if as_json:
        print_json({**render.outlet(outlet), "documents": [d.id for d in docs]})
        return
    print_fields(
        [
            ("outlet", f"{outlet.id} ({outlet.key})"),
            ("name", outlet.name),
            ("grade", outlet.grade.value),
            ("reason", outlet.grade_reason),
            ("documents", [f"{d.id} {d.title}" for d in docs]),
        ]
    )


def register(app: typer.Typer) -> None:
    app.add_typer(outlet_app, name="outlet")
