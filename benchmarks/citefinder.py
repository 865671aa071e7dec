"""The citation finder against the curated seed corpus: precision and recall per document.

The seed bundle is imported, unchanged, into a temporary SQLite store; for each of its five held
documents, `find_citations` proposes citations, and the proposals that support at least one claim
are compared with the curated citations that have a locator_start:

* located: a proposal at the same (document, locator_start) as a curated citation;
* matched: located, and its target agrees — the same document, the same outlet as the curated
  target document, or (for unnamed sources) the same person, ignoring case and punctuation.

precision = matched proposals / proposals; recall = matched curated markers / curated markers
(a marker cited by several claims counts once). The curated set records only the citations of
the claims the curators logged, so a correct proposal for a claim they did not log counts
against precision: the figures are a floor.

The scanner's markers alone are scored (``news=False``): the curators recorded citations of
documents and printed markers, not every news attribution ("officials said"), so the reader's
attributions that ``cites find`` adds by default are measured by benchmarks/reading.py against
gold attributions instead.

    python benchmarks/citefinder.py
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from provenance import Store, migrate
from provenance.bundle import import_bundle, load_bundle
from provenance.cites import Proposal, find_citations
from provenance.cites.model import fold
from provenance.models import Citation, Claim, Document, Outlet

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@dataclass
class Score:
    document: str
    proposals: int = 0
    curated: int = 0
    located: int = 0  # proposals at a curated marker
    matched: int = 0  # … with the right target
    found: int = 0  # curated markers matched by some proposal
    missed: list[tuple[int, str]] = field(default_factory=list)
    wrong: list[tuple[int, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.proposals if self.proposals else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.curated if self.curated else 1.0

    @property
    def located_precision(self) -> float:
        return self.located / self.proposals if self.proposals else 1.0


Targets = dict[tuple[int, str], set[tuple[str, str]]]


def _curated(session, document: Document) -> Targets:  # type: ignore[no-untyped-def]
    """(locator_start, locator) → what the curated citations there cite."""
    target = aliased(Document)
    rows = session.execute(
        select(Citation.locator_start, Citation.locator, target.key, Outlet.key, Citation.target_person)
        .join(Claim, Citation.claim_id == Claim.id)
        .outerjoin(target, Citation.target_document_id == target.id)
        .outerjoin(Outlet, target.outlet_id == Outlet.id)
        .where(Claim.document_id == document.id, Citation.locator_start.is_not(None))
    ).all()
    found: Targets = {}
    for start, locator, doc_key, outlet_key, person in rows:
        targets = found.setdefault((start, locator), set())
        if doc_key:
            targets.add(("document", doc_key))
        if outlet_key:
            targets.add(("outlet", outlet_key))
        if person:
            targets.add(("person", fold(person)))
    return found


def agrees(proposal: Proposal, targets: set[tuple[str, str]]) -> bool:
    if proposal.document and ("document", proposal.document) in targets:
        return True
    if proposal.outlet and ("outlet", proposal.outlet) in targets:
        return True
    if proposal.person:
        mine = fold(proposal.person)
        return any(kind == "person" and (mine in theirs or theirs in mine) for kind, theirs in targets)
    return False


def score(session, document: Document) -> Score:  # type: ignore[no-untyped-def]
    curated = _curated(session, document)
    by_start = {start: (locator, targets) for (start, locator), targets in curated.items()}
    proposals = [p for p in find_citations(session, document.key, news=False) if p.claims]
    result = Score(document.key, proposals=len(proposals), curated=len(by_start))
    matched_starts = set()
    for p in proposals:
        if p.start not in by_start:
            continue
        result.located += 1
        if agrees(p, by_start[p.start][1]):
            result.matched += 1
            matched_starts.add(p.start)
        else:
            result.wrong.append((p.start, f"{p.marker!r} → {p.target} (outlet {p.outlet})"))
    result.found = len(matched_starts)
    result.missed = sorted((s, loc) for s, (loc, _) in by_start.items() if s not in matched_starts)
    return result


def run(verbose: bool = False) -> tuple[list[Score], Score]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        migrate.upgrade(url)
        store = Store(url, actor="benchmark")
        try:
            with store.write() as session:
                import_bundle(session, load_bundle(SEEDS / "bundle.yaml"))
            with store.read() as session:
                held = session.scalars(select(Document).where(Document.revision > 0).order_by(Document.key))
                scores = [score(session, d) for d in held]
        finally:
            store.dispose()
    total = Score("overall")
    for s in scores:
        for name in ("proposals", "curated", "located", "matched", "found"):
            setattr(total, name, getattr(total, name) + getattr(s, name))
    return scores, total


def main(argv: list[str]) -> None:
    verbose = "-v" in argv
    scores, total = run()
    print(f"{'document':32} {'proposals':>9} {'curated':>7} {'precision':>9} {'recall':>6} {'located':>7}")
    for s in [*scores, total]:
        print(
            f"{s.document:32} {s.proposals:9d} {s.curated:7d} {s.precision:9.2f} {s.recall:6.2f}"
            f" {s.located_precision:7.2f}"
        )
        if verbose:
            for start, what in s.wrong:
                print(f"    wrong target at {start}: {what}")
            for start, locator in s.missed:
                print(f"    missed {start}: {locator!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
