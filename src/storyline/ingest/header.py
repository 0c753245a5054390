"""The header block of a pasted article: title, byline, date line and publisher.

Pages put these before the first real paragraph in no fixed order, mixed with site names, tags
and breadcrumbs, so each line is classified by what it looks like, not by where it is.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from storyline.ingest.boilerplate import is_boilerplate, is_nav, segments
from storyline.ingest.dates import date_line
from storyline.ingest.paragraphs import word_count

TITLE_WORDS = (4, 20)
NAME_TOKENS = (2, 4)  # "Jane Doe" .. "Maria de la Cruz"

_BYLINE = re.compile(r"^(?:written\s+|words\s+)?by\s+(?P<names>.+)$", re.IGNORECASE)
_BYLINE_END = re.compile(
    r"\s*(?:\||•|·|\s[-–—]\s|\bpublished\b|\bupdated\b|\bposted\b|\bon\s+\w+day\b|\d{1,2}[:/.]\d).*$",
    re.IGNORECASE,
)
_NAME_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+")
_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.)$")
_PARTICLES = {"de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "al"}
_NOT_NAMES = {
    "The", "A", "An", "Of", "In", "On", "At", "For", "To", "And", "With", "From", "By", "After",
    "News", "Times", "Post", "Daily", "Notes", "Media", "Press", "Journal", "Review", "Group",
    "Institute", "Centre", "Center", "University", "Agency", "Network", "Report", "Reports",
    "Herald", "Tribune", "Gazette", "World", "Global", "International", "Today", "Magazine",
    "Online", "Blog", "Weekly", "Foundation", "Council", "Ministry", "Office", "Service", "Staff",
    "Writer", "Editor", "Correspondent", "Reporter", "Contributor", "Desk", "Team", "Home",
}  # fmt: skip
_PUBLISHED_BY = re.compile(r"^published\s+by\s+(?P<name>.+?)\s*\.?$", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|\bcopyright\b\s*(?:©|\(c\))?(?=\s*\d{4}))"
    r"\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?P<name>[^.|]+)",
    re.IGNORECASE,
)
_SERIES = re.compile(r"^(?P<name>.+?)\s*(?:#|No\.|Issue|Vol\.)\s*\d+\b", re.IGNORECASE)
_RIGHTS = re.compile(r"\s*(?:,|-|–)?\s*(?:all rights reserved.*|\d{4})$", re.IGNORECASE)


@dataclass
class Header:
    """What the header block says about the article."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    publisher: str | None = None


def parse_header(lines: list[str], trailer: Sequence[str] = ()) -> Header:
    """Read the header lines; the trailer (page footer) is searched for a © publisher only."""
    header = Header()
    series = _read_dates(lines, header)
    header.publisher = stated_publisher([*lines, *trailer]) or series
    repeated = {line for line, n in Counter(lines).items() if n > 1}
    candidates = [i for i, line in enumerate(lines) if _title_candidate(line, repeated)]
    short = [i for i, line in enumerate(lines) if _short_title(line, repeated)]
    title_at = _pick_title(lines, candidates) if candidates else next(iter(short), None)
    header.title = lines[title_at] if title_at is not None else None
    header.authors = _authors(lines, title_at, repeated)
    return header


def _read_dates(lines: list[str], header: Header) -> str | None:
    """Fill published/updated from date lines (or breadcrumb steps); return a series name."""
    series = None
    for line in lines:
        for part in segments(line) if is_nav(line) else [line]:
            found = date_line(part)
            if not found:
                continue
            published, updated, rest = found
            header.published = header.published or published
            header.updated = header.updated or updated
            match = _SERIES.match(rest)
            series = series or (match.group("name").strip(" ,") if match else None)
    return series


def stated_publisher(lines: list[str]) -> str | None:
    """A publisher the page states: "Published by X" or "© 2024 X"."""
    for line in lines:
        match = _PUBLISHED_BY.match(line)
        if match:
            return match.group("name")
        match = _COPYRIGHT.search(line) if word_count(line) <= 15 else None
        name = _RIGHTS.sub("", match.group("name")).strip(" ,") if match else ""
        if name and word_count(name) <= 8:
            return name
    return None


def _title_candidate(line: str, repeated: set[str]) -> bool:
    """A line that could be the headline: not a date, byline, breadcrumb, tag or site name."""
    low, high = TITLE_WORDS
    return low <= word_count(line) <= high and _plain_line(line, repeated)


def _short_title(line: str, repeated: set[str]) -> bool:
    """A two- or three-word capitalised headline, the fallback when no line is longer."""
    return (
        2 <= word_count(line) < TITLE_WORDS[0] and line[0].isupper() and _plain_line(line, repeated)
    )


def _plain_line(line: str, repeated: set[str]) -> bool:
    """Not a site name repeated in the header, a date, a byline, a breadcrumb or furniture."""
    return line not in repeated and not (
        is_nav(line) or is_boilerplate(line) or date_line(line) or _BYLINE.match(line)
    )


def _pick_title(lines: list[str], candidates: list[int]) -> int | None:
    """The most headline-like candidate; a line of names is only the title if nothing else is."""
    headlines = [i for i in candidates if not _names(lines[i])] or candidates
    if not headlines:
        return None
    return max(headlines, key=lambda i: (_title_score(lines[i]), -i))


def _title_score(line: str) -> int:
    """Longer headlines beat site names and kickers; a full-stop sentence is more likely a dek."""
    score = min(word_count(line), 14)
    return score - 6 if line.rstrip().endswith(".") and word_count(line) > 14 else score


def _authors(lines: list[str], title_at: int | None, repeated: set[str]) -> list[str]:
    """Names from a "By ..." line anywhere, else from a line of bare names after the title."""
    for line in lines:
        match = _BYLINE.match(line)
        names = _byline_names(match.group("names")) if match else []
        if names:
            return names
    start = -1 if title_at is None else title_at
    for i, line in enumerate(lines):
        if i > start and line not in repeated and _names(line):
            return _names(line)
    return []


def _byline_names(text: str) -> list[str]:
    """Names after "By": cut at the date or separators; a lone word ("Reuters") is allowed."""
    text = _BYLINE_END.sub("", text).strip(" ,.")
    parts = [p.strip() for p in _NAME_SPLIT.split(text) if p.strip()]
    if len(parts) == 1:
        return parts if _is_name(parts[0], min_tokens=1) else []
    return [p for p in parts if _is_name(p, min_tokens=NAME_TOKENS[0])]


def _names(line: str) -> list[str]:
    """The names on a line that is nothing but 1-6 person names joined by commas or "and"."""
    if any(char.isdigit() for char in line) or line.rstrip().endswith((".", "!", "?", ":")):
        return []
    parts = [p.strip() for p in _NAME_SPLIT.split(line) if p.strip()]
    if not 1 <= len(parts) <= 6 or not all(_is_name(p, min_tokens=NAME_TOKENS[0]) for p in parts):
        return []
    return parts


def _is_name(text: str, min_tokens: int) -> bool:
    """A person's name: 2-4 capitalised tokens (particles such as "de" allowed), no common words."""
    tokens = text.split()
    if not min_tokens <= len(tokens) <= NAME_TOKENS[1]:
        return False
    return all(
        (_NAME_TOKEN.match(t) and t not in _NOT_NAMES) or t in _PARTICLES for t in tokens
    ) and bool(_NAME_TOKEN.match(tokens[0]))
