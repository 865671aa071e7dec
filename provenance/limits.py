"""How much the tool reads from any entry path, and from what: one rule for files, bundles and URLs.

Every text that enters the store — `doc add FILE`, `doc revise`, a bundle's texts, a fetched page —
is read through here, so one cap applies to all of them (``DEFAULT_TEXT_MB``, raised by the caller's
``max_mb`` for a file it trusts) and export → import never refuses what `doc add` accepted.

Only regular files are read. The check is made on the open descriptor, and the file is opened
non-blocking, so a FIFO, a device such as /dev/zero, or a socket is refused at once instead of
hanging the command or filling memory. Pure: no database.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InvalidInput, NotFound, field

MB = 2**20
DEFAULT_TEXT_MB = 64
"""The largest text read by default (a long report is a few MB; a 300-page PDF's text ~1 MB)."""

FIELD_LIMITS: dict[str, int] = {
    # Free-text fields the database holds as unbounded text: bounded here, in code points, for every
    # entry path (CLI, library, bundle), so one hostile record cannot stop the report (a statement
    # that is one 48,000-character word) and PostgreSQL and SQLite accept the same values.
    "quote": 10_000,
    "statement": 2_000,
    "note": 10_000,
    "reason": 5_000,
    "description": 10_000,
    "url": 2_000,
}

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def text_cap(max_mb: int | None) -> int:
    """The cap in bytes for one text: ``max_mb`` MB when given, else the default."""
    if max_mb is not None and max_mb < 1:
        raise InvalidInput(f"max_mb {max_mb} must be at least 1")
    return (DEFAULT_TEXT_MB if max_mb is None else max_mb) * MB


class TooLarge(InvalidInput):
    """A source over its size cap; ``size`` is its size in bytes as far as it was known."""

    def __init__(self, label: str, size: int, cap: int) -> None:
        self.size, self.cap = size, cap
        limit = f"{cap // MB:,} MB" if cap >= MB else f"{cap:,} bytes"
        super().__init__(
            f"is larger than the {limit} cap on one text ({size:,} bytes or more; a guard against "
            f"endless or hostile sources: raise {field('max_mb')} for one you trust)",
            where=label,
        )


def too_large(label: str, size: int, cap: int) -> TooLarge:
    return TooLarge(label, size, cap)


def _kind(mode: int) -> str | None:
    for test, name in _KINDS:
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a file"


def read_regular_file(
    path: Path, *, max_bytes: int, label: str | None = None, nofollow: bool = False
) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``max_bytes``; else a clear error.

    ``label`` names the file in messages (a bundle names texts by their relative path);
    ``nofollow`` refuses a symbolic link at the last component (bundles do).
    """
    name = label or str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | (getattr(os, "O_NOFOLLOW", 0) if nofollow else 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotFound("no such file", where=name) from None
    except IsADirectoryError:
        raise InvalidInput("is a folder, not a text file", where=name) from None
    except OSError as exc:
        raise InvalidInput(f"cannot read ({exc.strerror})", where=name) from None
    try:
        info = os.fstat(fd)  # of what was opened, so a path swapped after a check cannot slip through
        kind = _kind(info.st_mode)
    except OSError:
        os.close(fd)
        raise
    if kind is not None:
        os.close(fd)
        if kind == "a folder":
            raise InvalidInput("is a folder, not a text file", where=name)
        raise InvalidInput(f"is {kind}, not a regular file", where=name)
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > max_bytes:  # refused before reading a byte
            raise too_large(name, info.st_size, max_bytes)
        data = handle.read(max_bytes + 1)  # a file that grows while read is still capped
    if len(data) > max_bytes:
        raise too_large(name, len(data), max_bytes)
    return data
