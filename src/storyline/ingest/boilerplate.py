"""Page furniture around an article: navigation, archive links, "read more" blocks, share bars.

Two strengths: `clean_body` and `trim_trailing` for text pasted from a page, where anything
after the last real paragraph is furniture; `trim_edges` for text an HTML extractor already
cleaned, which only drops lines that name themselves as furniture, never real paragraphs.
"""

from __future__ import annotations

import re

from storyline.ingest.dates import find_dates
from storyline.ingest.paragraphs import is_paragraph, is_sentence_like, word_count

SHORT_SEGMENT_WORDS = 6  # a breadcrumb or menu item is a few words
PHRASE_LINE_WORDS = 15  # furniture phrases are short lines; longer lines are prose
NOTICE_WORDS = 60  # cookie and copyright notices run longer
CLOSING_WORDS = 3  # a closing sentence of the article can be this short

_SEPARATOR = re.compile(r"\s*(?:\||»|›|•|·|\s>\s)\s*")
_SENTENCE_START = re.compile(r"^[^\w]*[A-Z0-9]")
_GLUED = re.compile(r"^\d{2,4}[A-Z]")  # "2018Next Title": a link list run into the next line
_LIST_TOKEN = re.compile(
    r"^(?:\d{1,4}|[«»<>…,|/-]+|next|prev(?:ious)?|first|last|older|newer)$", re.IGNORECASE
)

# Lines that ask the reader to do something on the page: furniture even as full sentences.
_PHRASES = re.compile(
    r"^(?:"
    r"(?:read|see)\s+(?:more|also|next)\b|also\s+read\b|continue\s+reading\b|story\s+continues\b"
    r"|(?:tags?|topics?|categories|category|filed\s+under|keywords)\s*:"
    r"|share(?:\s+(?:this|on|via|the|article|story|page|it)\b|\s*:|\s*$)"
    r"|follow\s+us\b|subscribe\b|sign\s+up\b|join\s+our\b|get\s+our\b"
    r"|(?:skip|jump)\s+to\b|back\s+to\s+top\b|click\s+(?:here|below)\b|find\s+out\s+more\s+about\b"
    r"|leave\s+a\s+(?:comment|reply)\b|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)\b"
    r"|copyright\s*(?:©|\(c\))?\s*(?:\d{4}\b|©)|©|\(c\)\s*\d{4}|all\s+rights\s+reserved\b"
    r")",
    re.IGNORECASE,
)
# Section labels of a page: furniture only as bare labels, not inside a sentence.
_LABELS = re.compile(
    r"^(?:related(?:\s+(?:articles?|stories|posts|news|content|coverage|reading|topics|links))?"
    r"|more\s+(?:from|on|about|in|stories|news|articles)\b.*|recommended(?:\s+for\s+you)?"
    r"|trending(?:\s+now)?|most\s+(?:read|popular|viewed|shared)|top\s+stories"
    r"|latest(?:\s+(?:news|stories|articles|posts|videos))?|popular\s+(?:stories|posts)"
    r"|newsletters?|advertisement|advertising|sponsored(?:\s+content)?"
    r"|print|e-?mail|comments?|reply|log\s*in|sign\s+in|menu|search|home"
    r"|(?:previous|next)(?:\s+(?:article|post|story|page)\b.*)?"
    r")\s*:?\s*$",
    re.IGNORECASE,
)
_NOTICES = re.compile(
    r"\bcookies?\b.*\b(?:use|accept|consent|policy|settings|preferences)\b"
    r"|\b(?:use|accept|consent)\b.*\bcookies?\b|\ball\s+rights\s+reserved\b"
    r"|\bappeared\s+first\s+on\b",
    re.IGNORECASE,
)
# Headings that introduce a list of links to other pages, not text of this article.
_LINK_BLOCKS = re.compile(
    r"^(?:related\b|read\s+(?:more|also|next)\b|also\s+read\b|more\s+(?:from|on|stories|news)\b"
    r"|recommended\b|you\s+(?:may|might)\b|most\s+(?:read|popular|viewed)\b|trending\b"
    r"|latest(?:\s+(?:news|stories|articles|posts|videos|updates))?\s*$|top\s+stories\b"
    r"|popular\s+(?:stories|posts|articles|news)\b|other\s+\w+|click\s+below\b)",
    re.IGNORECASE,
)


def segments(line: str) -> list[str]:
    """The parts of a line split at breadcrumb/menu separators (| » › • and spaced >)."""
    return [part for part in _SEPARATOR.split(line) if part]


def is_nav(line: str) -> bool:
    """A breadcrumb, menu or archive line: short items between separators, or a list of years."""
    parts = segments(line)
    if len(parts) >= 2 and all(_short(part) for part in parts[:-1]):
        last = parts[-1]
        return _short(last) or bool(_GLUED.match(last))
    tokens = line.split()
    return len(tokens) >= 3 and all(_LIST_TOKEN.match(token) for token in tokens)


def nav_remainder(line: str) -> str | None:
    """The paragraph after a breadcrumb prefix on the same line ("World | Asia | <paragraph>")."""
    parts = segments(line)
    if len(parts) < 2 or not all(_short(part) for part in parts[:-1]):
        return None
    last = parts[-1]
    return last if is_paragraph(last) and not _GLUED.match(last) else None


def is_boilerplate(line: str) -> bool:
    """A line that names itself as furniture: read more, share, subscribe, tags, cookies, ©."""
    words = word_count(line)
    if words <= PHRASE_LINE_WORDS and _PHRASES.match(line):
        return True
    if words <= PHRASE_LINE_WORDS and _LABELS.match(line) and not is_sentence_like(line):
        return True
    return words <= NOTICE_WORDS and bool(_NOTICES.search(line))


def is_furniture(line: str) -> bool:
    """Navigation or a self-declared furniture line."""
    return is_nav(line) or is_boilerplate(line)


def clean_body(lines: list[str]) -> list[str]:
    """Drop furniture lines inside the body, and link lists under "Related"/"Other ..." headings.

    Such a heading directly followed by a real paragraph is an ordinary subheading and stays.
    """
    kept: list[str] = []
    in_link_block = False
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if is_paragraph(line):
            in_link_block = False
        if _opens_link_block(line) and not is_paragraph(following):
            in_link_block = True
        elif remainder := nav_remainder(line):
            kept.append(remainder)
        elif not (in_link_block or is_furniture(line)):
            kept.append(line)
    return kept


def trim_trailing(lines: list[str]) -> list[str]:
    """Cut everything after the last real paragraph, except sentences that continue the text."""
    last = max((i for i, line in enumerate(lines) if _real(line)), default=-1)
    end = last + 1
    while end < len(lines) and _continues(lines[end]):
        end += 1
    return lines[:end]


def _continues(line: str) -> bool:
    """A closing sentence after the last paragraph ("God bless him."), not furniture."""
    starts_sentence = bool(_SENTENCE_START.match(line))
    return starts_sentence and is_sentence_like(line, CLOSING_WORDS) and not is_furniture(line)


def trim_edges(lines: list[str]) -> list[str]:
    """Drop leading and trailing furniture lines only; the conservative pass for extracted HTML."""
    start, end = 0, len(lines)
    while start < end and _edge_furniture(lines[start]):
        start += 1
    while end > start and _edge_furniture(lines[end - 1]):
        end -= 1
    return lines[start:end]


def _edge_furniture(line: str) -> bool:
    """Furniture safe to drop from extracted text: never prose, nor a run of dates (event dates
    such as "29 November | 20 January 2019" look like a menu but are content)."""
    if is_paragraph(line):
        return False
    return is_boilerplate(line) or (is_nav(line) and not find_dates(line))


def _real(line: str) -> bool:
    """A real paragraph of the article, not a long furniture notice."""
    return is_paragraph(line) and not is_furniture(line)


def _opens_link_block(line: str) -> bool:
    """A short heading such as "Related articles" or "Other Short Notes"."""
    words = word_count(line)
    return (
        words <= SHORT_SEGMENT_WORDS
        and bool(_LINK_BLOCKS.match(line))
        and not (is_sentence_like(line))
    )


def _short(part: str) -> bool:
    """A menu item or breadcrumb step."""
    return 0 < word_count(part) <= SHORT_SEGMENT_WORDS and not is_sentence_like(part)
