"""Writing files the way every command does: an error that names the file, never a bare errno.

A full disk (or a file-size limit) mid-write used to reach the user as "I/O: File too large", with
no word of which file; here it names the file and says what happened. Callers write into staging
folders or temporary files, so the error leaves whatever OUT held before intact.
"""

from __future__ import annotations

import errno
from pathlib import Path

from .errors import ProvenanceError

_FULL = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}


class DiskFull(ProvenanceError):
    """No room to write a file (disk full, quota, or file-size limit)."""


def write_bytes(path: Path, data: bytes, *, exclusive: bool = False, shown: str | None = None) -> None:
    """Write ``data`` to ``path`` (``exclusive``: the file must be new); ``shown`` names it in errors."""
    try:
        with open(path, "xb" if exclusive else "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise as_disk_error(exc, shown or str(path)) from None


def as_disk_error(exc: OSError, shown: str) -> OSError | ProvenanceError:
    """``exc`` worded for the user when it is a full disk; otherwise ``exc`` itself (with its name)."""
    if exc.errno in _FULL:
        return DiskFull(
            "the disk is full (or a file size limit was reached) while writing it; nothing was replaced",
            where=shown,
        )
    if exc.filename is None:
        exc.filename = shown
    return exc
