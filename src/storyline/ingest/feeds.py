"""RSS 2.0 / RSS 1.0 and Atom feeds: one `Document` per item, its source `feed#n` (n from 1).

Feeds come from anywhere, so they are parsed with defusedxml: entity declarations (the "billion
laughs" expansion bomb) and external references are refused before any expansion happens.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError, tostring

from defusedxml import DefusedXmlException, EntitiesForbidden
from defusedxml.ElementTree import fromstring

from storyline.errors import IngestError
from storyline.ingest.assemble import assemble, documents_of
from storyline.ingest.boilerplate import trim_edges
from storyline.ingest.dates import parse_date
from storyline.ingest.html import fragment_text
from storyline.model import Document

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def parse_xml(text: str, source: str) -> Element:
    """The root element of a feed; IngestError for malformed or dangerous XML."""
    try:
        return fromstring(text.encode("utf-8"), forbid_dtd=False)
    except EntitiesForbidden:
        raise IngestError(source, "XML entity declarations are not allowed") from None
    except DefusedXmlException as error:
        raise IngestError(source, f"unsafe XML refused: {error}") from None
    except ParseError as error:
        raise IngestError(source, f"malformed XML: {error}") from None


def read_feed(text: str, source: str) -> list[Document]:
    """Documents from an RSS or Atom feed."""
    root = parse_xml(_without_encoding(text), source)
    kind = _local(root.tag)
    if kind in ("rss", "RDF"):
        channel = _child(root, "channel")
        items = _children(channel if kind == "rss" and channel is not None else root, "item")
    elif kind == "feed":
        channel, items = root, _children(root, "entry")
    else:
        raise IngestError(source, f"XML root <{kind}> is not an RSS or Atom feed")
    publisher = _text(_child(channel, "title")) if channel is not None else None
    return _documents(source, items, publisher)


def _documents(source: str, items: list[Element], publisher: str | None) -> list[Document]:
    """One document per item with content; an error when no item has any."""
    return documents_of(
        source,
        items,
        lambda item, name: item_document(item, name, publisher),
        "the feed has no items with text",
    )


def item_document(item: Element, source: str, publisher: str | None) -> Document:
    """A `Document` from one RSS item or Atom entry; its HTML content cleaned to text."""
    content = _content(item)
    return assemble(
        source,
        trim_edges(fragment_text(content or "")),
        title=_text(_child(item, "title")),
        url=_link(item),
        authors=_authors(item),
        published=parse_date(_first_text(item, "pubDate", "published", "date", "issued")),
        updated=parse_date(_first_text(item, "updated", "modified")),
        publisher=publisher,
    )


def _without_encoding(text: str) -> str:
    """The text without its XML declaration: the text is already decoded, and a declared
    encoding other than UTF-8 would make the parser misread the UTF-8 bytes it is given."""
    return _DECLARATION.sub("", text, count=1)


def _local(tag: str) -> str:
    """Tag name without its namespace: feeds mix RSS, Atom, Dublin Core and content modules."""
    return tag.rsplit("}", 1)[-1]


def _children(parent: Element, name: str) -> list[Element]:
    return [child for child in parent if _local(child.tag) == name]


def _child(parent: Element, name: str) -> Element | None:
    return next(iter(_children(parent, name)), None)


def _text(element: Element | None) -> str | None:
    """All text inside an element (Atom xhtml content has child elements)."""
    if element is None:
        return None
    text = "".join(element.itertext()).strip()
    return text or None


def _first_text(item: Element, *names: str) -> str | None:
    """Text of the first of `names` the item has with text, in that order of preference."""
    for name in names:
        text = _text(_child(item, name))
        if text:
            return text
    return None


def _content(item: Element) -> str | None:
    """The item's fullest content as HTML: content:encoded, Atom content, then the summaries."""
    for name in ("encoded", "content", "description", "summary"):
        element = _child(item, name)
        if element is not None and len(element):  # Atom type="xhtml": markup as elements
            return _markup(element)
        text = _text(element)
        if text:
            return text
    return None


def _markup(element: Element) -> str:
    """Inner XHTML of an element as HTML, namespaces dropped so block tags are recognised."""
    for node in element.iter():
        node.tag = _local(node.tag)
    return (element.text or "") + "".join(tostring(child, encoding="unicode") for child in element)


def _link(item: Element) -> str | None:
    """RSS <link>text</link>, else Atom <link rel="alternate" href=...>, else a permalink guid."""
    for link in _children(item, "link"):
        if link.text and link.text.strip():
            return link.text.strip()
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link.get("href")
    guid = _child(item, "guid")
    permalink = guid is not None and guid.get("isPermaLink", "true") == "true"
    return _text(guid) if permalink else None


def _authors(item: Element) -> list[str]:
    """Atom <author><name>, RSS <author> or Dublin Core <dc:creator>."""
    names = []
    for author in _children(item, "author") + _children(item, "creator"):
        name = _text(_child(author, "name")) or _text(author)
        if name and "(" in name and name.endswith(")"):  # RSS: "jane@example.com (Jane Doe)"
            name = name[name.index("(") + 1 : -1]
        if name:
            names.append(name)
    return names
