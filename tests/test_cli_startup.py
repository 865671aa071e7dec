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


# What a one-record command runs in a fresh interpreter, as the console script does; then what it imported.
COMMAND = """
import contextlib, io, json, sys
from provenance.cli import main
sys.argv = ["provenance", *json.loads(sys.argv[1])]
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "err": err.getvalue(), "modules": sorted(sys.modules)}))
"""

# No one-record command needs these: the migration machinery (the schema check is one query),
# pydantic (Typer's coercion of plain options), the report, bundles, rich output, other readers.
NOT_FOR_ONE_RECORD = ("alembic", "pydantic", "pydantic_core", "rich", "yaml", "jinja2", "markupsafe")
NOT_FOR_ONE_RECORD += ("lxml", "pypdf", "trafilatura", "htmldate", "justext", "markdown_it", "rapidfuzz")
OURS_NOT_FOR_ONE_RECORD = (
    "provenance.migrate",
    "provenance.bundle",
    "provenance.report",
    "provenance.exports",
)
OURS_NOT_FOR_ONE_RECORD += ("provenance.detect", "provenance.conflicts", "provenance.cites", "provenance.web")
# The reader's rules (patterns, word lists): only what reads a claim loads them. A write indexes its
# records for search, which needs the reader's shingles (provenance.reading.reuse) and nothing more.
READER = "provenance.reading"


def _fresh(*argv: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", COMMAND, json.dumps(list(argv))], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_one_record_commands_import_only_what_they_use(tmp_path: Path) -> None:
    from conftest import Cli

    db = str(tmp_path / "store.db")
    cli = Cli(db, tmp_path)
    cli("init")
    text = tmp_path / "a.txt"
    text.write_text("The ferry sank with 459 people on board, officials said on Tuesday.\n", encoding="utf-8")
    small = tmp_path / "b.txt"
    small.write_text("A small text: the council said 40 homes were flooded.\n", encoding="utf-8")
    cli("doc", "add", text, "--title", "Ferry", "--key", "ferry")
    cli("entity", "add", "The ferry", "--key", "the-ferry")
    for key, quote in (("c1", "459 people on board"), ("c2", "officials said"), ("c3", "on Tuesday")):
        cli("claim", "add", "ferry", "--quote", quote, "--key", key, "--no-read")
    commands: dict[str, tuple[str, ...]] = {
        "claim show": ("claim", "show", "c1"),
        "log RECORD": ("log", "c1"),
        "claim add --no-read": (
            "claim",
            "add",
            "ferry",
            "--quote",
            "The ferry sank",
            "--no-read",
            "--key",
            "c4",
        ),
        "cite": ("cite", "c1", "--person", "a witness"),
        "relate": ("relate", "c1", "corroborates", "c2"),
        "assert": ("assert", "c1", "--subject", "the-ferry", "--property", "people_count", "--value", "459"),
        "entity add": ("entity", "add", "The council"),
        "doc add": ("doc", "add", str(small), "--title", "Council"),
    }
    for name, argv in commands.items():
        shown = _fresh("--db", db, "--as", "tester", *argv)
        assert shown["code"] == 0, (name, shown["err"])
        modules = shown["modules"]
        heavy = [m for m in modules if m.split(".")[0] in NOT_FOR_ONE_RECORD]
        assert not heavy, f"`provenance {name}` imported {heavy[:8]}"
        ours = [m for m in modules if m.startswith(OURS_NOT_FOR_ONE_RECORD)]
        assert not ours, f"`provenance {name}` imported {ours}"
        reader = [m for m in modules if m.startswith(READER + ".") and m != READER + ".reuse"]
        assert not reader, f"`provenance {name}` imported the reader's {reader}"
        if name in ("claim show", "log RECORD"):  # reads index nothing
            assert not [m for m in modules if m.startswith(READER)], name
    # The reader is there when a command reads: a claim added with reading on loads it.
    read = _fresh(
        "--db", db, "--as", "tester", "claim", "add", "ferry", "--quote", "The ferry", "--key", "c5"
    )
    assert read["code"] == 0, read["err"]
    assert "provenance.reading.readings" in read["modules"]


def test_plain_options_keep_typer_s_checks_and_words(tmp_path: Path) -> None:
    # The quick coercion hands anything it does not take as given to Typer's own: the same errors.
    runner = CliRunner()
    db = str(tmp_path / "store.db")
    bad = runner.invoke(app, ["--db", db, "log", "--limit", "-1"])
    assert bad.exit_code == 2 and "--limit" in bad.output and "greater than or equal to 0" in bad.output
    bad = runner.invoke(app, ["--db", db, "log", "--limit", "many"])
    assert bad.exit_code == 2 and "valid integer" in bad.output
    bad = runner.invoke(app, ["--db", db, "doc", "add", "--unheld", "--title", "t", "--span", "1", "x"])
    assert bad.exit_code == 2 and "--span" in bad.output


def test_the_console_script_exits_with_the_command_s_code_and_output(tmp_path: Path) -> None:
    # `run` (the console script) skips the interpreter's teardown: the output, the exit code and the
    # store are what `main` gives.
    import pytest

    script = Path(sys.executable).parent / "provenance"
    if not script.is_file():
        pytest.skip("the console script is not installed beside this Python")
    db = str(tmp_path / "store.db")

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), "--db", db, "--as", "tester", *argv], capture_output=True, text=True, check=False
        )

    assert run("init").returncode == 0
    added = run("entity", "add", "Some One", "--key", "some-one")
    assert added.returncode == 0, added.stderr
    shown = run("entity", "show", "some-one", "--json")
    assert shown.returncode == 0 and json.loads(shown.stdout)["name"] == "Some One"
    missing = run("entity", "show", "nobody")
    assert missing.returncode == 3 and missing.stderr.startswith("error: no entity 'nobody'")
    assert run("log", "--limit", "x").returncode == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("store.db")] == ["store.db"]
    piped = subprocess.run(
        f"'{script}' --db '{db}' log --json | head -c 1", shell=True, capture_output=True, text=True
    )
    assert piped.stdout == "[" and "Exception" not in piped.stderr and "Traceback" not in piped.stderr
