"""The FastAPI app: pages and their JSON twins over one store (`storyline serve`).

`create_app(Settings(db=...))` is all a caller needs; the CLI derives the settings from the host
it binds (`settings_for`), so a non-loopback bind always carries a token and no web ingest
unless asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.limits import TIME_BUDGET
from storyline.web import api, pages
from storyline.web.assets import STATIC, vendor_file
from storyline.web.catalogue import CatalogueSource
from storyline.web.ingest import IngestQueue
from storyline.web.security import LOOPBACK_HOSTS, Guard, is_loopback
from storyline.web.views import NotFound

MB = 1_000_000


@dataclass(frozen=True)
class Settings:
    """How the app serves one store; the defaults are those of a loopback bind."""

    db: Path
    token: str | None = None
    ingest: bool = True
    allowed_hosts: tuple[str, ...] | None = LOOPBACK_HOSTS  # None: any Host header
    max_file_bytes: int = 10 * MB  # one uploaded file (the ingest stage's own limit)
    max_files: int = 20  # files, pasted texts and URLs in one ingest request
    max_body_bytes: int = 32 * MB  # one request body
    allow_private_urls: bool = False  # web ingest may fetch loopback/private addresses
    time_budget: float = TIME_BUDGET  # seconds one ingested document may take to analyse
    body_timeout: float | None = 30.0  # seconds for a whole request body to arrive (408 after)


class SettingsError(ValueError):
    """Settings that would expose the store (a public bind without a token)."""


def settings_for(
    db: Path,
    host: str,
    token: str | None,
    ingest: bool | None,
    allow_private_urls: bool = False,
    time_budget: float = TIME_BUDGET,
) -> Settings:
    """Settings for a bind address: off loopback a token is required and ingest is off by
    default. An empty token ("--token ''", STORYLINE_TOKEN="") is no token."""
    token = token or None
    if is_loopback(host):
        bound = f"[{host.strip('[]')}]" if ":" in host else host  # 127.0.0.2, [::1] ...
        return Settings(
            db=db,
            token=token,
            ingest=True if ingest is None else ingest,
            allowed_hosts=tuple(dict.fromkeys((*LOOPBACK_HOSTS, bound.lower()))),
            allow_private_urls=allow_private_urls,
            time_budget=time_budget,
        )
    if not token:
        raise SettingsError(f"binding {host} needs a token: pass --token or set STORYLINE_TOKEN")
    return Settings(
        db=db,
        token=token,
        ingest=bool(ingest),
        allowed_hosts=None,
        allow_private_urls=allow_private_urls,
        time_budget=time_budget,
    )


def create_app(settings: Settings) -> FastAPI:
    """The app with its pages, API, static files, error handlers and request guard."""
    app = FastAPI(
        title="Storyline",
        summary="Sourced PLOVER events from news articles: stories, events, actors, documents.",
        version="0.1.0",
        docs_url=None,  # the interactive docs page loads scripts from a CDN
        redoc_url=None,
        max_body_size=settings.max_body_bytes,  # 413 before a big upload is read whole
    )
    app.state.settings = settings
    app.state.catalogue = CatalogueSource(settings.db)
    app.state.ingest = (
        IngestQueue(
            settings.db,
            app.state.catalogue.invalidate,
            allow_private_urls=settings.allow_private_urls,
            time_budget=settings.time_budget,
        )
        if settings.ingest
        else None
    )
    app.state.templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
    pages.configure(app.state.templates)
    app.include_router(api.router)
    app.include_router(pages.router)
    _static_routes(app)
    _error_handlers(app)
    app.add_middleware(
        Guard,
        token=settings.token,
        allowed_hosts=settings.allowed_hosts,
        body_timeout=settings.body_timeout,
    )
    return app


def _static_routes(app: FastAPI) -> None:
    @app.get("/static/vendor/{name}", include_in_schema=False)
    def vendor(name: str) -> Response:
        path = vendor_file(name)
        if path is None:
            raise HTTPException(404, f"{name} is not installed: run bin/setup (npm ci)")
        return FileResponse(path, media_type="text/javascript", headers=_CACHE)

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        path = STATIC / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise HTTPException(404, f"no static file {name!r}")
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        return FileResponse(path, media_type=kind, headers=_CACHE)


_CACHE = {"cache-control": "public, max-age=3600"}


def _error_handlers(app: FastAPI) -> None:
    """Clear errors, never tracebacks: JSON under /api, a page elsewhere."""

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        return _error(request, 404, str(error))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        response = _error(request, error.status_code, str(error.detail))
        response.headers.update(error.headers or {})  # Allow on 405, Connection on 408
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": _jsonable(error.errors())}, status_code=422)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in error.errors()
        )
        return _error(request, 422, problems)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, detail: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return pages.error_page(request, status, detail)


def _jsonable(errors: list) -> list:
    """Validation errors without the raw input objects FastAPI may attach (uploads, bytes)."""
    return [{k: v for k, v in e.items() if k in ("type", "loc", "msg")} for e in errors]
