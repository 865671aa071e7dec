"""Fixtures: temporary stores on SQLite and PostgreSQL, and a runner for the real CLI.

PostgreSQL tests read PROVENANCE_TEST_POSTGRES_URL (CI sets it). Each test gets
its own schema on that server, so tests never see each other's rows. Without the
variable they skip, saying why; with PROVENANCE_REQUIRE_POSTGRES=1 (CI) an
unreachable server fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SEED_TEXTS = REPO / "seeds" / "texts"
POSTGRES_URL = os.environ.get("PROVENANCE_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = os.environ.get("PROVENANCE_REQUIRE_POSTGRES") == "1"
# CI sets this: a test skipped for want of chromium, java or the validator fails instead.
REQUIRE_TOOLS = os.environ.get("PROVENANCE_REQUIRE_TOOLS") == "1"
_TOOLS = ("chromium", "vnu", "java")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    report = yield
    if REQUIRE_TOOLS and report.skipped and isinstance(report.longrepr, tuple):
        reason = str(report.longrepr[2])
        if any(tool in reason for tool in _TOOLS):
            report.outcome = "failed"
            report.longrepr = f"PROVENANCE_REQUIRE_TOOLS=1 but the test was skipped: {reason}"
    return report


def _postgres_schema_url() -> Iterator[str]:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("PROVENANCE_REQUIRE_POSTGRES=1 but PROVENANCE_TEST_POSTGRES_URL is not set")
        pytest.skip(
            "PostgreSQL tests need PROVENANCE_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1/test)"
        )
    import sqlalchemy as sa

    from provenance.db import database_url

    base = database_url(POSTGRES_URL)
    schema = "t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        admin.dispose()
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} does not answer: {exc.orig}")
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} does not answer")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store's URL (no schema yet), on each engine."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'provenance.db'}"
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'provenance.db'}"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from _postgres_schema_url()


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


class Cli:
    """Runs the real `provenance` command line on one store."""

    def __init__(self, url: str, cwd: Path) -> None:
        self.url = url
        self.cwd = cwd
        self.runner = CliRunner()

    def __call__(
        self, *args: str | Path, ok: bool = True, user: str = "tester", input: str | None = None
    ) -> Result:
        from provenance.cli import app

        argv = ["--db", self.url, "--as", user, *map(str, args)]
        old = Path.cwd()
        os.chdir(self.cwd)
        try:
            raw = self.runner.invoke(app, argv, input=input, catch_exceptions=False)
        finally:
            os.chdir(old)
        result = Result(raw.exit_code, raw.stdout, raw.stderr)
        assert "Traceback" not in result.output, result.output
        if ok:
            assert result.exit_code == 0, f"provenance {' '.join(map(str, args))} failed:\n{result.output}"
        else:
            assert result.exit_code != 0, (
                f"provenance {' '.join(map(str, args))} should have failed:\n{result.output}"
            )
        return result

    def json(self, *args: str | Path) -> object:
        import json

        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def cli(store_url: str, tmp_path: Path) -> Cli:
    """The CLI on a fresh, initialised store (both engines)."""
    runner = Cli(store_url, tmp_path)
    runner("init")
    return runner


@pytest.fixture
def sqlite_cli(sqlite_url: str, tmp_path: Path) -> Cli:
    runner = Cli(sqlite_url, tmp_path)
    runner("init")
    return runner


def dump_store(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, for "the store is unchanged" checks."""
    import sqlalchemy as sa

    from provenance.db import make_engine
    from provenance.models import Base

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tables = {}
            for table in Base.metadata.sorted_tables:
                rows = conn.execute(sa.select(table).order_by(*table.primary_key.columns)).all()
                tables[table.name] = [tuple(row) for row in rows]
            return tables
    finally:
        engine.dispose()


@pytest.fixture
def seed_text() -> callable:
    """The text of a seed document, by its number (0–4)."""

    def read(number: int) -> Path:
        for folder in (SEED_TEXTS, REPO.parent / "shared" / "seeds"):
            found = sorted(folder.glob(f"{number:03d}_*.txt")) if folder.is_dir() else []
            if found:
                return found[0]
        pytest.skip("the seed corpus is not here")

    return read
