"""Reading one bundle record's fields, collecting every problem instead of stopping at the first.

Also the one place a bundle's text files are opened: a text path must be relative and
resolve (symlinks followed) inside the bundle folder, or nothing is read (RELIABILITY T7).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, TypeVar

from ..errors import ProvenanceError
from ..limits import DEFAULT_TEXT_MB, MB, read_regular_file
from ..records import check_key
from ..text import canonicalize_bytes, check_field
from .schema import FIELDS, LIMITS, REQUIRED, Where
from .yamlsafe import Node

T = TypeVar("T")

OUTSIDE = "text path must stay inside the bundle folder"


class Problems:
    """Every problem found, as ``bundle.yaml:LINE field.path: message``, in line order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._found: list[tuple[int, str]] = []

    def add(self, line: int, path: str, message: str) -> None:
        where = f"{self.name}:{line} {path}" if path else f"{self.name}:{line}"
        self._found.append((line, f"{where}: {message}"))

    @property
    def items(self) -> list[str]:
        return [text for _, text in sorted(self._found, key=lambda found: found[0])]

    def __bool__(self) -> bool:
        return bool(self._found)


def _message(exc: ProvenanceError, name: str) -> str:
    """The error's message; its `where` is dropped when it only repeats the field's name."""
    return exc.message if exc.where in (None, "", name) else str(exc)


class Fields:
    """One record (a mapping node) of a section, read field by field."""

    def __init__(self, node: Node, section: str, index: int, problems: Problems) -> None:
        self.section = section
        self.node = node
        self.problems = problems
        self.values: dict[str, Node] = node.value if node.is_map else {}
        self.where = Where(node.line, f"{section}[{index}]", dict(node.key_lines))
        self.ok = True
        if not node.is_map:
            self.fail(None, f"each of {section} must be a mapping of fields (key: value)")
            return
        allowed = FIELDS[section]
        for name in self.values:
            if name not in allowed:
                self.fail(name, f"unknown field {name!r}; {section} have: {', '.join(allowed)}")
        for name in REQUIRED[section]:
            if self._node(name) is None:
                self.fail(None, f"missing required field {name!r}")

    def fail(self, name: str | None, message: str) -> None:
        self.ok = False
        self.where.broken.add(name.split("[")[0] if name else "")
        line = self.where.of(name) if name else self.where.line
        self.problems.add(line, f"{self.where.path}.{name}" if name else self.where.path, message)

    def _node(self, name: str) -> Node | None:
        found = self.values.get(name)
        return None if found is None or found.value is None else found

    def has(self, name: str) -> bool:
        return self._node(name) is not None

    def raw(self, name: str) -> Any:
        found = self._node(name)
        return None if found is None else found.value

    def _scalar_text(self, name: str, node: Node) -> str | None:
        if not node.is_scalar:
            self.fail(name, "must be text, not a list or mapping")
            return None
        if isinstance(node.value, str):
            return node.value
        return node.raw if node.plain and node.raw is not None else str(node.value)

    def text(self, name: str, default: str | None = None) -> str | None:
        """A short text field, canonicalised (NFC, stripped, no control characters)."""
        node = self._node(name)
        if node is None:
            return default
        value = self._scalar_text(name, node)
        if value is None:
            return default
        try:
            cleaned = check_field(value, field=name)
        except ProvenanceError as exc:
            self.fail(name, _message(exc, name))
            return default
        if not cleaned:
            if name in REQUIRED[self.section]:
                self.fail(name, "is empty")
            return default
        if (problem := self._too_long(name, cleaned)) is not None:
            self.fail(name, problem)
            return default
        return cleaned

    def _too_long(self, name: str, value: str) -> str | None:
        limit = LIMITS.get(f"{self.section}.{name}")
        if limit is None or len(value) <= limit:
            return None
        return f"is {len(value)} characters long; at most {limit} are allowed"

    def verbatim(self, name: str) -> str | None:
        """A text field taken as written (a quote is matched against the document, not cleaned)."""
        node = self._node(name)
        value = None if node is None else self._scalar_text(name, node)
        if value is not None and (problem := self._too_long(name, value)) is not None:
            self.fail(name, problem)
            return None
        return value

    def parsed(self, name: str, parse: Callable[[str], T], default: T | None = None) -> T | None:
        value = self.text(name)
        if value is None:
            return default
        try:
            return parse(value)
        except ProvenanceError as exc:
            self.fail(name, _message(exc, name))
            return default

    def key(self, name: str) -> str | None:
        """A key or a reference to one: a lowercase ASCII slug."""
        return self.parsed(name, lambda v: check_key(v, field=name))

    def integer(self, name: str) -> int | None:
        node = self._node(name)
        if node is None:
            return None
        if type(node.value) is not int or node.value < 0:
            self.fail(
                name, f"must be a whole number of code points (0 or more), not {node.raw or node.value!r}"
            )
            return None
        return int(node.value)

    def items(self, name: str) -> list[tuple[int, Node]]:
        """The (line, node) items of a list field; a single scalar counts as a one-item list."""
        node = self._node(name)
        if node is None:
            return []
        if node.is_map:
            self.fail(name, "must be a list")
            return []
        return [(item.line, item) for item in node.value] if node.is_seq else [(node.line, node)]

    def texts(self, name: str) -> list[str]:
        return [value for _, value in self.indexed_texts(name)]

    def indexed_texts(self, name: str) -> list[tuple[int, str]]:
        """A list of short texts, each canonicalised, with its index in the list; empty items are refused.

        Each item's line is kept in ``where.lines`` as ``name[i]``.
        """
        out: list[tuple[int, str]] = []
        for i, (line, item) in enumerate(self.items(name)):
            where = f"{self.where.path}.{name}[{i}]"
            self.where.lines[f"{name}[{i}]"] = line
            if not item.is_scalar or item.value is None:
                self.problems.add(line, where, "must be text")
                self.ok = False
                continue
            value = item.value if isinstance(item.value, str) else (item.raw or str(item.value))
            try:
                cleaned = check_field(value, field=name)
            except ProvenanceError as exc:
                self.problems.add(line, where, _message(exc, name))
                self.ok = False
                continue
            problem = "is empty" if not cleaned else self._too_long(name, cleaned)
            if problem is not None:
                self.problems.add(line, where, problem)
                self.ok = False
                continue
            out.append((i, cleaned))
        return out


def read_text(
    folder: Path,
    relative: str,
    *,
    cache: dict[Path, bytes] | None = None,
    max_bytes: int = DEFAULT_TEXT_MB * MB,
) -> str:
    """The canonical text of the bundle file ``relative``; nothing outside ``folder`` is read.

    Raises ProvenanceError (InvalidInput) with a message naming the path.
    """
    from ..errors import InvalidInput

    data = read_bytes(folder, relative, cache=cache, max_bytes=max_bytes)
    text = canonicalize_bytes(data, source=relative)
    if not text.strip():
        raise InvalidInput(f"{relative}: the text is empty")
    return text


def read_bytes(
    folder: Path,
    relative: str,
    *,
    cache: dict[Path, bytes] | None = None,
    max_bytes: int = DEFAULT_TEXT_MB * MB,
) -> bytes:
    """The bytes of the bundle file ``relative`` (a text, a snapshot); nothing outside ``folder``
    is read: the path must be relative and resolve (symlinks followed) inside it."""
    from ..errors import InvalidInput

    if not relative or PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute():
        raise InvalidInput(f"{OUTSIDE} ({relative!r} is absolute)")
    if relative.startswith("~"):
        raise InvalidInput(f"{OUTSIDE} ({relative!r})")
    root = folder.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise InvalidInput(f"{OUTSIDE} ({relative!r} resolves to a file outside it)")
    if cache is not None and target in cache:
        data = cache[target]
    else:
        data = read_regular_file(target, max_bytes=max_bytes, label=relative, nofollow=True)
        if cache is not None:
            cache[target] = data
    return data
