"""What every workbench response carries and every write must show: a strict CSP and a CSRF token.

The token is double-submit: a random value in an HttpOnly, SameSite=Strict cookie, repeated in
each form; a post whose field does not match the cookie is refused before it reaches the library.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "provenance_csrf"
FIELD = "csrf"

# No inline script or style anywhere: the pages and the script are served from the app itself.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_matches(cookie: str | None, submitted: str | None) -> bool:
    return bool(cookie) and bool(submitted) and hmac.compare_digest(str(cookie), str(submitted))


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the workbench on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Headers:
    """ASGI middleware: the security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = POLICY
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
                headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


# --- the signed-in session --------------------------------------------------------------------

SESSION = "provenance_session"
SESSION_HOURS = 12


def new_secret() -> bytes:
    """The server's key for session cookies: new each time the workbench starts (a restart signs
    everyone out; no key is written anywhere)."""
    return secrets.token_bytes(32)


def sign_session(secret: bytes, lookup: str, now: float) -> str:
    """A session cookie naming the token's lookup (never the token), signed with HMAC-SHA256."""
    body = f"{lookup}.{int(now)}"
    mac = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def read_session(secret: bytes, cookie: str | None, now: float) -> str | None:
    """The lookup a session cookie names, if its signature holds and it has not expired."""
    if not cookie or len(cookie) > 200:
        return None
    body, dot, mac = cookie.rpartition(".")
    if not dot:
        return None
    expected = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, mac):
        return None
    lookup, _, issued = body.partition(".")
    if not issued.isdigit() or not 0 <= now - int(issued) <= SESSION_HOURS * 3600:
        return None
    return lookup
