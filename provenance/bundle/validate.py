"""Loading a bundle: parse it safely, read every record and text, and check it all.

:func:`load_bundle` either returns a :class:`Bundle` in which every reference resolves
and every quote is anchored, or raises :class:`BundleErrors` listing *every* problem as
``bundle.yaml:LINE field.path: message``. It never touches a store.
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..assertions import parse_property, parse_type
from ..citations import parse_kind as parse_citation_kind
from ..claims import parse_credibility, parse_verdict
from ..documents import parse_published
from ..entities import parse_kind as parse_entity_kind
from ..errors import BundleErrors, InvalidInput, NotFound, ProvenanceError, field
from ..limits import TooLarge, read_regular_file, text_cap
from ..models import AnchorState
from ..outlets import parse_grade
from ..records import check_key
from ..relations import parse_kind as parse_relation_kind
from ..relations import parse_status
from ..text import sha256_text
from . import manifest, yamlsafe
from .fields import Fields, Problems, read_bytes, read_text
from .links import check_links
from .schema import (
    FORMAT,
    SECTIONS,
    SNAPSHOT_ACTIONS,
    SNAPSHOT_FIELDS,
    SNAPSHOT_REQUIRED,
    TOP_LEVEL,
    AssertionRec,
    Bundle,
    CitationRec,
    ClaimRec,
    DocumentRec,
    EntityRec,
    OutletRec,
    RelationRec,
    SnapshotRec,
    TextRec,
    parse_decision_time,
)

__all__ = ["bundle_file", "load_bundle"]

Progress = Callable[[str], None]
_ANCHOR_STATES = [s.value for s in AnchorState]
_MB = 1_000_000


def bundle_file(path: Path | str) -> tuple[Path, str]:
    """The bundle.yaml of BUNDLE (a file or its folder), and its name as the user gave it."""
    given = str(path)
    if Path(given).is_dir():
        joined = os.path.join(given, "bundle.yaml")
        return Path(joined), joined
    return Path(given), given


def load_bundle(path: Path | str, *, progress: Progress | None = None, max_mb: int | None = None) -> Bundle:
    """Read and validate the bundle at ``path`` (its bundle.yaml or the folder holding it).

    ``max_mb`` raises the caps that keep a hostile file from exhausting memory (size in MB,
    and YAML nodes in proportion; the defaults take 256 MB): for bundles you trust.
    """
    file, name = bundle_file(path)
    max_bytes = yamlsafe.MAX_BYTES if max_mb is None else max_mb * _MB
    try:
        data = read_regular_file(file, max_bytes=max_bytes, label=name)
    except NotFound:
        raise InvalidInput(f"{name}: no such bundle (give a bundle.yaml or the folder holding it)") from None
    except TooLarge as exc:  # the bundle's own cap, and the way past it
        raise BundleErrors([_too_large(name, "bytes", max_bytes, exc.size)]) from None
    if (archive := _archive_kind(data)) is not None:
        raise InvalidInput(
            f"{name}: is {archive}, not a bundle; unpack it and import the folder that holds bundle.yaml "
            "(archives are not read: their members could point outside the folder)"
        )
    try:
        root = yamlsafe.load(data, max_bytes=None if max_mb is None else max_bytes)
    except yamlsafe.TooLarge as exc:
        raise BundleErrors([_too_large(name, exc.cap, exc.limit, exc.needed, exc.line)]) from None
    except yamlsafe.YamlProblem as exc:
        raise BundleErrors([f"{name}:{exc.line}: invalid bundle YAML: {exc.message}"]) from None
    digest, size = hashlib.sha256(data).hexdigest(), len(data)
    del data
    problems = Problems(name)
    bundle = Bundle(name=name)
    try:
        expected = manifest.read(file.parent)
    except InvalidInput as exc:
        raise BundleErrors([str(exc)]) from None
    texts: dict[Path, bytes] = {}
    _read(root, bundle, problems, file.parent, progress, text_cap(max_mb), texts)
    if expected is None:
        bundle.warnings.append(manifest.WARNING)
    else:
        found = {
            section: len(node.value)
            for section in SECTIONS
            if (node := root.value.get(section) if root.is_map else None) is not None and node.is_seq
        }
        folder = file.parent.resolve()
        by_name = {path.relative_to(folder).as_posix(): data for path, data in texts.items()}
        for problem in manifest.check(
            expected, bundle_sha256=digest, bundle_size=size, counts=found, texts=by_name
        ):
            problems.add(0, "", problem)
    del root  # the records hold all of it now; anchoring needs the memory more
    if progress:
        progress(f"checking references and anchoring {len(bundle.claims)} quotes")
    check_links(bundle, problems)
    if problems:
        raise BundleErrors(problems.items)
    for entity in bundle.entities:
        entity.aliases.sort()
    for claim in bundle.claims:
        claim.entities.sort()
    return bundle


_ARCHIVES = (
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"\x1f\x8b", "a gzip file"),
    (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ\x00", "an xz file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-zip archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd file"),
)


def _archive_kind(data: bytes) -> str | None:
    """What kind of archive ``data`` is, if it is one (a tar has "ustar" at offset 257)."""
    for magic, kind in _ARCHIVES:
        if data.startswith(magic):
            return kind
    if data[257:262] == b"ustar":
        return "a tar archive"
    return None


def _too_large(name: str, cap: str, limit: int, needed: int, line: int = 0) -> str:
    """Which cap a bundle is over, and how to get past it when the bundle is trusted."""
    if cap == "bytes":
        what = f"is {needed / _MB:,.1f} MB, over the {limit / _MB:,.0f} MB cap on bundle size"
        enough = math.ceil(needed / _MB)
    else:  # dense YAML within the size cap; `needed` is estimated, so leave some room
        what = f"has more than {limit:,} YAML nodes at line {line}, over the node cap"
        enough = math.ceil(needed * 1.1 / _MB)
    return (
        f"{name}: the bundle {what} (a guard against hostile files). If you trust it, raise the caps "
        f"({field('max_mb')} {enough}); or split it into bundles "
        "that each include the records they refer to (records already in the store are skipped)."
    )


def _read(
    root: yamlsafe.Node,
    bundle: Bundle,
    problems: Problems,
    folder: Path,
    progress: Progress | None,
    max_text_bytes: int,
    texts: dict[Path, bytes],
) -> None:
    if not root.is_map:
        problems.add(root.line, "", f"a bundle is a mapping with the keys {', '.join(TOP_LEVEL)}")
        return
    for name, line in root.key_lines.items():
        if name not in TOP_LEVEL:
            problems.add(line, name, f"unknown top-level key {name!r}; a bundle has: {', '.join(TOP_LEVEL)}")
    fmt = root.value.get("format")
    if fmt is None or fmt.value != FORMAT:
        found = "missing" if fmt is None else f"is {fmt.raw or fmt.value!r}"
        problems.add(fmt.line if fmt else 1, "format", f"{found}; this provenance reads {FORMAT}")
    readers: dict[str, Callable[[Fields], Any]] = {
        "outlets": _outlet,
        "entities": _entity,
        "claims": _claim,
        "citations": _citation,
        "assertions": _assertion,
        "relations": _relation,
    }
    for section in SECTIONS:
        node = root.value.get(section)
        if node is None or node.value is None:
            continue
        if not node.is_seq:
            problems.add(node.line, section, f"{section} must be a list (each item starting with '- ')")
            continue
        if progress and node.value:
            progress(f"reading {len(node.value)} {section}")
        records = getattr(bundle, section)
        for index, item in enumerate(node.value):
            fields = Fields(item, section, index, problems)
            if not item.is_map:
                continue
            record = (
                _document(fields, folder, texts, max_text_bytes)
                if section == "documents"
                else readers[section](fields)
            )
            record.where = fields.where
            records.append(record)


def _outlet(f: Fields) -> OutletRec:
    grade = f.parsed("grade", parse_grade)
    return OutletRec(
        key=f.key("key") or "",
        name=f.text("name") or "",
        grade=grade.value if grade else "F",
        reason=f.text("reason"),
    )


def _entity(f: Fields) -> EntityRec:
    kind = f.parsed("kind", parse_entity_kind)
    aliases: list[str] = []
    for i, alias in f.indexed_texts("aliases"):
        if alias in aliases:
            f.fail(f"aliases[{i}]", f"alias {alias!r} is listed twice")
        else:
            aliases.append(alias)
    return EntityRec(
        key=f.key("key") or "",
        name=f.text("name") or "",
        kind=kind.value if kind else "other",
        aliases=aliases,
        description=f.text("description"),
    )


def _document(f: Fields, folder: Path, cache: dict[Path, bytes], max_bytes: int) -> DocumentRec:
    def text_at(name: str, path: str) -> TextRec | None:
        try:
            text = read_text(folder, path, cache=cache, max_bytes=max_bytes)
        except ProvenanceError as exc:
            f.fail(name, str(exc))
            return None
        return TextRec(sha256=sha256_text(text), text=text, source=path)

    texts: list[TextRec | None] = []
    for i, path in f.indexed_texts("earlier_texts"):
        texts.append(text_at(f"earlier_texts[{i}]", path))
    current = f.text("text")
    if current is not None:
        texts.append(text_at("text", current))
    elif texts:
        f.fail("earlier_texts", "earlier texts need the current one: give `text` too")
    span = None
    items = f.items("span")
    if items:
        values = [node.value for _, node in items]
        if len(values) != 2 or any(type(v) is not int or v < 0 for v in values) or values[0] > values[1]:
            f.fail("span", "must be [start, end]: two offsets into the container's text, start <= end")
        else:
            span = (values[0], values[1])
    part_of = f.key("part_of")
    if f.has("part_of") != f.has("span"):
        f.fail(
            "part_of" if f.has("part_of") else "span", "a part needs both part_of (the container) and span"
        )
    return DocumentRec(
        key=f.key("key") or "",
        title=f.text("title") or "",
        authors=f.texts("authors"),
        outlet=f.key("outlet"),
        published=f.parsed("published", parse_published),
        url=f.text("url"),
        language=f.text("language", "en") or "en",
        part_of=part_of,
        span=span,
        texts=[t for t in texts if t is not None],
        same_as=f.key("same_as"),
        redirects=sorted(_redirects(f)),
        snapshots=_snapshots(f, folder, cache, max_bytes, revisions=len(texts)),
    )


def _snapshots(
    f: Fields, folder: Path, cache: dict[Path, bytes], max_bytes: int, *, revisions: int
) -> list[SnapshotRec]:
    """A document's snapshots: each a mapping naming its bytes' file, whose sha256 and size must
    be the ones written beside it (the bytes are what was read: a changed byte is refused)."""
    found = []
    for i, (line, item) in enumerate(f.items("snapshots")):
        snapshot = _snapshot(f, f"snapshots[{i}]", line, item, folder, cache, max_bytes, revisions)
        if snapshot is not None:
            found.append(snapshot)
    return found


def _snapshot(
    f: Fields,
    name: str,
    line: int,
    item: yamlsafe.Node,
    folder: Path,
    cache: dict[Path, bytes],
    max_bytes: int,
    revisions: int,
) -> SnapshotRec | None:
    from datetime import datetime

    f.where.lines[name] = line
    if not item.is_map:
        f.fail(name, f"must be a mapping with the fields {', '.join(SNAPSHOT_FIELDS)}")
        return None
    values: dict[str, Any] = {}
    problems: list[tuple[str | None, str]] = []
    for key, node in item.value.items():
        f.where.lines[f"{name}.{key}"] = item.key_lines.get(key, line)
        if key not in SNAPSHOT_FIELDS:
            problems.append((key, f"unknown field {key!r}; a snapshot has: {', '.join(SNAPSHOT_FIELDS)}"))
        elif not node.is_scalar:
            problems.append((key, "must be a single value"))
        elif node.value is not None:
            values[key] = node.value
    problems += [(None, f"missing required field {key!r}") for key in SNAPSHOT_REQUIRED if key not in values]
    if not problems:
        revision, status = values["revision"], values["status"]
        if type(revision) is not int or not 1 <= revision <= max(revisions, 1):
            problems.append(("revision", f"must be one of the document's text revisions (1..{revisions})"))
        if type(status) is not int or not 100 <= status <= 599:
            problems.append(("status", "must be an HTTP status (100..599)"))
        if str(values.get("action", "add")) not in SNAPSHOT_ACTIONS:
            problems.append(("action", f"must be one of: {', '.join(SNAPSHOT_ACTIONS)}"))
        try:
            if datetime.fromisoformat(str(values["fetched_at"])).tzinfo is None:
                raise ValueError("it has no time zone")
        except ValueError as exc:
            problems.append(("fetched_at", f"must be an ISO 8601 time, e.g. 2026-12-08T00:07:25Z ({exc})"))
    texts = {key: str(values[key]).strip() if key in values else None for key in SNAPSHOT_FIELDS}
    body = b""
    if not problems:
        try:
            body = read_bytes(folder, str(texts["file"]), cache=cache, max_bytes=max_bytes)
        except ProvenanceError as exc:
            problems.append(("file", str(exc)))
    if not problems and hashlib.sha256(body).hexdigest() != texts["sha256"]:
        problems.append(("sha256", f"is not the sha256 of {texts['file']} (changed or damaged bytes?)"))
    if not problems and "size" in values and values["size"] != len(body):
        problems.append(("size", f"is {values['size']!r}, but {texts['file']} holds {len(body)} bytes"))
    for key, message in problems:
        f.fail(f"{name}.{key}" if key else name, message)
    if problems:
        return None
    return SnapshotRec(
        revision=values["revision"],
        action=str(values.get("action", "add")),
        fetched_at=str(texts["fetched_at"]),
        url=str(texts["url"]),
        final_url=str(texts["final_url"]),
        status=values["status"],
        content_type=texts["content_type"] or None,
        sha256=str(texts["sha256"]),
        size=len(body),
        body=body,
    )


def _redirects(f: Fields) -> list[str]:
    found: list[str] = []
    for i, key in f.indexed_texts("redirects"):
        try:
            check_key(key, field=f"redirects[{i}]")
        except InvalidInput as exc:
            f.fail(f"redirects[{i}]", exc.message)
            continue
        if key in found:
            f.fail(f"redirects[{i}]", f"redirect {key!r} is listed twice")
        else:
            found.append(key)
    return found


def _anchor_state(value: str) -> str:
    state = value.strip().lower()
    if state not in _ANCHOR_STATES:
        raise InvalidInput(f"anchor {value!r} is not one of: {', '.join(_ANCHOR_STATES)}")
    return state


def _claim(f: Fields) -> ClaimRec:
    verdict = f.parsed("verdict", parse_verdict)
    entities: list[str] = []
    for i, ref in f.indexed_texts("entities"):
        if ref in entities:
            f.fail(f"entities[{i}]", f"entity {ref!r} is listed twice")
        else:
            entities.append(ref)
    start = f.integer("start")
    revision = f.integer("revision")
    if revision == 0:
        f.fail("revision", "text revisions count from 1")
    return ClaimRec(
        key=f.key("key") or "",
        document=f.key("document") or "",
        exact=f.verbatim("quote") or "",
        start=-1 if start is None else start,  # -1: not given; anchoring sets it
        revision=revision or 0,  # 0: the current revision; anchoring sets it
        anchor=f.parsed("anchor", _anchor_state) or "exact",
        statement=f.text("statement") or "",
        speaker=f.text("speaker", "author") or "author",
        hedging=f.text("hedging"),
        verdict=verdict.value if verdict else "unreviewed",
        credibility=f.parsed("credibility", parse_credibility),
        entities=entities,
        note=f.text("note"),
    )


def _citation(f: Fields) -> CitationRec:
    targets = [name for name in ("document", "entity", "person") if f.has(name)]
    if len(targets) != 1:
        f.fail(
            targets[1] if len(targets) > 1 else None,
            "a citation needs exactly one target: document, entity or person",
        )
    kind = f.parsed("kind", parse_citation_kind)
    locator = f.text("locator")
    start = f.integer("locator_start")
    if start is not None and locator is None:
        f.fail("locator_start", "locator_start needs the locator it points at")
    return CitationRec(
        claim=f.key("claim") or "",
        kind=kind.value if kind else "cites",
        document=f.key("document"),
        entity=f.key("entity"),
        person=f.text("person"),
        locator=locator,
        locator_start=start,
        locator_end=None if start is None or locator is None else start + len(locator),
        note=f.text("note"),
    )


def _assertion(f: Fields) -> AssertionRec:
    kind = f.parsed("type", parse_type)
    return AssertionRec(
        claim=f.key("claim") or "",
        subject=f.key("subject") or "",
        property=f.parsed("property", parse_property) or "",
        type=kind.value if kind else "text",
        value=f.text("value") or "",
        holds_for=f.text("holds_for"),
    )


def _decided_at(value: str) -> str:
    try:
        parse_decision_time(value)
    except ValueError:
        raise InvalidInput(
            f"{value!r} is not a time as bundles write it (UTC to the second: 2026-12-07T23:40:12Z)"
        ) from None
    return value


def _relation(f: Fields) -> RelationRec:
    kind = f.parsed("kind", parse_relation_kind)
    status = f.parsed("status", parse_status)
    record = RelationRec(
        a=f.key("a") or "",
        kind=kind.value if kind else "",
        b=f.key("b") or "",
        status=status.value if status else "confirmed",
        note=f.text("note"),
        decided_by=f.text("decided_by"),
        decided_at=f.parsed("decided_at", _decided_at),
        decision=f.text("decision"),
    )
    decided = [n for n in ("decided_by", "decided_at", "decision") if f.has(n)]
    if decided and record.status not in ("confirmed", "dismissed"):
        f.fail(
            decided[0],
            f"a {record.status} relation awaits review: only a confirmed or dismissed one has a decision",
        )
    elif (f.has("decided_at") or f.has("decision")) and not f.has("decided_by"):
        f.fail(decided[0], "a decision needs decided_by (who confirmed or dismissed it)")
    elif f.has("decided_by") and not f.has("decided_at"):
        f.fail("decided_by", "a decision needs decided_at (when it was made)")
    return record
