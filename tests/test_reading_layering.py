"""provenance.reading is pure: it imports no database layer, and nothing of the library but itself."""

from __future__ import annotations

import ast
from pathlib import Path

READING = Path(__file__).resolve().parents[1] / "provenance" / "reading"
FORBIDDEN = ("sqlalchemy", "alembic", "provenance.models", "provenance.db", "provenance.cli", "psycopg")


def test_reading_modules_import_no_database() -> None:
    for path in sorted(READING.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level >= 2 or (node.level == 0 and (node.module or "").startswith("provenance")):
                    names = [("provenance." if node.level else "") + (node.module or "")]
                else:
                    names = [node.module or ""]
            for name in names:
                assert not name.startswith(FORBIDDEN), f"{path.name} imports {name}"
                assert not (name.startswith("provenance.") and not name.startswith("provenance.reading")), (
                    f"{path.name} imports {name}: the reader depends on nothing else of the library"
                )
