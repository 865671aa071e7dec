"""What every command shares: the store it opens, error handling, and output."""

from __future__ import annotations

import functools
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import typer

if TYPE_CHECKING:
    from ..store import Store

F = TypeVar("F", bound=Callable[..., Any])

# Set by the app callback from --db and --as; read when a command opens the store.
options: dict[str, str | None] = {"db": None, "actor": None}

JSON_OPTION = typer.Option(False, "--json", help="Print JSON for scripts instead of a table.")
EXPECT_VERSION_OPTION = typer.Option(
    None,
    "--expect-version",
    metavar="N",
    help="Refuse (exit 7) if someone changed the record since you read version N.",
)
# One size rule for every entry path (provenance.limits): the same option on doc add, revise and import.
MAX_MB_OPTION = typer.Option(
    None,
    "--max-mb",
    metavar="MB",
    min=1,
    help="Read a text of up to MB megabytes (default 64) from a source you trust.",
)


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def quiet_broken_pipe() -> NoReturn:
    """The reader went away (`provenance claim list --json | head`): what it read is all it wanted,
    so exit 0 without a word. Standard output is pointed at /dev/null first, so the interpreter's
    last flush of the unwritten rest does not fail again on its way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (a test runner's capture): nothing is flushed at exit
    raise SystemExit(0)


def handle_errors(func: F) -> F:
    """Turn the project's errors into one line on stderr and a non-zero exit; no tracebacks."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
        from sqlalchemy.orm.exc import StaleDataError

        from ..errors import ProvenanceError

        try:
            return func(*args, **kwargs)
        except ProvenanceError as exc:
            fail(exc.render(flag), exc.exit_code)
        except StaleDataError:
            # A version-checked UPDATE found the row changed under it (an edit that did not lock first).
            fail("the record was changed by another editor at the same moment; reload it and try again", 7)
        except IntegrityError as exc:
            fail(f"the store refused the change: {_constraint_message(exc)}", 4)
        except OperationalError as exc:
            from ..db import is_busy_error

            if is_busy_error(exc):
                fail("the store is busy: another provenance command is writing; try again", 75)
            fail(f"the store could not be used: {_first_line(exc)}", 1)
        except DBAPIError as exc:
            if "permission denied" in _first_line(exc).lower():
                fail(
                    f"the store refused the write ({_first_line(exc)}): this database role may only read", 77
                )
            fail(f"the store refused the command: {_first_line(exc)}", 1)
        except BrokenPipeError:
            quiet_broken_pipe()
        except OSError as exc:
            fail(f"{exc.filename or 'I/O'}: {exc.strerror or exc}", 1)

    return cast(F, wrapper)  # functools.wraps keeps the signature Typer reads


# The library names fields by their parameter names; these are the command line's names for them
# where the flag is not simply the name with dashes.
_FLAGS = {"document": "--doc", "db": "--db", "actor": "--as"}


def flag(name: str) -> str:
    """The command-line flag for a field the library names (``max_mb`` -> ``--max-mb``)."""
    return _FLAGS.get(name, "--" + name.replace("_", "-"))


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0]


# Unique constraints a race between two editors can trip (the loser's SELECT ran before the
# winner committed), said in the users' words. PostgreSQL names the constraint, SQLite the columns.
_RACES = [
    (
        "uq_document_sha256",
        "document.sha256",
        "this text is already held: another editor added it at the same moment",
    ),
    ("uq_document_key", "document.key", "a document with this key already exists"),
    ("uq_claim_key", "claim.key", "a claim with this key already exists"),
    ("uq_outlet_name", "outlet.name", "an outlet with this name already exists"),
    ("uq_outlet_key", "outlet.key", "an outlet with this key already exists"),
    ("uq_entity_name", "entity.name", "an entity with this name already exists"),
    ("uq_entity_key", "entity.key", "an entity with this key already exists"),
    ("uq_entity_alias_alias", "entity_alias.alias", "this alias already names an entity"),
    (
        "uq_relation_claim_a_id_kind_claim_b_id",
        "relation.claim_a_id",
        "these claims are already related this way",
    ),
]


def _constraint_message(exc: Exception) -> str:
    text = _first_line(exc)
    for constraint, columns, message in _RACES:
        if constraint in text or f"failed: {columns}" in text:
            return message
    if "unique" in text.lower() or "duplicate" in text.lower():
        return f"a record like this already exists ({text})"
    if "foreign key" in text.lower():
        return f"other records depend on it or it refers to a missing record ({text})"
    return text


def store() -> Store:
    from ..store import Store

    return Store(options["db"], actor=options["actor"])


@contextmanager
def opened() -> Iterator[Store]:
    """The store the command works on (``--db``), closed when the command is done. Each of its
    methods is one transaction."""
    s = store()
    if s.read_only_reason is not None:
        typer.echo(f"note: opened read-only: {s.read_only_reason}", err=True)
    try:
        yield s
    finally:
        s.dispose()


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False, default=str))


def print_json_list(items: Iterable[Any]) -> None:
    """The bytes `print_json(list(items))` prints, each item written as soon as it comes: an item
    dumped alone, its lines indented one level, is what it is inside the array (a JSON string
    holds no raw line break)."""
    first = True
    for item in items:
        body = json.dumps(item, ensure_ascii=False, indent=2, sort_keys=False, default=str)
        typer.echo(("[\n  " if first else ",\n  ") + body.replace("\n", "\n  "), nl=False)
        first = False
    typer.echo("[]" if first else "\n]")


def print_table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> None:
    """A plain aligned table; long cells are shortened so each row stays one line."""
    if not rows:
        typer.echo("(none)")
        return
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    typer.echo("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip())
    for row in cells:
        typer.echo("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: Any, limit: int = 60) -> str:
    from ..text import shorten

    return "" if value is None else shorten(str(value), limit)


def print_fields(fields: Sequence[tuple[str, Any]]) -> None:
    width = max(len(name) for name, _ in fields)
    for name, value in fields:
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, list):
            value = ", ".join(map(str, value))
        typer.echo(f"{name.rjust(width)}  {value}")


def progress(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(message, err=True)
