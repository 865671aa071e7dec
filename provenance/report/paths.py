"""Page addresses: stable, ASCII-only, made from record ids and keys, never from titles.

Every page has a path relative to the site root (`claims/12-binali-2015.html`);
links between pages are page-relative, so the site opens from `file://` and from
any folder it is copied to (mkdocs' `get_relative_url`).
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache

from ..records import slugify

SLUG_LENGTH = 40
# What a path we write may look like: lowercase ASCII segments, no "..", no leading "/".
SAFE_PATH = re.compile(r"^(?:[a-z0-9][a-z0-9_-]*/)*[a-z0-9][a-z0-9._-]*$")


# Keys are already slugs (records.check_key): the common case needs no Unicode folding.
_PLAIN_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slug(key: str) -> str:
    """A strict ASCII slug of a record key, truncated; may be empty."""
    if len(key) <= SLUG_LENGTH and _PLAIN_KEY.fullmatch(key):
        return key
    return slugify(key, max_length=SLUG_LENGTH)


def record_path(folder: str, record_id: int, key: str) -> str:
    """`folder/{id}-{slug}.html`: the id makes it unique, the slug makes it readable."""
    stem = f"{int(record_id)}-{slug(key)}".rstrip("-")
    return f"{folder}/{stem}.html"


def document_path(document_id: int, key: str) -> str:
    return record_path("documents", document_id, key)


def claim_path(claim_id: int, key: str) -> str:
    return record_path("claims", claim_id, key)


def outlet_path(outlet_id: int, key: str) -> str:
    return record_path("outlets", outlet_id, key)


def entity_path(entity_id: int, key: str) -> str:
    return record_path("entities", entity_id, key)


INDEX = "index.html"
CONTRADICTIONS = "contradictions.html"
DOCUMENTS = "documents.html"
ENTITIES = "entities.html"
OUTLETS = "outlets.html"
TIMELINE = "timeline.html"
SEARCH = "search.html"
STYLESHEET = "style.css"
SCRIPT = "app.js"
MARKER = ".provenance-site"
# The split search index (`search_index.py`): the records' under SEARCH_ROOT, the passages'
# under PASSAGE_ROOT, each a manifest, word shards and entry chunks; name shards for variants.
SEARCH_ROOT = "search"
PASSAGE_ROOT = "search/p"
SEARCH_MANIFEST = "search/index.js"
PASSAGE_MANIFEST = "search/passages.js"


def search_shard_name(prefix: str) -> str:
    """A word prefix as a file stem: hex code points joined by "-" ("ba" -> "62-61"), any script."""
    if not prefix:
        raise ValueError("a search shard needs a non-empty prefix")
    return "-".join(f"{ord(c):x}" for c in prefix)


def search_shard_path(prefix: str, root: str = SEARCH_ROOT) -> str:
    return f"{root}/w/{search_shard_name(prefix)}.js"


def search_chunk_path(number: int, root: str = SEARCH_ROOT) -> str:
    if int(number) < 0:
        raise ValueError("a search chunk number is not negative")
    return f"{root}/e/{int(number)}.js"


def search_names_path(key: str) -> str:
    return f"{SEARCH_ROOT}/n/{search_shard_name(key)}.js"


def passage_anchor(start: int) -> str:
    """The id of the empty element at a passage's start on its document's page."""
    return f"p{int(start)}"


def numbered(path: str, number: int) -> str:
    """Page `number` of a long list that starts at `path`: `entities/3-e-2.html` page 2 is
    `entities/3-e-2-p2.html` (record pages begin with their unique id, so no two collide)."""
    if number == 1:
        return path
    stem, dot, suffix = path.rpartition(".")
    return f"{stem}-p{int(number)}{dot}{suffix}"


def is_safe(path: str) -> bool:
    """Whether `path` is one the builder may write: relative, ASCII, no parent steps."""
    return bool(SAFE_PATH.match(path)) and ".." not in path.split("/")


def relative_url(from_page: str, to_page: str) -> str:
    """The link from page `from_page` to `to_page` (both site-root paths); keeps a `#fragment`."""
    target, _, fragment = to_page.partition("#")
    here = posixpath.dirname(from_page) or "."
    url = _relpath(target, here) if target else posixpath.basename(from_page)
    return f"{url}#{fragment}" if fragment else url


def _relpath(target: str, here: str) -> str:
    folder, name = posixpath.split(target)
    way = _folder_relpath(folder or ".", here)
    return name if way == "." else f"{way}/{name}"


@lru_cache(maxsize=1024)
def _folder_relpath(folder: str, here: str) -> str:
    # The site has a handful of folders, and relpath is slow: a report links tens of thousands of times.
    return posixpath.relpath(folder, here)
