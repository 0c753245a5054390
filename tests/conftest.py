"""Shared fixtures: the real spaCy pipeline, gazetteer and lexicon, loaded once per session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from storyline.actors.gazetteer import Gazetteer
from storyline.actors.resolver import ActorResolver
from storyline.events.coder import EventCoder
from storyline.events.lexicon import Lexicon
from storyline.model import Actor, Document, Event, Mention
from storyline.nlp import analyse


@dataclass
class Coded:
    """One short text run through nlp, actors and events."""

    document: Document
    mentions: list[Mention]
    events: list[Event]
    actor: Callable[[str], Actor | None]

    def names(self, ids: list[str]) -> list[str]:
        return [self.actor(i).name for i in ids]

    def of_type(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.type == kind]


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return Lexicon.load()


@pytest.fixture
def code(gazetteer: Gazetteer, lexicon: Lexicon) -> Callable[..., Coded]:
    """Run text (dated `published`) through the nlp, actors and events stages."""

    def run(text: str, published: str | None = "2024-06-21") -> Coded:
        resolver = ActorResolver(gazetteer)

        def actor(actor_id: str) -> Actor | None:
            return gazetteer.actors.get(actor_id) or resolver.actors.get(actor_id)

        coder = EventCoder(lexicon, actor)
        document = Document(source="test", text=text, published=published)
        analysis = next(analyse([document]))
        mentions = resolver.resolve(analysis.doc, document.id, analysis.anchor)
        events = coder.code(analysis.doc, document.id, mentions, document.anchor_date)
        return Coded(document, mentions, events, actor)

    return run
