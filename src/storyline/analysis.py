"""The per-document step: nlp -> actors -> events for one document, with no store access.

Everything about one document is a function of that document (and the gazetteer, lexicon and
model files), so it runs in worker processes (`storyline.workers`) and only fuse and store see
more than one document.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.actors.gazetteer import Gazetteer
from storyline.actors.resolver import ActorResolver
from storyline.events import classifier, extractor
from storyline.events.classifier import EventTypeClassifier
from storyline.events.coder import EventCoder
from storyline.events.extractor import EventExtractor
from storyline.events.lexicon import Lexicon
from storyline.fuse import terms as body_terms
from storyline.fuse.embed import embed, word_vectors
from storyline.fuse.embed import load as load_embedder
from storyline.model import Actor, Document, Event, Mention
from storyline.nlp import Analysis, analyse


@dataclass
class DocumentAnalysis:
    """What the fuse and store stages need of one analysed document."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)  # made for this document (not gazetteer)
    lead: str = ""  # title and first sentence, for story likeness
    terms: list[str] = field(default_factory=list)  # the body's most used content lemmas
    lead_vector: list[float] = field(default_factory=list)  # its embedding ([] without torch)
    word_vectors: dict[str, list[float]] = field(default_factory=dict)  # of its trigger words


class Analyser:
    """Resolves actors and codes events in parsed documents; one per process."""

    def __init__(self, gazetteer: list[str | Path] | None = None, *, model: bool = True) -> None:
        self.gazetteer = Gazetteer.load(gazetteer)
        self.resolver = ActorResolver(self.gazetteer)
        reader = _extractor(model)
        self.coder = EventCoder(
            Lexicon.load(), self._actor, None if reader else _classifier(model), extractor=reader
        )
        load_embedder()

    def analyse(self, documents: Iterable[Document]) -> Iterator[DocumentAnalysis]:
        """Each document parsed (`storyline.nlp.analyse`), resolved and coded."""
        for parsed in analyse(documents):
            yield self.code(parsed)

    def code(self, parsed: Analysis) -> DocumentAnalysis:
        """Actors and events of one parsed document."""
        document, doc = parsed.document, parsed.doc
        self.resolver.actors.clear()
        mentions = self.resolver.resolve(doc, document.id, parsed.anchor)
        events = self.coder.code(doc, document.id, mentions, document.anchor_date)
        self.resolver.redate_roles(events, mentions)
        first = next(iter(doc.sents), None)
        lead = " ".join(filter(None, [document.title, first and first.text]))
        actors = list(self.resolver.actors.values())
        # embedded here, in the worker, rather than by fuse in the parent while workers wait
        vector = embed([lead])[0] if lead else []
        words = word_vectors({e.trigger for e in events if e.trigger})
        return DocumentAnalysis(
            document, mentions, events, actors, lead, body_terms(doc), vector, words
        )

    def _actor(self, actor_id: str) -> Actor | None:
        return self.gazetteer.actors.get(actor_id) or self.resolver.actors.get(actor_id)


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


def _extractor(wanted: bool) -> EventExtractor | None:
    """The learned event reader when wanted and installed (it supersedes the type model)."""
    if not wanted or not extractor.available():
        return None
    return extractor.shipped()
