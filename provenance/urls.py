"""Which URLs may become links: plain http(s) with a host, nothing else (RELIABILITY F6, F9). Pure."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

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


# Query parameters that say who shared a link or which campaign it came from, never which page it is.
_TRACKING = re.compile(
    r"^(utm_.*|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|yclid|_hsenc|_hsmi|"
    r"mkt_tok|ref|ref_src|ref_url|src|cmpid|cmp|ito|ns_mchannel|ns_source|ns_campaign|ns_linkname|"
    r"ns_fee|share|smid|sh|s_cid|spm|amp|outputtype|output|__twitter_impression|at_medium|at_campaign)$",
    re.IGNORECASE,
)
# The host prefixes of a site's other editions of the same page: www, mobile, AMP.
_HOST_PREFIXES = ("www.", "m.", "mobile.", "amp.", "edition.")
# Path segments that mark a page's AMP rendering: /amp, /amp/, /amp.html, …/story.amp.html.
_AMP_SEGMENTS = ("amp", "amp.html")


def canonical_url(url: str | None) -> str | None:
    """The form two addresses of one page share, to find a page already in the store (None if
    `url` is not an http(s) URL). Folded: the scheme (http = https), the host's case, a leading
    `www.`/`m.`/`mobile.`/`amp.`, a default port, tracking parameters (utm_*, fbclid, …), the
    fragment, a trailing slash, `index.html`, and AMP path markers (`/amp`, `.amp.html`,
    `?amp=1`). The rest of the query is kept, sorted: on many sites it names the page (`?id=`).

    >>> canonical_url("https://www.Example.org/news/story/?utm_source=tw&id=7#top")
    'example.org/news/story?id=7'
    >>> canonical_url("http://m.example.org/news/story/amp")
    'example.org/news/story'
    """
    if not url:
        return None
    text = url.strip()
    if "://" not in text and text.lower().startswith(("www.", "m.")):
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1].lower() in _AMP_SEGMENTS:
        segments.pop()
    if segments and segments[-1].lower().endswith(".amp.html"):
        segments[-1] = segments[-1][: -len(".amp.html")] + ".html"
    elif segments and segments[-1].lower().endswith(".amp"):
        segments[-1] = segments[-1][: -len(".amp")]
    if segments and segments[-1].lower() in ("index.html", "index.htm", "index.php"):
        segments.pop()
    if segments and segments[0].lower() == "amp" and len(segments) > 1:
        segments.pop(0)
    path = "/".join(segments)
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING.match(name)
    )
    return host + ("/" + path if path else "") + ("?" + urlencode(query) if query else "")
