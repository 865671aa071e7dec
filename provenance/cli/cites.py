"""`provenance cites find DOC`: the citations a document's own text makes, proposed for review."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from .common import JSON_OPTION, fail, handle_errors, opened, print_json, print_table

if TYPE_CHECKING:
    from ..cites import Proposal
    from ..store import Store

cites_app = typer.Typer(help="Citations found in a document's own text.", no_args_is_help=True)


def _show(proposals: list[Proposal]) -> None:
    print_table(
        [
            (p.number, p.start, p.marker, p.kind, p.target, ", ".join(p.claims) or "-", p.status)
            for p in proposals
        ],
        ["#", "at", "marker", "kind", "target", "claims", "status"],
    )


def _describe(p: Proposal) -> str:
    lines = [f"[{p.number}] {p.marker!r} at {p.start} ({p.source}, {p.kind})", f"    cites {p.target}"]
    if p.published:
        lines.append(f"    dated {p.published}")
    if p.note:
        lines.append(f"    note: {p.note[:200]}")
    lines.append(f"    supports {', '.join(p.claims)}")
    if p.recorded:
        lines.append(f"    already recorded for {', '.join(p.recorded)}")
    return "\n".join(lines)


def _ask_target(store: Store, proposal: Proposal) -> str | None:
    """A new target, asked until it names a document or a person; an empty answer goes back."""
    from ..errors import ProvenanceError

    while True:
        target = typer.prompt(
            "target (document number or key, or person:NAME; empty to go back)",
            default="",
            show_default=False,
        ).strip()
        if not target:
            return None
        try:
            store.check_citation_target(proposal, target)
        except ProvenanceError as exc:
            typer.echo(f"  {exc}")
            continue
        return target


def _review(store: Store, proposals: list[Proposal]) -> tuple[list[int], dict[int, str]]:
    """Ask about each open proposal: accept, skip, edit its target, or quit (keeping what was chosen)."""
    chosen: list[int] = []
    targets: dict[int, str] = {}
    for p in proposals:
        if p.status in ("no claim", "recorded"):
            continue
        typer.echo(_describe(p))
        while True:
            answer = (
                typer.prompt("accept, skip, edit the target, or quit? [a/s/e/q]", default="s").strip().lower()
            )
            if answer in ("a", "accept"):
                chosen.append(p.number)
            elif answer in ("e", "edit"):
                target = _ask_target(store, p)
                if target is None:
                    continue
                targets[p.number] = target
                chosen.append(p.number)
            elif answer in ("q", "quit"):
                return chosen, targets
            elif answer not in ("s", "skip"):
                typer.echo("  answer a, s, e or q")
                continue
            break
    return chosen, targets


@cites_app.command("find")
@handle_errors
def find(
    doc: str = typer.Argument(..., help="The held document's number or key."),
    accept: str | None = typer.Option(
        None, "--accept", metavar="all|N,M", help="Record these proposals as citations (numbers as listed)."
    ),
    review: bool = typer.Option(False, "--review", help="Go through the proposals one by one and choose."),
    create_missing: bool = typer.Option(
        False, "--create-missing", help="Add cited documents the store lacks, as unheld documents."
    ),
    markers_only: bool = typer.Option(
        False,
        "--markers-only",
        help='Only parentheticals, notes and references: not the news attributions ("X said", "told X").',
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Propose the citations a document's own text makes: parentheticals, notes, references, and
    news attribution ("X said", "according to X", "told X", "X said in a statement", wire credits,
    named people with their roles, unnamed officials), each with the claim whose sentence carries
    it. A source is matched to a known outlet or entity ignoring a leading "the" and case; the
    text's own header lines (URL:, Title:) are never proposed.

    Each proposal gives the marker as printed and where it is, what it cites (a known document,
    a new unheld one for the outlet named, or a person) and the claims it supports. --accept or
    --review records the chosen ones as citations, in one transaction; proposals already recorded
    for a claim (the same claim at the same marker) are skipped.

    Example: provenance cites find tm-hazimite-coup --accept 1,2 --create-missing
    """
    if accept and review:
        fail("give --accept or --review, not both", 2)
    targets: dict[int, str] = {}
    with opened() as store:
        proposals = store.find_citations(doc, news=not markers_only)
        if not accept and not review:
            if as_json:
                print_json([p.as_dict() for p in proposals])
            else:
                _show(proposals)
            return
        if review:
            try:
                numbers, targets = _review(store, proposals)
            except typer.Abort:
                fail("review ended before it was finished; nothing was recorded")
        else:
            numbers = store.choose_citations(accept or "", proposals)
        if review and not numbers:
            typer.echo("nothing chosen; nothing was recorded")
            return
        done = store.accept_citations(
            doc, proposals, numbers, create_missing=create_missing, targets=targets, news=not markers_only
        )
    if as_json:
        print_json([d.as_dict() for d in done])
        return
    if not done:
        typer.echo("nothing to record: every proposal is recorded or supports no claim")
    for d in done:
        made = f" (created unheld document {d.created})" if d.created else ""
        skipped = f"; already recorded for {', '.join(d.skipped)}" if d.skipped else ""
        added = ", ".join(map(str, d.citations)) or "(none)"
        typer.echo(f"proposal {d.proposal}: added citations {added}{made}{skipped}")


def register(app: typer.Typer) -> None:
    app.add_typer(cites_app, name="cites")
