"""`build_report`: load, compute pages, render, write — and count the queries it took."""

from __future__ import annotations

import gc
import itertools
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from hashlib import sha256
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from ..db import Database
from ..resources import resource_dir
from .depends import Recorder, Token, digest, made_from, noting, record_digests, redo, touched
from .html import environment
from .load import load_site, store_stamp
from .pages import PageBuilder
from .render import STATIC_FILES, render_page, static_file
from .search import entries_of, name_words, passage_entries, passage_sources, search_entries
from .search_index import PASSAGES, RECORDS, SearchIndex
from .texts import Texts
from .views import Site
from .write import SiteWriter, check_target, read_record, same_bytes, update_in_place

PROGRESS_EVERY = 500  # pages between two progress reports
RECORD_FORMAT = 3  # of the build record kept by --changed-only builds

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildSummary:
    """What a build did. Files count every page and asset (stylesheet, script, search index)."""

    pages_written: int
    pages_unchanged: int
    queries: int
    pages_built: int  # pages whose context was built and rendered (an incremental build skips the rest)

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
    store: Database, out: Path, *, changed_only: bool = False, progress: Progress | None = None
) -> BuildSummary:
    """Build the report of `store` into the folder `out`.

    The store is read in one read transaction: a fixed number of queries, and one
    more per chunk of texts as the pages that show them are written. A full build
    writes the site beside `out` and swaps it into place only when complete. With
    `changed_only`, the build also keeps a record of what each page was made from;
    when `out` holds such a record, only the pages whose records changed are built
    again, and only those whose bytes differ are replaced.
    `progress(done, total)` is called every PROGRESS_EVERY files and at the end;
    if it raises, the build stops and the previous site stays as it was.
    """
    out = check_target(Path(out))  # refuse before reading anything
    previous = read_record(out) if changed_only else None
    if previous is not None and (
        previous.get("format") != RECORD_FORMAT or previous.get("code") != code_version()
    ):
        previous = None
    stamp = None
    # One read transaction for the whole build: texts are read in chunks as pages need them.
    with count_queries(store.engine) as statements, store.read() as session:
        with _collector_paused():
            if changed_only:
                stamp = store_stamp(session)
                if previous is not None and previous.get("stamp") == stamp:
                    files = len(previous.get("pages", {})) + len(STATIC_FILES)
                    files += len(previous.get("search_files", [])) + len(previous.get("passage_files", []))
                    return BuildSummary(0, files, len(statements), 0)  # the store has not changed
            site = load_site(session)
        gc.freeze()  # the loaded site lives as long as the build: no collection need walk it again
        try:
            if previous is None:
                return _full_build(site, session, out, progress, statements, stamp=stamp)
            with _collector_paused():
                return _incremental_build(site, session, out, previous, progress, statements, stamp)
        finally:
            gc.unfreeze()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a great many long-lived objects are made at once: it would
    walk them again and again for nothing (a third of the load's time at 10k documents)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Counter:
    """Calls `progress` every PROGRESS_EVERY files and at the last one. An `open` count waits
    for `close(more)` (the passages' files, known once the pages have read the texts)."""

    def __init__(self, total: int, progress: Progress | None, *, open: bool = False) -> None:
        self.total, self.progress, self.done, self.open = total, progress, 0, open

    def close(self, more: int) -> None:
        self.total += more
        self.open = False

    def tick(self) -> None:
        self.done += 1
        last = self.done == self.total and not self.open
        if self.progress is not None and (self.done % PROGRESS_EVERY == 0 or last):
            self.progress(self.done, self.total)


def _full_build(
    site: Site,
    session: Session,
    out: Path,
    progress: Progress | None,
    statements: list[str],
    *,
    stamp: str | None,
) -> BuildSummary:
    record = stamp is not None  # keep a build record for the next --changed-only build
    recorder = Recorder()
    builder = PageBuilder(noting(site, recorder) if record else site, recorder)
    env = environment()
    specs = builder.page_specs()
    texts: dict[int, str] = {}  # the texts the pages read, for the passages' index
    builder.texts = Texts(
        session, site, (d for _, _, needed in specs for d in needed), seen=texts.__setitem__
    )
    common = builder.common()
    entries = search_entries(PageBuilder(site))
    search = SearchIndex(env, entries, RECORDS, name_words(site))
    search_paths = search.paths
    entry_digests = _entry_digests(entries) if record else {}
    counter = _Counter(len(specs) + len(STATIC_FILES) + len(search_paths), progress, open=True)
    pages: dict[str, str] = {}
    with SiteWriter(out, changed_only=record) as writer:
        for name in STATIC_FILES:
            writer.write(name, static_file(name))
            counter.tick()
        for path, data in search.files():
            writer.write(path, data)
            counter.tick()
        del entries, search  # written: let them go before the pages are made
        for path, build, _ in specs:
            page, read = recorder.record(build)
            if record:
                pages[path] = made_from(read)
            writer.write(path, render_page(env, page, common))
            counter.tick()
        sources = passage_sources(site)
        unread = [source[0] for source in sources if source[0] not in texts]  # none: every page is built
        missing = Texts(session, site, unread, seen=texts.__setitem__)
        for document_id in unread:
            missing(document_id)
        passages = SearchIndex(env, passage_entries(site, texts.get), PASSAGES)
        texts.clear()
        passage_paths = passages.paths
        counter.close(len(passage_paths))
        for path, data in passages.files():
            writer.write(path, data)
            counter.tick()
        del passages
        if record:
            writer.record = _record(
                stamp,
                common,
                entry_digests,
                search_paths,
                record_digests(site, builder.orders()),
                pages,
                (digest(sources), passage_paths),
            )
        writer.commit()
    return BuildSummary(writer.written, writer.unchanged, len(statements), len(specs))


def _incremental_build(
    site: Site,
    session: Session,
    out: Path,
    previous: dict[str, Any],
    progress: Progress | None,
    statements: list[str],
    stamp: str | None,
) -> BuildSummary:
    recorder = Recorder()
    builder = PageBuilder(noting(site, recorder), recorder)
    env = environment()
    specs = builder.page_specs()
    common = builder.common()
    records = record_digests(site, builder.orders())
    before: dict[str, str] = previous.get("pages", {})
    dirty = touched(previous.get("records", {}), records)
    if digest(common) != previous.get("common"):
        again = {path for path, _, _ in specs}  # the navigation every page shows changed
    else:
        again = redo(before, dirty)
    todo = [spec for spec in specs if spec[0] in again or spec[0] not in before]
    builder.texts = Texts(session, site, (d for _, _, needed in todo for d in needed))
    removed = sorted(before.keys() - {path for path, _, _ in specs})
    files: Iterable[tuple[str, bytes]] = [(name, static_file(name)) for name in STATIC_FILES]
    count = len(STATIC_FILES)
    search: list[str] = previous.get("search_files", [])
    entry_digests: dict[str, str] = previous.get("entries", {})
    # The search index is made again only when an entry changed: first look at the entries of
    # the records the edit touched, and only if one differs (or is new or gone) at them all.
    touched_entries = entries_of(site, dirty)
    if touched_entries is None or any(digest(e) != entry_digests.get(e["u"]) for e in touched_entries):
        entries = search_entries(PageBuilder(site))
        entry_digests = _entry_digests(entries)
        if entry_digests != previous.get("entries"):
            index = SearchIndex(env, entries, RECORDS, name_words(site))
            files = itertools.chain(files, index.files())
            count += len(index.paths)
            removed += sorted(set(search) - set(index.paths))
            search = index.paths
    # The passages' index is made again only when a held text (a revision) or its page changed.
    passage_files: list[str] = previous.get("passage_files", [])
    sources = digest(passage_sources(site))
    if sources != previous.get("passages"):
        held = [source[0] for source in passage_sources(site)]
        passages = SearchIndex(env, passage_entries(site, Texts(session, site, held)), PASSAGES)
        files = itertools.chain(files, passages.files())
        count += len(passages.paths)
        removed += sorted(set(passage_files) - set(passages.paths))
        passage_files = passages.paths
    counter = _Counter(len(todo) + count, progress)
    changed: dict[str, bytes] = {}
    for path, data in files:
        if not same_bytes(out / path, data):
            changed[path] = data
        counter.tick()
    pages = {path: before[path] for path, _, _ in specs if path in before}
    for path, build, _ in todo:
        page, read = recorder.record(build)
        pages[path] = made_from(read)
        data = render_page(env, page, common)
        if not same_bytes(out / path, data):
            changed[path] = data
        counter.tick()
    same_record = (
        stamp == previous.get("stamp")
        and records == previous.get("records")
        and pages == before
        and digest(common) == previous.get("common")
        and entry_digests == previous.get("entries")
        and sources == previous.get("passages")
    )
    if changed or removed or not same_record:
        record = _record(stamp, common, entry_digests, search, records, pages, (sources, passage_files))
        update_in_place(out, changed, removed, record)
    total = len(specs) + len(STATIC_FILES) + len(search) + len(passage_files)
    return BuildSummary(len(changed) + len(removed), total - len(changed), len(statements), len(todo))


def _entry_digests(entries: list[dict[str, str]]) -> dict[str, str]:
    return {entry["u"]: digest(entry) for entry in entries}


def _record(
    stamp: str | None,
    common: dict[str, Any],
    entries: dict[str, str],
    search: list[str],
    records: dict[Token, str],
    pages: dict[str, str],
    passages: tuple[str, list[str]],
) -> bytes:
    """The build record: what the next --changed-only build compares with (report/depends.py)."""
    record = {
        "format": RECORD_FORMAT,
        "code": code_version(),
        "stamp": stamp,
        "common": digest(common),
        "entries": entries,  # each search entry's digest, by its page
        "search_files": search,
        "passages": passages[0],  # digest of what the passages' entries are made from, and their files
        "passage_files": passages[1],
        "records": records,
        "pages": pages,
    }
    return json.dumps(record, separators=(",", ":")).encode("utf-8")  # built in a stable order
