"""The last step of every reader: paragraphs and metadata into one checked `Document`."""

from __future__ import annotations

from storyline.errors import IngestError
from storyline.ingest.language import guess_language
from storyline.ingest.paragraphs import normalise_line
from storyline.model import Document, Reference


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
