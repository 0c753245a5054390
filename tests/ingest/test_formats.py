"""HTML pages, JSON and JSON Lines records, RSS and Atom feeds, folders."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.errors import IngestError
from storyline.ingest import expand, read
from storyline.ingest.html import page_dates
from storyline.ingest.sniff import detect_format
from storyline.model import Reference

Write = Callable[[str, str | bytes], str]


def html_page(paragraphs: list[str], extra: str = "") -> str:
    """A news page with navigation, metadata, an article, a references list and a footer."""
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Ferry Timetable Agreed</title>"
        '<meta name="author" content="Maria Lopez; Tom Becker">'
        '<meta property="og:site_name" content="Westport Herald">'
        '<meta property="article:published_time" content="2023-03-03T09:00:00+00:00">'
        '<meta property="article:modified_time" content="2023-03-05T10:00:00+00:00">'
        '<link rel="canonical" href="https://herald.example.org/ferries/timetable">'
        "</head><body><header><nav><ul><li><a href='/'>Home</a></li><li><a href='/world'>World"
        "</a></li><li><a href='/sport'>Sport</a></li></ul></nav></header><main><article>"
        "<h1>Ferry Timetable Agreed</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + extra
        + "</article></main><footer><p>Contact us | Privacy | Terms</p></footer></body></html>"
    )


REFERENCES_HTML = (
    "<h2>References</h2><ul>"
    "<li>Ana Ruiz, “Ferries to Run Later in Winter,” The Coastal Times, 2 March 2023</li>"
    "<li><a href='https://example.org/council/minutes'>Council minutes on the ferry timetable</a>"
    ", Westport Council, 1 March 2023</li></ul>"
)


def test_html_body_and_metadata(write: Write, paragraphs: list[str]) -> None:
    [doc] = read(write("page.html", html_page(paragraphs)))
    assert doc.text == "\n\n".join(paragraphs)
    assert doc.title == "Ferry Timetable Agreed"
    assert doc.authors == ["Maria Lopez", "Tom Becker"]
    assert doc.published == "2023-03-03"
    assert doc.updated == "2023-03-05"
    assert doc.publisher == "Westport Herald"
    assert doc.url == "https://herald.example.org/ferries/timetable"
    assert doc.language == "en"


def test_html_references_are_records_and_not_body(write: Write, paragraphs: list[str]) -> None:
    [doc] = read(write("page.html", html_page(paragraphs, REFERENCES_HTML)))
    assert doc.references == [
        Reference("Ferries to Run Later in Winter", "The Coastal Times", "2023-03-02"),
        Reference(
            "Council minutes on the ferry timetable", "Westport Council", "2023-03-01",
            "https://example.org/council/minutes",
        ),
    ]  # fmt: skip
    assert doc.text == "\n\n".join(paragraphs)


def test_html_furniture_at_the_edges_is_trimmed(write: Write, paragraphs: list[str]) -> None:
    page = html_page(paragraphs, "<p>Share this article</p><p>Tags: ferries, Westport</p>")
    page = page.replace("</h1>", "</h1><p>Home | News | Ferries</p>")
    [doc] = read(write("page.html", page))
    assert doc.text == "\n\n".join(paragraphs)


def test_html_references_as_paragraphs(write: Write, paragraphs: list[str]) -> None:
    sources = (
        "<p><strong>Sources</strong></p>"
        "<p>“Ferries to Run Later in Winter,” The Coastal Times, 2 March 2023</p>"
        "<p>Westport Council, “<a href='/minutes/12'>Minutes of the harbour committee</a>,”"
        " 1 March 2023</p>"
    )
    [doc] = read(write("page.html", html_page(paragraphs, sources)))
    assert [(r.title, r.date, r.url) for r in doc.references] == [
        ("Ferries to Run Later in Winter", "2023-03-02", None),
        (
            "Minutes of the harbour committee", "2023-03-01",
            "https://herald.example.org/minutes/12",
        ),
    ]  # fmt: skip
    assert doc.text == "\n\n".join(paragraphs)


def test_html_in_a_declared_legacy_encoding(write: Write, paragraphs: list[str]) -> None:
    russian = "Паромы будут ходить позже до конца зимы, решил совет гавани в четверг вечером."
    page = html_page([russian, *paragraphs[1:]]).replace("<head>", '<head><meta charset="koi8-r">')
    [doc] = read(write("page.html", page.encode("koi8-r")))
    assert doc.text.startswith(russian)


def test_htmldate_when_trafilatura_has_no_date(paragraphs: list[str]) -> None:
    page = html_page(paragraphs)
    assert page_dates(page, "2023-03-01T08:00:00") == ("2023-03-01", "2023-03-05")
    page = page.replace("article:published_time", "x").replace("article:modified_time", "y")
    page = page.replace("<h1>", "<time datetime='2023-03-04'>4 March 2023</time><h1>")
    assert page_dates(page, None) == ("2023-03-04", None)


def test_json_array_with_field_aliases(write: Write, paragraphs: list[str]) -> None:
    records = [
        {
            "title": "Timetable agreed",
            "text": "\n\n".join(paragraphs[:2]),
            "date": "2023-03-03T09:00:00Z",
            "url": "https://example.org/a",
            "authors": ["Maria Lopez"],
            "publisher": "Westport Herald",
        },
        {"headline": "Review in April", "body": paragraphs[3], "published": "5 March 2023",
         "author": "Jane Doe and John Roe", "source": {"name": "Example Radio"}},
        {"title": "no text here"},
    ]  # fmt: skip
    path = write("items.json", json.dumps(records))
    first, second = read(path)
    assert (first.source, second.source) == (f"{path}#1", f"{path}#2")
    assert first.text == "\n\n".join(paragraphs[:2])
    assert (first.title, first.published, first.url) == (
        "Timetable agreed", "2023-03-03", "https://example.org/a",
    )  # fmt: skip
    assert (first.authors, first.publisher) == (["Maria Lopez"], "Westport Herald")
    assert (second.title, second.published, second.publisher) == (
        "Review in April", "2023-03-05", "Example Radio",
    )  # fmt: skip
    assert second.authors == ["Jane Doe", "John Roe"]


def test_json_single_object(write: Write, paragraphs: list[str]) -> None:
    path = write("one.json", json.dumps({"content": paragraphs[0], "title": "One"}))
    [doc] = read(path)
    assert (doc.source, doc.title, doc.text) == (f"{path}#1", "One", paragraphs[0])


def test_jsonl_one_document_per_line(write: Write, paragraphs: list[str]) -> None:
    lines = [json.dumps({"text": p, "title": f"Part {i}"}) for i, p in enumerate(paragraphs)]
    path = write("items.jsonl", "\n".join(lines) + "\n\n")
    docs = read(path)
    assert [d.text for d in docs] == paragraphs
    assert [d.source for d in docs] == [f"{path}#{n}" for n in range(1, 5)]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Westport Herald</title><link>https://herald.example.org/</link>
<item><title>Timetable agreed</title><link>https://herald.example.org/a</link>
<pubDate>Fri, 03 Mar 2023 09:00:00 +0000</pubDate><dc:creator>Maria Lopez</dc:creator>
<description>Short summary only.</description>
<content:encoded><![CDATA[<p>{0}</p><script>track()</script><p>{1}</p>]]></content:encoded></item>
<item><title>Review in April</title><link>https://herald.example.org/b</link>
<pubDate>Sun, 05 Mar 2023 10:00:00 +0000</pubDate>
<description>&lt;p&gt;{2}&lt;/p&gt;</description></item>
</channel></rss>"""


def test_rss_items_are_documents(write: Write, paragraphs: list[str]) -> None:
    path = write("feed.xml", RSS.format(*paragraphs))
    first, second = read(path)
    assert first.text == "\n\n".join(paragraphs[:2])
    assert (first.title, first.url, first.published) == (
        "Timetable agreed", "https://herald.example.org/a", "2023-03-03",
    )  # fmt: skip
    assert (first.authors, first.publisher, first.source) == (
        ["Maria Lopez"], "Westport Herald", f"{path}#1",
    )  # fmt: skip
    assert second.text == paragraphs[2]
    assert second.published == "2023-03-05"


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Notes</title>
<entry><title>Timetable agreed</title>
<link rel="alternate" href="https://notes.example.org/a"/>
<published>2023-03-03T09:00:00Z</published><updated>2023-03-05T10:00:00Z</updated>
<author><name>Tom Becker</name></author>
<content type="html">&lt;p&gt;{0}&lt;/p&gt;&lt;p&gt;{1}&lt;/p&gt;</content></entry>
<entry><title>Review</title><link href="https://notes.example.org/b"/>
<updated>2023-03-06T10:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>{2}</p><p>{3}</p></div>
</content></entry>
</feed>"""


def test_feed_in_a_declared_legacy_encoding(write: Write, paragraphs: list[str]) -> None:
    feed = RSS.replace("UTF-8", "ISO-8859-1").format("Caf\u00e9 " + paragraphs[0], *paragraphs[1:])
    [first, _] = read(write("latin.rss", feed.encode("latin-1")))
    assert first.text.startswith("Caf\u00e9 On 2 March")


def test_atom_entries_are_documents(write: Write, paragraphs: list[str]) -> None:
    first, second = read(write("notes.atom", ATOM.format(*paragraphs)))
    assert first.text == "\n\n".join(paragraphs[:2])
    assert (first.title, first.url, first.authors) == (
        "Timetable agreed", "https://notes.example.org/a", ["Tom Becker"],
    )  # fmt: skip
    assert (first.published, first.updated, first.publisher) == (
        "2023-03-03", "2023-03-05", "Harbour Notes",
    )  # fmt: skip
    assert second.text == "\n\n".join(paragraphs[2:])
    assert (second.url, second.updated) == ("https://notes.example.org/b", "2023-03-06")


def test_folders_expand_recursively_sorted_without_hidden(tmp_path: Path) -> None:
    for name in ("b.txt", "a/z.txt", "a/c/d.json", ".hidden.txt", ".cache/x.txt", "a/.h/y.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    url = "https://example.org/story"
    found = list(expand([str(tmp_path), url, str(tmp_path / "missing.txt")]))
    names = [str(Path(item).relative_to(tmp_path)) for item in found[:3]]  # type: ignore[arg-type]
    assert names == ["a/c/d.json", "a/z.txt", "b.txt"]
    assert found[3] == url
    assert isinstance(found[4], IngestError) and found[4].source.endswith("missing.txt")
    assert len(found) == 5


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "a.txt", "html"),
        ('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "a", "rss"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "a.xml", "atom"),
        ('[{"text": "x"}]', "a.txt", "json"),
        ('{"text": "x"}\n{"text": "y"}\n', "a", "jsonl"),
        ("[Updated] The council met on Tuesday.", "a.txt", "text"),
        ("{broken", "a.json", "json"),
        ("Just words.", "a.md", "text"),
    ],
)
def test_sniff_by_content_then_extension(text: str, name: str, expected: str) -> None:
    assert detect_format(text, name) == expected
