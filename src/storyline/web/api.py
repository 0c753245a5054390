"""The JSON API: one endpoint per page, returning the page's data (see `views`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile

from storyline.web import views
from storyline.web.catalogue import Catalogue
from storyline.web.ingest import IngestInput, IngestJob, IngestQueue

router = APIRouter(prefix="/api", tags=["api"])

Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Rows to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="Rows to return.")]
SearchQuery = Annotated[
    str, Query(min_length=1, max_length=200, description="Words to look for (BM25, stemmed).")
]
OptionalQuery = Annotated[
    str | None, Query(max_length=200, description="Full-text query over titles, bodies, actors.")
]
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
def story(request: Request, story_id: str) -> views.StoryPage:
    """A story: timeline points, events, documents (brief, claims and series when built)."""
    return views.story_page(catalogue(request), story_id)


@router.get("/events/{event_id:path}", response_model=views.EventPage)
def event(request: Request, event_id: str) -> views.EventPage:
    """An event with every evidence sentence in its paragraph."""
    return views.event_page(catalogue(request), event_id)


@router.get("/actors/{actor_id:path}", response_model=views.ActorPage)
def actor(request: Request, actor_id: str) -> views.ActorPage:
    """An actor, its events over time and the graph of the actors it deals with."""
    return views.actor_page(catalogue(request), actor_id)


@router.get("/documents/{document_id:path}", response_model=views.DocumentPage)
def document(request: Request, document_id: str) -> views.DocumentPage:
    """A document with its mentions, events and stories."""
    return views.document_page(catalogue(request), document_id)


@router.get("/search", response_model=views.SearchResults)
def search(request: Request, q: SearchQuery, limit: Limit = 20) -> views.SearchResults:
    """Full-text search over titles, bodies and actor names: stories, documents, actors."""
    return views.search(catalogue(request), q.strip(), limit)


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
        IngestInput("url", u, url=u) for u in (line.strip() for line in urls.splitlines()) if u
    ]
    for upload in files:
        if not upload.filename and not upload.size:
            continue  # an empty file field
        if (upload.size or 0) > settings.max_file_bytes:
            raise HTTPException(413, f"{upload.filename}: over {settings.max_file_bytes} bytes")
        inputs.append(IngestInput("file", upload.filename or "upload", data=upload.file.read()))
    if len(inputs) > settings.max_files:
        raise HTTPException(413, f"{len(inputs)} inputs: at most {settings.max_files} at once")
    if not inputs:
        raise HTTPException(422, "nothing to ingest: paste text, give URLs or upload files")
    return queue.submit(inputs)
