"""What each page shows, as plain dataclasses: the JSON API returns them, the templates render them.

One builder per page, so a page and its JSON twin can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storyline.model import Actor, Document, Event, Evidence, Mention, Story
from storyline.web import fusion
from storyline.web.catalogue import Catalogue
from storyline.web.text import EvidenceSpan, Segment, in_paragraph, segments


class NotFound(LookupError):
    """An id the store does not hold; the app answers 404."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(f"no {kind} with id {key!r}")
        self.kind, self.key = kind, key


@dataclass
class ActorRef:
    id: str
    name: str


@dataclass
class StoryRow:
    """A story in a list: its size in documents, distinct sources and events."""

    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    documents: int
    sources: int
    events: int
    score: float | None = None


@dataclass
class StoryList:
    query: str | None
    total: int
    offset: int
    limit: int
    stories: list[StoryRow]


@dataclass
class EventRow:
    """An event in a table: names instead of ids, and how many documents report it."""

    id: str
    type: str
    date: str | None
    date_precision: str | None
    status: str
    actors: list[ActorRef]
    recipients: list[ActorRef]
    sources: int
    story: str | None
    trigger: str | None = None


@dataclass
class TimelinePoint:
    """One dated event on a timeline chart (`day` is the date as a full ISO day)."""

    event: str
    type: str
    day: str
    date: str
    precision: str | None
    sources: int
    label: str


@dataclass
class DocumentRow:
    id: str
    title: str | None
    publisher: str | None
    published: str | None
    url: str | None
    source: str


@dataclass
class StoryPage:
    """A story: its timeline, events and documents; brief, claims and series from the fuse stage
    (null until those functions exist)."""

    story: Story
    documents: list[DocumentRow]
    events: list[EventRow]
    timeline: list[TimelinePoint]
    undated: int
    brief: Any | None = None
    claims: list[dict[str, Any]] | None = None
    series: list[dict[str, Any]] | None = None


@dataclass
class EvidenceView:
    """An evidence sentence in its paragraph (`before` + `sentence` + `after`)."""

    evidence: Evidence
    document_title: str | None
    source: str
    before: str
    sentence: str
    after: str


@dataclass
class EventPage:
    event: Event
    names: dict[str, str]
    story: StoryRow | None
    evidence: list[EvidenceView]


@dataclass
class GraphNode:
    id: str
    name: str
    kind: str | None
    events: int


@dataclass
class GraphEdge:
    """Events between two actors; `tone` is cooperation, conflict or mixed."""

    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    tone: str


@dataclass
class Graph:
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)


@dataclass
class ActorPage:
    actor: Actor
    events: list[EventRow]
    timeline: list[TimelinePoint]
    graph: Graph


@dataclass
class DocumentPage:
    document: Document
    stories: list[StoryRow]
    events: list[EventRow]
    mentions: list[Mention]


@dataclass
class DocumentHit:
    id: str
    title: str | None
    score: float


@dataclass
class SearchResults:
    query: str
    stories: list[StoryRow]
    documents: list[DocumentHit]
    actors: list[ActorRef]


def story_list(catalogue: Catalogue, offset: int, limit: int, query: str | None) -> StoryList:
    """Stories newest first, or ranked by a full-text query."""
    if query:
        rows = search(catalogue, query, limit=len(catalogue.stories)).stories
    else:
        ordered = sorted(
            catalogue.stories.values(), key=lambda s: (s.last_seen or "", s.id), reverse=True
        )
        rows = [story_row(catalogue, s) for s in ordered[: offset + limit]]
    total = len(rows) if query else len(catalogue.stories)
    return StoryList(query or None, total, offset, limit, rows[offset : offset + limit])


def story_row(catalogue: Catalogue, story: Story, score: float | None = None) -> StoryRow:
    sources = {catalogue.source_name(d) for d in story.documents}
    return StoryRow(
        story.id,
        story.title,
        story.first_seen,
        story.last_seen,
        len(story.documents),
        len(sources),
        len(story.events),
        score,
    )


def event_row(catalogue: Catalogue, event: Event) -> EventRow:
    return EventRow(
        event.id,
        event.type,
        event.date,
        event.date_precision,
        event.status,
        [ActorRef(a, catalogue.name(a)) for a in event.actors],
        [ActorRef(a, catalogue.name(a)) for a in event.recipients],
        _sources(event),
        event.story,
        event.trigger,
    )


def story_page(catalogue: Catalogue, story_id: str) -> StoryPage:
    story = catalogue.stories.get(story_id)
    if story is None:
        raise NotFound("story", story_id)
    events = catalogue.story_events(story)
    documents = [catalogue.documents[d] for d in story.documents if d in catalogue.documents]
    points = timeline(catalogue, events)
    return StoryPage(
        story,
        [_document_row(catalogue, d) for d in documents],
        [event_row(catalogue, e) for e in events],
        points,
        len(events) - len(points),
        _brief(catalogue, story.id),
        fusion.claims(events, catalogue.documents),
        fusion.series(events),
    )


def _brief(catalogue: Catalogue, story_id: str) -> Any | None:
    """The story's brief, built once per snapshot (it reads the store itself)."""
    if catalogue.db is None:
        return None
    if story_id not in catalogue.briefs:
        catalogue.briefs[story_id] = fusion.brief(catalogue.db, story_id)
    return catalogue.briefs[story_id]


def timeline(catalogue: Catalogue, events: list[Event]) -> list[TimelinePoint]:
    """Dated events as chart points; marker size is the number of distinct source documents."""
    points = []
    for event in events:
        day = _iso_day(event.date)
        if day is None:
            continue
        who = ", ".join(catalogue.name(a) for a in event.actors) or "?"
        whom = ", ".join(catalogue.name(a) for a in event.recipients)
        label = f"{who} {event.type}" + (f" {whom}" if whom else "")
        points.append(
            TimelinePoint(
                event.id, event.type, day, event.date or day, event.date_precision,
                _sources(event), label,
            )
        )  # fmt: skip
    return points


def event_page(catalogue: Catalogue, event_id: str) -> EventPage:
    event = catalogue.events.get(event_id)
    if event is None:
        raise NotFound("event", event_id)
    ids = dict.fromkeys((*event.actors, *event.recipients, *event.attributed_to))
    story = catalogue.stories.get(event.story or "")
    return EventPage(
        event,
        {i: catalogue.name(i) for i in ids},
        story_row(catalogue, story) if story else None,
        [_evidence_view(catalogue, e) for e in event.evidence],
    )


def _evidence_view(catalogue: Catalogue, evidence: Evidence) -> EvidenceView:
    document = catalogue.documents.get(evidence.document)
    if document is None:  # evidence from a document the store lost: show the sentence alone
        return EvidenceView(evidence, None, evidence.document, "", evidence.text, "")
    place = in_paragraph(document.text, evidence.start, evidence.end)
    return EvidenceView(
        evidence,
        document.title,
        catalogue.source_name(document.id),
        place.before,
        place.sentence,
        place.after,
    )


def actor_page(catalogue: Catalogue, actor_id: str) -> ActorPage:
    actor = catalogue.actors.get(actor_id)
    if actor is None:
        raise NotFound("actor", actor_id)
    events = [catalogue.events[i] for i in catalogue.events_of_actor.get(actor_id, [])]
    return ActorPage(
        actor,
        [event_row(catalogue, e) for e in events],
        timeline(catalogue, events),
        actor_graph(catalogue, actor, events),
    )


def actor_graph(catalogue: Catalogue, actor: Actor, events: list[Event]) -> Graph:
    """The actor and everyone it deals with: one edge per counterpart, weighted by events and
    coloured by cooperation (CAMEO roots 01-09) against conflict (10-20)."""
    tally: dict[str, list[int]] = {}
    for event in events:
        involved = dict.fromkeys((*event.actors, *event.recipients))
        if actor.id not in involved:
            continue
        tone = _tone(event)
        for other in involved:
            if other != actor.id:
                counts = tally.setdefault(other, [0, 0, 0])
                counts[0] += 1
                counts[1] += tone == "cooperation"
                counts[2] += tone == "conflict"
    nodes = [GraphNode(actor.id, actor.name, actor.kind, len(events))]
    edges = []
    for other, (total, cooperation, conflict) in sorted(tally.items()):
        known = catalogue.actors.get(other)
        nodes.append(GraphNode(other, catalogue.name(other), known.kind if known else None, total))
        tone = (
            "cooperation"
            if cooperation > conflict
            else "conflict"
            if conflict > cooperation
            else "mixed"
        )
        edges.append(GraphEdge(actor.id, other, total, cooperation, conflict, tone))
    return Graph(nodes, edges)


def document_page(catalogue: Catalogue, document_id: str) -> DocumentPage:
    document = catalogue.documents.get(document_id)
    if document is None:
        raise NotFound("document", document_id)
    stories = [catalogue.stories[s] for s in catalogue.stories_of_document.get(document_id, [])]
    events = [catalogue.events[i] for i in catalogue.events_of_document.get(document_id, [])]
    return DocumentPage(
        document,
        [story_row(catalogue, s) for s in stories],
        [event_row(catalogue, e) for e in events],
        catalogue.mentions.get(document_id, []),
    )


def document_segments(catalogue: Catalogue, page: DocumentPage) -> list[list[Segment]]:
    """The document's paragraphs cut at mention and evidence boundaries, for highlighting."""
    spans = [
        EvidenceSpan(row.id, evidence.start, evidence.end)
        for row in page.events
        for evidence in catalogue.events[row.id].evidence
        if evidence.document == page.document.id
    ]
    return segments(page.document.text, page.mentions, spans)


def search(catalogue: Catalogue, query: str, limit: int = 20) -> SearchResults:
    """Documents ranked by BM25; a story scores as its best document; actors whose name or alias
    contains the query."""
    hits = (
        catalogue.search.documents(query, limit=len(catalogue.documents))
        if catalogue.search
        else []
    )
    best: dict[str, float] = {}
    for document_id, score in hits:
        for story_id in catalogue.stories_of_document.get(document_id, []):
            best[story_id] = max(best.get(story_id, 0.0), score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:limit]
    needle = query.casefold().strip()
    actors = [
        ActorRef(a.id, a.name)
        for a in catalogue.actors.values()
        if needle and any(needle in n.casefold() for n in (a.name, *a.aliases))
    ]
    return SearchResults(
        query,
        [story_row(catalogue, catalogue.stories[s], score) for s, score in ranked],
        [DocumentHit(d, catalogue.documents[d].title, s) for d, s in hits[:limit]],
        actors[:limit],
    )


def _document_row(catalogue: Catalogue, document: Document) -> DocumentRow:
    return DocumentRow(
        document.id,
        document.title,
        catalogue.source_name(document.id),
        document.published,
        document.url,
        document.source,
    )


def _sources(event: Event) -> int:
    """Distinct documents among the event's evidence."""
    return len({e.document for e in event.evidence})


def _tone(event: Event) -> str:
    """Cooperation or conflict from the event's CAMEO root (the quad-class split at 10)."""
    if not event.cameo or not event.cameo[:2].isdigit():
        return "unknown"
    return "cooperation" if int(event.cameo[:2]) < 10 else "conflict"


def _iso_day(date: str | None) -> str | None:
    """A full ISO day for an ISO date as precise as known (a month or year starts on day 1)."""
    if not date or len(date) < 4 or not date[:4].isdigit():
        return None
    parts = date[:10].split("-")
    year, month, day = parts[0], (parts[1:2] or ["01"])[0], (parts[2:3] or ["01"])[0]
    if not (month.isdigit() and day.isdigit()):
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"
