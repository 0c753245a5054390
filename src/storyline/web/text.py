"""Article text cut into pieces the templates can highlight without ever marking text as safe.

Article bodies are untrusted: they are never turned into HTML here. A page gets plain-text
`Segment`s with the annotations that cover them, and the template escapes every piece.
Short fields are made safe to show: `cut` keeps one huge title from widening or lengthening a
list, `visible_controls` shows the bidirectional controls that could make metadata read other
than it is ("exe.txt" written as U+202E "txt.exe").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from storyline.model import Mention


@dataclass
class Segment:
    """A run of text with the same annotations: the mention it is in, the evidence covering it."""

    text: str
    start: int
    mention: Mention | None = None
    events: tuple[str, ...] = ()  # events whose evidence sentence covers this run
    ends: tuple[str, ...] = ()  # events whose evidence sentence ends with this run
    anchor: bool = False  # the first run of an evidence sentence (a link target)


@dataclass
class EvidenceSpan:
    """One event's evidence sentence in a document."""

    event: str
    start: int
    end: int


CONTEXT = 320  # characters of the paragraph shown on each side of an evidence sentence
TITLE_LIMIT = 300  # characters of a title shown in lists and headings (the whole one on hover)
# Embeddings and overrides (U+202A-202E), isolates (U+2066-2069) and the marks (LRM, RLM, ALM).
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


@dataclass
class InParagraph:
    """An evidence sentence inside its paragraph: the text before, the sentence, the text after.
    A long paragraph (a whole article without line breaks) is cut to `CONTEXT` characters on
    each side, at a space; `clipped_before`/`clipped_after` say so, and `paragraph_start` is the
    offset of `before` in the text."""

    before: str
    sentence: str
    after: str
    paragraph_start: int = 0
    clipped_before: bool = False
    clipped_after: bool = False


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line: a line break always ends a paragraph in our text."""
    spans, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def in_paragraph(text: str, start: int, end: int, context: int = CONTEXT) -> InParagraph:
    """The paragraph holding text[start:end], split around it (offsets clamped to the text),
    at most `context` characters of it on each side."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    clipped_before, clipped_after = start - first > context, last - end > context
    if clipped_before:
        space = text.find(" ", start - context, start)
        first = space + 1 if space >= 0 else start - context
    if clipped_after:
        space = text.rfind(" ", end, end + context)
        last = space if space > end else end + context
    return InParagraph(
        text[first:start], text[start:end], text[end:last], first, clipped_before, clipped_after
    )


def segments(
    text: str, mentions: list[Mention], evidence: list[EvidenceSpan]
) -> list[list[Segment]]:
    """Each paragraph as runs of text, cut wherever a mention or an evidence sentence starts or
    ends, so nested annotations render as flat, escaped spans."""
    result = []
    for first, last in paragraphs(text):
        inside = [m for m in mentions if m.start < last and m.end > first]
        covering = [e for e in evidence if e.start < last and e.end > first]
        cuts = {first, last}
        for item in (*inside, *covering):
            cuts.update(c for c in (item.start, item.end) if first < c < last)
        ordered = sorted(cuts)
        runs = [_segment(text, a, b, inside, covering) for a, b in pairwise(ordered)]
        result.append(runs)
    return result


def _segment(
    text: str, start: int, end: int, mentions: list[Mention], evidence: list[EvidenceSpan]
) -> Segment:
    mention = next((m for m in mentions if m.start <= start and m.end >= end), None)
    events = tuple(e.event for e in evidence if e.start <= start and e.end >= end)
    ends = tuple(e.event for e in evidence if e.end == end)
    anchor = any(e.start == start for e in evidence)
    return Segment(text[start:end], start, mention, events, ends, anchor)


def cut(text: str | None, limit: int = TITLE_LIMIT) -> str:
    """At most `limit` characters, the last an ellipsis when anything was cut."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def visible_controls(text: str | None) -> str:
    """Bidirectional controls as visible markers ("⟨U+202E⟩"), so a name reads as stored."""
    return BIDI_CONTROLS.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text or "")
