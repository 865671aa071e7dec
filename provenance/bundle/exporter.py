"""Exporting the store as a bundle: canonical, so export → import → export is byte-identical.

Canonical means the output depends on the store's content alone: the spec's field
order, records sorted by key (citations, assertions and relations by their content),
optional fields left out when empty (``start``, ``speaker``, ``verdict``, ``language``,
``authors``, ``aliases`` and ``entities`` always written), one string style, ``\\n``
line endings, a trailing newline, no timestamps. Texts go to ``texts/<key>.txt``;
earlier revisions to ``texts/<key>.r<N>.txt``, listed in ``earlier_texts``.

The folder is written beside OUT and renamed into place, so an interrupted export
leaves any previous one intact. OUT must be new, empty, or (with ``force``) a previous
export holding nothing but ``bundle.yaml``, ``manifest.yaml``, ``texts/*.txt`` and ``snapshots/*.bin``
(the bytes a document's fetches received, listed in its ``snapshots``). The manifest
(``manifest.py``) lets an import tell a whole bundle from one cut at a record boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..errors import Refused
from ..errors import field as named_field
from ..files import write_folder_atomically
from . import manifest
from .emit import Quoted, emit_bundle
from .schema import FORMAT, SECTIONS, Bundle, ClaimRec, DocumentRec
from .snapshot import read_store

__all__ = ["ExportSummary", "export_bundle", "render_bundle"]


@dataclass
class ExportSummary:
    out: str
    counts: dict[str, int] = field(default_factory=dict)
    texts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"out": self.out, "counts": self.counts, "texts": self.texts}

    def describe(self) -> str:
        counts = ", ".join(f"{n} {name}" for name, n in self.counts.items())
        return f"exported {counts} and {self.texts} text files to {self.out}"


def _document(d: DocumentRec) -> dict[str, Any]:
    record: dict[str, Any] = {"key": d.key, "title": d.title, "authors": d.authors}
    published = Quoted(d.published) if d.published is not None else None
    optional = {"outlet": d.outlet, "published": published, "url": d.url}
    record.update({k: v for k, v in optional.items() if v is not None})
    record["language"] = d.language
    if d.texts:
        record["text"] = f"texts/{d.key}.txt"
    if len(d.texts) > 1:
        record["earlier_texts"] = [f"texts/{d.key}.r{n}.txt" for n in range(1, len(d.texts))]
    if d.part_of is not None and d.span is not None:
        record["part_of"] = d.part_of
        record["span"] = list(d.span)
    # Written only when there is one, so a store without copies or merges exports as before.
    if d.same_as is not None:
        record["same_as"] = d.same_as
    if d.redirects:
        record["redirects"] = d.redirects
    if d.snapshots:  # likewise: a store without fetched documents exports as before
        record["snapshots"] = [
            _drop_none(
                {
                    "file": snapshot_file(d.key, n),
                    "revision": s.revision,
                    "action": s.action,
                    "fetched_at": Quoted(s.fetched_at),
                    "url": s.url,
                    "final_url": s.final_url,
                    "status": s.status,
                    "content_type": s.content_type,
                    "sha256": s.sha256,
                    "size": s.size,
                }
            )
            for n, s in enumerate(d.snapshots, 1)
        ]
    return record


def snapshot_file(key: str, n: int) -> str:
    """Where a document's n-th snapshot's bytes go in the bundle folder."""
    return f"snapshots/{key}.{n}.bin"


def _claim(c: ClaimRec, current: int) -> dict[str, Any]:
    record: dict[str, Any] = {"key": c.key, "document": c.document, "quote": c.exact, "start": c.start}
    if c.revision != current:
        record["revision"] = c.revision
    if c.anchor != "exact":
        record["anchor"] = c.anchor
    record.update(statement=c.statement, speaker=c.speaker)
    if c.hedging is not None:
        record["hedging"] = c.hedging
    record["verdict"] = c.verdict
    if c.credibility is not None:
        record["credibility"] = c.credibility
    record["entities"] = c.entities
    if c.note is not None:
        record["note"] = c.note
    return record


def _drop_none(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v is not None}


def render_bundle(snap: Bundle) -> dict[str, bytes]:
    """The files of the export, by relative path: ``bundle.yaml`` and the texts."""
    revisions = {d.key: len(d.texts) for d in snap.documents}
    sections: dict[str, list[dict[str, Any]]] = {
        "outlets": [
            _drop_none({"key": o.key, "name": o.name, "grade": o.grade, "reason": o.reason})
            for o in snap.outlets
        ],
        "entities": [
            _drop_none(
                {
                    "key": e.key,
                    "name": e.name,
                    "kind": e.kind,
                    "aliases": e.aliases,
                    "description": e.description,
                }
            )
            for e in snap.entities
        ],
        "documents": [_document(d) for d in snap.documents],
        "claims": [_claim(c, revisions[c.document]) for c in snap.claims],
        "citations": [
            _drop_none(
                {
                    "claim": c.claim,
                    "kind": c.kind,
                    "document": c.document,
                    "entity": c.entity,
                    "person": c.person,
                    "locator": c.locator,
                    "locator_start": c.locator_start,
                    "note": c.note,
                }
            )
            for c in snap.citations
        ],
        "assertions": [
            _drop_none(
                {
                    "claim": a.claim,
                    "subject": a.subject,
                    "property": a.property,
                    "type": a.type,
                    "value": a.value,
                    "holds_for": a.holds_for,
                }
            )
            for a in snap.assertions
        ],
        "relations": [
            _drop_none(
                {
                    "a": r.a,
                    "kind": r.kind,
                    "b": r.b,
                    "status": r.status,
                    "note": r.note,
                    "decided_by": r.decided_by,
                    "decided_at": Quoted(r.decided_at) if r.decided_at else None,
                    "decision": r.decision,
                }
            )
            for r in snap.relations
        ],
    }
    files = {"bundle.yaml": emit_bundle(FORMAT, [(s, sections[s]) for s in SECTIONS]).encode("utf-8")}
    for d in snap.documents:
        for n, text in enumerate(d.texts, 1):
            name = f"texts/{d.key}.txt" if n == len(d.texts) else f"texts/{d.key}.r{n}.txt"
            files[name] = text.text.encode("utf-8")
        for n, snapshot in enumerate(d.snapshots, 1):
            files[snapshot_file(d.key, n)] = snapshot.body
    files[manifest.NAME] = manifest.render(files, snap.counts())
    return files


def _check_out(out: Path, force: bool) -> None:
    """Refuse anything but a new or empty folder, or (with force) a previous export."""
    if out.is_symlink():
        raise Refused(f"{out} is a symbolic link; give a real folder to export into")
    if not out.exists():
        return
    if not out.is_dir():
        raise Refused(f"{out} is a file, not a folder")
    entries = sorted(p.name for p in out.iterdir())
    if not entries:
        return
    if "bundle.yaml" not in entries:
        raise Refused(f"{out} is not empty and holds no bundle.yaml; export into a new or empty folder")
    if not force:
        raise Refused(f"{out} holds a previous export; pass {named_field('force')} to replace it")
    foreign = [name for name in entries if name not in ("bundle.yaml", manifest.NAME, "texts", "snapshots")]
    for folder, suffix in (("texts", ".txt"), ("snapshots", ".bin")):
        inner = out / folder
        if inner.is_symlink() or (inner.exists() and not inner.is_dir()):
            foreign.append(folder)
        elif inner.is_dir():
            foreign += [
                f"{folder}/{p.name}"
                for p in sorted(inner.iterdir())
                if p.suffix != suffix or p.is_symlink() or not p.is_file()
            ]
    if (out / "bundle.yaml").is_symlink() or not (out / "bundle.yaml").is_file():
        foreign.append("bundle.yaml")
    if foreign:
        shown = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
        raise Refused(f"{out} holds files an export does not write ({shown}); refusing to replace it")


def export_bundle(session: Session, out_dir: Path | str, *, force: bool = False) -> ExportSummary:
    """Export the whole store, as read in ``session``'s transaction, to the folder ``out_dir``."""
    out = Path(out_dir)
    _check_out(out, force)
    snap = read_store(session, texts=True)
    files = render_bundle(snap)
    write_folder_atomically(out, files)
    return ExportSummary(out=str(out), counts=snap.counts(), texts=len(files) - 2)  # less bundle, manifest
