"""Timeline points: one per event in a small story, counts per type and bucket in a big one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storyline.model import Event, Evidence
from storyline.web.timeline import iso_day, timeline


def _event(n: int, day: str | None, kind: str = "ASSAULT", documents: int = 1) -> Event:
    evidence = [Evidence(f"doc{n}-{i}", 0, 0, 1, "x") for i in range(documents)]
    return Event(f"event:{n}", kind, date=day, date_precision="day", evidence=evidence)


def _describe(event: Event) -> str:
    return f"{event.type} {event.id}"


def test_small_lists_get_one_point_per_dated_event() -> None:
    events = [_event(1, "2025-03-02", documents=3), _event(2, "2025-03"), _event(3, None)]
    chart = timeline(events, _describe, limit=10)
    assert chart.grain == "event" and chart.undated == 1
    assert [(p.event, p.day, p.date, p.sources) for p in chart.points] == [
        ("event:1", "2025-03-02", "2025-03-02", 3),
        ("event:2", "2025-03-01", "2025-03", 1),
    ]


def test_big_lists_are_counted_per_type_in_the_finest_grain_that_fits() -> None:
    start = date(2025, 1, 1)
    events = [
        _event(n, (start + timedelta(days=n // 3)).isoformat(), ("ASSAULT", "AID")[n % 2])
        for n in range(300)
    ]  # 100 days, two types: 200 day buckets
    by_day = timeline(events, _describe, limit=250)
    assert by_day.grain == "day" and len(by_day.points) == 200
    assert sum(p.events for p in by_day.points) == 300
    by_week = timeline(events, _describe, limit=50)
    assert by_week.grain == "week" and len(by_week.points) <= 50
    assert all(date.fromisoformat(p.day).weekday() == 0 for p in by_week.points)  # Mondays
    assert sum(p.events for p in by_week.points) == 300
    by_month = timeline(events, _describe, limit=10)
    assert by_month.grain == "month" and {p.date for p in by_month.points} == {
        "2025-01",
        "2025-02",
        "2025-03",
        "2025-04",
    }
    point = by_month.points[0]
    assert point.label.startswith(f"{point.events} {point.type} events; most sourced:")
    assert point.event in {e.id for e in events}


def test_the_bucket_links_to_its_most_corroborated_event() -> None:
    events = [_event(n, "2025-05-05") for n in range(4)] + [_event(9, "2025-05-05", documents=4)]
    chart = timeline(events, _describe, limit=2)
    assert chart.grain == "day" and len(chart.points) == 1
    assert chart.points[0].event == "event:9" and chart.points[0].sources == 8


@pytest.mark.parametrize(
    ("given", "day"),
    [
        ("2024-06-19", "2024-06-19"),
        ("2024-06-19T10:00:00", "2024-06-19"),
        ("2024-06", "2024-06-01"),
        ("2024", "2024-01-01"),
        ("2023-02-30", None),
        ("2024-13", None),
        ("2024-W05", None),
        ("PAST_REF", None),
        ("", None),
        (None, None),
    ],
)
def test_iso_day(given: str | None, day: str | None) -> None:
    assert iso_day(given) == day
