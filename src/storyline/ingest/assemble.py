"""The last step of every reader: paragraphs and metadata into one checked `Document`."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TypeVar

from storyline.errors import IngestError
from storyline.ingest.language import guess_language
from storyline.ingest.paragraphs import normalise_line
from storyline.limits import MAX_RECORDS
from storyline.model import Document, Reference

Item = TypeVar("Item")
log = logging.getLogger(__name__)


def assemble(
    source: str,
    paragraphs: list[str],
    *,
    title: str | None = None,
    url: str | None = None,
    authors: list[str] | None = None,
    published: str | None = None,
    updated: str | None = None,
    publisher: str | None = None,
    references: list[Reference] | None = None,
) -> Document:
    """A `Document` with the paragraphs joined by blank lines; an empty body is an error."""
    text = "\n\n".join(p for p in (normalise_line(p) for p in paragraphs) if p)
    if not text:
        raise IngestError(source, "no article text left after removing boilerplate")
    return Document(
        source=source,
        text=text,
        title=_clean(title),
        url=_clean(url),
        authors=[a for a in (_clean(a) for a in authors or []) if a],
        published=published,
        updated=updated if updated != published else None,
        publisher=_clean(publisher),
        language=guess_language(text),
        references=list(references or []),
    )


def _clean(value: str | None) -> str | None:
    """Whitespace-normalised metadata, None when blank."""
    return normalise_line(value) or None if value else None


def documents_of(
    source: str,
    items: Sequence[Item],
    make: Callable[[Item, str], Document],
    none_usable: str,
    skipped: Counter[str] | None = None,
) -> list[Document]:
    """One document per usable item of a multi-record input (source `input#n`, n from 1).

    Items without text are skipped and summed up in one warning line for the input, not one
    line per item (a file of 10,000 empty records is one line); an input with no usable item is
    an error, and so is one with more than MAX_RECORDS items. `skipped` counts reasons found
    before this step (JSON Lines lines that do not parse)."""
    total = len(items) + sum((skipped or Counter()).values())
    if total > MAX_RECORDS:
        raise IngestError(source, f"{total:,} records, over the {MAX_RECORDS:,} limit")
    reasons = Counter(skipped or {})
    documents = []
    for number, item in enumerate(items, start=1):
        try:
            documents.append(make(item, f"{source}#{number}"))
        except IngestError as error:
            reasons[error.reason] += 1
    summary = "; ".join(f"{reason} ({count:,})" for reason, count in reasons.most_common())
    if not documents:
        raise IngestError(source, f"{none_usable} ({summary})" if summary else none_usable)
    if reasons:
        skips = f"{reasons.total():,} of {total:,}"
        log.warning("%s: skipped %s records: %s", source, skips, summary)
    return documents
