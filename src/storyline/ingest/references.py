"""The works an article cites, read from its "References"/"Sources" section into `Reference`s.

Citations are not the article's own words: kept in the body they would turn the cited headlines
into events of this article, so they are parsed apart and removed from the text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from storyline.ingest.boilerplate import is_furniture
from storyline.ingest.dates import DateMatch, find_dates
from storyline.ingest.paragraphs import is_paragraph, word_count
from storyline.model import Reference

HEADING = re.compile(
    r"^(?:references?|sources?|sources\s+and\s+references|bibliography|notes|endnotes|footnotes"
    r"|further\s+reading|works\s+cited|citations|reference\s+list)\s*:?$",
    re.IGNORECASE,
)
MAX_ENTRY_LINES = 3  # an entry split at an opening quote spans two or three lines
PUBLISHER_WORDS = 8  # longer trailing text is not a publisher name

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"”]+", re.IGNORECASE)
_MARKER = re.compile(r"^(?:\[\d+\]|\d{1,3}[.)]|[-•*–—^])\s*")
_ACCESSED = re.compile(r"\(?\b(?:last\s+)?(?:accessed|retrieved|viewed)(?:\s+on)?:?\s*", re.I)
_NOISE = re.compile(r"\b(?:available\s+(?:at|from|online)|retrieved\s+from|\[online\])\s*:?", re.I)
_OPENING = "“«„"
_CLOSING = "”»"
_QUOTES = _OPENING + _CLOSING + '"'
_EDGE = " \t,.;:–—-(["


def is_heading(line: str) -> bool:
    """A references section heading on a line of its own."""
    return bool(HEADING.match(line))


def is_entry_line(line: str) -> bool:
    """A line that reads as (part of) a citation: a URL, a date, quotes or a list marker."""
    if is_furniture(line) or (is_paragraph(line) and not _URL.search(line)):
        return False
    return bool(
        _URL.search(line) or find_dates(line) or any(q in line for q in _QUOTES)
        or _MARKER.match(line)
    )  # fmt: skip


def section_entries(lines: list[str]) -> tuple[list[str], int]:
    """The entries at the start of `lines` (split entries joined) and how many lines they used."""
    entries: list[str] = []
    used = 0
    while used < len(lines) and is_entry_line(lines[used]):
        entry, taken = _join_split(lines, used)
        entries.append(entry)
        used += taken
    return entries, used


def _join_split(lines: list[str], start: int) -> tuple[str, int]:
    """One entry from `start`, joining lines while an opening quote is left unclosed."""
    entry = lines[start]
    taken = 1
    while _unclosed(entry) and taken < MAX_ENTRY_LINES and start + taken < len(lines):
        entry = f"{entry} {lines[start + taken]}"
        taken += 1
    return entry, taken


def _unclosed(text: str) -> bool:
    """An opening quote without its closing one: the entry goes on on the next line."""
    opened = sum(text.count(q) for q in _OPENING)
    closed = sum(text.count(q) for q in _CLOSING)
    return opened > closed or text.count('"') % 2 == 1


def parse_reference(entry: str, url: str | None = None) -> Reference | None:
    """A `Reference` from one citation such as `Author “Title,” Publisher, 17 June 2024, URL`."""
    text = _MARKER.sub("", entry.strip())
    found_url = _URL.search(text)
    if found_url:
        url = url or found_url.group(0).rstrip(".,;)]")
        text = text[: found_url.start()] + " " + text[found_url.end() :]
    text = _NOISE.sub(" ", _drop_accessed(text))
    quoted = _quoted_title(text)
    if quoted:
        title, before, after = quoted
        when, after = _pop_date(after)
        if when is None:
            when, _ = _pop_date(before)
        publisher = _publisher(after)
    else:
        when, text = _pop_date(text)
        title, publisher = _plain_parts(text)
    title = _tidy(title) or (url or "")
    if not title:
        return None
    if not publisher and url and title == url:
        publisher = urlsplit(url if "//" in url else f"//{url}").hostname
    return Reference(title=title, publisher=publisher, date=when.iso if when else None, url=url)


def _drop_accessed(text: str) -> str:
    """Remove "accessed 20 June 2024": the date a reader looked, not the work's date."""
    match = _ACCESSED.search(text)
    if not match:
        return text
    after = find_dates(text[match.end() :])
    end = match.end() + after[0].end if after and after[0].start <= 2 else match.end()
    return text[: match.start()] + " " + text[end:].lstrip(")")


def _quoted_title(text: str) -> tuple[str, str, str] | None:
    """(title, text before it, text after it) when quotes mark the title, else None.

    Only a closing quote (the opening one lost in copying) still ends the title. Text before the
    opening quote is dropped as the author when it reads like names, else kept in the title.
    """
    close = max(text.rfind(q) for q in _CLOSING)
    if close < 0 and text.count('"') >= 2:
        close = text.rfind('"')
    if close < 0:
        return None
    opens = [i for i in (text.find(q) for q in _OPENING + '"') if 0 <= i < close]
    open_ = min(opens, default=-1)
    after = text[close + 1 :]
    if open_ >= 0 and _author_like(text[:open_]):
        return text[open_ + 1 : close], text[:open_], after
    if open_ >= 0:
        return text[: close + 1], "", after
    return text[:close], "", after


def _plain_parts(text: str) -> tuple[str, str | None]:
    """Unquoted citation: the last short comma part is the publisher, the rest the title."""
    parts = [p.strip(_EDGE) for p in re.split(r",\s+|\s+[–—-]\s+", text)]
    parts = [p for p in parts if p]
    if len(parts) >= 2 and word_count(parts[-1]) <= PUBLISHER_WORDS:
        return ", ".join(parts[:-1]), parts[-1]
    return text, None


def _pop_date(text: str) -> tuple[DateMatch | None, str]:
    """The last date in the text (a citation's date comes after title and publisher), removed."""
    found = find_dates(text)
    if not found:
        return None, text
    when = found[-1]
    return when, text[: when.start] + " " + text[when.end :]


def _author_like(text: str) -> bool:
    """Text before a quoted title that names its authors: a few capitalised words, or ends in ,."""
    text = text.strip()
    if not text:
        return True
    if text.endswith((",", ".", ":")):
        return word_count(text) <= 12
    tokens = text.split()
    return len(tokens) <= 6 and all(t[:1].isupper() or t in ("and", "&") for t in tokens)


def _publisher(rest: str) -> str | None:
    """The first comma-separated part after the title, when it is short enough to be a name."""
    for part in re.split(r"[,;]|\s+[–—-]\s+", rest):
        part = part.strip(_EDGE + _QUOTES + " )")
        if part:
            return part if word_count(part) <= PUBLISHER_WORDS else None
    return None


def _tidy(title: str) -> str:
    """Title without surrounding punctuation, and without its quotes when it is wholly quoted."""
    title = title.strip(_EDGE)
    if len(title) > 1 and title[0] in _OPENING + '"' and title[-1] in _CLOSING + '"':
        inner = title[1:-1]
        if not any(q in inner for q in _QUOTES):
            title = inner
    return title.strip(_EDGE)
