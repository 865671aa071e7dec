"""Consistent copies of a live SQLite store (RELIABILITY T40).

A WAL database is never copied as a file: the pages a writer has not yet
checkpointed live in the -wal file, so a file copy can be torn. SQLite's online
backup API copies a consistent snapshot while writers keep committing.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .db import SCHEMA_HEAD, Database, sqlite_path
from .errors import AlreadyExists, InvalidInput, ProvenanceError, field


def backup(store: Database, target: Path, *, overwrite: bool = False) -> Path:
    """Copy the store to `target` (a new SQLite file) and verify the copy before keeping it."""
    source = sqlite_path(store.url)
    if source is None:
        raise InvalidInput(
            "backup copies SQLite stores; for PostgreSQL use pg_dump (see README) or `provenance export`"
        )
    if not source.exists():
        raise InvalidInput(f"no store at {source}; nothing to back up")
    target = Path(target)
    if target.exists() and not overwrite:
        raise AlreadyExists(f"{target} exists; choose another file or pass {field('force')}")
    if target.resolve() == source.resolve():
        raise InvalidInput("the backup cannot be the store itself")
    if not target.parent.is_dir():
        raise InvalidInput(f"{target}: the folder {target.parent} does not exist; create it first")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=1024)  # in steps, so writers are not held up by one long read
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
        version = dst.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error as exc:
        dst.close()
        partial.unlink(missing_ok=True)
        raise ProvenanceError(
            f"{target}: the copy could not be written ({exc}: a full disk?); nothing was written"
        ) from None
    finally:
        dst.close()
        src.close()
    if verdict != "ok" or version is None or version[0] != SCHEMA_HEAD:
        partial.unlink(missing_ok=True)
        raise ProvenanceError(
            f"the copy did not verify (integrity {verdict}, schema {version}); nothing written"
        )
    os.replace(partial, target)
    return target
