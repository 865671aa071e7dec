"""Helpers for the report tests (no tests here): small stores built through the real CLI,
building, and reading the built site by structure (html5lib), never by string matching.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import html5lib

from provenance import Store
from provenance.report import BuildSummary, build_report

# RELIABILITY §5 payload corpus (minus "\x01javascript:", which the CLI refuses at the door:
# it goes into the store directly in the URL tests).
PAYLOADS = [
    "<script>document.body.dataset.pwned=1</script>",
    '"><img src=x onerror="document.body.dataset.pwned=1">',
    "'onmouseover='document.body.dataset.pwned=1",
    "</script><script>document.body.dataset.pwned=1</script>",
    "<svg><style><img src=x onerror=document.body.dataset.pwned=1>",
    "</textarea><!--",
    "]]>",
    "{{7*7}}",
    "{% raw %}",
    "javascript:document.body.dataset.pwned=1",
    "JaVaScRiPt:document.body.dataset.pwned=1",
    "java\tscript:document.body.dataset.pwned=1",
    "data:text/html,<script>document.body.dataset.pwned=1</script>",
    "x\u2028\u2029y",
    "\u202egnp.exe",
    "&lt;script&gt;",
    # An Arabic sentence ("the spokesman said the attack failed") isolated with RLI … PDI.
    "\u2067\u0642\u0627\u0644 \u0627\u0644\u0645\u062a\u062d\u062f\u062b "
    "\u0625\u0646 \u0627\u0644\u0647\u062c\u0648\u0645 \u0641\u0634\u0644\u2069",
]


def write_text(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def build(url: str, out: Path, **options) -> BuildSummary:  # type: ignore[no-untyped-def]
    store = Store(url)
    try:
        return build_report(store, out, **options)
    finally:
        store.dispose()


def parse(path: Path) -> Element:
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def text_of(element: Element) -> str:
    return "".join(element.itertext())


def find_id(root: Element, ident: str) -> Element | None:
    return next((e for e in root.iter() if e.get("id") == ident), None)


def html_files(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html"))


def site_bytes(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def marks_of(root: Element, claim_id: int) -> list[Element]:
    return [m for m in root.iter("mark") if str(claim_id) in (m.get("data-claims") or "").split()]


def structure(root: Element) -> set[str]:
    """Element names and attribute names (T31 compares these sets between builds)."""
    found: set[str] = set()
    for element in root.iter():
        if isinstance(element.tag, str):
            found.add(element.tag)
            found.update(f"@{name}" for name in element.attrib)
    return found


def check_links(out: Path) -> int:
    """Every internal link, stylesheet and script resolves to a file (and its #fragment to an id)."""
    checked = 0
    ids: dict[Path, set[str]] = {}
    for page in html_files(out):
        root = parse(page)
        for element in root.iter():
            target = element.get("href") if element.tag in ("a", "link") else element.get("src")
            if target is None or element.tag not in ("a", "link", "script"):
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                continue
            resolved = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            assert resolved.is_relative_to(out.resolve()), f"{page}: {target} leaves the site"
            assert resolved.is_file(), f"{page.relative_to(out)}: broken link {target}"
            if parts.fragment and resolved.suffix == ".html":
                if resolved not in ids:
                    ids[resolved] = {e.get("id") for e in parse(resolved).iter() if e.get("id")}
                assert parts.fragment in ids[resolved], (
                    f"{page.relative_to(out)}: no #{parts.fragment} in {target}"
                )
            checked += 1
    return checked


def page_of(out: Path, folder: str, record_id: int) -> Path:
    found = sorted((out / folder).glob(f"{record_id}-*.html")) + sorted(
        (out / folder).glob(f"{record_id}.html")
    )
    assert len(found) == 1, f"expected one page for {folder}/{record_id}, found {found}"
    return found[0]


# ------------------------------------------------------------------------------ stores


def run(cli, script: str) -> None:  # type: ignore[no-untyped-def]
    """Run CLI commands written one per line, as in a shell (`shlex` quoting)."""
    for line in script.strip().splitlines():
        cli(*shlex.split(line))


def small_store(cli, tmp: Path) -> None:  # type: ignore[no-untyped-def]
    """Two held articles that disagree, an unheld source, an entity with dated assertions."""
    a = "Turki al-Bin'ali was killed in a 2015 airstrike, regional intelligence officials said "
    a += "(Asharq al-Awsat, February 8).\nThe coup attempt was an IED attack on a convoy.\n"
    b = "CTC Sentinel reports that al-Bin'ali died in May 2017 in a coalition strike [1].\n"
    b += "The coup attempt was a firefight with bodyguards.\n[1] Asharq al-Awsat, February 8.\n"
    write_text(tmp, "a.txt", a)
    write_text(tmp, "b.txt", b)
    run(
        cli,
        f"""
        outlet add "Terrorism Monitor" --grade B --reason "Established analysis journal"
        outlet add "CTC Sentinel" --grade A --reason "Peer-reviewed, named sources"
        outlet add "Asharq al-Awsat" --grade C
        doc add {tmp / "a.txt"} --title "Alleged Coup Attempt" --author "Jane Doe" \
            --outlet "Terrorism Monitor" --published 2019-03 --url "https://example.com/coup?a=1&b=2"
        doc add {tmp / "b.txt"} --title "The Caliph's Men" --author "John Roe" --outlet "CTC Sentinel" \
            --published 2018-01-15
        doc add --unheld --title "Asharq al-Awsat report" --outlet "Asharq al-Awsat" --published 2019-02-08
        entity add "Turki al-Bin'ali" --alias al-Binali --alias "Abu Sufyan"
        claim add 1 --quote "was killed in a 2015 airstrike" --statement "Bin'ali was killed in 2015" \
            --speaker "regional intelligence officials" --hedging said --entity al-Binali --verdict disputed \
            --credibility 4
        claim add 2 --quote "al-Bin'ali died in May 2017 in a coalition strike" \
            --statement "Bin'ali died in May 2017" --entity al-Binali
        claim add 1 --quote "The coup attempt was an IED attack on a convoy." \
            --statement "The coup was an IED attack"
        claim add 2 --quote "The coup attempt was a firefight with bodyguards." \
            --statement "The coup was a firefight"
        cite 1 --person "regional intelligence officials" --kind according_to
        cite 1 --doc 3 --locator "(Asharq al-Awsat, February 8)"
        cite 2 --doc 3 --locator [1]
        relate 1 contradicts 2 --note "2015 vs May 2017"
        relate 3 contradicts 4 --note "IED or firefight"
        assert 1 --subject al-Binali --property death_date --value 2015 --type date
        assert 2 --subject al-Binali --property death_date --value "May 2017" --type date
    """,
    )


def issue_store(cli, tmp: Path) -> None:  # type: ignore[no-untyped-def]
    """After `small_store`: a held journal issue whose second article holds a quote."""
    write_text(tmp, "issue.txt", "First article by A. Writer.\nSecond article: the raid was at dawn.\n")
    run(
        cli,
        f"""
        doc add {tmp / "issue.txt"} --title "Journal issue 4" --outlet "CTC Sentinel" --published 2020
        doc add --part-of journal-issue-4 --span 28 66 --title "Second article" --author "B. Writer"
        claim add journal-issue-4 --quote "the raid was at dawn" --statement "Raid at dawn" \
            --verdict supported --credibility 2
    """,
    )


# Quotes that overlap, nest, touch, sit at offset 0 and at the end, and hold <, & and ".
HIGHLIGHT_TEXT = (
    'AB<&"C> one two three four; five six seven eight; nine|ten; the raid [2] at dawn; tail Z&<"end'
)
HIGHLIGHT_QUOTES = [
    'AB<&"C>',  # at offset 0, markup characters
    "one two three four",  # nests the next one
    "two three",
    "five six seven",  # crosses the next one
    "six seven eight",
    "nine",  # touches the next one
    "|ten",
    "the raid [2] at dawn",  # holds a citation marker
    'Z&<"end',  # at the very end
]


def highlight_store(cli, tmp: Path) -> None:  # type: ignore[no-untyped-def]
    cli("doc", "add", write_text(tmp, "h.txt", HIGHLIGHT_TEXT), "--title", "Highlights")
    cli("doc", "add", "--unheld", "--title", "Cited source")
    for n, quote in enumerate(HIGHLIGHT_QUOTES, 1):
        cli("claim", "add", "1", "--quote", quote, "--statement", f"highlight {n}")
    cli("cite", str(len(HIGHLIGHT_QUOTES) - 1), "--doc", "2", "--locator", "[2]")


def payload_store(cli, tmp: Path, values: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Every value through every field the report prints (T31)."""
    cli("doc", "add", "--unheld", "--title", "Unheld source", "--published", "2014")
    for i, v in enumerate(values):
        doc_id, claim_id = i + 2, i + 1
        outlet = f"{v} o{i}"
        cli("outlet", "add", outlet, "--grade", "CDE"[i % 3], "--reason", v)
        text = f"Line {i} begins. Q{i} {v} M{i} then (L{i} {v}) ends.\n"
        cli(
            "doc",
            "add",
            write_text(tmp, f"p{i}.txt", text),
            "--title",
            f"{v} t{i}",
            "--author",
            v,
            "--outlet",
            outlet,
            "--url",
            v,
            "--published",
            "2020-05-0" + str(1 + i % 9),
        )
        cli("entity", "add", f"{v} e{i}", "--alias", f"{v} a{i}")
        cli(
            "claim",
            "add",
            str(doc_id),
            "--quote",
            f"Q{i} {v} M{i}",
            "--statement",
            f"{v} s{i}",
            "--speaker",
            f"{v} p{i}",
            "--hedging",
            f"{v} h{i}",
            "--entity",
            f"{v} e{i}",
            "--verdict",
            "disputed" if i % 2 else "supported",
        )
        cli("cite", str(claim_id), "--doc", "1", "--locator", f"(L{i} {v})", "--note", v)
        cli("cite", str(claim_id), "--person", f"{v} n{i}")
        cli(
            "assert",
            str(claim_id),
            "--subject",
            f"{v} e{i}",
            "--property",
            "death_date",
            "--value",
            "2015" if i % 2 else "May 2017",
            "--type",
            "date",
        )
        cli(
            "assert",
            str(claim_id),
            "--subject",
            f"{values[0]} e0",
            "--property",
            "death_date",
            "--value",
            "2015" if i % 2 else "May 2017",
            "--type",
            "date",
        )
        if i:
            cli("relate", str(claim_id), "contradicts", str(claim_id - 1), "--note", v)
    # Review decisions: who and why printed apart from the note, hostile as everything else.
    for i, v in enumerate(values[1:], 1):
        decide = ("confirm", "--note") if i % 2 else ("dismiss", "--reason")
        cli("conflicts", decide[0], str(i), decide[1], v, user=f"{v} u{i}"[:200])


def plain_values(count: int) -> list[str]:
    return [f"plain value {i}" for i in range(count)]


def is_ascii_path(path: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9._/-]+", path))


def relpath(out: Path, path: Path) -> str:
    return posixpath.normpath(path.relative_to(out).as_posix())
