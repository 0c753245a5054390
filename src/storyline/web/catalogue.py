"""An in-memory snapshot of the store that the web app reads, reloaded when the file changes.

Pages read the whole data model through the Store's public methods once per change of the file,
not once per request: a page then costs a dictionary lookup, and the DuckDB file is opened only
briefly, so `storyline ingest` in another process can still write to it while the app runs.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import duckdb

from storyline.model import Actor, Document, Event, Mention, Story
from storyline.store import Store
from storyline.web.search import SearchIndex

T = TypeVar("T")


@dataclass
class Catalogue:
    """Every document, actor, event, story and mention, with the indexes pages need."""

    documents: dict[str, Document] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # by document
    stories_of_document: dict[str, list[str]] = field(default_factory=dict)
    events_of_document: dict[str, list[str]] = field(default_factory=dict)
    events_of_actor: dict[str, list[str]] = field(default_factory=dict)  # as actor or recipient
    groups_of_actor: dict[str, list[str]] = field(default_factory=dict)  # groups it is a member of
    referenced_actors: set[str] = field(default_factory=set)  # every actor id anything names
    search: SearchIndex | None = None
    db: Path | None = None  # the store file, for builders that read it themselves (the brief)
    derived: dict[Hashable, object] = field(default_factory=dict)  # see `memo`

    @classmethod
    def load(cls, store: Store) -> Catalogue:
        """Read the store once and build the lookups."""
        catalogue = cls(
            documents={d.id: d for d in store.documents()},
            actors={a.id: a for a in store.actors()},
            events={e.id: e for e in store.events()},
            stories={s.id: s for s in store.stories()},
        )
        for mention in store.mentions():
            catalogue.mentions.setdefault(mention.document, []).append(mention)
        catalogue._index()
        catalogue.search = SearchIndex(catalogue.search_rows())
        return catalogue

    def _index(self) -> None:
        stories_of, events_of_document, events_of_actor = (
            defaultdict(list),
            defaultdict(list),
            defaultdict(list),
        )
        for story in self.stories.values():
            for document in story.documents:
                stories_of[document].append(story.id)
        for event in self.events.values():
            for document in dict.fromkeys(e.document for e in event.evidence):
                events_of_document[document].append(event.id)
            for actor in dict.fromkeys((*event.actors, *event.recipients)):
                events_of_actor[actor].append(event.id)
        self.stories_of_document = dict(stories_of)
        self.events_of_document = dict(events_of_document)
        self.events_of_actor = dict(events_of_actor)
        self._index_actors()

    def _index_actors(self) -> None:
        """Groups by member, and every actor id anything names: a link to an actor the store
        does not hold (a group's member, a recipient outside the gazetteer) still opens a page."""
        groups_of: defaultdict[str, list[str]] = defaultdict(list)
        for actor in self.actors.values():
            for member in actor.members:
                groups_of[member].append(actor.id)
        referenced = set(self.actors) | set(groups_of)
        for event in self.events.values():
            referenced.update(event.actors, event.recipients, event.attributed_to)
            for evidence in event.evidence:
                referenced.update(evidence.actors, evidence.recipients, evidence.attributed_to)
        referenced.update(m.actor for ms in self.mentions.values() for m in ms if m.actor)
        self.groups_of_actor = dict(groups_of)
        self.referenced_actors = referenced

    def search_rows(self) -> list[tuple[str, str, str, str]]:
        """(id, title, body, actor names) per document: what full-text search looks through."""
        rows = []
        for document in self.documents.values():
            names: dict[str, None] = {}
            for mention in self.mentions.get(document.id, []):
                actor = self.actors.get(mention.actor or "")
                if actor is not None:
                    names.update(dict.fromkeys([actor.name, *actor.aliases]))
            rows.append((document.id, document.title or "", document.text, " ".join(names)))
        return rows

    def name(self, actor_id: str) -> str:
        """The actor's name, or its id when the store does not hold it."""
        actor = self.actors.get(actor_id)
        return actor.name if actor else actor_id

    def source_name(self, document_id: str) -> str:
        """Who published a document: its publisher, else its URL's host, else where it was read."""
        document = self.documents.get(document_id)
        if document is None:
            return document_id
        if document.publisher:
            return document.publisher
        host = urlsplit(document.url).hostname if document.url else None
        return host or document.source

    def story_events(self, story: Story) -> list[Event]:
        return [self.events[i] for i in story.events if i in self.events]

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """`build()` once per snapshot: what a page derives from the store (a story's brief,
        claims, series, ranked events) is computed on its first view and reused until the store
        changes, which replaces the whole snapshot, so nothing stale outlives its data. Two
        requests racing for one key both build it; the values are equal, the last one stays."""
        if key not in self.derived:
            self.derived[key] = build()
        return self.derived[key]  # type: ignore[return-value]


class CatalogueSource:
    """Hands out the current snapshot; reloads it when the store file changes on disk or when
    told to (after an ingest). A failed reload (the file locked by another writer) keeps the
    previous snapshot and is retried a second later."""

    RETRY_SECONDS = 1.0

    def __init__(self, db: Path) -> None:
        self.db = Path(db)
        self._lock = threading.Lock()
        self._catalogue: Catalogue | None = None
        self._stamp: tuple | None = None
        self._retry_at = 0.0

    def get(self) -> Catalogue:
        stamp = self._file_stamp()
        if self._catalogue is not None and stamp == self._stamp:
            return self._catalogue
        with self._lock:
            if self._catalogue is None or self._file_stamp() != self._stamp:
                self._reload()
            return self._catalogue or Catalogue(search=SearchIndex([]))

    def invalidate(self) -> None:
        """Forget the stamp so the next `get` reads the store again."""
        with self._lock:
            self._stamp = None
            self._retry_at = 0.0

    def _reload(self) -> None:
        if self._catalogue is not None and time.monotonic() < self._retry_at:
            return
        try:
            with Store(self.db) as store:
                catalogue = Catalogue.load(store)
        except duckdb.IOException:
            if self._catalogue is None:
                raise
            self._retry_at = time.monotonic() + self.RETRY_SECONDS
            return
        catalogue.db = self.db
        self._catalogue = catalogue
        self._stamp = self._file_stamp()

    def _file_stamp(self) -> tuple:
        """Modification time and size of the store and its write-ahead log."""
        stamp = []
        for path in (self.db, self.db.with_name(self.db.name + ".wal")):
            try:
                info = path.stat()
                stamp.append((info.st_mtime_ns, info.st_size))
            except FileNotFoundError:
                stamp.append(None)
        return tuple(stamp)
