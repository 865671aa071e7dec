"""The project's own errors.

Library code raises these and never prints or exits; the CLI turns them into
one line on stderr and an exit code. Each error says *where* the problem is
(a file, a line, a field, a record) so a user can fix it without a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# A field named in a message, marked so each front end can word it its own way: the library says
# "prefix", the CLI "--prefix". The marker is a control character, which no user text can hold
# (every text field refuses C0 controls), so data never turns into a field name.
_MARK = "\x1f"
_FIELD = re.compile(f"{_MARK}([a-z_]+){_MARK}")


def field(name: str) -> str:
    """``name`` marked as a field in an error message (see :meth:`ProvenanceError.render`)."""
    return f"{_MARK}{name}{_MARK}"


class ProvenanceError(Exception):
    """Base class: a problem the user can act on."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(str(self))

    def render(self, name: Callable[[str], str] = lambda field_name: field_name) -> str:
        """The message, with each field it names worded by ``name`` (the CLI gives its flags)."""
        text = f"{self.where}: {self.message}" if self.where else self.message
        return _FIELD.sub(lambda m: name(m[1]), text)

    def __str__(self) -> str:
        return self.render()


class InvalidInput(ProvenanceError):
    """Input that cannot be accepted as given (bad date, grade, encoding, …)."""

    exit_code = 2


class NotFound(ProvenanceError):
    """A record named by the user does not exist."""

    exit_code = 3


class AlreadyExists(ProvenanceError):
    """The record (or an identical one) is already in the store."""

    exit_code = 4


class QuoteNotFound(InvalidInput):
    """A quote does not occur in the document text."""

    def __init__(self, message: str, *, closest: str | None = None, where: str | None = None) -> None:
        self.closest = closest
        super().__init__(message, where=where)


class QuoteAmbiguous(InvalidInput):
    """A quote occurs more than once; more context is needed."""

    def __init__(self, message: str, *, offsets: list[int], where: str | None = None) -> None:
        self.offsets = offsets
        super().__init__(message, where=where)


class Refused(ProvenanceError):
    """The operation would break the store's integrity (e.g. deleting a cited document)."""

    exit_code = 5


class SchemaMismatch(ProvenanceError):
    """The store's schema is not the one this version of provenance expects."""

    exit_code = 6


class StoreBusy(ProvenanceError):
    """Another command holds the write lock for longer than the busy timeout."""

    exit_code = 75  # EX_TEMPFAIL: try again


class ReadOnlyStore(ProvenanceError):
    """The store can be read but not written here (read-only media or role)."""

    exit_code = 77  # the code a read-only database role gets too


class EditConflict(ProvenanceError):
    """Someone else changed the record since it was read."""

    exit_code = 7


class BundleErrors(InvalidInput):
    """Every problem found while validating a bundle, reported at once."""

    def __init__(self, problems: list[str]) -> None:
        self._raw = problems
        head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in bundle"
        super().__init__(head + ":\n" + "\n".join(problems))

    @property
    def problems(self) -> list[str]:
        """Each problem as a line, fields named as the library names them."""
        return [_FIELD.sub(lambda m: m[1], problem) for problem in self._raw]
