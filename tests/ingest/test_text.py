"""Plain-text articles pasted from web pages: header, body, boilerplate, references."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from storyline.ingest import read
from storyline.ingest.dates import parse_date
from storyline.model import Reference

Write = Callable[[str, str | bytes], str]
Page = Callable[..., str]

SERIES_HEADER = (
    "Harbour Bulletin",
    "",
    "Harbour Bulletin # 42, 3 March 2023",
    "",
    "Ferry operators agree a new winter timetable",
    "Maria Lopez and Tom Becker",
)
ARCHIVE_TAIL = (
    "Other Harbour Bulletins",
    "",
    "Click below links for the archive by year",
    "2023 | 2022 | 2021 | 2020",
)


def one(path: str):
    documents = read(path)
    assert len(documents) == 1
    return documents[0]


def test_header_gives_title_authors_date_and_series(write: Write, page: Page) -> None:
    doc = one(write("a.txt", page(*SERIES_HEADER)))
    assert doc.title == "Ferry operators agree a new winter timetable"
    assert doc.authors == ["Maria Lopez", "Tom Becker"]
    assert doc.published == "2023-03-03"
    assert doc.updated is None
    assert doc.publisher == "Harbour Bulletin"
    assert doc.language == "en"


def test_header_lines_are_not_body(write: Write, page: Page, paragraphs: list[str]) -> None:
    doc = one(write("a.txt", page(*SERIES_HEADER)))
    assert doc.text == "\n\n".join(paragraphs)


def test_updated_date_in_breadcrumb_and_tag_line(write: Write, page: Page) -> None:
    header = (
        "Ferry Strike Ends: Crews Return to Work on Monday",
        "",
        "ferries",
        "",
        "Transport Desk| Local News| Updated March 5 2023",
    )
    doc = one(write("a.txt", page(*header, tail=("Find out more about ferries and Local News",))))
    assert doc.title == "Ferry Strike Ends: Crews Return to Work on Monday"
    assert doc.updated == "2023-03-05"
    assert doc.published is None
    assert doc.publisher is None
    assert "ferries" not in doc.text.split("\n\n")
    assert "Find out more" not in doc.text and "Updated" not in doc.text


def test_by_line_published_line_and_stated_publisher(write: Write, page: Page) -> None:
    header = (
        "Island Ferries Add Late Crossings",
        "By Jane Doe and John Roe",
        "Published 3 May 2023",
    )
    tail = ("© 2023 Westport Media Group. All rights reserved.",)
    doc = one(write("a.txt", page(*header, tail=tail)))
    assert doc.authors == ["Jane Doe", "John Roe"]
    assert doc.published == "2023-05-03"
    assert doc.publisher == "Westport Media Group"
    assert "rights reserved" not in doc.text


def test_numeric_date_line(write: Write, page: Page) -> None:
    doc = one(write("a.txt", page("Island Ferries Add Late Crossings", "18/06/2024")))
    assert doc.published == "2024-06-18"


def test_navigation_and_furniture_inside_body_are_removed(
    write: Write, page: Page, paragraphs: list[str]
) -> None:
    body = [
        "Home | News | Transport | Ferries",
        paragraphs[0],
        "Read more: Council sets up ferry review panel",
        "Advertisement",
        paragraphs[1],
        "Related articles\nPier repairs delayed again\nNew bus links for the port",
        paragraphs[2],
        "Share this article",
        paragraphs[3],
    ]
    doc = one(write("a.txt", page("Ferry Operators Agree a New Winter Timetable", body=body)))
    assert doc.text == "\n\n".join(paragraphs)


def test_subheading_inside_body_is_kept(write: Write, page: Page, paragraphs: list[str]) -> None:
    sentences = [
        "Recommended fares rise in April.",
        "Copyright rules for timetables are unchanged.",
        "More from the operators is expected on Friday.",
    ]
    body = [paragraphs[0], "Other measures", paragraphs[1], *sentences, paragraphs[2]]
    doc = one(write("a.txt", page("Ferry Operators Agree a New Winter Timetable", body=body)))
    for kept in ("Other measures", *sentences):
        assert kept in doc.text.split("\n\n")


def test_trailing_archive_block_is_removed_but_closing_sentence_kept(
    write: Write, page: Page, paragraphs: list[str]
) -> None:
    body = [*paragraphs, "Talks with the unions resume on Friday."]
    doc = one(write("a.txt", page(*SERIES_HEADER, body=body, tail=ARCHIVE_TAIL)))
    assert doc.text.endswith("Talks with the unions resume on Friday.")
    for furniture in ("Other Harbour", "Click below", "2021"):
        assert furniture not in doc.text


def test_glued_archive_line_does_not_leak(write: Write, page: Page, paragraphs: list[str]) -> None:
    tail = (
        *ARCHIVE_TAIL[:-1],
        "2023 | 2022 | 2021 | 2020Storm Closes the Northern Pier for Repairs",
    )
    doc = one(write("a.txt", page(*SERIES_HEADER, tail=tail)))
    assert "Storm Closes" not in doc.text
    assert doc.text == "\n\n".join(paragraphs)
    assert doc.title == "Ferry operators agree a new winter timetable"


def test_glued_archive_line_inside_the_text_is_dropped(
    write: Write, page: Page, paragraphs: list[str]
) -> None:
    glued = "2023 | 2022 | 2021 | 2020Storm Closes the Northern Pier for Repairs"
    body = [*paragraphs[:2], glued, *paragraphs[2:]]
    doc = one(write("a.txt", page(*SERIES_HEADER, body=body)))
    assert doc.text == "\n\n".join(paragraphs)


def test_repeated_site_name_is_not_the_title(write: Write, page: Page) -> None:
    site = "Westport Island Ferry Users Association Weekly Notes"
    doc = one(write("a.txt", page(site, "Ferries to run later", site)))
    assert doc.title == "Ferries to run later"


def test_references_are_records_and_not_body(
    write: Write, page: Page, paragraphs: list[str]
) -> None:
    references = (
        "Sources",
        "Ana Ruiz “",
        "Ferries to Run Later in Winter,” The Coastal Times, 2 March 2023",
        "Port council confirms new timetable”, Example Radio, 1 March 2023",
        "https://example.org/ports/timetable",
        "",
        *ARCHIVE_TAIL,
    )
    doc = one(write("a.txt", page(*SERIES_HEADER, tail=references)))
    assert doc.references == [
        Reference("Ferries to Run Later in Winter", "The Coastal Times", "2023-03-02"),
        Reference("Port council confirms new timetable", "Example Radio", "2023-03-01"),
        Reference(
            "https://example.org/ports/timetable", "example.org", None,
            "https://example.org/ports/timetable",
        ),
    ]  # fmt: skip
    assert doc.text == "\n\n".join(paragraphs)


def test_notes_subheading_followed_by_prose_is_not_a_references_section(
    write: Write, page: Page, paragraphs: list[str]
) -> None:
    body = [
        paragraphs[0],
        "Notes",
        "“Quoted remark,” one captain said on 2 March 2023.",
        *paragraphs[1:],
    ]
    doc = one(write("a.txt", page("Ferry Operators Agree a New Winter Timetable", body=body)))
    assert doc.references == []
    assert "Quoted remark" in doc.text


def test_one_sentence_lede_and_dateline_stay_in_body(write: Write, paragraphs: list[str]) -> None:
    lede = "The harbour council approved a winter ferry timetable on Thursday."
    text = "\n\n".join(
        ["Ferry Deal Reached", "WESTPORT, March 2 (Example News) --", lede, *paragraphs]
    )
    doc = one(write("a.txt", text))
    assert doc.title == "Ferry Deal Reached"
    assert doc.text == "\n\n".join([f"WESTPORT, March 2 (Example News) -- {lede}", *paragraphs])


def test_question_headline_is_not_taken_for_a_lede(write: Write, page: Page) -> None:
    doc = one(write("a.txt", page("Will the new ferry timetable last the winter?")))
    assert doc.title == "Will the new ferry timetable last the winter?"
    assert not doc.text.startswith("Will")


def test_same_body_from_two_paths_has_one_id(write: Write, page: Page) -> None:
    first = one(write("a/story.txt", page(*SERIES_HEADER, tail=ARCHIVE_TAIL)))
    copy = one(write("b/copy.txt", page(*SERIES_HEADER, tail=ARCHIVE_TAIL)))
    other_furniture = one(write("c.txt", page("Ferry operators agree a new winter timetable")))
    assert first.source != copy.source
    assert first.id == copy.id == other_furniture.id


def test_hard_wrapped_text_is_rejoined(write: Write, paragraphs: list[str]) -> None:
    wrapped = "\n\n".join(_wrap(p, 60) for p in paragraphs)
    doc = one(write("a.txt", "Ferry Operators Agree a New Winter Timetable\n\n" + wrapped))
    assert doc.text == "\n\n".join(paragraphs)


def test_whitespace_is_normalised_and_curly_quotes_kept(write: Write, page: Page) -> None:
    body = ["The captain\u00a0said the crossing was “safe”  and\tready for the winter. " * 3]
    doc = one(write("a.txt", page("Ferry Operators Agree a New Winter Timetable", body=body)))
    assert "captain said the crossing was “safe” and ready" in doc.text
    assert "  " not in doc.text


def test_non_english_text_has_no_language(write: Write) -> None:
    text = (
        "Der Hafenrat hat am Dienstag einen neuen Winterfahrplan für die Fähren beschlossen, "
        "nachdem die Gespräche mit beiden Betreibern drei Wochen gedauert hatten und Pendler "
        "lange ohne Abendverbindung geblieben waren.\n"
    )
    assert one(write("a.txt", text)).language is None


def _wrap(text: str, width: int) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n".join([*lines, line])


def test_full_stop_typed_before_the_space_is_put_back(tmp_path) -> None:
    from storyline.ingest import read

    path = tmp_path / "a.txt"
    path.write_text(
        "The delegation landed at the airport late on Sunday evening .The talks began on Monday "
        "morning with a long session on trade, tariffs and the shared border crossings.\n",
        encoding="utf-8",
    )
    (document,) = read(str(path))
    assert "evening. The talks" in document.text


@pytest.mark.parametrize(
    "value", ["Fri, 31 Feb 2024 25:61:61 +9999", "2024-02-30", "February 30, 2023", "2024-13-45"]
)
def test_an_impossible_date_is_no_date_not_its_month(value: str) -> None:
    assert parse_date(value) is None


def test_a_real_date_beside_an_impossible_one_is_kept() -> None:
    assert parse_date("31 June 2024, updated 2 July 2024") == "2024-07-02"
