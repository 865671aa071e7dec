"""A document as the reader sees it: its own header lines are metadata, not text.

Stored copies of web pages often start with ``URL: …`` / ``TITLE: …`` lines, or a YAML front
matter block; a reader strips them before reading (they are never citations, quotes or
attributions) and takes the title, address and any date they give. Offsets stay those of the
whole file, so spans found in the body index the file the user added. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER_LINE = re.compile(r"(?P<key>[A-Z][A-Za-z_-]{1,20}):[ \t]*(?P<value>[^\n]*)\n")
_HEADER_KEYS = frozenset({"url", "title", "date", "published", "source", "author", "byline", "outlet"})
_FRONT_MATTER = re.compile(r"---[ \t]*\n(?P<body>.*?\n)---[ \t]*\n", re.S)
_YAML_LINE = re.compile(r"(?P<key>[A-Za-z_][\w-]*):[ \t]*(?P<value>[^\n]*)")


@dataclass(frozen=True)
class Body:
    """Where the text proper starts in a file, and what its header said."""

    start: int
    metadata: dict[str, str] = field(default_factory=dict)


def split_header(text: str) -> Body:
    """The start of the text after a YAML front matter block or ``Key: value`` header lines.

    Header lines count only at the very top, only for keys a header uses (URL, Title, Date, …),
    and only when a blank line or the text follows: "Note: …" in running text is not a header.
    """
    metadata: dict[str, str] = {}
    m = _FRONT_MATTER.match(text)
    if m is not None:
        for line in m["body"].splitlines():
            if (kv := _YAML_LINE.fullmatch(line.strip())) is not None:
                metadata[kv["key"].lower()] = kv["value"].strip().strip("'\"")
        return Body(m.end(), metadata)
    at = 0
    while (line := _HEADER_LINE.match(text, at)) is not None and line["key"].lower() in _HEADER_KEYS:
        metadata[line["key"].lower()] = line["value"].strip()
        at = line.end()
    if not metadata:
        return Body(0, {})
    return Body(at, metadata)
