"""The `provenance` command line: a thin layer over the library.

Each command parses its options, opens one transaction, calls one library
function and prints a table or JSON. Library modules are imported inside the
commands, and each command's module only when that command runs, so
`provenance --help` costs little more than importing Typer.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from importlib import import_module
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup
from typer.main import get_group

# Every top-level command and group, in the order `provenance --help` lists them: the modules whose
# register() adds it (imported in this order) and the first paragraph of its help, for that listing.
# tests/test_cli_startup.py checks this table against the commands themselves.
_LAZY: dict[str, tuple[tuple[str, ...], str]] = {
    "demo": (("demo",), "Load the curated seed corpus into the store and build the HTML report from it."),
    "init": (("db",), "Create the store at the newest schema (or bring an existing one up to it)."),
    "backup": (("db",), "Take a consistent copy of a live SQLite store (safe while others write)."),
    "cite": (("citations",), "Record what a claim rests on: a document, an entity or an unnamed person."),
    "relate": (("relations",), "Relate two claims, as a curator's confirmed judgment."),
    "assert": (
        ("assertions",),
        "Read a claim as subject / property / typed value, so conflicts can be detected.",
    ),
    "log": (("events",), "Show the event log, newest first."),
    "trace": (
        ("tracing",),
        "Show the chain from a claim through its citations to its origins, and its independence.",
    ),
    "import": (
        ("bundle",),
        "Import a bundle: everything is validated first, then written in one transaction.",
    ),
    "export": (
        ("bundle",),
        "Export the whole store as a bundle (OUT/bundle.yaml and OUT/texts/), or in a standard format.",
    ),
    "search": (
        ("search",),
        "Search claims (quote, statement, speaker and every note), documents' texts by passage,"
        " entities (names and aliases), outlets and citations' locators, best first.",
    ),
    "check": (
        ("integrity",),
        "Check the store: every text against its sha256, every quote against its text.",
    ),
    "db": (("db",), "Migrate the store's schema (Alembic)."),
    "outlet": (("outlets",), "Outlets and their reliability grades (Admiralty A–F)."),
    "doc": (
        ("documents",),
        "Documents: add (file or URL), list, show, read their text, revise, refresh, delete.",
    ),
    "claim": (("claims",), "Claims: log them by quoting, list, show, review, edit, delete."),
    "citation": (("citations",), "Citations: what claims rest on."),
    "cites": (("cites",), "Citations found in a document's own text."),
    "relation": (("relations",), "Relations between claims."),
    "entity": (("entities",), "Entities and their aliases."),
    "assertion": (("assertions",), "Structured assertions (subject, property, typed value)."),
    "conflicts": (
        ("conflicts",),
        "Contradictions: confirmed by curators, detected from assertions, suggested from text.",
    ),
    "report": (("report",), "The static HTML report: build it, serve it."),
    "serve": (
        ("serve",),
        "The workbench: read a document, select a passage and log the claim, review proposed"
        " contradictions, in a browser on the same store the CLI uses.",
    ),
}


def _typer(**settings: Any) -> typer.Typer:
    # The settings every part of the tree is built with, lazily loaded or not; -h is --help
    # everywhere (click passes help_option_names down to every subcommand's context).
    settings.setdefault("add_completion", False)
    return typer.Typer(
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
        **settings,
    )


# Module name -> a Typer holding what its register() added; register() runs once per process.
_registered: dict[str, typer.Typer] = {}


def _register(module: str) -> typer.Typer:
    if module not in _registered:
        holder = _typer()
        import_module(f"{__name__}.{module}").register(holder)
        _examples_verbatim(holder)
        _registered[module] = holder
    return _registered[module]


def _examples_verbatim(holder: typer.Typer) -> None:
    """Mark each "Example:" paragraph of every command's help not to be rewrapped (click's \b),
    so a narrow terminal never breaks a command line the user would copy, inside a quoted argument."""
    import inspect

    for info in holder.registered_commands:
        text = info.help if info.help is not None else inspect.getdoc(info.callback or _typer)
        if text and info.callback is not None:
            paragraphs = inspect.cleandoc(text).split("\n\n")
            info.help = "\n\n".join("\b\n" + p if p.startswith("Example") else p for p in paragraphs)
    for group in holder.registered_groups:
        if group.typer_instance is not None:
            _examples_verbatim(group.typer_instance)


_SLOW = object()


def _quick_leaf(annotation: Any, info: Any, value: Any) -> Any:
    """A plain value as Typer's coercion returns it, or _SLOW where only Typer's own can say."""
    if annotation is str and isinstance(value, str):
        try:
            value.encode("utf-8")  # lone surrogates (undecodable argv bytes): Typer decides
        except UnicodeEncodeError:
            return _SLOW
        return value
    if annotation is int and not getattr(info, "clamp", False):
        if isinstance(value, str):
            digits = value[1:] if value.startswith("-") else value
            if not (digits.isascii() and digits.isdigit() and len(digits) < 19):
                return _SLOW
            number = int(value)
            if str(number) != value:  # "007", "-0": Typer's own reading
                return _SLOW
        elif type(value) is int:
            number = value
        else:
            return _SLOW
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            return _SLOW  # out of range: Typer words the error
        return number
    if annotation is bool and type(value) is bool:
        return value
    return _SLOW


def _quicken(command: Any, *, subcommands: bool = True) -> None:
    """Give each plain parameter (str, int, bool, list[str]) a coercion that needs no pydantic.

    Typer coerces every parameter through a pydantic TypeAdapter it builds on first use, the help
    option's included: importing pydantic and building the adapters costs a one-record command
    ~0.1 s. The values these commands take are plain strings and integers; they are returned as
    Typer's adapters return them, and anything else (a bad integer, a path, a tuple, a value out
    of range) goes to Typer's own coercion, so its checks and error messages are unchanged. The
    parameters are those `get_params` gives (the help and completion options are made late)."""
    if subcommands and "get_params" not in vars(command):
        plain = command.get_params

        def get_params(ctx: Any) -> Any:
            return _quick_params(plain(ctx))

        command.get_params = get_params
    if subcommands:
        for sub in getattr(command, "commands", {}).values():
            _quicken(sub)


def _quick_params(params: list[Any]) -> list[Any]:
    classes = _quick_class()
    if classes is None:  # another Typer: its own coercion throughout
        return params
    quick, deferred = classes
    for param in params:
        if getattr(param, "_runtime_param", False) is not None:
            continue  # not Typer's, or already built
        descriptor = param.type_descriptor
        info = descriptor.parameter_info
        annotation = descriptor.annotation
        leaf = annotation.__args__[0] if getattr(annotation, "__origin__", None) is list else annotation
        if (
            leaf in (str, int, bool)
            and descriptor.file_annotation is None
            and getattr(info, "parser", None) is None
            and not descriptor.is_choice
            and not descriptor.is_path
        ):
            param._runtime_param = quick(parameter_info=info, annotation=annotation)
        else:  # Typer's own, built when a value comes (not for an option left out)
            param._runtime_param = deferred(parameter_info=info, annotation=annotation)
    return params


_quick: list[Any] = []


def _quick_class() -> Any:
    if not _quick:
        try:
            from typer._coercion import RuntimeParam, build_runtime_param
        except ImportError:
            _quick.append(None)
            return None

        class Quick(RuntimeParam):
            def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
                annotation = self.annotation
                if getattr(annotation, "__origin__", None) is list and isinstance(value, (list, tuple)):
                    (item,) = annotation.__args__
                    done = [_quick_leaf(item, self.parameter_info, v) for v in value]
                    if not any(d is _SLOW for d in done):
                        return done
                elif (done := _quick_leaf(annotation, self.parameter_info, value)) is not _SLOW:
                    return done
                return _slow(param)._coerce_value(value, param=param, ctx=ctx)

        class Deferred(RuntimeParam):
            def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
                return _slow(param)._coerce_value(value, param=param, ctx=ctx)

        def _slow(param: Any) -> Any:
            if getattr(param, "_typer_runtime", None) is None:
                param._typer_runtime = build_runtime_param(param.type_descriptor)
            return param._typer_runtime

        _quick.append((Quick, Deferred))
    return _quick[0]


class _LazyCommands(MutableMapping[str, Any]):
    """The top-level commands by name; a command's module is imported when the command is first read."""

    def __init__(self, commands: MutableMapping[str, Any]) -> None:
        self._built = dict(commands)

    def _build(self, name: str) -> None:
        for module in _LAZY[name][0]:
            holder = _register(module)
        # A group per instance, as Typer builds one per call; the registration itself is shared.
        for built_name, command in get_group(holder).commands.items():
            _quicken(command)
            self._built.setdefault(built_name, command)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built and name in _LAZY:
            self._build(name)
        return self._built[name]

    def __contains__(self, name: object) -> bool:
        return name in self._built or name in _LAZY

    def __iter__(self) -> Iterator[str]:
        yield from _LAZY
        yield from (name for name in self._built if name not in _LAZY)

    def __len__(self) -> int:
        return len(_LAZY.keys() | self._built.keys())

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the top-level commands are fixed")


class _LazyGroup(TyperGroup):
    """The top-level group: lists every command from _LAZY without importing its module."""

    def get_params(self, ctx: Any) -> Any:
        return _quick_params(super().get_params(ctx))

    @property
    def commands(self) -> _LazyCommands:
        return self._lazy

    @commands.setter
    def commands(self, value: MutableMapping[str, Any]) -> None:
        self._lazy = _LazyCommands(value)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self._lazy)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # As TyperGroup does, but from the table's help, so `--help` imports no command module.
        rows: list[tuple[str, Any]] = []
        for name in self.list_commands(ctx):
            if name in _LAZY and name not in self._lazy._built:
                rows.append((name, TyperCommand(name=name, help=_LAZY[name][1])))
            elif (command := self.get_command(ctx, name)) is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in rows])


app = _typer(
    name="provenance",
    cls=_LazyGroup,
    help=(
        "Track what each source claims, exactly where it says it, what it rests on, "
        "and where sources disagree.\n\n"
        "Start with `provenance init`, then add outlets, documents and claims. "
        "The store is ./provenance.db unless --db or PROVENANCE_DATABASE_URL names another."
    ),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"provenance {version('provenance')}")
        raise typer.Exit()


@app.callback()
def _global(
    db: str | None = typer.Option(
        None,
        "--db",
        envvar="PROVENANCE_DATABASE_URL",
        metavar="URL",
        help="The store: a SQLite path or URL, or postgresql://user@host/dbname. Default ./provenance.db.",
    ),
    actor: str | None = typer.Option(
        None,
        "--as",
        envvar="PROVENANCE_USER",
        metavar="NAME",
        help="Who is making the change, for the event log. Default: the OS user.",
    ),
    _show_version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    from . import common

    common.options["db"] = db
    common.options["actor"] = actor


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # a closed pipe met outside a command (the last flush): quiet
        from .common import quiet_broken_pipe

        quiet_broken_pipe()
    except Exception as exc:  # noqa: BLE001 - a bug: one line, never a traceback
        import sys

        line = " ".join(str(exc).split())[:300]
        print(
            f"error: an internal error stopped the command ({type(exc).__name__}: {line}); what it had not "
            "committed was rolled back; please report it",
            file=sys.stderr,
        )
        raise SystemExit(70) from None


def run() -> None:
    """The console script: `main`, then out without the interpreter's teardown.

    When the command is done (its store disposed, its output written), freeing every module and
    object one by one costs a one-record command more CPU than anything it did after SQLAlchemy
    was imported (~0.15 s of ~0.7 s, measured by benchmarks/startup.py). Standard output and
    error are flushed and the exit handlers run (temporary folders, finalizers); only the
    freeing is skipped, which the operating system does at once."""
    import os
    import sys

    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit("message"): printed, exit 1, as the interpreter does
        print(code, file=sys.stderr)
        status = 1
    import atexit
    import contextlib

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the reader went away (or closed it): quiet
            stream.flush()

    atexit._run_exitfuncs()
    os._exit(status)
