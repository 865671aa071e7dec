"""Writing files and folders the way every command does.

- An error names the file: a full disk (or a file-size limit) mid-write used to reach the user as
  "I/O: File too large", with no word of which file.
- A folder (an export, the report) is written beside OUT in a staging folder that names its owner
  (`staging`), then swapped into place in one step: a reader sees the old folder or the new one,
  never half of each, and an interrupted write leaves the old one intact.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from pathlib import Path

from . import staging
from .errors import InvalidInput, ProvenanceError

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


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def swap_into_place(new: Path, out: Path) -> Path | None:
    """Put the folder ``new`` where ``out`` is; return where the previous ``out`` went (for the caller
    to remove), if there was one. One atomic exchange where the system has it; else two renames, the
    previous folder first moved aside under a staging name (swept if the process dies between)."""
    if not out.exists():
        os.rename(new, out)
        return None
    if _exchange(new, out):
        return new
    old = staging.path_for(out, "old")
    os.rename(out, old)
    try:
        os.rename(new, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rename(old, out)
        raise
    return old


def write_folder_atomically(out: Path, files: dict[str, bytes], *, purpose: str = "export") -> None:
    """Write ``files`` (relative path -> bytes) into a fresh folder beside ``out``, then swap it into
    place. Callers check ``out`` first (what may be replaced is theirs to say)."""
    out = Path(os.path.abspath(out))  # "." and "..": a real name to rename to
    out.parent.mkdir(parents=True, exist_ok=True)
    staging.sweep(out)  # what killed writers left behind
    folder = staging.new_folder(out, purpose)
    try:
        root = folder.resolve()
        for relative, data in files.items():
            target = (folder / relative).resolve()
            if not target.is_relative_to(root):
                raise InvalidInput(f"refusing to write {relative!r} outside the folder being written")
            target.parent.mkdir(parents=True, exist_ok=True)
            write_bytes(target, data, exclusive=True, shown=str(out / relative))
        os.chmod(folder, 0o755)
        old = swap_into_place(folder, out)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)  # holds only the previous folder, which the caller checked
