"""Plain-text articles, usually copied from a web page with its header and furniture.

The page is cut into three parts around its real paragraphs: the header block before the first
one (title, byline, dates), the body, and what follows the last one (references, archive links).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storyline.ingest.assemble import assemble
from storyline.ingest.boilerplate import clean_body, is_furniture, trim_trailing
from storyline.ingest.dates import date_line
from storyline.ingest.header import parse_header, stated_publisher
from storyline.ingest.paragraphs import (
    SENTENCE_WORDS,
    is_paragraph,
    is_sentence_like,
    lines_of,
    unwrap,
    word_count,
)
from storyline.ingest.references import is_heading, parse_reference, section_entries
from storyline.model import Document, Reference

_LEAD_END = re.compile(r"[.:][\"'”’)\]]*$")  # headlines end without one, or with ? or !
_DATELINE = re.compile(r"(?:--|\s[-–—_])$")  # "NAIROBI, Kenya (AP) _" opens the lede
DATELINE_WORDS = 8


@dataclass
class Layout:
    """Where the parts of a pasted page are: header, body, references, trailer."""

    header: list[str]
    body: list[str]
    references: list[Reference] = field(default_factory=list)
    trailer: list[str] = field(default_factory=list)


def read_text(text: str, source: str) -> Document:
    """A `Document` from a plain-text article."""
    layout = split_layout([line for line in unwrap(lines_of(text)) if line])
    header = parse_header(layout.header, layout.trailer)
    return assemble(
        source,
        clean_body(layout.body),
        title=header.title,
        authors=header.authors,
        published=header.published,
        updated=header.updated,
        publisher=header.publisher,
        references=layout.references,
    )


def split_layout(lines: list[str]) -> Layout:
    """Header, body, references and trailer of non-blank lines."""
    start = body_start(lines)
    heading, entries, used = _references_section(lines, start)
    end = heading if heading is not None else len(lines)
    body = trim_trailing(lines[start:end])
    after = heading + 1 + used if heading is not None else start + len(body)
    references = [r for r in (parse_reference(e) for e in entries) if r]
    return Layout(lines[:start], _join_dateline(body), references, lines[after:])


def body_start(lines: list[str]) -> int:
    """Index of the first body line: the first real paragraph, or the lead sentences above it.

    News ledes are often one-sentence paragraphs; header lines (headlines, bylines, dates) do not
    end with a full stop, so full-stop sentences just above the first paragraph are body.
    """
    first = next((i for i, line in enumerate(lines) if _real(line)), None)
    if first is None:  # a short text: start at its first sentence
        first = next((i for i, line in enumerate(lines) if _sentence(line)), 0)
    while first > 0 and _lead(lines[first - 1]):
        first -= 1
    return first - 1 if first > 0 and _dateline(lines[first - 1]) else first


def _dateline(line: str) -> bool:
    """A wire dateline on its own line ("WASHINGTON, March 12 (Xinhua) --")."""
    return word_count(line) <= DATELINE_WORDS and bool(_DATELINE.search(line))


def _join_dateline(body: list[str]) -> list[str]:
    """The dateline put back in front of the lede it belongs to: it says where the news is."""
    if len(body) > 1 and _dateline(body[0]):
        return [f"{body[0]} {body[1]}", *body[2:]]
    return body


def _references_section(lines: list[str], start: int) -> tuple[int | None, list[str], int]:
    """(heading index, entries, lines used) of the last references section after the body start.

    A heading counts only when citations follow it and no real paragraph comes after them, so a
    "Notes" subheading inside the article is left alone.
    """
    for heading in range(len(lines) - 1, start, -1):
        if not is_heading(lines[heading]):
            continue
        entries, used = section_entries(lines[heading + 1 :])
        rest = lines[heading + 1 + used :]
        if entries and not any(_real(line) for line in rest):
            return heading, entries, used
    return None, [], 0


def _real(line: str) -> bool:
    return is_paragraph(line) and not is_furniture(line)


def _sentence(line: str) -> bool:
    return is_sentence_like(line) and not is_furniture(line)


def _lead(line: str) -> bool:
    """A lead sentence: prose ending with a full stop (or a colon that introduces the text),
    not a byline, date line or © line."""
    if line.lower().startswith("by ") or date_line(line) or stated_publisher([line]):
        return False
    return (
        word_count(line) >= SENTENCE_WORDS
        and bool(_LEAD_END.search(line))
        and not (is_furniture(line))
    )
