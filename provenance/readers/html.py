"""HTML pages to their main text, and the page's own metadata (title, author, date, site, URL).

Safe by construction (RELIABILITY T9): the page is parsed here, by lxml's HTML parser with
``no_network=True``; it never loads a DTD and never expands entities declared in one. A DOCTYPE
with an internal subset (where ``<!ENTITY`` declarations live: billion laughs,
``SYSTEM "file:///etc/passwd"``) is refused outright, before parsing. Character references
(``&amp;``, ``&nbsp;``) are ordinary text and are decoded.

The main text is found by trafilatura (a maintained main-text extractor: it drops menus, cookie
banners, ads, related links, comments and footers that a page without ``<main>``/``<article>``
would otherwise hand over as "text"). It is given the tree parsed above, never bytes or a URL, so
it parses nothing and fetches nothing itself. It is imported only here, when an HTML page is read:
it costs about 40% of an ORM import, and `provenance --help` or a plain-text `doc add` must not
pay for it. Where it finds no main text (a tiny page, a fragment) the page is read by the simple
reader below (``<main>``, else the longest ``<article>``, else ``<body>``, without chrome), and
the note says so.
"""

from __future__ import annotations

import re
from typing import Any, cast

from ..errors import InvalidInput
from ..text import canonicalize, canonicalize_bytes
from .common import Metadata, Reading, not_utf8, package_version

_INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
# Never content: scripts, styles, embedded objects, forms, and the page's chrome.
_DROP = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas",
    "form", "button", "select", "textarea", "input", "nav", "aside", "menu", "dialog", "head", "title",
}  # fmt: skip
_CHROME = {"header", "footer"}  # dropped outside the main container, kept inside it (a headline)
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
_BLOCKS = {
    "address", "article", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "hr", "li", "main", "ol", "p",
    "pre", "section", "summary", "table", "tr", "ul", "body", "html",
}  # fmt: skip
_SPACES = re.compile(r"[ \t\n\r\f\u00a0]+")
_RUNS = re.compile(" {2,}")


def html_to_text(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """The main text of an HTML page (see `read_html`)."""
    return read_html(data, source=source, encoding=encoding).text


def read_html(data: bytes, *, source: str, encoding: str | None = None) -> Reading:
    """An HTML page's main text, paragraphs separated by blank lines, canonicalised; its metadata
    (title, authors, date, site name, canonical URL); and a note naming the extractor.

    Runs of whitespace (NBSP too) become one space, as a browser shows them; a line break
    (``<br>``) stays one; preformatted text keeps its lines.
    """
    page = _decoded(data, source=source, encoding=encoding)
    root = _parse(page, source=source)
    page_chars = _visible_chars(root)
    try:
        found = _extract(root)
        failed = None
    except Exception as exc:  # a bug of its own on an odd page must not lose the page: read it simply
        found, failed = None, f"{type(exc).__name__}: {exc}"
    if found is not None:
        body, metadata = found
        text = "\n\n".join(_paragraphs(body, _TRAFILATURA_BLOCKS, breaks={"lb"}, pre="code"))
        if text.strip():
            kept = len(text)
            note = (
                f"main text by trafilatura {package_version('trafilatura')}: {kept:,} of the page's "
                f"{page_chars:,} characters of text kept; the rest (menus, banners, ads, related "
                "links, comments, footers and the like) left out"
            )
            return Reading(canonicalize(text, source=source), metadata, note)
    # Nothing found by the extractor: read it again (it prunes the tree it is given) the simple way.
    text = "\n\n".join(_paragraphs(_main(_parse(page, source=source)), _BLOCKS, breaks={"br"}, pre="pre"))
    if not text.strip():
        raise InvalidInput("the HTML page has no main text", where=source)
    why = f"failed ({failed})" if failed else "found none"
    note = (
        f"main text by provenance's own HTML reader (trafilatura {package_version('trafilatura')} "
        f"{why}): scripts, forms, navigation, asides and the site's header and footer left out"
    )
    return Reading(canonicalize(text, source=source), Metadata(), note)


def _decoded(data: bytes, *, source: str, encoding: str | None) -> str:
    if _INTERNAL_SUBSET.search(data):
        raise InvalidInput(
            "HTML with a DOCTYPE internal subset or <!ENTITY> declarations is not accepted "
            "(entities are never expanded)",
            where=source,
        )
    if encoding is None:
        found = _META_CHARSET.search(data[:4096])
        # A page that declares UTF-16 in a <meta> it could be read in is not UTF-16 (HTML spec).
        if found and not found.group(1).lower().startswith(b"utf-16"):
            encoding = found.group(1).decode("ascii")
    # Strict decoding and canonicalisation of the page itself: a bad byte or a control
    # character is reported at its line in the file the user has.
    return canonicalize_bytes(data, source=source, encoding=not_utf8(encoding))


def _parse(page: str, *, source: str) -> Any:  # an lxml HtmlElement
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(  # type: ignore[call-arg]  # lxml-stubs lack default_doctype
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
        collect_ids=False,
        huge_tree=False,
    )
    try:
        root = lxml_html.fromstring(page.encode("utf-8"), parser=parser)
    except Exception as exc:  # lxml raises ParserError, XMLSyntaxError or ValueError on junk
        raise InvalidInput(f"cannot parse as HTML ({exc})", where=source) from None
    fatal = [e for e in parser.error_log if e.level_name == "FATAL"]
    if fatal:  # e.g. libxml2's nesting limit: the rest of the page would be silently lost
        raise InvalidInput(f"line {fatal[0].line}: cannot parse as HTML ({fatal[0].message})", where=source)
    return root


def _visible_chars(root: Any) -> int:
    """How many characters of text the page shows at most (scripts and styles aside): the note's scale."""
    body = next((el for el in root.iter() if _tag(el) == "body"), root)

    def hidden(el: Any) -> bool:
        return any(_tag(e) in _NOT_SHOWN for e in (el, *el.iterancestors()))

    parts = []
    for el in body.iter():
        if not hidden(el):
            parts.append(el.text or "")
        if el is not body and not hidden(el.getparent()):
            parts.append(el.tail or "")  # the tail belongs to the parent
    return len(_RUNS.sub(" ", _SPACES.sub(" ", "".join(parts))).strip())


_NOT_SHOWN = {"script", "style", "noscript", "template"}


# trafilatura's own tree: <head> is a heading, <item> a list item, <row>/<cell> a table, <lb/> a break.
_TRAFILATURA_BLOCKS = {"body", "doc", "main", "div", "p", "head", "list", "item", "quote", "table", "row"}
_INLINE_PARENTS = {"p", "head", "item", "cell", "quote", "hi", "ref"}


def _extract(root: Any) -> tuple[Any, Metadata] | None:
    """trafilatura's main text (its result tree) and the page's metadata; None if it found no text."""
    import logging

    import trafilatura
    from trafilatura.settings import Document, use_config

    for name in ("trafilatura", "htmldate", "courlan", "justext"):  # it logs every oddity of a page
        logging.getLogger(name).setLevel(logging.CRITICAL)

    config = use_config()
    # Its minimum of 250 characters sends a short page (a statement, a brief) to its baseline,
    # which keeps the whole page as one paragraph (<noscript> text too); with 1 its own result
    # is taken, and where it finds nothing the simple reader below reads the page.
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    found = trafilatura.bare_extraction(
        root,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        config=config,
        # A date only from the page's metadata (meta tags, JSON-LD, <time>, the URL), never a
        # guess from the copyright line in its footer.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if not isinstance(found, Document) or found.body is None:
        return None
    authors = tuple(a.strip() for a in (found.author or "").split(";") if a.strip())
    metadata = Metadata(
        title=_clean(found.title),
        authors=authors,
        published=_clean(found.date),
        site_name=_clean(found.sitename),
        url=_clean(found.url) if found.url and found.url.startswith(("http://", "https://")) else None,
    )
    return found.body, metadata


def _clean(value: str | None) -> str | None:
    return _SPACES.sub(" ", value).strip() or None if value else None


def _tag(el: object) -> str:
    tag = getattr(el, "tag", None)
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _hidden(el: object) -> bool:
    get = cast(Any, el).get  # an lxml element
    return get("hidden") is not None or get("aria-hidden") == "true" or get("role") in _CHROME_ROLES


def _main(root: Any) -> Any:  # lxml elements: the stubs do not type the tree well
    """The main container, with everything that is not content removed."""
    for el in list(root.iter()):
        if (_tag(el) in _DROP or (isinstance(el.tag, str) and _hidden(el))) and el.getparent() is not None:
            el.drop_tree()  # keeps the tail text, which belongs to the parent
    mains = [el for el in root.iter() if _tag(el) == "main" or el.get("role") == "main"]
    if mains:
        container = mains[0]
    else:
        articles = [el for el in root.iter() if _tag(el) == "article"]
        body = next((el for el in root.iter() if _tag(el) == "body"), root)
        container = max(articles, key=lambda a: len(a.text_content())) if articles else body
    for el in list(container.iter()):
        if _tag(el) in _CHROME and not _inside(el, container, {"article", "main", "section"}):
            el.drop_tree()
    return container


def _inside(el: Any, container: Any, tags: set[str]) -> bool:
    """Whether ``el`` sits in one of ``tags`` within ``container`` (or the container is one)."""
    node = el.getparent()
    while node is not None:
        if _tag(node) in tags:
            return True
        if node is container:
            return False
        node = node.getparent()
    return False


def _paragraphs(container: Any, blocks: set[str], *, breaks: set[str], pre: str) -> list[str]:
    """``blocks`` become paragraphs, ``breaks`` line breaks; iterative, so deep nesting cannot
    exhaust the stack. Used for the page itself and for trafilatura's result tree."""
    from lxml import etree

    paragraphs: list[str] = []
    lines: list[str] = [""]

    def flush() -> None:
        kept = (_RUNS.sub(" ", line).strip() for line in lines)
        block = "\n".join(line for line in kept if line)
        if block:
            paragraphs.append(block)
        lines[:] = [""]

    def add(text: str | None) -> None:
        if text:
            lines[-1] += _SPACES.sub(" ", text)

    def is_pre(el: Any) -> bool:  # trafilatura's <code> is also inline code, inside a paragraph
        parent = el.getparent()
        return _tag(el) == pre and (parent is None or _tag(parent) not in _INLINE_PARENTS)

    in_pre = 0
    for action, el in etree.iterwalk(container, events=("start", "end")):
        tag = _tag(el)
        if action == "start":
            if in_pre:
                in_pre += tag == pre
                continue
            if tag in blocks:
                flush()
            if tag in breaks:
                lines.append("")
            elif is_pre(el):
                in_pre = 1
                kept = "\n".join(line.rstrip() for line in "".join(el.itertext()).split("\n")).strip("\n")
                if kept.strip():
                    flush()
                    paragraphs.append(kept)
            else:
                add(el.text)
            continue
        if in_pre:
            in_pre -= tag == pre
            if in_pre:
                continue
        elif tag in {"td", "th", "cell"}:
            lines[-1] += " "
        if tag in blocks:
            flush()
        if el is not container:
            add(el.tail)
    flush()
    return paragraphs
