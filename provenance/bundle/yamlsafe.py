"""Safe YAML for bundles: plain data only, and every value knows its line.

Bundles come from other people, so the loader trusts nothing (RELIABILITY T5, T6):

* it reads PyYAML's *event stream* (libyaml's C parser when present) and builds the
  tree itself, so no constructor ever runs: ``!!python/...`` and every other tag that
  is not a plain core tag is refused before anything is built;
* anchors and aliases are refused at the first one, so an alias bomb costs nothing;
* the document size, the number of nodes and the nesting depth are capped (memory stays
  bounded); the node cap scales with the size cap, so a caller that trusts a bigger file
  raises one number (:func:`node_cap`);
* duplicate mapping keys are refused (PyYAML would silently keep the last one);
* plain scalars are typed by PyYAML's own resolver, but a timestamp stays the string
  that was written (``2019-02-08`` is not turned into a ``date``), and every scalar
  keeps its source text so a string field can use what was written (``title: 1984``,
  ``speaker: yes``).

Pure: no database, no printing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

__all__ = ["MAX_BYTES", "MAX_NODES", "Node", "TooLarge", "YamlProblem", "load", "node_cap"]

# Twice the largest benchmark tier (100k documents: ~120 MB, ~8M nodes). Memory goes with
# nodes, not bytes: written bundles run 15-18 bytes a node, a hostile `[1,1,1,…` 2. Allowing
# one node per 10 bytes admits dense honest YAML, and caps what any file can cost at about
# what the largest honest bundle accepted costs anyway.
BYTES_PER_NODE = 10
MAX_BYTES = 256_000_000
MAX_NODES = MAX_BYTES // BYTES_PER_NODE
MAX_DEPTH = 32

_CORE = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")} | {"!"}
_ALLOWED_COLLECTION_TAGS = {f"{_CORE}seq", f"{_CORE}map", "!"}
_NO_KEYS: Mapping[str, int] = MappingProxyType({})

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()


class YamlProblem(Exception):
    """Invalid bundle YAML, at a 1-based line (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


class TooLarge(YamlProblem):
    """Over a cap: ``cap`` is "bytes" or "nodes", ``limit`` its value, and ``needed`` the size
    cap (bytes) that would admit the file; for nodes, estimated from how far the parse got."""

    def __init__(self, line: int, message: str, *, cap: str, limit: int, needed: int) -> None:
        super().__init__(line, message)
        self.cap, self.limit, self.needed = cap, limit, needed


def node_cap(max_bytes: int) -> int:
    """The node cap that goes with a size cap, so whoever trusts a bigger file raises one number."""
    return max_bytes // BYTES_PER_NODE


@dataclass(slots=True)
class Node:
    """A loaded value and its 1-based line.

    ``value`` is a ``dict[str, Node]`` for a mapping, a ``list[Node]`` for a sequence,
    or a str / int / float / bool / None for a scalar (``raw`` is then its source text,
    and ``plain`` says it was written unquoted). ``key_lines`` gives a mapping's key lines.
    """

    value: Any
    line: int
    raw: str | None = None
    plain: bool = False
    # Only mappings get a dict of their own: an empty dict on every scalar was ~15% of the tree.
    key_lines: Mapping[str, int] = field(default_factory=lambda: _NO_KEYS)

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_seq(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_scalar(self) -> bool:
        return not isinstance(self.value, dict | list)


def _line(event: Any) -> int:
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else 0


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _scalar(event: Any) -> Node:
    """Type a scalar event: plain ones through PyYAML's resolver, explicit core tags by name."""
    line = _line(event)
    value: str = event.value
    if event.tag is not None and not event.implicit[0] and not event.implicit[1]:
        tag = event.tag  # explicit: `!!int 5`
    elif event.implicit[0]:
        tag = _RESOLVER.resolve(ScalarNode, value, (True, False))
    else:
        return Node(value, line, raw=value)  # quoted
    if tag == f"{_CORE}null":
        return Node(None, line, raw=value, plain=True)
    if tag in (f"{_CORE}bool", f"{_CORE}int", f"{_CORE}float"):
        node = ScalarNode(tag, value)
        try:
            typed = {
                f"{_CORE}bool": _CONSTRUCTOR.construct_yaml_bool,
                f"{_CORE}int": _CONSTRUCTOR.construct_yaml_int,
                f"{_CORE}float": _CONSTRUCTOR.construct_yaml_float,
            }[tag](node)
        except (KeyError, ValueError):
            raise YamlProblem(line, f"{value!r} is not a valid {_short_tag(tag)}") from None
        return Node(typed, line, raw=value, plain=True)
    # str, timestamps (kept as written), "<<" and "=": all stay the text that was written.
    return Node(value, line, raw=value, plain=event.implicit[0])


def _check_event(event: Any) -> None:
    line = _line(event)
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
        raise YamlProblem(line, "anchors/aliases are not allowed in bundles")
    tag = getattr(event, "tag", None)
    if tag is not None:
        implicit: Any = getattr(event, "implicit", False)
        if isinstance(event, yaml.ScalarEvent):
            explicit = not (implicit[0] or implicit[1])
            allowed = _ALLOWED_SCALAR_TAGS
        else:
            explicit = not implicit
            allowed = _ALLOWED_COLLECTION_TAGS
        if explicit and tag not in allowed:
            raise YamlProblem(line, f"tag {_short_tag(tag)} is not allowed: a bundle is plain YAML (no tags)")


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def load(data: bytes, *, max_bytes: int | None = None, max_nodes: int | None = None) -> Node:
    """Parse one YAML document from ``data`` (UTF-8) into a :class:`Node` tree.

    ``max_bytes`` defaults to MAX_BYTES; ``max_nodes`` to MAX_NODES, or to :func:`node_cap`
    of a ``max_bytes`` given. Raises TooLarge over a cap, YamlProblem for anything that is
    not a plain, single YAML document.
    """
    if max_nodes is None:
        max_nodes = MAX_NODES if max_bytes is None else node_cap(max_bytes)
    if max_bytes is None:
        max_bytes = MAX_BYTES
    if len(data) > max_bytes:
        raise TooLarge(
            0,
            f"the file is {len(data):,} bytes, over the cap of {max_bytes:,}",
            cap="bytes",
            limit=max_bytes,
            needed=len(data),
        )
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(line, f"not valid UTF-8 at byte {exc.start}") from None
    if (bad := _CONTROL.search(source)) is not None:  # PyYAML's own message spans several lines
        line = source.count("\n", 0, bad.start()) + 1
        what = "a NUL character" if bad.group() == "\x00" else f"control character U+{ord(bad.group()):04X}"
        raise YamlProblem(line, f"{what} at offset {bad.start()}: a bundle is UTF-8 text, not binary data")
    loader = _Loader(source)
    try:
        return _build(loader, max_nodes, len(data), len(source))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlProblem(mark.line + 1 if mark else 0, problem) from None
    finally:
        loader.dispose()


def _too_many(event: Any, max_nodes: int, size: int, chars: int) -> TooLarge:
    # The nodes so far came from the part of the file read so far: the whole file holds about
    # chars / read times as many, and needs that many times BYTES_PER_NODE of size cap.
    read = max(getattr(event.start_mark, "index", 0), 1)
    needed = max(size, max_nodes * chars // read * BYTES_PER_NODE)
    message = f"more than {max_nodes:,} YAML nodes, over the cap"
    return TooLarge(_line(event), message, cap="nodes", limit=max_nodes, needed=needed)


def _build(loader: Any, max_nodes: int, size: int, chars: int) -> Node:
    """Build the tree from the event stream with an explicit stack (no recursion)."""
    root: Node | None = None
    stack: list[tuple[Node, str | None]] = []  # (collection, pending mapping key)
    count = 0
    documents = 0

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent, pending = stack[-1]
        if parent.is_seq:
            parent.value.append(node)
        elif pending is None:
            if not node.is_scalar:
                raise YamlProblem(node.line, "mapping keys must be plain strings")
            key = "" if node.raw is None else node.raw
            if key in parent.value:
                raise YamlProblem(
                    node.line, f"duplicate field {key!r} (also on line {parent.key_lines[key]})"
                )
            parent.key_lines[key] = node.line  # type: ignore[index]  # a mapping's own dict, not _NO_KEYS
            stack[-1] = (parent, key)
        else:
            parent.value[pending] = node
            stack[-1] = (parent, None)

    while loader.check_event():
        event = loader.get_event()
        _check_event(event)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(_line(event), "a bundle is one YAML document (found a second '---')")
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if count > max_nodes:
                raise _too_many(event, max_nodes, size, chars)
            attach(_scalar(event))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            count += 1
            if count > max_nodes:
                raise _too_many(event, max_nodes, size, chars)
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(_line(event), f"nested more than {MAX_DEPTH} levels deep")
            if isinstance(event, yaml.MappingStartEvent):
                node = Node({}, _line(event), key_lines={})
            else:
                node = Node([], _line(event))
            attach(node)
            stack.append((node, None))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
    if root is None:
        raise YamlProblem(1, "the file is empty")
    return root
