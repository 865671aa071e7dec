"""Standard exports, each read back by an independent library for its standard: pyld expands the
ClaimReview and Web Annotation JSON-LD against contexts shipped with the tests (no network), the
`prov` package reads the PROV-JSON, and the csv module reads the spreadsheets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Cli, dump_store

jsonld = pytest.importorskip("pyld.jsonld")
prov = pytest.importorskip("prov")

CONTEXTS = Path(__file__).parent / "contexts"
SERVED = {
    "https://schema.org": "schemaorg.jsonld",
    "https://schema.org/": "schemaorg.jsonld",
    "http://schema.org": "schemaorg.jsonld",
    "http://schema.org/": "schemaorg.jsonld",
    "http://www.w3.org/ns/anno.jsonld": "anno.jsonld",
}
SCHEMA = "http://schema.org/"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
FORMATS = {
    "claimreview": "reviews.jsonld",
    "annotations": "annotations.jsonld",
    "prov": "prov.json",
    "csv": "csv",
}


def load_context(url: str, options: object = None) -> dict[str, Any]:
    """A pyld document loader that serves the shipped contexts and nothing else."""
    if url not in SERVED:
        raise RuntimeError(f"the tests have no network: refusing to load {url}")
    document = json.loads((CONTEXTS / SERVED[url]).read_text(encoding="utf-8"))
    return {"contextUrl": None, "documentUrl": url, "document": document}


def expand(data: object) -> list[dict[str, Any]]:
    dropped: list[object] = []
    expanded = jsonld.expand(data, {"documentLoader": load_context}, on_property_dropped=dropped.append)
    assert not dropped, f"terms the standard's context does not define: {dropped}"
    return expanded


def values(node: dict[str, Any], prop: str) -> list[Any]:
    return [v.get("@value", v.get("@id")) if isinstance(v, dict) else v for v in node.get(prop, [])]


def one(node: dict[str, Any], prop: str) -> Any:
    found = values(node, prop)
    assert len(found) == 1, (prop, node)
    return found[0]


@pytest.fixture
def seeded(sqlite_cli: Cli) -> Cli:
    sqlite_cli("import", REPO / "seeds")
    return sqlite_cli


def export(cli: Cli, fmt: str, name: str | None = None) -> Path:
    out = cli.cwd / (name or FORMATS[fmt])
    cli("export", out, "--format", fmt)
    return out


def store_records(cli: Cli) -> dict[str, Any]:
    """The claims, texts and citations, read through the library (not through the exports)."""
    from provenance import Store
    from provenance.documents import current_text
    from provenance.models import Citation, Claim, Document, Outlet

    store = Store(cli.url)
    try:
        with store.read() as session:
            claims = {c.key: c for c in session.query(Claim)}
            claims_by_id = {c.id: c for c in claims.values()}
            documents = {d.id: d for d in session.query(Document)}
            texts = {d.key: current_text(session, d).text for d in documents.values() if d.held}
            keys = {d.id: d.key for d in documents.values()}
            citations = list(session.query(Citation))
            return {
                "cited_documents": [
                    (claims_by_id[c.claim_id].key, c.kind.value, keys[c.target_document_id])
                    for c in citations
                    if c.target_document_id
                ],
                "claims": claims,
                "documents": {d.key: d for d in documents.values()},
                "document_of": {c.key: documents[c.document_id].key for c in claims.values()},
                "texts": texts,
                "citations": citations,
                "outlets": list(session.query(Outlet)),
            }
    finally:
        store.dispose()


def test_the_loader_serves_only_the_shipped_contexts() -> None:
    with pytest.raises(RuntimeError, match="no network"):
        load_context("https://schema.org/docs/jsonldcontext.json")
    with pytest.raises(Exception, match="loading remote context failed"):
        jsonld.expand(
            {"@context": "https://example.org/context.jsonld", "a": 1}, {"documentLoader": load_context}
        )


def test_claimreview_expands_as_schema_org(seeded: Cli, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Nobody has reviewed this sentence yet.\n", encoding="utf-8")
    seeded("doc", "add", note, "--title", "Unreviewed note", "--key", "unreviewed-note")
    seeded(
        "claim", "add", "unreviewed-note", "--quote", "Nobody has reviewed", "--statement", "s", "--key", "u1"
    )
    data = json.loads(export(seeded, "claimreview").read_text(encoding="utf-8"))
    records = store_records(seeded)
    reviewed = {k: c for k, c in records["claims"].items() if c.verdict.value != "unreviewed"}
    reviews = [n for n in expand(data) if SCHEMA + "ClaimReview" in n.get("@type", [])]
    assert len(reviews) == len(reviewed) == 132
    ratings = {"refuted": 1, "disputed": 2, "unverifiable": 3, "supported": 5}
    for review in reviews:
        item = review[SCHEMA + "itemReviewed"][0]
        key = item["@id"].rsplit(":", 1)[1]
        claim = reviewed[key]
        assert SCHEMA + "Claim" in item["@type"]
        assert one(review, SCHEMA + "claimReviewed") == claim.statement
        assert one(item, SCHEMA + "text") == claim.exact
        rating = review[SCHEMA + "reviewRating"][0]
        assert SCHEMA + "Rating" in rating["@type"]
        assert one(rating, SCHEMA + "alternateName") == claim.verdict.value
        assert one(rating, SCHEMA + "ratingValue") == ratings[claim.verdict.value]
        assert (one(rating, SCHEMA + "worstRating"), one(rating, SCHEMA + "bestRating")) == (1, 5)
        by = review[SCHEMA + "author"][0]
        assert SCHEMA + "Organization" in by["@type"] and one(by, SCHEMA + "name") == "provenance"
        appearance = item[SCHEMA + "appearance"][0]
        document = records["documents"][records["document_of"][key]]
        assert SCHEMA + "CreativeWork" in appearance["@type"]
        assert one(appearance, SCHEMA + "headline") == document.title
        assert item[SCHEMA + "author"], "every claim has an author: its speaker or the document's"
    guardian = next(r for r in reviews if r["@id"].endswith(":gr-chulov-coup-survived"))
    appearance = guardian[SCHEMA + "itemReviewed"][0][SCHEMA + "appearance"][0]
    assert one(appearance[SCHEMA + "publisher"][0], SCHEMA + "name").startswith("Global Research")
    assert one(appearance, SCHEMA + "datePublished") == "2019-02-09"
    speaker = guardian[SCHEMA + "itemReviewed"][0][SCHEMA + "author"][0]
    assert one(speaker, SCHEMA + "name") == records["claims"]["gr-chulov-coup-survived"].speaker
    own = [
        r[SCHEMA + "itemReviewed"][0][SCHEMA + "author"][0]
        for r in reviews
        if records["document_of"][r["@id"].rsplit(":", 1)[1]] == "gr-baghdadi-coup"
        and records["claims"][r["@id"].rsplit(":", 1)[1]].speaker == "author"
    ]
    assert own and all(one(a, SCHEMA + "name") == "Nauman Sadiq" for a in own)  # the document's author


def test_annotation_selectors_resolve_to_each_claims_quote(seeded: Cli) -> None:
    data = json.loads(export(seeded, "annotations").read_text(encoding="utf-8"))
    records = store_records(seeded)
    [collection] = expand(data)
    assert AS + "OrderedCollection" in collection["@type"]
    assert one(collection, AS + "totalItems") == len(records["claims"]) == 132
    page = collection[AS + "first"][0]
    assert AS + "OrderedCollectionPage" in page["@type"]
    items = page[AS + "items"][0]["@list"]
    assert len(items) == len(records["claims"])
    for annotation in items:
        assert OA + "Annotation" in annotation["@type"]
        assert one(annotation, OA + "motivatedBy") in (OA + "assessing", OA + "commenting")
        key = annotation["@id"].rsplit(":", 1)[1]
        claim = records["claims"][key]
        body = annotation[OA + "hasBody"][0]
        assert OA + "TextualBody" in body["@type"] and one(body, RDF_VALUE) == claim.statement
        target = annotation[OA + "hasTarget"][0]
        source = one(target, OA + "hasSource")
        assert source == f"urn:provenance:document:{records['document_of'][key]}"
        text = records["texts"][records["document_of"][key]]
        selectors = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
        quote = selectors[OA + "TextQuoteSelector"]
        position = selectors[OA + "TextPositionSelector"]
        exact, prefix, suffix = (one(quote, OA + p) for p in ("exact", "prefix", "suffix"))
        start, end = int(one(position, OA + "start")), int(one(position, OA + "end"))
        assert text[start:end] == exact == claim.exact
        assert text[:start].endswith(prefix) and text[end:].startswith(suffix)
        assert len(prefix) == min(32, start) and len(suffix) == min(32, len(text) - end)


def _person_key(name: str) -> str:
    from provenance.chains import person_key

    return person_key(name)


def test_prov_json_reads_back_with_the_prov_package(seeded: Cli) -> None:
    document = prov.read(str(export(seeded, "prov")), format="json")
    records = store_records(seeded)
    from prov.model import PROV_TYPE, ProvAgent, ProvAttribution, ProvDerivation, ProvEntity

    by_type: dict[type, list[Any]] = {}
    for record in document.get_records():
        by_type.setdefault(type(record), []).append(record)
    persons = {_person_key(c.target_person) for c in records["citations"] if c.target_person}
    cited_entities = {c.target_entity_id for c in records["citations"] if c.target_entity_id}
    authors = {a for d in records["documents"].values() for a in d.authors}
    expected_entities = (
        len(records["documents"]) + len(records["claims"]) + len(persons) + len(cited_entities)
    )
    expected_agents = len(records["outlets"]) + len(authors) + len(persons) + len(cited_entities)
    assert len(by_type[ProvEntity]) == expected_entities
    assert len(by_type[ProvAgent]) == expected_agents

    def kind(record: Any) -> str | None:
        found = [str(v) for v in record.get_attribute(PROV_TYPE)]
        return found[0] if found else None

    def ends(record: Any) -> tuple[str, str]:
        args = record.formal_attributes
        return str(args[0][1]), str(args[1][1])

    derivations = by_type[ProvDerivation]
    quoted = {ends(r) for r in derivations if kind(r) == "prov:Quotation"}
    for key, document_key in records["document_of"].items():
        assert (f"claim:{key}", f"document:{document_key}") in quoted, key
    primary = {ends(r) for r in derivations if kind(r) == "prov:PrimarySource"}
    assert {claim for claim, _ in primary} == {f"claim:{k}" for k in records["claims"]}
    assert ("claim:tm-coup-reports", "document:asharq-al-awsat-2019-02-08") in primary
    firefight = {used for claim, used in primary if claim == "claim:gr-firefight-bodyguards"}
    assert any(used.startswith("testimony:regional-intelligence-officials") for used in firefight)
    cited = {ends(r) for r in derivations if kind(r) is None}
    quoting = {ends(r) for r in derivations if kind(r) == "prov:Quotation"}
    for claim, citation_kind, target in records["cited_documents"]:
        assert (f"claim:{claim}", f"document:{target}") in (quoting if citation_kind == "quotes" else cited)
    attributed = {ends(r) for r in by_type[ProvAttribution]}
    assert ("document:gr-baghdadi-coup", "outlet:global-research") in attributed
    assert any(
        a == "document:gr-baghdadi-coup" and b.startswith("author:nauman-sadiq") for a, b in attributed
    )


def test_csv_is_plain_utf8_rfc4180_and_defuses_formulas(seeded: Cli, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text('He said "=1+1" twice,\nthen left.\n', encoding="utf-8")
    seeded("doc", "add", hostile, "--title", '=HYPERLINK("http://x")', "--key", "hostile")
    seeded(
        "claim",
        "add",
        "hostile",
        "--quote",
        'He said "=1+1" twice,\nthen left.',
        "--statement",
        '=HYPERLINK("http://evil","click")',
        "--speaker",
        "@attacker",
        "--key",
        "hostile-claim",
    )
    out = export(seeded, "csv")
    records = store_records(seeded)
    claims_bytes = (out / "claims.csv").read_bytes()
    assert not claims_bytes.startswith(b"\xef\xbb\xbf")
    assert claims_bytes.split(b"\r\n")[0].decode() == (
        "key,document,document_title,outlet,published,start,end,quote,statement,speaker,hedging,"
        "verdict,credibility,anchor,entities"
    )
    rows = list(csv.DictReader(io.StringIO(claims_bytes.decode("utf-8"), newline="")))
    assert len(rows) == len(records["claims"]) == 133
    row = next(r for r in rows if r["key"] == "hostile-claim")
    assert row["statement"] == '\'=HYPERLINK("http://evil","click")'
    assert row["speaker"] == "'@attacker"
    assert row["document_title"] == '\'=HYPERLINK("http://x")'
    assert row["quote"] == 'He said "=1+1" twice,\nthen left.'  # quotes and a line break survive
    seed = next(r for r in rows if r["key"] == "tm-coup-reports")
    claim = records["claims"]["tm-coup-reports"]
    assert (int(seed["start"]), int(seed["end"]), seed["quote"]) == (claim.start, claim.end, claim.exact)
    citations = list(
        csv.DictReader(io.StringIO((out / "citations.csv").read_text(encoding="utf-8"), newline=""))
    )
    assert len(citations) == len(records["citations"])
    asharq = [c for c in citations if c["claim"] == "tm-coup-reports"]
    assert (
        asharq
        and asharq[0]["locator"] == "(Asharq al-Awsat, February 8)"
        and asharq[0]["locator_start"] == "739"
    )


def test_exports_are_read_only_and_canonical(cli: Cli) -> None:
    cli("import", REPO / "seeds")
    before = dump_store(cli.url)
    for fmt in FORMATS:
        first, second = export(cli, fmt), export(cli, fmt, f"again-{FORMATS[fmt]}")
        if fmt == "csv":
            for name in ("claims.csv", "citations.csv"):
                assert (first / name).read_bytes() == (second / name).read_bytes()
        else:
            assert first.read_bytes() == second.read_bytes()
    assert dump_store(cli.url) == before


def test_exports_are_identical_on_sqlite_and_postgresql(
    seeded: Cli, postgres_url: str, tmp_path: Path
) -> None:
    other = Cli(postgres_url, tmp_path / "pg")
    other.cwd.mkdir()
    other("init")
    other("import", REPO / "seeds")
    for fmt, name in FORMATS.items():
        a, b = export(seeded, fmt), export(other, fmt)
        if fmt == "csv":
            assert [(a / n).read_bytes() for n in ("claims.csv", "citations.csv")] == [
                (b / n).read_bytes() for n in ("claims.csv", "citations.csv")
            ]
        else:
            assert a.read_bytes() == b.read_bytes(), name


def test_export_refuses_to_overwrite_without_force_and_unknown_formats(seeded: Cli) -> None:
    out = export(seeded, "prov")
    failed = seeded("export", out, "--format", "prov", ok=False)
    assert "--force" in failed.stderr
    seeded("export", out, "--format", "prov", "--force")
    bad = seeded("export", seeded.cwd / "x.json", "--format", "rdf", ok=False)
    assert bad.exit_code == 2 and "claimreview" in bad.stderr
    (seeded.cwd / "busy").mkdir()
    (seeded.cwd / "busy" / "keep.txt").write_text("mine", encoding="utf-8")
    refused = seeded("export", seeded.cwd / "busy", "--format", "csv", "--force", ok=False)
    assert "keep.txt" in refused.stderr and (seeded.cwd / "busy" / "keep.txt").exists()
    assert (
        json.loads(seeded("export", out, "--format", "prov", "--force", "--json").stdout)["format"] == "prov"
    )
