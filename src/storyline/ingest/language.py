"""A cheap language guess: English or unknown, from the share of common English function words.

The nlp stage runs an English model; this flag lets it skip texts it would misread without
adding a language-identification dependency.
"""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    {
        "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for",
        "with", "from", "as", "is", "are", "was", "were", "be", "been", "has", "have",
        "had", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we",
        "you", "his", "her", "their", "our", "not", "no", "said", "says", "will", "would",
        "can", "could", "after", "before", "over", "about", "into", "than", "also", "which",
        "who", "what", "when", "where",
    }
)  # fmt: skip
MIN_WORDS = 5
MIN_STOPWORD_SHARE = 0.15  # English prose runs at 0.4-0.5; other Latin-script languages near 0
MIN_ASCII_LETTER_SHARE = 0.9

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def guess_language(text: str) -> str | None:
    """ "en" when the text is mostly ASCII letters and common English words, else None."""
    sample = text[:20000]
    letters = [char for char in sample if char.isalpha()]
    ascii_letters = sum(char.isascii() for char in letters)
    if not letters or ascii_letters < MIN_ASCII_LETTER_SHARE * len(letters):
        return None
    words = [word.lower() for word in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return None
    share = sum(word in STOPWORDS for word in words) / len(words)
    return "en" if share >= MIN_STOPWORD_SHARE else None
