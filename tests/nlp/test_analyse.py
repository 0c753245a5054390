"""The nlp stage: batches through nlp.pipe, worker processes, line breaks as sentence ends."""

from __future__ import annotations

import pytest

import storyline.nlp as nlp_module
from storyline.limits import MAX_SENTENCE
from storyline.model import Document
from storyline.nlp import analyse, pieces
from storyline.nlp.model import load_pipeline

TEXTS = [
    "Quarterly Review\nThe council met in Oslo on Monday. It approved the budget.",
    "Ministers from Kenya visited Uganda last week and signed a water accord.",
    "Rain fell. The match was delayed by 2 hours.",
]


def _summary(workers: int) -> list[tuple]:
    documents = [
        Document(source=f"t{i}", text=t, published="2024-05-10") for i, t in enumerate(TEXTS)
    ]
    return [
        (
            a.document.id,
            [s.text for s in a.doc.sents],
            [(e.text, e.label_) for e in a.doc.ents],
            [(t.text, t.value) for t in a.doc._.timexes],
            [(q.text, q.value) for q in a.doc._.quantities],
        )
        for a in analyse(documents, workers=workers)
    ]


def test_worker_processes_give_the_same_annotations() -> None:
    single, double = _summary(1), _summary(2)
    assert single == double
    assert [row[0] for row in single] == [Document(source="", text=t).id for t in TEXTS]


def test_a_line_break_ends_a_sentence() -> None:
    sentences = _summary(1)[0][1]
    assert sentences[0].strip() == "Quarterly Review"


def test_time_expressions_are_read_against_the_document_date() -> None:
    timexes = dict(_summary(1)[0][3])
    assert timexes["Monday"] == "2024-05-06"


def _timexes(text: str, published: str) -> dict[str, str | None]:
    document = Document(source="t", text=text, published=published)
    return {t.text: t.value for t in next(analyse([document])).doc._.timexes}


def test_the_tense_of_the_clause_reads_weekdays_forward_or_back() -> None:
    wednesday = "2024-05-08"
    assert _timexes("The board met on Friday.", wednesday)["Friday"] == "2024-05-03"
    assert _timexes("The board will meet on Friday.", wednesday)["Friday"] == "2024-05-10"
    assert _timexes("The board is meeting on Friday.", wednesday)["Friday"] == "2024-05-10"
    assert _timexes("The board is going to vote on Friday.", wednesday)["Friday"] == "2024-05-10"
    assert _timexes("The board plans to vote on Friday.", wednesday)["Friday"] == "2024-05-10"
    assert _timexes("The board is to vote on Friday.", wednesday)["Friday"] == "2024-05-10"
    assert _timexes("The board has voted on Friday.", wednesday)["Friday"] == "2024-05-03"


def test_a_text_over_the_parser_limit_is_parsed_in_pieces_with_its_own_offsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """spaCy refuses a text over `max_length` (E088); pieces under it join back exactly."""
    nlp = load_pipeline()
    monkeypatch.setattr(nlp, "max_length", 2_000)
    monkeypatch.setattr(nlp_module, "MAX_PIECE", 1_500)
    paragraph = "Ministers from Kenya visited Uganda on 3 March 2024 and signed a water accord. "
    endless = "one line with no sentence end " * 200  # longer than a piece: cut at a space
    text = "\n\n".join(paragraph * 4 for _ in range(30)) + "\n\n" + endless
    [analysis] = analyse([Document(source="long", text=text, published="2024-05-10")])
    doc = analysis.doc
    assert len(text) > 7 * nlp.max_length and doc.text == text
    kenya = [e for e in doc.ents if e.text == "Kenya"]
    assert len(kenya) == 120 and all(text[e.start_char : e.end_char] == "Kenya" for e in kenya)
    assert [t.value for t in doc._.timexes].count("2024-03-03") == 120


def test_pieces_join_back_and_respect_the_limit() -> None:
    text = ("A sentence here. " * 50 + "\n") * 20 + "x" * 3_000 + " tail"
    cut = pieces(text, 1_000)
    assert "".join(cut) == text and all(len(p) <= 1_000 for p in cut)
    assert cut[0].endswith("\n")  # a paragraph end when there is one in reach
    assert pieces("short") == ["short"]


def test_a_run_of_tokens_without_a_sentence_end_is_broken() -> None:
    words = " ".join(f"item{n}" for n in range(1_000))
    [analysis] = analyse([Document(source="list", text=words)])
    lengths = [len(s) for s in analysis.doc.sents]
    assert max(lengths) <= MAX_SENTENCE and sum(lengths) == len(analysis.doc)
