"""Quantities: numbers in news text with their units and modifiers ("nearly 1,000 containers").

A number is digits ("7,000", "2.5"), number words ("nine", "twenty-five", "a dozen") or a vague
plural ("thousands of"), scaled by "million"/"bn"/"m"/"k", with a currency before it ("$", "€",
"US$") or a unit after it (the next word as written, "percent" for "%" and "per cent", a currency
code for "dollars"). Numbers that are dates or durations (found by `find_timexes`), times of day,
ordinals, ages ("Smith, 27,"), list markers or parts of names and codes ("Resolution 1718", "G7",
"COVID-19", "# 917") are no quantities.
"""

from __future__ import annotations

import re

from storyline.model import Quantity
from storyline.nlp.timex import find_timexes

# Language: number words, currencies, and words that are no unit.
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "dozen": 12, "thousand": 1e3, "million": 1e6, "billion": 1e9,
           "trillion": 1e12}  # fmt: skip
_SUFFIX_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12}
_ATTACHED_UNITS = frozenset({"km", "kg", "cm", "mm", "m", "t", "kt", "mw", "gw", "kw", "mph", "ha"})
_VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3, "millions": 1e6,
          "billions": 1e9, "tens of thousands": 1e4, "hundreds of thousands": 1e5,
          "tens of millions": 1e7, "hundreds of millions": 1e8}  # fmt: skip
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "a$": "AUD", "c$": "CAD", "hk$": "HKD", "€": "EUR",
                   "£": "GBP", "¥": "JPY", "₹": "INR"}  # fmt: skip
_CURRENCY_CODES = ("USD", "EUR", "GBP", "JPY", "CNY", "CHF", "RUB", "INR", "AUD", "CAD")
_CURRENCY_WORDS = {"dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
                   "yuan": "CNY", "renminbi": "CNY", "rupees": "INR", "roubles": "RUB",
                   "rubles": "RUB"}  # fmt: skip
_TIME_UNITS = frozenset({"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
                         "week", "weeks", "fortnight", "month", "months", "year", "years",
                         "decade", "decades", "century", "centuries"})  # fmt: skip
# Words after a number that are not what it counts ("one of", "300 and", "40 said").
_NOT_UNITS = frozenset({
    "a", "an", "the", "of", "and", "or", "but", "nor", "to", "in", "on", "at", "by", "for",
    "from", "with", "without", "into", "onto", "as", "than", "then", "that", "which", "who",
    "whom", "whose", "this", "these", "those", "it", "its", "their", "his", "her", "our", "my",
    "your", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does",
    "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "said",
    "says", "say", "told", "tell", "according", "more", "less", "most", "least", "another",
    "other", "also", "only", "just", "even", "still", "already", "again", "each", "per", "about",
    "around", "over", "under", "after", "before", "since", "until", "while", "when", "where",
    "if", "so", "not", "no", "yes", "thus", "towards", "perhaps", "always", "whereas", "besides",
    "unless",
})  # fmt: skip

# Regular expressions, matched where a number may start.
_MODIFIER_BEFORE = re.compile(
    r"\b(?P<mod>at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|up\s+to|as\s+many\s+as"
    r"|as\s+much\s+as|as\s+few\s+as|close\s+to|an\s+estimated|estimated|just\s+over"
    r"|just\s+under|nearly|almost|about|around|approximately|roughly|some|over|under|exactly)\s+$",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(
    rf"(?:US\$|A\$|C\$|HK\$|\$|€|£|¥|₹|\b(?:{'|'.join(_CURRENCY_CODES)})\s?)$"
)
_WORD = rf"(?:{'|'.join(sorted([*_NUMBER_WORDS, *_SCALES], key=len, reverse=True))})\b"
_NUMBER = re.compile(
    r"(?:(?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<suffix>[a-z]+\b)?"
    rf"|(?P<words>(?:an?\s+(?=(?:hundred|thousand|million|billion|dozen)\b))?{_WORD}"
    rf"(?:(?:(?<=hundred)\s+and\s+|[\s-]+){_WORD})*))"
    r"(?P<scale>(?:\s+(?:hundred|thousand|million|billion|trillion)\b)*)",
    re.IGNORECASE,
)
_VAGUE_NUMBER = re.compile(
    r"(?P<vague>(?:tens|hundreds)\s+of\s+(?:thousands|millions)|dozens|scores|hundreds"
    r"|thousands|millions|billions)\s+of\s+(?:(?:the|their|these|those|other)\s+)?"
    r"(?P<word>[A-Za-z]+)\b",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"\s?(?P<percent>%)|\s+(?P<percent_words>per\s?cent|percent)\b"
    r"|(?:\s+|(?P<hyphen>-))(?:U\.?S\.?\s+)?(?P<word>[A-Za-z]+)\b",
)
_PLURAL_AFTER = re.compile(r"\s+([a-z]+[a-rt-z]s)\b")  # "soldiers", not "across"
# Before or after a number of a code, score, range, clock time or malformed figure: "# 917",
# "No. 9", "COVID-19", "2-1", "10:30", "3 p.m.", "1,2,3".
_CODE_BEFORE = re.compile(r"(?:[-–#]|\d[:/]|\bNo\.|\bnumber)\s?$", re.IGNORECASE)
_CODE_AFTER = re.compile(
    r"[:/.,]\d|[-–]\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|BST\b|CET\b|EST\b|hrs\b|o['’]clock)",
    re.IGNORECASE,
)
# A capitalised word before a number: a name ("Iskander 7") unless it starts the sentence ("The").
_NAME_BEFORE = re.compile(r"(?P<sentence>^|[.!?\"“”(]\s*|\n\s*)?[A-Z][\w-]*\s+$")
# Ages ("Yago Smith, 27, said", "aged 15", "the age of 18") and list markers ("\n2. The team").
_AGE_BEFORE = re.compile(r"(?P<name>\b[A-Z][\w'’-]*,\s*)$|\b(?:[Aa]ged|[Aa]ges?\s+of)\s+$")
_AGE_AFTER = re.compile(r"[,.]|\s*\)|\s+(?:and|or|to)\s")
_LIST_MARKER = re.compile(r"(?:^|\n)[ \t]*$")
_A_BEFORE = re.compile(r"\ban?\s+$", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"[0-9][0-9,.]*")
_WORD_STARTS = (*_NUMBER_WORDS, *_SCALES, "tens", "scores")  # "hundreds" etc. start with these


# Reading one number.
def _words_value(words: str) -> float:
    """The value of number words: "twenty-five" 25, "a dozen" 12, "two hundred and fifty" 250."""
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("a", "an"):
            current = 1
        elif word in _NUMBER_WORDS:
            current += _NUMBER_WORDS[word]
        elif word in ("hundred", "dozen"):
            current = (current or 1) * _SCALES[word]
        elif word in _SCALES:
            total, current = total + (current or 1) * _SCALES[word], 0
    return total + current


def _scaled(value: float, scale: str) -> float:
    for word in scale.lower().split():
        value *= _SCALES[word]
    return value


def _is_no_count(text: str, start: int, end: int) -> bool:
    """Whether the number from `start` to `end` is part of a name, code or clock time, an age or a
    list marker rather than a count."""
    since = max(0, start - 40)  # in searches from `since`, "^" is still the text's start
    if _CODE_BEFORE.search(text, since, start) or _CODE_AFTER.match(text, end):
        return True
    age = _AGE_BEFORE.search(text, since, start)
    if age and (age["name"] is None or _AGE_AFTER.match(text, end)):
        return True
    if _LIST_MARKER.search(text, since, start) and text.startswith((". ", ") "), end):
        return True
    name = _NAME_BEFORE.search(text, since, start)
    return name is not None and name["sentence"] is None


def _unit_after(text: str, end: int, currency: str | None) -> tuple[str | None, int] | None:
    """The unit after a number ending at `end`, and where the quantity ends; None when the number
    measures time (durations are `find_timexes`'s)."""
    after = _UNIT_AFTER.match(text, end)
    if after is None:
        return currency, end
    if after["percent"] or after["percent_words"]:
        return "percent", after.end()
    word = after["word"].lower()
    if word in _TIME_UNITS:
        return None
    if currency is not None or word in _NOT_UNITS:
        return currency, end
    if after["hyphen"]:  # "a 500-page report"
        return word, after.end("word")
    return _counted_noun(text, after.start("word"), after.end("word"))


def _counted_noun(text: str, start: int, end: int) -> tuple[str, int]:
    """The noun a number counts: the word at `start`, or the plural after it when that word is an
    adjective or a name ("two British soldiers", "800 Isis fighters", "two main parties")."""
    word = text[start:end]
    if word.islower() and word.endswith("s"):
        return _CURRENCY_WORDS.get(word, word), end
    plural = _PLURAL_AFTER.match(text, end)
    if plural and plural[1] not in _NOT_UNITS:
        return plural[1], plural.end()
    word = word.lower()
    return _CURRENCY_WORDS.get(word, word), end


def _counts_next(text: str, end: int) -> bool:
    """Whether a word follows that a million could count ("2.5m people", not "ran 100m.")."""
    after = _UNIT_AFTER.match(text, end)
    return bool(after and after["word"] and after["word"].lower() not in _NOT_UNITS)


def _currency(sign: str | None) -> str | None:
    if not sign:
        return None
    sign = sign.strip()
    return _CURRENCY_SIGNS.get(sign.lower(), sign.upper())


def _number_at(text: str, at: int) -> Quantity | None:
    """The quantity whose number starts at `at`, with the currency sign and modifier before it."""
    if at > 0 and (text[at - 1].isalnum() or text[at - 1] in ".,"):
        return None  # inside a code or a bigger number: "T72", "G7"
    m = _NUMBER.match(text, at)
    if m is None:
        return None
    sign = _CURRENCY_BEFORE.search(text, max(0, at - 4), at)
    start = sign.start() if sign else at
    modifier = _MODIFIER_BEFORE.search(text, max(0, start - 25), start)
    start = modifier.start() if modifier else start
    if _is_no_count(text, start, m.end()):
        return None
    unit = _unit_and_value(m, _currency(sign.group() if sign else None))
    if unit is None:
        return None
    value, unit_name, end = unit
    mod = re.sub(r"\s+", " ", modifier["mod"].lower()) if modifier else None
    return Quantity(value, unit_name, text[start:end], start, end, mod)


def _unit_and_value(m: re.Match[str], currency: str | None) -> tuple[float, str | None, int] | None:
    """(value, unit, end) of a matched number; None when it is no quantity."""
    value = _words_value(m["words"]) if m["words"] else float(m["digits"].replace(",", ""))
    suffix = (m["suffix"] or "").lower()
    if suffix in _SUFFIX_SCALES and (suffix != "m" or currency or _counts_next(m.string, m.end())):
        value *= _SUFFIX_SCALES[suffix]
    elif suffix in _ATTACHED_UNITS:
        return value, suffix, m.end()
    elif suffix:
        return None  # "24th", "5G", "737MAX"
    value = _scaled(value, m["scale"])
    unit = _unit_after(m.string, m.end(), currency)
    if unit is None:
        return None  # a duration
    if m["words"] and not m["scale"] and (unit[0] is None or m["words"].lower() == "one"):
        return None  # a bare number word: "the two of them", "one of", "one thing"
    return value, *unit


def _vague_at(text: str, at: int) -> Quantity | None:
    """A vague number starting at `at`: "thousands of shipments", "tens of thousands of people"."""
    m = _VAGUE_NUMBER.match(text, at)
    if m is None or m["word"].lower() in _TIME_UNITS:  # "hundreds of years"
        return None
    modifier = re.sub(r"\s+", " ", m["vague"].lower())
    if m["word"].lower() in _NOT_UNITS:
        return Quantity(float(_VAGUE[modifier]), None, m.group(), m.start(), m.end(), modifier)
    unit, end = _counted_noun(text, m.start("word"), m.end("word"))
    return Quantity(float(_VAGUE[modifier]), unit, text[at:end], at, end, modifier)


def _number_starts(text: str) -> list[int]:
    """Where a number may start: digit runs and number words (with an "a" before "dozen",
    "hundred" ...) at the start of a word. Plain substring search keeps this quick."""
    lowered = text.lower()
    if len(lowered) != len(text):  # lower-casing moved offsets: search the text as written
        lowered = text
    starts = [m.start() for m in _DIGIT_RUN.finditer(text)]
    for word in _WORD_STARTS:
        at = lowered.find(word)
        while at != -1:
            if at == 0 or not text[at - 1].isalnum():
                article = _A_BEFORE.search(lowered, max(0, at - 4), at)
                starts.append(article.start() if article else at)
            at = lowered.find(word, at + 1)
    return sorted(set(starts))


def _time_spans(text: str) -> bytearray:
    """A mask of the characters inside dates and durations: their numbers are no quantities."""
    taken = bytearray(len(text))
    for timex in find_timexes(text, None):
        if timex.kind in ("DATE", "DURATION"):
            taken[timex.start : timex.end] = b"\x01" * (timex.end - timex.start)
    return taken


# Finding.
def find_quantities(text: str) -> list[Quantity]:
    """Numbers with their units and modifiers, sorted by start, offsets into `text`.

    "nearly 1,000 containers of arms" → Quantity(1000, "containers", modifier="nearly"); "$300
    billion" → (3e11, "USD"); "€2.5m" → (2.5e6, "EUR"); "15 per cent" → (15, "percent"); "thousands
    of shipments" → (1000, "shipments", modifier="thousands"); "a dozen" → 12. The unit is the next
    word as written, lower-cased, or an ISO 4217 code for money. Dates and durations ("in 2019",
    "for 24 years") are left to `find_timexes`; numbers in names, codes and clock times are skipped.
    """
    taken = _time_spans(text)
    found = []
    for at in _number_starts(text):
        if taken[at]:
            continue
        quantity = _vague_at(text, at) or _number_at(text, at)
        if quantity is None or taken.find(1, quantity.start, quantity.end) != -1:
            continue
        taken[quantity.start : quantity.end] = b"\x01" * (quantity.end - quantity.start)
        found.append(quantity)
    return found
