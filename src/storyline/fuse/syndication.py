"""Syndicated copies: near-identical bodies (agency copy run by several outlets) count once."""

from __future__ import annotations

import re
from functools import lru_cache

SHINGLE = 5  # words per shingle
COPY = 0.7  # Jaccard of shingle sets from which a body is a copy of another


@lru_cache(maxsize=4096)
def shingles(text: str) -> frozenset[int]:
    words = re.findall(r"\w+", text.casefold())
    return frozenset(hash(tuple(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1))


def resemblance(a: str, b: str) -> float:
    """Jaccard similarity of the two bodies' word 5-gram sets."""
    first, second = shingles(a), shingles(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def is_copy(a: str, b: str) -> bool:
    lengths = sorted((len(a), len(b)))
    if lengths[0] < 0.5 * lengths[1]:
        return False  # a short item is not a copy of a long one (and saves the shingling)
    return resemblance(a, b) >= COPY
