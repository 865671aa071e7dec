"""What every standard export shares: the store read once, stable identifiers, and writing files
atomically (an interrupted export leaves any previous one intact)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..bundle.schema import Bundle, ClaimRec, DocumentRec, OutletRec
from ..bundle.snapshot import read_store
from ..errors import Refused
from ..errors import field as named_field
from ..files import as_disk_error, write_folder_atomically

URN = "urn:provenance:"


def urn(noun: str, key: str) -> str:
    """A stable identifier for a record: urn:provenance:document:tm-hazimite-coup."""
    return f"{URN}{noun}:{key}"


@dataclass
class ExportData:
    """The store as records sorted by key (no texts), with lookups by key."""

    bundle: Bundle
    documents: dict[str, DocumentRec] = field(default_factory=dict)
    outlets: dict[str, OutletRec] = field(default_factory=dict)
    claims: dict[str, ClaimRec] = field(default_factory=dict)

    @classmethod
    def read(cls, session: Session) -> ExportData:
        bundle = read_store(session, texts=False)
        return cls(
            bundle,
            {d.key: d for d in bundle.documents},
            {o.key: o for o in bundle.outlets},
            {c.key: c for c in bundle.claims},
        )

    def outlet_of(self, document: DocumentRec) -> OutletRec | None:
        return self.outlets.get(document.outlet) if document.outlet else None


def canonical_json(data: Any) -> bytes:
    """Stable bytes: sorted keys, two-space indent, UTF-8, a final newline."""
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_file(out: Path, data: bytes, *, force: bool) -> None:
    """Write one file through a temporary file beside it, renamed into place."""
    if out.is_symlink() or out.is_dir():
        raise Refused(f"{out} is a folder or a link; give the path of the file to write")
    if out.exists() and not force:
        raise Refused(f"{out} already exists; pass {named_field('force')} to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
        except OSError as exc:
            raise as_disk_error(exc, str(out)) from None
        os.chmod(staging, 0o644)
        os.replace(staging, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staging)
        raise


def write_folder(out: Path, files: dict[str, bytes], *, force: bool) -> None:
    """Write a folder of files (new, empty, or with --force one holding only these file names)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise Refused(f"{out} is a file or a link; give a folder to write into")
    if out.exists() and any(out.iterdir()):
        foreign = sorted(p.name for p in out.iterdir() if p.name not in files or not p.is_file())
        if foreign:
            raise Refused(
                f"{out} holds other files ({', '.join(foreign[:5])}); export into a new or empty folder"
            )
        if not force:
            raise Refused(f"{out} holds a previous export; pass {named_field('force')} to replace it")
    write_folder_atomically(out, files)
