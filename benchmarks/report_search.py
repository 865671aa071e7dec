"""The report's search box: what one query loads, and whether it answers as `provenance search`.

    python benchmarks/report_search.py --tiers 10k

For each tier (the generator's corpora, benchmarks/generate.py): imports the corpus into a SQLite
store (once: kept in --work), builds the report (time and peak RSS of the build), then types each query into
search.html in headless Chromium (file://, under the pages' CSP) and reports the files and bytes
the page loaded for it (every <script src> it added: manifests, word and name shards, entry
chunks), the results it counted and whether the first results are the store's, in its order.
Figures only: nothing is asserted. Needs Debian's chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from scale import CLI, cli, corpus, machine  # noqa: E402
from search import queries  # noqa: E402

SHOWN = 20  # first results compared with the store's (what the page shows at first)
SCRIPT = re.compile(r'<script src="([^"]+)"')
STATUS = re.compile(r'id="search-status"[^>]*>([^<]*)<')
RESULT = re.compile(r'<li class="result result-(\w+)"><span class="kind">[^<]*</span> <a[^>]* href="([^"#]+)')


def _chromium(url: str, profile: Path) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("needs chromium (apt-get install -y chromium)")
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.stdout


def _store_pages(url: str, query: str) -> list[tuple[str, str]]:
    from provenance.report import paths

    pages = {
        "claim": paths.claim_path,
        "document": paths.document_path,
        "passage": paths.document_path,
        "entity": paths.entity_path,
        "outlet": paths.outlet_path,
    }
    out = []
    for hit in json.loads(cli(url, "search", query, "--json", "--limit", str(SHOWN))):
        if hit["kind"] == "citation":
            out.append(("citation", ""))  # its claim's page: compared by kind only
        else:
            out.append((hit["kind"], pages[hit["kind"]](hit["id"], hit["key"])))
    return out


def run(tier: str, work: Path, reuse_site: bool = False) -> dict[str, object]:
    from provenance.bundle import load_bundle

    folder, _, _ = corpus(work, tier)
    store = work / f"report-search-{tier}.db"
    url = f"sqlite:///{store}"
    if not store.is_file():  # made once per tier: the import is not what this measures
        cli(url, "init")
        cli(url, "import", str(folder))
    else:
        cli(url, "db", "upgrade")  # a store kept from an older schema
    site = work / f"report-search-{tier}-site"
    figures: dict[str, object] = {"build_s": None, "build_rss_mib": None}
    if not (reuse_site and (site / "search" / "index.js").is_file()):
        shutil.rmtree(site, ignore_errors=True)
        began = time.perf_counter()
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", CLI, "--db", url, "report", "build", str(site)],
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise SystemExit(f"provenance report build failed:\n{done.stderr}")
        figures["build_s"] = time.perf_counter() - began
        figures["build_rss_mib"] = int(done.stderr.strip().splitlines()[-1]) / 1024
    files = list((site / "search").rglob("*.js"))
    sizes = sorted(p.stat().st_size for p in files)
    figures["files"] = len(files)
    figures["total_mib"] = sum(sizes) / 2**20
    figures["largest_kib"] = sizes[-1] / 1024
    figures["median_kib"] = sizes[len(sizes) // 2] / 1024
    for name in ("index.js", "passages.js"):
        figures[name] = (site / "search" / name).stat().st_size / 1024
    asked = {label: q for label, q in queries(load_bundle(folder)).items() if not isinstance(q, tuple)}
    asked["a word of the texts"] = "attack"
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for label, query in asked.items():
            dom = _chromium((site / "search.html").as_uri() + "?q=" + quote(str(query)), Path(tmp) / label)
            loaded = [s for s in SCRIPT.findall(dom) if s.startswith("search/") and s.count("/") > 1]
            size = sum((site / s).stat().st_size for s in loaded)
            status = STATUS.search(dom)
            shown = [(k, u if k != "citation" else "") for k, u in RESULT.findall(dom)][:SHOWN]
            same = shown == _store_pages(url, str(query))[: len(shown)]
            rows[label] = (query, len(loaded), size / 1024, status.group(1) if status else "?", same)
    figures["queries"] = rows
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiers", nargs="+", default=["1k", "10k"], choices=["1k", "10k", "100k"])
    parser.add_argument(
        "--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "provenance-bench"
    )
    parser.add_argument(
        "--reuse-site", action="store_true", help="time the queries on a site built by an earlier run"
    )
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print(machine())
    for tier in args.tiers:
        f = run(tier, args.work, args.reuse_site)
        print(
            (
                f"{tier}: build {f['build_s']:.0f} s, peak RSS {f['build_rss_mib']:.0f} MiB; "
                if f["build_s"] is not None
                else f"{tier}: (site of an earlier run); "
            )
            + "search index "
            f"{f['files']} files, {f['total_mib']:.1f} MiB in all, largest {f['largest_kib']:.0f} KiB, "
            f"median {f['median_kib']:.1f} KiB; manifests {f['index.js']:.0f} KiB (records) and "
            f"{f['passages.js']:.0f} KiB (passages), loaded once per page"
        )
        for label, (query, count, kib, status, same) in f["queries"].items():  # type: ignore[attr-defined]
            print(
                f"  {label:32} {query!r:24} loads {count:3} files, {kib:7.1f} KiB; {status}; "
                f"first {SHOWN} as the store's: {'yes' if same else 'no'}"
            )


if __name__ == "__main__":
    main()
