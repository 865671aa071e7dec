"""The bundle's YAML: the safe loader (T5, T6, line numbers, no silent typing) and the
canonical emitter (hostile strings survive a round trip unchanged)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_bundle_samples import PAYLOADS

from provenance.bundle import emit, load_bundle, yamlsafe
from provenance.errors import BundleErrors


def load(text: str) -> yamlsafe.Node:
    return yamlsafe.load(text.encode("utf-8"))


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "bundle.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BundleErrors) as caught:
        load_bundle(tmp_path)
    return caught.value.problems


# --- the loader ------------------------------------------------------------------------------


def test_values_keep_their_lines() -> None:
    root = load("format: x\n\noutlets:\n  - key: a\n    name: A\n")
    outlet = root.value["outlets"].value[0]
    assert (outlet.line, outlet.value["name"].line, root.key_lines["outlets"]) == (4, 5, 3)


def test_dates_and_numbers_are_not_turned_into_other_types() -> None:
    root = load("a: 2019-02-08\nb: 2019\nc: yes\nd: null\ne: '2019'\nf: 2019-02-08T10:00:00\ng: 1_000\n")
    v = root.value
    assert v["a"].value == "2019-02-08"  # a string, not a datetime.date
    assert (v["b"].value, v["b"].raw) == (2019, "2019")
    assert (v["c"].value, v["c"].raw) == (True, "yes")
    assert v["d"].value is None
    assert v["e"].value == "2019" and not v["e"].plain
    assert v["f"].value == "2019-02-08T10:00:00"
    assert (v["g"].value, v["g"].raw) == (1000, "1_000")


def test_string_fields_use_what_was_written(tmp_path: Path) -> None:
    (tmp_path / "bundle.yaml").write_text(
        "format: provenance-bundle/1\noutlets:\n  - {key: o, name: 1984, grade: b, reason: yes}\n"
        "documents:\n  - {key: d, title: null is a title, published: 2019-02-08}\n"
        "  - {key: e, title: no, published: 2019}\n",
        encoding="utf-8",
    )
    bundle = load_bundle(tmp_path)
    assert (bundle.outlets[0].name, bundle.outlets[0].grade, bundle.outlets[0].reason) == ("1984", "B", "yes")
    assert [(d.title, d.published) for d in bundle.documents] == [
        ("null is a title", "2019-02-08"),
        ("no", "2019"),
    ]


def test_duplicate_fields_name_both_lines() -> None:
    with pytest.raises(yamlsafe.YamlProblem) as caught:
        load("a: 1\nb: 2\na: 3\n")
    assert caught.value.line == 3 and "also on line 1" in caught.value.message


def test_one_document_only() -> None:
    with pytest.raises(yamlsafe.YamlProblem, match="one YAML document"):
        load("a: 1\n---\nb: 2\n")


@pytest.mark.parametrize(
    "payload",
    [
        '!!python/object/apply:os.system ["touch {sentinel}"]',
        '!!python/object/new:os.system ["touch {sentinel}"]',
        "!!python/name:os.system",
        "!!python/module:os",
        "!!binary aGVsbG8=",
        "!!set {{a, b}}",
        "!!timestamp 2019-02-08",
        "!<tag:example.com,2000:app/foo> bar",
        "!local thing",
    ],
)
def test_t5_tags_are_rejected_and_nothing_runs(tmp_path: Path, payload: str) -> None:
    sentinel = tmp_path / "SENTINEL"
    text = (
        "format: provenance-bundle/1\noutlets:\n  - key: x\n    name: "
        + payload.format(sentinel=sentinel)
        + "\n"
    )
    found = problems(tmp_path, text)
    assert len(found) == 1 and "invalid bundle YAML" in found[0] and "bundle.yaml:4" in found[0]
    assert "not allowed" in found[0]
    assert not sentinel.exists()


def test_plain_core_tags_are_allowed() -> None:
    # Core tags are fine: they are what plain YAML means anyway.
    root = load("a: !!str 2019\nb: !!int '7'\nc: !!null ''\nd: !!seq [1]\ne: !!map {x: 1}\n")
    assert (root.value["a"].value, root.value["b"].value, root.value["c"].value) == ("2019", 7, None)


def test_t6_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    found = problems(tmp_path, "\n".join(lines) + "\n")
    assert found == [
        f"{tmp_path / 'bundle.yaml'}:1: invalid bundle YAML: anchors/aliases are not allowed in bundles"
    ]


def test_a_single_anchor_or_alias_is_refused() -> None:
    with pytest.raises(yamlsafe.YamlProblem, match="anchors/aliases"):
        load("a: &x 1\n")
    with pytest.raises(yamlsafe.YamlProblem, match="anchors/aliases"):
        load("a: [1]\nb: *x\n")


def test_size_and_node_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlsafe, "MAX_NODES", 50)
    with pytest.raises(yamlsafe.TooLarge, match="more than 50 YAML nodes") as caught:
        load("a: [" + ", ".join(["1"] * 100) + "]\n")
    assert caught.value.cap == "nodes"
    load("a: [" + ", ".join(["1"] * 40) + "]\n")  # 43 nodes: the map, its key, the list, 40 items
    monkeypatch.setattr(yamlsafe, "MAX_BYTES", 10)
    with pytest.raises(yamlsafe.TooLarge, match="over the cap of 10") as caught:
        load("a: 12345678901234567890\n")
    assert caught.value.cap == "bytes"


def test_the_default_caps_admit_the_largest_benchmark_tier() -> None:
    # 100k generated documents: ~120 MB and ~8M nodes (15 bytes a node); twice that must fit.
    assert yamlsafe.MAX_BYTES >= 240_000_000
    assert yamlsafe.MAX_NODES >= 16_000_000
    assert yamlsafe.node_cap(yamlsafe.MAX_BYTES) == yamlsafe.MAX_NODES


def test_an_oversized_bundle_names_its_cap_and_the_way_past_it(tmp_path: Path) -> None:
    text = "format: provenance-bundle/1\n" + "# padding\n" * 150_000  # 1.5 MB of comment
    (tmp_path / "bundle.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(BundleErrors) as caught:
        load_bundle(tmp_path, max_mb=1)
    [message] = caught.value.problems
    assert "is 1.5 MB, over the 1 MB cap on bundle size" in message
    assert "(max_mb 2)" in message and "--" not in message  # the library names fields; the CLI, flags
    assert load_bundle(tmp_path, max_mb=2).counts() == dict.fromkeys(load_bundle(tmp_path).counts(), 0)


def test_the_node_cap_grows_with_the_size_cap(tmp_path: Path) -> None:
    # 0.3 MB of `[0,0,0,…`: within a 1 MB size cap, but 150k nodes against its 100k node cap.
    (tmp_path / "bundle.yaml").write_text("x: [" + "0," * 150_000 + "]\n", encoding="utf-8")
    with pytest.raises(BundleErrors) as caught:
        load_bundle(tmp_path, max_mb=1)
    [message] = caught.value.problems
    assert "more than 100,000 YAML nodes at line 1, over the node cap" in message
    assert "(max_mb 2)" in message and "--" not in message  # the library names fields; the CLI, flags
    with pytest.raises(BundleErrors) as caught:  # past the caps: now it is only not a bundle
        load_bundle(tmp_path, max_mb=2)
    assert not any("over the" in p for p in caught.value.problems)
    assert any("unknown top-level key 'x'" in p for p in caught.value.problems)


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(yamlsafe.YamlProblem, match="nested more than"):
        load("a: " + "[" * 100 + "]" * 100 + "\n")


def test_syntax_errors_name_the_line(tmp_path: Path) -> None:
    found = problems(tmp_path, "format: provenance-bundle/1\noutlets:\n  - key: [unclosed\n")
    assert len(found) == 1 and "invalid bundle YAML" in found[0]
    assert found[0].startswith(f"{tmp_path / 'bundle.yaml'}:")


def test_invalid_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bundle.yaml").write_bytes(b"format: provenance-bundle/1\ntitle: caf\xe9\n")
    with pytest.raises(BundleErrors, match="not valid UTF-8"):
        load_bundle(tmp_path / "bundle.yaml")


# --- the emitter -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    PAYLOADS
    + [
        "yes",
        "No",
        "~",
        "",
        " lead",
        "trail ",
        "0x1F",
        "1.5",
        "2019-02-08",
        "@at",
        "%p",
        "`t",
        "|p",
        ">g",
        "?",
        "-",
        "---",
        "...",
        "<<",
        "=",
        "a,b",
        "[x]",
        "{x}",
        "a: b",
        "a #b",
        "y",
        "\ufeffbom",
        "\x85",
    ],
)
def test_emitted_strings_read_back_unchanged(value: str) -> None:
    text = f"a: {emit.scalar(value)}\nb: [{emit.scalar(value, flow=True)}, x]\n"
    assert "\n" not in emit.scalar(value)
    root = load(text)
    assert root.value["a"].value == value and root.value["b"].value[0].value == value
    assert yaml.safe_load(text) == {"a": value, "b": [value, "x"]}


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_survives_the_emitter(value: str) -> None:
    root = load(f"a: {emit.scalar(value)}\nb: [{emit.scalar(value, flow=True)}]\n")
    assert root.value["a"].value == value and root.value["b"].value[0].value == value


def test_invisible_characters_are_written_as_escapes() -> None:
    assert emit.scalar("a\u202eb\u200bc\u2028d") == '"a\\u202eb\\u200bc\\u2028d"'
    assert emit.scalar("مرحبا 🙂") == '"مرحبا 🙂"'  # printable text stays readable
    assert emit.scalar("plain words, here") == "plain words, here"
    assert emit.scalar("plain words, here", flow=True) == '"plain words, here"'
    assert emit.scalar(emit.Quoted("2019")) == '"2019"'
    assert (emit.scalar(None), emit.scalar(True), emit.scalar(42)) == ("null", "true", "42")
