"""Every kind of bad input is one IngestError with a clear reason, never a traceback."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from storyline.errors import IngestError
from storyline.ingest import expand, read

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


def test_invalid_json_line_is_skipped_and_the_good_lines_kept(
    write: Write, caplog: pytest.LogCaptureFixture
) -> None:
    path = write("items.jsonl", json.dumps({"text": "The council met."}) + '\n{"text": \n')
    [document] = read(path)
    assert document.text == "The council met."
    [line] = caplog.messages
    assert line == f"{path}: skipped 1 of 2 records: invalid JSON (first on line 2) (1)"


def test_jsonl_with_no_good_line(write: Write) -> None:
    path = write("items.jsonl", '{"text": \n\n[1, 2\n')
    assert reason(path) == (
        "no record has a non-empty text (or body/content) field "
        "(invalid JSON (first on line 1) (2))"
    )


def test_ten_thousand_empty_records_are_one_warning(
    write: Write, caplog: pytest.LogCaptureFixture
) -> None:
    records = [{"text": ""}] * 10_000 + [{"text": "The council met on Monday."}]
    [document] = read(write("many.json", json.dumps(records)))
    assert document.source.endswith("#10001")
    assert caplog.messages == [
        f"{document.source.rpartition('#')[0]}: skipped 10,000 of 10,001 records: "
        "record has no text (10,000)"
    ]


def test_too_many_records(write: Write) -> None:
    records = [{"text": f"Item {n}."} for n in range(20_001)]
    assert reason(write("flood.json", json.dumps(records))) == (
        "20,001 records, over the 20,000 limit"
    )


@pytest.mark.parametrize(("name", "ext"), [("deep", ".json"), ("deep", ".txt")])
def test_deeply_nested_json_is_refused_with_a_reason(write: Write, name: str, ext: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert reason(write(name + ext, deep)) == "JSON nested over 64 levels deep"


def test_brackets_inside_strings_do_not_count_as_nesting(write: Write) -> None:
    [document] = read(write("brackets.json", json.dumps({"text": "[[[[" * 100 + " The end."})))
    assert document.text.startswith("[[[[")


def test_symlink_to_a_device_is_refused_without_reading(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert reason(str(link)) == "not a regular file (a character device)"


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    assert reason(str(pipe)) == "not a regular file (a named pipe)"


def test_symlink_loop(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    assert reason(str(loop)) == "symlink loop"


def test_folder_entries_that_are_not_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_text("The council met on Monday.")
    (tmp_path / "self").symlink_to(tmp_path)
    items = list(expand([str(tmp_path)]))
    assert [str(tmp_path / n) for n in ("good.txt", "pipe.txt", "zero.txt")] == items
    assert [reason(i) for i in items[1:]] == [
        "not a regular file (a named pipe)",
        "not a regular file (a character device)",
    ]


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


def test_an_over_deep_line_of_json_lines_is_skipped(
    write: Write, caplog: pytest.LogCaptureFixture
) -> None:
    deep = "[" * 200 + "]" * 200
    good = json.dumps({"text": "The council met on Monday."})
    path = write("items.jsonl", f"{good}\n{deep}\n{good.replace('Monday', 'Friday')}")
    assert [d.text for d in read(path)] == [
        "The council met on Monday.",
        "The council met on Friday.",
    ]
    assert "invalid JSON (first on line 2) (1)" in caplog.messages[0]


def test_utf8_with_an_encoded_lone_surrogate_is_not_read_as_cp1252(write: Write) -> None:
    data = "Talks resumed in Kraków in ".encode() + b"Ap\xed\xa0\x80ril 2024 after a pause."
    [document] = read(write("damaged.txt", data))
    assert document.text == "Talks resumed in Kraków in Ap\ufffd\ufffd\ufffdril 2024 after a pause."


def test_cp1252_text_is_still_read_as_cp1252(write: Write) -> None:
    text = "The café reopened in Zürich – on Monday."
    [document] = read(write("latin.txt", text.encode("cp1252")))
    assert document.text == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_unicode_without_a_bom(write: Write, encoding: str) -> None:
    text = "Ministers from Chile and Peru met in Lima on Tuesday – talks go on."
    [document] = read(write("wide.txt", text.encode(encoding)))
    assert document.text == text


def test_nul_bytes_that_are_not_wide_text_stay_binary(write: Write) -> None:
    assert "binary" in reason(write("mixed.txt", b"Some text\x00\x00\x01 and more" * 50))
