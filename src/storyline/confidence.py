"""How sure an event must be to be shown: one threshold read by the report, the brief, the
timeline, the exports and the web pages alike.

Only what is shown or exported is filtered: the store always keeps every event, so a lower
threshold (or `--all`, `?all=1`) brings the held-back events back without ingesting again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storyline.model import Event

# The learned model's confidence an event needs to be shown by default. One number, read by
# everything; to be tuned on the real-news dev split (`benchmarks/realnews.py`).
DEFAULT_MIN_CONFIDENCE = 0.7  # dev: strict precision 0.359 at recall 0.126 (all: 0.236 at 0.176)


def shown(event: Event, min_confidence: float | None) -> bool:
    """Whether `event` is shown at `min_confidence`.

    No threshold (None or 0) shows everything. An event without a confidence is always shown:
    the lexicon coded it alone (`--no-model`, or an event the model does not judge), so there is
    no belief to hold it back on. Otherwise the event's confidence (the best of its evidence's)
    must reach the threshold.
    """
    if not min_confidence or event.confidence is None:
        return True
    return event.confidence >= min_confidence


@dataclass
class Selection:
    """The events shown at a threshold, and how many it held back."""

    events: list[Event]
    hidden: int
    min_confidence: float | None

    @property
    def note(self) -> str:
        """The one line that says what is held back ("" when nothing is)."""
        return hidden_note(self.hidden, self.min_confidence)


def select(events: Iterable[Event], min_confidence: float | None) -> Selection:
    """The events `shown` at `min_confidence`, in their order, and the count of the others."""
    events = list(events)
    kept = [e for e in events if shown(e, min_confidence)]
    return Selection(kept, len(events) - len(kept), min_confidence)


def hidden_note(
    hidden: int,
    min_confidence: float | None,
    held: str = "hidden",
    how: str = "--all shows them",
) -> str:
    """The line on the events held back: "3 events below confidence 0.5 are hidden; --all
    shows them" ("" when none are)."""
    if not hidden:
        return ""
    events, verb = ("event", "is") if hidden == 1 else ("events", "are")
    return f"{hidden:,} {events} below confidence {min_confidence:g} {verb} {held}; {how}"


def label(confidence: float | None) -> str:
    """A confidence as pages and reports print it: "0.83", or "lexicon" when there is none."""
    return "lexicon" if confidence is None else f"{confidence:.2f}"
