"""HTML pages: trafilatura finds the article and its metadata, htmldate the dates it misses.

Our own rules only add what trafilatura does not do (references as records, published vs
updated date) and trim furniture at the edges; they never remove a paragraph it kept, because the
benchmark shows its body extraction is better than anything line rules could do on HTML.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urljoin

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree

from storyline.errors import IngestError
from storyline.ingest.assemble import assemble
from storyline.ingest.boilerplate import is_furniture, trim_edges
from storyline.ingest.dates import parse_date
from storyline.ingest.paragraphs import normalise_line, paragraphs_of
from storyline.ingest.references import is_entry_line, is_heading, parse_reference
from storyline.model import Document, Reference

FAVOR_RECALL = False  # measured on the benchmark: recall mode gains no recall, loses precision
BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "tr", "table", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt",
)  # fmt: skip
_DROP = "//script|//style|//noscript|//iframe|//form|//template"

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


def read_html(html: str, source: str, url: str | None = None) -> Document:
    """A `Document` from an HTML page; IngestError when no article text can be found."""
    extracted = _extract(html, url)
    if extracted is None or not (extracted.text or "").strip():
        raise IngestError(source, "no article text found in the HTML (broken or not an article)")
    tree = _parse(html)
    cited = _html_references(tree, url or extracted.url) if tree is not None else []
    lines = trim_edges(_without_title(paragraphs_of(extracted.text), extracted.title))
    lines, text_refs = _split_references(lines, cited)
    published, updated = page_dates(html, extracted.date)
    return assemble(
        source,
        lines,
        title=extracted.title,
        url=extracted.url or url,
        authors=[a.strip() for a in (extracted.author or "").split(";")],
        published=published,
        updated=updated,
        publisher=extracted.sitename,
        references=[ref for ref, _ in cited] or text_refs,
    )


def _without_title(lines: list[str], title: str | None) -> list[str]:
    """The body without a first line repeating the headline, which is metadata, not text."""
    if lines and title and _key(lines[0]) == _key(title):
        return lines[1:]
    return lines


def _extract(html: str, url: str | None) -> trafilatura.settings.Document | None:
    """trafilatura's body text and metadata, comments left out (they are not the article)."""
    try:
        return trafilatura.bare_extraction(  # type: ignore[return-value]
            html, url=url, with_metadata=True, include_comments=False, favor_recall=FAVOR_RECALL
        )
    except (ValueError, TypeError, etree.LxmlError):
        return None


def _parse(html: str) -> lxml.html.HtmlElement | None:
    """The page as an lxml tree, for the reference lists trafilatura drops."""
    try:
        return lxml.html.fromstring(html)
    except (etree.LxmlError, ValueError):
        return None


def page_dates(html: str, extracted: str | None) -> tuple[str | None, str | None]:
    """(published, updated): trafilatura's date, else htmldate's original; htmldate's latest."""
    published = parse_date(extracted) or _htmldate(html, original=True)
    latest = _htmldate(html, original=False)
    updated = latest if latest and published and latest > published else None
    return published, updated


def _htmldate(html: str, original: bool) -> str | None:
    """htmldate's original or most recent date of the page, None when it finds none."""
    try:
        return parse_date(find_date(html, original_date=original, extensive_search=False))
    except (ValueError, TypeError, etree.LxmlError):
        return None


def _html_references(tree: lxml.html.HtmlElement, base: str | None) -> list[tuple[Reference, str]]:
    """(reference, its text) for each item under a "References"/"Sources" heading in the page.

    Headings are found from the page's short text nodes, which keeps this linear in page size.
    """
    for text in tree.xpath("//text()[string-length(normalize-space()) < 40]"):
        heading = text.getparent()
        if heading is None or not is_heading(normalise_line(str(text))):
            continue
        items = [
            (_item_reference(item, base), _item_text(item)) for item in _section_items(heading)
        ]
        found = [(ref, item) for ref, item in items if ref is not None]
        if found:
            return found
    return []


def _section_items(heading: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The list after a heading (looking past wrappers such as <p><b>Sources</b></p>)."""
    label = _item_text(heading)
    node: lxml.html.HtmlElement | None = heading
    while node is not None and _item_text(node) == label:
        following = node.getnext()
        if following is not None and following.tag in ("ul", "ol"):
            return following.findall("li")
        if following is not None and following.tag in ("p", "div"):
            return _entry_paragraphs(following)
        node = node.getparent()
    return []


def _entry_paragraphs(first: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Consecutive sibling paragraphs that read as citations."""
    items = []
    node: lxml.html.HtmlElement | None = first
    while node is not None and node.tag in ("p", "div") and is_entry_line(_item_text(node)):
        items.append(node)
        node = node.getnext()
    return items


def _item_text(item: lxml.html.HtmlElement) -> str:
    return normalise_line(item.text_content())


def _item_reference(item: lxml.html.HtmlElement, base: str | None) -> Reference | None:
    """A reference from one list item, its link as URL when the text gives none."""
    hrefs = [h for h in item.xpath(".//a/@href") if not h.startswith(("#", "javascript:"))]
    href = urljoin(base or "", hrefs[0]) if hrefs else None
    return parse_reference(_item_text(item), url=href if href and "//" in href else None)


def _split_references(
    lines: list[str], cited: list[tuple[Reference, str]]
) -> tuple[list[str], list[Reference]]:
    """Body lines without the references section, and references read from the text itself."""
    cited_texts = {_key(text) for _, text in cited}
    for heading in range(len(lines) - 1, -1, -1):
        if not is_heading(lines[heading]):
            continue
        rest = lines[heading + 1 :]
        if rest and all(_key(x) in cited_texts or _citation_or_furniture(x) for x in rest):
            entries = [x for x in rest if not is_furniture(x)]
            refs = [r for r in (parse_reference(x) for x in entries) if r]
            return lines[:heading], refs
    return [x for x in lines if _key(x) not in cited_texts], []


def _citation_or_furniture(line: str) -> bool:
    return is_entry_line(line) or is_furniture(line)


def _key(text: str) -> str:
    """Comparable form of a line: list dashes and spacing do not matter."""
    return re.sub(r"\W+", " ", text).strip().casefold()


def fragment_text(fragment: str) -> list[str]:
    """Paragraphs of an HTML fragment (feed item content), one per block element."""
    if "<" not in fragment:
        return paragraphs_of(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.LxmlError, ValueError):
        return paragraphs_of(re.sub(r"<[^>]+>", " ", fragment))
    for node in root.xpath(_DROP):
        node.drop_tree()
    for node in root.iter(*BLOCKS):
        node.text = "\n" + (node.text or "")
        node.tail = "\n" + (node.tail or "")
    return paragraphs_of(root.text_content())
