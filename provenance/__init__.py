"""provenance: a claim-and-source provenance tracker.

The library's front door is `Store`: one object with a method for every verb, each one
transaction, returning plain values (see `provenance.store`):

    from provenance import Store

    store = Store("provenance.db", actor="alice")
    doc = store.add_document("article.txt", title="…", outlet="CTC Sentinel", published="2018-10")
    claim = store.add_claim(doc.key, quote="killed in an airstrike in May 2017", statement="…")
    store.trace(claim.key)

To compose several calls in one transaction, take `store.write()` (or `store.read()`) and call
the noun modules (`provenance.claims`, `provenance.documents`, …) with the session it yields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Store", "__version__"]

if TYPE_CHECKING:
    from .store import Store


def __getattr__(name: str) -> Any:
    # Lazy, so `provenance --help` does not pay for SQLAlchemy.
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(name)
