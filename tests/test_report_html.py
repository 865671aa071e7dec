"""The report's HTML building blocks, without a store: highlighting, URLs, paths, templates."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pytest

from provenance.report import html, paths
from provenance.report.html import Anchor, Span, render_highlighted, safe_href
from provenance.resources import resource_dir

PACKAGE = Path(html.__file__).resolve().parent
TEMPLATES = resource_dir("templates")


def _parse_fragment(markup: str):  # type: ignore[no-untyped-def]
    return html5lib.parseFragment(
        f'<div id="t">{markup}</div>', treebuilder="etree", namespaceHTMLElements=False
    )[0]


def _claim_text(root, claim_id: int) -> str:  # type: ignore[no-untyped-def]
    return "".join(
        "".join(m.itertext()) for m in root.iter("mark") if str(claim_id) in m.get("data-claims", "").split()
    )


def _spans(text: str, quotes: dict[int, tuple[int, int]]) -> list[Span]:
    return [Span(start, end, "claim", cid, f"claims/{cid}.html") for cid, (start, end) in quotes.items()]


@pytest.mark.parametrize(
    "text, quotes",
    [
        ("abcdefghij", {1: (0, 3)}),  # at offset 0
        ("abcdefghij", {1: (7, 10)}),  # at the end
        ("abcdefghij", {1: (0, 10)}),  # the whole text
        ("abcdefghij", {1: (1, 8), 2: (3, 5)}),  # nested
        ("abcdefghij", {1: (1, 6), 2: (4, 9)}),  # overlapping
        ("abcdefghij", {1: (1, 4), 2: (4, 7)}),  # adjacent
        ("abcdefghij", {1: (2, 6), 2: (2, 6)}),  # identical
        ("abcdefghij", {1: (0, 10), 2: (0, 5), 3: (5, 10), 4: (4, 6)}),  # everything at once
        ("a<b>&\"c'd</mark>e", {1: (1, 4), 2: (5, 9), 3: (9, 16)}),  # markup characters
        ("x 🙂 y 👍🏽 z", {1: (4, 5), 2: (6, 10)}),  # astral characters before and inside (T16)
        ("line one\nline two\n", {1: (5, 13)}),  # across a line break
    ],
)
def test_highlighted_text_equals_document_and_each_mark_its_quote(text: str, quotes: dict) -> None:
    markup = str(render_highlighted(text, _spans(text, quotes)))
    root = _parse_fragment(markup)
    assert "".join(root.itertext()) == text
    for cid, (start, end) in quotes.items():
        assert _claim_text(root, cid) == text[start:end]
        links = {
            a.get("href") for m in root.iter("mark") if str(cid) in m.get("data-claims").split() for a in m
        }
        assert links, "every marked segment links to a claim"


def test_marks_never_nest_and_anchors_are_empty() -> None:
    text = "0123456789"
    spans = _spans(text, {1: (0, 8), 2: (2, 4), 3: (3, 9)})
    root = _parse_fragment(str(render_highlighted(text, spans, [Anchor(2, "c2"), Anchor(0, "c1")])))
    for mark in root.iter("mark"):
        assert not list(mark.iter("mark"))[1:], "a mark inside a mark"
        assert len(list(mark.iter("a"))) == 1
    anchors = {e.get("id"): e for e in root.iter("span") if e.get("class") == "anchor"}
    assert set(anchors) == {"c1", "c2"}
    assert all(not "".join(e.itertext()) for e in anchors.values())


def test_citation_marker_inside_a_quote_links_to_its_target() -> None:
    text = "the raid [2] at dawn"
    spans = [Span(0, 20, "claim", 1, "claims/1.html"), Span(9, 12, "cite", 7, "documents/2.html")]
    root = _parse_fragment(str(render_highlighted(text, spans)))
    cites = [a for a in root.iter("a") if a.get("class") == "cite"]
    assert [("".join(a.itertext()), a.get("href")) for a in cites] == [("[2]", "documents/2.html")]
    assert _claim_text(root, 1) == text
    for link in root.iter("a"):
        assert list(link.iter("a")) == [link], "a link inside a link"


def test_out_of_range_spans_and_bad_anchor_ids_are_dropped() -> None:
    text = "short"
    spans = [Span(2, 99, "claim", 1, "x.html"), Span(3, 3, "claim", 2, "y.html")]
    markup = str(render_highlighted(text, spans, [Anchor(1, 'x" onclick="y'), Anchor(99, "c1")]))
    assert markup == "short"


def test_hostile_text_stays_text() -> None:
    text = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    root = _parse_fragment(str(render_highlighted(text, _spans(text, {1: (0, 30)}))))
    assert {e.tag for e in root.iter()} <= {"div", "mark", "a"}
    assert "".join(root.itertext()) == text


# ---------------------------------------------------------------------------------- URLs (F9, T33)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "/etc/passwd",
        "https://exa mple.com/a b",
        "https://example.com/a b",
        "https:///nohost",
        "http://[::1",
        "ftp://example.com/file",
        "",
        None,
    ],
)
def test_safe_href_refuses_everything_but_plain_http(url: str | None) -> None:
    assert safe_href(url) is None


@pytest.mark.parametrize(
    "url", ["https://example.com/", "http://example.com/a?b=1&c=2#d", "HTTPS://EXAMPLE.COM"]
)
def test_safe_href_keeps_plain_http_urls(url: str) -> None:
    assert safe_href(url) == url


# ---------------------------------------------------------------------------------- paths (T36)


@pytest.mark.parametrize(
    "key", ["../../etc/passwd", "..", "CON", "a/b\\c", "x" * 300, "قال المتحدث", "🙂🙂", "", "-", "é/../"]
)
def test_record_paths_are_ascii_and_inside_their_folder(key: str) -> None:
    path = paths.document_path(7, key)
    assert paths.is_safe(path)
    assert re.fullmatch(r"documents/7(-[a-z0-9-]+)?\.html", path)
    assert len(path) < 80


def test_relative_urls() -> None:
    assert paths.relative_url("index.html", "claims/1-a.html") == "claims/1-a.html"
    assert paths.relative_url("claims/1-a.html", "documents/2-b.html#c1") == "../documents/2-b.html#c1"
    assert paths.relative_url("claims/1-a.html", "claims/3-c.html") == "3-c.html"
    assert paths.relative_url("documents/2-b.html", "style.css") == "../style.css"


@pytest.mark.parametrize(
    "path", ["../x.html", "/etc/passwd", "a/../../b.html", "A.html", "a b.html", ".hidden", ""]
)
def test_unsafe_paths_are_refused(path: str) -> None:
    assert not paths.is_safe(path)


# ---------------------------------------------------------------------------------- the code itself


def test_markup_is_made_only_in_html_py() -> None:
    offenders = [
        p.name
        for p in PACKAGE.glob("*.py")
        if p.name != "html.py" and "Markup(" in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_environment_is_strict_and_escapes_every_template_name() -> None:
    env = html.environment()
    assert env.autoescape is True
    from jinja2 import StrictUndefined

    assert env.undefined is StrictUndefined


def test_templates_quote_attributes_and_carry_no_inline_code() -> None:
    for template in sorted(TEMPLATES.glob("*.html")):
        source = template.read_text(encoding="utf-8")
        assert not re.search(r"=\s*\{\{", source), f"{template.name}: unquoted attribute value"
        assert not re.search(r"\|\s*safe\b", source), f"{template.name}: |safe"
        assert not re.search(r"\son[a-z]+\s*=", source), f"{template.name}: event handler attribute"
        assert not re.search(r"\sstyle\s*=", source), f"{template.name}: style attribute"
        assert "<style" not in source, f"{template.name}: inline style"
        for script in re.findall(r"<script[^>]*>", source):
            assert "src=" in script or 'type="application/ld+json"' in script, (
                f"{template.name}: inline script"
            )


def test_app_js_builds_results_with_dom_apis_only() -> None:
    source = (TEMPLATES / "app.js").read_text(encoding="utf-8")
    for forbidden in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ):
        assert forbidden not in source
    assert "createElement" in source and "textContent" in source
