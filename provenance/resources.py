"""Where the package's non-Python files are, installed or in a checkout.

The design card keeps `migrations/`, `templates/` and `seeds/` at the top level of
the repository; the wheel maps them into the package. This is the one place that
knows both layouts.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` (migrations, templates or seeds), from the wheel or the checkout."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"provenance is installed without its {name}/ folder")
