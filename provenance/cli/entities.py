"""`provenance entity …`: people, groups, places and their aliases."""

from __future__ import annotations

import typer

from . import render
from .common import JSON_OPTION, handle_errors, opened, print_fields, print_json, print_table

entity_app = typer.Typer(help="Entities and their aliases.", no_args_is_help=True)


@entity_app.command("add")
@handle_errors
def add(
    name: str = typer.Argument(..., help="The entity's usual name."),
    alias: list[str] = typer.Option([], "--alias", help="Another name or transliteration; repeatable."),
    kind: str = typer.Option("person", "--kind", help="person, group, place, incident, work or other."),
    description: str | None = typer.Option(None, "--description", help="One line on who or what it is."),
    key: str | None = typer.Option(None, "--key", help="A stable key (default: made from the name)."),
) -> None:
    """Add an entity with its aliases.

    Example: provenance entity add "Abu Muath al-Jazairi" --alias "Abu Muath al-Asimi"
    """
    with opened() as store:
        entity = store.add_entity(name, kind=kind, aliases=alias, description=description, key=key)
    typer.echo(f"added entity {entity.id} ({entity.key}): {entity.name}")


@entity_app.command("alias")
@handle_errors
def alias(
    ref: str = typer.Argument(..., help="The entity's number, key, name or alias."),
    names: list[str] = typer.Argument(..., help="The new alias(es)."),
) -> None:
    """Add aliases to an entity.

    Example: provenance entity alias al-baghdadi "Caliph Ibrahim" "Abu Baker al-Baghdadi"
    """
    with opened() as store:
        entity = store.add_aliases(ref, names)
    typer.echo(f"entity {entity.key}: added {len(names)} alias(es)")


@entity_app.command("merge")
@handle_errors
def merge(
    source: str = typer.Argument(
        ..., help="The entity to fold in (it disappears; its name becomes an alias)."
    ),
    target: str = typer.Argument(..., help="The entity that stays."),
) -> None:
    """Merge two entities that turn out to be one.

    Example: provenance entity merge abu-muath-al-asimi abu-muath-al-jazairi
    """
    with opened() as store:
        entity = store.merge_entities(source, target)
    typer.echo(f"merged {source} into {entity.key}")


@entity_app.command("list")
@handle_errors
def list_(
    kind: str | None = typer.Option(None, "--kind", help="Only entities of this kind."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List entities.

    Example: provenance entity list --kind person
    """
    with opened() as store:
        rows = [(row.entity, row.aliases) for row in store.entities(kind=kind)]
    if as_json:
        print_json([render.entity(e, aliases=a) for e, a in rows])
        return
    print_table(
        [(e.id, e.key, e.kind.value, e.name, "; ".join(a)) for e, a in rows],
        ["id", "key", "kind", "name", "aliases"],
    )


@entity_app.command("show")
@handle_errors
def show(
    ref: str = typer.Argument(..., help="Number, key, name or alias."), as_json: bool = JSON_OPTION
) -> None:
    """Show an entity, its aliases and the claims that name it.

    Example: provenance entity show "al Baghdadi"
    """
    with opened() as store:
        detail = store.entity(ref)
    entity, aliases, claims = detail.entity, detail.aliases, detail.claims
    if as_json:
        print_json({**render.entity(entity, aliases=aliases), "claims": [c.id for c in claims]})
        return
    print_fields(
        [
            ("entity", f"{entity.id} ({entity.key})"),
            ("name", entity.name),
            ("kind", entity.kind.value),
            ("aliases", aliases),
            ("description", entity.description),
            ("claims", [f"{c.id} {c.key}" for c in claims]),
        ]
    )


def register(app: typer.Typer) -> None:
    app.add_typer(entity_app, name="entity")
