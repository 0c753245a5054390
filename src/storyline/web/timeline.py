"""Timeline chart points for a list of events, bounded in number.

A small story gets one point per dated event. A big one would send the browser thousands of marks
(and the page hundreds of kilobytes), so its events are counted per PLOVER type in days, then
weeks, months or years: the first grain that needs at most `MAX_POINTS` points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from storyline.model import Event

MAX_POINTS = 300
GRAINS = ("day", "week", "month", "year")


@dataclass
class TimelinePoint:
    """One point on a timeline chart: an event, or the events of one type in one bucket.

    `day` is the point's position as a full ISO day (a bucket's first day); `date` is what the
    tooltip says (the event's date, or the bucket: `2015-10-05` for a day or a week's Monday,
    `2015-10` for a month, `2015` for a year); `precision` is the event's date precision or the
    bucket's grain. `sources` is the number of distinct source documents (marker size); `event`
    opens on click: the event itself, or the bucket's most corroborated event."""

    event: str
    type: str
    day: str
    date: str
    precision: str | None
    sources: int
    label: str
    events: int = 1


@dataclass
class Timeline:
    points: list[TimelinePoint]
    grain: str  # "event" (one point each) or the bucket: day, week, month, year
    undated: int  # events without a date, not on the chart


def timeline(
    events: list[Event], describe: Callable[[Event], str], limit: int = MAX_POINTS
) -> Timeline:
    """The chart points of `events`; `describe` labels one event ("Peru ACCUSE Ecuador")."""
    dated = [(day, event) for event in events if (day := iso_day(event.date)) is not None]
    undated = len(events) - len(dated)
    if len(dated) <= limit:
        points = [
            TimelinePoint(
                event.id, event.type, day, event.date or day, event.date_precision,
                len(_documents([event])), describe(event),
            )
            for day, event in dated
        ]  # fmt: skip
        return Timeline(points, "event", undated)
    for grain in GRAINS:
        buckets: dict[tuple[str, str], list[Event]] = {}
        for day, event in dated:
            buckets.setdefault((_bucket(day, grain), event.type), []).append(event)
        if len(buckets) <= limit:
            break
    points = [
        _aggregate(start, kind, members, grain, describe)
        for (start, kind), members in sorted(buckets.items())
    ]
    return Timeline(points, grain, undated)


def _aggregate(
    start: str, kind: str, members: list[Event], grain: str, describe: Callable[[Event], str]
) -> TimelinePoint:
    top = max(members, key=lambda e: (e.independent, len(_documents([e])), e.id))
    shown = {"month": start[:7], "year": start[:4]}.get(grain, start)
    label = f"{len(members)} {kind} events; most sourced: {describe(top)}"
    if len(members) == 1:
        label = describe(top)
    return TimelinePoint(
        top.id, kind, start, shown, grain, len(_documents(members)), label, len(members)
    )


def _documents(events: list[Event]) -> set[str]:
    return {evidence.document for event in events for evidence in event.evidence}


def _bucket(day: str, grain: str) -> str:
    """The first day of the bucket holding an ISO day."""
    if grain == "day":
        return day
    if grain == "month":
        return day[:8] + "01"
    if grain == "year":
        return day[:5] + "01-01"
    when = date.fromisoformat(day)
    return (when - timedelta(days=when.weekday())).isoformat()


def iso_day(value: str | None) -> str | None:
    """A full ISO day for an ISO date as precise as known (a month or year starts on day 1);
    None for no date or one that is not a calendar date."""
    if not value or len(value) < 4 or not value[:4].isdigit():
        return None
    parts = value[:10].split("-")
    year, month, day = parts[0], (parts[1:2] or ["01"])[0], (parts[2:3] or ["01"])[0]
    if not (month.isdigit() and day.isdigit()):
        return None
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:  # "2024-13", "2023-02-30"
        return None
