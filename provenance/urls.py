"""Which URLs may become links: plain http(s) with a host, nothing else (RELIABILITY F6, F9). Pure."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_UNSAFE_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f]")


def safe_href(url: str | None) -> str | None:
    """`url` when it is a plain http(s) URL with a host, else None (render it as text).

    The scheme is taken from `urlsplit`, as browsers parse it ("JaVaScRiPt:",
    "\\x01javascript:" and "java\\tscript:" all come out as `javascript`; F9).
    URLs with whitespace or control characters are not plain and stay text.
    """
    if not url or _UNSAFE_URL_CHARS.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an invalid IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
