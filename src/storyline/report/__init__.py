"""The report: documents, a timeline of events and every event with its numbered evidence.

Written as `report.md` and `report.html` from the store, through Jinja2 templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from storyline.confidence import DEFAULT_MIN_CONFIDENCE, select
from storyline.model import Actor, Document, Event
from storyline.report.brief import build_brief
from storyline.report.jinja import templates
from storyline.store import Store


@dataclass
class Citation:
    """One numbered evidence sentence and the document it comes from."""

    number: int
    text: str
    document: Document
    sentence: int


@dataclass
class EventLine:
    """An event as the report shows it: names instead of ids, citations instead of evidence."""

    event: Event
    actors: list[str]
    recipients: list[str]
    attributed_to: list[str]
    citations: list[Citation]

    @property
    def when(self) -> str:
        if not self.event.date:
            return "undated"
        if self.event.date_precision == "report":
            return f"{self.event.date} (report date)"
        return self.event.date


def build(store: Store, min_confidence: float | None = DEFAULT_MIN_CONFIDENCE) -> dict:
    """Everything the templates show, read from the store once: the events `shown` at
    `min_confidence` (see `storyline.confidence`) and a note on those held back."""
    documents = {d.id: d for d in store.documents()}
    actors = {a.id: a for a in store.actors()}
    selection = select(store.events(), min_confidence)
    events = selection.events
    lines: list[EventLine] = []
    number = 0
    for event in events:
        citations = []
        for evidence in event.evidence:
            number += 1
            citations.append(
                Citation(number, evidence.text, documents[evidence.document], evidence.sentence)
            )
        lines.append(
            EventLine(
                event,
                _names(event.actors, actors),
                _names(event.recipients, actors),
                _names(event.attributed_to, actors),
                citations,
            )
        )
    timeline = [line for line in lines if line.event.date_precision in ("day", "month", "year")]
    stories = sorted(store.stories(), key=lambda s: (-len(s.documents), s.first_seen or "", s.id))
    return {
        "briefs": [build_brief(store, s.id, min_confidence) for s in stories],
        "generated": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "documents": list(documents.values()),
        "timeline": timeline,
        "events": lines,
        "actor_count": len(actors),
        "hidden_note": selection.note,
    }


def write_report(
    store: Store, folder: str | Path, min_confidence: float | None = DEFAULT_MIN_CONFIDENCE
) -> list[Path]:
    """Write report.md and report.html into `folder` (events shown at `min_confidence`);
    returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    environment = templates()
    data = build(store, min_confidence)
    paths = []
    for name in ("report.md", "report.html"):
        path = folder / name
        path.write_text(environment.get_template(f"{name}.j2").render(**data), encoding="utf-8")
        paths.append(path)
    return paths


def _names(ids: list[str], actors: dict[str, Actor]) -> list[str]:
    return [actors[i].name if i in actors else i for i in ids]
