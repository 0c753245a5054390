"""The learned event reader: trigger marking, BIO spans both ways, training targets."""

from __future__ import annotations

from storyline.events.extractor import TAGS, decode_tags, marked, to_marked, to_plain
from storyline.events.training import SpanExample, _unmark, tag_targets


def test_marking_maps_offsets_both_ways() -> None:
    text = "Chile sent aid to Peru."
    trigger = (6, 10)
    assert marked(text, trigger) == "Chile < sent > aid to Peru."
    peru = (18, 22)
    start, end = to_marked(peru[0], trigger), to_marked(peru[1], trigger, end=True)
    assert marked(text, trigger)[start:end] == "Peru"
    assert (to_plain(start, trigger), to_plain(end, trigger)) == peru
    # the markers themselves collapse onto the trigger's edges
    assert to_plain(6, trigger) == to_plain(7, trigger) == 6
    assert to_plain(len("Chile < sent "), trigger) == 10


def _offsets(text: str) -> list[tuple[int, int]]:
    """Whitespace tokens of a marked text with (0, 0) for the special tokens at both ends."""
    out, position = [(0, 0)], 0
    for word in text.split(" "):
        out.append((position, position + len(word)))
        position += len(word) + 1
    return [*out, (0, 0)]


def test_targets_and_decoding_round_trip() -> None:
    text = "The Chilean navy sent aid to Peru and Bolivia."
    example = SpanExample(text, (17, 21), "AID", [(0, 16)], [(29, 33), (38, 45)])
    offsets = _offsets(marked(text, example.trigger))
    targets = tag_targets(offsets, example)
    assert targets[0] == targets[-1] == -100
    named = [TAGS[t] for t in targets[1:-1]]
    assert named[:3] == ["B-ACTOR", "I-ACTOR", "I-ACTOR"]
    assert named.count("B-RECIPIENT") == 2  # two recipients, two spans
    actors, recipients = decode_tags([max(t, 0) for t in targets], offsets, example.trigger)
    assert actors == [(0, 16)]
    assert [text[a:b] for a, b in recipients] == ["Peru", "Bolivia."]


def test_an_inside_tag_after_outside_opens_a_span() -> None:
    text = "Chile sent aid to Peru"
    trigger = (6, 10)
    offsets = _offsets(marked(text, trigger))
    tags = [0, TAGS.index("I-ACTOR"), 0, 0, 0, 0, 0, TAGS.index("I-RECIPIENT"), 0]
    assert decode_tags(tags, offsets, trigger) == ([(0, 5)], [(18, 22)])


def test_plv_markup_gives_plain_text_and_spans() -> None:
    text, spans = _unmark("<s>Chile</s> sent aid to <t>Peru</t>.")
    assert text == "Chile sent aid to Peru."
    assert spans == {"s": (0, 5), "t": (18, 22)}
