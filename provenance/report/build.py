"""`build_report`: load, compute pages, render, write — and count the queries it took."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from hashlib import sha256
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from ..db import Store
from ..resources import resource_dir
from . import paths
from .html import environment
from .load import load_site
from .pages import PageBuilder
from .render import STATIC_FILES, render_page, render_search_index, static_file
from .search import search_entries
from .write import SiteWriter, check_target

PROGRESS_EVERY = 500  # pages between two progress reports

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildSummary:
    """What a build did. Files count every page and asset (stylesheet, script, search index)."""

    pages_written: int
    pages_unchanged: int
    queries: int

    @property
    def pages(self) -> int:
        return self.pages_written + self.pages_unchanged


@cache
def code_version() -> str:
    """A hash of the templates and of the report's own code: a page's bytes depend on them too."""
    digest = sha256()
    for folder in (resource_dir("templates"), Path(__file__).parent):
        for path in sorted(folder.iterdir()):
            if path.suffix in (".html", ".js", ".css", ".py"):
                digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def fingerprint(version: str, template: str, context: dict[str, Any], common: dict[str, Any]) -> str:
    """What a page is rendered from, hashed: its contexts are frozen dataclasses, tuples, lists,
    dicts and strings, whose `repr` spells out every field. Anything without a stable `repr`
    (an address in it) only makes the page render again; it never keeps a stale page."""
    return sha256(repr((version, template, context, common)).encode("utf-8", "surrogatepass")).hexdigest()


@contextmanager
def count_queries(engine: Engine) -> Iterator[list[str]]:
    """Collect the SQL statements sent through `engine` while the block runs."""
    statements: list[str] = []

    def before(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
    ) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def build_report(
    store: Store, out: Path, *, changed_only: bool = False, progress: Progress | None = None
) -> BuildSummary:
    """Build the report of `store` into the folder `out`.

    The store is read in one read transaction with a fixed number of queries;
    the site is written beside `out` and swapped into place only when complete.
    With `changed_only`, a page whose fingerprint matches the previous build's is
    linked from it without rendering; other pages are rendered and compared.
    `progress(done, total)` is called every PROGRESS_EVERY files and at the end;
    if it raises, the build stops and the previous site stays as it was.
    """
    check_target(Path(out))  # refuse before reading anything
    with count_queries(store.engine) as statements, store.read() as session:
        site = load_site(session)
    builder = PageBuilder(site)
    env = environment()
    pages = list(builder.pages())
    common = builder.common()
    total = len(pages) + len(STATIC_FILES) + 1
    done = 0
    with SiteWriter(Path(out), changed_only=changed_only) as writer:

        def put(path: str, data: bytes, mark: str | None = None) -> None:
            writer.write(path, data, mark)
            put_reused()

        def put_reused() -> None:
            nonlocal done
            done += 1
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)

        for name in STATIC_FILES:
            put(name, static_file(name))
        put(paths.SEARCH_INDEX, render_search_index(env, search_entries(builder)))
        version = code_version()
        for page in pages:
            mark = fingerprint(version, page.template, page.context, common) if changed_only else None
            if mark is not None and writer.reuse(page.path, mark):
                put_reused()
            else:
                put(page.path, render_page(env, page, common), mark)
        writer.commit()
    return BuildSummary(writer.written, writer.unchanged, len(statements))
