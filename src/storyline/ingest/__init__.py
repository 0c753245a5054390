"""ingest: files, folders, feeds and URLs in; clean `Document`s (body, metadata, references) out.

`expand` turns what the user gave into readable sources; `read` turns one source into documents.
Any input that cannot be read raises `IngestError(source, reason)`, never another exception.
"""

from __future__ import annotations

from storyline.errors import IngestError
from storyline.ingest.decode import declared_charset, decode_text
from storyline.ingest.feeds import read_feed
from storyline.ingest.html import read_html
from storyline.ingest.records import read_json, read_jsonl
from storyline.ingest.sniff import detect_format
from storyline.ingest.sources import expand, is_url, load
from storyline.ingest.text import read_text
from storyline.limits import FETCH_TIMEOUT as TIMEOUT
from storyline.limits import MAX_BYTES
from storyline.model import Document

__all__ = ["expand", "is_url", "read"]



def read(
    source: str,
    *,
    max_bytes: int = MAX_BYTES,
    timeout: float = TIMEOUT,
    allow_private: bool = False,
) -> list[Document]:
    """One file or URL -> its documents (a feed or JSONL gives many).

    Raises IngestError(source, reason) for anything bad: missing, empty, binary, undecodable,
    over-size, malformed, or without article text, and for a URL whose host is not a public
    address unless `allow_private` (see `storyline.ingest.fetch`).
    """
    try:
        return _read(source, max_bytes, timeout, allow_private)
    except IngestError:
        raise
    except Exception as error:  # a reader bug must still be one line about one input
        raise IngestError(source, f"could not read: {type(error).__name__}: {error}") from None


def _read(source: str, max_bytes: int, timeout: float, allow_private: bool) -> list[Document]:
    """Load, decode, sniff, then hand the text to the reader for its format."""
    fetched = load(source, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
    declared = fetched.charset or (
        declared_charset(fetched.data) if fetched.data.lstrip()[:1] == b"<" else None
    )
    text = decode_text(fetched.data, source, declared)
    url = fetched.url if is_url(source) else None
    return _read_as(detect_format(text, url or source, fetched.content_type), text, source, url)


def _read_as(kind: str, text: str, source: str, url: str | None) -> list[Document]:
    """Documents from decoded text by format."""
    if kind == "html":
        return [read_html(text, source, url)]
    if kind == "json":
        return read_json(text, source)
    if kind == "jsonl":
        return read_jsonl(text, source)
    if kind in ("rss", "atom", "xml"):
        return read_feed(text, source)
    return [_with_url(read_text(text, source), url)]


def _with_url(document: Document, url: str | None) -> Document:
    """A text document fetched from a URL records where it came from."""
    document.url = document.url or url
    return document
