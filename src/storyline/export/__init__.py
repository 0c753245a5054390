"""Exports of the data model: one JSON object, JSON Lines, or a folder of CSV files.

The JSON form is the contract documented in the README: `documents`, `actors`, `events`, `stories`.
Each exports the events of a `storyline.confidence.Selection` (by default those shown at
`DEFAULT_MIN_CONFIDENCE`); every event and evidence row carries its `confidence`.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict
from pathlib import Path
from typing import IO

from storyline.confidence import DEFAULT_MIN_CONFIDENCE, Selection, select
from storyline.store import Store

FORMATS = ("json", "jsonl", "csv")
LIST_SEPARATOR = "|"


def records(store: Store, selection: Selection | None = None) -> dict[str, list[dict]]:
    """The four lists of the data model as plain JSON-ready dictionaries, with the events of
    `selection` (default: those shown at DEFAULT_MIN_CONFIDENCE); a story lists only those."""
    if selection is None:
        selection = select(store.events(), DEFAULT_MIN_CONFIDENCE)
    documents = [asdict(d) for d in store.documents()]
    actors = [asdict(a) for a in store.actors()]
    events = []
    for event in selection.events:
        row = asdict(event)
        row.pop("trigger")
        for reading in [row, *row["evidence"]]:
            quantity = reading["quantity"]
            reading["quantity"] = (
                {"value": quantity["value"], "unit": quantity["unit"], "text": quantity["text"]}
                if quantity
                else None
            )
        events.append(row)
    exported = {e["id"] for e in events}
    stories = [asdict(s) for s in store.stories()]
    for story in stories:
        story["events"] = [e for e in story["events"] if e in exported]
    return {"documents": documents, "actors": actors, "events": events, "stories": stories}


def write_json(store: Store, out: IO[str], selection: Selection | None = None) -> None:
    """One JSON object with the four lists (`records`)."""
    json.dump(records(store, selection), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(store: Store, out: IO[str], selection: Selection | None = None) -> None:
    """One record per line, each with `record`: document, actor, event or story."""
    singular = {"documents": "document", "actors": "actor", "events": "event", "stories": "story"}
    for name, rows in records(store, selection).items():
        for row in rows:
            out.write(json.dumps({"record": singular[name], **row}, ensure_ascii=False) + "\n")


def write_csv(store: Store, folder: Path, selection: Selection | None = None) -> list[Path]:
    """documents.csv, actors.csv, events.csv, stories.csv, evidence.csv and references.csv.

    List cells are joined with "|"; an event's quantity becomes quantity_value/quantity_unit.
    """
    folder.mkdir(parents=True, exist_ok=True)
    tables = records(store, selection)
    tables["evidence"] = [
        {"event": e["id"], **v} for e in tables["events"] for v in e.pop("evidence")
    ]
    tables["references"] = [
        {"document": d["id"], **r} for d in tables["documents"] for r in d.pop("references")
    ]
    for row in [*tables["events"], *tables["evidence"]]:
        quantity = row.pop("quantity") or {}
        row["quantity_value"] = quantity.get("value")
        row["quantity_unit"] = quantity.get("unit")
    paths = []
    for name, rows in tables.items():
        path = folder / f"{name}.csv"
        _write_table(path, rows)
        paths.append(path)
    return paths


def _write_table(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if not rows:
            return  # an empty table is an empty file: there is no row to take columns from
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: LIST_SEPARATOR.join(v) if isinstance(v, list) else v for k, v in row.items()}
            )
