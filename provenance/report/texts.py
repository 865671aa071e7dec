"""Documents' texts for the pages that show them, read in chunks as the build reaches them.

Texts are most of a store's bytes, so the build does not hold them all: it knows the
order in which pages will ask for texts and reads the next chunk of that order in one
query when a page asks for a text it has not got. A text is read by document and
revision, and revisions are never changed, so a chunk read later in the build's read
transaction is the very text that was checked when the site was loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from ..models import DocumentText
from .views import Site

CHUNK = 256  # texts read by one query


class Texts:
    """Held documents' current texts, read from `session` in chunks of `order`."""

    def __init__(
        self,
        session: Session | None,
        site: Site,
        order: Iterable[int],
        chunk: int = CHUNK,
        seen: Callable[[int, str], None] | None = None,
    ) -> None:
        """`seen(document_id, text)` is called for each text as it is read (the search index's
        passages are made from the texts the pages read, not from a second reading)."""
        self.session, self.site, self.chunk, self.seen = session, site, chunk, seen
        documents = site.documents
        # Each held document once, where it is first needed; a part's container comes with it.
        wanted: dict[int, None] = {}
        for document_id in order:
            document = dict.__getitem__(documents, document_id)
            for needed in (document_id, document.part_of_id):
                if needed is not None and dict.__getitem__(documents, needed).held:
                    wanted.setdefault(needed)
        self.order = list(wanted)
        self.position = {document_id: n for n, document_id in enumerate(self.order)}
        self.cache: dict[int, str] = {}

    def __call__(self, document_id: int) -> str | None:
        """The current text of a held document, or None."""
        if document_id not in self.cache:
            document = dict.__getitem__(self.site.documents, document_id)
            if not document.held or self.session is None:
                return None
            start = self.position.get(document_id)
            ids = self.order[start : start + self.chunk] if start is not None else [document_id]
            self.cache = self._read(ids if document_id in ids else [document_id, *ids])
        return self.cache.get(document_id)

    def _read(self, ids: list[int]) -> dict[int, str]:
        assert self.session is not None
        documents = self.site.documents
        pairs = [(i, dict.__getitem__(documents, i).revision) for i in ids]
        query = select(DocumentText.document_id, DocumentText.text).where(
            tuple_(DocumentText.document_id, DocumentText.revision).in_(pairs)
        )
        found = {document_id: text for document_id, text in self.session.connection().execute(query)}
        if self.seen is not None:
            for document_id in sorted(found):
                self.seen(document_id, found[document_id])
        return found
