"""`provenance claim …`: log a claim by quoting it, list, show and review claims."""

from __future__ import annotations

import typer

from . import render
from .common import (
    EXPECT_VERSION_OPTION,
    JSON_OPTION,
    fail,
    handle_errors,
    opened,
    print_fields,
    print_json,
    print_json_list,
    print_table,
)

claim_app = typer.Typer(
    help="Claims: log them by quoting, list, show, review, edit, delete.", no_args_is_help=True
)


@claim_app.command("add")
@handle_errors
def add(
    document: str | None = typer.Argument(
        None, help="The held document's number or key (not with --from: each row names its doc)."
    ),
    quote: str | None = typer.Option(
        None, "--quote", help="The words as the document prints them (copied text is fine)."
    ),
    statement: str | None = typer.Option(
        None, "--statement", help="The claim in one line, in your words (default: the quote)."
    ),
    speaker: str = typer.Option(
        "author", "--speaker", help="Who asserts it: author, or whom the text credits."
    ),
    hedging: str | None = typer.Option(
        None, "--hedging", help='The hedge as printed: "reportedly", "believed to".'
    ),
    verdict: str = typer.Option(
        "unreviewed", "--verdict", help="unreviewed, supported, disputed, refuted, unverifiable."
    ),
    credibility: int | None = typer.Option(
        None, "--credibility", help="Admiralty 1 (confirmed) … 6 (cannot be judged)."
    ),
    prefix: str | None = typer.Option(
        None, "--prefix", help="Words just before the quote, when it occurs twice."
    ),
    suffix: str | None = typer.Option(
        None, "--suffix", help="Words just after the quote, when it occurs twice."
    ),
    start: int | None = typer.Option(None, "--start", help="The quote's offset, when it occurs twice."),
    entity: list[str] = typer.Option(
        [],
        "--entity",
        help="An entity the claim names (key, name or alias); repeatable. Given: only these are linked.",
    ),
    no_entities: bool = typer.Option(
        False, "--no-entities", help="Link no entity (by default the entities the quote names are linked)."
    ),
    note: str | None = typer.Option(None, "--note", help="A curator's note."),
    key: str | None = typer.Option(None, "--key", help="A stable key (default: made from the statement)."),
    no_read: bool = typer.Option(
        False,
        "--no-read",
        help="Anchor the claim only: no entities linked by the reader, no readings, no rivals "
        "(fast on a large store; `provenance claim read CLAIM` reads it later).",
    ),
    from_file: str | None = typer.Option(
        None,
        "--from",
        metavar="FILE",
        help="Log many claims from a CSV (with a header) or JSON-lines file whose columns are these "
        "options (doc, quote, statement, speaker, hedging, verdict, credibility, prefix, suffix, start, "
        "entity, note, key; several entities separated by ';' in a CSV): one transaction, all or nothing, "
        "every problem named FILE:LINE field.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Log a claim by quoting the document: the quote is found in its text and anchored there,
    then read: the entities it names are linked, its values (counts, dates, places) and the
    attribution of its sentence are proposed, and claims elsewhere that may disagree are listed.

    Proposed readings are the reader's, not yours, until you accept them:
    `provenance claim accept CLAIM [READING]` or `provenance claim reject CLAIM [READING]`.

    Example: provenance claim add ctc-2019-02 --quote "killed in an airstrike in May 2017"
             --statement "Turki al-Bin'ali died in May 2017" --speaker author

    Example: provenance claim add --from claims.csv --no-read
    """
    if from_file is not None:
        given = {
            "DOCUMENT": document,
            "--quote": quote,
            "--statement": statement,
            "--hedging": hedging,
            "--credibility": credibility,
            "--prefix": prefix,
            "--suffix": suffix,
            "--start": start,
            "--note": note,
            "--key": key,
            "--entity": entity or None,
            "--speaker": None if speaker == "author" else speaker,
            "--verdict": None if verdict == "unreviewed" else verdict,
        }
        clash = [name for name, value in given.items() if value is not None]
        if clash:
            fail(f"--from FILE takes each claim's fields from the file; drop {', '.join(clash)}", 2)
        _add_from(from_file, read=not no_read, link_entities=not no_entities, as_json=as_json)
        return
    if document is None:
        fail("missing argument DOCUMENT (the held document's number or key), or give --from FILE", 2)
    if quote is None:
        fail("missing option --quote (the words as the document prints them), or give --from FILE", 2)
    if no_read:
        from ..text import shorten

        with opened() as store:
            claim = store.add_claim(
                document,
                quote=quote,
                statement=statement or shorten(quote, 300),
                speaker=speaker,
                hedging=hedging,
                verdict=verdict,
                credibility=credibility,
                prefix=prefix,
                suffix=suffix,
                start=start,
                entities=entity,
                note=note,
                key=key,
            )
            linked = [e.entity.key for e in store.claim_reading(claim.key).entities]
        if as_json:
            print_json(render.claim(claim, entities=linked))
            return
        typer.echo(f"added claim {claim.id} ({claim.key}) at {claim.start}..{claim.end}: {claim.exact!r}")
        typer.echo(f"  not read: `provenance claim read {claim.key}` reads it when you want")
        return
    with opened() as store:
        read = store.log_claim(
            document,
            quote=quote,
            statement=statement,
            entities=entity,
            link_entities=not no_entities,
            speaker=speaker,
            hedging=hedging,
            verdict=verdict,
            credibility=credibility,
            prefix=prefix,
            suffix=suffix,
            start=start,
            note=note,
            key=key,
        )
    claim = read.claim
    if as_json:
        print_json(
            {
                **render.claim(claim, entities=[e.entity.key for e in read.entities]),
                **render.claim_reading(read),
            }
        )
        return
    typer.echo(f"added claim {claim.id} ({claim.key}) at {claim.start}..{claim.end}: {claim.exact!r}")
    for line in render.reading_lines(read, rivals=True):
        typer.echo(f"  {line}")


def _add_from(path: str, *, read: bool, link_entities: bool, as_json: bool) -> None:
    with opened() as store:
        claims = store.add_claims(path, read=read, link_entities=link_entities)
        rows = [render.claim(c) for c in claims] if as_json else []
    if as_json:
        print_json(rows)
        return
    for claim in claims:
        typer.echo(f"added claim {claim.id} ({claim.key}) at {claim.start}..{claim.end}: {claim.exact!r}")
    how = "read" if read else "not read: `provenance claim read` reads them when you want"
    typer.echo(f"added {len(claims)} claim{'s' if len(claims) != 1 else ''} from {path} ({how})")


@claim_app.command("list")
@handle_errors
def list_(
    doc: str | None = typer.Option(None, "--doc", help="Only claims quoted from this document."),
    verdict: str | None = typer.Option(None, "--verdict", help="Only claims with this verdict."),
    entity: str | None = typer.Option(None, "--entity", help="Only claims that name this entity."),
    limit: int | None = typer.Option(None, "--limit", min=0, help="At most this many claims (the first)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List claims, in the order they were logged.

    With --json the claims are written as they are read (`claim list --json | head` starts at once).

    Example: provenance claim list --doc tm-hazimite-coup --json
    """
    with opened() as store:
        claims = store.each_claim(document=doc, verdict=verdict, entity=entity, limit=limit)
        if as_json:
            print_json_list(render.claim(c) for c in claims)
            return
        rows = [(c.id, c.key, c.document_id, c.verdict.value, c.statement) for c in claims]
    print_table(  # the column widths need every row
        rows,
        ["id", "key", "doc", "verdict", "statement"],
    )


@claim_app.command("show")
@handle_errors
def show(ref: str = typer.Argument(..., help="Claim number or key."), as_json: bool = JSON_OPTION) -> None:
    """Show a claim: its quote in context, what it rests on, how it relates to others.

    Example: provenance claim show tm-binali-killed-2015
    """
    with opened() as store:
        detail = store.claim(ref)
        read = store.claim_reading(ref)
    claim, entities, citations, relations = detail.claim, detail.entities, detail.citations, detail.relations
    elsewhere = detail.elsewhere
    if as_json:
        print_json(
            {
                **render.claim(claim, entities=entities),
                "citations": [render.citation(c) for c in citations],
                "relations": [render.relation(r) for r in relations],
                "said_elsewhere": [hit.as_dict() for hit in elsewhere],
                **render.claim_reading(read),
            }
        )
        return
    print_fields(
        [
            ("claim", f"{claim.id} ({claim.key})"),
            ("statement", claim.statement),
            ("quote", f"…{claim.prefix}[{claim.exact}]{claim.suffix}…"),
            (
                "where",
                f"document {claim.document_id}, revision {claim.revision}, {claim.start}..{claim.end} "
                f"({claim.anchor_state.value})",
            ),
            ("speaker", claim.speaker),
            ("hedging", claim.hedging),
            ("verdict", claim.verdict.value),
            ("credibility", claim.credibility),
            ("entities", entities),
            ("note", claim.note),
            (
                "rests on",
                [
                    f"{c.kind.value} "
                    + (
                        f"document {c.target_document_id}"
                        if c.target_document_id
                        else f"entity {c.target_entity_id}"
                        if c.target_entity_id
                        else repr(c.target_person)
                    )
                    + (f" {c.locator}" if c.locator else "")
                    for c in citations
                ],
            ),
            (
                "relations",
                [
                    f"{r.claim_a_id} {r.kind.value} {r.claim_b_id} "
                    f"({render.decision_line(r) or r.status.value})"
                    for r in relations
                ],
            ),
            (
                "said elsewhere",
                [
                    f"claim {h.id} ({h.key})"
                    if h.kind == "claim"
                    else f"document {h.id} at {h.start}..{h.end}"
                    for h in elsewhere
                ],
            ),
            ("readings", [render.reading_line(a) for a in read.readings]),
            ("attributed to", render.attribution_line(read.attribution) if read.attribution else None),
            ("version", claim.version),
        ]
    )


READING_ARGUMENT = typer.Argument(
    None,
    help="Which reading: its number (from `claim show`) or its property (deaths, attributed_to). "
    "Default: every open proposal of the claim.",
)


@claim_app.command("accept")
@handle_errors
def accept(
    ref: str = typer.Argument(..., help="Claim number or key."),
    reading: str | None = READING_ARGUMENT,
    subject: str | None = typer.Option(
        None, "--subject", help="The entity the value is about, when the quote names none (or another)."
    ),
    value: str | None = typer.Option(
        None, "--value", help='Correct the value as you accept it ("at least 350", "2016-04-18").'
    ),
) -> None:
    """Accept the reader's proposed readings of a claim: they become curated assertions (exported
    in bundles, used by detection as yours). Each decision is logged.

    Example: provenance claim accept 212   (every open proposal of claim 212)

    Example: provenance claim accept 212 deaths --subject "Ecuador earthquake"

    Example: provenance claim accept 212 31 --value "at least 350"   (correct it as you accept)
    """
    with opened() as store:
        decided = store.decide_reading(ref, reading, accept=True, subject=subject, value=value)
    for a in decided:
        typer.echo(f"accepted reading {a.id}: {render.reading_line(a)}")


@claim_app.command("read")
@handle_errors
def read_again(
    refs: list[str] = typer.Argument(None, help="Claim numbers or keys (default: every claim)."),
) -> None:
    """Read claims again, now that more documents are held (or after an import): their open
    proposals are replaced by what the reader makes of them today; accepted and rejected
    readings stay as the curator left them. Proposals are never exported in bundles.

    Example: provenance claim read   (every claim, e.g. after `provenance import`)
    """
    with opened() as store:
        count = store.reread(refs or None)
    typer.echo(f"read {count} claim(s) again")


@claim_app.command("reject")
@handle_errors
def reject(
    ref: str = typer.Argument(..., help="Claim number or key."),
    reading: str | None = READING_ARGUMENT,
) -> None:
    """Reject the reader's proposed readings of a claim: kept as rejected, so reading the claim
    again does not propose them, and detection no longer uses them. Each decision is logged.

    Example: provenance claim reject 212 attributed_to

    Example: provenance claim reject 212 32
    """
    with opened() as store:
        decided = store.decide_reading(ref, reading, accept=False)
    for a in decided:
        typer.echo(f"rejected reading {a.id}: {render.reading_line(a)}")


@claim_app.command("requote")
@handle_errors
def requote(
    ref: str = typer.Argument(..., help="Claim number or key."),
    quote: str = typer.Option(..., "--quote", help="The words as the document's current text prints them."),
    occurrence: int | None = typer.Option(
        None,
        "--occurrence",
        help="Which occurrence (1 = first in the text), when the quote occurs more than once.",
    ),
    near: str | None = typer.Option(
        None,
        "--near",
        help="Words printed next to the wanted occurrence, when the quote occurs more than once.",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Re-attach a claim to its document's current text, e.g. after `doc revise` left it orphaned,
    ambiguous or fuzzy; its verdict, credibility, citations, assertions and relations stay.

    Example: provenance claim requote tm-binali-killed-2015 --quote "killed in an airstrike" --occurrence 2
    """
    with opened() as store:
        claim = store.requote_claim(ref, quote=quote, occurrence=occurrence, near=near)
    if as_json:
        print_json(render.claim(claim))
    else:
        typer.echo(
            f"re-quoted claim {claim.id} ({claim.key}) at {claim.start}..{claim.end} "
            f"of revision {claim.revision}: {claim.exact!r}"
        )


@claim_app.command("verdict")
@handle_errors
def verdict(
    ref: str = typer.Argument(..., help="Claim number or key."),
    value: str = typer.Argument(..., help="supported, disputed, refuted, unverifiable or unreviewed."),
    credibility: int | None = typer.Option(None, "--credibility", help="Admiralty 1 … 6."),
    expect_version: int | None = EXPECT_VERSION_OPTION,
) -> None:
    """Record a reviewer's verdict (and credibility) on a claim.

    Example: provenance claim verdict tm-binali-killed-2015 disputed --credibility 4
    """
    with opened() as store:
        claim = store.set_verdict(ref, value, credibility=credibility, expect_version=expect_version)
    typer.echo(
        f"claim {claim.key}: {claim.verdict.value}"
        + (f", credibility {claim.credibility}" if claim.credibility else "")
    )


@claim_app.command("edit")
@handle_errors
def edit(
    ref: str = typer.Argument(..., help="Claim number or key."),
    statement: str | None = typer.Option(None, "--statement", help="The claim in one line, in your words."),
    speaker: str | None = typer.Option(None, "--speaker", help="Who asserts it."),
    hedging: str | None = typer.Option(None, "--hedging", help='The hedge as printed ("" clears it).'),
    note: str | None = typer.Option(None, "--note", help='A curator\'s note ("" clears it).'),
    expect_version: int | None = EXPECT_VERSION_OPTION,
) -> None:
    """Change a claim's statement, speaker, hedging or note; its quote and anchor stay as they are.

    Example: provenance claim edit tm-binali-killed-2015 --statement "Turki al-Bin'ali was killed in 2015"
    """
    with opened() as store:
        claim = store.edit_claim(
            ref,
            statement=statement,
            speaker=speaker,
            hedging=hedging,
            note=note,
            expect_version=expect_version,
        )
    typer.echo(f"claim {claim.key} edited (version {claim.version})")


@claim_app.command("delete")
@handle_errors
def delete(
    ref: str = typer.Argument(..., help="Claim number or key."),
    cascade: bool = typer.Option(
        False, "--cascade", help="Also delete its citations, assertions and relations (logged with it)."
    ),
) -> None:
    """Delete a claim; refused while citations, assertions or relations depend on it, unless --cascade.

    Example: provenance claim delete 212 --cascade
    """
    with opened() as store:
        claim, removed = store.delete_claim(ref, cascade=cascade)
    extra = f" with {', '.join(f'{n} {kind}' for kind, n in removed.items())}" if removed else ""
    typer.echo(f"deleted claim {claim.id} ({claim.key}){extra}")


def register(app: typer.Typer) -> None:
    app.add_typer(claim_app, name="claim")
