"""The workbench's routes: documents, a document to read and quote from, a claim, the review queue.

Each handler makes one :class:`~provenance.store.Store` call per action (one transaction), and
shows the library's own error, naming the field, in the page it came from (status 400, or 409
when another editor changed the record first). Pages come from the report's Jinja environment
(autoescaped, strict), with templates of their own under ``templates/web/``.
"""

from __future__ import annotations

import copy
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..errors import EditConflict, NotFound, ProvenanceError
from ..models import Verdict
from ..report.html import Span, environment, render_highlighted
from ..report.paths import claim_path, document_path
from ..resources import resource_dir
from ..store import Store
from . import security, tokens

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
    "title": "Title",
    "text": "Text",
    "file": "File",
    "for": "Give the text to",
    "new": "Keep both",
    "url": "URL",
    "published": "Published",
    "outlet": "Outlet",
    "author": "Authors",
    "language": "Language",
    "encoding": "Encoding",
}
PAGE = 100  # documents per page of the list


def _label(name: str) -> str:
    return f"“{_LABELS.get(name, name.replace('_', ' '))}”"


class Workbench:
    """The app's state: the store it works on and the page templates."""

    def __init__(
        self,
        store: Store,
        *,
        sign_in: bool = False,
        secret: bytes | None = None,
        report: Path | None = None,
    ) -> None:
        self.store = store
        self.env = environment()
        # With sign-in, every page needs a signed-in editor, and writes are made as that editor.
        self.sign_in = sign_in
        self.secret = secret or security.new_secret()
        # A folder `report build` wrote (`serve --report`): pages link to the same record in it.
        self.report = report.resolve() if report is not None else None

    def report_href(self, relative: str) -> str | None:
        """The workbench's address of a report page, when the report folder has that file."""
        if self.report is None or not (self.report / relative).is_file():
            return None
        return f"/report/{relative}"

    def report_file(self, request: Request) -> Response:
        """A file of the report folder, never one outside it."""
        relative = str(request.path_params["path"])
        if self.report is None:
            return HTMLResponse("not found", status_code=404)
        path = (self.report / relative).resolve()
        if not path.is_relative_to(self.report) or not path.is_file():
            return HTMLResponse("not found", status_code=404)
        return FileResponse(path)

    # -------------------------------------------------------------------------------- who

    def signed_in(self, request: Request) -> tokens.Editor | None:
        """The editor of this request's session, if its cookie is good and its token still active."""
        lookup = security.read_session(self.secret, request.cookies.get(security.SESSION), time.time())
        return tokens.current(self.store, lookup) if lookup else None

    def editor(self, request: Request) -> tokens.Editor | None:
        return getattr(request.state, "editor", None)

    def read_only(self, request: Request) -> str | None:
        """Why this request cannot write, or None."""
        if self.store.read_only_reason is not None:
            return self.store.read_only_reason
        editor = self.editor(request)
        if editor is not None and editor.read_only:
            return f"{editor.name} signed in with a read-only token"
        return None

    def as_editor(self, request: Request) -> Store:
        """The store, writing as the signed-in editor (the same engine; only the actor differs)."""
        editor = self.editor(request)
        if editor is None:
            return self.store
        mine = copy.copy(self.store)
        mine.actor = editor.name
        return mine

    def page(self, request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        token = request.cookies.get(security.COOKIE) or security.new_token()
        context.setdefault("error", None)
        editor = self.editor(request)
        html = self.env.get_template(f"web/{template}").render(
            csrf=token,
            read_only=self.read_only(request),
            editor=editor.name if editor else self.store.actor,
            signed_in=editor is not None,
            sign_in=self.sign_in,
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
        revise: bool = False,
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
            report_href=self.report_href(document_path(detail.document.id, detail.document.key)),
            text=marked,
            error=error,
            form=form or {},
            logged=request.query_params.get("logged"),
            added=request.query_params.get("added") == "1",
            revised=request.query_params.get("revised") == "1",
            revise_error=revise,
        )

    # -------------------------------------------------------------------------------- documents in

    def new_document(
        self,
        request: Request,
        *,
        error: str | None = None,
        form: Mapping[str, str] | None = None,
        candidates: list[Any] | None = None,
        status: int = 200,
    ) -> Response:
        return self.page(
            request,
            "new_document.html",
            status,
            title="Add a document",
            error=error,
            form=form or {},
            candidates=candidates or [],
        )

    async def add_document(self, request: Request) -> Response:
        """`doc add` from the browser: pasted text or an uploaded file, read by the same library
        call as a FILE; the same-work check's candidates are shown, to choose --for or --new."""
        from ..works import SameWorkFound

        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        form, upload = checked
        choice = form.get("choice", "")
        for_document = choice[4:] if choice.startswith("for:") else None
        with tempfile.TemporaryDirectory(prefix="provenance-web-") as folder:
            try:
                path = await _source_file(form, upload, Path(folder))
                store = self.as_editor(request)
                if for_document is not None:
                    doc = store.add_document(
                        path, title="", url=form.get("url", "").strip() or None, for_document=for_document
                    )
                else:
                    doc = store.add_document(
                        path,
                        title=form.get("title", "").strip() or None,
                        authors=[a.strip() for a in form.get("author", "").split(";") if a.strip()],
                        outlet=form.get("outlet", "").strip() or None,
                        published=form.get("published", "").strip() or None,
                        url=form.get("url", "").strip() or None,
                        language=form.get("language", "").strip() or "en",
                        new=choice == "new",
                    )
            except SameWorkFound as exc:
                return self.new_document(
                    request,
                    error=exc.render(_label),
                    form=form,
                    candidates=self._candidates(exc.candidates),
                    status=409,
                )
            except ProvenanceError as exc:
                return self.new_document(request, error=exc.render(_label), form=form, status=_status(exc))
        return RedirectResponse(f"/documents/{_quoted(doc.key)}?added=1", status_code=303)

    def _candidates(self, found: list[Any]) -> list[dict[str, Any]]:
        """The same-work candidates read again (the refused transaction's records are expired)."""
        from sqlalchemy import inspect

        shown = []
        for candidate in found:
            identity = inspect(candidate.document).identity
            if not identity:
                continue
            detail = self.store.document(str(identity[0]))
            shown.append(
                {
                    "document": detail.document,
                    "outlet_name": detail.outlet.name if detail.outlet else None,
                    "reasons": list(candidate.reasons),
                    "near_identical": candidate.overlap is not None and candidate.overlap.same_work,
                }
            )
        return shown

    async def revise_document(self, request: Request) -> Response:
        """`doc revise` (a held document) or `doc add FILE --for` (an unheld one) from the browser."""
        checked = await self._checked(request)
        if isinstance(checked, Response):
            return checked
        form, upload = checked
        ref = request.path_params["ref"]
        with tempfile.TemporaryDirectory(prefix="provenance-web-") as folder:
            try:
                path = await _source_file(form, upload, Path(folder))
                store = self.as_editor(request)
                if store.document(ref).document.revision:
                    store.revise_document(ref, path)
                else:
                    store.add_document(path, title="", for_document=ref)
            except ProvenanceError as exc:
                return self.document(
                    request, error=exc.render(_label), form=form, status=_status(exc), revise=True
                )
        return RedirectResponse(f"/documents/{_quoted(ref)}?revised=1", status_code=303)

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
            report_href=self.report_href(claim_path(detail.claim.id, detail.claim.key)),
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
            read = self.as_editor(request).log_claim(
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
            self.as_editor(request).set_verdict(
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
            self.as_editor(request).decide_reading(
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
            store = self.as_editor(request)
            if decision == "confirm":
                store.confirm_conflict(ref, note=note or None, expect_version=version)
            else:
                store.dismiss_conflict(ref, note=note, expect_version=version)
        except ProvenanceError as exc:
            return self.review(request, error=exc.render(_label), status=_status(exc))
        return RedirectResponse("/review", status_code=303)

    async def _form(self, request: Request) -> dict[str, str] | Response:
        checked = await self._checked(request)
        return checked if isinstance(checked, Response) else checked[0]

    async def _checked(self, request: Request) -> tuple[dict[str, str], UploadFile | None] | Response:
        """A post's fields and its one uploaded file, once its CSRF token and the right to write hold."""
        form = await request.form(max_files=1, max_part_size=_MAX_UPLOAD)
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        upload = upload if isinstance(upload, UploadFile) and upload.filename else None
        if not security.token_matches(request.cookies.get(security.COOKIE), values.get(security.FIELD)):
            return HTMLResponse(
                "This form has expired or did not come from the workbench: reload the page and send it"
                " again.",
                status_code=403,
            )
        reason = self.read_only(request)
        if reason is not None:
            return self.page(
                request, "error.html", 403, title="Refused", message=f"Nothing was changed: {reason}."
            )
        return values, upload

    # -------------------------------------------------------------------------------- sign-in

    def signin_page(self, request: Request, *, error: str | None = None, status: int = 200) -> Response:
        return self.page(request, "signin.html", status, title="Sign in", error=error)

    async def signin(self, request: Request) -> Response:
        form = await request.form()
        values = {k: v for k, v in form.items() if isinstance(v, str)}
        if not security.token_matches(request.cookies.get(security.COOKIE), values.get(security.FIELD)):
            return self.signin_page(request, error="This form has expired: send it again.", status=403)
        editor = tokens.check(self.store, values.get("token", ""))
        if editor is None:
            return self.signin_page(
                request,
                error="That token does not sign anyone in (mistyped, or revoked); ask for a new one.",
                status=401,
            )
        response = RedirectResponse("/documents", status_code=303)
        response.set_cookie(
            security.SESSION,
            security.sign_session(self.secret, editor.lookup, time.time()),
            max_age=security.SESSION_HOURS * 3600,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    async def signout(self, request: Request) -> Response:
        form = await request.form()
        submitted = form.get(security.FIELD)
        if not security.token_matches(
            request.cookies.get(security.COOKIE), submitted if isinstance(submitted, str) else None
        ):
            return HTMLResponse("This form has expired: reload the page.", status_code=403)
        response = RedirectResponse("/signin", status_code=303)
        response.delete_cookie(security.SESSION, path="/", httponly=True, samesite="strict")
        return response

    def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return HTMLResponse("not found", status_code=404)
        path, media = _STATIC[name]
        return FileResponse(resource_dir("templates") / path, media_type=media)


_MAX_UPLOAD = (
    64 * 1024 * 1024
)  # a pasted text field's ceiling; the text's own cap (limits) is checked on reading


def _quoted(key: str) -> str:
    from urllib.parse import quote

    return quote(key, safe="")


def _upload_name(name: str) -> str:
    """The uploaded file's own name, reduced to a safe basename (its ending tells the reader the
    format: .html, .pdf, .md, .txt); it is what the document records as its source."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(".-")
    return base[:100] or "upload.txt"


async def _source_file(form: Mapping[str, str], upload: UploadFile | None, folder: Path) -> Path:
    """The pasted text or the uploaded file as a file in ``folder``, for the library's FILE reader."""
    from ..errors import InvalidInput, field
    from ..limits import text_cap

    pasted = form.get("text", "")
    if upload is not None and pasted.strip():
        raise InvalidInput(f"give the {field('text')} or a {field('file')}, not both")
    cap = text_cap(None)
    if upload is not None:
        data = await upload.read(cap + 1)
        name = _upload_name(upload.filename or "")
    elif pasted.strip():
        data = pasted.replace("\r\n", "\n").encode("utf-8")
        name = "pasted.txt"
    else:
        raise InvalidInput(f"paste the {field('text')} or choose a {field('file')}")
    if len(data) > cap:
        raise InvalidInput(f"the {field('file')} is larger than {cap // (1024 * 1024)} MB")
    path = folder / name
    path.write_bytes(data)
    return path


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
            request.state.editor = bench.signed_in(request) if bench.sign_in else None
            if bench.sign_in and request.state.editor is None and request.url.path != "/signin":
                if request.method == "GET":
                    return RedirectResponse("/signin", status_code=303)
                return bench.page(
                    request, "error.html", 401, title="Sign in", message="Sign in first: nothing was changed."
                )
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


def make_app(store: Store, *, sign_in: bool | None = None, report: Path | None = None) -> Starlette:
    """The workbench over ``store``. Without sign-in its actor is the editor of every write; with it
    (the default when the store has an active editor token) every page needs a signed-in editor,
    and each write is made as that editor."""
    if sign_in is None:
        sign_in = tokens.any_active(store)
    bench = Workbench(store, sign_in=sign_in, report=report)
    routes = [
        Route("/", lambda request: RedirectResponse("/documents", status_code=302)),
        Route("/documents", _guarded(bench.documents, bench)),
        Route("/documents/new", _guarded(bench.new_document, bench)),
        Route("/documents/new", _guarded(bench.add_document, bench), methods=["POST"]),
        Route("/documents/{ref}", _guarded(bench.document, bench)),
        Route("/documents/{ref}/text", _guarded(bench.revise_document, bench), methods=["POST"]),
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
        Route("/signin", _guarded(bench.signin_page, bench)),
        Route("/signin", _guarded(bench.signin, bench), methods=["POST"]),
        Route("/signout", _guarded(bench.signout, bench), methods=["POST"]),
        Route("/static/{name}", bench.static),
        Route("/report/{path:path}", _guarded(bench.report_file, bench)),
    ]
    return Starlette(routes=routes, middleware=[Middleware(security.Headers)])
