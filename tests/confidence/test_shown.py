"""The one rule every output uses to decide whether an event is shown."""

from __future__ import annotations

import pytest

from storyline.confidence import hidden_note, label, select, shown
from storyline.model import Event


def _event(confidence: float | None) -> Event:
    return Event(f"event:{confidence}", "ACCUSE", confidence=confidence)


@pytest.mark.parametrize(
    ("confidence", "threshold", "expected"),
    [
        (0.2, 0.5, False),
        (0.5, 0.5, True),  # reaching the threshold is enough
        (0.9, 0.5, True),
        (None, 0.99, True),  # coded by the lexicon alone: no belief to hold it back on
        (0.2, 0, True),  # no threshold
        (0.2, None, True),
        (0.0, 1.0, False),
    ],
)
def test_shown(confidence: float | None, threshold: float | None, expected: bool) -> None:
    assert shown(_event(confidence), threshold) is expected


def test_select_keeps_the_order_and_counts_the_rest() -> None:
    events = [_event(0.9), _event(0.2), _event(None), _event(0.3)]
    selection = select(events, 0.5)
    assert [e.confidence for e in selection.events] == [0.9, None] and selection.hidden == 2
    assert selection.note == "2 events below confidence 0.5 are hidden; --all shows them"
    assert select(events, 0).note == "" and select(events, 0).events == events


def test_notes_and_labels_read_well() -> None:
    assert hidden_note(1, 0.75) == "1 event below confidence 0.75 is hidden; --all shows them"
    assert hidden_note(1_200, 0.5, "not exported", "--all exports them") == (
        "1,200 events below confidence 0.5 are not exported; --all exports them"
    )
    assert hidden_note(0, 0.5) == ""
    assert (label(0.8372), label(None)) == ("0.84", "lexicon")
