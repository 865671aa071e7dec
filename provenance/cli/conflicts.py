"""`provenance conflicts`: contradictions confirmed, detected and suggested, and their review."""

from __future__ import annotations

import typer

from . import render
from .common import (
    EXPECT_VERSION_OPTION,
    JSON_OPTION,
    fail,
    flag,
    handle_errors,
    opened,
    print_json,
    print_table,
)

conflicts_app = typer.Typer(
    help="Contradictions: confirmed by curators, detected from assertions, suggested from text.",
    invoke_without_command=True,
)


@conflicts_app.callback()
@handle_errors
def conflicts(
    ctx: typer.Context,
    status: str | None = typer.Option(
        None, "--status", help="Only confirmed, detected, suggested or dismissed."
    ),
    detect: bool = typer.Option(
        True, "--detect/--no-detect", help="Look for new contradictions first (writes them for review)."
    ),
    suggest: bool = typer.Option(
        True, "--suggest/--no-suggest", help="Also propose suggestions from claim text."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """List contradictions, after detecting new ones; review them with `conflicts confirm|dismiss`.

    Example: provenance conflicts --status detected
             provenance conflicts dismiss 14 --note "different times: 2014 executions, 2016 purge"
    """
    if ctx.invoked_subcommand:
        return
    summary = None
    with opened() as store:
        if detect:
            summary = store.detect_conflicts(suggestions=suggest)
        rows = store.conflicts(status=status)
    if as_json:
        print_json(
            {
                "new": {"detected": summary.detected, "suggested": summary.suggested} if summary else None,
                "unparsed": [{"assertion": a, "reason": why} for a, why in summary.unparsed]
                if summary
                else [],
                "contradictions": [
                    {
                        **render.relation(row.relation),
                        "a_statement": row.a_statement,
                        "b_statement": row.b_statement,
                        "values": render.disputed(row.values),
                    }
                    for row in rows
                ],
            }
        )
        return
    if summary:
        typer.echo(f"new: {summary.detected} detected, {summary.suggested} suggested")
        for assertion, why in summary.unparsed:
            typer.echo(f"warning: assertion {assertion}: {why}", err=True)
    print_table(
        [
            (
                row.relation.id,
                row.relation.status.value,
                f"{row.relation.claim_a_id}: {row.a_statement}",
                f"{row.relation.claim_b_id}: {row.b_statement}",
                "; ".join(f"{' or '.join(d.a)} vs {' or '.join(d.b)}" for d in row.values[:1]),
                row.relation.note,
                render.decision_line(row.relation),
                row.relation.decision_note,
            )
            for row in rows
        ],
        ["id", "status", "claim", "against", "values", "why", "decided", "decision note"],
    )


IDS_ARGUMENT = typer.Argument(
    None, help="Contradiction numbers (from `provenance conflicts`); or choose them by the filters."
)
SUBJECT_OPTION = typer.Option(
    None, "--subject", help="Only those whose claims have an assertion about this entity."
)
PROPERTY_OPTION = typer.Option(None, "--property", help="Only those whose claims assert this property.")
DETECTED_OPTION = typer.Option(None, "--status", help="Only detected, or only suggested, ones.")
FROM_OPTION = typer.Option(None, "--all-from", help="Only those with a claim quoted from this document.")
DRY_RUN_OPTION = typer.Option(False, "--dry-run", help="Print what would change, and change nothing.")


def _decide(
    ids: list[str] | None,
    *,
    confirm: bool,
    note: str | None,
    expect_version: int | None,
    subject: str | None,
    property_: str | None,
    status: str | None,
    all_from: str | None,
    dry_run: bool,
) -> None:
    done = "confirmed" if confirm else "dismissed"
    ids = ids or []
    if len(ids) == 1 and not (subject or property_ or status or all_from or dry_run):
        with opened() as store:
            found = (
                store.confirm_conflict(ids[0], note=note, expect_version=expect_version)
                if confirm
                else store.dismiss_conflict(ids[0], note=note or "", expect_version=expect_version)
            )
        typer.echo(f"contradiction {found.id} {render.decision_line(found)}")
        if found.decision_note:
            typer.echo(f"note: {found.decision_note}")
        return
    if expect_version is not None:
        fail("--expect-version goes with one contradiction, not a selection", 2)
    with opened() as store:
        chosen = store.review_conflicts(
            ids,
            confirm=confirm,
            subject=subject,
            property=property_,
            status=status,
            document=all_from,
            note=note,
            dry_run=dry_run,
        )
    for relation in chosen:
        verb = f"would be {done}" if dry_run else done
        typer.echo(
            f"contradiction {relation.id} (claims {relation.claim_a_id} and {relation.claim_b_id}, "
            f"{relation.status.value if dry_run else 'was awaiting'}) {verb}"
        )
    outcome = f"would be {done} (dry run: nothing changed)" if dry_run else done
    typer.echo(f"{len(chosen)} contradiction(s) {outcome}")


@conflicts_app.command("confirm")
@handle_errors
def confirm(
    ids: list[str] = IDS_ARGUMENT,
    note: str | None = typer.Option(None, "--note", help="Why: the judgment, in a sentence."),
    subject: str | None = SUBJECT_OPTION,
    property_: str | None = PROPERTY_OPTION,
    status: str | None = DETECTED_OPTION,
    all_from: str | None = FROM_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    expect_version: int | None = EXPECT_VERSION_OPTION,
) -> None:
    """Confirm detected or suggested contradictions: one by number, several, or every one the
    filters choose (all in one transaction, each decision logged).

    Example: provenance conflicts confirm 12 --note "2015 vs May 2017: both cannot be true"

    Example: provenance conflicts confirm --property death_date --subject al-Binali --dry-run
    """
    _decide(
        ids,
        confirm=True,
        note=note,
        expect_version=expect_version,
        subject=subject,
        property_=property_,
        status=status,
        all_from=all_from,
        dry_run=dry_run,
    )


@conflicts_app.command("dismiss")
@handle_errors
def dismiss(
    ids: list[str] = IDS_ARGUMENT,
    note: str = typer.Option(
        ...,
        "--note",
        "--reason",
        help="Why it is not a contradiction (kept apart from the tool's reason, and logged).",
    ),
    subject: str | None = SUBJECT_OPTION,
    property_: str | None = PROPERTY_OPTION,
    status: str | None = DETECTED_OPTION,
    all_from: str | None = FROM_OPTION,
    dry_run: bool = DRY_RUN_OPTION,
    expect_version: int | None = EXPECT_VERSION_OPTION,
) -> None:
    """Dismiss detected or suggested contradictions (one, several, or every one the filters
    choose); a dismissed pair is not proposed again.

    Example: provenance conflicts dismiss 14 --note "the counts hold for different times"

    Example: provenance conflicts dismiss --all-from hk-times-2019 --status suggested --note "times differ"
    """
    _decide(
        ids,
        confirm=False,
        note=note,
        expect_version=expect_version,
        subject=subject,
        property_=property_,
        status=status,
        all_from=all_from,
        dry_run=dry_run,
    )


_KEYS = {"c": "confirm", "d": "dismiss", "s": "skip", "o": "open", "q": "quit"}


@conflicts_app.command("review")
@handle_errors
def review() -> None:
    """Walk the review queue in the terminal: for each detected or suggested contradiction, both
    claims side by side, then c (confirm, with an optional note), d (dismiss, with a reason),
    s (skip), o (open: the two claims in full), q (quit). Each decision is its own transaction and
    event; one another editor made first is reported, not overwritten.

    Example: provenance conflicts review
    """
    from ..errors import ProvenanceError

    with opened() as store:
        queue = store.review_queue()
        if not queue:
            typer.echo("nothing awaits review")
            return
        decided = {"confirm": 0, "dismiss": 0, "skip": 0}
        for number, row in enumerate(queue, 1):
            r = row.relation
            typer.echo(f"\n[{number}/{len(queue)}] contradiction {r.id} · {r.status.value}")
            typer.echo(f"  A  claim {r.claim_a_id}: {row.a_statement}")
            typer.echo(f"  B  claim {r.claim_b_id}: {row.b_statement}")
            for d in row.values:
                typer.echo(f"  disputed: {d.line()}")
            if r.note:
                typer.echo(f"  why: {' '.join(r.note.split())}")
            while True:
                key = typer.prompt("  [c]onfirm [d]ismiss [s]kip [o]pen [q]uit", default="s").strip().lower()
                action = _KEYS.get(key[:1])
                if action is None:
                    typer.echo("  keys: c, d, s, o, q")
                    continue
                if action == "open":
                    for ref in (r.claim_a_id, r.claim_b_id):
                        claim = store.claim(str(ref)).claim
                        typer.echo(f"  claim {claim.id} ({claim.key}), {claim.speaker}: {claim.exact!r}")
                    continue
                break
            if action == "quit":
                break
            if action == "skip":
                decided["skip"] += 1
                continue
            try:
                if action == "confirm":
                    note = typer.prompt("  note (optional)", default="", show_default=False).strip()
                    store.confirm_conflict(str(r.id), note=note or None, expect_version=r.version)
                else:
                    reason = ""
                    while not reason:
                        reason = typer.prompt("  reason (kept and logged)").strip()
                    store.dismiss_conflict(str(r.id), note=reason, expect_version=r.version)
            except ProvenanceError as exc:
                typer.echo(f"  error: {exc.render(flag)}", err=True)
                continue
            decided[action] += 1
            typer.echo(f"  {'confirmed' if action == 'confirm' else 'dismissed'}")
    typer.echo(f"\n{decided['confirm']} confirmed, {decided['dismiss']} dismissed, {decided['skip']} skipped")


def register(app: typer.Typer) -> None:
    app.add_typer(conflicts_app, name="conflicts")
