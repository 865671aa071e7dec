"""Workbench sign-in for a team (both engines): per-editor tokens made by the CLI, kept hashed,
revocable at once; each write carries the signed-in editor as its actor; a read-only token reads
every page and changes nothing; CSRF still guards every form; tokens appear in no page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import Cli, dump_store
from starlette.testclient import TestClient
from test_report_support import small_store

from provenance.db import make_engine
from provenance.store import Store
from provenance.web.app import make_app
from provenance.web.security import SESSION

DOC = "/documents/alleged-coup-attempt"


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form token"
    return found.group(1)


def _token(cli: Cli, *args: str) -> str:
    result = cli("serve", "token", "add", *args)
    token = result.stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{16}\.[A-Za-z0-9_-]{40,}", token), result.stdout
    return token


@pytest.fixture
def team(cli: Cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    small_store(cli, tmp_path)
    tokens = {"ana": _token(cli, "Ana Ruiz"), "reader": _token(cli, "Rea Der", "--read-only")}
    store = Store(cli.url, actor="the-server-user")
    app = make_app(store)  # sign-in by default: the store has tokens
    clients: list[TestClient] = []

    def client() -> TestClient:
        c = TestClient(app, follow_redirects=False)
        clients.append(c)
        return c

    yield client, cli, tokens
    for c in clients:
        c.close()
    store.dispose()


def _sign_in(client: TestClient, token: str) -> object:
    page = client.get("/signin")
    assert page.status_code == 200
    return client.post("/signin", data={"csrf": _csrf(page.text), "token": token})


def _log_claim(client: TestClient, statement: str) -> object:
    page = client.get(DOC).text
    return client.post(
        f"{DOC}/claims",
        data={"csrf": _csrf(page), "quote": "regional intelligence officials", "statement": statement},
    )


def test_every_page_needs_sign_in(team) -> None:  # type: ignore[no-untyped-def]
    client, cli, _ = team
    c = client()
    for path in ("/documents", DOC, "/claims/1", "/review"):
        response = c.get(path)
        assert response.status_code == 303 and response.headers["location"] == "/signin", path
    before = dump_store(cli.url)
    c.get("/signin")  # a CSRF cookie, but no session
    assert (
        c.post(f"{DOC}/claims", data={"csrf": c.cookies.get("provenance_csrf"), "quote": "x"}).status_code
        == 401
    )
    assert dump_store(cli.url) == before
    assert c.get("/static/workbench.js").status_code == 200  # the sign-in page's own assets


def test_a_good_token_signs_in_and_writes_as_that_editor(team) -> None:  # type: ignore[no-untyped-def]
    client, cli, tokens = team
    c = client()
    response = _sign_in(c, tokens["ana"])
    assert response.status_code == 303 and response.headers["location"] == "/documents"  # type: ignore[attr-defined]
    cookie = response.headers["set-cookie"]  # type: ignore[attr-defined]
    assert SESSION in cookie and "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert tokens["ana"] not in cookie and tokens["ana"].split(".")[1] not in cookie
    page = c.get("/documents").text
    assert "editing as <bdi>Ana Ruiz</bdi>" in page and tokens["ana"] not in page
    assert _log_claim(c, "Logged by Ana").status_code == 303  # type: ignore[attr-defined]
    events = cli("log", "--limit", "1").stdout
    assert "Ana Ruiz" in events and "the-server-user" not in events


def test_a_bad_or_malformed_token_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    client, _, tokens = team
    lookup, secret = tokens["ana"].split(".")
    for wrong in (f"{lookup}.{secret[:-1]}x", f"{'0' * 16}.{secret}", secret, "", "." * 300, "<script>"):
        c = client()
        response = _sign_in(c, wrong)
        assert response.status_code == 401, wrong  # type: ignore[attr-defined]
        assert SESSION not in response.headers.get("set-cookie", "")  # type: ignore[attr-defined]
        assert c.get("/documents").status_code == 303


def test_a_forged_session_cookie_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    client, _, tokens = team
    c = client()
    _sign_in(c, tokens["ana"])
    good = c.cookies.get(SESSION)
    assert good and c.get("/documents").status_code == 200
    lookup, issued, mac = good.split(".")
    for forged in (f"{lookup}.{int(issued) + 1}.{mac}", f"{lookup}.{issued}.{'0' * 64}", lookup):
        d = client()
        d.cookies.set(SESSION, forged)
        assert d.get("/documents").status_code == 303, forged


def test_a_revoked_token_is_refused_at_once(team) -> None:  # type: ignore[no-untyped-def]
    client, cli, tokens = team
    c = client()
    _sign_in(c, tokens["ana"])
    assert c.get("/documents").status_code == 200
    cli("serve", "token", "revoke", "Ana Ruiz")
    assert c.get("/documents").status_code == 303  # the open session ends with the token
    before = dump_store(cli.url)
    csrf = c.cookies.get("provenance_csrf")
    refused = c.post(
        f"{DOC}/claims", data={"csrf": csrf, "quote": "regional intelligence officials", "statement": "x"}
    )
    assert refused.status_code == 401
    assert dump_store(cli.url) == before
    assert _sign_in(client(), tokens["ana"]).status_code == 401  # type: ignore[attr-defined]
    listed = {r["name"]: r for r in cli.json("serve", "token", "list")}  # type: ignore[union-attr]
    assert listed["Ana Ruiz"]["revoked_at"] and not listed["Rea Der"]["revoked_at"]  # type: ignore[index]
    fresh = _token(cli, "Ana Ruiz")  # a revoked editor may be given a new token
    assert fresh != tokens["ana"] and _sign_in(client(), fresh).status_code == 303  # type: ignore[attr-defined]


def test_a_read_only_token_reads_but_every_write_is_refused(team) -> None:  # type: ignore[no-untyped-def]
    client, cli, tokens = team
    c = client()
    assert _sign_in(c, tokens["reader"]).status_code == 303  # type: ignore[attr-defined]
    for path in ("/documents", DOC, "/claims/1", "/review"):
        page = c.get(path)
        assert page.status_code == 200 and "read-only" in page.text, path
        assert 'id="claim-form"' not in page.text
    before = dump_store(cli.url)
    csrf = c.cookies.get("provenance_csrf")
    for path, data in (
        (f"{DOC}/claims", {"quote": "regional intelligence officials", "statement": "x"}),
        ("/claims/1/verdict", {"verdict": "false"}),
    ):
        response = c.post(path, data={"csrf": csrf, **data})
        assert response.status_code == 403, path
        assert "read-only token" in response.text
        assert "Nothing was changed" in response.text
    assert dump_store(cli.url) == before


def test_csrf_is_still_enforced_when_signed_in(team) -> None:  # type: ignore[no-untyped-def]
    client, cli, tokens = team
    c = client()
    _sign_in(c, tokens["ana"])
    before = dump_store(cli.url)
    for token in ("", "forged"):
        response = c.post(
            f"{DOC}/claims", data={"csrf": token, "quote": "The coup attempt", "statement": "x"}
        )
        assert response.status_code == 403
    # and the sign-in form itself needs the page's token
    d = client()
    d.get("/signin")
    assert d.post("/signin", data={"csrf": "forged", "token": tokens["ana"]}).status_code == 403
    assert SESSION not in d.cookies
    assert dump_store(cli.url) == before


def test_sign_out_ends_the_session(team) -> None:  # type: ignore[no-untyped-def]
    client, _, tokens = team
    c = client()
    _sign_in(c, tokens["ana"])
    page = c.get("/documents").text
    response = c.post("/signout", data={"csrf": _csrf(page)})
    assert response.status_code == 303 and response.headers["location"] == "/signin"
    assert c.get("/documents").status_code == 303


def test_tokens_are_stored_hashed_and_listed_without_them(team) -> None:  # type: ignore[no-untyped-def]
    _, cli, tokens = team
    engine = make_engine(cli.url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT * FROM editor_token")).all()
    finally:
        engine.dispose()
    stored = repr(rows)
    for token in tokens.values():
        lookup, secret = token.split(".")
        assert secret not in stored and lookup in stored
    salts = [r._mapping["salt"] for r in rows]
    assert len(set(salts)) == len(salts) == 2  # a salt of each token's own
    listing = cli("serve", "token", "list")
    assert "Ana Ruiz" in listing.stdout and "read-only" in listing.stdout
    assert not any(t.split(".")[1] in listing.stdout for t in tokens.values())


def test_token_add_refuses_an_active_name_and_revoke_an_unknown_one(team) -> None:  # type: ignore[no-untyped-def]
    _, cli, _ = team
    again = cli("serve", "token", "add", "Ana Ruiz", ok=False)
    assert again.exit_code != 0 and "already has a token" in again.output
    unknown = cli("serve", "token", "revoke", "Nobody", ok=False)
    assert unknown.exit_code != 0 and "no active token" in unknown.output
    empty = cli("serve", "token", "add", "  ", ok=False)
    assert empty.exit_code != 0 and "name" in empty.output


def test_host_opens_to_the_network_only_with_sign_in(
    sqlite_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused = sqlite_cli("serve", "--host", "0.0.0.0", ok=False)
    assert refused.exit_code == 2 and "no sign-in" in refused.output
    _token(sqlite_cli, "Ana Ruiz")
    started: dict[str, object] = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(kw))
    sqlite_cli("serve", "--host", "0.0.0.0", "--port", "8123")
    assert started["host"] == "0.0.0.0" and started["port"] == 8123 and started["access_log"] is False
    sqlite_cli("serve", "token", "revoke", "Ana Ruiz")
    assert sqlite_cli("serve", "--host", "0.0.0.0", ok=False).exit_code == 2


def test_migration_0015_down_and_up_keeps_the_rest_of_the_store(cli: Cli, tmp_path: Path) -> None:
    from provenance import migrate

    small_store(cli, tmp_path)
    _token(cli, "Ana Ruiz")
    from test_migrations import script

    from provenance.db import SCHEMA_HEAD

    # Down to just below 0015 (later migrations go too: what they hold is derived and refilled).
    derived = {"editor_token", "document_story"}
    below = str(script().get_revision("0015").down_revision)
    before = {k: v for k, v in dump_store(cli.url).items() if k not in derived}
    migrate.downgrade(cli.url, below)
    assert migrate.current_revision(cli.url) == below
    engine = make_engine(cli.url)
    try:
        assert "editor_token" not in sa.inspect(engine).get_table_names()
    finally:
        engine.dispose()
    migrate.upgrade(cli.url)
    assert migrate.current_revision(cli.url) == SCHEMA_HEAD
    after = dump_store(cli.url)
    assert after.pop("editor_token") == []  # the tokens went with the table: nobody signs in
    after.pop("document_story")
    assert after == before
    assert cli("serve", "token", "list").stdout == ""
