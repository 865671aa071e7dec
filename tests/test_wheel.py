"""The built wheel carries the non-Python files the tool needs at run time (as pelican tests)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{done.stderr[-2000:]}")
    (built,) = out.glob("provenance-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_contains_migrations_templates_and_seeds(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for folder in ("migrations", "templates", "seeds"):
        source = sorted(
            p.relative_to(REPO).as_posix()
            for p in (REPO / folder).rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        )
        assert source, f"{folder}/ is empty in the checkout"
        for path in source:
            assert f"provenance/{path}" in names, f"the wheel lacks provenance/{path}"
    assert "provenance/migrations/env.py" in names
    assert any(n.startswith("provenance/migrations/versions/0001") for n in names)
