"""The front door as a library user meets it: the runnable examples in `provenance.store` and in
README.md's "Using the library" section run here, on a temporary store."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

from conftest import REPO

import provenance
from provenance import Store


def test_the_store_module_examples_run() -> None:
    import provenance.store

    failures, tried = doctest.testmod(provenance.store, optionflags=doctest.ELLIPSIS, report=True)
    assert tried > 5 and failures == 0


def test_the_readme_library_section_runs(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Using the library", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks, "README's library section has no python example"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "article.txt").write_text(
        "Coastguard officials said 164 people had been rescued by Wednesday evening.\n", encoding="utf-8"
    )
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own documentation


def test_every_verb_of_the_cli_has_a_store_method() -> None:
    """The CLI is a thin layer over Store: no command module opens a session of its own."""
    cli = Path(provenance.__file__).parent / "cli"
    for module in cli.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        assert ".write()" not in source and ".read()" not in source and "Session" not in source, module.name
        assert "select(" not in source and "from ..models" not in source, module.name
    assert callable(Store.add_claim) and callable(Store.trace) and callable(Store.build_report)
