"""The first run: the curated seed corpus into a store, its contradictions detected, the report built.

Safe to re-run: the corpus is imported once (a second import finds it already there), new
contradictions are detected for review, and the report is rebuilt in place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import migrate
from .bundle import ImportSummary, import_bundle, load_bundle
from .conflicts import detect, list_conflicts
from .db import Database
from .report import BuildSummary, build_report
from .resources import resource_dir


@dataclass(frozen=True)
class DemoSummary:
    store: str
    imported: ImportSummary
    confirmed: int
    awaiting: int
    dismissed: int
    report: BuildSummary
    index: Path


def run_demo(store: Database, out: Path, *, progress: Callable[[str], None] | None = None) -> DemoSummary:
    note = progress or (lambda _message: None)
    migrate.upgrade(store.url)
    note("validating the seed corpus…")
    bundle = load_bundle(resource_dir("seeds") / "bundle.yaml")
    with store.write() as session:
        imported = import_bundle(session, bundle)
        detect(session)
        statuses = Counter(r.status.value for r in list_conflicts(session))
    built = build_report(store, out, progress=lambda done, total: note(f"report: {done}/{total} files"))
    return DemoSummary(
        store=store.describe(),
        imported=imported,
        confirmed=statuses["confirmed"],
        awaiting=statuses["detected"] + statuses["suggested"],
        dismissed=statuses["dismissed"],
        report=built,
        index=(out / "index.html").resolve(),
    )
