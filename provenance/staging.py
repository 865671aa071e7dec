"""Staging folders beside OUT that name their owner, so a killed command's leftovers can be swept.

An export or a report build writes into ``.OUT.<purpose>-…`` beside OUT and renames it into place;
a command killed with SIGKILL cannot remove it, and at 10k documents one is ~240 MB. So each staging
folder's name carries its owner: the host, the boot, the process id and the process's start time
(``.OUT.building-HOST-BOOT-PID-START-RANDOM``). The next command writing OUT removes the ones it can
*prove* dead — same host, and either another boot or no live process with that pid and start time —
and never one that may belong to a live concurrent command (another host's, or a live process's).
Folders in the old unnamed form are left alone (nothing proves their owner dead).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import socket
import uuid
from pathlib import Path

_NAME = re.compile(
    r"^\.(?P<out>.+)\.(?P<purpose>[a-z]+)-(?P<host>[0-9a-f]{8})-(?P<boot>[0-9a-f]{8})"
    r"-(?P<pid>\d+)-(?P<start>\d+)-[0-9a-f]{8}$"
)


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _host() -> str:
    return _short_hash(socket.gethostname())


def _boot() -> str:
    try:
        return _short_hash(Path("/proc/sys/kernel/random/boot_id").read_text().strip())
    except OSError:
        return "00000000"  # no /proc: a reboot cannot be told, so only the pid check applies


def _start_time(pid: int) -> int | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after its last ")".
    return int(stat[stat.rindex(")") + 2 :].split()[19])


def _alive(pid: int, start: int) -> bool:
    found = _start_time(pid)
    if found is not None:
        return found == start
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    # Alive, but no /proc to compare start times: with no proof it is another process, keep it.
    return True


def path_for(out: Path, purpose: str) -> Path:
    """A new staging name beside ``out`` for ``purpose`` ("building", "export", "old"), not created."""
    pid = os.getpid()
    start = _start_time(pid) or 0
    return out.parent / f".{out.name}.{purpose}-{_host()}-{_boot()}-{pid}-{start}-{uuid.uuid4().hex[:8]}"


def new_folder(out: Path, purpose: str) -> Path:
    """Create and return an empty staging folder beside ``out`` (see ``path_for``)."""
    folder = path_for(out, purpose)
    folder.mkdir()
    return folder


def is_stale(folder: Path) -> bool:
    """Whether ``folder`` is a staging folder whose owner is provably gone."""
    match = _NAME.match(folder.name)
    if match is None or match["host"] != _host():
        return False
    if match["boot"] != _boot():
        return True
    return not _alive(int(match["pid"]), int(match["start"]))


def sweep(out: Path) -> list[Path]:
    """Remove the staging folders of ``out`` that died with their command; returns what was removed."""
    removed = []
    with contextlib.suppress(OSError):
        for candidate in out.parent.iterdir():
            if (
                candidate.name.startswith(f".{out.name}.")
                and candidate.is_dir()
                and not candidate.is_symlink()
            ):
                match = _NAME.match(candidate.name)
                if match is not None and match["out"] == out.name and is_stale(candidate):
                    shutil.rmtree(candidate, ignore_errors=True)
                    removed.append(candidate)
    return removed
