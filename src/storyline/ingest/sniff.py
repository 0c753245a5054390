"""Which reader a source needs: text, html, json, jsonl, rss or atom.

Content decides first, because files are misnamed and servers mislabel; the extension or
content type only settles what the content leaves open (a `.json` file that does not parse is
still meant as JSON and gets a JSON error, not a text article).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from storyline.ingest.records import json_depth
from storyline.limits import MAX_JSON_DEPTH

FORMATS: tuple[str, ...] = ("text", "html", "json", "jsonl", "rss", "atom")

_EXTENSIONS: dict[str, str] = {
    ".txt": "text", ".text": "text", ".md": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".rss": "rss", ".atom": "atom", ".xml": "xml",
}  # fmt: skip
_CONTENT_TYPES: dict[str, str] = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "text",
    "application/json": "json", "application/x-ndjson": "jsonl", "application/jsonl": "jsonl",
    "application/rss+xml": "rss", "application/atom+xml": "atom",
    "application/xml": "xml", "text/xml": "xml",
}  # fmt: skip
_PROLOG = re.compile(r"^(?:\s|<\?xml[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*", re.DOTALL | re.I)
_ROOT = re.compile(r"<([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)")
_HTML_TAGS = re.compile(r"<(?:p|div|br|span|a|h[1-6]|article|section|table|li)\b[^>]*>", re.I)


def detect_format(text: str, name: str = "", content_type: str | None = None) -> str:
    """The format of `text`, using the file name or URL and the HTTP content type as hints.

    Returns one of FORMATS, or "xml" for XML that is neither a feed nor HTML.
    """
    hint = _CONTENT_TYPES.get(content_type or "") or _EXTENSIONS.get(_suffix(name))
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        return _markup(head, hint)
    if head[:1] and head[0] in "[{":
        return _json(head, hint)
    if hint == "html" and _HTML_TAGS.search(head[:65536]):
        return "html"
    return hint if hint in ("json", "jsonl") else "text"


def _suffix(name: str) -> str:
    """Lower-case extension of a path or URL path (".gz" style double suffixes are not used)."""
    path = name.split("?", 1)[0].split("#", 1)[0]
    return PurePosixPath(path).suffix.lower()


def _markup(head: str, hint: str | None) -> str:
    """Feed, HTML or other XML from the root element's name."""
    rest = head[_PROLOG.match(head).end() :]  # type: ignore[union-attr]
    root = _ROOT.match(rest)
    name = root.group(2).lower() if root else ""
    if name in ("rss", "rdf"):
        return "rss"
    if name == "feed":
        return "atom"
    if name in ("html", "head", "body") or re.match(r"<!doctype\s+html", head, re.I):
        return "html"
    if head.startswith("<?xml") or hint in ("xml", "rss", "atom"):
        return hint if hint in ("rss", "atom") else "xml"
    return "html"  # an HTML fragment without <html>


def _json(head: str, hint: str | None) -> str:
    """JSON, JSON Lines, or text that merely starts with a bracket."""
    first = head.split("\n", 1)[0].strip()
    if json_depth(head) <= MAX_JSON_DEPTH:  # deeper, Python's parser would recurse too far
        try:
            json.loads(head)
            return "json"
        except ValueError:
            pass
    elif first == head.strip() or hint == "json":
        return "json"  # its reader says why it is refused
    if json_depth(first) <= MAX_JSON_DEPTH:
        try:
            json.loads(first)
            return "jsonl"  # a JSON Lines file with one over-deep line is still JSON Lines
        except ValueError:
            pass
    return hint if hint in ("json", "jsonl") else "text"
