"""`report serve`: the built folder over HTTP on 127.0.0.1, for a quick look.

The handler never echoes the request in its answers (T37, Datasette #2359):
error pages carry only the status, directory listings are off, and every
answer carries the same Content-Security-Policy as the pages.
"""

from __future__ import annotations

import os
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..errors import NotFound
from .write import is_site

CSP = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


class SiteHandler(SimpleHTTPRequestHandler):
    server_version = "provenance"
    sys_version = ""
    error_message_format = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>%(code)d</title></head>'
        "<body><p>%(code)d %(message)s</p></body></html>\n"
    )

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # The stock messages quote the request line or the command; say only the status.
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        super().send_error(code, phrase, "")

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        self.send_error(HTTPStatus.NOT_FOUND)
        return None

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()


def make_server(out: Path, port: int = 8000, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """A server for the report in `out` (not started); port 0 picks a free one."""
    out = Path(out)
    if not out.is_dir() or not is_site(out):
        raise NotFound(f"{out} is not a built report; run `provenance report build {out}` first")
    handler = partial(SiteHandler, directory=str(out.resolve()))
    return ThreadingHTTPServer((host, port), handler)
