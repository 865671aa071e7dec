"""Hostile and malformed input through every command that takes a file, URL, bundle or free text.

Each case runs the real CLI in-process on a store that holds the seed corpus and asserts what
RELIABILITY.md promises of every refused input: no traceback, a non-zero exit, a message that is
one line naming the problem (a bundle's validation report may list several problems, one a line),
the store unchanged (every row of every table), and completion within a deadline enforced here —
a hang (a FIFO opened for reading, an endless device) fails the case instead of the CI run.
"""

from __future__ import annotations

import http.server
import io
import os
import signal
import socketserver
import tarfile
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO, Cli, dump_store

DEADLINE_S = 20
SEEDS = REPO / "seeds"


class Hang(Exception):
    pass


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Interrupt the command if it runs longer than `seconds` (SIGALRM also breaks a blocking open)."""

    def _expired(_signum: int, _frame: object) -> None:
        raise Hang(f"the command did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Case:
    name: str
    argv: Callable[[Path], list[str]]  # built from a scratch folder the case may fill
    expect: str  # a fragment the message must contain (case-insensitive)
    multiline: bool = False  # a bundle report lists every problem, one a line


def _fifo(folder: Path, name: str = "pipe") -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


def _file(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _bundle(folder: Path, yaml_text: str, texts: dict[str, bytes] | None = None) -> Path:
    root = folder / "bundle"
    root.mkdir()
    (root / "bundle.yaml").write_text(yaml_text, encoding="utf-8")
    for name, data in (texts or {}).items():
        _file(root, name, data)
    return root


_ONE_DOC = """format: provenance-bundle/1
documents:
- key: d1
  title: A document
  text: texts/d1.txt
"""


def _tarball(folder: Path) -> Path:
    path = folder / "bundle.tar"
    with tarfile.open(path, "w") as tar:
        data = _ONE_DOC.encode()
        info = tarfile.TarInfo("bundle.yaml")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


def _zip(folder: Path) -> Path:
    path = folder / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("bundle.yaml", _ONE_DOC)
    return path


LONG_WORD = "x" * 48_000

CASES = [
    # --- doc add: files that are not readable texts
    Case("doc-add-missing", lambda f: ["doc", "add", str(f / "nope.txt"), "--title", "t"], "nope.txt"),
    Case("doc-add-directory", lambda f: ["doc", "add", str(f), "--title", "t"], "is a folder"),
    Case("doc-add-fifo", lambda f: ["doc", "add", str(_fifo(f)), "--title", "t"], "not a regular file"),
    Case("doc-add-dev-zero", lambda f: ["doc", "add", "/dev/zero", "--title", "t"], "not a regular file"),
    Case("doc-add-empty", lambda f: ["doc", "add", str(_file(f, "e.txt", b"")), "--title", "t"], "empty"),
    Case(
        "doc-add-latin1",
        lambda f: ["doc", "add", str(_file(f, "l.txt", "caf\xe9 au lait".encode("latin-1"))), "--title", "t"],
        "utf-8",
    ),
    Case(
        "doc-add-nul",
        lambda f: ["doc", "add", str(_file(f, "n.txt", b"one\x00two")), "--title", "t"],
        "NUL",
    ),
    Case(
        "doc-add-too-big",
        lambda f: [
            "doc",
            "add",
            str(_file(f, "big.txt", b"word " * 300_000)),
            "--title",
            "t",
            "--max-mb",
            "1",
        ],
        "MB",
    ),
    Case(
        "doc-add-bad-published",
        lambda f: [
            "doc",
            "add",
            str(_file(f, "ok.txt", "Some text.")),
            "--title",
            "t",
            "--published",
            "soon",
        ],
        "published",
    ),
    Case(
        "doc-add-reversed-span",
        lambda f: [
            "doc",
            "add",
            "--unheld",
            "--title",
            "part",
            "--part-of",
            "tm-hazimite-coup",
            "--span",
            "50",
            "10",
        ],
        "reversed",
    ),
    Case("doc-add-url-ftp", lambda f: ["doc", "add", "ftp://example.org/a.txt", "--title", "t"], "http"),
    Case("doc-add-url-file", lambda f: ["doc", "add", "file:///etc/passwd", "--title", "t"], "http"),
    Case("doc-add-url-broken", lambda f: ["doc", "add", "http://[::1", "--title", "t"], "URL"),
    Case(
        "doc-add-url-refused", lambda f: ["doc", "add", "http://127.0.0.1:9/x", "--title", "t"], "127.0.0.1"
    ),
    # --- doc revise
    Case("revise-fifo", lambda f: ["doc", "revise", "tm-hazimite-coup", str(_fifo(f))], "not a regular file"),
    Case("revise-directory", lambda f: ["doc", "revise", "tm-hazimite-coup", str(f)], "is a folder"),
    Case("revise-unheld", lambda f: ["doc", "revise", "nope-doc", str(_file(f, "r.txt", "x"))], "nope-doc"),
    # --- import: bundles that are not bundles
    Case("import-missing", lambda f: ["import", str(f / "nowhere")], "nowhere"),
    Case("import-tar", lambda f: ["import", str(_tarball(f))], "archive"),
    Case("import-zip", lambda f: ["import", str(_zip(f))], "archive"),
    Case("import-fifo-yaml", lambda f: ["import", str(_fifo(f, "bundle.yaml"))], "not a regular file"),
    Case(
        "import-fifo-text",
        lambda f: ["import", str(_bundle_with_fifo_text(f))],
        "not a regular file",
        multiline=True,
    ),
    Case(
        "import-directory-text",
        lambda f: ["import", str(_bundle_with_dir_text(f))],
        "bundle.yaml:",
        multiline=True,
    ),
    Case("import-nul", lambda f: ["import", str(_bundle(f, _ONE_DOC + "\x00\n"))], "NUL", multiline=True),
    Case(
        "import-bad-utf8",
        lambda f: ["import", str(_bundle_bytes(f, _ONE_DOC.encode() + b"# \xff\xfe\n"))],
        "UTF-8",
        multiline=True,
    ),
    Case(
        "import-python-tag",
        lambda f: ["import", str(_bundle(f, "format: !!python/object/apply:os.system ['true']\n"))],
        "tag",
        multiline=True,
    ),
    Case("import-empty", lambda f: ["import", str(_bundle(f, ""))], "bundle", multiline=True),
    # --- export / report into places that cannot be written
    Case("export-onto-file", lambda f: ["export", str(_file(f, "afile", "x"))], "afile"),
    Case("export-under-file", lambda f: ["export", str(_file(f, "afile", "x") / "sub")], "afile"),
    Case("report-onto-file", lambda f: ["report", "build", str(_file(f, "afile", "x"))], "afile"),
    # --- free text that no field can hold
    Case(
        "claim-quote-long-word",
        lambda f: ["claim", "add", "tm-hazimite-coup", "--quote", LONG_WORD, "--statement", "s"],
        "quote",
    ),
    Case(
        "claim-statement-long-word",
        lambda f: ["claim", "add", "tm-hazimite-coup", "--quote", "the", "--statement", LONG_WORD],
        "statement",
    ),
    Case(
        "claim-nul",
        lambda f: ["claim", "add", "tm-hazimite-coup", "--quote", "a\x00b", "--statement", "s"],
        "NUL",
    ),
    Case(
        "cite-long-locator",
        lambda f: ["cite", "1", "--person", "officials", "--locator", LONG_WORD],
        "locator",
    ),
    Case(
        "assert-negative-count",
        lambda f: [
            "assert",
            "1",
            "--subject",
            "Islamic State",
            "--property",
            "fighters",
            "--type",
            "quantity",
            "--value",
            "-40",
        ],
        "negative",
    ),
    Case("log-bad-since", lambda f: ["log", "--since", "the day before"], "since"),
    Case("backup-into-missing-folder", lambda f: ["backup", str(f / "no" / "such" / "copy.db")], "copy.db"),
]


def _bundle_with_fifo_text(folder: Path) -> Path:
    root = folder / "bundle"
    root.mkdir()
    (root / "bundle.yaml").write_text(_ONE_DOC, encoding="utf-8")
    (root / "texts").mkdir()
    os.mkfifo(root / "texts" / "d1.txt")
    return root


def _bundle_with_dir_text(folder: Path) -> Path:
    root = folder / "bundle"
    root.mkdir()
    (root / "bundle.yaml").write_text(_ONE_DOC, encoding="utf-8")
    (root / "texts" / "d1.txt").mkdir(parents=True)
    return root


def _bundle_bytes(folder: Path, data: bytes) -> Path:
    root = folder / "bundle"
    root.mkdir()
    (root / "bundle.yaml").write_bytes(data)
    return root


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store holding the seed corpus, copied afresh for each case."""
    folder = tmp_path_factory.mktemp("seeded")
    cli = Cli(f"sqlite:///{folder / 'seed.db'}", folder)
    cli("init")
    cli("import", SEEDS)
    return folder / "seed.db"


def _run_case(case: Case, cli: Cli, scratch: Path) -> None:
    argv = case.argv(scratch)
    before = dump_store(cli.url)
    with deadline(DEADLINE_S):
        result = cli(*argv, ok=False)
    assert dump_store(cli.url) == before, f"{case.name}: the store changed"
    message = result.stderr.strip()
    assert message.startswith("error:"), f"{case.name}: {result.output!r}"
    lines = message.splitlines()
    assert case.multiline or len(lines) == 1, f"{case.name}: the message is not one line: {message!r}"
    assert case.expect.lower() in message.lower(), f"{case.name}: {message!r} does not name {case.expect!r}"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_refused_cleanly(case: Case, seeded: Path, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "store.db"
    shutil.copy(seeded, db)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    _run_case(case, Cli(f"sqlite:///{db}", tmp_path), scratch)


BAD_URLS = [
    ("foo://bar", "foo"),
    ("mysql://user@localhost/db", "mysql"),
    ("postgresql://[::1", "postgresql://[::1"),
    ("sqlite:////no/such/folder/x.db", "/no/such/folder"),
]


@pytest.mark.parametrize(("url", "named"), BAD_URLS, ids=[u for u, _ in BAD_URLS])
def test_bad_store_urls_get_one_line_naming_the_url(url: str, named: str, tmp_path: Path) -> None:
    cli = Cli(url, tmp_path)
    with deadline(DEADLINE_S):
        result = cli("doc", "list", ok=False)
    message = result.stderr.strip()
    assert message.startswith("error:") and len(message.splitlines()) == 1, message
    assert named in message, message


class _Endless(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the handler's name is the protocol's)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        try:
            while True:
                self.wfile.write(b"endless " * 8192)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *_args: object) -> None:
        pass


def test_an_endless_url_ends_in_a_clear_error(sqlite_cli: Cli) -> None:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Endless)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        before = dump_store(sqlite_cli.url)
        with deadline(60):
            result = sqlite_cli(
                "doc", "add", f"http://127.0.0.1:{server.server_address[1]}/x", "--title", "t", ok=False
            )
        assert "MB" in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert dump_store(sqlite_cli.url) == before
    finally:
        server.shutdown()
        server.server_close()


# --- free text into every field that takes it: accepted, or refused in one line with nothing changed

FREE_TEXT = {
    "outlet-name": lambda t: ["outlet", "add", t],
    "outlet-reason": lambda t: ["outlet", "grade", "global-research", "C", "--reason", t],
    "entity-name": lambda t: ["entity", "add", t],
    "entity-alias": lambda t: ["entity", "alias", "islamic-state", t],
    "doc-title": lambda t: ["doc", "add", "--unheld", "--title", t],
    "doc-author": lambda t: ["doc", "add", "--unheld", "--title", "x", "--author", t],
    "doc-url": lambda t: ["doc", "add", "--unheld", "--title", "x", "--url", t],
    "doc-published": lambda t: ["doc", "add", "--unheld", "--title", "x", "--published", t],
    "claim-quote": lambda t: ["claim", "add", "tm-hazimite-coup", "--quote", t, "--statement", "s"],
    "claim-statement": lambda t: ["claim", "edit", "tm-binali-killed-2015", "--statement", t],
    "cite-person": lambda t: ["cite", "tm-binali-killed-2015", "--person", t, "--locator", t],
    "relate-note": lambda t: ["relate", "tm-binali-killed-2015", "refines", "2", "--note", t],
    "assert-value": lambda t: [
        "assert",
        "tm-binali-killed-2015",
        "--subject",
        "Islamic State",
        "--property",
        "p",
        "--type",
        "quantity",
        "--value",
        t,
    ],
    "assert-holds-for": lambda t: [
        "assert",
        "tm-binali-killed-2015",
        "--subject",
        "Islamic State",
        "--property",
        "p",
        "--type",
        "date",
        "--value",
        "2015",
        "--holds-for",
        t,
    ],
    "search-query": lambda t: ["search", t],
    "requote-quote": lambda t: ["claim", "requote", "tm-binali-killed-2015", "--quote", t],
    "requote-near": lambda t: ["claim", "requote", "tm-binali-killed-2015", "--quote", "the", "--near", t],
    "accept-reading": lambda t: ["claim", "accept", "tm-binali-killed-2015", t],
    "accept-value": lambda t: ["claim", "accept", "tm-binali-killed-2015", "--value", t, "--subject", t],
    "conflicts-filter": lambda t: ["conflicts", "confirm", "--subject", t, "--property", t, "--dry-run"],
    "conflicts-dismiss-note": lambda t: [
        "conflicts",
        "dismiss",
        "--all-from",
        "tm-hazimite-coup",
        "--note",
        t,
    ],
    "doc-merge": lambda t: ["doc", "merge", t, "tm-hazimite-coup"],
    "doc-same-work": lambda t: ["doc", "same-work", "tm-hazimite-coup", t],
    "log-by": lambda t: ["log", "--by", t],
    "log-since": lambda t: ["log", "--since", t],
    "trace": lambda t: ["trace", t],
}


@pytest.mark.parametrize("field", sorted(FREE_TEXT))
def test_free_text_never_breaks_a_command(field: str, seeded: Path, tmp_path: Path) -> None:
    import shutil

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    db = tmp_path / "store.db"
    shutil.copy(seeded, db)
    cli = Cli(f"sqlite:///{db}", tmp_path)
    hostile = st.one_of(
        st.text(min_size=0, max_size=40),
        st.text(alphabet=st.characters(max_codepoint=0x20), max_size=8),
        st.sampled_from(
            [
                "",
                " ",
                "\x00",
                "a\x1bb",
                "\u202egnp.exe",
                "<script>x</script>",
                "{{7*7}}",
                "-1",
                "x" * 20_000,
                "🙂" * 500,
                "javascript:alert(1)",
                "--help",
                "../../etc/passwd",
            ]
        ),
    )

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(hostile)
    def check(text: str) -> None:
        if text.startswith("-") and text != "-1":
            return  # an option-looking value is the shell's business: Typer reads it as an option
        before = dump_store(cli.url)
        with deadline(DEADLINE_S):
            result = _run_either(cli, FREE_TEXT[field](text))
        if result.exit_code != 0:
            message = result.stderr.strip()
            assert message.startswith(("error:", "Usage:")), result.output
            if message.startswith("error:"):
                assert len(message.splitlines()) == 1, message
            assert dump_store(cli.url) == before

    check()


def _run_either(cli: Cli, argv: list[str]):  # type: ignore[no-untyped-def]
    """Run a command that may succeed or be refused; Cli() still fails the test on a traceback."""
    from provenance.cli import app

    old = Path.cwd()
    os.chdir(cli.cwd)
    try:
        raw = cli.runner.invoke(app, ["--db", cli.url, "--as", "tester", *argv], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert "Traceback" not in raw.stdout + raw.stderr, raw.stdout + raw.stderr
    return raw
