"""JSON and JSON Lines exports: one `Document` per record, its source `path#n` (n from 1).

Exports from scrapers and news APIs name the same fields differently, so each field accepts the
usual aliases. A record without text is skipped with a warning; a file with none is an error.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from storyline.errors import IngestError
from storyline.ingest.assemble import assemble
from storyline.ingest.dates import parse_date
from storyline.ingest.html import fragment_text
from storyline.ingest.paragraphs import paragraphs_of
from storyline.model import Document

TEXT_FIELDS = ("text", "body", "content", "articleBody")
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("published", "date", "published_at", "datePublished", "pubDate")
UPDATED_FIELDS = ("updated", "modified", "updated_at", "dateModified")
URL_FIELDS = ("url", "link")
AUTHOR_FIELDS = ("authors", "author")
PUBLISHER_FIELDS = ("publisher", "source", "site_name")
CONTAINER_FIELDS = ("records", "articles", "items", "documents", "data", "results")

log = logging.getLogger(__name__)


def read_json(text: str, source: str) -> list[Document]:
    """Documents from a JSON array of records, one record, or {"articles": [...]}-style wrapper."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise IngestError(source, f"invalid JSON: {error}") from None
    return _documents(source, _records(data, source))


def read_jsonl(text: str, source: str) -> list[Document]:
    """Documents from JSON Lines: one record per non-blank line."""
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError as error:
            raise IngestError(source, f"invalid JSON on line {number}: {error}") from None
    return _documents(source, records)


def _records(data: Any, source: str) -> list[Any]:
    """The list of records inside a JSON document."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if any(key in data for key in TEXT_FIELDS):
            return [data]
        for key in CONTAINER_FIELDS:
            if isinstance(data.get(key), list):
                return data[key]
    raise IngestError(source, "JSON holds no article records (expected objects with a text field)")


def _documents(source: str, records: Iterable[Any]) -> list[Document]:
    """One document per usable record; an error when none is usable."""
    documents = []
    for number, record in enumerate(records, start=1):
        try:
            documents.append(record_document(record, f"{source}#{number}"))
        except IngestError as error:
            log.warning("%s", error)
    if not documents:
        raise IngestError(source, "no record has a non-empty text (or body/content) field")
    return documents


def record_document(record: Any, source: str) -> Document:
    """A `Document` from one record; IngestError when it is not an object with text."""
    if not isinstance(record, dict):
        raise IngestError(source, "record is not a JSON object")
    body = _first(record, TEXT_FIELDS)
    if not isinstance(body, str) or not body.strip():
        raise IngestError(source, "record has no text")
    paragraphs = fragment_text(body) if _looks_like_html(body) else paragraphs_of(body)
    return assemble(
        source,
        paragraphs,
        title=_string(_first(record, TITLE_FIELDS)),
        url=_string(_first(record, URL_FIELDS)),
        authors=_names(_first(record, AUTHOR_FIELDS)),
        published=parse_date(_string(_first(record, PUBLISHED_FIELDS))),
        updated=parse_date(_string(_first(record, UPDATED_FIELDS))),
        publisher=_string(_first(record, PUBLISHER_FIELDS)),
    )


def _first(record: dict[str, Any], fields: tuple[str, ...]) -> Any:
    """The value of the first field present and not empty."""
    return next((record[f] for f in fields if record.get(f) not in (None, "", [])), None)


def _string(value: Any) -> str | None:
    """A metadata value as text; {"name": ...} objects (schema.org style) give their name."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) else None


def _names(value: Any) -> list[str]:
    """Author names from a string ("A, B" or "A and B"), a list, or name objects."""
    if isinstance(value, list):
        return [name for name in (_string(v) for v in value) if name]
    name = _string(value)
    if not name:
        return []
    return [part.strip() for part in name.replace(" and ", ",").split(",") if part.strip()]


def _looks_like_html(text: str) -> bool:
    """Body stored as HTML markup rather than plain text."""
    return "</p>" in text or "<br" in text or "</div>" in text
