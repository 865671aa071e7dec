"""What the tool reads from a text by itself: pure rules, text in, proposals out (no database).

The API phase 2 calls from ``claim add``, ``cites find`` and ``conflicts``:

* :func:`read_corpus` — documents and claims (by quote) in; events, attributions per document
  (each with the claims its sentence carries), readings per claim and suggested contradictions out;
* :class:`DocumentText` + :func:`read_span` — one document read once, and the readings of one
  quote in it (``claim add``);
* :func:`find_attributions` + :func:`attach` — every attribution phrase of a text (``cites find``);
* :func:`suggest` on :class:`ClaimReadings` — suggestions across outlets (``conflicts``);
* :func:`fold_name`, :class:`EntityIndex` — the one name fold, and the entities a text names;
* :func:`find_dates`, :func:`find_quantities`, :func:`split_sentences`, :func:`split_header`,
  :func:`group_documents` — the parsers underneath.

``READER_VERSION`` names the rules that proposed a reading (who proposed: the reader, with it).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

# Each name is imported from its module when first used (PEP 562): `from provenance.reading.reuse
# import ...` (every write's search index) or one parser does not compile every rule of the reader.
if TYPE_CHECKING:
    from .attributions import Attribution, attach, find_attributions
    from .compare import ClaimReadings, Suggestion, suggest
    from .corpus import CorpusReading, InputClaim, InputDocument, read_corpus
    from .dates import DateMention, Published, find_dates
    from .document import Body, split_header
    from .names import EntityHit, EntityIndex, EntityName, fold_name, fold_tokens, skeleton
    from .quantities import QuantityMention, find_quantities
    from .readings import DocumentText, Reading, read_span
    from .sentences import Sentences, split_sentences
    from .stories import StoryDocument, group_documents

_WHERE = {
    "Attribution": "attributions",
    "attach": "attributions",
    "find_attributions": "attributions",
    "ClaimReadings": "compare",
    "Suggestion": "compare",
    "suggest": "compare",
    "CorpusReading": "corpus",
    "InputClaim": "corpus",
    "InputDocument": "corpus",
    "read_corpus": "corpus",
    "DateMention": "dates",
    "Published": "dates",
    "find_dates": "dates",
    "Body": "document",
    "split_header": "document",
    "EntityHit": "names",
    "EntityIndex": "names",
    "EntityName": "names",
    "fold_name": "names",
    "fold_tokens": "names",
    "skeleton": "names",
    "QuantityMention": "quantities",
    "find_quantities": "quantities",
    "DocumentText": "readings",
    "Reading": "readings",
    "read_span": "readings",
    "Sentences": "sentences",
    "split_sentences": "sentences",
    "StoryDocument": "stories",
    "group_documents": "stories",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


READER_VERSION = "reader/1"

__all__ = [
    "READER_VERSION",
    "Attribution",
    "Body",
    "ClaimReadings",
    "CorpusReading",
    "DateMention",
    "DocumentText",
    "EntityHit",
    "EntityIndex",
    "EntityName",
    "InputClaim",
    "InputDocument",
    "Published",
    "QuantityMention",
    "Reading",
    "Sentences",
    "StoryDocument",
    "Suggestion",
    "attach",
    "find_attributions",
    "find_dates",
    "find_quantities",
    "fold_name",
    "fold_tokens",
    "group_documents",
    "read_corpus",
    "read_span",
    "skeleton",
    "split_header",
    "split_sentences",
    "suggest",
]
