"""A bundle's manifest: what the export wrote, so an import can tell a whole bundle from a cut one.

A bundle cut at a record boundary (a copy that stopped early, a truncated download) is still valid
YAML and would import partially without a word. So every export writes ``manifest.yaml`` beside
``bundle.yaml``: the sha256 and size of ``bundle.yaml``, the number of records in each section, and
the sha256 of every text file. ``load_bundle`` checks a bundle against its manifest and refuses one
that differs, saying what differs; a bundle without a manifest (written by hand, or by an older
provenance) still imports, with a warning that its completeness could not be checked.

A curator who edits ``bundle.yaml`` by hand deletes the manifest (the message says so).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from ..limits import read_regular_file
from . import yamlsafe
from .emit import scalar
from .schema import SECTIONS

NAME = "manifest.yaml"
FORMAT = "provenance-bundle-manifest/1"
_MAX_BYTES = 64 * 2**20  # a manifest lists one line per text: 100k texts are ~10 MB


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render(files: Mapping[str, bytes], counts: Mapping[str, int]) -> bytes:
    """The manifest of an export's ``files`` (relative path -> bytes; bundle.yaml among them)."""
    bundle = files["bundle.yaml"]
    lines = [
        f"format: {FORMAT}",
        "bundle:",
        f"  bytes: {len(bundle)}",
        f"  sha256: {_sha256(bundle)}",
        "records:",
        *(f"  {section}: {counts.get(section, 0)}" for section in SECTIONS),
    ]
    texts = sorted(name for name in files if name not in ("bundle.yaml", NAME))
    lines.append("texts:" + ("" if texts else " {}"))
    lines += [f"  {scalar(name)}: {_sha256(files[name])}" for name in texts]
    return ("\n".join(lines) + "\n").encode("utf-8")


class Manifest:
    """A manifest as read: the bundle's expected hash and size, section counts and text hashes."""

    def __init__(self, sha256: str, size: int, records: dict[str, int], texts: dict[str, str]) -> None:
        self.sha256, self.size, self.records, self.texts = sha256, size, records, texts


def read(folder: Path) -> Manifest | None:
    """The manifest in ``folder``, or None when there is none; InvalidInput if it is malformed."""
    path = folder / NAME
    if not path.exists() and not path.is_symlink():
        return None
    data = read_regular_file(path, max_bytes=_MAX_BYTES, label=NAME, nofollow=True)
    try:
        root = yamlsafe.load(data, max_bytes=_MAX_BYTES)
        plain: Any = _plain(root)
        bundle, records, texts = plain["bundle"], plain["records"], plain.get("texts") or {}
        if plain.get("format") != FORMAT:
            raise ValueError(f"format is not {FORMAT}")
        return Manifest(
            sha256=str(bundle["sha256"]),
            size=int(bundle["bytes"]),
            records={str(k): int(v) for k, v in records.items()},
            texts={str(k): str(v) for k, v in texts.items()},
        )
    except (yamlsafe.YamlProblem, yamlsafe.TooLarge, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidInput(
            f"is not a bundle manifest ({exc}); delete it to import the bundle without the check",
            where=NAME,
        ) from None


def _plain(node: yamlsafe.Node) -> object:
    """A node tree as plain Python values (mappings, lists, scalars)."""
    if node.is_map:
        return {key: _plain(value) for key, value in node.value.items()}
    if node.is_seq:
        return [_plain(item) for item in node.value]
    return node.value


def check(
    manifest: Manifest | None,
    *,
    bundle_sha256: str,
    bundle_size: int,
    counts: Mapping[str, int],
    texts: Mapping[str, bytes],
) -> list[str]:
    """Problems with a bundle against its manifest (empty when they agree). ``counts`` are the
    records found in each section; ``texts`` the bytes of each text file read, by relative path."""
    if manifest is None:
        return []
    problems: list[str] = []
    if bundle_sha256 != manifest.sha256:
        missing = [
            f"{counts.get(section, 0)} of the {expected} {section}"
            for section, expected in manifest.records.items()
            if counts.get(section, 0) != expected
        ]
        problems.append(
            f"bundle.yaml is not the file its manifest describes ({bundle_size:,} bytes, the manifest "
            f"says {manifest.size:,})"
            + (f": it holds {', '.join(missing)} the manifest lists" if missing else "")
            + "; it may be truncated or damaged. If you edited it on purpose, delete manifest.yaml"
        )
    for name, expected in sorted(manifest.texts.items()):
        data = texts.get(name)
        if data is not None and _sha256(data) != expected:
            problems.append(f"{name} is not the text its manifest describes (truncated or damaged?)")
    return problems


WARNING = (
    "this bundle has no manifest.yaml, so whether it is complete cannot be checked "
    "(bundles written by hand or by an older provenance); export it again to add one"
)
