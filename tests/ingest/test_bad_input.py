"""Every kind of bad input is one IngestError with a clear reason, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.errors import IngestError
from storyline.ingest import read

Write = Callable[[str, str | bytes], str]

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title><item><description>&lol3;</description></item>
</channel></rss>"""


def reason(path: str, **options: int) -> str:
    with pytest.raises(IngestError) as caught:
        read(path, **options)
    assert caught.value.source == path
    return caught.value.reason


def test_missing_path(tmp_path: Path) -> None:
    assert "no such file" in reason(str(tmp_path / "nowhere.txt"))


def test_folder_given_to_read(tmp_path: Path) -> None:
    assert "folder" in reason(str(tmp_path))


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file(write: Write, content: bytes) -> None:
    assert reason(write("empty.txt", content)) == "empty file"


def test_binary_with_nul_bytes(write: Write) -> None:
    assert "binary" in reason(write("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20))


def test_binary_control_characters_without_nul(write: Write) -> None:
    noise = bytes(range(1, 9)) + bytes(range(14, 32))
    assert "binary" in reason(write("blob.txt", b"header text " + noise * 40))


def test_undecodable_bytes(write: Write) -> None:
    assert "not valid UTF-8" in reason(write("bad.txt", b"Caf\xe9 \x81\x8d\x90 ferry timetable"))


def test_mostly_high_bytes_are_not_taken_for_cp1252(write: Write) -> None:
    koi8 = "Паром отправляется вечером из гавани".encode("koi8-r")  # valid cp1252 bytes, too
    assert "not valid UTF-8" in reason(write("koi8.txt", koi8))


def test_clean_cp1252_and_utf16_are_read(write: Write, paragraphs: list[str]) -> None:
    text = f"Caf\u00e9 \u201cOpen\u201d\n\n{paragraphs[0]}\n"
    [latin] = read(write("old.txt", text.encode("cp1252")))
    [wide] = read(write("wide.txt", text.encode("utf-16")))
    assert latin.text == wide.text == paragraphs[0]
    assert latin.title == wide.title == "Caf\u00e9 \u201cOpen\u201d"


def test_over_size_is_refused_before_reading(
    write: Write, paragraphs: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("long.txt", "\n\n".join(paragraphs))

    def no_reading(self: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    assert "over the 100 limit" in reason(path, max_bytes=100)


def test_invalid_json(write: Write) -> None:
    assert reason(write("items.json", '[{"text": "The council met",')).startswith("invalid JSON")


def test_invalid_json_line(write: Write) -> None:
    path = write("items.jsonl", json.dumps({"text": "The council met."}) + '\n{"text": \n')
    assert reason(path).startswith("invalid JSON on line 2")


def test_json_without_text_records(write: Write) -> None:
    path = write("items.json", json.dumps([{"title": "x"}, {"text": "  "}]))
    assert "no record has a non-empty text" in reason(path)


def test_broken_html_without_text(write: Write) -> None:
    assert "no article text" in reason(write("cut.html", "<html><head><title>Ferr"))


def test_entity_declarations_are_refused(write: Write) -> None:
    assert reason(write("feed.xml", BILLION_LAUGHS)) == "XML entity declarations are not allowed"


def test_malformed_xml(write: Write) -> None:
    path = write("feed.rss", '<?xml version="1.0"?><rss><channel><item><title>x</item></rss>')
    assert reason(path).startswith("malformed XML")


def test_xml_that_is_not_a_feed(write: Write) -> None:
    path = write("sitemap.xml", '<?xml version="1.0"?><urlset><url>x</url></urlset>')
    assert "not an RSS or Atom feed" in reason(path)


def test_only_boilerplate_leaves_no_body(write: Write) -> None:
    page = "Home | News | Transport\n\nShare this article\n\n2023 | 2022 | 2021\n"
    assert "no article text" in reason(write("nav.txt", page))
