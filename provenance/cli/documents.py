"""`provenance doc …`: documents held (with text) or unheld (known from a citation)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import typer

from . import render
from .common import (
    JSON_OPTION,
    MAX_MB_OPTION,
    fail,
    flag,
    handle_errors,
    opened,
    print_fields,
    print_json,
    print_table,
    progress,
)

doc_app = typer.Typer(
    help="Documents: add (file or URL), list, show, read their text, revise, refresh, delete.",
    no_args_is_help=True,
)


@doc_app.command("add")
@handle_errors
def add(
    file: str | None = typer.Argument(
        None,
        help="The document's file (UTF-8 text, HTML or PDF) or an http(s) URL to fetch. Omit with --unheld.",
    ),
    title: str | None = typer.Option(
        None, "--title", help="The document's title (default: the one the page or the file's header gives)."
    ),
    author: list[str] = typer.Option(
        [], "--author", help="An author; repeat for several (default: the page's or the header's)."
    ),
    outlet: str | None = typer.Option(None, "--outlet", help="The outlet's number, key or name."),
    published: str | None = typer.Option(
        None,
        "--published",
        help="As precise as known: YYYY, YYYY-MM or YYYY-MM-DD, or e.g. 'March 2024', '8 May 2017'.",
    ),
    url: str | None = typer.Option(
        None, "--url", help="Where it was published (default: the page's canonical URL, else FILE if a URL)."
    ),
    language: str = typer.Option("en", "--language", help="Language code."),
    unheld: bool = typer.Option(False, "--unheld", help="Known only from a citation: no text."),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Decode the file with this encoding (default: strict UTF-8)."
    ),
    part_of: str | None = typer.Option(
        None, "--part-of", help="The held document this one is part of (an article in an issue)."
    ),
    span: tuple[int, int] | None = typer.Option(
        None, "--span", help="With --part-of: START END of the part in its text."
    ),
    key: str | None = typer.Option(None, "--key", help="A stable key (default: made from the title)."),
    max_mb: int | None = MAX_MB_OPTION,
    for_document: str | None = typer.Option(
        None, "--for", help="Give this unheld document (number or key) the text: it becomes held."
    ),
    new: bool = typer.Option(
        False, "--new", help="Keep a new record even though the store seems to have this work already."
    ),
) -> None:
    """Add a document: a file or an http(s) URL (held) or, with --unheld, one known only from a citation.

    A file or URL is first looked for in the store: the same address (scheme, www., tracking
    parameters, AMP and mobile pages folded), the same title, outlet and date, or a near-identical
    text (a syndicated copy, a repost). Found, nothing is added and the candidates are named:
    give --for DOC to make that unheld record held with this text, or --new to keep both (a
    near-identical text is then recorded as the same work, so it is never counted as a second source).

    Example: provenance doc add article.txt --title "Alleged Coup Attempt…" --author "Jane Doe"
             --outlet "Terrorism Monitor" --published 2019-03 --url https://…

    A page's own metadata (title, author, date, site name, canonical URL) and a text file's
    header (`Title: …` lines then a blank line, or `---` YAML front matter) fill what is not
    given; the header is not kept as text. An HTML page is reduced to its main text (menus,
    banners, ads, comments and footer left out), Markdown to its text, a PDF's ligatures and
    line-end hyphens repaired: `doc show` says how the text was read.

    Example: provenance doc add https://example.org/statement.html

    Example: provenance doc add --unheld --title "Asharq al-Awsat report" --outlet "Asharq al-Awsat"
             --published 2019-02-08

    Example: provenance doc add guardian.html --for guardian-2019-02-07
    """
    if for_document is not None:
        if file is None:
            fail("--for needs the text: give its FILE or URL", 2)
        if unheld or part_of is not None or key is not None or new:
            fail("--for gives an existing record its text; drop --unheld, --part-of, --key and --new", 2)
        with opened() as store:
            doc = store.add_document(
                file, title="", url=url, encoding=encoding, max_mb=max_mb, for_document=for_document
            )
        typer.echo(f"document {doc.id} ({doc.key}) is now held: {doc.title}")
        return
    if title is None and file is None:
        fail("give the document's --title (or --for DOC to give an existing record this text)", 2)
    if file is None and not unheld and part_of is None:
        fail("give the document's text FILE, or --unheld for a document known only from a citation", 2)
    if file is not None and unheld:
        fail("a document with a FILE is held; drop --unheld", 2)
    with opened() as store:
        doc = store.add_document(
            file,
            title=title,
            authors=author,
            outlet=outlet,
            published=published,
            url=url,
            language=language,
            encoding=encoding,
            part_of=part_of,
            span=span,
            key=key,
            max_mb=max_mb,
            new=new,
        )
    kind = "held" if doc.held else ("part" if doc.part_of_id else "unheld")
    typer.echo(f"added {kind} document {doc.id} ({doc.key}): {doc.title}")


@doc_app.command("list")
@handle_errors
def list_(
    held: bool | None = typer.Option(None, "--held/--unheld", help="Only held, or only unheld, documents."),
    outlet: str | None = typer.Option(None, "--outlet", help="Only this outlet's documents."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List documents with their outlet and number of claims.

    Example: provenance doc list --unheld
    """
    with opened() as store:
        rows = store.documents(held=held, outlet=outlet)
    if as_json:
        print_json([render.document(r.document, outlet_name=r.outlet_name, claims=r.claims) for r in rows])
        return
    print_table(
        [
            (
                r.document.id,
                r.document.key,
                "held" if r.document.held else "unheld",
                r.document.published,
                r.outlet_name,
                r.claims,
                r.document.title,
            )
            for r in rows
        ],
        ["id", "key", "text", "published", "outlet", "claims", "title"],
    )


@doc_app.command("show")
@handle_errors
def show(ref: str = typer.Argument(..., help="Document number or key."), as_json: bool = JSON_OPTION) -> None:
    """Show a document's metadata, its claims and what cites it.

    Example: provenance doc show tm-hazimite-coup
    """
    with opened() as store:
        detail = store.document(ref)
    doc, outlet, claims, cited_by = detail.document, detail.outlet, detail.claims, detail.cited_by
    if as_json:
        data = render.document(doc, outlet_name=outlet.name if outlet else None, claims=len(claims))
        print_json(
            {
                **data,
                "claim_ids": [c.id for c in claims],
                "cited_by": [c.claim_id for c in cited_by],
                "same_work": [{"id": i, "key": k} for i, k in detail.same_work],
                "redirected_from": detail.old_keys,
                "reading": detail.reading,
                "snapshots": [snap.as_dict() for snap in detail.snapshots],
            }
        )
        return
    print_fields(
        [
            ("document", f"{doc.id} ({doc.key})"),
            ("title", doc.title),
            ("authors", doc.authors),
            ("outlet", f"{outlet.name} (grade {outlet.grade.value})" if outlet else None),
            ("published", doc.published),
            ("url", doc.url),
            ("language", doc.language),
            ("text", f"held, revision {doc.revision}, sha256 {doc.sha256}" if doc.held else "unheld"),
            (
                "part of",
                f"document {doc.part_of_id}, {doc.part_start}..{doc.part_end}" if doc.part_of_id else None,
            ),
            ("read", detail.reading),
            ("fetched", [snap.describe() for snap in detail.snapshots] or None),
            ("same work", [f"document {i} ({k})" for i, k in detail.same_work] or None),
            ("merged", detail.old_keys or None),
            ("claims", [f"{c.id} {c.key}" for c in claims]),
            ("cited by", [f"claim {c.claim_id} {c.locator or ''}".rstrip() for c in cited_by]),
        ]
    )


@doc_app.command("text")
@handle_errors
def text(
    ref: str = typer.Argument(..., help="Document number or key."),
    revision: int | None = typer.Option(
        None, "--revision", help="An older text revision (default: the current one)."
    ),
) -> None:
    """Print a held document's current text, exactly as stored (offsets count its code points).

    Example: provenance doc text tm-hazimite-coup | less

    Example: provenance doc text tm-hazimite-coup --revision 1
    """
    with opened() as store:
        body = store.document_text(ref, revision=revision)
    # Exactly the stored text when piped (hashes and offsets must agree); a final newline on a terminal.
    typer.echo(body, nl=sys.stdout.isatty() and not body.endswith("\n"))


@doc_app.command("delete")
@handle_errors
def delete(ref: str = typer.Argument(..., help="Document number or key.")) -> None:
    """Delete a document that nothing depends on (no claims, not cited, no parts).

    Example: provenance doc delete 7
    """
    with opened() as store:
        doc = store.delete_document(ref)
    typer.echo(f"deleted document {doc.id} ({doc.key})")


@doc_app.command("revise")
@handle_errors
def revise(
    ref: str = typer.Argument(..., help="Document number or key."),
    new_file: str = typer.Argument(
        ..., metavar="NEWFILE", help="The new text: a file (UTF-8 text, HTML or PDF) or an http(s) URL."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Decode the file with this encoding (default: strict UTF-8)."
    ),
    max_mb: int | None = MAX_MB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Make a new text the document's current revision and re-anchor its claims.

    The old text stays readable (`doc text DOC --revision N`). Each claim is found again in
    its own sentence: unchanged, moved (its context may have changed), fuzzy (a small edit
    inside its quote, with a score: review it), or, when its sentence is gone or several
    places fit, orphaned or ambiguous (left on its old revision, never moved to look-alike
    text; re-attach it with `provenance claim requote`).

    Example: provenance doc revise tm-hazimite-coup article-corrected.txt
    """
    from ..revisions import NothingChanged

    try:
        with opened() as store:
            done = store.revise_document(ref, new_file, encoding=encoding, max_mb=max_mb)
    except NothingChanged as exc:
        if as_json:
            print_json({"document": ref, "changed": False, "claims": []})
        else:
            typer.echo(str(exc))
        return
    if as_json:
        print_json(
            {
                "document": done.document_key,
                "revision": done.revision,
                "changed": True,
                "claims": [o.as_dict() for o in done.outcomes],
            }
        )
        return
    typer.echo(f"document {done.document_key} is now at revision {done.revision}")
    _print_outcomes(done.outcomes)


def _print_outcomes(outcomes: Sequence[Any]) -> None:
    print_table(
        [
            (
                f"{o.claim_id} {o.claim_key}",
                o.outcome,
                f"{o.old_span[0]}..{o.old_span[1]} (rev {o.old_revision})",
                f"{o.new_span[0]}..{o.new_span[1]} (rev {o.new_revision})" if o.new_span else "-",
                o.method + (", context changed" if o.context_changed else ""),
                "-" if o.score is None else f"{o.score:g}",
            )
            for o in outcomes
        ],
        ["claim", "outcome", "old span", "new span", "how", "score"],
    )


@doc_app.command("refresh")
@handle_errors
def refresh(
    ref: str | None = typer.Argument(None, help="Document number or key (omit with --all)."),
    every: bool = typer.Option(False, "--all", help="Every held document that has a URL."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Fetch and compare, but write nothing."),
    encoding: str | None = typer.Option(
        None, "--encoding", help="Decode the page with this encoding (default: as the server says)."
    ),
    max_mb: int | None = MAX_MB_OPTION,
    as_json: bool = JSON_OPTION,
) -> None:
    """Fetch a document's address again and compare its main text with the text held.

    The same fetch (http(s) only, timeout, size cap) and the same reader as `doc add URL`. An
    unchanged main text is recorded as a check (event `refresh`); a changed one (a quiet edit of a
    published page) becomes a new revision, its claims re-anchored as after `doc revise`, and the
    fetched bytes are kept as its snapshot (`doc show`, the report). With --all, a document that
    cannot be fetched is named and skipped, the others go on, and the exit code is 1 at the end.
    One transaction per document.

    Example: provenance doc refresh guardian-2019-02-07

    Example: provenance doc refresh --all --dry-run
    """
    from ..errors import ProvenanceError

    if every == (ref is not None):
        fail("give a document (number or key), or --all for every document with a URL", 2)
    with opened() as store:
        targets = store.refresh_targets(ref)
        if every and not targets:
            typer.echo("no held document has a URL to fetch again")
            return
        failed: list[str] = []
        results: list[dict[str, object]] = []
        for n, (document_id, key, url) in enumerate(targets, 1):
            if every:
                progress(f"[{n}/{len(targets)}] {key}: fetching {url}")
            try:
                done = store.refresh_document(
                    document_id, url, encoding=encoding, max_mb=max_mb, dry_run=dry_run
                )
            except ProvenanceError as exc:
                if not every:
                    raise
                failed.append(key)
                results.append({"document": key, "url": url, "error": exc.render(flag)})
                typer.echo(f"{key}: failed: {exc.render(flag)}", err=True)
                continue
            results.append(done.as_dict() | {"dry_run": dry_run})
            if as_json:
                continue
            would = " would be" if dry_run else ""
            if not done.changed:
                typer.echo(f"{key}: unchanged (revision {done.revision}, sha256 {done.sha256[:12]}…)")
                continue
            typer.echo(
                f"{key}: the main text changed; {'it would become' if dry_run else 'now at'} revision "
                f"{done.revision}" + (" (dry run: nothing written)" if dry_run else "")
            )
            if done.outcomes:
                tally = ", ".join(
                    f"{sum(o.outcome == state for o in done.outcomes)} {state}"
                    for state in ("unchanged", "moved", "fuzzy", "ambiguous", "orphaned")
                    if any(o.outcome == state for o in done.outcomes)
                )
                typer.echo(f"  claims{would} re-anchored: {tally}")
                _print_outcomes(done.outcomes)
    if as_json:
        print_json(results if every else results[0])
    if failed:
        fail(f"{len(failed)} of {len(targets)} document(s) could not be refreshed: {', '.join(failed)}", 1)


@doc_app.command("merge")
@handle_errors
def merge(
    source: str = typer.Argument(..., help="The record that goes (number or key): its key redirects."),
    target: str = typer.Argument(..., help="The record that stays (number or key)."),
) -> None:
    """Merge two records of one work: SOURCE's claims, the citations of it, its parts and its text
    (if it has one) move to TARGET, and SOURCE's key and number redirect to TARGET (old links and
    commands keep working). Refused when both hold a text.

    Example: provenance doc merge isis-leader-believed-to-have-fled guardian-2019-02-07
    """
    with opened() as store:
        done = store.merge_documents(source, target)
    moved = ", ".join(f"{n} {what}" for what, n in done.moved.items()) or "nothing to move"
    typer.echo(
        f"merged document {done.gone_id} ({done.gone_key}) into {done.survivor.id} ({done.survivor.key}): "
        f"{moved}; {done.gone_key} now redirects to {done.survivor.key}"
    )


@doc_app.command("same-work")
@handle_errors
def same_work(
    document: str = typer.Argument(..., help="The copy (number or key)."),
    same_as: str = typer.Argument(..., help="The record of the work it copies (number or key)."),
    note: str | None = typer.Option(None, "--note", help="Why they are one work."),
) -> None:
    """Record DOCUMENT as the same work as SAME_AS (a syndicated copy, a repost): both stay, and
    chains count them as one source, so accounts resting on either are not independent.

    Example: provenance doc same-work jpost-wire-copy reuters-original --note "same wire story"
    """
    with opened() as store:
        doc = store.same_work(document, same_as, note=note)
    typer.echo(f"document {doc.id} ({doc.key}) is recorded as the same work as {same_as}")


@doc_app.command("reuse")
@handle_errors
def reuse(
    document: str = typer.Argument(..., help="Document number or key (held)."),
    accept: list[int] = typer.Option([], "--accept", help="Accept proposal N (repeatable)."),
    dismiss: list[int] = typer.Option([], "--dismiss", help="Dismiss proposal N (repeatable; needs --note)."),
    note: str | None = typer.Option(None, "--note", help="Why: kept with the decision."),
    as_json: bool = JSON_OPTION,
) -> None:
    """The passages DOCUMENT shares with other documents (syndicated wire copy, a repost, a long
    verbatim quotation, a copy without citation), where they are in each text, and what they are
    proposed to mean: for a claim of the copy (the later by publication date) on a shared passage,
    that it repeats the original's claim on the same words and cites the original. --accept N
    writes proposal N (chains then continue through the original's claim); --dismiss N keeps the
    refusal so it is not proposed again.

    Example: provenance doc reuse jpost-wire-copy --accept 1
    """
    with opened() as store:
        if accept or dismiss:
            data = store.decide_reuse(document, accept=accept, dismiss=dismiss, note=note)
        else:
            data = store.text_reuse(document)
    if as_json:
        print_json(data)
        return
    doc = data["document"]
    if accept or dismiss:
        for verb in ("accepted", "dismissed"):
            for number in data[verb]:
                done = next(p for p in data["proposals"] if p["number"] == number)
                typer.echo(f"{verb} proposal {number}: {done['summary']}")
        return
    if not data["shared"]:
        typer.echo(f"document {doc['id']} ({doc['key']}) shares no passage with another document")
        return
    for shared in data["shared"]:
        other = shared["document"]
        role = "the original" if shared["original"] == "other" else "the copy"
        typer.echo(
            f"document {other['id']} ({other['key']}), {role}: {len(shared['passages'])} shared "
            f"passage(s), {shared['words']} words"
        )
        for p in shared["passages"]:
            typer.echo(
                f"  {p['start']}..{p['end']} here = {p['other_start']}..{p['other_end']} there, "
                f"{p['words']} words: {p['text']}"
            )
    if data["proposals"]:
        typer.echo("proposed (accept with --accept N, dismiss with --dismiss N --note WHY):")
        for p in data["proposals"]:
            typer.echo(f"  {p['number']}. {p['summary']}")
    else:
        typer.echo("nothing proposed: no claim of the copy lies on a shared passage, or all are decided")


def register(app: typer.Typer) -> None:
    app.add_typer(doc_app, name="doc")
