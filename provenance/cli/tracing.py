"""`provenance trace CLAIM`: what a claim rests on, all the way down, and how independent it is."""

from __future__ import annotations

from typing import Any

import typer

from .common import JSON_OPTION, handle_errors, opened, print_json


def _tree_json(node: Any, labels: dict) -> dict[str, Any]:
    return {
        "node": {"type": node.node[0], "id": node.node[1]},
        "label": labels.get(node.node, str(node.node[1])),
        "via": node.via,
        "locator": node.locator,
        "origin": node.is_origin,
        "cycle": node.cycle,
        "rests_on": [_tree_json(child, labels) for child in node.children],
    }


def _print_tree(node: Any, labels: dict, prefix: str = "", last: bool = True, top: bool = True) -> None:
    label = labels.get(node.node, str(node.node[1]))
    how = f"{node.via.replace('_', ' ')} " if node.via else ""
    where = f" {node.locator}" if node.locator else ""
    mark = "  [cycle: already on this chain]" if node.cycle else ("  [origin]" if node.is_origin else "")
    branch = "" if top else ("└── " if last else "├── ")
    typer.echo(f"{prefix}{branch}{how}{label}{where}{mark}")
    deeper = prefix + ("" if top else ("    " if last else "│   "))
    for i, child in enumerate(node.children):
        _print_tree(child, labels, deeper, i == len(node.children) - 1, False)


def accounts_line(accounts: int, groups: int) -> str:
    """`3 accounts, 2 independent origins` (the claim page says the same)."""
    a, o = ("account", "accounts"), ("independent origin", "independent origins")
    return f"{accounts} {a[accounts != 1]}, {groups} {o[groups != 1]}"


@handle_errors
def trace(
    claim: str = typer.Argument(..., help="The claim's number or key."), as_json: bool = JSON_OPTION
) -> None:
    """Show the chain from a claim through its citations to its origins, and its independence.

    Origins are documents that cite nothing further, unnamed officials, and the author's own word.
    Citation cycles are reported, not followed.

    Example: provenance trace gr-firefight-bodyguards
    """
    with opened() as store:
        found = store.trace(claim)
    judged = found.independence
    if as_json:
        print_json(
            {
                "claim": judged.claim_id,
                "chain": _tree_json(found.tree, found.labels),
                "origins": [
                    {"type": n[0], "id": n[1], "label": found.labels.get(n)}
                    for n in sorted(found.origins, key=str)
                ],
                "independent_corroborations": list(judged.independent),
                "circular_corroborations": list(judged.circular),
                "independent_origins": judged.independent_origins,
                # "N accounts, K independent origins": this claim and its corroborators, and the
                # groups they fall into when accounts from one work or whose chains meet are one.
                "accounts": {"count": judged.accounts, "independent_origins": judged.origin_groups},
                "not_independent": [
                    {
                        "claim": other,
                        "shared_origins": [found.labels.get(n, str(n[1])) for n in sorted(nodes, key=str)],
                        # How each chain reaches each shared origin (claim first, origin last).
                        "paths": [
                            {
                                "origin": found.labels.get(origin, str(origin[1])),
                                "this": [{"type": n[0], "id": n[1]} for n in mine],
                                "other": [{"type": n[0], "id": n[1]} for n in theirs],
                            }
                            for origin, mine, theirs in found.paths.get(other, [])
                        ],
                    }
                    for other, nodes in sorted(judged.shared.items())
                ],
                "cycles": [[{"type": n[0], "id": n[1]} for n in cycle] for cycle in found.cycles],
            }
        )
        return
    _print_tree(found.tree, found.labels)
    typer.echo("")
    typer.echo(f"origins: {len(found.origins)}")
    typer.echo(accounts_line(judged.accounts, judged.origin_groups))
    if judged.independent or judged.circular:
        typer.echo(
            f"corroborated by {len(judged.independent) + len(judged.circular)} claim(s): "
            f"{len(judged.independent)} independent ({judged.independent_origins} independent origin(s))"
            + (
                f", {len(judged.circular)} circular (same origin: {', '.join(map(str, judged.circular))})"
                if judged.circular
                else ""
            )
        )
    else:
        typer.echo("not corroborated by any other claim")
    for other, nodes in sorted(judged.shared.items()):
        names = "; ".join(found.labels.get(n, str(n[1])) for n in sorted(nodes, key=str))
        typer.echo(f"claim {other} is not independent: both chains reach {names}")
        for _origin, mine, theirs in found.paths.get(other, []):
            for whose, path in (("this claim", mine), (f"claim {other}", theirs)):
                if len(path) > 2:  # a direct citation is already said by the line above
                    steps = " -> ".join(_short(found.labels.get(n, str(n[1]))) for n in path[1:])
                    typer.echo(f"  {whose} by way of {steps}")
    for cycle in found.cycles:
        typer.echo("citation cycle: " + " -> ".join(found.labels.get(n, str(n[1])) for n in cycle))


def _short(label: str, width: int = 60) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def register(app: typer.Typer) -> None:
    app.command("trace")(trace)
