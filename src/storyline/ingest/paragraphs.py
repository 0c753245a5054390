"""Lines and paragraphs: the units every ingest rule looks at.

A "real paragraph" is what separates an article's body from the header and the page furniture
around it, so the test for one lives here, once.
"""

from __future__ import annotations

import re
import statistics
import unicodedata

PARAGRAPH_WORDS = 25  # a line this long is prose, whatever its punctuation
SENTENCE_WORDS = 5  # shortest line that still reads as a sentence of the article
_SPACES = re.compile(r"[^\S\n]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s+[\"'“‘`(\[]*[A-Z0-9]|\s*$)")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
_MISPLACED_STOP = re.compile(r"(?<=[a-z]) \.(?=[A-Z][a-z])")
_WORD = re.compile(r"\w[\w'’.-]*")


def normalise_line(line: str) -> str:
    """The line with runs of spaces (no-break, thin, tabs) as one space; quotes kept as written;
    a full stop typed before its space ("evening .The") put back after it, so sentences split."""
    line = _INVISIBLE.sub("", unicodedata.normalize("NFC", line))
    line = _MISPLACED_STOP.sub(". ", line)
    return _SPACES.sub(" ", line).strip()


def lines_of(text: str) -> list[str]:
    """Normalised lines, blank ones kept as "" because blank lines mark paragraph breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return [normalise_line(line) for line in text.split("\n")]


def unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (fixed-width text) back into paragraphs; other text is untouched.

    Text pasted from a web page has one line per paragraph; e-mail or terminal text is wrapped at a
    fixed width, so most lines end near the same column and a paragraph ends at a blank line.
    """
    width = _wrap_width(lines)
    if width is None:
        return lines
    joined: list[str] = []
    carry = False
    for line in lines:
        if carry and line:
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
        carry = bool(line) and len(line) >= 0.7 * width
    return joined


def _wrap_width(lines: list[str]) -> int | None:
    """The wrap column if the text looks hard-wrapped, else None."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < 6:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    near = sum(1 for length in lengths if length >= 0.7 * width)
    if not 40 <= width <= 100 or lengths[-1] > width * 1.2 or near < 0.5 * len(lengths):
        return None
    return width if statistics.median(lengths) >= 0.6 * width else None


def paragraphs_of(text: str) -> list[str]:
    """Non-blank normalised lines of already clean text (records, feeds, extracted HTML)."""
    return [line for line in unwrap(lines_of(text)) if line]


def word_count(line: str) -> int:
    """Words in a line (tokens with a letter or digit)."""
    return len(_WORD.findall(line))


def sentence_count(line: str) -> int:
    """Sentences in a line, counted by terminal punctuation before a capital or the line end."""
    return len(_SENTENCE_END.findall(line))


def is_paragraph(line: str) -> bool:
    """A real paragraph: long, or several sentences of reasonable length."""
    words = word_count(line)
    return words >= PARAGRAPH_WORDS or (words >= 12 and sentence_count(line) >= 2)


def is_sentence_like(line: str, min_words: int = SENTENCE_WORDS) -> bool:
    """A short line that still reads as prose: enough words and terminal punctuation."""
    return word_count(line) >= min_words and bool(_TERMINAL.search(line))
