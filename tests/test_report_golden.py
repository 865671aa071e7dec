"""A golden snapshot of a small store's whole site (as pelican's functional tests).

The store is built through the real CLI on SQLite, so ids are fixed. Event times
are the only values that differ between runs: the test sets them to fixed times
(2024-01-01 00:00 UTC plus one minute per event id) before building, so the
"Recent changes" section is compared like everything else. Nothing is normalised
after the build. style.css and app.js are copies of templates/ and not compared.

To accept a change on purpose: PROVENANCE_UPDATE_GOLDEN=1 pytest tests/test_report_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from test_report_support import build, issue_store, small_store

GOLDEN = Path(__file__).resolve().parent / "golden" / "report"
COMPARED = (".html", ".js")
SKIPPED = {"app.js"}


def _fix_event_times(url: str) -> None:
    import sqlalchemy as sa

    from provenance.db import make_engine
    from provenance.models import Event

    engine = make_engine(url)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        # The log is append-only (migration 0002); this throwaway store lifts the guard so the
        # snapshot's "recent changes" do not depend on the clock.
        conn.execute(sa.text("DROP TRIGGER event_append_only_update"))
        for (event_id,) in conn.execute(sa.select(Event.id)).all():
            at = start + timedelta(minutes=event_id)
            conn.execute(sa.update(Event).where(Event.id == event_id).values(at=at))
    engine.dispose()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix in COMPARED and p.name not in SKIPPED
    }


def test_site_matches_the_golden_snapshot(sqlite_cli, tmp_path: Path) -> None:
    small_store(sqlite_cli, tmp_path)
    issue_store(sqlite_cli, tmp_path)
    sqlite_cli("relate", "raid-at-dawn", "repeats", "4")
    _fix_event_times(sqlite_cli.url)
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    built = _files(out)

    if os.environ.get("PROVENANCE_UPDATE_GOLDEN") == "1":
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in built.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    golden = _files(GOLDEN)
    assert sorted(built) == sorted(golden), "the site's files differ from tests/golden/report"
    for name in sorted(built):
        if built[name] != golden[name]:
            diff = difflib.unified_diff(
                golden[name].decode().splitlines(),
                built[name].decode().splitlines(),
                f"golden/{name}",
                f"built/{name}",
                lineterm="",
                n=2,
            )
            raise AssertionError(
                f"{name} differs from the golden snapshot (PROVENANCE_UPDATE_GOLDEN=1 accepts it):\n"
                + "\n".join(list(diff)[:60])
            )
