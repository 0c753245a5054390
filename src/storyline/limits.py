"""Every bound on what one input may cost, in one place (the README's bad-input section names
them all, with the flag that lifts each where there is one)."""

from __future__ import annotations

MAX_BYTES = 10_000_000  # one file or URL body; read no further than this
FETCH_TIMEOUT = 20.0  # seconds per network step of a URL fetch (3 x this for the whole fetch)
MAX_JSON_DEPTH = 64  # news records nest a few levels; deeper is an attack or not an export
MAX_RECORDS = 20_000  # records (JSON, JSON Lines) or items (feeds) in one input
MAX_PIECE = 100_000  # characters the parser sees at once (spaCy: ~1 GB per 100,000)
MAX_SENTENCE = 300  # tokens: a longer run without a sentence end is broken before parsing
TIME_BUDGET = 45.0  # seconds one document may take in its worker (--time-budget)
CHUNK = 8  # short documents a worker is given at once (a chunk shares the budget)
CHUNK_CHARACTERS = 40_000  # a chunk's text at most; a longer document goes alone
START_TIMEOUT = 300.0  # seconds a worker may take to load the models
