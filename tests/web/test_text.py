"""An evidence sentence in its paragraph: whole when the paragraph is short, clipped at a space
when it is a whole article on one line."""

from __future__ import annotations

from storyline.web.text import cut, in_paragraph, visible_controls


def test_a_short_paragraph_is_shown_whole() -> None:
    text = "Title\nFirst sentence. Peru accused Ecuador. Last one.\nNext paragraph."
    start = text.index("Peru")
    end = text.index(" Last")
    place = in_paragraph(text, start, end)
    assert (place.before, place.sentence, place.after) == (
        "First sentence. ",
        "Peru accused Ecuador.",
        " Last one.",
    )
    assert not place.clipped_before and not place.clipped_after
    assert place.paragraph_start == text.index("First")


def test_a_long_line_is_clipped_at_spaces_around_the_sentence() -> None:
    words = " ".join(f"word{i}" for i in range(400))
    sentence = "Peru accused Ecuador."
    text = f"{words} {sentence} {words}"
    start = text.index(sentence)
    place = in_paragraph(text, start, start + len(sentence), context=100)
    assert place.clipped_before and place.clipped_after
    assert 90 <= len(place.before) <= 100 and 90 <= len(place.after) <= 100
    assert place.before.startswith("word") and place.after.endswith(tuple("0123456789"))
    assert text[place.paragraph_start :].startswith(place.before + sentence + place.after)


def test_offsets_outside_the_text_are_clamped() -> None:
    place = in_paragraph("short text", 6, 500)
    assert place.sentence == "text" and place.after == ""


def test_cut_keeps_short_text_and_marks_a_cut() -> None:
    assert cut("Plain title") == "Plain title" and cut(None) == ""
    shown = cut("x" * 60_000)
    assert len(shown) == 300 and shown.endswith("…")


def test_bidirectional_controls_are_made_visible() -> None:
    assert visible_controls("Wire \u202etxt.exe") == "Wire ⟨U+202E⟩txt.exe"
    every = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    assert visible_controls(every).count("⟨U+") == len(every)
    assert visible_controls(visible_controls(every)) == visible_controls(every)  # idempotent
    assert visible_controls("Café, 東京, مرحبا") == "Café, 東京, مرحبا"
