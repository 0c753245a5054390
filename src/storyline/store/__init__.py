"""The store: the only module that speaks SQL. A DuckDB file by default.

Each `save` is one transaction: a batch lands whole or not at all, so a process killed mid-batch
leaves the store as it was. Rows are keyed by content-derived ids, so saving the same thing twice
changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path

import duckdb
import pyarrow as pa

from storyline.model import (
    Actor,
    Document,
    Event,
    Evidence,
    Mention,
    Profile,
    Quantity,
    Reference,
    Story,
)

TEXT, LIST, REAL, INT = pa.string(), pa.list_(pa.string()), pa.float64(), pa.int64()
VECTOR = pa.list_(pa.float32())

TABLES: dict[str, dict[str, pa.DataType]] = {
    "documents": {
        "id": TEXT, "source": TEXT, "url": TEXT, "title": TEXT, "authors": LIST,
        "published": TEXT, "updated": TEXT, "publisher": TEXT, "language": TEXT, "text": TEXT,
        "copy_of": TEXT,
    },
    "refs": {
        "document": TEXT, "position": INT, "title": TEXT, "publisher": TEXT, "date": TEXT,
        "url": TEXT,
    },
    "actors": {
        "id": TEXT, "name": TEXT, "kind": TEXT, "country": TEXT, "sector": TEXT,
        "aliases": LIST, "wikidata": TEXT, "members": LIST,
    },
    "mentions": {
        "document": TEXT, "sentence": INT, "start": INT, "end": INT, "text": TEXT,
        "label": TEXT, "actor": TEXT,
    },
    "events": {
        "id": TEXT, "type": TEXT, "mode": LIST, "context": LIST, "actors": LIST,
        "recipients": LIST, "date": TEXT, "date_precision": TEXT, "location": TEXT,
        "quantity_value": REAL, "quantity_unit": TEXT, "quantity_text": TEXT,
        "attributed_to": LIST, "status": TEXT, "story": TEXT, "cameo": TEXT, "trigger": TEXT,
        "sources": INT, "publishers": INT, "independent": INT, "conflicts": LIST,
        "confidence": REAL,
    },
    "evidence": {
        "event": TEXT, "document": TEXT, "sentence": INT, "start": INT, "end": INT, "text": TEXT,
        "status": TEXT, "attributed_to": LIST, "date": TEXT, "date_precision": TEXT,
        "quantity_value": REAL, "quantity_unit": TEXT, "quantity_text": TEXT, "actors": LIST,
        "recipients": LIST, "trigger": TEXT, "mention": TEXT, "confidence": REAL,
    },
    "stories": {"id": TEXT, "title": TEXT, "first_seen": TEXT, "last_seen": TEXT},
    "story_documents": {"story": TEXT, "document": TEXT},
    "document_profiles": {"document": TEXT, "embedding": VECTOR, "entities": LIST, "terms": LIST},
}  # fmt: skip
# Merged events and stories change as sources arrive: their rows are replaced, not ignored.
REPLACED = {"events", "stories"}
KEYS = {
    "documents": ("id",),
    "refs": ("document", "position"),
    "actors": ("id",),
    "mentions": ("document", "start", "end"),
    "events": ("id",),
    "evidence": ("event", "document", "sentence"),
    "stories": ("id",),
    "story_documents": ("story", "document"),
    "document_profiles": ("document",),
}
SQL_TYPES = {
    TEXT: "VARCHAR", LIST: "VARCHAR[]", REAL: "DOUBLE", INT: "BIGINT", VECTOR: "FLOAT[]",
}  # fmt: skip


class Store:
    """A Storyline database file."""

    def __init__(self, path: str | Path = "storyline.duckdb") -> None:
        self.path = Path(path)
        self.connection = duckdb.connect(str(self.path))
        for table, columns in TABLES.items():
            definition = ", ".join(f'"{c}" {SQL_TYPES[t]}' for c, t in columns.items())
            key = ", ".join(f'"{c}"' for c in KEYS[table])
            self.connection.execute(
                f"CREATE TABLE IF NOT EXISTS {table} ({definition}, PRIMARY KEY ({key}))"
            )
            for column, kind in columns.items():  # a store from an older version gains columns
                self.connection.execute(
                    f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{column}" {SQL_TYPES[kind]}'
                )

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def known_documents(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids are stored already."""
        ids = list(ids)
        if not ids:
            return set()
        rows = self.connection.execute(
            "SELECT id FROM documents WHERE list_contains(?, id)", [ids]
        ).fetchall()
        return {row[0] for row in rows}

    def save(
        self,
        documents: list[Document],
        actors: Iterable[Actor],
        mentions: list[Mention],
        events: list[Event],
        stories: list[Story],
        profiles: Iterable[Profile] = (),
    ) -> None:
        """Write one batch in one transaction. Documents, actors, mentions and evidence already
        stored are left as they are; events and stories given again replace their stored rows
        (a merged event gains sources, a story gains documents)."""
        rows = {
            "documents": [_document_row(d) for d in documents],
            "refs": [
                {"document": d.id, "position": i, **asdict(r)}
                for d in documents
                for i, r in enumerate(d.references)
            ],
            "actors": [asdict(a) for a in actors],
            "mentions": [asdict(m) for m in mentions],
            "events": [_event_row(e) for e in events],
            "evidence": [_evidence_row(e.id, v) for e in events for v in e.evidence],
            "stories": [
                {"id": s.id, "title": s.title, "first_seen": s.first_seen, "last_seen": s.last_seen}
                for s in stories
            ],
            "story_documents": [
                {"story": s.id, "document": d} for s in stories for d in s.documents
            ],
            "document_profiles": [
                {
                    "document": p.document,
                    "embedding": p.embedding,
                    "entities": p.entities,
                    "terms": p.terms,
                }
                for p in profiles
            ],
        }
        self.connection.execute("BEGIN TRANSACTION")
        try:
            for table, table_rows in rows.items():
                self._insert(table, table_rows)
            self.connection.execute("COMMIT")
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise

    def _insert(self, table: str, rows: list[dict]) -> None:
        if not rows:
            return
        schema = pa.schema(list(TABLES[table].items()))
        batch = pa.Table.from_pylist(  # noqa: F841 (read by DuckDB's replacement scan)
            _unique(rows, KEYS[table]), schema=schema
        )
        columns = ", ".join(f'"{c}"' for c in TABLES[table])
        action = "REPLACE" if table in REPLACED else "IGNORE"
        self.connection.execute(
            f"INSERT OR {action} INTO {table} ({columns}) SELECT {columns} FROM batch"
        )

    def documents(self, ids: Iterable[str] | None = None) -> list[Document]:
        """Stored documents (all, or those with these ids) with their references, oldest
        publication first."""
        where, params = "", []
        if ids is not None:
            where, params = " WHERE list_contains(?, {})", [list(ids)]
        references: dict[str, list[Reference]] = {}
        query = f"SELECT * FROM refs{where.format('document')} ORDER BY document, position"
        for row in self._rows(query, params):
            document = row.pop("document")
            row.pop("position")
            references.setdefault(document, []).append(Reference(**row))
        query = f"SELECT * FROM documents{where.format('id')} ORDER BY published NULLS LAST, id"
        return [
            Document(**row, references=references.get(row["id"], []))
            for row in self._rows(query, params)
        ]

    def actors(self) -> list[Actor]:
        return [Actor(**row) for row in self._rows("SELECT * FROM actors ORDER BY name, id")]

    def mentions(self) -> list[Mention]:
        query = "SELECT * FROM mentions ORDER BY document, start"
        return [Mention(**row) for row in self._rows(query)]

    def events(self, stories: Iterable[str] | None = None) -> list[Event]:
        """Stored events (all, or those of the given stories) with their evidence, in date order
        (undated last)."""
        where, params = "", []
        if stories is not None:
            where, params = " WHERE list_contains(?, e.story)", [list(stories)]
        evidence: dict[str, list[Evidence]] = {}
        query = (
            "SELECT v.* FROM evidence v JOIN events e ON v.event = e.id"
            f"{where} ORDER BY v.event, v.document, v.sentence"
        )
        for row in self._rows(query, params):
            event = row.pop("event")
            evidence.setdefault(event, []).append(_evidence(row))
        events = []
        query = f"SELECT * FROM events e{where} ORDER BY date NULLS LAST, id"
        for row in self._rows(query, params):
            quantity = _quantity(row)
            row["conflicts"] = row["conflicts"] or []
            for count in ("sources", "publishers", "independent"):
                row[count] = row[count] or 1
            events.append(Event(**row, quantity=quantity, evidence=evidence.get(row["id"], [])))
        return events

    def profiles(self) -> list[Profile]:
        """Every document's story-clustering profile with the story it is in."""
        query = (
            "SELECT p.document, p.embedding, p.entities, s.story, p.terms FROM document_profiles p"
            " LEFT JOIN story_documents s ON s.document = p.document ORDER BY p.document"
        )
        return [
            Profile(document, list(embedding or []), list(entities or []), story, list(terms or []))
            for document, embedding, entities, story, terms in self.connection.execute(
                query
            ).fetchall()
        ]

    def stories(self) -> list[Story]:
        members: dict[str, list[str]] = {}
        for story, document in self.connection.execute(
            "SELECT story, document FROM story_documents ORDER BY story, document"
        ).fetchall():
            members.setdefault(story, []).append(document)
        events: dict[str, list[str]] = {}
        for story, event in self.connection.execute(
            "SELECT story, id FROM events WHERE story IS NOT NULL ORDER BY date NULLS LAST, id"
        ).fetchall():
            events.setdefault(story, []).append(event)
        return [
            Story(**row, documents=members.get(row["id"], []), events=events.get(row["id"], []))
            for row in self._rows("SELECT * FROM stories ORDER BY first_seen NULLS LAST, id")
        ]

    def counts(self) -> dict[str, int]:
        """Rows per table, for summaries and tests."""
        return {
            table: self.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in TABLES
        }

    def _rows(self, query: str, params: list | None = None) -> list[dict]:
        cursor = self.connection.execute(query, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _document_row(document: Document) -> dict:
    row = asdict(document)
    row.pop("references")
    return row


def _quantity(row: dict) -> Quantity | None:
    """Pops the flattened quantity columns of a row."""
    value, unit, text = (
        row.pop("quantity_value"),
        row.pop("quantity_unit"),
        row.pop("quantity_text"),
    )
    return Quantity(value, unit, text) if value is not None else None


def _evidence(row: dict) -> Evidence:
    quantity = _quantity(row)
    row["status"] = row["status"] or "asserted"  # rows from stores older than merging
    for column in ("attributed_to", "actors", "recipients"):
        row[column] = row[column] or []
    return Evidence(**row, quantity=quantity)


def _flat_quantity(row: dict) -> dict:
    """The row with its `quantity` replaced by the three quantity columns."""
    quantity = row.pop("quantity") or {}
    for part in ("value", "unit", "text"):
        row[f"quantity_{part}"] = quantity.get(part)
    return row


def _evidence_row(event: str, evidence: Evidence) -> dict:
    return _flat_quantity({"event": event, **asdict(evidence)})


def _event_row(event: Event) -> dict:
    row = asdict(event)
    row.pop("evidence")
    return _flat_quantity(row)


def _unique(rows: list[dict], key: tuple[str, ...]) -> list[dict]:
    """First row per key: a batch may name the same actor or document twice."""
    seen: dict[tuple, dict] = {}
    for row in rows:
        seen.setdefault(tuple(row[k] for k in key), row)
    return list(seen.values())
