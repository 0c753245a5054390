"""The pipeline order, written down once: ingest -> nlp -> actors -> events -> fuse -> store.

`Pipeline(db).run(paths)` is the call for notebooks; the CLI uses the same object.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from storyline import ingest
from storyline.actors.gazetteer import Gazetteer
from storyline.analysis import Analyser, DocumentAnalysis
from storyline.errors import IngestError
from storyline.fuse import Fuser
from storyline.fuse.embed import remember as remember_words
from storyline.limits import TIME_BUDGET
from storyline.model import Actor, Document, Event
from storyline.store import Store
from storyline.workers import AnalysisPool, Rejected


@dataclass
class Result:
    """What one run did: new documents and events, inputs rejected, duplicates skipped."""

    documents: list[Document] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    rejected: list[IngestError] = field(default_factory=list)
    duplicates: int = 0


class Pipeline:
    """Reads sources and stores their documents, actors, events and stories.

    `workers` processes run the per-document step (nlp, actors, events), each document under
    `time_budget` seconds; `workers=0` runs it in this process, with no budget (for notebooks
    and benchmarks that want the spaCy Docs)."""

    def __init__(
        self,
        db: str | Path = "storyline.duckdb",
        *,
        workers: int = 1,
        batch_size: int = 256,
        gazetteer: list[str | Path] | None = None,
        on_reject: Callable[[IngestError], None] | None = None,
        progress: bool = False,
        model: bool = True,
        allow_private_urls: bool = False,
        time_budget: float = TIME_BUDGET,
    ) -> None:
        self.db = Path(db)
        self.allow_private_urls = allow_private_urls
        self.batch_size = batch_size
        self.gazetteer = Gazetteer.load(gazetteer)  # a bad file fails here, before any work
        self._analyser = Analyser(gazetteer, model=model) if workers == 0 else None
        self._pool = AnalysisPool(gazetteer, model=model, workers=workers, budget=time_budget)
        weakref.finalize(self, self._pool.close)  # workers hold the models: never leak them
        self.actors: dict[str, Actor] = {}  # the batch's actors the gazetteer does not know
        self.fuser = Fuser(self._actor)
        self.on_reject = on_reject
        self.progress = progress
        self.rejected: list[IngestError] = []  # every input or document rejected so far

    def run(self, sources: Iterable[str | Path]) -> Result:
        """Ingest every source, analyse new documents, store each batch in one transaction."""
        result, start = Result(), len(self.rejected)
        try:
            with Store(self.db) as store:
                for batch in self._batches(sources, result, store):
                    if not batch:
                        continue
                    documents, events = self.process(batch, store)
                    result.documents.extend(documents)
                    result.events.extend(events)
        finally:
            self.close()  # a run is one job; the next one starts the workers again
        result.rejected = self.rejected[start:]
        return result

    def process(
        self, documents: list[Document], store: Store
    ) -> tuple[list[Document], list[Event]]:
        """nlp -> actors -> events (per document) -> fuse -> store for one batch of new
        documents; a document the per-document step rejects is reported and left out."""
        analyses = self._analyse(documents)
        kept = [a.document for a in analyses]
        self.actors = {a.id: a for analysis in analyses for a in analysis.actors}
        mentions = [m for a in analyses for m in a.mentions]
        events = [e for a in analyses for e in a.events]
        leads = {a.document.id: a.lead for a in analyses}
        terms = {a.document.id: a.terms for a in analyses}
        vectors = {a.document.id: a.lead_vector for a in analyses}
        for analysis in analyses:
            remember_words(analysis.word_vectors)
        fused = self.fuser.fuse(kept, leads, mentions, events, store, terms, vectors)
        actors = self.actors.values()
        store.save(kept, actors, mentions, fused.events, fused.stories, fused.profiles)
        return kept, fused.events

    def start(self) -> None:
        """Start the worker processes and wait until their models are loaded (the first
        batch starts them anyway; this is for timing the work alone)."""
        self._pool.analyse([])

    def close(self) -> None:
        """Stop the worker processes (a later run starts them again)."""
        self._pool.close()

    def _analyse(self, documents: list[Document]) -> list[DocumentAnalysis]:
        """The per-document step over a batch, in input order, rejections reported."""
        if self._analyser is not None:
            return list(self._analyser.analyse(documents))
        analyses = []
        for outcome in self._pool.analyse(documents):
            if isinstance(outcome, Rejected):
                self._reject(IngestError(outcome.document.source, outcome.reason))
            else:
                analyses.append(outcome)
        return analyses

    def _reject(self, error: IngestError) -> None:
        self.rejected.append(error)
        if self.on_reject:
            self.on_reject(error)

    def _actor(self, actor_id: str) -> Actor | None:
        return self.gazetteer.actors.get(actor_id) or self.actors.get(actor_id)

    def _batches(
        self, sources: Iterable[str | Path], result: Result, store: Store
    ) -> Iterator[list[Document]]:
        """New documents in batches: rejected inputs reported, already-stored ones skipped."""
        inputs = list(ingest.expand(str(s) for s in sources))
        batch: dict[str, Document] = {}
        for item in tqdm(inputs, desc="ingest", unit="input", disable=not self.progress):
            documents = self._read(item)
            for document in documents:
                if document.id in batch:
                    result.duplicates += 1
                else:
                    batch[document.id] = document
            if len(batch) >= self.batch_size:
                yield self._new(batch, store, result)
                batch = {}
        if batch:
            yield self._new(batch, store, result)

    def _read(self, item: str | IngestError) -> list[Document]:
        try:
            if isinstance(item, IngestError):
                raise item
            return ingest.read(item, allow_private=self.allow_private_urls)
        except IngestError as error:
            self._reject(error)
            return []

    @staticmethod
    def _new(batch: dict[str, Document], store: Store, result: Result) -> list[Document]:
        known = store.known_documents(batch)
        result.duplicates += len(known)
        return [d for i, d in batch.items() if i not in known]
