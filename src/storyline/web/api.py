"""The JSON API: one endpoint per page, returning the page's data (see `views`)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Query, Request, UploadFile

from storyline.confidence import DEFAULT_MIN_CONFIDENCE
from storyline.web import views
from storyline.web.catalogue import Catalogue
from storyline.web.ingest import IngestInfo, IngestInput, IngestJob, IngestQueue, input_name

router = APIRouter(prefix="/api", tags=["api"])

Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows to return.")]
SearchQuery = Annotated[
    str, Query(min_length=1, max_length=200, description="Words to look for (BM25, stemmed).")
]
OptionalQuery = Annotated[
    str | None, Query(max_length=200, description="Full-text query over titles, bodies, actors.")
]
Order = Annotated[
    Literal["sources", "date"],
    Query(description="Events most corroborated first (sources) or by date (undated last)."),
]
Kind = Annotated[
    str | None,
    Query(pattern=r"^[a-z_]{0,32}$", description="Actor kind: country, person, organisation ..."),
]
Country = Annotated[
    str | None, Query(pattern=r"^([A-Za-z]{3})?$", description="ISO 3166 alpha-3 country code.")
]
MinConfidence = Annotated[
    float,
    Query(
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="List only events the model is at least this sure of (0 to 1); events "
        "coded by the lexicon alone have no confidence and are always listed.",
    ),
]
ShowAll = Annotated[
    bool, Query(alias="all", description="List every event, however unsure (min_confidence 0).")
]


def threshold(
    min_confidence: MinConfidence = DEFAULT_MIN_CONFIDENCE, show_all: ShowAll = False
) -> float:
    """The confidence an event needs to be listed: `min_confidence`, or 0 with `all=1`."""
    return 0.0 if show_all else min_confidence


Threshold = Annotated[float, Depends(threshold)]
Texts = Annotated[list[str] | None, Form(description="Pasted article texts.")]
Urls = Annotated[str, Form(description="URLs, one a line.")]
Files = Annotated[
    list[UploadFile] | None, File(description="Article files (text, HTML, JSON, feeds).")
]


def catalogue(request: Request) -> Catalogue:
    return request.app.state.catalogue.get()


@router.get("/stories", response_model=views.StoryList)
def stories(
    request: Request, q: OptionalQuery = None, offset: Offset = 0, limit: Limit = 50
) -> views.StoryList:
    """Stories, newest first, or ranked by a full-text query `q`."""
    return views.story_list(catalogue(request), offset, limit, (q or "").strip() or None)


@router.get("/stories/{story_id:path}", response_model=views.StoryPage)
def story(
    request: Request,
    story_id: str,
    min_confidence: Threshold,
    offset: Offset = 0,
    limit: Limit = 50,
    order: Order = "sources",
) -> views.StoryPage:
    """A story: timeline points (one per event, or counts per type and day/week/month/year in a
    big story), one page of its events and their claims, documents, brief and figure series,
    all of the events shown at `min_confidence` (`all=1`: every event)."""
    return views.story_page(catalogue(request), story_id, offset, limit, order, min_confidence)


@router.get("/events/{event_id:path}", response_model=views.EventPage)
def event(request: Request, event_id: str) -> views.EventPage:
    """An event with every evidence sentence in its paragraph."""
    return views.event_page(catalogue(request), event_id)


@router.get("/actors", response_model=views.ActorList)
def actors(
    request: Request,
    q: OptionalQuery = None,
    kind: Kind = None,
    country: Country = None,
    offset: Offset = 0,
    limit: Limit = 50,
) -> views.ActorList:
    """Actors with the most events first; filter by name or alias (`q`), kind and country."""
    return views.actor_list(
        catalogue(request), offset, limit, (q or "").strip() or None, kind or None, country or None
    )


@router.get("/actors/{actor_id:path}", response_model=views.ActorPage)
def actor(
    request: Request,
    actor_id: str,
    min_confidence: Threshold,
    offset: Offset = 0,
    limit: Limit = 50,
    order: Order = "sources",
) -> views.ActorPage:
    """An actor, one page of its events, its events over time and the graph of the actors it
    deals with, all of the events shown at `min_confidence` (`all=1`: every event)."""
    return views.actor_page(catalogue(request), actor_id, offset, limit, order, min_confidence)


@router.get("/documents/{document_id:path}", response_model=views.DocumentPage)
def document(request: Request, document_id: str, min_confidence: Threshold) -> views.DocumentPage:
    """A document with its mentions, stories and the events shown at `min_confidence`."""
    return views.document_page(catalogue(request), document_id, min_confidence)


@router.get("/search", response_model=views.SearchResults)
def search(request: Request, q: SearchQuery, limit: Limit = 20) -> views.SearchResults:
    """Full-text search over titles, bodies and actor names: stories, documents, actors."""
    return views.search(catalogue(request), q.strip(), limit)


@router.get("/ingest", response_model=IngestInfo)
def ingest_info(request: Request) -> IngestInfo:
    """What the ingest page offers: the upload caps and the latest jobs (403 when ingest is off)."""
    settings = request.app.state.settings
    return IngestInfo(
        settings.max_files,
        settings.max_file_bytes,
        settings.max_body_bytes,
        ingest_queue(request).recent(),
    )


@router.post("/ingest", response_model=IngestJob, status_code=202)
def ingest(request: Request, text: Texts = None, urls: Urls = "", files: Files = None) -> IngestJob:
    """Start ingesting pasted texts, URLs and uploaded files; poll `/api/ingest/{id}`."""
    return start_ingest(request, text or [], urls, files or [])


@router.get("/ingest/{job_id}", response_model=IngestJob)
def ingest_job(request: Request, job_id: str) -> IngestJob:
    """An ingest job's progress: each input's state, new documents and error."""
    job = ingest_queue(request).get(job_id)
    if job is None:
        raise HTTPException(404, f"no ingest job with id {job_id!r}")
    return job


def ingest_queue(request: Request) -> IngestQueue:
    queue = request.app.state.ingest
    if queue is None:
        raise HTTPException(403, "ingest is turned off on this server (storyline serve --ingest)")
    return queue


def start_ingest(
    request: Request, texts: list[str], urls: str, files: list[UploadFile]
) -> IngestJob:
    """Check the inputs against the caps, then queue them (shared by the form and the API)."""
    queue = ingest_queue(request)
    settings = request.app.state.settings
    inputs = [
        IngestInput("text", f"pasted-{i}", text=t) for i, t in enumerate(texts, 1) if t.strip()
    ]
    inputs += [
        IngestInput("url", input_name(u), url=u)
        for u in (line.strip() for line in urls.splitlines())
        if u
    ]
    for upload in files:
        if not upload.filename and not upload.size:
            continue  # an empty file field
        name = input_name(upload.filename or "upload")
        if (upload.size or 0) > settings.max_file_bytes:
            raise HTTPException(413, f"{name}: over {settings.max_file_bytes} bytes")
        inputs.append(IngestInput("file", name, data=upload.file.read()))
    if len(inputs) > settings.max_files:
        raise HTTPException(413, f"{len(inputs)} inputs: at most {settings.max_files} at once")
    if not inputs:
        raise HTTPException(422, "nothing to ingest: paste text, give URLs or upload files")
    return queue.submit(inputs)
