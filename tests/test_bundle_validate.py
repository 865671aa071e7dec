"""The bundle validator's rules, one by one: each problem names file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_bundle_samples import SMALL_YAML, line_of, write_small

from provenance.bundle import load_bundle
from provenance.errors import BundleErrors


def problems_for(tmp_path: Path, text: str) -> list[str]:
    folder = write_small(tmp_path / "b")
    (folder / "bundle.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BundleErrors) as caught:
        load_bundle(folder)
    name = str(folder / "bundle.yaml")
    assert all(p.startswith(f"{name}:") for p in caught.value.problems)
    return [p[len(name) + 1 :] for p in caught.value.problems]  # "LINE path: message"


def only(found: list[str]) -> str:
    assert len(found) == 1, found
    return found[0]


def test_top_level_and_record_shapes(tmp_path: Path) -> None:
    found = problems_for(
        tmp_path, "format: provenance-bundle/2\noutlets: {a: 1}\nclaims:\n  - just text\nextra: 1\n"
    )
    assert found == [
        "1 format: is 'provenance-bundle/2'; this provenance reads provenance-bundle/1",
        "2 outlets: outlets must be a list (each item starting with '- ')",
        "4 claims[0]: each of claims must be a mapping of fields (key: value)",
        "5 extra: unknown top-level key 'extra'; a bundle has: format, outlets, entities, documents, claims, "
        "citations, assertions, relations",
    ]
    assert (
        only(problems_for(tmp_path, "outlets: []\n"))
        == "1 format: missing; this provenance reads provenance-bundle/1"
    )


def test_fields_keys_and_enumerations(tmp_path: Path) -> None:
    text = SMALL_YAML.replace("  - key: jamestown\n", "  - key: Jamestown Foundation\n    colour: red\n")
    text = text.replace("    kind: group\n", "    kind: army\n").replace(
        "verdict: unverifiable", "verdict: maybe"
    )
    found = problems_for(tmp_path, text)
    assert any("outlets[1].key: key 'Jamestown Foundation' must be lowercase ASCII" in p for p in found)
    assert any(
        "outlets[1].colour: unknown field 'colour'; outlets have: key, name, grade, reason" in p
        for p in found
    )
    assert any("entities[2].kind: entity kind 'army' is not one of" in p for p in found)
    assert any("claims[3].verdict: verdict 'maybe' is not one of" in p for p in found)
    # the bad outlet key also leaves documents pointing at an unknown outlet
    assert any('documents[2].outlet: unknown outlet "jamestown"' in p for p in found)


def test_dates_are_checked(tmp_path: Path) -> None:
    # A date in words is read as `doc add --published` reads it ("March 2017" -> 2017-03, what an
    # export writes); one that names no single day, month or year is refused.
    text = SMALL_YAML.replace("published: 2019-03-08", "published: 2019-02-30").replace(
        "published: 2017", "published: Spring 2017"
    )
    found = problems_for(tmp_path, text)
    assert any("documents[2].published: published '2019-02-30' is not a real date" in p for p in found)
    refused = "documents[4].published: published 'Spring 2017' is a season, not one day, month or year"
    assert any(refused in p for p in found)
    folder = write_small(tmp_path / "words")
    in_words = SMALL_YAML.replace("published: 2017", "published: March 2017")
    (folder / "bundle.yaml").write_text(in_words, encoding="utf-8")
    assert "2017-03" in [d.published for d in load_bundle(folder).documents]


def test_entity_names_and_aliases_may_not_collide_across_entities(tmp_path: Path) -> None:
    text = SMALL_YAML.replace("aliases: [IS, ISIS, Daesh]", "aliases: [IS, ISIS, Daesh, Al-Baghdadi]")
    found = only(problems_for(tmp_path, text))
    b = tmp_path / "b" / "bundle.yaml"
    assert found == (
        f"{line_of(b, 'Daesh, Al-Baghdadi')} entities[2].aliases[3]: 'Al-Baghdadi' also names entity "
        f'"abu-bakr-al-baghdadi" ({b}:{line_of(b, "key: abu-bakr-al-baghdadi")} entities[0].aliases[0]): '
        "names and aliases that fold to the same 'baghdadi' must belong to one entity"
    )
    text = SMALL_YAML.replace("aliases: [IS, ISIS, Daesh]", "aliases: [IS, ISIS, IS]")
    assert "entities[2].aliases[2]: alias 'IS' is listed twice" in only(problems_for(tmp_path, text))


def test_outlet_names_and_texts_are_unique(tmp_path: Path) -> None:
    text = SMALL_YAML.replace("name: The Jamestown Foundation", "name: CTC Sentinel").replace(
        "text: texts/issue.txt", "text: texts/article.txt"
    )
    found = problems_for(tmp_path, text)
    assert any("outlets[1].name: outlet name 'CTC Sentinel' is also used at" in p for p in found)
    assert any('documents[2].text: the same text as document "ctc-2019-02"' in p for p in found)


def test_parts(tmp_path: Path) -> None:
    found = problems_for(tmp_path, SMALL_YAML.replace("span: [29, 427]", "span: [29, 99999]"))
    assert 'documents[1].span: span 29..99999 is outside the text of "ctc-2019-02" (0..' in only(found)
    found = problems_for(tmp_path, SMALL_YAML.replace("span: [29, 427]", "span: [427, 29]"))
    assert "documents[1].span: must be [start, end]" in only(found)
    found = problems_for(tmp_path, SMALL_YAML.replace("part_of: ctc-2019-02", "part_of: asharq-2017"))
    assert 'documents[1].part_of: document "asharq-2017"' in only(found) and "is unheld" in only(found)
    found = problems_for(tmp_path, SMALL_YAML.replace("    span: [29, 427]\n", ""))
    assert "documents[1].part_of: a part needs both part_of (the container) and span" in only(found)


def test_claims_quote_held_documents_and_not_their_parts(tmp_path: Path) -> None:
    text = SMALL_YAML.replace(
        "  - key: ctc-coup-jan-2019\n    document: ctc-2019-02\n",
        "  - key: ctc-coup-jan-2019\n    document: ctc-2019-02-bunzel\n",
    ).replace(
        "  - key: ctc-fighters-80\n    document: ctc-2019-02\n",
        "  - key: ctc-fighters-80\n    document: asharq-2017\n",
    )
    found = problems_for(tmp_path, text)
    assert len(found) == 2
    assert 'claims[1].document: document "ctc-2019-02-bunzel"' in found[0]
    assert 'is a part of "ctc-2019-02": a claim names the container "ctc-2019-02"' in found[0]
    assert 'claims[2].document: document "asharq-2017"' in found[1] and "is unheld (no text)" in found[1]


def test_quotes_are_found_exactly_once_or_at_start(tmp_path: Path) -> None:
    b = tmp_path / "b" / "bundle.yaml"
    text = SMALL_YAML.replace("    start: 456\n", "")
    found = only(problems_for(tmp_path, text))
    line = line_of(b, 'quote: "The Hazimite faction was blamed"')
    assert found == (
        f"{line} claims[3].quote: occurs 2 times in "
        'document "ctc-2019-02" (offsets 456, 519); give start (one of those offsets) or a longer quote'
    )
    found = only(problems_for(tmp_path, SMALL_YAML.replace("start: 456", "start: 460")))
    assert found.endswith(
        'claims[3].start: in document "ctc-2019-02": quote is not at offset 460 '
        "(it occurs at offsets 456, 519)"
    )
    found = only(
        problems_for(tmp_path, SMALL_YAML.replace("Several hundred fighters", "Several thousand fighters"))
    )
    assert (
        'claims[6].quote: not found in document "tm-hazimite-coup" (closest: "Several hundred fighters'
        in found
    )
    found = only(problems_for(tmp_path, SMALL_YAML.replace("start: 456", "start: -4")))
    assert "claims[3].start: must be a whole number of code points (0 or more), not '-4'" in found


def test_citations(tmp_path: Path) -> None:
    text = (
        SMALL_YAML.replace("locator_start: 208", "locator_start: 12")
        .replace(
            "    person: regional intelligence officials\n",
            "    person: regional intelligence officials\n    entity: islamic-state\n",
        )
        .replace("    document: asharq-2017\n    locator", "    document: ctc-2019-02\n    locator")
    )
    found = problems_for(tmp_path, text)
    assert len(found) == 3, found
    assert (
        'citations[0].document: claim "ctc-binali-may-2017" quotes document "ctc-2019-02": '
        "a claim cannot cite its own document" in found[0]
    )
    assert "citations[1].person: a citation needs exactly one target: document, entity or person" in found[1]
    assert (
        "citations[2].locator_start: locator '(Asharq al-Awsat, February 8)' is not at offset 12 of the "
        'document text ("tm-hazimite-coup")' in found[2]
    )


def test_assertions(tmp_path: Path) -> None:
    text = (
        SMALL_YAML.replace("value: May 2017", "value: the week after")
        .replace("value: several hundred", "value: a great many")
        .replace("value: islamic-state", "value: no-such-entity")
    )
    text = text.replace(
        'property: death_date\n    type: date\n    value: "2015"',
        'property: Death Date!\n    type: moment\n    value: "2015"',
    )
    found = problems_for(tmp_path, text)
    assert len(found) == 5, found
    assert "assertions[0].property: property 'Death Date!' must be a snake_case name" in found[0]
    assert "assertions[0].type: value type 'moment' is not one of" in found[1]
    assert "assertions[1].value: cannot read 'the week after' as a date" in found[2]
    assert "assertions[3].value: cannot read 'a great many' as a quantity" in found[3]
    assert 'assertions[4].value: unknown entity "no-such-entity"' in found[4]


def test_relations(tmp_path: Path) -> None:
    text = (
        SMALL_YAML
        + """\
  - a: ctc-binali-may-2017
    kind: contradicts
    b: tm-binali-2015
  - a: tm-coup-ied
    kind: repeats
    b: tm-coup-ied
  - a: tm-coup-ied
    kind: resembles
    b: ctc-coup-jan-2019
    status: pending
"""
    )
    found = problems_for(tmp_path, text)
    assert len(found) == 4, found
    assert "relations[2]: ctc-binali-may-2017 contradicts tm-binali-2015 is already related at" in found[0]
    assert "relations[3].b: a claim cannot be related to itself" in found[1]
    assert "relations[4].kind: relation 'resembles' is not one of" in found[2]
    assert "relations[4].status: status 'pending' is not one of" in found[3]


def test_control_characters_in_fields_are_refused(tmp_path: Path) -> None:
    text = SMALL_YAML.replace("name: CTC Sentinel\n", 'name: "CTC\\x1bSentinel"\n')
    assert "outlets[0].name: control character U+001B (ESC) at position 3 is not allowed" in only(
        problems_for(tmp_path, text)
    )
