"""`claim list --json` streams (issue 21): the same bytes as the whole array printed at once,
written item by item; `--limit N`; a reader that goes away (`| head`) ends it quietly, exit 0."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from conftest import REPO, Cli
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.cli import common

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),  # text includes line breaks and quotes
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), _JSON, max_size=4), max_size=4))
def test_the_streamed_array_is_the_printed_one_byte_for_byte(items: list[dict[str, Any]]) -> None:
    printed: list[str] = []
    original = common.typer.echo

    def capture(message: str = "", nl: bool = True, **_: Any) -> None:
        printed.append(message + ("\n" if nl else ""))

    common.typer.echo = capture  # type: ignore[assignment]
    try:
        common.print_json(items)
        whole = "".join(printed)
        printed.clear()
        common.print_json_list(iter(items))
        streamed = "".join(printed)
    finally:
        common.typer.echo = original  # type: ignore[assignment]
    assert streamed == whole


def test_limit_takes_the_first_claims(cli: Cli) -> None:
    cli("import", REPO / "seeds")
    every = cli.json("claim", "list")
    assert len(every) > 3
    assert cli.json("claim", "list", "--limit", "3") == every[:3]
    assert cli.json("claim", "list", "--limit", "0") == []
    assert cli("claim", "list", "--limit", "2").stdout.count("\n") == 3  # the header and two rows
    refused = cli("claim", "list", "--json", "--verdict", "nope", ok=False)
    assert refused.stdout == "" and "verdict 'nope'" in refused.stderr  # refused before any output


def test_a_closed_pipe_ends_the_listing_quietly(sqlite_cli: Cli) -> None:
    sqlite_cli("import", REPO / "seeds")
    command = [sys.executable, "-c", "from provenance.cli import main; main()"]
    listing = subprocess.Popen(
        [*command, "--db", sqlite_cli.url, "claim", "list", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert listing.stdout is not None and listing.stderr is not None
    first = listing.stdout.read(200)  # the reader takes a little, then goes away
    listing.stdout.close()
    stderr = listing.stderr.read()
    assert listing.wait(timeout=60) == 0
    assert first.startswith(b"[\n  {") and stderr == b""
    whole = subprocess.run(
        [*command, "--db", sqlite_cli.url, "claim", "list", "--json"], capture_output=True, check=True
    )
    # Longer than a pipe's buffer (64 KiB), so the listing was still writing when the reader left.
    assert len(whole.stdout) > 65536 and len(json.loads(whole.stdout)) > 100
