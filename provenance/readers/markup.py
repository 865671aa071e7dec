"""Text files that carry their own metadata, and Markdown reduced to its text.

A **metadata header** is what many saved articles begin with, before the article itself:

* ``Key: value`` lines, then a blank line: ``URL: https://…``, ``Title: …``, ``Author: …``,
  ``Published: 8 May 2017``, ``Outlet: …``. It is a header only when every line of that first
  block is such a line with a key from `_KEYS` (so an article that begins "Note: …" or
  "WASHINGTON: …" keeps its first paragraph), and there is text after it.
* YAML front matter: a first line ``---``, YAML, a line ``---`` (or ``...``). Read with
  ``yaml.safe_load`` (no tags, no objects), and only when it is a mapping.

The header leaves the text (so it is not shown as the article, does not make a headline quote
"ambiguous" and does not come back as a self-citation) and fills the document's fields where
the user gave none.

**Markdown** is parsed by markdown-it-py (CommonMark, plus tables and strikethrough) and its
tokens rendered as plain text: a block is a paragraph (blank line between), a link keeps its
text, emphasis and code marks go, images and raw HTML go, a list item is a line, a soft line
break is a space (as Markdown shows it) and a hard one a line break, code blocks keep their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..text import canonicalize
from .common import Metadata, Reading, package_version

# Header keys (lowercase) and the field each fills.
_KEYS = {
    "url": "url", "link": "url", "canonical": "url", "canonical url": "url", "source url": "url",
    "title": "title", "headline": "title",
    "author": "authors", "authors": "authors", "by": "authors", "byline": "authors",
    "published": "published", "date": "published", "pubdate": "published", "publication date": "published",
    "published date": "published", "date published": "published",
    "outlet": "site_name", "source": "site_name", "publication": "site_name", "publisher": "site_name",
    "site": "site_name", "site name": "site_name", "newspaper": "site_name",
    "section": None, "tags": None, "keywords": None, "language": None, "updated": None, "retrieved": None,
    "accessed": None, "description": None, "summary": None, "subtitle": None,
}  # fmt: skip
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(\S.*)?$")
_MAX_HEADER_LINES = 30
_YAML_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Header:
    """A text split into its metadata header (possibly none) and the text after it."""

    body: str
    metadata: Metadata = field(default_factory=Metadata)
    keys: tuple[str, ...] = ()  # as written, for the note

    @property
    def note(self) -> str | None:
        if not self.keys:
            return None
        return f"metadata header ({', '.join(self.keys)}) read as the document's fields, not as its text"


def split_header(text: str, *, source: str) -> Header:
    """``text`` (canonical) split into a leading metadata header and the rest (see the module doc)."""
    if text.startswith("---\n"):
        found = _front_matter(text)
        if found is not None:
            return found
    block, sep, rest = text.partition("\n\n")
    lines = block.split("\n")
    if not sep or not rest.strip() or len(lines) > _MAX_HEADER_LINES:
        return Header(text)
    pairs: list[tuple[str, str]] = []
    for line in lines:
        m = _HEADER_LINE.match(line.strip())
        if m is None or m.group(1).strip().lower() not in _KEYS:
            return Header(text)
        pairs.append((m.group(1).strip(), (m.group(2) or "").strip()))
    if not any(_KEYS[k.lower()] for k, _ in pairs):
        return Header(text)
    return Header(
        canonicalize(rest.lstrip("\n"), source=source), _metadata(pairs), tuple(k for k, _ in pairs)
    )


def _front_matter(text: str) -> Header | None:
    import yaml

    end = _YAML_END.search(text, 4)
    if end is None:
        return None
    try:
        data = yaml.safe_load(text[4 : end.start()])
    except yaml.YAMLError:
        return None  # not front matter after all: the text stays as it is
    if not isinstance(data, dict) or not data:
        return None
    pairs = [(str(k), _scalar(v)) for k, v in data.items() if isinstance(k, str)]
    rest = text[end.end() :].lstrip("\n")
    return Header(rest, _metadata([(k, v) for k, v in pairs if v]), tuple(k for k, _ in pairs))


def _scalar(value: Any) -> str:
    """A front-matter value as text: a date as ISO, a list of names joined by "; ", nested data dropped."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(v) for v in value if isinstance(v, str | int | float))
    if isinstance(value, str | int | float):
        return str(value)
    return ""


def _metadata(pairs: list[tuple[str, str]]) -> Metadata:
    fields: dict[str, Any] = {}
    for key, value in pairs:
        name = _KEYS.get(key.strip().lower())
        if not name or not value or name in fields:
            continue
        if name == "site_name" and value.startswith(("http://", "https://")):
            name = "url"  # "Source: https://…" is where it came from, not the outlet's name
            if name in fields:
                continue
        if name == "authors":
            fields[name] = tuple(a.strip() for a in re.split(r";| and |, (?=\S+ \S)", value) if a.strip())
        else:
            fields[name] = value
    return Metadata(**fields)


# --- Markdown ------------------------------------------------------------------------------------

_BLOCK_CLOSE = {"paragraph_close", "heading_close", "tr_close", "list_item_close"}


def read_markdown(text: str, *, source: str, header: Header | None = None) -> Reading:
    """Markdown (canonical, its header already split off) rendered as plain text (see the module doc)."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    paragraphs: list[str] = []
    line: list[str] = []
    in_item = 0  # depth of lists and tables: their items and rows are lines of one block

    def end_line() -> None:
        done = re.sub(r"[ \t]+", " ", "".join(line)).strip()
        line.clear()
        if not done:
            return
        if in_item and paragraphs and paragraphs[-1].startswith("\x00"):
            # an item of a list, a row of a table: a line of the block
            paragraphs[-1] += ("\n" if paragraphs[-1] != "\x00" else "") + done
        else:
            paragraphs.append(("\x00" if in_item else "") + done)

    for token in parser.parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open", "table_open"):
            in_item += 1
            if in_item == 1:
                paragraphs.append("\x00")  # a list's block starts
        elif kind in ("bullet_list_close", "ordered_list_close", "table_close"):
            in_item -= 1
        elif kind == "inline":
            line.append(_inline(token.children or []))
        elif kind in ("th_open", "td_open") and line:
            line.append(" ")
        elif kind in ("fence", "code_block"):
            end_line()
            code = token.content.rstrip("\n")
            if code.strip():
                paragraphs.append(code)
        elif kind in _BLOCK_CLOSE:
            end_line()
    end_line()
    blocks = [p.lstrip("\x00") for p in paragraphs]
    body = "\n\n".join(b for b in blocks if b.strip())
    parsed_by = f"markdown-it-py {package_version('markdown-it-py')}"
    note = f"Markdown parsed by {parsed_by}: markup, images and raw HTML left out"
    if header is not None and header.note:
        note = f"{header.note}; {note}"
    return Reading(canonicalize(body, source=source), header.metadata if header else Metadata(), note)


def _inline(children: list[Any]) -> str:
    out: list[str] = []
    for child in children:  # an image's alt text is its child tokens: not the document's text
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind == "softbreak":
            out.append(" ")
        elif kind == "hardbreak":
            out.append("\n")
    return "".join(out)
