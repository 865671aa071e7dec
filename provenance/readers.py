"""Readers: document bytes (plain text, HTML, PDF) or an http(s) URL to canonical text.

Safe by construction (RELIABILITY T9):

* HTML is parsed by lxml's HTML parser with ``no_network=True``; it never loads a DTD
  and never expands entities declared in one. A DOCTYPE with an internal subset (where
  ``<!ENTITY`` declarations live: billion laughs, ``SYSTEM "file:///etc/passwd"``) is
  refused outright, before parsing. Character references (``&amp;``, ``&nbsp;``) are
  ordinary text and are decoded.
* PDF goes through pypdf (pure Python); only its text layer is read.
* URLs: only http and https, redirects only to http(s), a timeout, a size cap. The
  opener has no file:, ftp: or data: handler at all.

Everything returned is canonical (``provenance.text.canonicalize``): offsets and hashes
mean the same thing whatever the document came in as.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast
from urllib.parse import urljoin, urlsplit

from .errors import InvalidInput, ProvenanceError, field
from .limits import DEFAULT_TEXT_MB, MB, text_cap, too_large
from .text import canonicalize, canonicalize_bytes

FETCH_TIMEOUT_S = 30.0
MAX_REDIRECTS = 5
USER_AGENT = "provenance/0.1 (document snapshot)"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_HTML_TYPES = {"text/html", "application/xhtml+xml"}


class FetchFailed(ProvenanceError):
    """A URL could not be fetched (network, HTTP status, timeout)."""


@dataclass(frozen=True)
class SourceText:
    """A document's text as read: from a file (``url`` None) or fetched from ``url`` at ``retrieved_at``."""

    text: str
    source: str
    url: str | None = None
    retrieved_at: datetime | None = None


# --- dispatch ------------------------------------------------------------------------------------


def _kind(data: bytes, source: str, content_type: str | None) -> str:
    if content_type in _HTML_TYPES:
        return "html"
    if content_type == "application/pdf":
        return "pdf"
    if content_type == "text/plain":
        return "text"
    if data.startswith(b"%PDF-") or source.lower().endswith(".pdf"):
        return "pdf"
    if source.lower().endswith((".html", ".htm", ".xhtml")):
        return "html"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<?xml") and b"<html" in head):
        return "html"
    return "text"


def decode_document(
    data: bytes,
    *,
    source: str,
    encoding: str | None = None,
    content_type: str | None = None,
    charset: str | None = None,
) -> str:
    """Canonical text of a document's bytes: HTML (by type, suffix or a leading ``<html``),
    PDF (by type or the ``%PDF-`` magic) or plain text (strict UTF-8 unless ``encoding``)."""
    kind = _kind(data, source, content_type)
    if kind == "pdf":
        if encoding:
            raise InvalidInput(f"{field('encoding')} does not apply to a PDF", where=source)
        return pdf_to_text(data, source=source)
    if kind == "html":
        return html_to_text(data, source=source, encoding=encoding or charset)
    return canonicalize_bytes(data, source=source, encoding=encoding or _not_utf8(charset))


def _not_utf8(charset: str | None) -> str | None:
    """A declared charset to decode with; None (strict UTF-8, clearer errors) for UTF-8 itself."""
    if not charset or charset.lower().replace("_", "-") in {"utf-8", "utf8", "us-ascii", "ascii"}:
        return None
    return charset


# --- HTML ----------------------------------------------------------------------------------------

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
    """The main text of an HTML page, paragraphs separated by blank lines, canonicalised.

    Main content: the page's ``<main>`` (or ``role="main"``), else its longest ``<article>``,
    else ``<body>``; without scripts, styles, forms, navigation, asides and, outside the
    main container, the site's header and footer. Runs of whitespace (NBSP too) become one
    space, as a browser shows them; ``<br>`` is a line break; ``<pre>`` keeps its lines.
    """
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
    page = canonicalize_bytes(data, source=source, encoding=_not_utf8(encoding))
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
    text = "\n\n".join(_paragraphs(_main(root)))
    if not text.strip():
        raise InvalidInput("the HTML page has no main text", where=source)
    return canonicalize(text, source=source)


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


def _paragraphs(container: Any) -> list[str]:
    """Block elements become paragraphs; iterative, so deep nesting cannot exhaust the stack."""
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

    in_pre = 0
    for action, el in etree.iterwalk(container, events=("start", "end")):
        tag = _tag(el)
        if action == "start":
            if in_pre:
                in_pre += tag == "pre"
                continue
            if tag in _BLOCKS:
                flush()
            if tag == "br":
                lines.append("")
            elif tag == "pre":
                in_pre = 1
                kept = "\n".join(line.rstrip() for line in el.text_content().split("\n")).strip("\n")
                if kept.strip():
                    paragraphs.append(kept)
            else:
                add(el.text)
            continue
        if in_pre:
            in_pre -= tag == "pre"
            if in_pre:
                continue
        elif tag in {"td", "th"}:
            lines[-1] += " "
        if tag in _BLOCKS:
            flush()
        if el is not container:
            add(el.tail)
    flush()
    return paragraphs


# --- PDF -----------------------------------------------------------------------------------------

# A line-end hyphen (hyphen-minus, soft hyphen, Unicode hyphen) between two letters.
_LINE_END_HYPHEN = re.compile(r"(\w*[^\W\d_])([-\u00ad\u2010])\n(\w+)")
# Transliteration particles whose hyphen is part of the name: al-Qaeda, ibn-Taymiyya.
_PARTICLES = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az", "ibn", "bin", "abu", "umm", "bint"}


def dehyphenate(text: str) -> str:
    """Undo hyphenation at line ends, conservatively.

    The rule, for ``left`` + hyphen + line break + ``right`` (both letters):

    * a soft hyphen (U+00AD) is a hyphenation point by definition: join (``caliphate``);
    * ``right`` starts with a lowercase letter and ``left`` ends with one: join
      (``caliph-\\nate`` → ``caliphate``), unless the hyphen is real: the hyphenated form
      ``left-right`` occurs elsewhere in the text, or ``left`` is a transliteration particle
      (``al``, ``ibn``, ``abu`` …). Then keep the hyphen and drop the line break (``well-known``);
    * otherwise (``al-\\nBaghdadi``, ``COVID-\\n19``): keep the hyphen, drop the line break.

    A hyphen after a digit (``2016-\\n17``) and a line break without a hyphen are left alone.

    So the only words ever joined are lowercase + lowercase splits; the worst case is a real
    compound split at a line end that never occurs unbroken in the document ("well-\\nknown"
    alone becomes "wellknown"), which quote matching still finds (it folds in-word hyphens).
    """

    def fix(m: re.Match[str]) -> str:
        left, hyphen, right = m.group(1), m.group(2), m.group(3)
        if hyphen == "\u00ad":
            return left + right
        lower_split = left[-1].islower() and right[0].islower()
        real = f"{left}-{right}" in text or left.lower() in _PARTICLES
        if lower_split and not real:
            return left + right
        return f"{left}{hyphen}{right}"

    return _LINE_END_HYPHEN.sub(fix, text)


def pdf_to_text(data: bytes, *, source: str) -> str:
    """The text layer of a PDF, page by page (pages separated by a blank line), de-hyphenated."""
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns about every small oddity
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InvalidInput("the PDF is encrypted with a password", where=source)
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except InvalidInput:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise InvalidInput(f"cannot read the PDF ({exc})", where=source) from None
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise InvalidInput("the PDF has no text layer (a scan? run OCR first)", where=source)
    return canonicalize(dehyphenate(canonicalize(text, source=source)), source=source)


# --- URLs ----------------------------------------------------------------------------------------


def looks_like_url(arg: str) -> bool:
    """Whether a FILE argument is meant as a URL (``scheme:``), rather than a path."""
    return bool(_SCHEME.match(arg)) and ("://" in arg or not Path(arg).exists())


def _check_http(url: str) -> None:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (parsing the port is what refuses "http://host:99999")
    except ValueError as exc:
        raise InvalidInput(f"not a valid URL ({exc})", where=url) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInput("only http(s) URLs can be fetched", where=url)


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
        location = headers.get("location") or headers.get("uri")
        if location:  # checked before the stdlib's own check, which lets ftp: through
            try:
                _check_http(urljoin(req.full_url, location))
            except InvalidInput:
                fp.close()
                raise
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS only: unlike ``build_opener`` there is no file:, ftp: or data: handler."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch_url(
    url: str,
    *,
    encoding: str | None = None,
    timeout: float = FETCH_TIMEOUT_S,
    max_bytes: int = DEFAULT_TEXT_MB * MB,
) -> SourceText:
    """Fetch an http(s) URL and read it as HTML, PDF or plain text (by its content type)."""
    _check_http(url)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html, application/xhtml+xml, application/pdf, text/plain;q=0.9",
            "Accept-Encoding": "identity",
        },
    )
    deadline = time.monotonic() + 4 * timeout
    try:
        with _opener().open(request, timeout=timeout) as response:
            retrieved_at = datetime.now(UTC)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise too_large(url, int(declared), max_bytes)
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(65536):
                size += len(chunk)
                if size > max_bytes:
                    raise too_large(url, size, max_bytes)
                if time.monotonic() > deadline:
                    raise FetchFailed(f"timed out after {4 * timeout:.0f} s", where=url)
                chunks.append(chunk)
            content_type = response.headers.get_content_type() if "Content-Type" in response.headers else None
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"the server answered {exc.code} {exc.reason}", where=url) from None
    except urllib.error.URLError as exc:
        raise FetchFailed(f"cannot fetch ({exc.reason})", where=url) from None
    except (TimeoutError, OSError) as exc:
        raise FetchFailed(f"cannot fetch ({exc})", where=url) from None
    if content_type in (None, "application/octet-stream", "binary/octet-stream"):
        content_type = None  # unknown: sniff it
    elif content_type not in _HTML_TYPES | {"application/pdf", "text/plain"}:
        raise InvalidInput(
            f"content type {content_type} is not supported (HTML, PDF or plain text only)", where=url
        )
    text = decode_document(
        b"".join(chunks), source=url, encoding=encoding, content_type=content_type, charset=charset
    )
    return SourceText(text=text, source=url, url=url, retrieved_at=retrieved_at)


def read_source(arg: str, *, encoding: str | None = None, max_mb: int | None = None) -> SourceText:
    """A FILE argument: an http(s) URL is fetched, anything else is read as a local file.
    Either way at most `max_mb` MB are read (`provenance.limits`: one cap for every entry path)."""
    if looks_like_url(arg):
        return fetch_url(arg, encoding=encoding, max_bytes=text_cap(max_mb))
    from .documents import read_text_file

    path = Path(arg)
    return SourceText(text=read_text_file(path, encoding=encoding, max_mb=max_mb), source=path.name)
