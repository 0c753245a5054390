"""The HTML pages: each renders the same view its `/api/...` twin returns as JSON.

Templates autoescape everything; article text reaches them only as plain strings (`text.py`).
Titles are cut for lists and headings (`cut`, the whole title on hover via `full_title`) and
metadata shows its bidirectional controls (`visible`), so no stored string can stretch a page
or read as something else.
"""

from __future__ import annotations

from dataclasses import is_dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from storyline import confidence
from storyline.model import PLOVER_TYPES
from storyline.web import api, views
from storyline.web.assets import missing_vendor_files
from storyline.web.catalogue import Catalogue
from storyline.web.security import TOKEN_PARAM, without_query_param
from storyline.web.text import TITLE_LIMIT, cut, visible_controls

router = APIRouter(include_in_schema=False)


def configure(templates: Jinja2Templates) -> None:
    """Escape everything (article text is untrusted; `.j2` names escape nothing by default);
    template helpers: links to pages built in one place."""
    templates.env.autoescape = True
    templates.env.globals.update(
        link=link,
        plover_types=PLOVER_TYPES,
        default_min_confidence=confidence.DEFAULT_MIN_CONFIDENCE,
    )
    templates.env.filters.update(
        plain=plain,
        http_url=http_url,
        present=present,
        chart_series=chart_series,
        cut=cut,
        full_title=full_title,
        visible=visible_controls,
        confidence=confidence.label,
    )
    templates.env.trim_blocks = True
    templates.env.lstrip_blocks = True


def link(kind: str, key: str, fragment: str | None = None) -> str:
    """The page URL for a story, event, actor or document id (ids hold ':' but never '/')."""
    url = f"/{kind}/{quote(key, safe=':')}"
    return f"{url}#{fragment}" if fragment else url


def plain(value: object) -> object:
    """Dataclasses (or lists of them) as dicts, for `tojson` in a page's data block (the
    dataclasses' own fields, without `asdict`'s deep copies: a page only serialises them)."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {key: plain(item) for key, item in vars(value).items()}
    return value


def present(params: dict[str, object]) -> dict[str, object]:
    """Query parameters without the empty ones, for a link's query string."""
    return {k: v for k, v in params.items() if v not in (None, "")}


def chart_series(series: list[dict]) -> list[dict]:
    """What the figures chart draws of each series: its label and dated points (the JSON twin
    keeps every point's evidence)."""
    return [
        {
            "label": s["label"],
            "points": [
                {"date": p["date"], "value": p["value"], "text": p["text"]}
                for p in s["points"]
                if p["date"]
            ],
        }
        for s in series
    ]


def full_title(text: str | None) -> Markup:
    """A ` title="..."` attribute holding the whole text when `cut` shortens it, else nothing
    (escaped: Markup's % escapes its argument)."""
    if not text or len(text) <= TITLE_LIMIT:
        return Markup("")
    return Markup(' title="%s"') % text


def http_url(url: str | None) -> str | None:
    """The URL when it is http(s), else None: a stored URL is untrusted (`javascript:` ...)."""
    return url if url and urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def render(request: Request, name: str, code: int = 200, **context: object) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("missing_vendor", missing_vendor_files())
    context.setdefault("ingest_enabled", request.app.state.ingest is not None)
    context.setdefault("csrf_token", getattr(request.state, "csrf", ""))  # set by the Guard
    return templates.TemplateResponse(request, name, context, status_code=code)


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    return render(request, "error.html.j2", status, status=status, detail=detail)


@router.get("/")
def home() -> Response:
    return RedirectResponse("/stories", status_code=307)


@router.get("/stories")
def stories(
    request: Request, q: api.OptionalQuery = None, offset: api.Offset = 0, limit: api.Limit = 50
) -> HTMLResponse:
    page = views.story_list(api.catalogue(request), offset, limit, (q or "").strip() or None)
    return render(request, "stories.html.j2", page=page, json_url=_json_url(request))


@router.get("/stories/{story_id:path}")
def story(
    request: Request,
    story_id: str,
    min_confidence: api.Threshold,
    offset: api.Offset = 0,
    limit: api.Limit = 50,
    order: api.Order = "sources",
) -> HTMLResponse:
    catalogue = api.catalogue(request)
    page = views.story_page(catalogue, story_id, offset, limit, order, min_confidence)
    return render(
        request,
        "story.html.j2",
        page=page,
        rows={row.id: row for row in page.events.rows},
        timeline_data=_chart_data(catalogue, ("story", story_id), min_confidence, page.timeline),
        json_url=_json_url(request),
    )


@router.get("/events/{event_id:path}")
def event(request: Request, event_id: str) -> HTMLResponse:
    page = views.event_page(api.catalogue(request), event_id)
    return render(request, "event.html.j2", page=page, json_url=_json_url(request))


@router.get("/actors")
def actors(
    request: Request,
    q: api.OptionalQuery = None,
    kind: api.Kind = None,
    country: api.Country = None,
    offset: api.Offset = 0,
    limit: api.Limit = 50,
) -> HTMLResponse:
    page = api.actors(request, q, kind, country, offset, limit)
    return render(request, "actors.html.j2", page=page, json_url=_json_url(request))


@router.get("/actors/{actor_id:path}")
def actor(
    request: Request,
    actor_id: str,
    min_confidence: api.Threshold,
    offset: api.Offset = 0,
    limit: api.Limit = 50,
    order: api.Order = "sources",
) -> HTMLResponse:
    catalogue = api.catalogue(request)
    page = views.actor_page(catalogue, actor_id, offset, limit, order, min_confidence)
    return render(
        request,
        "actor.html.j2",
        page=page,
        timeline_data=_chart_data(catalogue, ("actor", actor_id), min_confidence, page.timeline),
        json_url=_json_url(request),
    )


@router.get("/documents/{document_id:path}")
def document(
    request: Request,
    document_id: str,
    min_confidence: api.Threshold,
) -> HTMLResponse:
    catalogue = api.catalogue(request)
    page = views.document_page(catalogue, document_id, min_confidence)
    paragraphs = views.document_segments(catalogue, page)
    types = {row.id: row.type for row in page.events}
    return render(
        request,
        "document.html.j2",
        page=page,
        paragraphs=paragraphs,
        types=types,
        json_url=_json_url(request),
    )


@router.get("/search")
def search(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
    """The search box's target: the stories page ranked by the query."""
    return RedirectResponse(f"/stories?q={quote(q)}" if q.strip() else "/stories", 303)


@router.get("/ingest")
def ingest_form(request: Request) -> HTMLResponse:
    api.ingest_queue(request)
    settings = request.app.state.settings
    return render(request, "ingest.html.j2", settings=settings, json_url="/api/ingest")


@router.post("/ingest")
def ingest_submit(
    request: Request,
    text: Annotated[list[str] | None, Form()] = None,
    urls: Annotated[str, Form()] = "",
    files: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    """The form without JavaScript: queue the job, then show its page."""
    job = api.start_ingest(request, text or [], urls, files or [])
    return RedirectResponse(f"/ingest/{job.id}", status_code=303)


@router.get("/ingest/{job_id}")
def ingest_job(request: Request, job_id: str) -> HTMLResponse:
    job = api.ingest_job(request, job_id)
    return render(request, "ingest_job.html.j2", job=job, json_url=f"/api/ingest/{job.id}")


def _chart_data(
    catalogue: Catalogue, owner: tuple[str, str], min_confidence: float, points: list
) -> Markup:
    """A timeline's data block, serialised once per snapshot and linked threshold: HTML-safe
    JSON, exactly what the `tojson` filter makes (`<`, `>`, `&`, `'` escaped), so it can stand
    in a script element."""
    return views.at_threshold(
        catalogue,
        ("timeline-json", *owner),
        min_confidence,
        lambda: htmlsafe_json_dumps(plain(points)),
    )


def _json_url(request: Request) -> str:
    """The page's JSON twin: the same path and query under /api (never a `token`; the Guard
    redirects it away, this keeps it off links even so)."""
    query = without_query_param(request.url.query, TOKEN_PARAM)
    query = f"?{query}" if query else ""
    return f"/api{request.url.path}{query}"
