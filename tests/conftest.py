"""Shared fixtures: the real spaCy pipeline, gazetteer and lexicon, loaded once per session;
a store written by hand with events of known confidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from storyline.actors.gazetteer import Gazetteer
from storyline.actors.resolver import ActorResolver
from storyline.events.coder import EventCoder
from storyline.events.lexicon import Lexicon
from storyline.model import Actor, Document, Event, Evidence, Mention, Story
from storyline.nlp import analyse
from storyline.store import Store


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


UNSURE_TEXT = (
    "Chile signed a fisheries deal with Peru on Monday. Peru accused Ecuador of overfishing on "
    "Tuesday. Bolivia asked Brazil for help on Wednesday."
)


def unsure_objects() -> tuple[list, list, list, list, list]:
    """One story, three events the model is sure of (0.9), unsure of (0.2), and one the lexicon
    coded alone (no confidence), ready for `Store.save`."""
    document = Document(
        "unsure.txt", UNSURE_TEXT, title="Three events", publisher="Wire", published="2025-03-13"
    )
    actors = [
        Actor(qid, name, "country", iso3)
        for qid, name, iso3 in [
            ("Q298", "Chile", "CHL"), ("Q419", "Peru", "PER"), ("Q736", "Ecuador", "ECU"),
            ("Q750", "Bolivia", "BOL"), ("Q155", "Brazil", "BRA"),
        ]
    ]  # fmt: skip
    sentences = [s if s.endswith(".") else s + "." for s in UNSURE_TEXT.split(". ")]
    events = []
    for number, (key, kind, actor, recipient, day, belief) in enumerate(
        [
            ("sure", "AGREE", "Q298", "Q419", "2025-03-10", 0.9),
            ("unsure", "ACCUSE", "Q419", "Q736", "2025-03-11", 0.2),
            ("lexicon", "REQUEST", "Q750", "Q155", "2025-03-12", None),
        ]
    ):
        sentence = sentences[number]
        start = UNSURE_TEXT.index(sentence)
        evidence = Evidence(
            document.id, number, start, start + len(sentence), sentence,
            date=day, date_precision="day", actors=[actor], recipients=[recipient],
            confidence=belief,
        )  # fmt: skip
        event = Event(
            f"event:{key}", kind, actors=[actor], recipients=[recipient], date=day,
            date_precision="day", story="story:unsure", evidence=[evidence], confidence=belief,
        )  # fmt: skip
        events.append(event)
    story = Story(
        "story:unsure", "Three events", [document.id], [e.id for e in events],
        "2025-03-13", "2025-03-13",
    )  # fmt: skip
    return [document], actors, [], events, [story]


@pytest.fixture(scope="session")
def unsure_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store file holding `unsure_objects`: events of confidence 0.9, 0.2 and None."""
    db = tmp_path_factory.mktemp("unsure") / "unsure.duckdb"
    with Store(db) as store:
        store.save(*unsure_objects())
    return db
