"""A small, deterministic YAML emitter for exported bundles.

The output is a function of the data alone: fixed key order, one style per kind of
value, ``\\n`` line endings and a trailing newline. A string is written plain only
when it is unmistakably a plain string (a conservative ASCII set, and PyYAML's own
resolver reads it back as a string); anything else is double-quoted on one line,
with escapes for line breaks, quotes, backslashes and every invisible or control
character (bidi controls and zero-width characters stay visible to a reviewer as
``\\u202e``). Printable non-ASCII (Arabic, emoji) is written as itself.

Pure: no database, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

__all__ = ["Quoted", "emit_bundle", "scalar"]


class Quoted(str):
    """A string always written double-quoted (dates: ``published: "2019-02"``, as in the spec)."""


_RESOLVER = Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,;()/'_+?-]*")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .;()/'_+?-]*")  # no "," inside [a, b]
_ALSO_QUOTED = {"y", "Y", "n", "N"}  # booleans to some YAML readers
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t"}


def _plain_ok(s: str, *, flow: bool) -> bool:
    if not (_FLOW_PLAIN if flow else _PLAIN).fullmatch(s) or s.endswith(" ") or s in _ALSO_QUOTED:
        return False
    return _RESOLVER.resolve(ScalarNode, s, (True, False)) == _STR_TAG


def _escape(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    category = unicodedata.category(ch)
    if category[0] == "C" or category in ("Zl", "Zp") or (category == "Zs" and ch != " "):
        code = ord(ch)
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return ch


def _double_quoted(s: str) -> str:
    return '"' + "".join(_escape(ch) for ch in s) + '"'


def scalar(value: Any, *, flow: bool = False) -> str:
    """One scalar in its canonical style."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if _plain_ok(text, flow=flow) and not isinstance(value, Quoted) else _double_quoted(text)


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(scalar(v, flow=True) for v in value) + "]"
    return scalar(value)


def _record(fields: Mapping[str, Any]) -> Iterable[str]:
    lead = "  - "
    for name, value in fields.items():
        if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            yield f"{lead}{name}:"  # a list of flat mappings (a document's snapshots), one block each
            for item in value:
                inner = "      - "
                for key, v in item.items():
                    yield f"{inner}{key}: {_value(v)}"
                    inner = "        "
        else:
            yield f"{lead}{name}: {_value(value)}"
        lead = "    "


def emit_bundle(fmt: str, sections: Sequence[tuple[str, Sequence[Mapping[str, Any]]]]) -> str:
    """The whole bundle.yaml: ``format``, then each section's records in the order given.

    Each record is a mapping whose insertion order is the field order; values are
    scalars, flat lists of scalars, or lists of mappings of scalars (written as nested blocks).
    """
    lines = [f"format: {scalar(fmt)}"]
    for name, records in sections:
        lines.append("")
        if not records:
            lines.append(f"{name}: []")
            continue
        lines.append(f"{name}:")
        for record in records:
            lines.extend(_record(record))
    return "\n".join(lines) + "\n"
