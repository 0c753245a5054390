"""JSON and JSON Lines exports: one `Document` per record, its source `path#n` (n from 1).

Exports from scrapers and news APIs name the same fields differently, so each field accepts the
usual aliases. Records without text are skipped (one warning line per file); a file with none
is an error.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import accumulate
from typing import Any

from storyline.errors import IngestError
from storyline.ingest.assemble import assemble, documents_of
from storyline.ingest.dates import parse_date
from storyline.ingest.html import fragment_text
from storyline.ingest.paragraphs import paragraphs_of
from storyline.limits import MAX_JSON_DEPTH
from storyline.model import Document

TEXT_FIELDS = ("text", "body", "content", "articleBody")
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("published", "date", "published_at", "datePublished", "pubDate")
UPDATED_FIELDS = ("updated", "modified", "updated_at", "dateModified")
URL_FIELDS = ("url", "link")
AUTHOR_FIELDS = ("authors", "author")
PUBLISHER_FIELDS = ("publisher", "source", "site_name")
CONTAINER_FIELDS = ("records", "articles", "items", "documents", "data", "results")

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[^\[\]{}]+")


def read_json(text: str, source: str) -> list[Document]:
    """Documents from a JSON array of records, one record, or {"articles": [...]}-style wrapper."""
    return _documents(source, _records(load_json(text, source), source))


def read_jsonl(text: str, source: str) -> list[Document]:
    """Documents from JSON Lines: one record per non-blank line; lines that do not parse are
    skipped (counted in the input's one warning line) while others give documents."""
    records, bad, first_bad = [], 0, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(load_json(line, source))
        except IngestError:
            bad, first_bad = bad + 1, first_bad or number
    skipped = Counter({f"invalid JSON (first on line {first_bad})": bad} if bad else {})
    return _documents(source, records, skipped)


def load_json(text: str, source: str) -> Any:
    """Parsed JSON; IngestError when invalid or nested deeper than MAX_JSON_DEPTH (checked
    before parsing: Python's parser would recurse until its stack limit)."""
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise IngestError(source, f"JSON nested over {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text)
    except ValueError as error:
        raise IngestError(source, f"invalid JSON: {error}") from None


def json_depth(text: str) -> int:
    """The deepest bracket nesting of JSON text, brackets inside strings ignored (one regex
    pass: news records are shallow, so few brackets are left to count)."""
    brackets = _BRACKETS.sub("", _STRINGS.sub("", text))
    return max(accumulate(1 if c in "[{" else -1 for c in brackets), default=0)


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


def _documents(source: str, records: list[Any], bad: Counter[str] | None = None) -> list[Document]:
    """One document per usable record; an error when none is usable."""
    return documents_of(
        source, records, record_document, "no record has a non-empty text (or body/content) field",
        bad,
    )


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
