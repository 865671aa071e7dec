"""What every reader hands back: the text, the document's own metadata, and a note of how it was read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Metadata:
    """Fields a document carries about itself (a page's ``<meta>``, a file's header); empty when absent."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # as written: `documents.parse_published` reads it
    site_name: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Reading:
    """A document's canonical text as read, with its own metadata and what the reading did to it.

    ``note`` is for the curator ("main text by trafilatura 2.3.1: …"): it is recorded with the
    document, so `doc show` can say why a passage of the original is not in the text."""

    text: str
    metadata: Metadata = field(default_factory=Metadata)
    note: str | None = None


def not_utf8(charset: str | None) -> str | None:
    """A declared charset to decode with; None (strict UTF-8, clearer errors) for UTF-8 itself."""
    if not charset or charset.lower().replace("_", "-") in {"utf-8", "utf8", "us-ascii", "ascii"}:
        return None
    return charset


def package_version(name: str) -> str:
    """The installed version of a distribution, for the note ("trafilatura 2.3.1")."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:  # pragma: no cover (a vendored or source checkout)
        return "unknown version"
