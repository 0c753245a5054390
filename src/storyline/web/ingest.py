"""Ingest from the web: pasted text, uploaded files and URLs, one job at a time in the background.

Each input is read and stored on its own (the pipeline's read -> process steps), so a page can
show progress input by input and list each input's error next to it. Jobs run in one worker
thread because the pipeline and the store file are not for concurrent writers.

Only what the user sent is read: pasted text, uploaded bytes and http(s) URLs, never a path on
the server. An upload's name is shown (cut to `NAME_LIMIT`, controls made visible) but never
used as a path: the bytes go to a fixed name in a temporary folder, and no error shown names it.
"""

from __future__ import annotations

import os
import queue
import re
import tempfile
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from storyline import ingest
from storyline.errors import IngestError, StorylineError
from storyline.limits import TIME_BUDGET
from storyline.model import Document
from storyline.store import Store
from storyline.web.text import cut, visible_controls

KEEP_JOBS = 100  # finished jobs remembered for their pages
NAME_LIMIT = 200  # characters of an input's name kept for pages and document sources
SUFFIX = re.compile(r"\.[a-z0-9]{1,10}")  # an extension the format sniffer may go by
_TEMP_DIRS = sorted({tempfile.gettempdir(), os.path.realpath(tempfile.gettempdir())}, key=len)
TEMPORARY = re.compile(  # a path in the temporary folder, not "/tmp" inside a URL's path
    r"(?<![\w/.:-])(?:" + "|".join(re.escape(d) for d in reversed(_TEMP_DIRS)) + r")"
    r"(?:/[^\s'\"]*)?(?![\w.-])"
)


@dataclass
class IngestInput:
    """What the user gave: `kind` is text, file or url; `name` is what pages call it."""

    kind: str
    name: str
    text: str | None = None  # pasted text
    data: bytes | None = None  # uploaded file
    url: str | None = None


@dataclass
class InputProgress:
    """One input's outcome: the new documents it gave, duplicates skipped, or why it failed."""

    kind: str
    name: str
    state: str = "waiting"  # waiting | reading | stored | rejected
    documents: list[str] = field(default_factory=list)
    duplicates: int = 0
    error: str | None = None


@dataclass
class IngestJob:
    id: str
    state: str  # queued | running | done | failed
    created: str
    inputs: list[InputProgress]
    done: int = 0  # inputs finished
    events: int = 0
    error: str | None = None  # a failure of the whole job (not of one input)


@dataclass
class IngestInfo:
    """The ingest page's JSON twin: the caps on one request and the latest jobs, newest first."""

    max_files: int
    max_file_bytes: int
    max_body_bytes: int
    jobs: list[IngestJob]


class IngestQueue:
    """Runs ingest jobs one after another; `on_stored` is called after each stored input."""

    def __init__(
        self,
        db: Path,
        on_stored: Callable[[], None],
        pipeline_factory: Callable[[Path], object] | None = None,
        *,
        allow_private_urls: bool = False,
        time_budget: float = TIME_BUDGET,
    ) -> None:
        self.db = Path(db)
        self.allow_private_urls = allow_private_urls
        self.on_stored = on_stored
        self._pipeline_factory = pipeline_factory or partial(_default_pipeline, time_budget)
        self._pipeline = None
        self._jobs: OrderedDict[str, tuple[IngestJob, list[IngestInput]]] = OrderedDict()
        self._queue: queue.Queue[str] = queue.Queue()
        self._lock = threading.Lock()
        self._worker = threading.Thread(target=self._run, name="storyline-ingest", daemon=True)
        self._worker.start()

    def submit(self, inputs: list[IngestInput]) -> IngestJob:
        """Queue a job for `inputs`; its page follows it by id."""
        job = IngestJob(
            uuid.uuid4().hex[:12],
            "queued",
            datetime.now(UTC).isoformat(timespec="seconds"),
            [InputProgress(i.kind, i.name) for i in inputs],
        )
        with self._lock:
            self._jobs[job.id] = (job, inputs)
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        self._queue.put(job.id)
        return job

    def recent(self, count: int = 20) -> list[IngestJob]:
        """The latest jobs, newest first."""
        with self._lock:
            return [job for job, _ in reversed(self._jobs.values())][:count]

    def get(self, job_id: str) -> IngestJob | None:
        with self._lock:
            entry = self._jobs.get(job_id)
        return entry[0] if entry else None

    def _run(self) -> None:
        while True:
            job_id = self._queue.get()
            with self._lock:
                entry = self._jobs.get(job_id)
            if entry is None:
                continue
            job, inputs = entry
            job.state = "running"
            try:
                self._run_job(job, inputs)
                job.state = "done"
            except Exception as error:  # the page must say why, not hang on "running"
                job.state, job.error = "failed", shown_error(f"{type(error).__name__}: {error}")
            finally:
                inputs.clear()  # drop uploaded bytes once read
                if self._queue.empty() and hasattr(self._pipeline, "close"):
                    self._pipeline.close()  # idle: its worker processes hold the models

    def _run_job(self, job: IngestJob, inputs: list[IngestInput]) -> None:
        if self._pipeline is None:
            self._pipeline = self._pipeline_factory(self.db)
        with tempfile.TemporaryDirectory(prefix="storyline-ingest-") as folder:
            for given, progress in zip(inputs, job.inputs, strict=True):
                progress.state = "reading"
                try:
                    self._ingest_one(given, progress, Path(folder), job)
                    progress.state = "stored"
                except (StorylineError, OSError) as error:  # OSError: a full disk, say
                    progress.state = "rejected"
                    reason = error.reason if isinstance(error, IngestError) else str(error)
                    progress.error = shown_error(reason)
                job.done += 1

    def _ingest_one(
        self, given: IngestInput, progress: InputProgress, folder: Path, job: IngestJob
    ) -> None:
        documents = _read(given, folder, self.allow_private_urls)
        with Store(self.db) as store:
            known = store.known_documents(d.id for d in documents)
            new = list({d.id: d for d in documents if d.id not in known}.values())
            progress.duplicates, lost = len(documents) - len(new), []
            if new:
                stored, events = self._pipeline.process(new, store)
                job.events += len(events)
                lost = [d for d in new if d not in stored]
                new = stored
        progress.documents = [d.id for d in new]
        if new:
            self.on_stored()
        if not lost:
            return
        sources = {d.source for d in lost}  # rejected by the per-document step (time budget)
        reasons = {e.reason for e in self._pipeline.rejected if e.source in sources}
        why = "; ".join(sorted(reasons)) or "analysis failed"
        if not new:
            raise IngestError(lost[0].source, why)
        progress.error = f"{len(lost)} of {len(lost) + len(new)} documents rejected: {why}"


def _read(given: IngestInput, folder: Path, allow_private_urls: bool) -> list[Document]:
    """Documents from one input; pasted text and uploads are read from a temporary file so the
    format is told exactly as for files on disk, then named after what the user gave."""
    if given.kind == "url":
        url = given.url or ""
        if not ingest.is_url(url):  # never a path on the server
            raise IngestError(url, "only http:// and https:// URLs are fetched")
        return ingest.read(url, allow_private=allow_private_urls)
    label = f"{given.kind}:{given.name}"
    path = folder / f"input{_suffix(given.name)}"  # never the given name: it is untrusted
    try:
        if given.kind == "text":
            path.write_text(given.text or "", encoding="utf-8")
        else:
            path.write_bytes(given.data or b"")
        documents = ingest.read(str(path))
    except IngestError as error:
        raise IngestError(label, error.reason.replace(str(path), label)) from None
    finally:
        path.unlink(missing_ok=True)
    for document in documents:
        document.source = document.source.replace(str(path), label, 1)
    return documents


def input_name(name: str) -> str:
    """What pages and document sources call an input: controls made visible, cut to
    NAME_LIMIT characters (a name over 255 bytes is no longer a problem, only long)."""
    return cut(visible_controls(name), NAME_LIMIT)


def shown_error(text: str) -> str:
    """An error as a page may show it: without any path in the temporary folder, its controls
    made visible (it may quote a URL or a name)."""
    return visible_controls(TEMPORARY.sub("(temporary file)", text))


def _suffix(name: str) -> str:
    """The name's extension when it is a plain one (".html", ".jsonl"), else nothing: the
    format is then told from the content alone."""
    suffix = Path(name.replace("\\", "/")).suffix.lower()
    return suffix if SUFFIX.fullmatch(suffix) else ""


def _default_pipeline(time_budget: float, db: Path) -> object:
    from storyline.pipeline import Pipeline

    return Pipeline(db, time_budget=time_budget)
