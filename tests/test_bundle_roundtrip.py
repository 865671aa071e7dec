"""`provenance export`, and the round trips it must survive (T38, T39).

import → export A → import A into an empty store → export B gives A == B byte for byte,
on each engine and across engines, for the hand-made bundle, the hostile payload
corpus, a bundle with text revisions, and the seed bundle when it is there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, Cli, _postgres_schema_url
from test_bundle_samples import ARTICLE_TEXT, ISSUE_TEXT, PAYLOADS, write_payload, write_small

SEED_BUNDLE = REPO / "seeds" / "bundle.yaml"


@pytest.fixture
def second_url(store_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty store on the same engine as `cli`."""
    if store_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
    else:
        yield from _postgres_schema_url()


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def store_records(url: str) -> dict:
    """Every record of a store as bundle records (keys, not ids): what "every table equal" means here."""
    from provenance import Store
    from provenance.bundle.snapshot import read_store

    store = Store(url)
    try:
        with store.read() as session:
            snap = read_store(session, texts=True)
    finally:
        store.dispose()
    out = {}
    for section in ("outlets", "entities", "documents", "claims", "citations", "assertions", "relations"):
        out[section] = [
            (r.content(), getattr(r, "prefix", None), getattr(r, "suffix", None))
            for r in getattr(snap, section)
        ]
    out["texts"] = [[t.text for t in d.texts] for d in snap.documents]
    return out


def round_trip(first: Cli, second: Cli, bundle: Path, tmp_path: Path) -> bytes:
    """import → export A → import A elsewhere → export B; asserts A == B and returns A's bundle.yaml."""
    first("import", bundle)
    first("export", tmp_path / "A")
    second("import", tmp_path / "A")
    second("export", tmp_path / "B")
    a, b = files(tmp_path / "A"), files(tmp_path / "B")
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], f"{name} differs between the two exports"
    assert store_records(first.url) == store_records(second.url)
    yaml_text = a["bundle.yaml"]
    assert yaml_text.endswith(b"\n") and b"\r" not in yaml_text
    return yaml_text


def test_t38_small_bundle_round_trips(cli, second_url: str, tmp_path: Path) -> None:
    second = Cli(second_url, tmp_path)
    second("init")
    text = round_trip(cli, second, write_small(tmp_path / "b"), tmp_path).decode()
    assert text.startswith("format: provenance-bundle/1\n\noutlets:\n  - key: asharq-al-awsat\n")
    assert "    span: [29, 427]\n" in text and '    published: "2019-02"\n' in text
    assert "    locator_start: 136\n" in text  # found after the quote, and written so it round-trips
    assert sorted(files(tmp_path / "A")) == [
        "bundle.yaml",
        "manifest.yaml",
        "texts/ctc-2019-02.txt",
        "texts/tm-hazimite-coup.txt",
    ]


def test_t38_payload_corpus_survives_unchanged(cli, second_url: str, tmp_path: Path) -> None:
    second = Cli(second_url, tmp_path)
    second("init")
    round_trip(cli, second, write_payload(tmp_path / "b"), tmp_path)
    claims = second.json("claim", "list")
    assert sorted(c["statement"] for c in claims) == sorted(PAYLOADS)
    assert sorted(c["note"] for c in claims) == sorted(PAYLOADS)
    assert sorted(c["speaker"] for c in claims) == sorted(PAYLOADS)
    docs = {d["key"]: d for d in second.json("doc", "list")}
    assert docs["payload"]["authors"] == PAYLOADS
    assert sorted(docs[f"d{i}"]["title"] for i in range(len(PAYLOADS))) == sorted(PAYLOADS)
    assert second("doc", "text", "payload").stdout == "".join(
        f"Sentence {i}: {p} ends here.\n" for i, p in enumerate(PAYLOADS)
    )


def test_t38_text_revisions_and_anchor_states_round_trip(cli, second_url: str, tmp_path: Path) -> None:
    folder = write_small(tmp_path / "b")
    (folder / "texts" / "article-r1.txt").write_text(
        "First version: Robin reported the raid.\n", encoding="utf-8"
    )
    (folder / "texts" / "article-r2.txt").write_text("Second version: Robin reported it.\n", encoding="utf-8")
    text = (folder / "bundle.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    text: texts/article.txt\n",
        "    text: texts/article.txt\n    earlier_texts: [texts/article-r1.txt, texts/article-r2.txt]\n",
    ).replace(
        "\ncitations:\n",
        """\
  - key: tm-robin-raid
    document: tm-hazimite-coup
    revision: 1
    anchor: orphaned
    quote: Robin reported the raid
    statement: Robin reported the raid.

citations:
""",
    )
    (folder / "bundle.yaml").write_text(text, encoding="utf-8")
    second = Cli(second_url, tmp_path)
    second("init")
    exported = round_trip(cli, second, folder, tmp_path).decode()
    assert "    earlier_texts: [texts/tm-hazimite-coup.r1.txt, texts/tm-hazimite-coup.r2.txt]\n" in exported
    assert (
        "    quote: Robin reported the raid\n    start: 15\n    revision: 1\n    anchor: orphaned\n"
        in exported
    )
    claim = next(c for c in second.json("claim", "list") if c["key"] == "tm-robin-raid")
    assert (claim["revision"], claim["anchor"], claim["start"], claim["end"]) == (1, "orphaned", 15, 38)
    doc = next(d for d in second.json("doc", "list") if d["key"] == "tm-hazimite-coup")
    assert doc["revision"] == 3


def test_t38_a_store_revised_with_doc_revise_round_trips(cli, second_url: str, tmp_path: Path) -> None:
    """Moved, unchanged and orphaned claims, a citation marker left in the old text, and part spans."""
    cli("import", write_small(tmp_path / "b"))
    revised = "A new paragraph before everything.\n\n" + ARTICLE_TEXT.replace(
        "was an IED attack on a convoy (Asharq", "was a firefight with bodyguards (Asharq"
    ).replace("Several hundred fighters", "Dozens of fighters")
    (tmp_path / "r2.txt").write_text(revised, encoding="utf-8")
    (tmp_path / "issue2.txt").write_text("Front matter.\n" + ISSUE_TEXT, encoding="utf-8")
    outcomes = json.loads(cli("doc", "revise", "tm-hazimite-coup", tmp_path / "r2.txt", "--json").stdout)
    states = {o["key"]: o["outcome"] for o in outcomes["claims"]}
    assert states == {
        "tm-binali-2015": "moved",
        "tm-coup-ied": "orphaned",
        "tm-fighters-several-hundred": "orphaned",
    }
    cli("doc", "revise", "ctc-2019-02", tmp_path / "issue2.txt")

    second = Cli(second_url, tmp_path)
    second("init")
    cli("export", tmp_path / "A")
    second("import", tmp_path / "A")
    second("export", tmp_path / "B")
    assert files(tmp_path / "A") == files(tmp_path / "B")
    assert store_records(cli.url) == store_records(second.url)
    exported = files(tmp_path / "A")["bundle.yaml"].decode()
    assert "    earlier_texts: [texts/tm-hazimite-coup.r1.txt]\n" in exported
    assert "    span: [43, 441]\n" in exported  # the part followed its text
    # The orphaned claim stays on revision 1, and so does its citation's marker.
    assert (
        "  - key: tm-coup-ied\n    document: tm-hazimite-coup\n    quote: an IED attack on a convoy\n"
        "    start: 182\n    revision: 1\n    anchor: orphaned\n" in exported
    )
    assert '    locator: "(Asharq al-Awsat, February 8)"\n    locator_start: 208\n' in exported
    assert files(tmp_path / "A")["texts/tm-hazimite-coup.r1.txt"].decode() == ARTICLE_TEXT


def test_t39_cross_engine_export_is_identical(sqlite_cli, postgres_url: str, tmp_path: Path) -> None:
    pg = Cli(postgres_url, tmp_path)
    pg("init")
    for name, writer in (("small", write_small), ("payload", write_payload)):
        sqlite_cli("import", writer(tmp_path / name))
    sqlite_cli("export", tmp_path / "from-sqlite")
    pg("import", tmp_path / "from-sqlite")
    pg("export", tmp_path / "from-postgres")
    assert files(tmp_path / "from-sqlite") == files(tmp_path / "from-postgres")
    assert store_records(sqlite_cli.url) == store_records(pg.url)


@pytest.mark.skipif(not SEED_BUNDLE.exists(), reason="seeds/bundle.yaml is not written yet")
def test_seed_bundle_imports_and_round_trips(cli, second_url: str, tmp_path: Path) -> None:
    summary = json.loads(cli("import", SEED_BUNDLE.parent, "--json").stdout)
    assert summary["added"]["claims"] > 0
    second = Cli(second_url, tmp_path)
    second("init")
    cli("export", tmp_path / "A")
    second("import", tmp_path / "A")
    second("export", tmp_path / "B")
    assert files(tmp_path / "A") == files(tmp_path / "B")
    assert store_records(cli.url) == store_records(second.url)


@pytest.mark.skipif(not SEED_BUNDLE.exists(), reason="seeds/bundle.yaml is not written yet")
def test_t39_seed_bundle_across_engines(sqlite_cli, postgres_url: str, tmp_path: Path) -> None:
    pg = Cli(postgres_url, tmp_path)
    pg("init")
    sqlite_cli("import", SEED_BUNDLE.parent)
    sqlite_cli("export", tmp_path / "from-sqlite")
    pg("import", tmp_path / "from-sqlite")
    pg("export", tmp_path / "from-postgres")
    assert files(tmp_path / "from-sqlite") == files(tmp_path / "from-postgres")


# --- the export folder -----------------------------------------------------------------------


def test_export_of_an_empty_store(sqlite_cli, tmp_path: Path) -> None:
    from provenance.bundle import manifest

    sqlite_cli("export", tmp_path / "out")
    bundle = (
        b"format: provenance-bundle/1\n\noutlets: []\n\nentities: []\n\ndocuments: []\n\nclaims: []\n\n"
        b"citations: []\n\nassertions: []\n\nrelations: []\n"
    )
    empty = dict.fromkeys(("outlets", "entities", "documents", "claims", "citations", "assertions"), 0)
    assert files(tmp_path / "out") == {
        "bundle.yaml": bundle,
        "manifest.yaml": manifest.render({"bundle.yaml": bundle}, {**empty, "relations": 0}),
    }


def test_export_refuses_to_overwrite_what_it_did_not_write(sqlite_cli, tmp_path: Path) -> None:
    sqlite_cli("import", write_small(tmp_path / "b"))
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    assert "not empty and holds no bundle.yaml" in sqlite_cli("export", out, ok=False).stderr
    (out / "notes.txt").unlink()
    sqlite_cli("export", out)  # an empty folder is fine
    before = files(out)
    assert "holds a previous export; pass --force" in sqlite_cli("export", out, ok=False).stderr
    (out / "texts" / "stale.txt").write_text("from an older export", encoding="utf-8")
    sqlite_cli("export", out, "--force")
    assert files(out) == before  # replaced, stale text gone
    (out / "keep.me").write_text("mine", encoding="utf-8")
    assert (
        "holds files an export does not write (keep.me)"
        in sqlite_cli("export", out, "--force", ok=False).stderr
    )
    assert (out / "keep.me").read_text() == "mine"
    file = tmp_path / "a-file"
    file.write_text("x")
    assert "is a file, not a folder" in sqlite_cli("export", file, ok=False).stderr
    assert not [p for p in tmp_path.iterdir() if ".export-" in p.name or ".old-" in p.name]
