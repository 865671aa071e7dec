"""The documentation is part of the product: every command teaches, the README's commands are real."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from provenance.cli import app

REPO = Path(__file__).resolve().parents[1]


def _is_group(command: object) -> bool:
    return hasattr(command, "commands")


def _commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    found = []
    for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
        path = (*prefix, name)
        found.append((path, command))
        if _is_group(command):
            found.extend(_commands(command, path))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_every_command_has_help_with_an_example() -> None:
    missing = []
    for path, command in COMMANDS:
        if _is_group(command):
            if not command.help:
                missing.append(" ".join(path))
            continue
        if not command.help or "Example:" not in command.help:
            missing.append(" ".join(path))
    assert not missing, f"commands without help or an Example: line: {missing}"


def test_every_option_has_help() -> None:
    missing = [
        f"{' '.join(path)} {param.opts[0]}"
        for path, command in COMMANDS
        for param in command.params
        if getattr(param, "param_type_name", "") == "option" and not param.help and param.opts[0] != "--help"
    ]
    assert not missing, f"options without help: {missing}"


def test_the_core_commands_exist() -> None:
    names = {" ".join(path) for path, _ in COMMANDS}
    for expected in [
        "init",
        "db upgrade",
        "db downgrade",
        "db current",
        "outlet add",
        "outlet list",
        "outlet show",
        "doc add",
        "doc list",
        "doc show",
        "doc text",
        "doc delete",
        "claim add",
        "claim list",
        "claim show",
        "claim verdict",
        "cite",
        "citation list",
        "relate",
        "relation list",
        "entity add",
        "entity alias",
        "entity merge",
        "entity list",
        "entity show",
        "assert",
        "assertion list",
        "log",
    ]:
        assert expected in names, f"`provenance {expected}` is missing"


def _readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks[:2] for line in block.splitlines() if line.strip()]


def test_readme_starts_with_the_two_commands_and_ci_runs_the_second() -> None:
    first, second = _readme_commands()[:2]
    assert "provenance demo" in first
    assert "pytest" in second and "[test]" in second
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci, "the README's test command must be what .ci/run runs"
