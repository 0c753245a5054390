"""Time expressions: dates, durations and sets in news text, normalised to TimeML values.

Each rule is a compiled regular expression paired with a small normaliser, in the spirit of
HeidelTime's English news rules. A match may carry context that is not part of the expression (the
"in" of "in 2019"); the expression is then the group named ``t``. Where rules overlap, the longest
expression wins. Relative expressions ("last week", "on Tuesday") are read against the article's
date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from storyline.model import TimeExpression

# (value, precision, kind); a normaliser returns None when a match is no time expression after all.
_Value = tuple[str | None, str | None, str]
_Normaliser = Callable[[re.Match[str], date | None, str | None], _Value | None]
_UNANCHORED: _Value = (None, None, "DATE")

# Language: names and number words.
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")  # fmt: skip
_MONTH_NUMBER = {name[:3]: number for number, name in enumerate(_MONTHS, 1)}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SMALL_NUMBERS = {
    **{word: number for number, word in enumerate(_ONES, 1)},
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "a": 1, "an": 1, "a couple of": 2, "a hundred": 100, "one hundred": 100,
    "a thousand": 1000,
}  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}  # fmt: skip
_UNIT_CODES = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M",
               "year": "Y", "decade": "DE", "century": "CE"}  # fmt: skip
_CLOCK_UNITS = ("second", "minute", "hour")  # TimeML writes these after a "T": PT3H
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
             "4th": 4, "final": 4}  # fmt: skip
_ADJECTIVES_ONLY = frozenset({"annual", "quarterly", "yearly", "monthly"})
_HOLIDAY_DATES = {"christmas": (12, 25), "new year's": (1, 1), "independence day": (7, 4),
                  "halloween": (10, 31), "valentine's day": (2, 14)}  # fmt: skip
# (month, weekday, nth): Thanksgiving is the fourth Thursday of November; nth 0 is the last.
_HOLIDAY_WEEKDAYS = {"thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4),
                     "labor day": (9, 0, 1), "memorial day": (5, 0, 0)}  # fmt: skip
_SET_ADVERBS = {"annual": "P1Y", "annually": "P1Y", "yearly": "P1Y", "quarterly": "P3M",
                "monthly": "P1M", "weekly": "P1W", "daily": "P1D", "hourly": "PT1H"}  # fmt: skip
_DAY_OFFSETS = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last night": -1,
                "tomorrow": 1, "the day before yesterday": -2,
                "the day after tomorrow": 2}  # fmt: skip
_RELATIVE_OFFSETS = {"last": -1, "past": -1, "this": 0, "current": 0, "the": 0, "next": 1,
                     "coming": 1}  # fmt: skip
# Plural-looking words that follow a year without making it a count ("of 2019 was"), and words
# that make it one without looking plural ("2000 people").
_NOT_PLURAL = frozenset({"this", "was", "has", "is", "as", "its", "his", "does", "thus"})
_COUNTED = frozenset({"people", "police", "children", "men", "women", "staff", "personnel",
                      "more", "other", "extra", "additional", "fewer", "new",
                      "km", "kg"})  # fmt: skip

# Regular-expression fragments the rules share.
_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_YEAR = r"(?<![\w$£€#.,/])(?P<y>(?:19|20)\d{2})(?![\w%]|[.,:]\d)"
_DAY = r"(?<![\w.,])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_MOD = r"(?:\b(?i:early|late|mid|the\s+(?:end|start|beginning|middle)\s+of)[\s-]+)"
_NUMBER_WORD = "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True)).replace(" ", r"\s+")
_NUM = (
    rf"(?:(?<![\w,.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    rf"|(?i:(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_ONES)}))?|{_NUMBER_WORD})\b)"
)
_VAGUE = r"(?i:a\s+few|few|several|many|some|a\s+number\s+of)"
_UNIT_WORD = r"(?i:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centur(?:y|ies))\b"
_UNIT = rf"(?P<u>{_UNIT_WORD})"
_YEAR_PREPOSITION = (
    r"(?P<prep>(?i:in|since|by|until|till|from|of|for|during|before|after|between|through|throughout"
    r"|both|year))"
)
_TIME_OF_DAY = r"(?:\s+(?P<pod>(?i:morning|afternoon|evening|night)))?"
# TimeML's parts of the day, written after a day's value: 2024-06-18TEV.
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                 "tonight": "NI"}  # fmt: skip
_CLOCK = (
    r"(?:(?P<h>[01]?\d)(?::(?P<min>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?"
    r"|(?P<named>(?i:noon|midday|midnight))\b)"
)
_ZONE = r"(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?"
# TimeML keeps an amount's modifier inside the expression ("nearly two years", "more than a week").
_APPROX = (
    r"(?:(?i:nearly|almost|about|around|roughly|approximately|more\s+than|less\s+than|fewer\s+than"
    r"|at\s+least|up\s+to|no\s+more\s+than|over)\s+)"
)
# "a year earlier", "year-ago": the year before the article's (or its quarter, in earnings news).
_YEAR_BACK = r"(?i:(?:a|one)\s+year\s+(?:earlier|before|ago)|year[\s-](?:earlier|ago))"
# The amount before "a year" in a rate: a number, a sum, or a plural noun ("seats a week").
_RATE_BEFORE = re.compile(
    r"(?:\d%?|\b(?:million|billion|thousand|percent|cents|dollars|[a-z]{2,}(?<![aiu]s)(?<!ss)s))\s+$"
)
_AS_SOON_AS = re.compile(r"\b(?i:as\s+(?:soon|early)\s+as)\s+$")  # "as soon as Tuesday": ahead
_QUARTER_MENTION = re.compile(
    r"\b(?i:(?:(first|second|third|fourth)[\s-]+)?quarter)\b(?![\s-]century)"
)


@dataclass(frozen=True)
class _Trigger:
    """Words that every match of a rule contains (at a word's start; searched case-sensitively when
    written with a capital), and how far such a match reaches before and after one of them. Rules
    run only in the stretches of text around their trigger's hits: plain substring search is far
    quicker than running every rule over the whole text."""

    words: tuple[str, ...]
    back: int
    ahead: int


@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern[str]
    normalise: _Normaliser
    trigger: _Trigger
    uses_tense: bool = False


@dataclass(frozen=True)
class _Expression:
    start: int
    end: int
    rule: _Rule
    match: re.Match[str]


# Small date arithmetic.
def _month_number(name: str) -> int:
    return _MONTH_NUMBER[name.rstrip(".").lower()[:3]]


def _number(words: str) -> float:
    """The value of a number as written: "24", "1,000", "2.5", "twenty-five", "a", "a couple of"."""
    words = re.sub(r"\s+", " ", words.lower().replace(",", ""))
    if words in _SMALL_NUMBERS:
        return _SMALL_NUMBERS[words]
    if words[0].isdigit():
        return float(words)
    return sum(_TENS.get(word, _SMALL_NUMBERS.get(word, 0)) for word in re.split(r"[\s-]", words))


def _amount(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


def _unit_name(word: str) -> str:
    word = word.lower()
    return "century" if word.startswith("centur") else word.removesuffix("s")


def _shift_month(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + offset
    return index // 12, index % 12 + 1


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _day_value(year: int, month: int, day: int) -> _Value | None:
    try:
        return date(year, month, day).isoformat(), "day", "DATE"
    except ValueError:
        return None


# How far (in months) a date without a year may lie on the "wrong" side of the anchor before it is
# moved a year: behind the anchor in a future clause, ahead of it in a past one; without a tense,
# news speaks mostly of the recent past, so up to six months ahead and eight behind.
_TENSE_SLACK = 3
_AHEAD = 6
_BEHIND = 8


def _year_for(anchor: date, month: int, day: int, tense: str | None) -> int:
    """The year of a month (and day) given without one: on or before the anchor (give or take
    `_TENSE_SLACK` months) in a past clause, on or after it in a future one, else the nearest,
    leaning to the past."""
    months_after = month - anchor.month + (day - anchor.day) / 31
    if tense == "future":
        return anchor.year + 1 if months_after < -_TENSE_SLACK else anchor.year
    if tense == "past":
        return anchor.year - 1 if months_after > _TENSE_SLACK else anchor.year
    if months_after < -_BEHIND:
        return anchor.year + 1
    return anchor.year - 1 if months_after > _AHEAD else anchor.year


def _weekday_date(anchor: date, weekday: int, forward: bool, strict: bool) -> date:
    """The nearest day with `weekday` on or before (after, if `forward`) the anchor; `strict` skips
    the anchor itself."""
    days = (weekday - anchor.weekday()) % 7 if forward else (anchor.weekday() - weekday) % 7
    if strict and days == 0:
        days = 7
    return anchor + timedelta(days=days if forward else -days)


# Normalisers: match, anchor, tense -> (value, precision, kind), or None.
def _constant(value: str, kind: str = "DATE") -> _Normaliser:
    return lambda m, anchor, tense: (value, None, kind)


def _full_date(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    return _day_value(int(m["y"]), _month_number(m["mon"]), int(m["d"]))


def _numeric_date(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    if m["sep"] is not None:  # 2024-06-18 or 2024/06/18
        return _day_value(int(m["y"]), int(m["m"]), int(m["d"]))
    first, second = int(m["a"]), int(m["b"])
    if first > 12:
        return _day_value(int(m["y2"]), second, first)
    if second > 12:
        return _day_value(int(m["y2"]), first, second)
    return None  # 06/07/2024: day-first or month-first cannot be told apart


def _day_month(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    month, day = _month_number(m["mon"]), int(m["d"])
    if not 1 <= day <= 31:
        return None
    if anchor is None:
        return _UNANCHORED
    return _day_value(_year_for(anchor, month, day, tense), month, day) or _UNANCHORED


def _week_of(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    """ "the week of March 6": the ISO week holding that day."""
    month, day = _month_number(m["mon"]), int(m["d"])
    if m["y"]:
        year = int(m["y"])
    elif anchor is None:
        return _UNANCHORED
    else:
        year = _year_for(anchor, month, day, tense)
    try:
        return _iso_week(date(year, month, day)), None, "DATE"
    except ValueError:
        return None


def _month_year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    return f"{m['y']}-{_month_number(m['mon']):02d}", "month", "DATE"


def _month_of_relative_year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    if anchor is None:
        return _UNANCHORED
    year = anchor.year + _RELATIVE_OFFSETS[m["rel"].lower()]
    return f"{year}-{_month_number(m['mon']):02d}", "month", "DATE"


def _month_alone(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    if anchor is None:
        return _UNANCHORED
    month = _month_number(m["mon"])
    return f"{_year_for(anchor, month, 1, tense):04d}-{month:02d}", "month", "DATE"


def _month_relative(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    if anchor is None:
        return _UNANCHORED
    month, rel = _month_number(m["mon"]), m["rel"].lower()
    year = anchor.year
    if rel == "last" and month >= anchor.month:
        year -= 1
    elif rel == "next" and month <= anchor.month:
        year += 1
    return f"{year}-{month:02d}", "month", "DATE"


def _counts_things(m: re.Match[str]) -> bool:
    """Whether a plural noun follows the number: "2019 missiles" is a count, not a year."""
    following = re.match(r"\s+([a-z]+)\b", m.string[m.end() : m.end() + 30])
    if following is None:
        return False
    word = following[1]
    return word in _COUNTED or (word.endswith("s") and len(word) > 2 and word not in _NOT_PLURAL)


def _year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    prep = (m.groupdict().get("prep") or "").lower()
    if prep in ("of", "for") and _counts_things(m):  # "a total of 2019 missiles"
        return None
    return m["y"], "year", "DATE"


def _year_before_word(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    if _counts_things(m) or _follows_name(m.string, m.start()):
        return None
    return m["y"], "year", "DATE"


def _follows_name(text: str, start: int) -> bool:
    """Whether a name or number sign runs into `start` ("Resolution 2087", "USA Today", "No. 9")."""
    before = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
    if before is None:
        return False
    word = before[1]
    return (word[0].isupper() and word[-1].isalnum()) or word.lower() in ("#", "no.", "number")


def _standalone_year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    if _follows_name(m.string, m.start()):
        return None
    return m["y"], "year", "DATE"


def _spelled_year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    """ "nineteen ninety-six" (1996), "nineteen hundred" (1900), "the year two thousand (and
    two)"."""
    if m["yy"] is not None:
        words = m["yy"].lower()
        return f"19{0 if words == 'hundred' else int(_number(words)):02d}", "year", "DATE"
    return f"{2000 + int(_number(m['extra'])) if m['extra'] else 2000}", "year", "DATE"


def _holiday_date(name: str, year: int) -> date:
    if name in _HOLIDAY_DATES:
        month, day = _HOLIDAY_DATES[name]
        return date(year, month, day)
    month, weekday, nth = _HOLIDAY_WEEKDAYS[name]  # nth 0 for the month's last such weekday
    if nth:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _holiday(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    if anchor is None and not m["y"]:
        return _UNANCHORED
    name = re.sub(r"\s+", " ", m["h"].lower().replace("’", "'"))
    name = re.sub(r" (?:day|eve)$", "", name) if name.startswith(("christmas", "new")) else name
    if m["y"]:
        day = _holiday_date(name, int(m["y"]))
    else:
        assert anchor is not None
        rel = (m["rel"] or "").lower()
        this_year = _holiday_date(name, anchor.year)
        if rel == "last" or (not rel and tense != "future" and this_year > anchor):
            day = this_year if this_year < anchor else _holiday_date(name, anchor.year - 1)
        elif rel == "next" or (not rel and tense == "future" and this_year < anchor):
            day = this_year if this_year > anchor else _holiday_date(name, anchor.year + 1)
        else:
            day = this_year
    if m["eve"] or m["eve2"]:
        day -= timedelta(days=1)
    return day.isoformat(), "day", "DATE"


def _decade(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    return (m["c"] or f"19{m['dd']}"), None, "DATE"


def _century(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    number = int(m["n"])
    return (f"{number - 1:02d}", None, "DATE") if 1 <= number <= 21 else None


def _season(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    code = _SEASONS[m["s"].lower()]
    if m["y"]:
        return f"{m['y']}-{code}", None, "DATE"
    if not m["rel"]:
        return None  # "summer" alone: no year to place it in
    if anchor is None:
        return _UNANCHORED
    return f"{anchor.year + _RELATIVE_OFFSETS[m['rel'].lower()]}-{code}", None, "DATE"


def _part_of_year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    half = m["h"].lower() == "half"
    ordinal = m["o"].lower()
    if m["y"]:
        year: int | None = int(m["y"])
    elif m["rel"]:
        year = anchor.year + _RELATIVE_OFFSETS[m["rel"].lower()] if anchor else None
    elif half:
        return None  # "the first half" of a match, a speech ...
    else:
        year = anchor.year if anchor else None
    if year is None:
        return _UNANCHORED
    if ordinal in ("last", "latest") and not (m["y"] or m["rel"]):  # the one before the anchor's
        year, month = _shift_month(year, anchor.month if anchor else 1, -3)
        return f"{year}-Q{(month - 1) // 3 + 1}", None, "DATE"
    number = 2 if half and ordinal in ("last", "latest", "final") else _ORDINALS.get(ordinal, 4)
    first_month = (number - 1) * (6 if half else 3) + 1
    if anchor and not (m["y"] or m["rel"]) and first_month > anchor.month:
        year -= 1  # reported results: the part has begun (even "will report third-quarter ...")
    return (f"{year}-H{number}" if half else f"{year}-Q{number}"), None, "DATE"


def _quarter_of_year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    number = _ORDINALS[m["o"].lower()]
    if m["y"]:
        return f"{m['y']}-Q{number}", None, "DATE"
    if anchor is None:
        return _UNANCHORED
    return f"{anchor.year + _RELATIVE_OFFSETS[m['rel'].lower()]}-Q{number}", None, "DATE"


def _the_quarter(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    if anchor is None:
        return _UNANCHORED
    current = m["cur"] is not None or m["t"][:4].lower() == "this"
    year, month = _shift_month(anchor.year, anchor.month, 0 if current else -3)
    return f"{year}-Q{(month - 1) // 3 + 1}", None, "DATE"


def _quarter_code(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    letter, number = m["hq"].upper(), int(m["q"])
    if letter == "H" and number > 2:
        return None
    return f"{m['y']}-{letter}{number}", None, "DATE"


def _fiscal_year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    """TempEval-3's annotations give a fiscal year the calendar year it is named after."""
    year = m["y"] or m["y2"]
    return ("20" + year if len(year) == 2 else year), "year", "DATE"


def _day_word(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    if m["w"][0].isupper() and _follows_name(m.string, m.start()):
        return None  # "USA Today"
    if anchor is None:
        return _UNANCHORED
    words = re.sub(r"\s+", " ", m["w"].lower())
    offset = _DAY_OFFSETS.get(words, _DAY_OFFSETS.get(words.split()[0], 0))
    return _with_part_of_day(anchor + timedelta(days=offset), m["pod"] or words.split()[-1])


def _with_part_of_day(day: date, part: str | None) -> _Value:
    """A day's value, with TimeML's part-of-day suffix when the expression names one."""
    code = _PARTS_OF_DAY.get((part or "").lower())
    if code is None:
        return day.isoformat(), "day", "DATE"
    return f"{day.isoformat()}T{code}", "day", "TIME"


def _clock_time(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    """ "10:35 a.m.", "noon Thursday": the day named after the clock time, else the article's."""
    if m["named"]:
        hour, minute = {"midnight": (24, 0)}.get(m["named"].lower(), (12, 0))
    else:
        hour, minute = int(m["h"]), int(m["min"] or 0)
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"].lower() == "p" else 0)
    if anchor is None:
        return _UNANCHORED
    if m["wd"]:
        weekday = _WEEKDAYS.index(m["wd"].lower())
        day = _weekday_date(anchor, weekday, forward=tense == "future", strict=False)
    else:
        day = anchor + timedelta(days=_DAY_OFFSETS.get((m["dw"] or "today").lower(), 0))
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}", "day", "TIME"


def _weekday(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    if anchor is None:
        return _UNANCHORED
    rel = (m["rel"] or "").lower()
    weekday = _WEEKDAYS.index(m["wd"].lower())
    if rel in ("next", "coming"):
        day = _weekday_date(anchor, weekday, forward=True, strict=True)
    elif rel in ("last", "past"):
        day = _weekday_date(anchor, weekday, forward=False, strict=True)
    elif _AS_SOON_AS.search(m.string, max(0, m.start() - 20), m.start()):
        day = _weekday_date(anchor, weekday, forward=True, strict=True)
    else:
        day = _weekday_date(anchor, weekday, forward=tense == "future", strict=False)
    return _with_part_of_day(day, m["pod"])


def _weekend(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    if anchor is None:
        return _UNANCHORED
    rel = m["rel"].lower()
    if rel == "the":  # the weekend just past, or the coming one in a future clause
        weeks = 0 if tense == "future" or anchor.weekday() >= 5 else -1
    else:
        weeks = _RELATIVE_OFFSETS[rel]
    return f"{_iso_week(anchor + timedelta(weeks=weeks))}-WE", None, "DATE"


def _relative_unit(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    rel = m["rel"].lower().split()[-1]
    if rel == "the" and not m["mod"]:
        return None  # "the year" alone is no date; "the end of the year" is
    if anchor is None:
        return _UNANCHORED
    offset, unit = _RELATIVE_OFFSETS[rel], m["u"].lower()
    if unit == "week":
        return _iso_week(anchor + timedelta(weeks=offset)), None, "DATE"
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, offset)
        return f"{year}-{month:02d}", "month", "DATE"
    return str(anchor.year + offset), "year", "DATE"


def _ago(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    if m["n"] is None:  # "years ago", "a few days ago"
        return "PAST_REF", None, "DATE"
    count, unit = _number(m["n"]), _unit_name(m["u"])
    if anchor is None or count != int(count):
        return _UNANCHORED
    count = int(count)
    if unit in ("day", *_CLOCK_UNITS):
        days = count if unit == "day" else 0
        return (anchor - timedelta(days=days)).isoformat(), "day", "DATE"
    if unit == "week":
        return _iso_week(anchor - timedelta(weeks=count)), None, "DATE"
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, -count)
        return f"{year}-{month:02d}", "month", "DATE"
    years = {"year": 1, "decade": 10, "century": 100}[unit]
    quarter = _quarter_context(m, anchor) if years * count == 1 else None
    if quarter is not None:  # "sales rose 5% in the quarter from a year ago"
        return f"{quarter[0] - 1}-Q{quarter[1]}", None, "DATE"
    return str(anchor.year - years * count), "year", "DATE"


def _period(count: str, unit: str) -> str:
    unit = _unit_name(unit)
    return f"P{'T' if unit in _CLOCK_UNITS else ''}{count}{_UNIT_CODES[unit]}"


def _duration(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    unit = m["u"].lower()
    if (m["n"] or "").lower() in ("a", "an") and (unit.endswith("s") or unit == "second"):
        return None  # "a decades-long war", "a second term"
    if (m["n"] or "").lower() in ("a", "an") and _RATE_BEFORE.search(
        m.string, max(0, m.start() - 30), m.start()
    ):
        return None  # "$2 million a year", "four flights a week": a rate, no duration
    if m["n"] is not None and unit.startswith(("decade", "centur")):  # TimeML: two decades, P20Y
        years = 10 if unit.startswith("decade") else 100
        return f"P{_amount(_number(m['n']) * years)}Y", None, "DURATION"
    if m["n"] is not None:
        count = _amount(_number(m["n"]))
    elif m["vague"] is not None:
        count = "X"
    elif (m["dir"] or "").lower() in ("past", "last"):  # "the past year", "the past decade"
        count = {"decade": "10", "century": "100"}.get(_unit_name(unit), "1")
        return _period(count, "year" if count != "1" else unit), None, "DURATION"
    else:
        return None
    return _period(count, m["u"]), None, "DURATION"


def _quarter_context(m: re.Match[str], anchor: date) -> tuple[int, int] | None:
    """(year, quarter) of the quarter an earnings story is about, when a quarter is mentioned up to
    300 characters before the match or in the 100 after: the nearest one named by its ordinal
    ("third quarter"), else the last quarter finished by the anchor date."""
    start, end = m.span()
    before = [q[1] for q in _QUARTER_MENTION.finditer(m.string, max(0, start - 300), start)]
    after = [q[1] for q in _QUARTER_MENTION.finditer(m.string, end, end + 100)]
    if not before and not after:
        return None
    named = [ordinal.lower() for ordinal in before[::-1] + after if ordinal]
    if named:
        number = _ORDINALS[named[0]]
        year = anchor.year - 1 if (number - 1) * 3 + 1 > anchor.month else anchor.year
        return year, number
    year, month = _shift_month(anchor.year, anchor.month, -3)
    return year, (month - 1) // 3 + 1


def _year_back(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    if m["t"][:3].lower() == "the" and not m["what"]:
        return None  # "the year-earlier" with no noun after it
    if anchor is None:
        return _UNANCHORED
    if m["o"]:
        number = _ORDINALS[m["o"].lower()]
        year = anchor.year - 1 if (number - 1) * 3 + 1 > anchor.month else anchor.year
        return f"{year - 1}-Q{number}", None, "DATE"
    quarter = _quarter_context(m, anchor)
    if quarter is None and m["what"]:  # "the year-ago quarter": the quarter reported on
        year, month = _shift_month(anchor.year, anchor.month, -3)
        quarter = year, (month - 1) // 3 + 1
    if quarter is None:
        return str(anchor.year - 1), "year", "DATE"
    return f"{quarter[0] - 1}-Q{quarter[1]}", None, "DATE"


def _vague_duration(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    return _period("X", m["u"]), None, "DURATION"


def _recent(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    """ "in recent years" is an unspecified stretch of years (PXY); "recently" a past reference."""
    if m["u"]:
        return _period("X", m["u"]), None, "DURATION"
    return "PAST_REF", None, "DATE"


def _set_every(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    if m["wd"]:
        return f"XXXX-WXX-{_WEEKDAYS.index(m['wd'].lower()) + 1}", None, "SET"
    count = "2" if m["other"] else _amount(_number(m["n"])) if m["n"] else "1"
    return _period(count, m["u"]), None, "SET"


def _set_frequency(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value:
    return _period("1", "year" if m["u"].lower() == "annum" else m["u"]), None, "SET"


def _set_adverb(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    if m["t"] in _ADJECTIVES_ONLY:
        return None  # "the annual meeting", "a quarterly dividend": TimeML marks no set here
    return _SET_ADVERBS[m["t"]], None, "SET"


def _present_ref(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    if m[0] == "Now" and m.string.startswith(",", m.end()):
        return None  # "Now, the company ...": a discourse marker
    return "PRESENT_REF", None, "DATE"


def _the_year(m: re.Match[str], anchor: date | None, tense: str | None) -> _Value | None:
    """ "the year ended June 30" is a span of a year; "for the (full) year" the article's year."""
    if re.match(r"\s+(?i:ended|ending|to)\b", m.string[m.end() : m.end() + 10]):
        return "P1Y", None, "DURATION"
    if anchor is None:
        return _UNANCHORED
    return str(anchor.year), "year", "DATE"


# The rules, with the words that trigger them.
def _trigger(words: str, back: int, ahead: int) -> _Trigger:
    return _Trigger(tuple(words.split()), back, ahead)


_T_MONTH = _trigger("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", 25, 20)
_T_YEAR = _trigger("19 20", 25, 12)  # also finds 2024-06-18, 1990s, Q1 2024, fiscal 2024
_T_SPELLED_YEAR = _trigger("nineteen thousand", 15, 40)
_T_HOLIDAY = _trigger(
    "Thanksgiving Christmas New Independence Labor Memorial Halloween Valentine", 8, 30
)
_T_DECADE = _trigger("19 20 ' ’", 25, 3)
_T_SEASON = _trigger("spring summer autumn fall winter", 25, 15)
_T_PART_OF_YEAR = _trigger("quarter half", 15, 20)
_T_QUARTER = _trigger("quarter", 40, 14)
_T_LATEST_QUARTER = _trigger("quarter latest", 40, 20)
_T_FISCAL = _trigger("fiscal financial fy", 2, 12)
_T_DAY_WORD = _trigger("today tonight yesterday tomorrow night morning afternoon evening", 20, 12)
_T_WEEKEND = _trigger("weekend", 8, 1)
_T_CLOCK = _trigger("a.m p.m am pm noon midday midnight", 12, 30)
_T_WEEKDAY = _trigger("Monday Tuesday Wednesday Thursday Friday Saturday Sunday", 8, 12)
_T_UNIT = _trigger("second minute hour day week month year decade centur", 40, 8)
_T_AGO = _trigger("ago", 40, 2)
_T_YEAR_BACK = _trigger("year", 30, 40)
_T_PAST = _trigger("recent lately ago past", 12, 12)
_T_PRESENT = _trigger("now currently present moment these", 8, 8)
_T_FUTURE = _trigger("future coming come", 15, 10)
_T_CURRENT = _trigger("current", 1, 9)
_T_EVERY = _trigger("every each", 1, 22)
_T_FREQUENCY = _Trigger(("once", "twice", "thrice", "times", "per "), 15, 12)  # not "percent"
_T_SET_ADVERB = _trigger("annual yearly quarterly monthly weekly daily hourly", 1, 1)


def _rule(pattern: str, normalise: _Normaliser, trigger: _Trigger, *, tense: bool = False) -> _Rule:
    return _Rule(re.compile(pattern), normalise, trigger, tense)


_RULES: tuple[_Rule, ...] = (
    _rule(
        r"\b(?P<y>(?:19|20)\d{2})(?P<sep>[-/])(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)\b"
        r"|(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y2>(?:19|20)\d{2})\b",
        _numeric_date,
        _T_YEAR,
    ),
    _rule(
        rf"(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?(?P<mon>{_MONTH_ANY}),?\s+{_YEAR}",
        _full_date,
        _T_MONTH,
    ),
    _rule(
        rf"(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH_ANY})\s+{_DAY}\b,?\s+{_YEAR}", _full_date, _T_MONTH
    ),
    _rule(
        rf"(?:{_WEEKDAY},?\s+)?{_DAY}\s+(?:of\s+)?(?P<mon>{_MONTH_ANY})",
        _day_month,
        _T_MONTH,
        tense=True,
    ),
    _rule(
        rf"(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH_ANY})\s+{_DAY}\b(?![.,:]?\d)",
        _day_month,
        _T_MONTH,
        tense=True,
    ),
    _rule(
        rf"\b(?i:the\s+week\s+of)\s+(?P<mon>{_MONTH_ANY})\s+{_DAY}\b(?![.,:]?\d)(?:,?\s+{_YEAR})?",
        _week_of,
        _T_MONTH,
        tense=True,
    ),
    _rule(rf"{_MOD}?(?P<mon>{_MONTH_ANY}),?\s+(?:of\s+)?{_YEAR}", _month_year, _T_MONTH),
    _rule(
        rf"{_MOD}?(?P<mon>{_MONTH_FULL})\s+(?:of\s+)?(?P<rel>(?i:this|last|next))\s+year\b",
        _month_of_relative_year,
        _T_MONTH,
    ),
    _rule(
        r"(?:\b(?i:in|since|by|until|till|from|for|during|before|after|through|throughout|of|between)\s+"
        rf"|\b(?={_MOD}))(?P<t>{_MOD}?(?P<mon>{_MONTH_FULL}))",
        _month_alone,
        _T_MONTH,
        tense=True,
    ),
    _rule(
        rf"\b(?i:between|from)\s+{_MONTH_FULL}\s+(?i:and|to|until|till|through)\s+"
        rf"(?P<t>(?P<mon>{_MONTH_FULL}))",
        _month_alone,
        _T_MONTH,
        tense=True,
    ),
    _rule(rf"\b(?P<rel>(?i:last|next|this))\s+(?P<mon>{_MONTH_FULL})", _month_relative, _T_MONTH),
    _rule(rf"(?:\b{_YEAR_PREPOSITION}\s+|\b(?={_MOD}))(?P<t>{_MOD}?{_YEAR})", _year, _T_YEAR),
    _rule(  # the second year of "between 2016 and 2017", "2016-2018"
        r"(?:(?<=(?:19|20)\d\d and )|(?<=(?:19|20)\d\d to )|(?<=(?:19|20)\d\d or )"
        r"|(?<=(?:19|20)\d\d-)|(?<=(?:19|20)\d\d–)|(?<=(?:19|20)\d\d until ))" + _YEAR,
        _year,
        _T_YEAR,
    ),
    _rule(
        rf"(?:\b(?i:the|its|their|his|her|our|this|that|whose)|['’]s)\s+(?P<t>{_YEAR})(?=\s+[A-Za-z])",
        _year,
        _T_YEAR,
    ),
    _rule(rf"{_YEAR}(?=[,.;:)](?!\d))", _standalone_year, _T_YEAR),
    _rule(rf"{_YEAR}(?=\s+[a-z]|['’]s\b)", _year_before_word, _T_YEAR),  # "2016's coup"
    _rule(
        r"\b(?P<t>(?i:nineteen)[\s-]+(?P<yy>(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty"
        r"|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve"
        r"|(?:thir|four|fif|six|seven|eigh|nine)teen|hundred))"
        r"|(?i:the\s+year\s+two\s+thousand)(?:\s+(?i:and\s+)?(?P<extra>(?i:one|two|three|four|five"
        r"|six|seven|eight|nine|ten)))?)\b(?![\s-](?:hundred|thousand|million|billion)\b)",
        _spelled_year,
        _T_SPELLED_YEAR,
    ),
    _rule(
        r"\b(?P<t>(?:(?P<rel>(?i:last|next|this))\s+)?(?P<h>Thanksgiving(?:\s+Day)?|Christmas"
        r"(?:\s+(?:Day|(?P<eve>Eve)))?|New\s+Year['’]s(?:\s+Day|\s+(?P<eve2>Eve))?|Independence\s+Day"
        r"|Labor\s+Day|Memorial\s+Day|Halloween|Valentine['’]s\s+Day)(?:,?\s+" + _YEAR + r")?)\b",
        _holiday,
        _T_HOLIDAY,
        tense=True,
    ),
    _rule(
        rf"(?<!\w)(?P<t>{_MOD}?(?:(?P<c>(?:1[89]|20)\d)0s|['’](?P<dd>\d)0s))\b", _decade, _T_DECADE
    ),
    _rule(r"\b(?P<t>(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century)\b", _century, _T_UNIT),
    _rule(
        rf"\b(?P<t>{_MOD}?(?:(?P<rel>(?i:this|last|next))\s+)?(?P<s>(?i:spring|summer|autumn|fall"
        rf"|winter))(?:\s+(?:of\s+)?{_YEAR})?)\b",
        _season,
        _T_SEASON,
    ),
    _rule(
        r"\b(?P<t>(?i:(?:the\s+)?(?P<o>first|second|third|fourth|final|last|latest|1st|2nd|3rd|4th)[\s-]+"
        r"(?P<h>quarter|half))(?:\s+(?i:of\s+)?(?:"
        + _YEAR
        + r"|(?P<rel>(?i:this|last|next|the))\s+(?i:year)\b))?)",
        _part_of_year,
        _T_PART_OF_YEAR,
    ),
    _rule(  # "the 1988 third quarter", "this year's first quarter"
        rf"\b(?P<t>(?:(?i:the)\s+)?(?:{_YEAR}|(?P<rel>(?i:this|last|next))\s+(?i:year)['’]s)\s+"
        r"(?:(?i:fiscal)[\s-]+)?(?P<o>(?i:first|second|third|fourth))[\s-]+(?i:quarter))\b",
        _quarter_of_year,
        _T_QUARTER,
    ),
    _rule(  # in earnings news, the quarter reported on: the last one finished
        r"\b(?P<t>(?i:the|this)\s+(?:(?P<cur>(?i:current))\s+|(?i:latest)\s+)?(?:(?i:fiscal)\s+)?"
        r"(?:quarter|(?<=latest )period))\b"
        r"(?![\s-](?i:of|century|mile|point|final)\b|-)",
        _the_quarter,
        _T_LATEST_QUARTER,
    ),
    _rule(r"\b(?P<hq>[QH])(?P<q>[1-4])(?:\s+|/|-)?(?P<y>(?:19|20)\d{2})\b", _quarter_code, _T_YEAR),
    _rule(
        r"\b(?:(?i:fiscal|financial)\s+(?i:year\s+)?" + _YEAR + r"|FY\s?-?(?P<y2>\d{4}|\d{2})\b)",
        _fiscal_year,
        _T_FISCAL,
    ),
    _rule(
        r"\b(?P<w>(?i:today|tonight|yesterday|tomorrow|last\s+night|the\s+day\s+before\s+yesterday"
        r"|the\s+day\s+after\s+tomorrow|this\s+(?:morning|afternoon|evening)))\b" + _TIME_OF_DAY,
        _day_word,
        _T_DAY_WORD,
    ),
    _rule(
        rf"(?<![\w:.]){_CLOCK}{_ZONE}(?:,?\s+(?:(?i:on)\s+)?(?:(?P<wd>{_WEEKDAY})"
        r"|(?P<dw>(?i:today|yesterday|tomorrow))\b))?",
        _clock_time,
        _T_CLOCK,
        tense=True,
    ),
    _rule(
        rf"\b(?:(?P<rel>(?i:last|next|this|coming|past))\s+)?(?P<wd>{_WEEKDAY}){_TIME_OF_DAY}",
        _weekday,
        _T_WEEKDAY,
        tense=True,
    ),
    _rule(
        r"\b(?P<rel>(?i:last|this|next|coming|the))\s+(?i:weekend)\b",
        _weekend,
        _T_WEEKEND,
        tense=True,
    ),
    _rule(
        r"\b(?:(?P<mod>(?i:early|earlier|late|later|mid|the\s+(?:end|start|beginning|middle|rest)"
        r"\s+of))[\s-]+)?(?P<rel>(?i:last|this|next|coming|the\s+current|the\s+coming|(?:in\s+)?the))"
        r"\s+(?P<u>(?i:week|month|year))\b",
        _relative_unit,
        _T_UNIT,
    ),
    _rule(
        r"\b(?i:the\s+(?:(?:full|fiscal|entire|whole)\s+)?year)\b(?![\s-](?i:earlier|ago|before)\b|-)",
        _the_year,
        _T_YEAR_BACK,
    ),
    _rule(
        r"\b(?P<t>(?:(?i:the)\s+(?:(?i:comparable|corresponding|same)\s+)?)?"
        rf"{_YEAR_BACK}(?:\s+(?P<what>(?i:(?P<o>first|second|third|fourth)[\s-]+quarter|quarter"
        r"|period)))?)\b",
        _year_back,
        _T_YEAR_BACK,
    ),
    _rule(
        rf"(?:\b{_APPROX})?\b(?:(?P<n>{_NUM})\s+|(?P<vague>{_VAGUE})\s+)?{_UNIT}\s+(?i:ago)\b",
        _ago,
        _T_AGO,
    ),
    _rule(
        r"\b(?P<t>(?:(?i:the)\s+(?P<dir>(?i:past|last|next|first|previous|coming|following))\s+"
        rf"|(?i:the)\s+(?!\S*-{_UNIT_WORD})|{_APPROX})?"
        rf"(?:(?P<n>{_NUM})[\s-]+(?:(?i:more|additional|extra)\s+)?|(?P<vague>{_VAGUE})\s+)?{_UNIT})"
        r"(?!-old|\s+old\b)",
        _duration,
        _T_UNIT,
    ),
    _rule(
        r"(?:\b(?i:for|over|within|in)\s+|\b(?=decades|centuries))"
        r"(?P<t>(?P<u>(?i:years|months|weeks|days|hours|decades|centuries)))\b",
        _vague_duration,
        _T_UNIT,
    ),
    _rule(
        r"\b(?:(?i:recently|lately|not\s+long\s+ago|a\s+while\s+ago)\b|(?i:in|over)\s+(?P<t>(?i:recent\s+"
        r"(?P<u>years|months|weeks|days|decades)|recent\s+times|the\s+past))\b(?!\s+(?:\d|few|several)))",
        _recent,
        _T_PAST,
    ),
    _rule(
        r"\b(?i:now|currently|nowadays|at\s+present|at\s+the\s+moment|these\s+days)\b(?!-)",
        _present_ref,
        _T_PRESENT,
    ),
    _rule(  # "current market conditions"; "the current quarter" is a longer expression
        r"\b(?i:current)\b(?=\s+[a-z])(?!\s+(?:fiscal|quarter|year|month|week|period|account)\b)",
        _constant("PRESENT_REF"),
        _T_CURRENT,
    ),
    _rule(
        r"\b(?i:the\s+(?:near\s+|distant\s+|foreseeable\s+)?future)\b(?!-|\s+of\b)",
        _constant("FUTURE_REF"),
        _T_FUTURE,
    ),
    _rule(
        r"\b(?i:in\s+(?P<t>(?:the\s+)?(?:near\s+|distant\s+)?future)"
        r"|the\s+coming\s+(?:days|weeks|months|years|decades)|the\s+years\s+to\s+come)\b",
        _constant("FUTURE_REF"),
        _T_FUTURE,
    ),
    _rule(
        rf"\b(?i:every|each)\s+(?:(?P<other>(?i:other))\s+|(?P<n>{_NUM})\s+)?"
        rf"(?:{_UNIT}|(?P<wd>{_WEEKDAY}))",
        _set_every,
        _T_EVERY,
    ),
    _rule(
        rf"\b(?:(?i:once|twice|thrice|{_NUM}\s+times)\s+(?i:a|an|per)|(?i:per))\s+"
        r"(?P<u>(?i:day|week|month|year|annum))\b",
        _set_frequency,
        _T_FREQUENCY,
    ),
    _rule(
        r"\b(?P<t>annual|annually|yearly|quarterly|monthly|weekly|daily|hourly)\b",
        _set_adverb,
        _T_SET_ADVERB,
    ),
)


# Finding.
def _span(m: re.Match[str]) -> tuple[int, int]:
    if "t" in m.re.groupindex and m["t"] is not None:
        return m.span("t")
    return m.span()


def _hits(text: str, lowered: str, words: tuple[str, ...]) -> list[int]:
    """Where the words start a word in the text (hit offsets, sorted)."""
    hits = []
    for word in words:
        haystack = lowered if word.islower() else text
        at = haystack.find(word)
        while at != -1:
            if at == 0 or not text[at - 1].isalnum():
                hits.append(at)
            at = haystack.find(word, at + 1)
    return sorted(hits)


def _windows(text: str, lowered: str, trigger: _Trigger) -> list[tuple[int, int]]:
    """The stretches of text around the trigger's hits, merged; the whole text if lower-casing
    changed its length (offsets in `lowered` would then be wrong)."""
    if len(lowered) != len(text):
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    for hit in _hits(text, lowered, trigger.words):
        start, end = max(0, hit - trigger.back), min(len(text), hit + trigger.ahead)
        while end < len(text) and text[end].isalnum():  # a window never ends inside a word
            end += 1
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _matches(text: str) -> list[tuple[int, re.Match[str]]]:
    """Every rule's matches, with the rule's index."""
    found = []
    lowered = text.lower()
    windows_by_trigger: dict[_Trigger, list[tuple[int, int]]] = {}
    for priority, rule in enumerate(_RULES):
        if rule.trigger not in windows_by_trigger:
            windows_by_trigger[rule.trigger] = _windows(text, lowered, rule.trigger)
        for window_start, window_end in windows_by_trigger[rule.trigger]:
            matches = rule.pattern.finditer(text, window_start, window_end)
            found.extend((priority, m) for m in matches)
    return found


@lru_cache(maxsize=4)
def _expressions(text: str) -> tuple[_Expression, ...]:
    """The time expressions of a text, before normalising: non-overlapping, in text order, the
    longest match winning, then the earlier rule. Which matches are expressions does not depend on
    the anchor or the tense, so this is cached: `find_quantities` asks again for the same text."""
    candidates = []
    for priority, m in _matches(text):
        if _RULES[priority].normalise(m, None, None) is not None:
            start, end = _span(m)
            candidates.append((start, end, priority, m))
    taken = bytearray(len(text))
    chosen = []
    for start, end, priority, m in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            chosen.append(_Expression(start, end, _RULES[priority], m))
    return tuple(sorted(chosen, key=lambda e: e.start))


def _value(
    expression: _Expression, anchor: date | None, tense_of: Callable[[int], str | None] | None
) -> _Value:
    rule = expression.rule
    tense = tense_of(expression.start) if tense_of is not None and rule.uses_tense else None
    return rule.normalise(expression.match, anchor, tense) or _UNANCHORED


def find_timexes(
    text: str, anchor: date | None, tense_of: Callable[[int], str | None] | None = None
) -> list[TimeExpression]:
    """All time expressions in `text` (non-overlapping, sorted by start, offsets into `text`),
    normalised against `anchor` (the article's date).

    `tense_of(char_offset)` optionally tells "past"/"future"/None for the clause at that offset (the
    caller derives it from spaCy); without it, weekdays are read as past and dates without a year
    as the nearest such date, leaning to the past.
    Without an anchor, absolute dates are still normalised and relative ones get the value None.
    """
    return [
        TimeExpression(e.start, e.end, text[e.start : e.end], *_value(e, anchor, tense_of))
        for e in _expressions(text)
    ]


def normalise(
    expression: str, anchor: date | None, tense: str | None = None
) -> tuple[str | None, str | None, str]:
    """(value, precision, kind) for one expression, e.g. ("2024-06-19", "day", "DATE") for
    "On Wednesday" against Friday 2024-06-21; (None, None, "DATE") when nothing is recognised."""
    if re.fullmatch(r"\s*(?:19|20)\d{2}\s*", expression):
        return expression.strip(), "year", "DATE"
    found = _expressions(expression)
    if not found:
        return _UNANCHORED
    longest = max(found, key=lambda e: e.end - e.start)
    return _value(longest, anchor, lambda offset: tense)
