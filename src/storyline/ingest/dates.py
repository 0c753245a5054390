"""Calendar dates written in article text, normalised to ISO (`YYYY-MM-DD`, or `YYYY-MM`).

Pages write dates many ways ("18 June 2024", "June 21st, 2024", "18/06/2024", RFC 822 in
feeds); later stages read relative time against these, so every form ends up as one ISO string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from storyline.ingest.paragraphs import word_count

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# Most specific first: a day-precision match wins over the month-only pattern at the same place.
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b" + _YEAR + r"-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])",
        r"\b" + _YEAR + r"/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b",
        r"\b" + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b",
        r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b",
        r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.]" + _YEAR + r"\b",
        r"\b" + _MONTH + r",?\s+" + _YEAR + r"\b",
    )
)
DATE_LINE_WORDS = 5  # words besides the date on a date line ("Series Name # 917", "Staff")
_UPDATED = re.compile(r"\b(?:updated|modified|revised|edited)\b", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"\b(?:last|first|updated|modified|revised|edited|published|posted|created|on|at|date|"
    r"\d{1,2}:\d{2}(?::\d{2})?|am|pm|[ap]\.m\.|gmt|utc|bst|cet|edt|est|pdt|pst|ist|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    """One date found in a string: where it is and its ISO value."""

    start: int
    end: int
    iso: str


def _iso(year: int, month: int, day: int | None) -> str | None:
    """ISO string for a real calendar date, None for impossible ones (31 June)."""
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _value(match: re.Match[str]) -> str | None:
    """ISO value of one pattern match; numeric D/M/Y is read day-first unless that is impossible."""
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        day, month = (second, first) if first <= 12 < second else (first, second)
        return _iso(year, month, day)
    if groups.get("m"):
        return _iso(year, int(groups["m"]), int(groups["d"]))
    month = MONTHS[groups["month"].lower()]
    return _iso(year, month, int(groups["day"]) if groups.get("day") else None)


def find_dates(text: str) -> list[DateMatch]:
    """Every date in `text`, left to right, without overlaps (the more precise form wins)."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []  # an impossible "31 Feb 2024" is no "Feb 2024" either
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append(match.span())
            iso = _value(match)
            if iso:
                found.append(DateMatch(match.start(), match.end(), iso))
    return sorted(found, key=lambda m: m.start)


def parse_date(value: str | None) -> str | None:
    """The first date in a metadata value (ISO, RFC 822, free text) as ISO, or None."""
    if not value:
        return None
    found = find_dates(value)
    return found[0].iso if found else None


def date_line(line: str) -> tuple[str | None, str | None, str] | None:
    """(published, updated, rest) if the line is mostly a date, as in page headers; else None.

    `rest` is what the line says besides the dates ("Series Name # 917"), so a caller can read a
    series name from it. "Updated" before a date makes it the updated date.
    """
    found = find_dates(line)
    if not found:
        return None
    published = updated = None
    previous = 0
    for match in found:
        if _UPDATED.search(line[previous : match.start]):
            updated = updated or match.iso
        else:
            published = published or match.iso
        previous = match.end
    rest = " ".join(line[start:end] for start, end in _gaps(found, len(line)))
    rest = _DATE_WORDS.sub(" ", rest)
    rest = re.sub(r"[\s,;:|\-–—()]+", " ", rest).strip()
    if word_count(rest) > DATE_LINE_WORDS:
        return None
    return published, updated, rest


def _gaps(found: list[DateMatch], length: int) -> list[tuple[int, int]]:
    """Spans of the line outside the date matches."""
    starts = [0, *[m.end for m in found]]
    ends = [*[m.start for m in found], length]
    return list(zip(starts, ends, strict=True))
