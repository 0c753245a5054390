"""The pipeline order, written down once: ingest -> nlp -> actors -> events -> fuse -> store.

`Pipeline(db).run(paths)` is the call for notebooks; the CLI uses the same object.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from storyline import ingest
from storyline.actors.gazetteer import Gazetteer
from storyline.actors.resolver import ActorResolver
from storyline.errors import IngestError
from storyline.events import classifier
from storyline.events.classifier import EventTypeClassifier
from storyline.events.coder import EventCoder
from storyline.events.lexicon import Lexicon
from storyline.fuse import Fuser
from storyline.fuse import terms as fuse_terms
from storyline.model import Actor, Document, Event, Mention
from storyline.nlp import analyse
from storyline.store import Store


@dataclass
class Result:
    """What one run did: new documents and events, inputs rejected, duplicates skipped."""

    documents: list[Document] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    rejected: list[IngestError] = field(default_factory=list)
    duplicates: int = 0


class Pipeline:
    """Reads sources and stores their documents, actors, events and stories."""

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
    ) -> None:
        self.db = Path(db)
        self.allow_private_urls = allow_private_urls
        self.workers = workers
        self.batch_size = batch_size
        self.gazetteer = Gazetteer.load(gazetteer)
        self.resolver = ActorResolver(self.gazetteer)
        self.coder = EventCoder(Lexicon.load(), self._actor, _classifier(model))
        self.fuser = Fuser(self._actor)
        self.on_reject = on_reject
        self.progress = progress

    def run(self, sources: Iterable[str | Path]) -> Result:
        """Ingest every source, analyse new documents, store each batch in one transaction."""
        result = Result()
        with Store(self.db) as store:
            for batch in self._batches(sources, result, store):
                if not batch:
                    continue
                documents, events = self.process(batch, store)
                result.documents.extend(documents)
                result.events.extend(events)
        return result

    def process(
        self, documents: list[Document], store: Store
    ) -> tuple[list[Document], list[Event]]:
        """nlp -> actors -> events -> fuse -> store for one batch of new documents."""
        mentions: list[Mention] = []
        events: list[Event] = []
        leads: dict[str, str] = {}
        terms: dict[str, list[str]] = {}
        self.resolver.actors.clear()
        for analysis in analyse(documents, workers=self.workers):
            document = analysis.document
            found = self.resolver.resolve(analysis.doc, document.id, analysis.anchor)
            mentions.extend(found)
            coded = self.coder.code(analysis.doc, document.id, found, document.anchor_date)
            self.resolver.redate_roles(coded, found)
            events.extend(coded)
            first = next(iter(analysis.doc.sents), None)
            leads[document.id] = " ".join(filter(None, [document.title, first and first.text]))
            terms[document.id] = fuse_terms(analysis.doc)
        fused = self.fuser.fuse(documents, leads, mentions, events, store, terms)
        store.save(
            documents,
            self.resolver.actors.values(),
            mentions,
            fused.events,
            fused.stories,
            fused.profiles,
        )
        return documents, fused.events

    def _actor(self, actor_id: str) -> Actor | None:
        return self.gazetteer.actors.get(actor_id) or self.resolver.actors.get(actor_id)

    def _batches(
        self, sources: Iterable[str | Path], result: Result, store: Store
    ) -> Iterator[list[Document]]:
        """New documents in batches: rejected inputs reported, already-stored ones skipped."""
        inputs = list(ingest.expand(str(s) for s in sources))
        batch: dict[str, Document] = {}
        for item in tqdm(inputs, desc="ingest", unit="input", disable=not self.progress):
            documents = self._read(item, result)
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

    def _read(self, item: str | IngestError, result: Result) -> list[Document]:
        try:
            if isinstance(item, IngestError):
                raise item
            return ingest.read(item, allow_private=self.allow_private_urls)
        except IngestError as error:
            result.rejected.append(error)
            if self.on_reject:
                self.on_reject(error)
            return []

    @staticmethod
    def _new(batch: dict[str, Document], store: Store, result: Result) -> list[Document]:
        known = store.known_documents(batch)
        result.duplicates += len(known)
        return [d for i, d in batch.items() if i not in known]


def _classifier(wanted: bool) -> EventTypeClassifier | None:
    """The learned event-type model when wanted and installed; the lexicon alone otherwise."""
    if not wanted:
        return None
    if not classifier.available():
        warnings.warn(
            "event-type model not installed: events are typed by the lexicon alone", stacklevel=3
        )
        return None
    return classifier.shipped()
