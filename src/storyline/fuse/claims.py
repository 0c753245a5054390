"""Who says what about an event, and how a reported figure moved: read off merged events."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from storyline.fuse.parties import Parties
from storyline.model import Actor, Document, Event, Evidence


@dataclass
class Claim:
    """One source's reading of an event."""

    document: str
    source: str  # publisher, else title, else the input path
    status: str
    attributed_to: list[str]
    evidence: Evidence


@dataclass
class Claims:
    """The sources that assert an event, report it as alleged (and by whom), or deny it."""

    event: str
    asserted: list[Claim] = field(default_factory=list)
    alleged: list[Claim] = field(default_factory=list)
    denied: list[Claim] = field(default_factory=list)
    other: list[Claim] = field(default_factory=list)  # planned, hypothetical, negated
    conflicts: list[str] = field(default_factory=list)


def source_name(document: Document | None, fallback: str) -> str:
    if document is None:
        return fallback
    return document.publisher or document.title or document.source


def claims(event: Event, documents: Mapping[str, Document]) -> Claims:
    """The claims view of one merged event."""
    view = Claims(event.id, conflicts=list(event.conflicts))
    for evidence in event.evidence:
        claim = Claim(
            evidence.document,
            source_name(documents.get(evidence.document), evidence.document),
            evidence.status,
            list(evidence.attributed_to),
            evidence,
        )
        bucket = {"asserted": view.asserted, "alleged": view.alleged, "denied": view.denied}
        bucket.get(evidence.status, view.other).append(claim)
    return view


@dataclass
class Point:
    """One reported value of a figure: when, how much, who reported it, where it is said."""

    date: str | None
    value: float
    text: str
    event: str
    document: str
    attributed_to: list[str]
    evidence: Evidence


@dataclass
class Series:
    """The same quantity reported at different times or by different sources."""

    type: str
    actors: list[str]
    recipients: list[str]
    unit: str | None
    points: list[Point]


def series(
    events: list[Event], actor_of: Callable[[str], Actor | None] | None = None
) -> list[Series]:
    """Figures of one kind (same event type, same unit, a shared actor or actors of one country
    on the same side) reported at least twice with different values or dates, in date order."""
    parties = Parties(actor_of)
    groups: list[tuple[Event, list[Point]]] = []
    for event in events:
        for evidence in event.evidence:
            quantity = evidence.quantity
            if quantity is None or not quantity.unit:
                continue
            point = Point(
                evidence.date or event.date,
                quantity.value,
                quantity.text,
                event.id,
                evidence.document,
                list(evidence.attributed_to),
                evidence,
            )
            group = next(
                (g for g in groups if _same_figure(g[0], event, quantity.unit, parties)), None
            )
            if group is None:
                groups.append((event, [point]))
            else:
                group[1].append(point)
    found = []
    for anchor, points in groups:
        distinct = {(p.date, p.value) for p in points}
        if len(distinct) < 2:
            continue
        points.sort(key=lambda p: (p.date or "", p.value))
        unit = next(v.quantity.unit for v in anchor.evidence if v.quantity is not None)
        found.append(Series(anchor.type, anchor.actors, anchor.recipients, unit, points))
    return found


def _same_figure(anchor: Event, event: Event, unit: str, parties: Parties) -> bool:
    units = {v.quantity.unit for v in anchor.evidence if v.quantity is not None}
    return unit in units and anchor.type == event.type and parties.same_sides(anchor, event)
