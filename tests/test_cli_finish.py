"""A command line that feels finished (issue 17): -h, --version, completion, "did you mean", a
quiet exit on a closed pipe, `log` that explains an empty answer, and no traceback for a bug."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from conftest import Cli

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).with_name("provenance")


def test_dash_h_is_help_everywhere(cli: Cli) -> None:
    for command in ((), ("claim",), ("claim", "add"), ("conflicts", "confirm")):
        short = cli(*command, "-h").stdout
        assert short == cli(*command, "--help").stdout
        assert short.startswith("Usage: provenance")


def _commands() -> list[tuple[tuple[str, ...], object]]:
    """Every leaf command of the real tree, with its path (claim add …)."""
    from typer.main import get_command

    from provenance.cli import app

    out = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        children = getattr(command, "commands", None)
        if not children:
            out.append((path, command))
            return
        for name in list(children):
            walk(children[name], (*path, name))

    walk(get_command(app), ())
    return out


def test_help_examples_are_never_rewrapped() -> None:
    """At 50 columns every line of every "Example:" paragraph is printed as written: a command
    line is never broken inside a quoted argument."""
    from typer.testing import CliRunner

    from provenance.cli import app

    runner = CliRunner()
    seen = 0
    for path, command in _commands():
        written = (getattr(command, "help", None) or "").replace("\b\n", "")
        examples = [p for p in written.split("\n\n") if p.startswith("Example")]
        if not examples:
            continue
        shown = runner.invoke(app, [*path, "--help"], terminal_width=50).stdout
        lines = {line.strip() for line in shown.splitlines()}
        for example in examples:
            seen += 1
            for line in example.splitlines():
                assert line.strip() in lines, (path, line, shown)
        assert "\b" not in shown, path
    assert seen >= 30  # the commands' examples were found, not skipped


def test_version_and_completion(cli: Cli) -> None:
    assert cli("--version").stdout == f"provenance {version('provenance')}\n"
    shown = cli("--help").stdout
    assert "--install-completion" in shown and "--show-completion" in shown


def test_did_you_mean_for_a_misspelt_name_or_key(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Abu Bakr al-Baghdadi was seen near Hajin, officials said.\n", encoding="utf-8")
    cli("entity", "add", "Abu Bakr al-Baghdadi", "--alias", "al-Baghdadi")
    cli("doc", "add", text, "--key", "guardian-2019-02-07", "--title", "Seen near Hajin")
    line = cli("entity", "show", "al-Bagdadi", ok=False).stderr.strip()
    assert line.startswith("error: no entity 'al-Bagdadi'")
    assert line.endswith("Did you mean 'Abu Bakr al-Baghdadi'?")
    line = cli("doc", "show", "guardian-2019-02-70", ok=False).stderr.strip()
    assert line.endswith("Did you mean 'guardian-2019-02-07'?")
    # Nothing near: no suggestion, and the pointer to the list stays.
    line = cli("entity", "show", "Zzyzx Qqq", ok=False).stderr.strip()
    assert "Did you mean" not in line and "`provenance entity list` shows them" in line
    assert "Did you mean" not in cli("doc", "show", "nowhere-at-all", ok=False).stderr


def test_log_says_why_an_answer_is_empty(cli: Cli, tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("A text.\n", encoding="utf-8")
    cli("doc", "add", text, "--key", "a-text", "--title", "A text")
    assert "no record is 'c-99'" in cli("log", "c-99").stdout
    assert "no record is 'claim:99'" in cli("log", "claim:99").stdout
    filtered = cli("log", "a-text", "--by", "nobody").stdout.strip()
    assert filtered == "no events match --by nobody for doc 'a-text'"
    assert cli("log", "--by", "nobody").stdout.strip() == "no events match --by nobody"
    assert "add" in cli("log", "a-text").stdout  # one event: listed as before
    cli("import", ROOT / "seeds")
    assert "no command has changed it" in cli("log", "tm-coup-reports").stdout


@pytest.mark.skipif(not SCRIPT.is_file(), reason="no installed `provenance` script beside this Python")
def test_a_closed_pipe_ends_the_command_quietly(sqlite_url: str, tmp_path: Path) -> None:
    for setup in (("init",), ("import", ROOT / "seeds")):
        subprocess.run([SCRIPT, "--db", sqlite_url, *setup], check=True, capture_output=True)
    for args in (("claim", "list", "--json"), ("claim", "list"), ("--help",)):
        reader = subprocess.Popen(
            [SCRIPT, "--db", sqlite_url, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert reader.stdout is not None and reader.stderr is not None
        reader.stdout.readline()
        reader.stdout.close()  # `| head -1`
        code = reader.wait(timeout=60)
        errors = reader.stderr.read().decode()
        assert code == 0 and errors == "", (args, code, errors)


def test_a_bug_is_one_line_not_a_traceback(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from provenance import cli
    from provenance.store import Store

    def broken(self: Store, *args: object, **kwargs: object) -> None:
        raise TypeError("a bug in the library")

    monkeypatch.setattr(Store, "log", broken)
    monkeypatch.setattr(sys, "argv", ["provenance", "--db", sqlite_url, "log"])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 70
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "internal error" in err and "TypeError: a bug in the library" in err
