"""Where the report may write, and what an interrupted build leaves (T37); `report serve`."""

from __future__ import annotations

import http.client
import threading
from pathlib import Path

import pytest
from test_report_support import build, site_bytes, small_store

from provenance.errors import Refused


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


def test_out_that_is_a_file_is_refused(sqlite_cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.write_text("precious")
    result = sqlite_cli("report", "build", out, ok=False)
    assert "is a file" in result.stderr
    assert out.read_text() == "precious"


def test_out_that_is_a_symlink_is_refused(sqlite_cli, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (real / "keep.txt").write_text("mine")
    link = tmp_path / "site"
    link.symlink_to(real, target_is_directory=True)
    result = sqlite_cli("report", "build", link, ok=False)
    assert "symbolic link" in result.stderr
    assert sorted(p.name for p in real.iterdir()) == ["keep.txt"]
    assert link.is_symlink()


def test_foreign_non_empty_folder_is_refused(sqlite_cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    result = sqlite_cli("report", "build", out, ok=False)
    assert "not empty" in result.stderr and "Traceback" not in result.output
    assert [p.name for p in out.iterdir()] == ["thesis.tex"]
    assert [n for n in _siblings(out) if n.startswith(".site")] == []


def test_a_marker_that_is_a_symlink_does_not_count(sqlite_cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (tmp_path / "elsewhere").write_text("x")
    (out / ".provenance-site").symlink_to(tmp_path / "elsewhere")
    sqlite_cli("report", "build", out, ok=False)
    assert (tmp_path / "elsewhere").read_text() == "x"


def test_empty_folder_and_our_own_site_are_replaced(sqlite_cli, tmp_path: Path) -> None:
    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    out.mkdir()
    build(sqlite_cli.url, out)
    (out / "stale.html").write_text("from an older build")
    build(sqlite_cli.url, out)
    assert (out / "index.html").is_file() and not (out / "stale.html").exists()
    assert [n for n in _siblings(out) if n.startswith(".site")] == []


def test_interrupted_build_leaves_the_previous_site_intact(sqlite_cli, tmp_path: Path, monkeypatch) -> None:
    from provenance.report import build as build_module

    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    previous = site_bytes(out)
    sqlite_cli("claim", "verdict", "2", "refuted")  # the next build would differ
    monkeypatch.setattr(build_module, "PROGRESS_EVERY", 3)

    def interrupt(done: int, total: int) -> None:
        if done >= 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(sqlite_cli.url, out, progress=interrupt)
    assert site_bytes(out) == previous
    assert [n for n in _siblings(out) if n.startswith(".site")] == []  # the half-built folder is gone
    with pytest.raises(KeyboardInterrupt):
        build(sqlite_cli.url, out, changed_only=True, progress=interrupt)
    assert site_bytes(out) == previous
    build(sqlite_cli.url, out)
    assert site_bytes(out) != previous


def test_refusal_happens_before_anything_is_written(sqlite_cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("x")
    with pytest.raises(Refused):
        build(sqlite_cli.url, out)
    assert [n for n in _siblings(out) if n.startswith(".site")] == []
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


# ---------------------------------------------------------------------------------- serve


@pytest.fixture
def server(sqlite_cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    from provenance.report.serve import make_server

    small_store(sqlite_cli, tmp_path)
    out = tmp_path / "site"
    build(sqlite_cli.url, out)
    httpd = make_server(out, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def _request(port: int, raw: bytes) -> bytes:
    import socket

    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def test_serve_answers_pages_with_a_csp(server: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=5)
    conn.request("GET", "/index.html")
    response = conn.getresponse()
    assert response.status == 200
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    assert b"Contradictions" in response.read()


@pytest.mark.parametrize(
    "raw",
    [
        b"GET /<script>alert(1)</script>.html HTTP/1.0\r\n\r\n",
        b"GET /documents/ HTTP/1.0\r\n\r\n",
        b"GET /../../etc/passwd HTTP/1.0\r\n\r\n",
        b"FOO<script>alert(1)</script> /x HTTP/1.0\r\n\r\n",
        b"GET /x<script> HTTP/9.9\r\n\r\n",
        b"<script>alert(1)</script>\r\n\r\n",
    ],
)
def test_serve_error_pages_do_not_echo_the_request(server: int, raw: bytes) -> None:
    answer = _request(server, raw)
    if answer.startswith(b"HTTP/"):
        assert int(answer.split(b" ", 2)[1]) >= 400
        body = answer.split(b"\r\n\r\n", 1)[1].lower()
    else:  # an HTTP/0.9-style answer: no status line, only the body
        body = answer.lower()
    assert body
    assert b"script" not in body and b"etc" not in body and b"documents" not in body and b"foo" not in body


def test_serve_refuses_a_folder_that_is_not_a_report(sqlite_cli, tmp_path: Path) -> None:
    result = sqlite_cli("report", "serve", tmp_path, ok=False)
    assert "not a built report" in result.stderr
