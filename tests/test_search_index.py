"""The store's search index (provenance/search/): migration 0004 on both engines, the library's
`search`, and the index kept current by every kind of write, a rollback and an import.

"Current" is checked the strict way: the index the store holds equals the one a full rebuild
makes at that moment (search_support.assert_index_current), and on SQLite FTS5's own
integrity-check agrees with search_entry.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import REPO, Cli
from search_support import assert_index_current, index_rows

from provenance import migrate
from provenance.db import SCHEMA_HEAD, Database, make_engine
from provenance.errors import InvalidInput
from provenance.search import Hit, search

SEED_BUNDLE = REPO / "seeds" / "bundle.yaml"


def find(url: str, query: str, **options: object) -> list[Hit]:
    store = Database(url)
    try:
        with store.read() as session:
            return search(session, query, **options)  # type: ignore[arg-type]
    finally:
        store.dispose()


def keys(hits: list[Hit]) -> list[tuple[str, object]]:
    return [(h.kind, h.key if h.kind != "passage" else (h.key, h.start)) for h in hits]


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    cli("import", SEED_BUNDLE)
    return cli


# --- the migration ----------------------------------------------------------------------------


def test_migration_objects_exist_on_each_engine(store_url: str) -> None:
    migrate.upgrade(store_url)
    engine = make_engine(store_url)
    try:
        with engine.connect() as conn:
            inspector = sa.inspect(conn)
            tables = set(inspector.get_table_names())
            assert {"search_entry", "search_pending", "search_name"} <= tables
            if conn.dialect.name == "sqlite":
                assert {"search_fts", "search_fts_data", "search_fts_idx"} <= tables
                triggers = {
                    r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='trigger'")
                }
            else:
                indexes = {i["name"] for i in inspector.get_indexes("search_entry")}
                assert "search_entry" in tables and not any(t.startswith("search_fts") for t in tables)
                found = conn.exec_driver_sql(
                    "SELECT indexname FROM pg_indexes WHERE indexname = 'ix_search_entry_words'"
                    " AND schemaname = current_schema()"
                ).all()
                assert found, indexes
                triggers = {
                    r[0]
                    for r in conn.exec_driver_sql(
                        "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                        " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        " WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
                    )
                }
        for table in (
            "claim",
            "claim_entity",
            "citation",
            "relation",
            "entity",
            "entity_alias",
            "document_text",
        ):
            for action in ("insert", "update", "delete"):
                assert f"search_queue_{table}_{action}" in triggers
    finally:
        engine.dispose()


def test_the_comparison_leaves_out_exactly_the_engine_specific_objects(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from provenance.models import MIGRATION_ONLY, Base

    migrate.upgrade(store_url)
    engine = make_engine(store_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    # Without the hook, alembic sees the engine's own objects, and nothing else.
    names = set()
    for diff in diffs:
        kind = diff[0]
        if kind == "remove_column":  # (kind, schema, table, column): PostgreSQL's stored words
            names.add(("column", diff[3].name))
        else:
            names.add(("table" if kind == "remove_table" else "index", diff[1].name))
    assert names and names <= MIGRATION_ONLY, diffs


def test_upgrade_of_a_store_with_data_indexes_it(store_url: str, tmp_path: Path) -> None:
    """T28 for this migration: a store at 0002 holding seed entities (aliases folded the old way)
    and a seed text, upgraded to head: indexed in the upgrade's transaction, aliases refolded."""
    migrate.upgrade(store_url, "0002")
    _import_at_0002(store_url)
    migrate.upgrade(store_url)
    assert migrate.current_revision(store_url) == SCHEMA_HEAD
    assert_index_current(store_url)
    assert keys(find(store_url, "Binali", limit=1))[0] == ("entity", "turki-al-binali")
    assert find(store_url, "Bukamal")[0].kind == "passage"


def _import_at_0002(url: str) -> None:
    """The seed bundle's outlets, entities and aliases written as 0002's schema holds them."""
    import yaml

    data = yaml.safe_load(SEED_BUNDLE.read_text(encoding="utf-8"))
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for n, entity in enumerate(data["entities"], 1):
                conn.execute(
                    sa.text(
                        "INSERT INTO entity (id, key, name, kind, created_at, version) "
                        "VALUES (:id, :key, :name, :kind, '2024-01-01 00:00:00', 1)"
                    ),
                    {"id": n, "key": entity["key"], "name": entity["name"], "kind": entity["kind"]},
                )
                for alias in entity.get("aliases") or []:
                    conn.execute(
                        sa.text(
                            "INSERT INTO entity_alias (entity_id, alias, folded) VALUES (:e, :a, 'stale')"
                        ),
                        {"e": n, "a": alias},
                    )
            text = (REPO / "seeds" / "texts" / "001_5428877a7054cf24.txt").read_text(encoding="utf-8")
            conn.execute(
                sa.text(
                    "INSERT INTO document (id, key, title, authors, language, revision, sha256, created_at,"
                    " version) VALUES (1, 'gr', 'Global Research', '[]', 'en', 1, 'x',"
                    " '2024-01-01 00:00:00', 1)"
                )
            )
            conn.execute(
                sa.text(
                    "INSERT INTO document_text (document_id, revision, text, sha256, created_at) "
                    "VALUES (1, 1, :t, 'x', '2024-01-01 00:00:00')"
                ),
                {"t": text},
            )
    finally:
        engine.dispose()


def test_downgrade_removes_every_search_object(store_url: str) -> None:
    migrate.upgrade(store_url)
    migrate.downgrade(store_url, "0002")
    engine = make_engine(store_url)
    try:
        with engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            assert not [t for t in tables if t.startswith("search")]
            assert "folded" not in {c["name"] for c in sa.inspect(conn).get_columns("entity")}
    finally:
        engine.dispose()
    migrate.upgrade(store_url)
    assert migrate.current_revision(store_url) == SCHEMA_HEAD


# --- search on the seed corpus ----------------------------------------------------------------


def test_alias_finds_the_entity_and_every_claim_about_it(seeded: Cli) -> None:
    hits = find(seeded.url, "Binali", limit=50)
    assert hits[0].kind == "entity" and hits[0].key == "turki-al-binali"  # the exact name first
    claims = {h.key for h in hits if h.kind == "claim"}
    about = {c["key"] for c in seeded.json("claim", "list", "--entity", "turki-al-binali")}
    assert about and about <= claims  # whatever spelling each claim uses


def test_a_named_entity_competes_whatever_the_window_holds(seeded: Cli, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """At scale the engine ranks only the newest matches: an entity older than all of them (a
    popular name's) is still found, by the name index, and still comes first."""
    from provenance.search import query

    monkeypatch.setattr(query, "WINDOW", 3)
    monkeypatch.setattr(query, "CANDIDATES", 2)
    hits = find(seeded.url, "Binali", limit=5)
    assert hits[0].kind == "entity" and hits[0].key == "turki-al-binali"
    # a typed word the entity does not hold keeps it out: every word must match
    assert all(h.kind != "entity" for h in find(seeded.url, "Binali convoy", limit=5))


def test_two_words_and_a_typo_and_a_word_only_in_a_text(seeded: Cli) -> None:
    death = find(seeded.url, "binali death")
    assert death and death[0].kind == "claim" and "death" in death[0].title.lower()
    typo = find(seeded.url, "bagdadi")
    assert typo[0].kind == "entity" and typo[0].key == "abu-bakr-al-baghdadi"
    (passage,) = find(seeded.url, "Bukamal")
    assert passage.kind == "passage" and passage.document_id is not None
    marked = [passage.text[a:b] for a, b in passage.marks]
    assert marked == ["Bukamal"]
    text = seeded("doc", "text", str(passage.document_id)).stdout
    assert text[passage.start : passage.end] == passage.text  # offsets in the document's text


def test_arabic_script_finds_title_and_text(seeded: Cli) -> None:
    hits = find(seeded.url, "داعش")
    assert {h.kind for h in hits} >= {"document", "passage"}
    assert find(seeded.url, "Daesh")[0].key == "islamic-state"  # an alias, exact, first


def test_filters(seeded: Cli) -> None:
    claims = find(seeded.url, "baghdadi", kinds=["claim"], limit=200)
    assert claims and {h.kind for h in claims} == {"claim"}
    disputed = find(seeded.url, "baghdadi", verdict="disputed", limit=200)
    listed = {c["key"] for c in seeded.json("claim", "list", "--verdict", "disputed")}
    assert {h.key for h in disputed} <= listed
    one = find(seeded.url, "baghdadi", doc=str(claims[0].document_id), limit=200)
    assert one and {h.document_id for h in one} == {claims[0].document_id}
    recent = find(seeded.url, "baghdadi", since="2019", limit=200)
    old = find(seeded.url, "baghdadi", until="December 2014", limit=200)
    assert recent and old and not {h.key for h in recent} & {h.key for h in old if h.kind == "claim"}
    by_entity = find(seeded.url, "killed", entity="Binali", kinds=["claim"], limit=50)
    about = {c["key"] for c in seeded.json("claim", "list", "--entity", "turki-al-binali")}
    assert by_entity and {h.key for h in by_entity} <= about
    with pytest.raises(InvalidInput, match="kind"):
        find(seeded.url, "x", kinds=["tweet"])
    with pytest.raises(InvalidInput, match="--since"):
        find(seeded.url, "x", since="the day after")


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        "*",
        "bin*",
        'NEAR("a" "b")',
        "a OR b",
        "-binali",
        "binali:",
        "t1:binali",
        "^x",
        "'",
        "(",
        ")",
        "a AND",
        "AND",
        "NOT",
        "\\",
        "'; DROP TABLE claim; --",
        "binali & !death | x",
        "x:* <-> y",
        "%_",
    ],
)
def test_query_syntax_is_never_syntax(seeded: Cli, query: str) -> None:
    try:
        hits = find(seeded.url, query)
    except InvalidInput as exc:  # a query without a single word says so
        assert "nothing to search for" in str(exc)
        return
    plain = (
        find(seeded.url, " ".join(query.replace("*", " ").split()) or "x") if query.strip("*\"'()") else []
    )
    assert isinstance(hits, list) and (not plain or keys(hits) == keys(plain))


# --- the index stays current ------------------------------------------------------------------


def test_every_kind_of_write_keeps_the_index_current(cli: Cli, tmp_path: Path) -> None:
    from test_report_support import small_store

    small_store(cli, tmp_path)
    assert_index_current(cli.url)
    steps = [
        ("entity", "alias", "al-Binali", "Abu Hudhayfa al-Bahraini"),
        ("entity", "add", "Abu Hudhayfa", "--alias", "Hudhayfa"),
        ("entity", "merge", "abu-hudhayfa", "al-Binali"),
        ("claim", "edit", "1", "--note", "contested by a second source"),
        ("claim", "verdict", "2", "supported"),
        ("cite", "3", "--person", "a defector", "--note", "said in an interview"),
        ("relate", "3", "repeats", "1", "--note", "the convoy story again"),
        ("outlet", "add", "Jihadica", "--grade", "B"),
        ("claim", "delete", "4", "--cascade"),
    ]
    for step in steps:
        cli(*step)
        assert_index_current(cli.url)
    revised = tmp_path / "a2.txt"
    revised.write_text(
        "Turki al-Bin'ali was killed in a 2015 airstrike, regional intelligence officials said "
        "(Asharq al-Awsat, February 8).\nA new paragraph about Abu Kamal.\n",
        encoding="utf-8",
    )
    cli("doc", "revise", "1", revised)
    assert_index_current(cli.url)
    # Two records of one work merged (issue 14): the held copy's text, claims and entries move.
    copy = tmp_path / "asharq.txt"
    copy.write_text("Asharq al-Awsat: the strike on Hajin was reported by a tribal source.\n", "utf-8")
    cli("doc", "add", copy, "--key", "asharq-copy", "--title", "Asharq text", "--new")
    cli("claim", "add", "asharq-copy", "--quote", "the strike on Hajin", "--statement", "A strike on Hajin")
    assert_index_current(cli.url)
    cli("doc", "merge", "asharq-copy", "3")
    assert_index_current(cli.url)
    [hajin] = find(cli.url, "hajin", kinds=["claim"])
    assert hajin.document_id == 3
    assert find(cli.url, "Hudhayfa")[0].title == "Turki al-Bin'ali"  # merged: an alias now
    assert [h.kind for h in find(cli.url, "kamal")] == ["passage"]
    assert not find(cli.url, "firefight", kinds=["claim"])  # the deleted claim is gone


def test_a_failed_command_leaves_the_index_as_it_was(cli: Cli, tmp_path: Path) -> None:
    from test_report_support import small_store

    small_store(cli, tmp_path)
    before = index_rows(cli.url)
    cli("claim", "add", "1", "--quote", "not in the text", "--statement", "nope", ok=False)
    cli("entity", "alias", "al-Binali", "Abu Sufyan", ok=False)  # already its alias
    assert index_rows(cli.url) == before
    store = Database(cli.url)
    try:
        with pytest.raises(RuntimeError), store.write() as session:
            from provenance.entities import add_alias

            add_alias(session, "al-Binali", "Rolled Back Name")
            raise RuntimeError("the command fails after its write")
    finally:
        store.dispose()
    assert index_rows(cli.url) == before
    assert not find(cli.url, "Rolled Back Name")


def test_an_import_is_indexed_with_it(seeded: Cli) -> None:
    assert_index_current(seeded.url)
    entries = index_rows(seeded.url)[0]
    kinds = {row[0] for row in entries}
    assert kinds == {"claim", "document", "passage", "entity", "outlet", "citation"}


def test_sql_written_around_the_library_is_indexed_by_the_next_write(cli: Cli, tmp_path: Path) -> None:
    from test_report_support import small_store

    small_store(cli, tmp_path)
    engine = make_engine(cli.url)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE claim SET statement = 'Typed straight into the database' WHERE id = 3")
            )
    finally:
        engine.dispose()
    assert index_rows(cli.url)[2] == 1  # the trigger queued it
    cli("outlet", "add", "Any Outlet")
    assert_index_current(cli.url)
    assert [h.id for h in find(cli.url, "straight into the database")] == [3]


def test_reindex_rebuilds_a_damaged_index(cli: Cli, tmp_path: Path) -> None:
    from test_report_support import small_store

    from provenance.search.index import reindex

    small_store(cli, tmp_path)
    engine = make_engine(cli.url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM search_entry WHERE kind = 'claim'"))
    finally:
        engine.dispose()
    assert not find(cli.url, "coup", kinds=["claim"])
    store = Database(cli.url)
    try:
        with store.write() as session:
            assert reindex(session) > 0
    finally:
        store.dispose()
    assert_index_current(cli.url)
    assert len(find(cli.url, "coup", kinds=["claim"])) == 2
