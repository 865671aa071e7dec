"""Safe YAML for bundles: plain data only, and every value knows its line.

Bundles come from other people, so the loader trusts nothing (RELIABILITY T5, T6):

* it reads PyYAML's *event stream* (libyaml's C parser when present) and builds the
  tree itself, so no constructor ever runs: ``!!python/...`` and every other tag that
  is not a plain core tag is refused before anything is built;
* anchors and aliases are refused at the first one, so an alias bomb costs nothing;
* the document size, the number of nodes and the nesting depth are capped;
* duplicate mapping keys are refused (PyYAML would silently keep the last one);
* plain scalars are typed by PyYAML's own resolver, but a timestamp stays the string
  that was written (``2019-02-08`` is not turned into a ``date``), and every scalar
  keeps its source text so a string field can use what was written (``title: 1984``,
  ``speaker: yes``).

Pure: no database, no printing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

__all__ = ["MAX_BYTES", "MAX_NODES", "Node", "YamlProblem", "load"]

MAX_BYTES = 50 * 1024 * 1024
MAX_NODES = 2_000_000
MAX_DEPTH = 32

_CORE = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")} | {"!"}
_ALLOWED_COLLECTION_TAGS = {f"{_CORE}seq", f"{_CORE}map", "!"}

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()


class YamlProblem(Exception):
    """Invalid bundle YAML, at a 1-based line (0 when unknown)."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


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
    key_lines: dict[str, int] = field(default_factory=dict)

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


def _check_event(event: Any, count: int) -> None:
    line = _line(event)
    if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
        raise YamlProblem(line, "anchors/aliases are not allowed in bundles")
    tag = getattr(event, "tag", None)
    if tag is not None:
        implicit = getattr(event, "implicit", False)
        if isinstance(event, yaml.ScalarEvent):
            explicit = not (implicit[0] or implicit[1])
            allowed = _ALLOWED_SCALAR_TAGS
        else:
            explicit = not implicit
            allowed = _ALLOWED_COLLECTION_TAGS
        if explicit and tag not in allowed:
            raise YamlProblem(line, f"tag {_short_tag(tag)} is not allowed: a bundle is plain YAML (no tags)")
    if count > MAX_NODES:
        raise YamlProblem(line, f"too many YAML nodes (more than {MAX_NODES:,})")


def load(data: bytes) -> Node:
    """Parse one YAML document from ``data`` (UTF-8) into a :class:`Node` tree.

    Raises YamlProblem for anything that is not a plain, single YAML document.
    """
    if len(data) > MAX_BYTES:
        raise YamlProblem(0, f"the file is {len(data):,} bytes; bundles are limited to {MAX_BYTES:,}")
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(line, f"not valid UTF-8 at byte {exc.start}") from None
    loader = _Loader(source)
    try:
        return _build(loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlProblem(mark.line + 1 if mark else 0, problem) from None
    finally:
        loader.dispose()


def _build(loader: Any) -> Node:
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
            parent.key_lines[key] = node.line
            stack[-1] = (parent, key)
        else:
            parent.value[pending] = node
            stack[-1] = (parent, None)

    while loader.check_event():
        event = loader.get_event()
        count += 1
        _check_event(event, count)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(_line(event), "a bundle is one YAML document (found a second '---')")
        elif isinstance(event, yaml.ScalarEvent):
            attach(_scalar(event))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(_line(event), f"nested more than {MAX_DEPTH} levels deep")
            node = Node({} if isinstance(event, yaml.MappingStartEvent) else [], _line(event))
            attach(node)
            stack.append((node, None))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
    if root is None:
        raise YamlProblem(1, "the file is empty")
    return root
