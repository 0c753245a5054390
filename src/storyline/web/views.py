"""What each page shows, as plain dataclasses: the JSON API returns them, the templates render them.

One builder per page, so a page and its JSON twin can never disagree. What a page derives from
the whole snapshot (a story's ranked events, timeline, brief, series, claims; the actors table) is
built once per snapshot through `Catalogue.memo`; a request then only cuts its page out of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from storyline.confidence import DEFAULT_MIN_CONFIDENCE, select
from storyline.model import Actor, Document, Event, Evidence, Mention, Quantity, Story
from storyline.web import fusion
from storyline.web.catalogue import Catalogue
from storyline.web.text import EvidenceSpan, Segment, in_paragraph, segments
from storyline.web.timeline import Timeline, TimelinePoint, timeline

EVENT_ORDERS = ("sources", "date")  # most corroborated first; chronological (undated last)
T = TypeVar("T")


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
    """An event in a table: names instead of ids, how many documents report it (`sources`) and
    how many of them are independent (syndicated copies counted once)."""

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
    independent: int = 1
    conflicts: list[str] = field(default_factory=list)
    confidence: float | None = None  # the model's; None: coded by the lexicon alone


@dataclass
class ConfidenceFilter:
    """Which events a page lists: those the model is at least `min_confidence` sure of, and
    every event coded by the lexicon alone (`storyline.confidence.shown`); `hidden` counts the
    others. `default` is the threshold a page without `min_confidence` or `all` uses."""

    min_confidence: float
    hidden: int
    default: float = DEFAULT_MIN_CONFIDENCE

    @property
    def query(self) -> dict[str, object]:
        """The query parameters that keep this threshold on a page's own links."""
        if self.min_confidence == self.default:
            return {}
        if self.min_confidence == 0:
            return {"all": 1}
        return {"min_confidence": self.min_confidence}


@dataclass
class EventTable:
    """One page of a story's or an actor's events: `total` in all, `order` sources or date."""

    total: int
    offset: int
    limit: int
    order: str
    rows: list[EventRow]


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
    """A story: its timeline, one page of its events (with their claims), its documents, and its
    brief and figure series from the fuse stage. `names` resolves the actor ids in `claims`."""

    story: Story
    documents: list[DocumentRow]
    events: EventTable
    timeline: list[TimelinePoint]
    timeline_grain: str
    undated: int
    brief: dict[str, Any] | None
    claims: list[dict[str, Any]]
    series: list[dict[str, Any]]
    names: dict[str, str]
    confidence: ConfidenceFilter


@dataclass
class Reading:
    """How one source tells the event: its own status, who it attributes the event to ("according
    to ..."), its date, figure, participants and word. `differs` names the fields where it departs
    from the event's consensus (status, date, quantity, actors, recipients)."""

    status: str
    attributed_to: list[ActorRef]
    date: str | None
    date_precision: str | None
    quantity: Quantity | None
    actors: list[ActorRef]
    recipients: list[ActorRef]
    trigger: str | None
    differs: list[str]


@dataclass
class EvidenceView:
    """An evidence sentence in its paragraph (`before` + `sentence` + `after`; a long paragraph
    is clipped, see `text.in_paragraph`) and the reading of the source it comes from."""

    evidence: Evidence
    document_title: str | None
    source: str
    before: str
    sentence: str
    after: str
    reading: Reading
    document_stored: bool = True
    clipped_before: bool = False
    clipped_after: bool = False


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
    """An actor, one page of its events, its timeline and graph. `known` is false for an id that
    events or groups name but the store's actors table lacks (the page then shows the id)."""

    actor: Actor
    known: bool
    members: list[ActorRef]
    member_of: list[ActorRef]
    events: EventTable
    timeline: list[TimelinePoint]
    timeline_grain: str
    undated: int
    graph: Graph
    confidence: ConfidenceFilter


@dataclass
class ActorRow:
    """An actor in the actors table: how many events it takes part in, in how many stories."""

    id: str
    name: str
    kind: str
    country: str | None
    sector: str | None
    events: int
    stories: int


@dataclass
class ActorList:
    """Actors with the most events first, filtered by name (or alias), kind and country.
    `kinds` lists every kind the store holds (for the filter)."""

    query: str | None
    kind: str | None
    country: str | None
    total: int
    offset: int
    limit: int
    kinds: list[str]
    actors: list[ActorRow]


@dataclass
class DocumentPage:
    document: Document
    stories: list[StoryRow]
    events: list[EventRow]
    mentions: list[Mention]
    confidence: ConfidenceFilter


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
    """Stories newest first (undated last), or ranked by a full-text query."""
    if query:
        found = search(catalogue, query, limit=len(catalogue.stories)).stories
        return StoryList(query, len(found), offset, limit, found[offset : offset + limit])
    ordered = catalogue.memo("stories-newest-first", lambda: _newest_first(catalogue))
    rows = [story_row(catalogue, s) for s in ordered[offset : offset + limit]]
    return StoryList(None, len(ordered), offset, limit, rows)


def _newest_first(catalogue: Catalogue) -> list[Story]:
    stories = sorted(catalogue.stories.values(), key=lambda s: s.id)
    dated = sorted((s for s in stories if s.last_seen), key=lambda s: s.last_seen, reverse=True)
    return dated + [s for s in stories if not s.last_seen]


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
        _refs(catalogue, event.actors),
        _refs(catalogue, event.recipients),
        _sources(event),
        event.story,
        event.trigger,
        event.independent,
        list(event.conflicts),
        event.confidence,
    )


def story_page(
    catalogue: Catalogue,
    story_id: str,
    offset: int = 0,
    limit: int = 50,
    order: str = "sources",
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> StoryPage:
    """A story with one page of its events shown at `min_confidence`; the claims table covers
    the same events, the timeline, brief and series all of those shown."""
    story = catalogue.stories.get(story_id)
    if story is None:
        raise NotFound("story", story_id)
    every = catalogue.memo(("story-events", story.id), lambda: catalogue.story_events(story))
    chosen = select(every, min_confidence)
    events = chosen.events
    owner = ("story", story.id)
    table, shown = _event_table(catalogue, owner, every, offset, limit, order, min_confidence)
    chart = at_threshold(
        catalogue,
        ("story-timeline", story.id),
        min_confidence,
        lambda: _timeline(catalogue, events),
    )
    claims = [
        catalogue.memo(("claims", e.id), lambda e=e: fusion.claims(e, catalogue.documents))
        for e in shown
    ]
    documents = [catalogue.documents[d] for d in story.documents if d in catalogue.documents]
    return StoryPage(
        story,
        [_document_row(catalogue, d) for d in documents],
        table,
        chart.points,
        chart.grain,
        chart.undated,
        _brief(catalogue, story.id, min_confidence),
        claims,
        at_threshold(
            catalogue,
            ("story-series", story.id),
            min_confidence,
            lambda: fusion.series(events, catalogue.actors.get),
        ),
        _claim_names(catalogue, claims),
        ConfidenceFilter(min_confidence, chosen.hidden),
    )


def at_threshold(
    catalogue: Catalogue, key: tuple, min_confidence: float, build: Callable[[], T]
) -> T:
    """`catalogue.memo` for what a page derives from the events shown at `min_confidence`,
    kept for the two thresholds the pages link to (the default, and 0 for `all`); any other is
    built per request, so arbitrary values in URLs cannot grow the snapshot's cache."""
    if min_confidence in (DEFAULT_MIN_CONFIDENCE, 0):
        return catalogue.memo((*key, float(min_confidence)), build)
    return build()


def _claim_names(catalogue: Catalogue, claims: list[dict[str, Any]]) -> dict[str, str]:
    """Names of the actors the claims attribute events to."""
    return {
        actor: catalogue.name(actor)
        for view in claims
        for side in fusion.CLAIM_SIDES
        for claim in view[side]
        for actor in claim["attributed_to"]
    }


def _event_table(
    catalogue: Catalogue,
    owner: tuple[str, str],
    events: list[Event],
    offset: int,
    limit: int,
    order: str,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> tuple[EventTable, list[Event]]:
    """One page of the `events` shown at `min_confidence`, in `order` (every event sorted once
    per owner and order, then filtered), and the events on it."""
    ranked = catalogue.memo(("ranked", *owner, order), lambda: _rank_events(events, order))
    listed = select(ranked, min_confidence)
    shown = listed.events[offset : offset + limit]
    rows = [event_row(catalogue, e) for e in shown]
    return EventTable(len(listed.events), offset, limit, order, rows), shown


def _rank_events(events: list[Event], order: str = "sources") -> list[Event]:
    """Most corroborated first (independent sources, then documents; earlier first on a tie),
    or by date with undated events last."""
    if order == "date":
        return sorted(events, key=lambda e: (e.date is None, e.date or "", e.id))
    return sorted(
        events, key=lambda e: (-e.independent, -_sources(e), e.date is None, e.date or "", e.id)
    )


def _brief(catalogue: Catalogue, story_id: str, min_confidence: float) -> dict[str, Any] | None:
    """The story's brief from its events shown at `min_confidence`, built once per snapshot
    for the linked thresholds (it reads the store itself)."""
    db = catalogue.db
    if db is None:
        return None
    return at_threshold(
        catalogue, ("brief", story_id), min_confidence,
        lambda: fusion.brief(db, story_id, min_confidence),
    )  # fmt: skip


def _timeline(catalogue: Catalogue, events: list[Event]) -> Timeline:
    """Chart points for events; marker size is the number of distinct source documents."""

    def describe(event: Event) -> str:
        who = ", ".join(catalogue.name(a) for a in event.actors) or "?"
        whom = ", ".join(catalogue.name(a) for a in event.recipients)
        return f"{who} {event.type}" + (f" {whom}" if whom else "")

    return timeline(events, describe)


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
        [_evidence_view(catalogue, event, e) for e in _by_publication(catalogue, event.evidence)],
    )


def _by_publication(catalogue: Catalogue, evidence: list[Evidence]) -> list[Evidence]:
    """Evidence in the order its documents were published (undated and lost documents last)."""

    def published(item: Evidence) -> str | None:
        document = catalogue.documents.get(item.document)
        return document.published if document else None

    return sorted(
        evidence,
        key=lambda e: (published(e) is None, published(e) or "", e.document, e.sentence),
    )


def _evidence_view(catalogue: Catalogue, event: Event, evidence: Evidence) -> EvidenceView:
    reading = _reading(catalogue, event, evidence)
    document = catalogue.documents.get(evidence.document)
    if document is None:  # evidence from a document the store lost: show the sentence alone
        return EvidenceView(
            evidence, None, evidence.document, "", evidence.text, "", reading, False
        )
    place = in_paragraph(document.text, evidence.start, evidence.end)
    return EvidenceView(
        evidence,
        document.title,
        catalogue.source_name(document.id),
        place.before,
        place.sentence,
        place.after,
        reading,
        True,
        place.clipped_before,
        place.clipped_after,
    )


def _reading(catalogue: Catalogue, event: Event, evidence: Evidence) -> Reading:
    return Reading(
        evidence.status,
        _refs(catalogue, evidence.attributed_to),
        evidence.date,
        evidence.date_precision,
        evidence.quantity,
        _refs(catalogue, evidence.actors),
        _refs(catalogue, evidence.recipients),
        evidence.trigger,
        _differs(event, evidence),
    )


def _differs(event: Event, evidence: Evidence) -> list[str]:
    """Where a source's reading departs from the event's consensus: another status; another
    date, compared at the coarser of the two precisions and only when both are dated by the text
    (an article's own date is no claim about the event); another figure; a participant the
    consensus does not put on that side. What a source leaves out is no difference."""
    found = []
    if evidence.status != event.status:
        found.append("status")
    if _dates_differ(evidence, event):
        found.append("date")
    ours, theirs = evidence.quantity, event.quantity
    if ours and theirs and (ours.value, ours.unit) != (theirs.value, theirs.unit):
        found.append("quantity")
    if not set(evidence.actors) <= set(event.actors):
        found.append("actors")
    if not set(evidence.recipients) <= set(event.recipients):
        found.append("recipients")
    return found


def _dates_differ(evidence: Evidence, event: Event) -> bool:
    if not (evidence.date and event.date) or "report" in (
        evidence.date_precision,
        event.date_precision,
    ):
        return False
    common = min(len(evidence.date), len(event.date), 10)
    return evidence.date[:common] != event.date[:common]


def actor_page(
    catalogue: Catalogue,
    actor_id: str,
    offset: int = 0,
    limit: int = 50,
    order: str = "sources",
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
) -> ActorPage:
    """An actor: stored, or only named by events or groups (then a page from its id); its
    table, timeline and graph count the events shown at `min_confidence`."""
    actor = catalogue.actors.get(actor_id)
    if actor is None and actor_id not in catalogue.referenced_actors:
        raise NotFound("actor", actor_id)
    known = actor is not None
    actor = actor or Actor(actor_id, actor_id, "unknown")
    every = [catalogue.events[i] for i in catalogue.events_of_actor.get(actor_id, [])]
    chosen = select(every, min_confidence)
    events = chosen.events
    owner = ("actor", actor_id)
    table, _ = _event_table(catalogue, owner, every, offset, limit, order, min_confidence)
    chart = at_threshold(
        catalogue,
        ("actor-timeline", actor_id),
        min_confidence,
        lambda: _timeline(catalogue, events),
    )
    graph = at_threshold(
        catalogue,
        ("actor-graph", actor_id),
        min_confidence,
        lambda: actor_graph(catalogue, actor, events),
    )
    return ActorPage(
        actor,
        known,
        _refs(catalogue, actor.members),
        _refs(catalogue, catalogue.groups_of_actor.get(actor_id, [])),
        table,
        chart.points,
        chart.grain,
        chart.undated,
        graph,
        ConfidenceFilter(min_confidence, chosen.hidden),
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


def actor_list(
    catalogue: Catalogue,
    offset: int,
    limit: int,
    query: str | None = None,
    kind: str | None = None,
    country: str | None = None,
) -> ActorList:
    """Stored actors with the most events first; `query` matches a name or alias (case-folded
    substring), `kind` and `country` (ISO alpha-3) match exactly."""
    rows = catalogue.memo("actor-rows", lambda: _actor_rows(catalogue))
    needle = (query or "").casefold()
    country = country.upper() if country else None
    chosen = [
        row
        for row, names in rows
        if (not kind or row.kind == kind)
        and (not country or row.country == country)
        and (not needle or needle in names)
    ]
    kinds = catalogue.memo(
        "actor-kinds", lambda: sorted({a.kind for a in catalogue.actors.values()})
    )
    return ActorList(
        query or None,
        kind,
        country,
        len(chosen),
        offset,
        limit,
        kinds,
        chosen[offset : offset + limit],
    )


def _actor_rows(catalogue: Catalogue) -> list[tuple[ActorRow, str]]:
    """Every stored actor's row, most events first, with its case-folded names to search."""
    rows = []
    for actor in catalogue.actors.values():
        events = catalogue.events_of_actor.get(actor.id, [])
        stories = {catalogue.events[e].story for e in events} - {None}
        row = ActorRow(
            actor.id, actor.name, actor.kind, actor.country, actor.sector, len(events), len(stories)
        )
        rows.append((row, "\n".join(n.casefold() for n in (actor.name, *actor.aliases))))
    rows.sort(
        key=lambda item: (-item[0].events, -item[0].stories, item[0].name.casefold(), item[0].id)
    )
    return rows


def document_page(
    catalogue: Catalogue, document_id: str, min_confidence: float = DEFAULT_MIN_CONFIDENCE
) -> DocumentPage:
    """A document with its mentions and the events shown at `min_confidence` it tells."""
    document = catalogue.documents.get(document_id)
    if document is None:
        raise NotFound("document", document_id)
    stories = [catalogue.stories[s] for s in catalogue.stories_of_document.get(document_id, [])]
    chosen = select(
        (catalogue.events[i] for i in catalogue.events_of_document.get(document_id, [])),
        min_confidence,
    )
    return DocumentPage(
        document,
        [story_row(catalogue, s) for s in stories],
        [event_row(catalogue, e) for e in chosen.events],
        catalogue.mentions.get(document_id, []),
        ConfidenceFilter(min_confidence, chosen.hidden),
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
    contains the query, most events first."""
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
    actors = actor_list(catalogue, 0, limit, query).actors if query.strip() else []
    return SearchResults(
        query,
        [story_row(catalogue, catalogue.stories[s], score) for s, score in ranked],
        [DocumentHit(d, catalogue.documents[d].title, s) for d, s in hits[:limit]],
        [ActorRef(a.id, a.name) for a in actors],
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


def _refs(catalogue: Catalogue, ids: list[str]) -> list[ActorRef]:
    return [ActorRef(i, catalogue.name(i)) for i in ids]


def _sources(event: Event) -> int:
    """Distinct documents among the event's evidence."""
    return len({e.document for e in event.evidence})


def _tone(event: Event) -> str:
    """Cooperation or conflict from the event's CAMEO root (the quad-class split at 10)."""
    if not event.cameo or not event.cameo[:2].isdigit():
        return "unknown"
    return "cooperation" if int(event.cameo[:2]) < 10 else "conflict"
