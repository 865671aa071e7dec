"""`provenance --help` loads Typer and the CLI's wiring, nothing else; the lazy listing tells the truth."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer.main
from typer.testing import CliRunner

import provenance.cli
from provenance.cli import _LAZY, _register, app

# What `--help` runs in a fresh interpreter, as the console script does; then what it imported.
HELP = """
import contextlib, io, json, sys
from provenance.cli import main
sys.argv = ["provenance", "--help"]
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        main()
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "help": out.getvalue(), "modules": sorted(sys.modules)}))
"""

HEAVY = ("sqlalchemy", "alembic", "jinja2", "markupsafe", "yaml", "lxml", "pypdf", "psycopg", "rich")
HEAVY += ("trafilatura", "htmldate", "justext", "courlan", "markdown_it")  # read only for HTML, Markdown


def _fresh_help() -> dict:
    done = subprocess.run(
        [sys.executable, "-c", HELP],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    return json.loads(done.stdout)


def test_help_imports_no_library_module_and_lists_every_command() -> None:
    shown = _fresh_help()
    assert shown["code"] == 0
    heavy = [m for m in shown["modules"] if m.split(".")[0] in HEAVY]
    assert not heavy, f"`provenance --help` imported {heavy}"
    ours = [m for m in shown["modules"] if m.startswith("provenance.") and m != "provenance.cli"]
    assert not ours, f"`provenance --help` imported {ours}"
    listed = [line.split()[0] for line in shown["help"].split("Commands:\n", 1)[1].splitlines() if line]
    assert listed == list(typer.main.get_command(app).commands)
    for name in ["demo", "init", "db", "outlet", "doc", "claim", "check", "conflicts", "report"]:
        assert name in listed


def test_the_lazy_table_is_what_the_modules_register() -> None:
    folder = Path(provenance.cli.__file__).parent
    with_register = {
        p.stem for p in folder.glob("*.py") if "\ndef register(" in p.read_text(encoding="utf-8")
    }
    assert {module for modules, _ in _LAZY.values() for module in modules} == with_register
    registered = {
        name
        for module in with_register
        for name in typer.main.get_group(_register(module)).commands  # type: ignore[arg-type]
    }
    assert registered == set(_LAZY)


def test_the_listing_help_is_each_command_s_own() -> None:
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    for name, (_, short) in _LAZY.items():
        first_paragraph = commands[name].help.split("\n\n")[0]
        assert short == " ".join(first_paragraph.split()), name


def test_the_lazy_help_reads_as_the_loaded_one(capsys) -> None:  # type: ignore[no-untyped-def]
    def help_of(group: object) -> str:
        try:
            group.main(["--help"], prog_name="provenance")  # type: ignore[attr-defined]
        except SystemExit as exc:
            assert exc.code == 0
        return capsys.readouterr().out

    lazy = help_of(typer.main.get_command(app))
    loaded = typer.main.get_command(app)
    dict(loaded.commands.items())  # type: ignore[attr-defined]
    assert lazy == help_of(loaded)
    assert "Commands:" in lazy


def test_groups_load_when_used() -> None:
    # In a fresh interpreter: `doc revise` comes from check.register, which no other command ran first.
    doc = subprocess.run(
        [sys.executable, "-c", "from provenance.cli import main; main()", "doc", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert doc.returncode == 0, doc.stderr
    assert "  revise " in doc.stdout and "  add " in doc.stdout
    runner = CliRunner()
    typo = runner.invoke(app, ["clam"])
    assert typo.exit_code == 2
    assert "Did you mean 'claim'?" in typo.output
    assert runner.invoke(app, []).exit_code == 2  # no_args_is_help, as before
