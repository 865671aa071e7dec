"""The workbench's routes: documents, a document to read and quote from, a claim, the review queue.

Each handler makes one :class:`~provenance.store.Store` call per action (one transaction), and
shows the library's own error, naming the field, in the page it came from (status 400, or 409
when another editor changed the record first). Pages come from the report's Jinja environment
(autoescaped, strict), with templates of their own under ``templates/web/``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import EditConflict, NotFound, ProvenanceError
from ..models import Verdict
from ..report.html import Span, environment, render_highlighted
from ..resources import resource_dir
from ..store import Store
from . import security

# What /static/ serves: a fixed list, never a path from the request.
_STATIC = {
    "style.css": ("style.css", "text/css"),
    "web.css": ("web/web.css", "text/css"),
    "workbench.js": ("web/workbench.js", "text/javascript"),
}
# Field names the library uses, as the form labels them.
_LABELS = {
    "quote": "Quote",
    "statement": "Statement",
    "speaker": "Speaker",
    "note": "Note",
    "start": "Start",
    "subject": "Subject",
    "value": "Value",
}
PAGE = 100  # documents per page of the list


def _label(name: str) -> str:
    return f"“{_LABELS.get(name, name.replace('_', ' '))}”"


class Workbench:
    """The app's state: the store it works on and the page templates."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.env = environment()

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        token = request.cookies.get(security.COOKIE) or security.new_token()
        context.setdefault("error", None)
        html = self.env.get_template(f"web/{template}").render(
            csrf=token,
            read_only=self.store.read_only_reason,
            editor=self.store.actor,
            verdicts=[v.value for v in Verdict],
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        if request.cookies.get(security.COOKIE) != token:
            response.set_cookie(security.COOKIE, token, httponly=True, samesite="strict", path="/")
        return response

    # -------------------------------------------------------------------------------- pages

    def documents(self, request: Request) -> Response:
        raw = request.query_params.get("page", "1")
        page = int(raw) if raw.isdigit() and 0 < int(raw) < 10**7 else 1
        total = self.store.count_documents()
        rows = self.store.documents(limit=PAGE, offset=(page - 1) * PAGE)
        pages = max(1, -(-total // PAGE))
        return self.page(
            request, "documents.html", title="Documents", rows=rows, total=total, number=page, pages=pages
        )

    def document(
        self,
        request: Request,
        *,
        error: str | None = None,
        form: Mapping[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        ref = request.path_params["ref"]
        detail = self.store.document(ref)
        text = self.store.document_text(ref) if detail.document.revision else None
        marked = None
        if text is not None:
            spans = [Span(c.start, c.end, "claim", c.id, f"/claims/{c.key}") for c in detail.claims]
            marked = render_highlighted(text, spans)
        return self.page(
            request,
            "document.html",
            status,
            title=detail.document.title,
            detail=detail,
            text=marked,
            error=error,
            form=form or {},
            logged=request.query_params.get("logged"),
        )

    def claim(self, request: Request, *, error: str | None = None, status: int = 200) -> Response:
        from ..proposals import describe

        ref = request.path_params["ref"]
        detail = self.store.claim(ref)
        read = self.store.claim_reading(ref)
        readings = [(a, describe(a)) for a in read.readings]
        return self.page(
            request,
            "claim.html",
            status,
            title=f"Claim {detail.claim.key}",
            detail=detail,
            read=read,
            readings=readings,
            error=error,
        )

    def review(self, request: Request, *, error: str | None = None, status: int = 200) -> Response:
        rows = self.store.review_queue()
        return self.page(request, "review.html", status, title="Review", rows=rows, error=error)

    # -------------------------------------------------------------------------------- writes

    async def log_claim(self, request: Request) -> Response:
        form = await self._form(request)
        if isinstance(form, Response):
            return form
        ref = request.path_params["ref"]
        start = form.get("start", "").strip()
        try:
            read = self.store.log_claim(
                ref,
                quote=form.get("quote", ""),
                statement=form.get("statement", ""),
                speaker=form.get("speaker", "").strip() or "author",
                start=int(start) if start.isdigit() else None,
            )
            claim = read.claim
        except ProvenanceError as exc:
            return self.document(request, error=exc.render(_label), form=form, status=_status(exc))
        return RedirectResponse(f"/documents/{ref}?logged={claim.key}#c{claim.id}", status_code=303)

    async def set_verdict(self, request: Request) -> Response:
        form = await self._form(request)
        if isinstance(form, Response):
            return form
        ref = request.path_params["ref"]
        try:
            self.store.set_verdict(
                ref, form.get("verdict") or None, expect_version=_version(form.get("version"))
            )
        except ProvenanceError as exc:
            return self.claim(request, error=exc.render(_label), status=_status(exc))
        return RedirectResponse(f"/claims/{ref}", status_code=303)

    async def decide_reading(self, request: Request) -> Response:
        form = await self._form(request)
        if isinstance(form, Response):
            return form
        ref, reading = request.path_params["ref"], str(request.path_params["reading"])
        decision = request.path_params["decision"]
        if decision not in ("accept", "reject"):
            return HTMLResponse("not found", status_code=404)
        try:
            self.store.decide_reading(
                ref,
                reading,
                accept=decision == "accept",
                subject=form.get("subject", "").strip() or None,
                value=form.get("value", "").strip() or None,
            )
        except ProvenanceError as exc:
            return self.claim(request, error=exc.render(_label), status=_status(exc))
        return RedirectResponse(f"/claims/{ref}#readings", status_code=303)

    async def decide(self, request: Request) -> Response:
        form = await self._form(request)
        if isinstance(form, Response):
            return form
        ref, decision = str(request.path_params["ref"]), request.path_params["decision"]
        if decision not in ("confirm", "dismiss"):
            return HTMLResponse("not found", status_code=404)
        note = form.get("note", "").strip()
        version = _version(form.get("version"))
        try:
            if decision == "confirm":
                self.store.confirm_conflict(ref, note=note or None, expect_version=version)
            else:
                self.store.dismiss_conflict(ref, note=note, expect_version=version)
        except ProvenanceError as exc:
            return self.review(request, error=exc.render(_label), status=_status(exc))
        return RedirectResponse("/review", status_code=303)

    async def _form(self, request: Request) -> dict[str, str] | Response:
        form = await request.form()
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        if not security.token_matches(request.cookies.get(security.COOKIE), values.get(security.FIELD)):
            return HTMLResponse(
                "This form has expired or did not come from the workbench: reload the page and send it"
                " again.",
                status_code=403,
            )
        if self.store.read_only_reason is not None:
            return HTMLResponse(f"The store is read-only: {self.store.read_only_reason}", status_code=403)
        return values

    def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return HTMLResponse("not found", status_code=404)
        path, media = _STATIC[name]
        return FileResponse(resource_dir("templates") / path, media_type=media)


def _status(exc: ProvenanceError) -> int:
    if isinstance(exc, EditConflict):
        return 409
    if isinstance(exc, NotFound):
        return 404
    return 400


def _version(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _guarded(handler: Callable[[Request], Any], bench: Workbench) -> Callable[[Request], Any]:
    """A page handler whose missing record is a 404 page, never a traceback."""

    async def run(request: Request) -> Response:
        try:
            result = handler(request)
            if hasattr(result, "__await__"):
                result = await result
            return result
        except NotFound as exc:
            return bench.page(request, "error.html", 404, title="Not found", message=exc.render(_label))
        except ProvenanceError as exc:
            return bench.page(request, "error.html", 400, title="Refused", message=exc.render(_label))
        except Exception as exc:  # noqa: BLE001 - a bug, said in one line, never a traceback
            line = " ".join(str(exc).split())[:300] or type(exc).__name__
            print(
                f"error: {request.method} {request.url.path}: {type(exc).__name__}: {line}", file=sys.stderr
            )
            return HTMLResponse(
                f"Something went wrong ({type(exc).__name__}); the store is unchanged.", status_code=500
            )

    return run


def make_app(store: Store) -> Starlette:
    """The workbench over ``store`` (its actor is the editor of every write)."""
    bench = Workbench(store)
    routes = [
        Route("/", lambda request: RedirectResponse("/documents", status_code=302)),
        Route("/documents", _guarded(bench.documents, bench)),
        Route("/documents/{ref}", _guarded(bench.document, bench)),
        Route("/documents/{ref}/claims", _guarded(bench.log_claim, bench), methods=["POST"]),
        Route("/claims/{ref}", _guarded(bench.claim, bench)),
        Route("/claims/{ref}/verdict", _guarded(bench.set_verdict, bench), methods=["POST"]),
        Route(
            "/claims/{ref}/readings/{reading:int}/{decision:str}",
            _guarded(bench.decide_reading, bench),
            methods=["POST"],
        ),
        Route("/review", _guarded(bench.review, bench)),
        Route(
            "/conflicts/{ref:int}/{decision:str}",
            _guarded(bench.decide, bench),
            methods=["POST"],
        ),
        Route("/static/{name}", bench.static),
    ]
    return Starlette(routes=routes, middleware=[Middleware(security.Headers)])
