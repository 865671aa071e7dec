"""The walls between layers: every import of every module under provenance/ points down, and none loops.

Imports are read from the source (module level, inside functions, and under TYPE_CHECKING alike: a
cycle hidden in a function is still a cycle). The layers, bottom to top:

0. pure: errors, ids, limits, folding, unicode_ranges, text, anchoring, values, detect, chains,
   staging, files, urls, claimreview, reanchoring, the cites/ scanner, reading/;
1. store plumbing: models, db, resources, migrate;
2. the library's nouns: events, records, documents, claims, citations, relations, assertions,
   entities, outlets, conflicts, tracing, revisions, integrity, readers, details, cites/store, search…;
3. whole-store readers and writers: bundle/, report/, exports/, backup, transfer;
4. the front door: store (and the package root that hands it out), demo;
5. front ends: cli/, web/.

A module may import its own layer or any below it; pure modules import no database (SQLAlchemy,
models, db), even through another module; `exports/` never imports `report/` (what both need lives
in the library); and nothing imports a front end.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "provenance"

PURE = {
    "errors",
    "ids",
    "limits",
    "text",
    "anchoring",
    "values",
    "detect",
    "chains",
    "staging",
    "files",
    "reanchoring",
    "folding",
    "unicode_ranges",
    "cites.model",
    "cites.scan",
    "cites.markers",
    "cites.notes",
    "cites.text",
    "cites.news",
    "urls",
}
# The search index is kept current inside every write transaction (db's before-commit hook), from
# the models alone: it is plumbing, like the tables it mirrors.
PLUMBING = {
    "models",
    "db",
    "resources",
    "migrate",
    "search.index",
    "search.entries",
    "search.names",
    "search.passages",
    "works_index",
}
WHOLE_STORE = ("bundle", "report", "exports", "backup", "transfer")
FRONT_DOOR = {"store", "demo"}
FRONT_ENDS = ("cli", "web")
DATABASE = {"sqlalchemy", "alembic", "psycopg"}


def rank(module: str) -> int:
    top = module.split(".")[0]
    if module in PURE or top == "reading":
        return 0
    if module in PLUMBING:
        return 1
    if top in FRONT_ENDS:
        return 5
    if module in FRONT_DOOR or module == "__init__":  # the package root hands out Store
        return 4
    if top in WHOLE_STORE:
        return 3
    return 2


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1]) if parts[-1] == "__init__" else ".".join(parts)
        found[name or "__init__"] = path
    return found


def imports(name: str, path: Path) -> set[str]:
    """The provenance modules and third-party top-level packages `name` imports, anywhere in it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".")[:-1] if path.name != "__init__.py" else name.split(".")
    if name == "__init__":
        package = []
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("provenance."):
                    found.add(alias.name.removeprefix("provenance."))
                elif alias.name != "provenance":
                    found.add("ext:" + alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            elif node.module and (node.module == "provenance" or node.module.startswith("provenance.")):
                target = node.module.removeprefix("provenance").lstrip(".")
            else:
                found.add("ext:" + (node.module or "").split(".")[0])
                continue
            for alias in node.names:  # `from . import claims` imports the module `claims`
                candidate = f"{target}.{alias.name}" if target else alias.name
                found.add(candidate if candidate in ALL else target)
    return {m for m in found if m.startswith("ext:") or m in ALL}


ALL = modules()
GRAPH = {name: imports(name, path) - {name} for name, path in ALL.items()}


def test_every_arrow_points_down() -> None:
    backwards = [
        f"{name} (rank {rank(name)}) imports {target} (rank {rank(target)})"
        for name, targets in GRAPH.items()
        for target in targets
        if not target.startswith("ext:") and target not in ("__init__",) and rank(target) > rank(name)
    ]
    assert backwards == []


def test_exports_never_import_the_report() -> None:
    found = [
        f"{n} -> {t}"
        for n, ts in GRAPH.items()
        if n.startswith("exports")
        for t in ts
        if t.startswith("report")
    ]
    assert found == []


def test_pure_modules_touch_no_database_even_through_others() -> None:
    def reach(name: str, seen: set[str]) -> set[str]:
        for target in GRAPH.get(name, ()):
            if target not in seen:
                seen.add(target)
                if not target.startswith("ext:"):
                    reach(target, seen)
        return seen

    leaks = {}
    for name in GRAPH:
        if rank(name) == 0:
            reached = reach(name, set())
            bad = sorted(t for t in reached if t.removeprefix("ext:") in DATABASE or t in PLUMBING)
            if bad:
                leaks[name] = bad
    assert leaks == {}


def test_no_import_cycles() -> None:
    sys.setrecursionlimit(10_000)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target.startswith("ext:") or target == "__init__":
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(GRAPH):
        if name not in index:
            visit(name)
    assert cycles == [], f"import cycles: {cycles}"


def test_nothing_imports_a_front_end() -> None:
    found = [
        f"{n} -> {t}"
        for n, ts in GRAPH.items()
        if n.split(".")[0] not in FRONT_ENDS
        for t in ts
        if t.split(".")[0] in FRONT_ENDS
    ]
    assert found == []
