"""A story's brief, in the style of a think-tank note: the most corroborated facts first, then
how the figures moved, then the claims against the denials; every sentence is taken from a source
and carries the number of that source in the reference list that ends the note."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from storyline.confidence import DEFAULT_MIN_CONFIDENCE, hidden_note, select
from storyline.fuse import claims, series
from storyline.model import Actor, Document, Event, Evidence, Story
from storyline.report.jinja import templates
from storyline.store import Store

FACTS = 6  # facts in the first section
SHOWN_STATUSES = ("asserted", "planned")


@dataclass
class Sentence:
    """A source sentence and the reference numbers of every source that tells it."""

    text: str
    numbers: list[int]
    note: str = ""  # "2 independent sources", "according to the United States", ...


@dataclass
class Brief:
    story: Story
    facts: list[Sentence] = field(default_factory=list)
    figures: list[tuple[str, list[Sentence]]] = field(default_factory=list)
    disputes: list[tuple[str, list[Sentence], list[Sentence]]] = field(default_factory=list)
    references: list[Document] = field(default_factory=list)
    publishers: int = 0
    missing: list[str] = field(default_factory=list)  # cited documents the store lost
    hidden: int = 0  # events of the story held back below `min_confidence`
    min_confidence: float | None = DEFAULT_MIN_CONFIDENCE

    @property
    def note(self) -> str:
        """The one line on the events held back ("" when none are)."""
        return hidden_note(self.hidden, self.min_confidence)


class _Numbers:
    """Reference numbers in order of first citation."""

    def __init__(self, documents: dict[str, Document]) -> None:
        self.documents = documents
        self.order: list[str] = []

    def __call__(self, evidence: list[Evidence]) -> list[int]:
        numbers = []
        for item in evidence:
            if item.document not in self.order:
                self.order.append(item.document)
            number = self.order.index(item.document) + 1
            if number not in numbers:
                numbers.append(number)
        return numbers


def build_brief(
    store: Store, story_id: str, min_confidence: float | None = DEFAULT_MIN_CONFIDENCE
) -> Brief:
    """The brief of one stored story, told from its events `shown` at `min_confidence`;
    KeyError if there is no such story."""
    story = next((s for s in store.stories() if s.id == story_id), None)
    if story is None:
        raise KeyError(story_id)
    selection = select(store.events(stories=[story.id]), min_confidence)
    events = selection.events
    cited = {v.document for e in events for v in e.evidence}
    documents = {d.id: d for d in store.documents({*story.documents, *cited})}
    actors = {a.id: a for a in store.actors()}
    number = _Numbers(documents)
    brief = Brief(story, hidden=selection.hidden, min_confidence=min_confidence)
    brief.publishers = len({d.publisher or d.id for d in documents.values()})
    ranked = sorted(
        (e for e in events if e.status in SHOWN_STATUSES),
        key=lambda e: (-e.independent, -e.sources, e.date or "", e.id),
    )
    told: set[tuple[str, int]] = set()
    for event in ranked:
        if len(brief.facts) == FACTS:
            break
        lead = _lead_evidence(event)
        if lead is None or (lead.document, lead.sentence) in told:
            continue
        told.add((lead.document, lead.sentence))
        note = f"{event.independent} independent sources" if event.independent > 1 else ""
        brief.facts.append(Sentence(lead.text, number(event.evidence), note))
    for figure in series(events, actors.get):
        label = (
            f"{figure.type} {_names(figure.actors, actors)} → {_names(figure.recipients, actors)}"
        )
        points = [
            Sentence(p.evidence.text, number([p.evidence]), f"{p.date or 'undated'}: {p.text}")
            for p in figure.points
        ]
        brief.figures.append((label, points))
    for event in events:
        view = claims(event, documents)
        if not view.denied or not (view.asserted or view.alleged):
            continue
        said = [
            Sentence(
                c.evidence.text, number([c.evidence]), _said_note(c.status, c.attributed_to, actors)
            )
            for c in [*view.asserted, *view.alleged]
        ]
        denied = [Sentence(c.evidence.text, number([c.evidence])) for c in view.denied]
        title = f"{event.type} {_names(event.actors, actors)} → {_names(event.recipients, actors)}"
        brief.disputes.append((title, said, denied))
    brief.missing = [d for d in number.order if d not in documents]
    brief.references = [_document(documents, d) for d in number.order] + [
        d for i, d in documents.items() if i not in number.order
    ]
    return brief


def _document(documents: dict[str, Document], document_id: str) -> Document:
    """A cited document; one the store lost still holds its number, under its id."""
    found = documents.get(document_id)
    return found or Document(source=document_id, text="", title=None, id=document_id)


def _lead_evidence(event: Event) -> Evidence | None:
    """The sentence that tells the event best: asserted, the most precise date, then the first."""
    rank = {"day": 0, "month": 1, "year": 2}
    candidates = [v for v in event.evidence if v.status in SHOWN_STATUSES] or event.evidence
    return min(candidates, key=lambda v: rank.get(v.date_precision or "", 3), default=None)


def _said_note(status: str, by: list[str], actors: dict[str, Actor]) -> str:
    who = _names(by, actors)
    if status == "alleged":
        return f"alleged{' by ' + who if who else ''}"
    return f"according to {who}" if who else "asserted"


def _names(ids: list[str], actors: dict[str, Actor]) -> str:
    return ", ".join(actors[i].name if i in actors else i for i in ids)


def render(brief: Brief, fmt: str = "md") -> str:
    """The brief as Markdown ("md") or HTML ("html")."""
    return templates().get_template(f"brief.{fmt}.j2").render(brief=brief)


def write_brief(
    store: Store,
    story_id: str,
    folder: str | Path,
    min_confidence: float | None = DEFAULT_MIN_CONFIDENCE,
) -> list[Path]:
    """Write <story>.md and <story>.html into `folder`; returns their paths."""
    brief = build_brief(store, story_id, min_confidence)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = story_id.replace(":", "-")
    paths = []
    for fmt in ("md", "html"):
        path = folder / f"{stem}.{fmt}"
        path.write_text(render(brief, fmt), encoding="utf-8")
        paths.append(path)
    return paths
