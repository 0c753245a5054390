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
PERIOD_DAYS = 30  # stories are filed by actor and period, so a document meets only its period's


NORMS_REFRESH = 1.01  # a story's cached vector norms are recomputed when it changes or the
# collection has grown 1 % since (document frequencies move slowly; at 5 % ECB+ train lost 0.016)


@dataclass
class _StoryState:
    story: Story
    row: int
    entities: Counter = field(default_factory=Counter)
    terms: Counter = field(default_factory=Counter)
    embedding_sum: np.ndarray | None = None
    first: int | None = None  # ordinal days of the story's earliest and latest document
    last: int | None = None
    norms: dict[str, float] = field(default_factory=dict)  # of entities and terms, cached
    normed_at: int = 0  # collection size when `norms` were computed
    periods: set[int | None] = field(default_factory=set)  # where `by_entity` files the story


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
        self.order: list[str] = []  # story id by row of the lead matrix
        self.leads = np.zeros((0, 0), dtype=np.float32)  # unit-length lead centroids, a row each
        self.spans = np.zeros((0, 2), dtype=np.int64)  # first and last ordinal day, a row each
        self.document_frequency: Counter = Counter()  # of actors and of terms alike
        self.documents = 0
        # actor -> period (ordinal day // PERIOD_DAYS; None: undated) -> stories naming it whose
        # time window reaches into that period: a document looks up its own period only
        self.by_entity: dict[str, dict[int | None, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )
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
        score = self._cosine(Counter(profile.entities), state, "entities")
        if profile.embedding and state.embedding_sum is not None:
            lead = float(np.dot(np.asarray(profile.embedding, np.float32), self.leads[state.row]))
            score = self.embedding_weight * lead + (1 - self.embedding_weight) * score
        if profile.terms and state.terms:
            terms = self._cosine(Counter(profile.terms), state, "terms")
            score = self.terms_weight * terms + (1 - self.terms_weight) * score
        return score

    def _cosine(self, mine: Counter, state: _StoryState, field: str) -> float:
        theirs: Counter = getattr(state, field)
        if not mine or not theirs:
            return 0.0
        dot = sum(c * theirs[a] * self._idf(a) ** 2 for a, c in mine.items() if a in theirs)
        if dot == 0:
            return 0.0
        norm_mine = math.sqrt(sum((c * self._idf(a)) ** 2 for a, c in mine.items()))
        return dot / (norm_mine * self._norm(state, field))

    def _norm(self, state: _StoryState, field: str) -> float:
        if self.documents > state.normed_at * NORMS_REFRESH:
            state.norms.clear()
            state.normed_at = self.documents
        if field not in state.norms:
            counts = getattr(state, field)
            state.norms[field] = math.sqrt(sum((c * self._idf(a)) ** 2 for a, c in counts.items()))
        return state.norms[field] or 1.0

    def _idf(self, actor: str) -> float:
        return math.log(1 + (self.documents + 1) / (self.document_frequency[actor] + 1))

    def _candidates(self, profile: Profile, day: date | None) -> list[_StoryState]:
        ids: set[str] = set()
        periods = None if day is None else (day.toordinal() // PERIOD_DAYS, None)
        for actor in set(profile.entities):
            by_period = self.by_entity.get(actor, {})
            for period in by_period if periods is None else periods:
                ids |= by_period.get(period, set())
        if profile.embedding and self.states:
            ids |= self._nearest(profile.embedding, day)
        states = [self.states[i] for i in sorted(ids)]
        return [s for s in states if _within(day, s.first, s.last)]

    def _nearest(self, embedding: list[float], day: date | None) -> set[str]:
        """The stories in the time window whose lead centroids are closest: one matrix product
        over the stories, kept up to date row by row as documents join."""
        if not self.order or self.leads.shape[1] != len(embedding):
            return set()
        scores = self.leads[: len(self.order)] @ np.asarray(embedding, dtype=np.float32)
        if day is not None:
            spans = self.spans[: len(scores)]
            outside = (day.toordinal() < spans[:, 0] - WINDOW_DAYS) | (
                day.toordinal() > spans[:, 1] + WINDOW_DAYS
            )
            scores = np.where(outside, -np.inf, scores)
        count = min(NEAREST, len(self.order))
        top = np.argpartition(-scores, count - 1)[:count]
        return {self.order[i] for i in top if np.isfinite(scores[i])}

    def _index(self, state: _StoryState) -> None:
        """The story's row of the lead matrix and of the day spans (grown by doubling)."""
        if state.embedding_sum is None:
            return
        if state.row >= len(self.leads) or self.leads.shape[1] != len(state.embedding_sum):
            rows = max(64, 2 * len(self.leads), state.row + 1)
            leads = np.zeros((rows, len(state.embedding_sum)), dtype=np.float32)
            spans = np.zeros((rows, 2), dtype=np.int64)
            if self.leads.shape[1] == leads.shape[1]:
                leads[: len(self.leads)] = self.leads
                spans[: len(self.spans)] = self.spans
            self.leads, self.spans = leads, spans
        norm = float(np.linalg.norm(state.embedding_sum)) or 1.0
        self.leads[state.row] = state.embedding_sum / norm
        undated = state.first is None or state.last is None
        self.spans[state.row] = (-(10**9), 10**9) if undated else (state.first, state.last)

    def _register(self, state: _StoryState, actors: set[str]) -> None:
        """Files the story under each of its actors for every period its time window reaches,
        the new actors in all of them and the older ones in the periods the window grew into."""
        if state.first is None or state.last is None:
            periods: set[int | None] = {None}
        else:
            periods = set(
                range(
                    (state.first - WINDOW_DAYS) // PERIOD_DAYS,
                    (state.last + WINDOW_DAYS) // PERIOD_DAYS + 1,
                )
            )
        grown = periods - state.periods
        for actor in state.entities:
            for period in periods if actor in actors else grown:
                self.by_entity[actor][period].add(state.story.id)
        state.periods |= periods

    def _add(self, profile: Profile, story: Story, day: date | None) -> None:
        state = self.states.get(story.id)
        if state is None:
            state = self.states[story.id] = _StoryState(story, len(self.order))
            self.order.append(story.id)
        state.entities.update(profile.entities)
        state.terms.update(profile.terms)
        state.norms.clear()
        days = [day] if day else [d for d in (_day(story.first_seen), _day(story.last_seen)) if d]
        for ordinal in (d.toordinal() for d in days):
            state.first = ordinal if state.first is None else min(state.first, ordinal)
            state.last = ordinal if state.last is None else max(state.last, ordinal)
        if profile.embedding:
            vector = np.asarray(profile.embedding, dtype=np.float32)
            state.embedding_sum = (
                vector if state.embedding_sum is None else state.embedding_sum + vector
            )
        self._index(state)
        self._register(state, set(profile.entities))
        self.document_frequency.update({*profile.entities, *profile.terms})
        self.documents += 1
        if profile.document not in story.documents:
            story.documents.append(profile.document)


def _within(day: date | None, first: int | None, last: int | None) -> bool:
    if day is None or first is None or last is None:
        return True
    return first - WINDOW_DAYS <= day.toordinal() <= last + WINDOW_DAYS


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _lead(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first if len(first) <= 80 else first[:77].rsplit(" ", 1)[0] + "..."
