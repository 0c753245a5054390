"""The nlp stage: batches through nlp.pipe, worker processes, line breaks as sentence ends."""

from __future__ import annotations

from storyline.model import Document
from storyline.nlp import analyse

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
