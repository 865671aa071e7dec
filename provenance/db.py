"""Opening a store: the engine factory, transactions and the schema check.

Both the application and `migrations/env.py` build engines here, so the SQLite
settings that make transactions real (RELIABILITY F1–F4) hold for migrations too:
- `isolation_level=None` on the pysqlite connection, and our own BEGIN, because
  Python 3.11's sqlite3 otherwise issues BEGIN lazily and not before DDL (F3, F4);
- writes begin with `BEGIN IMMEDIATE`, so a second writer waits for the lock
  instead of failing at once on its first write (F1);
- `PRAGMA foreign_keys=ON` on every connection (F2), WAL, and a busy timeout.
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, String, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError
from sqlalchemy.orm import Session

from .errors import InvalidInput, ReadOnlyStore, SchemaMismatch, StoreBusy, field

# The newest migration; a test checks it equals the head of migrations/.
# Kept as a constant so ordinary commands need not load Alembic to check it.
SCHEMA_HEAD = "0017"

DEFAULT_URL = "sqlite:///provenance.db"
BUSY_TIMEOUT_S = float(os.environ.get("PROVENANCE_BUSY_TIMEOUT", "10"))


SUPPORTED_URLS = "a SQLite file (store.db or sqlite:///path/store.db) or postgresql://user@host[:port]/dbname"


def database_url(explicit: str | None = None) -> str:
    """The store's URL: `--db`, else PROVENANCE_DATABASE_URL, else ./provenance.db.

    Refused with a one-line InvalidInput that names what is wrong: a URL that does not parse, an
    engine other than SQLite and PostgreSQL, or a SQLite file in a folder that does not exist."""
    given = explicit or os.environ.get("PROVENANCE_DATABASE_URL") or DEFAULT_URL
    url = given
    if "://" not in url:  # a bare path means a SQLite file
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    try:
        parsed = make_url(url)
        parsed.port  # noqa: B018 (a bad port is refused here, not when connecting)
    except (ArgumentError, ValueError) as exc:
        raise InvalidInput(f"store URL {given!r} does not parse ({exc}); give {SUPPORTED_URLS}") from None
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise InvalidInput(
            f"store URL {given!r}: {parsed.drivername!r} is not supported; give {SUPPORTED_URLS}"
        )
    path = sqlite_path(url)
    if path is not None and not path.parent.is_dir():
        raise InvalidInput(f"store URL {given!r}: the folder {path.parent} does not exist")
    return url


def current_user(explicit: str | None = None) -> str:
    """Who is making the change: `--as`, PROVENANCE_USER, or the OS user."""
    if explicit:
        return explicit
    if os.environ.get("PROVENANCE_USER"):
        return os.environ["PROVENANCE_USER"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # containers without a passwd entry
        return "unknown"


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for other engines and in-memory stores."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """An engine with the project's transaction rules. `foreign_keys=False` is for migrations,
    which copy tables on SQLite and check foreign keys themselves before committing."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    path = sqlite_path(url)
    in_memory = path is None
    read_only = path is not None and read_only_reason(path) is not None
    if path is not None and read_only:
        # Read-only media (a CD, a read-only mount, a folder we may not write): open the file
        # immutable and read-only, so SQLite needs neither a journal nor WAL's shared memory.
        target = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(
                target, uri=True, timeout=BUSY_TIMEOUT_S, check_same_thread=False
            ),
        )
    else:
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (F3, F4)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        if not in_memory and not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        write = conn.get_execution_options().get("provenance_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def read_only_reason(path: Path) -> str | None:
    """Why a SQLite store can only be read here (its file or folder is not writable), or None."""
    if not path.exists():
        return None
    folder = path.resolve().parent
    if not os.access(folder, os.W_OK):
        return f"the folder {folder} is not writable"
    if not os.access(path, os.W_OK):
        return f"{path} is not writable"
    return None


def is_busy_error(exc: DBAPIError) -> bool:
    message = str(exc.orig).lower()
    # PostgreSQL: two editors' row locks crossed (one is rolled back) or a serialization failure.
    return any(
        sign in message
        for sign in ("database is locked", "database is busy", "lock timeout", "deadlock detected")
        + ("could not serialize access",)
    )


def check_lengths(session: Session, _context: object = None, _instances: object = None) -> None:
    """Refuse strings longer than their column, before the database sees them.

    PostgreSQL refuses them (with a DataError the CLI cannot word); SQLite silently stores
    them. Checking here gives both engines the same one-line error (a `before_flush` hook).
    """
    for record in (*session.new, *session.dirty):
        state = inspect(record)
        for attr in state.mapper.column_attrs:
            column_type = attr.columns[0].type
            limit = getattr(column_type, "length", None)
            value = state.dict.get(attr.key)  # only what is loaded: never triggers a query
            if limit and isinstance(column_type, String) and isinstance(value, str) and len(value) > limit:
                raise InvalidInput(
                    f"{state.mapper.local_table.name} {attr.key} is {len(value)} characters long; "
                    f"at most {limit} are allowed (it starts {value[:40]!r})"
                )


def _index_what_changed(session: Session) -> None:
    """Bring the search index up to date with this transaction's writes, inside it (a
    `before_commit` hook): triggers queued every record written, however it was written."""
    if session.in_nested_transaction():  # a savepoint's release fires this hook too
        return
    from .search.index import sync

    session.flush()
    sync(session)


class Database:
    """One database, opened through the engine factory: its transactions and its schema check.

    ``provenance.Store`` (the front door, with a method per verb) is this plus the verbs; lower
    modules that need only transactions (backup, transfer, the report build) take a Database."""

    expected_schema = SCHEMA_HEAD

    def __init__(self, url: str | None = None, *, actor: str | None = None) -> None:
        self.url = database_url(url)
        self.actor = current_user(actor)
        path = sqlite_path(self.url)
        # Set when the store sits on read-only media: it is opened immutable, and writes are refused.
        self.read_only_reason = read_only_reason(path) if path is not None else None
        self.engine = make_engine(self.url)
        self._writer = self.engine.execution_options(provenance_write=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def describe(self) -> str:
        path = sqlite_path(self.url)
        return str(path) if path else make_url(self.url).render_as_string(hide_password=True)

    def exists(self) -> bool:
        path = sqlite_path(self.url)
        return path is None or path.exists()

    def schema_revision(self, session: Session) -> str | None:
        """The store's Alembic revision; "" when migrated down to base; None when it has no schema."""
        try:
            with session.begin_nested():
                found = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
                return "" if found is None else found
        except (OperationalError, DBAPIError) as exc:
            if is_busy_error(exc):  # a locked store is busy, not missing its schema
                raise
            return None

    def check_schema(self, session: Session) -> None:
        """Refuse to work on a store that is not at the schema this code expects."""
        if not self.exists():
            raise SchemaMismatch(
                f"no store at {self.describe()}; run `provenance init` (or pass {field('db')})"
            )
        # Begin the transaction (BEGIN IMMEDIATE for writes) before the savepoint in schema_revision,
        # so a busy store raises here, as busy, instead of looking like a store without a schema.
        session.connection()
        found = self.schema_revision(session)
        if found == SCHEMA_HEAD:
            return
        if found is None:
            raise SchemaMismatch(f"{self.describe()} is not a provenance store yet; run `provenance init`")
        raise SchemaMismatch(
            f"store is at revision {found or 'base (no tables)'}, this provenance expects {SCHEMA_HEAD}; "
            "run `provenance db upgrade` (or, if a newer provenance wrote it, upgrade provenance)"
        )

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite): everything or nothing."""
        if self.read_only_reason is not None:
            raise ReadOnlyStore(
                f"{self.describe()} can only be read here ({self.read_only_reason}); "
                "copy it to a writable place to change it"
            )
        session = Session(bind=self._writer, expire_on_commit=False, autoflush=True)
        session.info["actor"] = self.actor
        session.info["writable"] = True  # derived state (the reader's story features) may be kept
        event.listen(session, "before_flush", check_lengths)
        event.listen(session, "before_commit", _index_what_changed)
        try:
            with session.begin():
                self.check_schema(session)
                yield session
        except OperationalError as exc:
            if is_busy_error(exc):
                raise StoreBusy(
                    "the store is busy: another provenance command is writing; try again"
                ) from exc
            raise
        finally:
            session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read transaction: a consistent snapshot for everything it reads."""
        session = Session(bind=self.engine, expire_on_commit=False, autoflush=False)
        session.info["actor"] = self.actor
        try:
            with session.begin():
                if self.dialect == "postgresql":
                    session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
                self.check_schema(session)
                yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
