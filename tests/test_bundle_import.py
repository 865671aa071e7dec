"""`provenance import`, driven through the real CLI on SQLite and PostgreSQL.

Validation runs before the first INSERT and reports every problem at once, naming the
file, line and field (T3, T4, T7); importing twice adds nothing; a conflict with the
store writes nothing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import dump_store
from test_bundle_samples import (
    ARTICLE_TEXT,
    SMALL_COUNTS,
    SMALL_YAML,
    line_of,
    write_generated,
    write_small,
)


def counts(cli) -> dict[str, int]:
    return {table: len(rows) for table, rows in dump_store(cli.url).items()}


def failing_import(cli, bundle: Path) -> list[str]:
    """Import that must fail; returns its problem lines (stderr after the heading), store unchanged."""
    before = dump_store(cli.url)
    result = cli("import", bundle, ok=False)
    assert dump_store(cli.url) == before, "a refused import changed the store"
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error: ")
    return lines[1:] if "problem" in lines[0] else lines


def test_small_bundle_imports(cli, tmp_path: Path) -> None:
    bundle = write_small(tmp_path / "b")
    summary = json.loads(cli("import", bundle, "--json").stdout)
    assert summary["added"] == SMALL_COUNTS
    assert summary["bundle"] == str(bundle / "bundle.yaml")
    c = counts(cli)
    assert (c["entity_alias"], c["document_text"], c["claim_entity"], c["event"]) == (7, 2, 5, 1)

    docs = {d["key"]: d for d in cli.json("doc", "list")}
    assert len(docs) == 5
    assert [k for k, d in sorted(docs.items()) if d["held"]] == ["ctc-2019-02", "tm-hazimite-coup"]
    part = docs["ctc-2019-02-bunzel"]
    assert part["part_of"] == docs["ctc-2019-02"]["id"] and part["span"] == [29, 427]
    assert (
        docs["tm-hazimite-coup"]["published"] == "2019-03-08" and docs["asharq-2017"]["published"] == "2017"
    )
    assert docs["tm-hazimite-coup"]["authors"] == ["Jane Doe", "Smith, J."]

    claims = {c["key"]: c for c in cli.json("claim", "list")}
    assert len(claims) == 7
    texts = {key: cli("doc", "text", key).stdout for key in ("ctc-2019-02", "tm-hazimite-coup")}
    assert texts["tm-hazimite-coup"] == ARTICLE_TEXT  # BOM and CRLF gone
    ids = {d["id"]: k for k, d in docs.items()}
    for claim in claims.values():
        text = texts[ids[claim["document"]]]
        assert text[claim["start"] : claim["end"]] == claim["exact"]
        assert claim["anchor"] == "exact" and claim["revision"] == 1
    assert claims["tm-coup-ied"]["start"] == 182  # the second occurrence was not taken
    assert claims["tm-binali-2015"]["exact"].startswith("Turki al-Bin’ali")  # the document's own apostrophe
    assert (claims["tm-binali-2015"]["hedging"], claims["tm-binali-2015"]["verdict"]) == (
        "reportedly",
        "disputed",
    )
    assert claims["ctc-coup-jan-2019"]["speaker"] == "regional intelligence officials"

    events = cli.json("log")
    assert len(events) == 1 and (events[0]["action"], events[0]["noun"]) == ("import", "bundle")
    assert events[0]["after"]["added"]["claims"] == 7


def test_import_twice_adds_nothing(cli, tmp_path: Path) -> None:
    bundle = write_small(tmp_path / "b")
    cli("import", bundle)
    before = dump_store(cli.url)
    again = json.loads(cli("import", bundle / "bundle.yaml", "--json").stdout)
    assert sum(again["added"].values()) == 0 and again["skipped"] == SMALL_COUNTS
    assert dump_store(cli.url) == before  # not even an event: nothing changed


def test_a_larger_bundle_adds_only_what_is_new(cli, tmp_path: Path) -> None:
    cli("import", write_small(tmp_path / "b"))
    more = write_small(tmp_path / "more")
    text = SMALL_YAML.replace(
        "\ncitations:\n",
        """\
  - key: tm-fighters-involved
    document: tm-hazimite-coup
    quote: fighters were involved
    statement: Fighters were involved.

citations:
  - claim: tm-fighters-involved
    kind: according_to
    person: the author
""",
    ).replace(
        "\nrelations:\n",
        """
relations:
  - a: tm-fighters-involved
    kind: repeats
    b: tm-fighters-several-hundred
""",
    )
    (more / "bundle.yaml").write_text(text, encoding="utf-8")
    summary = json.loads(cli("import", more, "--json").stdout)
    assert {k: v for k, v in summary["added"].items() if v} == {"claims": 1, "citations": 1, "relations": 1}
    assert len(cli.json("claim", "list")) == 8


def test_conflicts_are_all_reported_and_nothing_is_written(cli, tmp_path: Path) -> None:
    cli("import", write_small(tmp_path / "b"))
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "bundle.yaml").write_text(
        "format: provenance-bundle/1\nentities:\n"
        "  - {key: extra, name: Extra Body, aliases: [Example Group]}\n"
    )
    cli("import", extra)
    changed = write_small(tmp_path / "changed")
    yaml_file = changed / "bundle.yaml"
    text = (
        SMALL_YAML.replace("title: CTC Sentinel, February 2019", "title: CTC Sentinel, Feb. 2019")
        .replace("    grade: C\n", "    grade: D\n")
        .replace("    verdict: supported\n", "    verdict: refuted\n")
        .replace("    name: Islamic State\n    kind: group\n", "    name: Islamic State\n    kind: place\n")
        .replace(
            "\ndocuments:\n",
            """
  - key: other-body
    name: Other Body
    aliases: [EXAMPLE-group]
documents:
""",
        )
        .replace("  - key: tm-hazimite-coup\n", "  - key: tm-hazimite-coup-2\n")
        .replace("document: tm-hazimite-coup\n", "document: tm-hazimite-coup-2\n")
    )
    yaml_file.write_text(text, encoding="utf-8")
    found = failing_import(cli, changed)
    name = str(yaml_file)
    assert (
        f"{name}:{line_of(yaml_file, 'key: ctc-2019-02')} documents[0] ctc-2019-02: title differs from the "
        "store: store 'CTC Sentinel, February 2019', bundle 'CTC Sentinel, Feb. 2019'" in found
    )
    assert (
        f"{name}:{line_of(yaml_file, 'key: jamestown')} outlets[1] jamestown: grade differs from the store: "
        "store 'C', bundle 'D'" in found
    )
    assert any(
        "claims[0] ctc-binali-may-2017: verdict differs from the store: store 'supported'" in p for p in found
    )
    assert any("entities[2] islamic-state: kind differs from the store" in p for p in found)
    assert any(
        "entities[3] other-body: 'EXAMPLE-group' already names entity 'extra' in the store" in p
        for p in found
    )
    assert any(
        "documents[2] tm-hazimite-coup-2: this text is already held as document 'tm-hazimite-coup'" in p
        for p in found
    )
    assert any(
        "claims[5] tm-coup-ied: document differs from the store: store 'tm-hazimite-coup', "
        "bundle 'tm-hazimite-coup-2'" in p
        for p in found
    )
    assert len(found) == 9, found  # the three claims on the renamed document conflict too


def test_t3_the_1000th_quote_is_missing_and_every_problem_is_reported(cli, tmp_path: Path) -> None:
    folder = write_generated(
        tmp_path / "gen", 1000, bad={999: "text that is not in the report", 500: "gathered at site 50"}
    )
    yaml_file = folder / "bundle.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    text = text.replace("    grade: F\n", "    grade: Z\n").replace(
        "statement: Claim number 7.", "statement: ''"
    )
    yaml_file.write_text(text, encoding="utf-8")
    cli("import", write_small(tmp_path / "first"))  # the store is not empty
    found = failing_import(cli, folder)
    name = str(yaml_file)
    quote_line = line_of(yaml_file, "quote:", after="key: gen-999")
    assert f'{name}:{quote_line} claims[999].quote: not found in document "big"' in "\n".join(found)
    assert any(
        p.startswith(f"{name}:{quote_line} claims[999].quote: not found") and "closest" in p for p in found
    )
    assert any(
        p.startswith(
            f"{name}:{line_of(yaml_file, 'quote:', after='key: gen-500')} claims[500].quote: occurs "
        )
        and "give start" in p
        for p in found
    )
    assert any("outlets[0].grade: grade 'Z' is not on the Admiralty scale" in p for p in found)
    assert any("claims[7].statement: is empty" in p for p in found)
    assert len(found) == 4


def test_t4_duplicate_keys_and_dangling_references_name_both_places(cli, tmp_path: Path) -> None:
    folder = write_small(tmp_path / "b")
    yaml_file = folder / "bundle.yaml"
    text = SMALL_YAML.replace("  - key: tm-fighters-several-hundred\n", "  - key: tm-coup-ied\n")
    text = text.replace("    document: asharq-2017\n", "    document: asharq-1999\n")
    text = text.replace("    b: tm-fighters-several-hundred\n", "    b: tm-no-such-claim\n")
    text = text.replace("    claim: tm-fighters-several-hundred\n", "    claim: tm-coup-ied\n")
    yaml_file.write_text(text, encoding="utf-8")
    found = failing_import(cli, folder)
    name = str(yaml_file)
    first, second = [i + 1 for i, line in enumerate(text.split("\n")) if line == "  - key: tm-coup-ied"]
    assert (
        f'{name}:{second} claims[6].key: duplicate claim key "tm-coup-ied" '
        f"(first at {name}:{first} claims[5])" in found
    )
    doc_line = line_of(yaml_file, "document: asharq-1999")
    assert (
        f'{name}:{doc_line} citations[0].document: unknown document "asharq-1999": '
        "no document in this bundle has that key" in found
    )
    b_line = line_of(yaml_file, "b: tm-no-such-claim")
    assert (
        f'{name}:{b_line} relations[1].b: unknown claim "tm-no-such-claim": '
        "no claim in this bundle has that key" in found
    )


def test_t7_text_paths_must_stay_inside_the_bundle_folder(cli, tmp_path: Path, monkeypatch) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret\n", encoding="utf-8")
    folder = tmp_path / "deep" / "b"
    (folder / "texts").mkdir(parents=True)
    (folder / "texts" / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "texts" / "dirlink").symlink_to(outside, target_is_directory=True)
    paths = [
        "../../etc/passwd",
        "/etc/passwd",
        "texts/link.txt",
        "texts/dirlink/secret.txt",
        "../../outside/secret.txt",
        "texts/../../../outside/secret.txt",
    ]
    docs = "".join(f"  - key: d{i}\n    title: D{i}\n    text: {p}\n" for i, p in enumerate(paths))
    (folder / "bundle.yaml").write_text(f"format: provenance-bundle/1\ndocuments:\n{docs}", encoding="utf-8")

    import provenance.limits as limits

    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(
        limits.os, "open", lambda path, *a, **k: opened.append(str(path)) or real_open(path, *a, **k)
    )
    found = failing_import(cli, folder)
    assert len(found) == len(paths)
    for i, problem in enumerate(found):
        assert problem.startswith(f"{folder / 'bundle.yaml'}:{3 + 3 * i + 2} documents[{i}].text: ")
        assert "text path must stay inside the bundle folder" in problem
    # No text was read (bundle.yaml itself is opened the same way as texts, through provenance.limits).
    assert [path for path in opened if Path(path).name != "bundle.yaml"] == []


def test_a_symlink_that_stays_inside_is_fine(cli, tmp_path: Path) -> None:
    folder = write_small(tmp_path / "b")
    (folder / "texts" / "alias.txt").symlink_to("article.txt")
    text = SMALL_YAML.replace("text: texts/article.txt", "text: texts/alias.txt")
    (folder / "bundle.yaml").write_text(text, encoding="utf-8")
    cli("import", folder)


def test_unreadable_texts_name_the_file(cli, tmp_path: Path) -> None:
    folder = write_small(tmp_path / "b")
    (folder / "texts" / "article.txt").write_bytes(b"caf\xe9 latin-1\n")
    (folder / "texts" / "issue.txt").write_bytes(b"nul \x00 inside\n")
    found = failing_import(cli, folder)
    assert any("documents[2].text: texts/article.txt: not valid UTF-8 at byte 3" in p for p in found)
    assert any(
        "documents[0].text: texts/issue.txt: line 1, column 5: control character U+0000" in p for p in found
    )


def test_missing_bundle_is_a_clear_error(cli, tmp_path: Path) -> None:
    result = cli("import", tmp_path / "nowhere", ok=False)
    assert "no such bundle" in result.stderr


def test_lengths_are_checked_the_same_on_both_engines(cli, tmp_path: Path) -> None:
    # PostgreSQL enforces VARCHAR sizes and SQLite does not: the validator does, for both.
    folder = write_small(tmp_path / "b")
    (folder / "bundle.yaml").write_text(SMALL_YAML.replace("name: CTC Sentinel\n", f"name: {'x' * 301}\n"))
    found = failing_import(cli, folder)
    assert (
        len(found) == 1
        and "bundle.yaml:5 outlets[0].name: is 301 characters long; at most 300 are allowed" in found[0]
    )


def test_a_bundle_over_the_size_cap_is_refused_unless_allowed(sqlite_cli, tmp_path: Path) -> None:
    bundle = write_small(tmp_path / "b")
    with (bundle / "bundle.yaml").open("a", encoding="utf-8") as handle:
        handle.write("# padding\n" * 120_000)  # past 1 MB
    before = dump_store(sqlite_cli.url)
    result = sqlite_cli("import", bundle, "--max-mb", "1", ok=False)  # 1 MB stands in for the default
    assert "is 1.2 MB, over the 1 MB cap on bundle size" in result.stderr
    assert "(--max-mb 2)" in result.stderr
    assert dump_store(sqlite_cli.url) == before
    summary = json.loads(sqlite_cli("import", bundle, "--max-mb", "2", "--json").stdout)
    assert summary["added"] == SMALL_COUNTS
