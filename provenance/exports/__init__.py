"""Standard exports of the store, besides the project's own bundle (`provenance.bundle`):

* ``claimreview``: schema.org ClaimReview JSON-LD for reviewed claims (one file);
* ``annotations``: W3C Web Annotation JSON-LD, one annotation per claim (one file);
* ``prov``: W3C PROV-JSON of documents, claims and citations (one file);
* ``csv``: ``claims.csv`` and ``citations.csv`` for spreadsheets (a folder).

    from provenance.exports import export
    with store.read() as session:               # one consistent snapshot; nothing is written to the store
        export(session, "reviews.jsonld", "claimreview")

Every export is canonical: the same store gives the same bytes (records in key order, sorted JSON
keys, no timestamps), and it lands atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from ..errors import InvalidInput
from . import claimreview, csvfiles, provjson, webannotation
from .common import ExportData, canonical_json, write_file, write_folder

FORMATS = ("claimreview", "annotations", "prov", "csv")
_WHAT = {"claimreview": "claim reviews", "annotations": "annotations", "prov": "PROV entities", "csv": "rows"}


@dataclass
class ExportResult:
    out: str
    format: str
    count: int

    def as_dict(self) -> dict[str, object]:
        return {"out": self.out, "format": self.format, "count": self.count}

    def describe(self) -> str:
        return f"exported {self.count} {_WHAT[self.format]} ({self.format}) to {self.out}"


def render(session: Session, fmt: str) -> tuple[dict[str, bytes], int]:
    """The export's files (one unnamed file for the JSON formats: key "") and its count."""
    if fmt not in FORMATS:
        raise InvalidInput(f"export format {fmt!r} is not one of: bundle, {', '.join(FORMATS)}")
    snap = ExportData.read(session)
    if fmt == "csv":
        return csvfiles.render(snap)
    if fmt == "prov":
        data, count = provjson.render(session, snap)
    else:
        data, count = (claimreview if fmt == "claimreview" else webannotation).render(snap)
    return {"": canonical_json(data)}, count


def export(session: Session, out: Path | str, fmt: str, *, force: bool = False) -> ExportResult:
    """Write the export `fmt` of the store, as read in `session`'s transaction, to `out`
    (a file for the JSON formats, a folder for csv)."""
    files, count = render(session, fmt)
    path = Path(out)
    if fmt == "csv":
        write_folder(path, files, force=force)
    else:
        write_file(path, files[""], force=force)
    return ExportResult(str(path), fmt, count)


__all__ = ["FORMATS", "ExportResult", "export", "render"]
