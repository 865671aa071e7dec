"""Readers: document bytes (plain text, Markdown, HTML, PDF) or an http(s) URL to canonical text.

Each kind has its module, each through a maintained library and each safe by construction:

* `readers.html`: parsed by lxml with ``no_network=True``, no DTD, no entity expansion
  (RELIABILITY T9); the main text found by trafilatura in that tree (imported only then);
* `readers.pdf`: pypdf (pure Python), the text layer only, ligatures and hyphenation repaired;
* `readers.markup`: Markdown through markdown-it-py's parser; a leading metadata header
  (``Key: value`` lines, or ``---`` YAML front matter) of a text file read as metadata;
* URLs (here): only http and https, redirects only to http(s), a timeout, a size cap. The
  opener has no file:, ftp: or data: handler at all.

Everything returned is canonical (``provenance.text.canonicalize``): offsets and hashes
mean the same thing whatever the document came in as. What a reader left out or repaired is
said in its `Reading`'s note, which is recorded with the document.
"""

from __future__ import annotations

import hashlib
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..errors import InvalidInput, ProvenanceError
from ..errors import field as named_field
from ..limits import DEFAULT_TEXT_MB, MB, text_cap, too_large
from ..text import canonicalize_bytes
from .common import Metadata, Reading, not_utf8

__all__ = [
    "FetchFailed",
    "Fetched",
    "Metadata",
    "Reading",
    "SourceText",
    "decode_document",
    "dehyphenate",
    "fetch_url",
    "html_to_text",
    "looks_like_url",
    "pdf_to_text",
    "read_document",
    "read_source",
    "read_text_file",
]

FETCH_TIMEOUT_S = 30.0
MAX_REDIRECTS = 5
USER_AGENT = "provenance/0.1 (document snapshot)"

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+:")
_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}


class FetchFailed(ProvenanceError):
    """A URL could not be fetched (network, HTTP status, timeout)."""


@dataclass(frozen=True)
class Fetched:
    """What one fetch received, kept as the document's snapshot: the body exactly as it arrived
    (at most the size cap), its sha256, and where it finally came from (after redirects)."""

    url: str  # the address asked for
    final_url: str  # the address that answered, after redirects
    status: int
    content_type: str | None  # as the server declared it (None when it declared none)
    body: bytes = field(repr=False)
    sha256: str = ""

    @property
    def size(self) -> int:
        return len(self.body)


@dataclass(frozen=True)
class SourceText:
    """A document's text as read: from a file (``url`` None) or fetched from ``url`` at ``retrieved_at``;
    ``metadata`` is what the document said about itself, ``note`` how it was read (see `Reading`)."""

    text: str
    source: str
    url: str | None = None
    retrieved_at: datetime | None = None
    metadata: Metadata = field(default_factory=Metadata)
    note: str | None = None
    fetched: Fetched | None = None  # for a URL: the bytes as received, for the snapshot


# --- dispatch ------------------------------------------------------------------------------------


def _kind(data: bytes, source: str, content_type: str | None) -> str:
    if content_type in _HTML_TYPES:
        return "html"
    if content_type == "application/pdf":
        return "pdf"
    if content_type in _MARKDOWN_TYPES:
        return "markdown"
    if content_type == "text/plain":
        return "text"
    if data.startswith(b"%PDF-") or source.lower().endswith(".pdf"):
        return "pdf"
    if source.lower().endswith((".html", ".htm", ".xhtml")):
        return "html"
    if source.lower().endswith((".md", ".markdown")):
        return "markdown"
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
    """Canonical text of a document's bytes (see `read_document`)."""
    return read_document(
        data, source=source, encoding=encoding, content_type=content_type, charset=charset
    ).text


def read_document(
    data: bytes,
    *,
    source: str,
    encoding: str | None = None,
    content_type: str | None = None,
    charset: str | None = None,
) -> Reading:
    """A document's bytes read: HTML (by type, suffix or a leading ``<html``), PDF (by type or the
    ``%PDF-`` magic), Markdown (by type or suffix) or plain text (strict UTF-8 unless ``encoding``);
    a text or Markdown file's leading metadata header is read as metadata, not text."""
    kind = _kind(data, source, content_type)
    if kind == "pdf":
        if encoding:
            raise InvalidInput(f"{named_field('encoding')} does not apply to a PDF", where=source)
        from .pdf import read_pdf

        return read_pdf(data, source=source)
    if kind == "html":
        from .html import read_html

        return read_html(data, source=source, encoding=encoding or charset)
    from .markup import read_markdown, split_header

    text = canonicalize_bytes(data, source=source, encoding=encoding or not_utf8(charset))
    header = split_header(text, source=source)
    if kind == "markdown":
        return read_markdown(header.body, source=source, header=header)
    return Reading(header.body, header.metadata, header.note)


def html_to_text(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """The main text of an HTML page (`readers.html.read_html`)."""
    from .html import html_to_text as read

    return read(data, source=source, encoding=encoding)


def pdf_to_text(data: bytes, *, source: str) -> str:
    """The repaired text layer of a PDF (`readers.pdf.read_pdf`)."""
    from .pdf import pdf_to_text as read

    return read(data, source=source)


def dehyphenate(text: str) -> str:
    """Line-end hyphenation undone (`readers.pdf.dehyphenate`)."""
    from .pdf import dehyphenate as undo

    return undo(text)


def read_text_file(path: Path, *, encoding: str | None = None, max_mb: int | None = None) -> Reading:
    """A document file read (see `read_document`). Only a regular file of at most `max_mb` MB
    (default `limits.DEFAULT_TEXT_MB`) is read."""
    from ..limits import read_regular_file

    data = read_regular_file(path, max_bytes=text_cap(max_mb))
    return read_document(data, source=str(path), encoding=encoding)


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
            "Accept": (
                "text/html, application/xhtml+xml, application/pdf, text/plain;q=0.9, text/markdown;q=0.8"
            ),
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
            final_url, status = response.geturl(), int(getattr(response, "status", 200) or 200)
    except urllib.error.HTTPError as exc:
        raise FetchFailed(f"the server answered {exc.code} {exc.reason}", where=url) from None
    except urllib.error.URLError as exc:
        raise FetchFailed(f"cannot fetch ({exc.reason})", where=url) from None
    except (TimeoutError, OSError) as exc:
        raise FetchFailed(f"cannot fetch ({exc})", where=url) from None
    body = b"".join(chunks)
    fetched = Fetched(url, final_url, status, content_type, body, hashlib.sha256(body).hexdigest())
    if content_type in (None, "application/octet-stream", "binary/octet-stream"):
        content_type = None  # unknown: sniff it
    elif content_type not in _HTML_TYPES | _MARKDOWN_TYPES | {"application/pdf", "text/plain"}:
        raise InvalidInput(
            f"content type {content_type} is not supported (HTML, PDF or plain text only)", where=url
        )
    read = read_document(body, source=url, encoding=encoding, content_type=content_type, charset=charset)
    return SourceText(read.text, url, url, retrieved_at, read.metadata, read.note, fetched)


def read_source(arg: str, *, encoding: str | None = None, max_mb: int | None = None) -> SourceText:
    """A FILE argument: an http(s) URL is fetched, anything else is read as a local file.
    Either way at most `max_mb` MB are read (`provenance.limits`: one cap for every entry path)."""
    if looks_like_url(arg):
        return fetch_url(arg, encoding=encoding, max_bytes=text_cap(max_mb))
    path = Path(arg)
    read = read_text_file(path, encoding=encoding, max_mb=max_mb)
    return SourceText(read.text, path.name, metadata=read.metadata, note=read.note)
