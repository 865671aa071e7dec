"""Moving a whole store to another engine (SQLite → PostgreSQL, or back), verified.

The copy goes through the canonical bundle form: the source is rendered, imported
into the empty target, and the target rendered again inside the same transaction;
the two renderings must be byte-identical or nothing is committed.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from . import migrate
from .bundle import import_bundle, load_bundle
from .bundle.exporter import render_bundle
from .bundle.snapshot import read_store
from .db import Database
from .errors import InvalidInput, ProvenanceError
from .files import write_folder_atomically
from .models import Claim, Document, Entity, Outlet


@dataclass(frozen=True)
class CopySummary:
    target: str
    counts: dict[str, int]
    files: int


def copy_store(source: Database, target_url: str) -> CopySummary:
    target = Database(target_url, actor=source.actor)
    try:
        if target.url == source.url:
            raise InvalidInput("the target is the store itself")
        migrate.upgrade(target.url)
        with source.read() as session:
            snapshot = read_store(session, texts=True)
        files = render_bundle(snapshot)
        with tempfile.TemporaryDirectory(prefix="provenance-copy-") as tmp:
            write_folder_atomically(Path(tmp) / "bundle", files)
            bundle = load_bundle(Path(tmp) / "bundle" / "bundle.yaml")
            with target.write() as session:
                held = sum(
                    session.scalar(select(func.count()).select_from(m)) or 0
                    for m in (Outlet, Document, Claim, Entity)
                )
                if held:
                    raise InvalidInput(
                        f"{target.describe()} already holds {held} records; copy into an empty store"
                    )
                import_bundle(session, bundle)
                session.flush()
                copied = render_bundle(read_store(session, texts=True))
                if copied != files:
                    differing = sorted(
                        set(files) ^ set(copied) | {n for n in files if copied.get(n) != files[n]}
                    )
                    raise ProvenanceError(
                        f"the copy differs from the source in {', '.join(differing[:5])}; nothing was written"
                    )
        return CopySummary(target.describe(), snapshot.counts(), len(files))
    finally:
        target.dispose()
