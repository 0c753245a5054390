"""The nlp stage: one spaCy pipeline over many documents, plus our own annotations.

`analyse(documents)` yields each Document with its spaCy `Doc`; the Doc carries sentences, entities,
the dependency parse and, in `doc._.timexes` / `doc._.quantities`, time expressions normalised
against the document's date and quantities with units.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.limits import MAX_PIECE
from storyline.model import Document
from storyline.nlp.model import load_pipeline
from storyline.nlp.quantities import find_quantities
from storyline.nlp.timex import find_timexes

for _name in ("timexes", "quantities"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass
class Analysis:
    """A document and its annotated spaCy Doc (Doc offsets are offsets in document.text)."""

    document: Document
    doc: Doc

    @property
    def anchor(self) -> date | None:
        return anchor_date(self.document)


def anchor_date(document: Document) -> date | None:
    """The date relative time expressions are read against (updated, else published)."""
    value = document.anchor_date
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def analyse(
    documents: Iterable[Document], *, workers: int = 1, batch_size: int = 16
) -> Iterator[Analysis]:
    """Parse documents in batches with `nlp.pipe` and add time expressions and quantities.

    A text longer than MAX_PIECE characters is parsed alone, in pieces cut at paragraph (else
    sentence, else word) boundaries, one piece at a time, and joined back into one Doc whose
    text is the document's own, so offsets stay in the document's coordinates: spaCy refuses
    texts over its `max_length`, and its parser's memory grows with the text of one batch."""
    nlp = load_pipeline()
    for group in _runs(documents, batch_size):
        if len(group) == 1 and len(group[0].text) > MAX_PIECE:
            yield _annotated(group[0], _parse_long(nlp, group[0].text))
            continue
        pairs = ((d.text, d) for d in group)
        for doc, document in nlp.pipe(
            pairs, as_tuples=True, n_process=workers, batch_size=batch_size
        ):
            yield _annotated(document, doc)


def _runs(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    """Documents in runs of up to 16 batches of `size`, each long one alone (a run is one
    `nlp.pipe` call, so a long text's pieces never share a batch with other texts)."""
    run: list[Document] = []
    for document in documents:
        if len(document.text) > MAX_PIECE:
            if run:
                yield run
            yield [document]
            run = []
            continue
        run.append(document)
        if len(run) >= 16 * size:
            yield run
            run = []
    if run:
        yield run


def _parse_long(nlp: Language, text: str) -> Doc:
    """One Doc from a text over MAX_PIECE, its pieces parsed one by one, tensors dropped."""
    parsed = []
    for doc in nlp.pipe(pieces(text), batch_size=1):
        doc.tensor = numpy.zeros((0,), dtype="float32")
        parsed.append(doc)
    return Doc.from_docs(parsed, ensure_whitespace=False, exclude=["tensor"])


def _annotated(document: Document, doc: Doc) -> Analysis:
    """The Doc with time expressions and quantities, read against the document's date."""
    anchor = anchor_date(document)
    doc._.timexes = find_timexes(doc.text, anchor, tense_of=_tense_reader(doc))
    doc._.quantities = find_quantities(doc.text)
    return Analysis(document, doc)


def pieces(text: str, limit: int | None = None) -> list[str]:
    """`text` cut into consecutive pieces of at most `limit` characters that join back to it,
    each cut after a line break where one is near, else after a sentence end, else at a space."""
    limit = limit or MAX_PIECE
    cuts: list[str] = []
    while len(text) > limit:
        window = text[:limit]
        cut = window.rfind("\n", limit // 2) + 1 or _sentence_end(window, limit // 2)
        cut = cut or window.rfind(" ", limit // 2) + 1 or limit
        cuts.append(text[:cut])
        text = text[cut:]
    return [*cuts, text]


def _sentence_end(window: str, start: int) -> int:
    """Just past the last ". ", "? " or "! " after `start`, or 0."""
    end = max(window.rfind(mark, start) for mark in (". ", "? ", "! "))
    return end + 2 if end >= 0 else 0


_FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo", "ll", "would"})
# Verbs whose infinitive complement lies ahead: "is going to meet", "plans to vote", "is to sign".
_FUTURE_GOVERNORS = frozenset(
    {"go", "plan", "expect", "schedule", "intend", "set", "due", "hope", "aim", "prepare"}
)
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "xcomp", "relcl", "pcomp", "acl"})


def _starts_clause(token) -> bool:
    """Whether the token heads a clause with a tense of its own ("and will appeal" included)."""
    return token.dep_ in _CLAUSE_DEPS or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))


def _tense_reader(doc: Doc):
    """Tell whether the clause around a character offset speaks of the future or the past.

    The clause's verb is found by climbing the parse from the token at the offset. Future: a
    will/shall/'ll/would auxiliary, an infinitive under "going to", "is to", "expected/plans to",
    or a present progressive ("is meeting on Friday"). Past: a past-tense verb, or a participle
    with "have" or a past-tense auxiliary."""

    def tense_of(offset: int) -> str | None:
        token = doc.char_span(offset, offset + 1, alignment_mode="expand")
        if token is None or not len(token):
            return None
        head = token[0].head
        while not _starts_clause(head) and head.head.i != head.i:
            head = head.head
        auxiliaries = [t for t in head.children if t.dep_ in ("aux", "auxpass")]
        words = {t.lower_ for t in auxiliaries}
        if words & _FUTURE_AUXILIARIES:
            return "future"
        if head.dep_ == "xcomp" and "to" in words:
            governor = head.head
            governor_words = {t.lower_ for t in governor.children if t.dep_ in ("aux", "auxpass")}
            if governor_words & _FUTURE_AUXILIARIES:
                return "future"
            if "had" in governor_words:
                return "past"  # "had been scheduled to expire Friday"
            if governor.lemma_ in _FUTURE_GOVERNORS or (
                governor.lemma_ == "be" and governor.tag_ in ("VBZ", "VBP")
            ):
                return "future"
        if head.lemma_ in _FUTURE_GOVERNORS and any(
            t.dep_ == "xcomp" and t.tag_ == "VB" for t in head.children
        ):
            return "future"  # "On Tuesday, the league plans to hold a news conference"
        if head.tag_ == "VBG" and any(t.tag_ in ("VBZ", "VBP") for t in auxiliaries):
            return "future"  # "the board is meeting on Friday"
        if head.tag_ == "VBD" or any(t.tag_ == "VBD" for t in auxiliaries):
            return "past"
        if head.tag_ == "VBN" and any(t.lemma_ == "have" for t in auxiliaries):
            return "past"
        return None

    return tense_of
