"""provenance: a claim-and-source provenance tracker.

The library API: open a `Store`, take one transaction (`store.write()` or
`store.read()`), and call the noun modules' functions with its session, e.g.

    from provenance import Store
    from provenance.claims import add_claim

    with Store("sqlite:///provenance.db").write() as session:
        add_claim(session, "tm-hazimite-coup", quote="…", statement="…")
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Store", "__version__"]


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # Lazy, so `provenance --help` does not pay for SQLAlchemy.
    if name == "Store":
        from .db import Store

        return Store
    raise AttributeError(name)
