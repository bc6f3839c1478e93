"""The app's web server: Starlette routes on 127.0.0.1, one workspace in memory, no disk writes.

Framework: Starlette (ASGI, ~80 kB, pure Python) served by uvicorn, pages rendered on the
server with Jinja2, and one small script of our own (static/app.js, no CDN) that posts an
edited field and swaps in the new plan. Forms and uploads are read by the standard library
(`urllib.parse`, raw request bodies), so no upload is ever spooled to a temporary file.
"""

from __future__ import annotations

import socket
import threading
import webbrowser
from urllib.parse import parse_qs, urlsplit

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from optimizer.app import views
from optimizer.app.toml_text import to_toml
from optimizer.app.workspace import MAX_UPLOAD_BYTES, Workspace, build_scenario
from optimizer.errors import ScenarioError, SolverError

HOST = "127.0.0.1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
#: A form post (one field, a variant name) is small; anything bigger is not ours.
MAX_FORM_BYTES = 64_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def create_app(workspace: Workspace) -> Starlette:
    """The ASGI app around `workspace` (the tests drive it with Starlette's TestClient)."""
    state = {"ws": workspace}

    def ws() -> Workspace:
        return state["ws"]

    async def index(request: Request) -> Response:
        html = views.page(ws())
        ws().notice = ""  # shown once
        return HTMLResponse(html)

    async def edit(request: Request) -> Response:
        form = await _form(request)
        if not ws().edit(form.get("field", ""), form.get("value", "")):
            return PlainTextResponse("unknown field", status_code=400)
        return JSONResponse(_answer(ws()))

    async def set_lang(request: Request) -> Response:
        ws().lang = views.lang_of(request.path_params["code"], ws().lang)
        return _home()

    async def open_upload(request: Request) -> Response:
        name = request.query_params.get("name", "upload.toml")
        raw = await _body(request, MAX_UPLOAD_BYTES)
        if raw is None:
            ws().notice = f"{name}: file is over the {MAX_UPLOAD_BYTES:,} byte limit; is this the right file?"
            return _home()
        try:
            state["ws"] = Workspace.from_upload(name, raw, ws().lang)
        except ScenarioError as exc:
            ws().notice = str(exc)
        return _home()

    async def teaching(request: Request) -> Response:
        state["ws"] = Workspace.teaching(ws().lang)
        return _home()

    async def rows(request: Request) -> Response:
        section, action = request.path_params["section"], request.path_params["action"]
        index = request.path_params.get("index")
        if not ws().change_rows(section, action, index):
            return PlainTextResponse("unknown row", status_code=400)
        return _home()

    async def save_variant(request: Request) -> Response:
        name = (await _form(request)).get("name", "").strip()
        if name:
            ws().save_variant(name[:80])
        return _home()

    async def open_variant(request: Request) -> Response:
        ws().open_variant((await _form(request)).get("name", ""))
        return _home()

    async def compare(request: Request) -> Response:
        return HTMLResponse(views.comparison(ws()))

    async def frontier(request: Request) -> Response:
        return HTMLResponse(views.frontier(ws()))

    async def download(request: Request) -> Response:
        what = request.path_params["what"]
        try:
            body, media, name = _download(ws(), what)
        except (ScenarioError, SolverError) as exc:
            return PlainTextResponse(str(exc), status_code=409)
        except KeyError:
            return PlainTextResponse("unknown download", status_code=404)
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(body, media_type=media, headers=headers)

    routes = [
        Route("/", index),
        Route("/edit", edit, methods=["POST"]),
        Route("/lang/{code}", set_lang),
        Route("/open", open_upload, methods=["POST"]),
        Route("/teaching", teaching, methods=["POST"]),
        Route("/rows/{section}/{action}", rows, methods=["POST"]),
        Route("/rows/{section}/{action}/{index:int}", rows, methods=["POST"]),
        Route("/variants/save", save_variant, methods=["POST"]),
        Route("/variants/open", open_variant, methods=["POST"]),
        Route("/compare", compare),
        Route("/frontier", frontier),
        Route("/download/{what}", download),
        Mount("/static", StaticFiles(packages=[("optimizer.app", "static")]), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=ALLOWED_HOSTS)]
    app = Starlette(routes=routes, middleware=middleware)
    app.add_middleware(_SameOrigin)
    return app


def _answer(ws: Workspace) -> dict:
    p = ws.problem
    return {
        "version": ws.version,
        "results": views.results(ws),
        "problem": None if p is None else {"message": p.message, "field": p.field},
        "figures": views.figures(ws),
    }


def _download(ws: Workspace, what: str) -> tuple[bytes | str, str, str]:
    """The bytes of one download; a plan download needs the current values to be valid."""
    if what == "scenario.toml":
        return to_toml(ws.file_data()), "application/toml", f"{ws.stem}.toml"
    scenario = ws.scenario()  # raises the problem's ScenarioError if the values are not valid
    if what == "scenario.xlsx":
        from optimizer.io.excel_template import template_bytes

        order_given = bool((ws.data.get("optimize") or {}).get("spending_order"))
        labelled = dict(ws.variant_data())
        pairs = [(t, build_scenario(labelled[t["name"]], ws.name)) for t in ws.file_variants]
        return template_bytes(scenario, pairs, order_given), XLSX, f"{ws.stem}.xlsx"
    if ws.plan is None or ws.problem is not None:
        raise ScenarioError(ws.problem.message if ws.problem else "no plan")
    if what == "plan.xlsx":
        from optimizer.analysis.marginal import marginal_values
        from optimizer.excel_report.plan import plan_workbook_bytes

        return plan_workbook_bytes(ws.plan, ws.lang, marginal_values), XLSX, f"{ws.stem}-plan.xlsx"
    if what == "report.html":
        from optimizer.app.report import report_html

        return report_html(ws.plan, scenario, ws.lang, ws.solver), "text/html", f"{ws.stem}-report.html"
    raise KeyError(what)


def _home() -> Response:
    return RedirectResponse("/", status_code=303)


async def _body(request: Request, limit: int) -> bytes | None:
    """The request body, or None as soon as it passes `limit` bytes (nothing is stored beyond it)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _form(request: Request) -> dict[str, str]:
    raw = await _body(request, MAX_FORM_BYTES)
    if raw is None:
        return {}
    pairs = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v[0] for k, v in pairs.items()}


class _SameOrigin:
    """Refuse posts from other web sites (a page elsewhere must not drive the planner's app)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST":
            headers = dict(scope["headers"])
            origin = headers.get(b"origin", b"").decode("latin-1")
            if origin and urlsplit(origin).hostname not in ALLOWED_HOSTS:
                await PlainTextResponse("cross-site request refused", status_code=403)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def free_socket(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: one the system picks); raises OSError if taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(64)
    return sock


def serve(workspace: Workspace, port: int = 0, open_browser: bool = True, echo=print) -> None:
    """Run the app on 127.0.0.1 until Ctrl-C; prints the address and opens the browser unless told not to."""
    import uvicorn

    sock = free_socket(port)
    url = f"http://{HOST}:{sock.getsockname()[1]}/"
    config = uvicorn.Config(create_app(workspace), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    echo(f"UCJ planner: {url} (Ctrl-C stops it)")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server.run(sockets=[sock])
