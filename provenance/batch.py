"""Batch curation: many claims logged from one file (`provenance claim add --from FILE`).

The file is a CSV with a header, or JSON lines (one object a line); its columns are the options of
`claim add`: ``doc`` (or ``document``), ``quote``, ``statement``, ``speaker``, ``hedging``,
``verdict``, ``credibility``, ``prefix``, ``suffix``, ``start``, ``entity`` (or ``entities``:
several separated by ``;`` in a CSV, a list in JSON), ``note`` and ``key``.

Every row is logged in one transaction, all or nothing: each row runs in a savepoint, so a row
that fails is reported and the next is still checked; if any failed, the transaction is rolled
back and every problem is raised at once, each as ``FILE:LINE field: message``. One transaction
rather than a commit per row, because a half-logged file leaves the curator to find which rows
went in before fixing and rerunning the rest; with all or nothing the fixed file is simply run
again.

With reading on, the reader's view of the held documents (their grouping into stories) is built
once for the whole file, and each document's text is read once (the reader caches it by
document); the rivals a single ``claim add`` lists are not computed per row (``provenance
conflicts`` finds them across the store).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import _FIELD, InvalidInput, ProvenanceError, QuoteAmbiguous, QuoteNotFound
from .models import Claim

TEXT_COLUMNS = ("quote", "statement", "speaker", "hedging", "verdict", "prefix", "suffix", "note", "key")
NUMBER_COLUMNS = ("credibility", "start")
ALIASES = {"document": "doc", "entities": "entity"}
COLUMNS = ("doc", *TEXT_COLUMNS, *NUMBER_COLUMNS, "entity")
# The library's names for fields, as the file's columns name them.
_LIBRARY_FIELDS = {"document": "doc", "entities": "entity"}


class RowErrors(InvalidInput):
    """Every problem found in a file of rows, each ``FILE:LINE field: message``, reported at once."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {source}; no claim was logged"
        super().__init__(head + ":\n" + "\n".join(problems))


@dataclass
class Row:
    line: int
    values: dict[str, Any]


def read_rows(path: Path, problems: list[str]) -> list[Row]:
    """The rows of a CSV (with a header) or JSON-lines file; problems of form are appended."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read it ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidInput(f"{name}:{line}: not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise InvalidInput(f"{name}:{text[: text.index(chr(0))].count(chr(10)) + 1}: holds a NUL byte")
    first = text.lstrip()[:1]
    as_json = path.suffix.lower() in (".jsonl", ".ndjson", ".json") or (
        path.suffix.lower() != ".csv" and first == "{"
    )
    rows = list(_json_rows(name, text, problems) if as_json else _csv_rows(name, text, problems))
    if not rows and not problems:
        problems.append(f"{name}:1 row: the file holds no claim")
    return rows


def _json_rows(name: str, text: str, problems: list[str]) -> Iterator[Row]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{name}:{number} json: not a JSON object ({exc.msg}, column {exc.colno})")
            continue
        if not isinstance(values, dict):
            problems.append(
                f"{name}:{number} json: a line must be one JSON object, not {type(values).__name__}"
            )
            continue
        row = _checked(name, number, values, problems)
        if row is not None:
            yield row


def _csv_rows(name: str, text: str, problems: list[str]) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        problems.append(f"{name}:1 header: {exc}")
        return
    columns = [c.strip().lower() for c in header]
    unknown = [c for c in columns if ALIASES.get(c, c) not in COLUMNS]
    if unknown:
        known = ", ".join(COLUMNS)
        problems.append(
            f"{name}:1 header: unknown column{'s' if len(unknown) > 1 else ''} {unknown} (known: {known})"
        )
        return
    seen = [ALIASES.get(c, c) for c in columns]
    if len(set(seen)) != len(seen):
        problems.append(f"{name}:1 header: a column is named twice ({columns})")
        return
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(f"{name}:{start} row: {exc}")
            return
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            problems.append(f"{name}:{start} row: {len(cells)} cells, the header names {len(columns)}")
            continue
        values: dict[str, Any] = {c: cell for c, cell in zip(seen, cells, strict=True) if cell != ""}
        if "entity" in values:
            values["entity"] = [e.strip() for e in values["entity"].split(";") if e.strip()]
        row = _checked(name, start, values, problems)
        if row is not None:
            yield row


def _checked(name: str, line: int, given: dict[str, Any], problems: list[str]) -> Row | None:
    values: dict[str, Any] = {}
    before = len(problems)
    for column, value in given.items():
        key = ALIASES.get(column, column)
        if key not in COLUMNS:
            problems.append(f"{name}:{line} {column}: unknown field (known: {', '.join(COLUMNS)})")
        elif value is None:
            continue
        elif key in NUMBER_COLUMNS:
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                value = int(value.strip())
            if not isinstance(value, int) or isinstance(value, bool):
                problems.append(f"{name}:{line} {key}: {value!r} is not a whole number")
                continue
            values[key] = value
        elif key == "entity":
            entities = [value] if isinstance(value, str) else value
            if not isinstance(entities, list) or not all(isinstance(e, str) for e in entities):
                problems.append(f"{name}:{line} entity: give an entity's name or key, or a list of them")
                continue
            values[key] = entities
        elif not isinstance(value, str):
            problems.append(f"{name}:{line} {key}: must be text, not {type(value).__name__}")
        else:
            values[key] = value
    for needed in ("doc", "quote"):
        if not values.get(needed) and len(problems) == before:
            problems.append(f"{name}:{line} {needed}: missing (every row needs doc and quote)")
    return Row(line, values) if len(problems) == before else None


def _where(exc: ProvenanceError) -> tuple[str, str]:
    """The field an error is about (as the file's columns name it) and its message in those names."""
    text = exc.render(lambda n: _LIBRARY_FIELDS.get(n, n))
    marked = _FIELD.search(exc.render())  # the first field the library named, if any
    if marked is None:
        marked = _FIELD.search(exc.message)
    if marked is not None:
        return _LIBRARY_FIELDS.get(marked[1], marked[1]), text
    if isinstance(exc, (QuoteNotFound, QuoteAmbiguous)):
        return "quote", text
    said = text.split(" ", 1)[0].lower()  # "verdict 'maybe' is not one of …", "credibility 9 …"
    if said in COLUMNS:
        return said, text
    return "row", text


def add_claims(
    session: Session,
    path: Path,
    *,
    read: bool = True,
    link_entities: bool = True,
) -> list[Claim]:
    """Log every row of ``path`` as a claim, in the caller's transaction; any problem raises
    :class:`RowErrors` naming each (the caller's transaction must then be rolled back)."""
    from .documents import TEXTS_HELD

    name = str(path)
    problems: list[str] = []
    rows = read_rows(path, problems)  # rows of a bad form are reported; the others are still tried
    claims: list[Claim] = []
    session.info[TEXTS_HELD] = {}  # each document's text is read once for the whole file
    try:
        _add_rows(session, name, rows, problems, claims, read=read, link_entities=link_entities)
    finally:
        session.info.pop(TEXTS_HELD, None)
    if problems:
        raise RowErrors(name, sorted(problems, key=_line_of))
    return claims


def _add_rows(
    session: Session,
    name: str,
    rows: list[Row],
    problems: list[str],
    claims: list[Claim],
    *,
    read: bool,
    link_entities: bool,
) -> None:
    from .claims import add_claim
    from .documents import get_document
    from .text import shorten

    corpus = None
    if read:
        from .proposals import _corpus, read_claim

        corpus = _corpus(session)  # the reader's view of the held documents, once for the file
    documents: dict[str, Any] = {}
    for row in rows:
        values = dict(row.values)
        ref = values.pop("doc")
        entities = values.pop("entity", [])
        try:
            if ref not in documents:
                documents[ref] = get_document(session, ref)
        except ProvenanceError as exc:
            problems.append(f"{name}:{row.line} doc: {_where(exc)[1]}")
            continue
        quote = values.pop("quote")
        statement = values.pop("statement", None) or shorten(quote, 300)
        # No savepoint per row: add_claim checks before it writes and inserts in a savepoint of its
        # own (a refused key leaves the session usable), and a failed row fails the whole file.
        try:
            claim = add_claim(
                session, str(documents[ref].id), quote=quote, statement=statement, entities=entities, **values
            )
            if read:
                link = link_entities and not entities
                read_claim(session, claim, link=link, corpus=corpus, rivals=False)
        except ProvenanceError as exc:
            column, message = _where(exc)
            problems.append(f"{name}:{row.line} {column}: {message}")
            continue
        except IntegrityError as exc:  # a unique key the store already holds (or an earlier row took)
            first = str(exc.orig).strip().splitlines()[0]
            if "key" in first:
                problems.append(f"{name}:{row.line} key: a claim with this key already exists")
            else:
                problems.append(f"{name}:{row.line} row: the store refused it ({first})")
            continue
        claims.append(claim)


def _line_of(problem: str) -> int:
    where = problem.split(" ", 1)[0].rsplit(":", 1)[-1]
    return int(where) if where.isdigit() else 0
