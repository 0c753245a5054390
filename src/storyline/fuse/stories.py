"""Documents grouped into stories, incrementally.

A document joins the story it is most similar to, if similar enough, else opens a new one.
Similarity mixes what the lead says (cosine of MiniLM embeddings of title + first sentence), who
is named (cosine of actor counts weighted by inverse document frequency) and what the body talks
of (the same cosine over its most used content lemmas), so two earthquakes or two arrests, which
read alike, stay apart when their places, people and details differ. Blocking keeps
the work near-linear: a document is compared only with stories that share a named actor with it
or whose embedding is among the nearest few, and never with stories far apart in time.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from storyline.model import Document, Profile, Story

THRESHOLD = 0.35  # tuned on ECB+ train topics (benchmarks/ecb.py); see README
EMBEDDING_WEIGHT = 0.5  # of the lead embedding against the actors
TERMS_WEIGHT = 0.5  # of the body's words against the two above
WINDOW_DAYS = 60  # a story that last moved more than this before a document does not take it
NEAREST = 5  # stories taken by embedding alone, besides those that share an actor


@dataclass
class _StoryState:
    story: Story
    entities: Counter = field(default_factory=Counter)
    terms: Counter = field(default_factory=Counter)
    embedding_sum: np.ndarray | None = None
    days: list[date] = field(default_factory=list)


class StoryClusterer:
    """Assigns documents to stories; knows the stored stories through their documents' profiles."""

    def __init__(
        self,
        profiles: list[Profile],
        stories: dict[str, Story],
        threshold: float = THRESHOLD,
        embedding_weight: float = EMBEDDING_WEIGHT,
        terms_weight: float = TERMS_WEIGHT,
    ) -> None:
        self.threshold = threshold
        self.embedding_weight = embedding_weight
        self.terms_weight = terms_weight
        self.states: dict[str, _StoryState] = {}
        self.document_frequency: Counter = Counter()  # of actors and of terms alike
        self.documents = 0
        self.by_entity: dict[str, set[str]] = defaultdict(set)
        for profile in profiles:
            if profile.story and profile.story in stories:
                self._add(profile, stories[profile.story], None)

    def assign(self, document: Document, profile: Profile) -> tuple[Story, bool]:
        """The story the document joins (created if none is close); True if it is new."""
        day = _day(document.published or document.updated)
        best, score = None, self.threshold
        for state in self._candidates(profile, day):
            similarity = self.similarity(profile, state)
            if similarity >= score:
                best, score = state, similarity
        if best is None:
            story = Story(
                id=f"story:{document.id}",
                title=document.title or _lead(document.text),
                first_seen=document.published or document.updated,
                last_seen=document.updated or document.published,
            )
            self._add(profile, story, day)
            return story, True
        self._add(profile, best.story, day)
        return best.story, False

    def similarity(self, profile: Profile, state: _StoryState) -> float:
        """Weighted mix of lead-embedding cosine, IDF-weighted actor cosine and IDF-weighted
        body-term cosine."""
        score = self._cosine(Counter(profile.entities), state.entities)
        if profile.embedding and state.embedding_sum is not None:
            norm = float(np.linalg.norm(state.embedding_sum))
            lead = float(np.dot(profile.embedding, state.embedding_sum) / norm) if norm else 0.0
            score = self.embedding_weight * lead + (1 - self.embedding_weight) * score
        if profile.terms and state.terms:
            terms = self._cosine(Counter(profile.terms), state.terms)
            score = self.terms_weight * terms + (1 - self.terms_weight) * score
        return score

    def _cosine(self, mine: Counter, theirs: Counter) -> float:
        if not mine or not theirs:
            return 0.0
        idf = {a: self._idf(a) for a in mine.keys() | theirs.keys()}
        dot = sum(mine[a] * theirs[a] * idf[a] ** 2 for a in mine.keys() & theirs.keys())
        if dot == 0:
            return 0.0
        norm_mine = math.sqrt(sum((c * idf[a]) ** 2 for a, c in mine.items()))
        norm_theirs = math.sqrt(sum((c * idf[a]) ** 2 for a, c in theirs.items()))
        return dot / (norm_mine * norm_theirs)

    def _idf(self, actor: str) -> float:
        return math.log(1 + (self.documents + 1) / (self.document_frequency[actor] + 1))

    def _candidates(self, profile: Profile, day: date | None) -> list[_StoryState]:
        ids: set[str] = set()
        for actor in set(profile.entities):
            ids |= self.by_entity.get(actor, set())
        if profile.embedding and self.states:
            ids |= self._nearest(profile.embedding)
        states = [self.states[i] for i in sorted(ids)]
        return [s for s in states if _within(day, s.days)]

    def _nearest(self, embedding: list[float]) -> set[str]:
        keyed = [
            (i, s.embedding_sum) for i, s in self.states.items() if s.embedding_sum is not None
        ]
        if not keyed:
            return set()
        matrix = np.stack([v / (np.linalg.norm(v) or 1.0) for _, v in keyed])
        scores = matrix @ np.asarray(embedding, dtype=np.float32)
        top = np.argsort(-scores)[:NEAREST]
        return {keyed[i][0] for i in top}

    def _add(self, profile: Profile, story: Story, day: date | None) -> None:
        state = self.states.get(story.id)
        if state is None:
            state = self.states[story.id] = _StoryState(story)
        state.entities.update(profile.entities)
        state.terms.update(profile.terms)
        if profile.embedding:
            vector = np.asarray(profile.embedding, dtype=np.float32)
            state.embedding_sum = (
                vector if state.embedding_sum is None else state.embedding_sum + vector
            )
        if day is not None:
            state.days.append(day)
        elif story.first_seen:
            state.days += [d for d in (_day(story.first_seen), _day(story.last_seen)) if d]
        for actor in set(profile.entities):
            self.by_entity[actor].add(story.id)
        self.document_frequency.update({*profile.entities, *profile.terms})
        self.documents += 1
        if profile.document not in story.documents:
            story.documents.append(profile.document)


def _within(day: date | None, days: list[date]) -> bool:
    if day is None or not days:
        return True
    return (
        min(days).toordinal() - WINDOW_DAYS
        <= day.toordinal()
        <= max(days).toordinal() + WINDOW_DAYS
    )


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _lead(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 80 else first[:77].rsplit(" ", 1)[0] + "..."
