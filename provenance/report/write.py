"""Writing the site: into a temporary folder beside OUT, then swapped into place (T37).

- OUT must be absent, an empty folder, or a folder an earlier build made (it holds
  a `.provenance-site` marker). A file, a symbolic link or anyone else's non-empty
  folder is refused, and nothing is deleted outside OUT.
- Every file goes to a path built by `paths` and checked to `resolve()` inside the
  temporary folder (T36).
- Only a complete build replaces OUT: an error or an interruption before the swap
  leaves the previous site as it was. The swap is one `renameat2(RENAME_EXCHANGE)`
  where Linux offers it, else two renames.
- With `changed_only`, a file whose bytes equal the previous site's is hard-linked
  from it rather than written, so only changed files get new contents and times.
- An incremental build (`update_in_place`) changes few files of a site that has a
  build record: it writes them beside OUT first, then renames each over its old
  version, so a reader sees every page whole, old or new; an error before the
  renames leaves the site as it was. The record (`.provenance-build`, beside the
  marker: what each page was made from, see depends.py) is kept only by
  --changed-only builds, so a plain build's folder is exactly the site.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from types import TracebackType
from typing import Any

from .. import files, staging
from ..errors import Refused
from . import paths

BUILD_RECORD = ".provenance-build"  # JSON: what each page was made from (report/depends.py)
MARKER_TEXT = b"This folder is a provenance report; `provenance report build` replaces it.\n"


def check_target(out: Path) -> Path:
    """The absolute OUT, or Refused saying why the build may not replace it."""
    out = Path(os.path.abspath(out))
    if out.name in ("", ".", ".."):
        raise Refused(f"{out}: give a folder for the report, not the file system root")
    if out.is_symlink():
        raise Refused(f"{out} is a symbolic link; give the report a real folder")
    if out.exists() and not out.is_dir():
        raise Refused(f"{out} is a file, not a folder; the report needs a folder of its own")
    if out.is_dir() and any(out.iterdir()) and not is_site(out):
        raise Refused(
            f"{out} is not empty and was not made by `provenance report build`; "
            "give an empty or new folder (nothing was changed)"
        )
    return out


def is_site(folder: Path) -> bool:
    marker = folder / paths.MARKER
    return marker.is_file() and not marker.is_symlink()


class SiteWriter:
    """Collects a site's files in a temporary folder; `commit()` puts it in place of OUT."""

    def __init__(self, out: Path, *, changed_only: bool = False) -> None:
        self.out = check_target(out)
        self.changed_only = changed_only and self.out.is_dir()
        self.written = 0
        self.unchanged = 0
        self._paths: set[str] = set()
        self.record: bytes | None = None  # the build record to keep, if any
        self.out.parent.mkdir(parents=True, exist_ok=True)
        staging.sweep(self.out)  # what killed builds left behind
        self.tmp = staging.new_folder(self.out, "building")
        self._root = self.tmp.resolve()
        files.write_bytes(self.tmp / paths.MARKER, MARKER_TEXT, shown=str(self.out / paths.MARKER))

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.tmp.exists():  # not committed: drop the half-built site, keep the old one
            shutil.rmtree(self.tmp)

    def _destination(self, path: str) -> Path:
        if not paths.is_safe(path) or path == paths.MARKER:
            raise Refused(f"refusing to write {path!r}: not a path the report makes")
        if path in self._paths:
            raise Refused(f"two pages would be written to {path}")
        self._paths.add(path)
        destination = self.tmp / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.resolve().is_relative_to(self._root):
            raise Refused(f"refusing to write {path!r}: it resolves outside the report folder")
        return destination

    def write(self, path: str, data: bytes) -> None:
        destination = self._destination(path)
        previous = self.out / path
        if self.changed_only and same_bytes(previous, data):
            _link(previous, destination)
            self.unchanged += 1
            return
        files.write_bytes(destination, data, shown=str(self.out / path))
        self.written += 1

    def commit(self) -> None:
        """Put the new site in place of OUT and remove the previous one (which we made)."""
        if self.record is not None:
            files.write_bytes(self.tmp / BUILD_RECORD, self.record, shown=str(self.out / BUILD_RECORD))
        check_target(self.out)  # nobody put something foreign there while we built
        old = files.swap_into_place(self.tmp, self.out)
        if old is not None:
            shutil.rmtree(old)


def _link(previous: Path, destination: Path) -> None:
    try:
        os.link(previous, destination)
    except OSError:
        shutil.copy2(previous, destination)


def same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def read_record(out: Path) -> dict[str, Any] | None:
    """The build record of the site in OUT, or None (no site, no record, or unreadable)."""
    if not out.is_dir() or not is_site(out):
        return None
    try:
        found = json.loads((out / BUILD_RECORD).read_bytes())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def update_in_place(out: Path, changed: dict[str, bytes], removed: list[str], record: bytes) -> None:
    """Put `changed` files into the site OUT and delete `removed` ones, then its new build record.

    Everything is written beside OUT before the first rename, so an error there changes nothing."""
    out = check_target(out)
    if not is_site(out):
        raise Refused(f"{out} is not a report folder; build it in full first")
    root = out.resolve()
    staging.sweep(out)
    stage = staging.new_folder(out, "building")
    try:
        moves = []
        for number, (path, data) in enumerate(sorted(changed.items())):
            if not paths.is_safe(path) or path == paths.MARKER:
                raise Refused(f"refusing to write {path!r}: not a path the report makes")
            destination = out / path
            if not destination.parent.resolve().is_relative_to(root):
                raise Refused(f"refusing to write {path!r}: it resolves outside the report folder")
            staged = stage / str(number)
            files.write_bytes(staged, data, shown=str(destination))
            moves.append((staged, destination))
        files.write_bytes(stage / BUILD_RECORD, record, shown=str(out / BUILD_RECORD))
        for staged, destination in moves:
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, destination)
        for path in removed:
            if paths.is_safe(path) and path != paths.MARKER:
                (out / path).unlink(missing_ok=True)
        os.replace(stage / BUILD_RECORD, out / BUILD_RECORD)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
