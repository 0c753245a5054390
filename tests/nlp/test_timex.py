"""Time expressions: each rule of storyline.nlp.timex on small sentences, against fixed anchors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

import pytest

from storyline.nlp.timex import find_timexes, normalise

FRIDAY = date(2024, 6, 21)  # a Friday in ISO week 25
NEW_YEAR = date(2025, 1, 3)  # a Friday just after a year boundary
DECEMBER = date(2024, 12, 28)

Found = list[tuple[str, str | None, str | None, str]]


def found(
    text: str, anchor: date | None = FRIDAY, tense_of: Callable[[int], str | None] | None = None
) -> Found:
    """(text, value, precision, kind) of every expression, after checking the offsets."""
    timexes = find_timexes(text, anchor, tense_of)
    for timex in timexes:
        assert text[timex.start : timex.end] == timex.text
    assert [t.start for t in timexes] == sorted(t.start for t in timexes)
    assert all(a.end <= b.start for a, b in pairwise(timexes))
    return [(t.text, t.value, t.precision, t.kind) for t in timexes]


def day(text: str, value: str) -> tuple[str, str, str, str]:
    return (text, value, "day", "DATE")


def month(text: str, value: str) -> tuple[str, str, str, str]:
    return (text, value, "month", "DATE")


def year(text: str, value: str) -> tuple[str, str, str, str]:
    return (text, value, "year", "DATE")


def time(text: str, value: str) -> tuple[str, str, str, str]:
    return (text, value, "day", "TIME")


def other(text: str, value: str | None, kind: str = "DATE") -> tuple[str, str | None, None, str]:
    return (text, value, None, kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The deal was signed on 18 June 2024 in Paris.", [day("18 June 2024", "2024-06-18")]),
        ("The deal was signed on 18th of June 2024.", [day("18th of June 2024", "2024-06-18")]),
        ("The deal was signed June 18, 2024, in Paris.", [day("June 18, 2024", "2024-06-18")]),
        ("The deal was signed June 18 2024 in Paris.", [day("June 18 2024", "2024-06-18")]),
        ("The deal was signed Jan. 5, 2024 in Paris.", [day("Jan. 5, 2024", "2024-01-05")]),
        ("They met on Wednesday, 19 June 2024.", [day("Wednesday, 19 June 2024", "2024-06-19")]),
        ("The file is dated 2024-06-18.", [day("2024-06-18", "2024-06-18")]),
        ("The file is dated 18/06/2024.", [day("18/06/2024", "2024-06-18")]),
        ("The file is dated 06/18/2024.", [day("06/18/2024", "2024-06-18")]),
        ("The file is dated 06/07/2024.", []),  # day-first or month-first: unknown
        ("It is dated 31 February 2024.", [month("February 2024", "2024-02")]),  # no such day
    ],
)
def test_absolute_days(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose in June 2024.", [month("June 2024", "2024-06")]),
        ("It began in October 2023.", [month("October 2023", "2023-10")]),
        ("Talks stalled by March 2024.", [month("March 2024", "2024-03")]),
        ("It began in mid-June 2024.", [month("mid-June 2024", "2024-06")]),
        ("It happened in 2019.", [year("2019", "2019")]),
        ("They have clashed since 2016.", [year("2016", "2016")]),
        ("It will be done by 2030.", [year("2030", "2030")]),
        ("It collapsed in early 2024.", [year("early 2024", "2024")]),
        ("It collapsed at the end of 2023.", [year("the end of 2023", "2023")]),
        ("It grew between 2016 and 2017 in Asia.", [year("2016", "2016"), year("2017", "2017")]),
        ("It grew in both 2016 and 2017 in Asia.", [year("2016", "2016"), year("2017", "2017")]),
        ("It grew from 2016 to 2018 in Asia.", [year("2016", "2016"), year("2018", "2018")]),
        ("It grew in 2016-2018 in Asia.", [year("2016", "2016"), year("2018", "2018")]),
        ("The 2024 budget was cut.", [year("2024", "2024")]),
        ("Russia's 2024 budget was cut.", [year("2024", "2024")]),
        ("2023 was a record year.", [year("2023", "2023")]),
        ("Tension rose after the failed 2016 coup attempt.", [year("2016", "2016")]),
        ("Tension rose after 2016's failed coup.", [year("2016", "2016")]),
        ("The report (2023) was cited.", [year("2023", "2023")]),
        ("The study was published 2023, he said.", [year("2023", "2023")]),
    ],
)
def test_absolute_months_and_years(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("Talks began on 17 June.", FRIDAY, [day("17 June", "2024-06-17")]),
        ("Talks began June 17.", FRIDAY, [day("June 17", "2024-06-17")]),
        ("On 17 June, talks began.", FRIDAY, [day("17 June", "2024-06-17")]),
        ("Talks began on 17 December.", FRIDAY, [day("17 December", "2024-12-17")]),
        ("Talks began on 30 December.", FRIDAY, [day("30 December", "2023-12-30")]),
        ("Talks began on 28 December.", NEW_YEAR, [day("28 December", "2024-12-28")]),
        ("Talks began on Sept. 11.", FRIDAY, [day("Sept. 11", "2024-09-11")]),
        ("They met on Wednesday, June 19.", FRIDAY, [day("Wednesday, June 19", "2024-06-19")]),
        ("Prices rose in February.", FRIDAY, [month("February", "2024-02")]),
        ("Prices rose in December.", FRIDAY, [month("December", "2024-12")]),
        ("Turnover for October was low.", FRIDAY, [month("October", "2024-10")]),
        ("Prices rose in December.", NEW_YEAR, [month("December", "2024-12")]),
        ("In May, prices rose.", FRIDAY, [month("May", "2024-05")]),
        ("Prices rose until mid-March.", FRIDAY, [month("mid-March", "2024-03")]),
        ("Prices rose at the end of March.", FRIDAY, [month("the end of March", "2024-03")]),
        ("It rose in February this year.", FRIDAY, [month("February this year", "2024-02")]),
        ("It rose in February of this year.", FRIDAY, [month("February of this year", "2024-02")]),
        ("It rose in February last year.", FRIDAY, [month("February last year", "2023-02")]),
        ("It rose last March.", FRIDAY, [month("last March", "2024-03")]),
        ("It rose last July.", FRIDAY, [month("last July", "2023-07")]),
        ("It opens next May.", FRIDAY, [month("next May", "2025-05")]),
        (
            "It ran between March and May.",
            FRIDAY,
            [month("March", "2024-03"), month("May", "2024-05")],
        ),
    ],
)
def test_dates_without_a_year_take_the_anchors(text: str, anchor: date, expected: Found) -> None:
    assert found(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met on Wednesday.", [day("Wednesday", "2024-06-19")]),
        ("On Wednesday, they met.", [day("Wednesday", "2024-06-19")]),
        ("They met on Tuesday evening.", [time("Tuesday evening", "2024-06-18TEV")]),
        ("Tuesday was calm.", [day("Tuesday", "2024-06-18")]),
        ("They met on Friday.", [day("Friday", "2024-06-21")]),  # the anchor's own weekday
        ("They met on Saturday.", [day("Saturday", "2024-06-15")]),
        ("They met last Tuesday.", [day("last Tuesday", "2024-06-18")]),
        ("They met last Friday.", [day("last Friday", "2024-06-14")]),
        ("They meet next Monday.", [day("next Monday", "2024-06-24")]),
        ("They meet next Friday.", [day("next Friday", "2024-06-28")]),
    ],
)
def test_weekdays(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "anchor", "tense", "expected"),
    [
        ("They rested at the weekend.", FRIDAY, None, [other("the weekend", "2024-W24-WE")]),
        ("They will rest at the weekend.", FRIDAY, "future", [other("the weekend", "2024-W25-WE")]),
        (
            "They rested at the weekend.",
            date(2024, 6, 23),
            None,
            [other("the weekend", "2024-W25-WE")],
        ),
        ("They rested last weekend.", FRIDAY, None, [other("last weekend", "2024-W24-WE")]),
        ("They rest this weekend.", FRIDAY, None, [other("this weekend", "2024-W25-WE")]),
        ("They rest next weekend.", FRIDAY, None, [other("next weekend", "2024-W26-WE")]),
    ],
)
def test_weekends(text: str, anchor: date, tense: str | None, expected: Found) -> None:
    assert found(text, anchor, lambda offset: tense) == expected


def test_weekdays_across_a_year_boundary() -> None:
    assert found("They met last Tuesday.", NEW_YEAR) == [day("last Tuesday", "2024-12-31")]
    assert found("They met on Monday.", NEW_YEAR) == [day("Monday", "2024-12-30")]


def test_future_tense_reads_weekdays_and_months_forward() -> None:
    future: Callable[[int], str | None] = lambda offset: "future"  # noqa: E731
    assert found("They will meet on Monday.", FRIDAY, future) == [day("Monday", "2024-06-24")]
    assert found("They will meet on Monday.", FRIDAY) == [day("Monday", "2024-06-17")]
    assert found("He will visit in January.", DECEMBER, future) == [month("January", "2025-01")]
    past: Callable[[int], str | None] = lambda offset: "past"  # noqa: E731
    assert found("He visited in January.", DECEMBER, past) == [month("January", "2024-01")]
    assert found("He will visit on 5 January.", DECEMBER, future) == [
        day("5 January", "2025-01-05")
    ]


def test_tense_is_asked_at_the_expression() -> None:
    asked: list[int] = []

    def tense_of(offset: int) -> str | None:
        asked.append(offset)
        return None

    text = "They said on Tuesday that talks would resume."
    find_timexes(text, FRIDAY, tense_of)
    assert text.index("Tuesday") in asked


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("It rained last week.", FRIDAY, [other("last week", "2024-W24")]),
        ("It rains this week.", FRIDAY, [other("this week", "2024-W25")]),
        ("It rains next week.", FRIDAY, [other("next week", "2024-W26")]),
        ("It rained last week.", NEW_YEAR, [other("last week", "2024-W52")]),
        ("It rains this week.", NEW_YEAR, [other("this week", "2025-W01")]),
        ("It rained last month.", FRIDAY, [month("last month", "2024-05")]),
        ("It rains this month.", FRIDAY, [month("this month", "2024-06")]),
        ("It rains next month.", FRIDAY, [month("next month", "2024-07")]),
        ("It rained last month.", NEW_YEAR, [month("last month", "2024-12")]),
        ("It rained earlier this month.", FRIDAY, [month("earlier this month", "2024-06")]),
        ("It rained last year.", FRIDAY, [year("last year", "2023")]),
        ("It rains this year.", FRIDAY, [year("this year", "2024")]),
        ("It rains next year.", FRIDAY, [year("next year", "2025")]),
        ("It rained earlier this year.", FRIDAY, [year("earlier this year", "2024")]),
        ("It rains later this year.", FRIDAY, [year("later this year", "2024")]),
        ("It rained late last year.", FRIDAY, [year("late last year", "2023")]),
        ("It ends by the end of the year.", FRIDAY, [year("the end of the year", "2024")]),
        ("It rained last year.", NEW_YEAR, [year("last year", "2024")]),
    ],
)
def test_relative_weeks_months_years(text: str, anchor: date, expected: Found) -> None:
    assert found(text, anchor) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It fell two days ago.", [day("two days ago", "2024-06-19")]),
        ("It fell 2 days ago.", [day("2 days ago", "2024-06-19")]),
        ("It fell three weeks ago.", [other("three weeks ago", "2024-W22")]),
        ("It fell six months ago.", [month("six months ago", "2023-12")]),
        ("It fell a year ago.", [year("a year ago", "2023")]),
        ("It fell two decades ago.", [year("two decades ago", "2004")]),
        ("It fell years ago.", [other("years ago", "PAST_REF")]),
        ("It fell a few days ago.", [other("a few days ago", "PAST_REF")]),
    ],
)
def test_ago(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It opened today.", [day("today", "2024-06-21")]),
        ("Today it opened.", [day("Today", "2024-06-21")]),
        ("It opened yesterday.", [day("yesterday", "2024-06-20")]),
        ("It opens tomorrow.", [day("tomorrow", "2024-06-22")]),
        ("It opens tonight.", [time("tonight", "2024-06-21TNI")]),
        ("It opened this morning.", [time("this morning", "2024-06-21TMO")]),
        ("It opened last night.", [time("last night", "2024-06-20TNI")]),
        ("It opened yesterday afternoon.", [time("yesterday afternoon", "2024-06-20TAF")]),
        ("It opened the day before yesterday.", [day("the day before yesterday", "2024-06-19")]),
    ],
)
def test_day_words(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose recently.", [other("recently", "PAST_REF")]),
        ("Prices rose in recent years.", [other("recent years", "PXY", "DURATION")]),
        ("Prices rose recently.", [other("recently", "PAST_REF")]),
        ("Prices rose in the past.", [other("the past", "PAST_REF")]),
        ("Prices are now high.", [other("now", "PRESENT_REF")]),
        ("Prices are currently high.", [other("currently", "PRESENT_REF")]),
        ("Prices are high at present.", [other("at present", "PRESENT_REF")]),
        ("Prices are high at the moment.", [other("at the moment", "PRESENT_REF")]),
        ("Prices may rise in the future.", [other("the future", "FUTURE_REF")]),
        ("Prices may rise in the near future.", [other("the near future", "FUTURE_REF")]),
        ("Prices may rise in the coming weeks.", [other("the coming weeks", "FUTURE_REF")]),
        ("The now-defunct group.", []),
        ("The future of the alliance.", []),
    ],
)
def test_references(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It ruled for the last 15 years.", [other("the last 15 years", "P15Y", "DURATION")]),
        ("He made a two-day visit.", [other("two-day", "P2D", "DURATION")]),
        ("He stayed two days.", [other("two days", "P2D", "DURATION")]),
        ("He returned after 24 years.", [other("24 years", "P24Y", "DURATION")]),
        ("It took several years.", [other("several years", "PXY", "DURATION")]),
        ("It took a few weeks.", [other("a few weeks", "PXW", "DURATION")]),
        ("It took decades.", [other("decades", "PXDE", "DURATION")]),
        ("It lasted six months.", [other("six months", "P6M", "DURATION")]),
        ("It lasted twenty-five years.", [other("twenty-five years", "P25Y", "DURATION")]),
        ("It lasted 2.5 years.", [other("2.5 years", "P2.5Y", "DURATION")]),
        ("It rose over the past year.", [other("the past year", "P1Y", "DURATION")]),
        ("It rose in the past 24 hours.", [other("the past 24 hours", "PT24H", "DURATION")]),
        ("It took a couple of weeks.", [other("a couple of weeks", "P2W", "DURATION")]),
        ("They have fought for years.", [other("years", "PXY", "DURATION")]),
        ("It was a decades-long war.", [other("decades", "PXDE", "DURATION")]),
        ("He won a second term.", []),
        ("A 24-year-old man was held.", []),
        ("The man, 24 years old, was held.", []),
        ("They met the next day.", []),
    ],
)
def test_durations(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They meet every year.", [other("every year", "P1Y", "SET")]),
        ("They meet each week.", [other("each week", "P1W", "SET")]),
        ("They meet every two years.", [other("every two years", "P2Y", "SET")]),
        ("They meet every other week.", [other("every other week", "P2W", "SET")]),
        ("They meet every Monday.", [other("every Monday", "XXXX-WXX-1", "SET")]),
        ("They meet twice a year.", [other("twice a year", "P1Y", "SET")]),
        ("It earns 5% per annum.", [other("per annum", "P1Y", "SET")]),
        ("The annual summit.", []),  # TimeML marks no set in an adjective before a noun
        ("It raised its quarterly dividend.", []),
        ("They meet annually.", [other("annually", "P1Y", "SET")]),
        ("They meet weekly.", [other("weekly", "P1W", "SET")]),
        ("They meet daily.", [other("daily", "P1D", "SET")]),
    ],
)
def test_sets(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It began in the 1990s.", [other("1990s", "199")]),
        ("It began in the '90s.", [other("'90s", "199")]),
        ("It began in the mid-1980s.", [other("mid-1980s", "198")]),
        ("It is the 21st century.", [other("21st century", "20")]),
        ("It opens in summer 2024.", [other("summer 2024", "2024-SU")]),
        ("It opened in the summer of 2019.", [other("summer of 2019", "2019-SU")]),
        ("It opened last summer.", [other("last summer", "2023-SU")]),
        ("Summer is hot.", []),
        (
            "Sales fell in the first quarter of 2024.",
            [other("the first quarter of 2024", "2024-Q1")],
        ),
        ("Sales fell in Q1 2024.", [other("Q1 2024", "2024-Q1")]),
        (
            "Sales fell in the fourth quarter of this year.",
            [other("the fourth quarter of this year", "2024-Q4")],
        ),
        ("Sales fell in the last quarter.", [other("the last quarter", "2024-Q1")]),
        ("Sales fell in the latest quarter.", [other("the latest quarter", "2024-Q1")]),
        ("Second-quarter sales fell.", [other("Second-quarter", "2024-Q2")]),
        ("Third-quarter sales fell.", [other("Third-quarter", "2023-Q3")]),  # Q3 2024 is ahead
        ("Sales fell in the second half of 2023.", [other("the second half of 2023", "2023-H2")]),
        ("Sales fell in H2 2023.", [other("H2 2023", "2023-H2")]),
        ("He scored in the first half.", []),
        ("It is the budget for fiscal year 2024.", [year("fiscal year 2024", "2024")]),
        ("It is the budget for fiscal 2023.", [year("fiscal 2023", "2023")]),
        ("It is the FY2024 budget.", [year("FY2024", "2024")]),
        ("It is the FY24 budget.", [year("FY24", "2024")]),
    ],
)
def test_decades_seasons_quarters_fiscal_years(text: str, expected: Found) -> None:
    assert found(text) == expected


def test_without_an_anchor_only_absolute_dates_have_values() -> None:
    text = "On 18 June 2024, two days after the vote on Sunday, it rained in March 2023; now too."
    assert found(text, None) == [
        day("18 June 2024", "2024-06-18"),
        other("two days", "P2D", "DURATION"),
        other("Sunday", None),
        month("March 2023", "2023-03"),
        other("now", "PRESENT_REF"),
    ]
    assert found("It fell last week, yesterday and on 17 June.", None) == [
        other("last week", None),
        other("yesterday", None),
        other("17 June", None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The president may sign it.",
        "May I add something?",
        "Thousands joined a protest march.",
        "March organisers said it was calm.",
        "The two met in a hotel.",
        "The ship # 917 left port.",
        "Nearly 1,000 containers were moved.",
        "The T72 and the Iskander 7 were shown.",
        "The army fired 2019 missiles.",
        "They counted a total of 2019 missiles.",
        "They hired 2000 people.",
        "It passed Resolution 2087.",
        "USA Today reported it.",
        "June Smith said so.",
        "He won 12 to 6.",
        "The 1,200 troops left.",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert found(text) == []


def test_a_paragraph_has_right_offsets_and_no_overlaps() -> None:
    text = (
        "On Wednesday, the ministry said that since March 2023 nearly 1,000 containers had crossed "
        "the border. Two days ago, inspectors said the shipments had gone on for the last 15 years "
        "and would be reviewed next month, as they are every year."
    )
    assert found(text) == [
        day("Wednesday", "2024-06-19"),
        month("March 2023", "2023-03"),
        day("Two days ago", "2024-06-19"),
        other("the last 15 years", "P15Y", "DURATION"),
        month("next month", "2024-07"),
        other("every year", "P1Y", "SET"),
    ]


@pytest.mark.parametrize(
    ("expression", "anchor", "tense", "expected"),
    [
        ("On Wednesday", FRIDAY, None, ("2024-06-19", "day", "DATE")),
        ("on Monday", FRIDAY, "future", ("2024-06-24", "day", "DATE")),
        ("last week", FRIDAY, None, ("2024-W24", None, "DATE")),
        ("in December", NEW_YEAR, None, ("2024-12", "month", "DATE")),
        ("2019", None, None, ("2019", "year", "DATE")),
        ("18 June 2024", None, None, ("2024-06-18", "day", "DATE")),
        ("yesterday", None, None, (None, None, "DATE")),
        ("for the last 15 years", FRIDAY, None, ("P15Y", None, "DURATION")),
        ("weekly", FRIDAY, None, ("P1W", None, "SET")),
        ("banana", FRIDAY, None, (None, None, "DATE")),
    ],
)
def test_normalise_one_expression(
    expression: str,
    anchor: date | None,
    tense: str | None,
    expected: tuple[str | None, str | None, str],
) -> None:
    assert normalise(expression, anchor, tense) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It took nearly two years.", [other("nearly two years", "P2Y", "DURATION")]),
        ("It lasted more than a week.", [other("more than a week", "P1W", "DURATION")]),
        ("It lasted at least 72 hours.", [other("at least 72 hours", "PT72H", "DURATION")]),
        ("It lasted over an hour.", [other("over an hour", "PT1H", "DURATION")]),
        ("It fell almost four years ago.", [year("almost four years ago", "2020")]),
        ("Profit rose in the nine months.", [other("the nine months", "P9M", "DURATION")]),
        ("He made the two-day trip.", [other("two-day", "P2D", "DURATION")]),
        ("It lasted two decades.", [other("two decades", "P20Y", "DURATION")]),
        ("It rose over the past decade.", [other("the past decade", "P10Y", "DURATION")]),
        ("It stood for three centuries.", [other("three centuries", "P300Y", "DURATION")]),
    ],
)
def test_timeml_duration_extents_and_values(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A year earlier, it rained.", [year("A year earlier", "2023")]),
        ("It had rained one year before.", [year("one year before", "2023")]),
        ("Sales matched year-earlier levels.", [year("year-earlier", "2023")]),
        (
            "Profit rose in the second quarter from a year earlier.",
            [other("the second quarter", "2024-Q2"), other("a year earlier", "2023-Q2")],
        ),
        (
            "Profit rose in the quarter from a year ago.",
            [other("the quarter", "2024-Q1"), other("a year ago", "2023-Q1")],
        ),
        ("It beat the year-earlier quarter.", [other("the year-earlier quarter", "2023-Q1")]),
        (
            "It beat the year-ago second quarter.",
            [other("the year-ago second quarter", "2023-Q2")],
        ),
    ],
)
def test_a_year_earlier_in_earnings_news(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It beat the 2023 third quarter.", [other("the 2023 third quarter", "2023-Q3")]),
        ("It beat this year's first quarter.", [other("this year's first quarter", "2024-Q1")]),
        ("It beat last year's fourth quarter.", [other("last year's fourth quarter", "2023-Q4")]),
        ("Sales fell in the quarter.", [other("the quarter", "2024-Q1")]),
        ("Sales will rise in the current quarter.", [other("the current quarter", "2024-Q2")]),
        ("They reached the quarter-final.", []),
        ("It won a quarter of the vote.", []),
        ("He lives in the quarter of the old town.", []),
    ],
)
def test_quarters_of_earnings_news(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Now, the company is for sale.", []),  # a discourse marker, no time
        ("Now the company is for sale.", [other("Now", "PRESENT_REF")]),
        ("It blamed current market conditions.", [other("current", "PRESENT_REF")]),
        ("It will report in the current quarter.", [other("the current quarter", "2024-Q2")]),
        ("They worry about the future.", [other("the future", "FUTURE_REF")]),
        ("Sales in the latest period rose.", [other("the latest period", "2024-Q1")]),
        ("Sales in the latest quarter rose.", [other("the latest quarter", "2024-Q1")]),
        ("Sales for the year rose 5%.", [year("the year", "2024")]),
        ("Sales for the full year rose 5%.", [year("the full year", "2024")]),
        (
            "Net income for the year ended March 31 rose.",
            [other("the year", "P1Y", "DURATION"), day("March 31", "2024-03-31")],
        ),
    ],
)
def test_references_of_financial_news(text: str, expected: Found) -> None:
    assert found(text) == expected


def test_the_tense_places_a_date_without_a_year() -> None:
    past: Callable[[int], str | None] = lambda offset: "past"  # noqa: E731
    future: Callable[[int], str | None] = lambda offset: "future"  # noqa: E731
    # a past clause: a date a little ahead of the article's is still this year, far ahead last year
    assert found("It was signed on 5 August.", FRIDAY, past) == [day("5 August", "2024-08-05")]
    assert found("It was signed on 5 October.", FRIDAY, past) == [day("5 October", "2023-10-05")]
    # a future clause: a date months behind the article's is next year
    assert found("It will open on 5 February.", FRIDAY, future) == [day("5 February", "2025-02-05")]
    # no tense: the nearest date, leaning to the past
    assert found("It opens in January.", DECEMBER) == [month("January", "2025-01")]
    assert found("It opened in January.", FRIDAY) == [month("January", "2024-01")]
    assert found("It opens in November.", FRIDAY) == [month("November", "2024-11")]


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("It was built in nineteen ninety-six.", FRIDAY, [year("nineteen ninety-six", "1996")]),
        ("It was built in nineteen ten.", FRIDAY, [year("nineteen ten", "1910")]),
        ("Jobs by the year two thousand.", FRIDAY, [year("the year two thousand", "2000")]),
        ("Nineteen people were hurt.", FRIDAY, []),
        ("He was found on Thanksgiving Day.", NEW_YEAR, [day("Thanksgiving Day", "2024-11-28")]),
        ("They met last Christmas.", FRIDAY, [day("last Christmas", "2023-12-25")]),
        ("They met on Christmas Eve 2019.", FRIDAY, [day("Christmas Eve 2019", "2019-12-24")]),
        ("They paraded on Memorial Day.", FRIDAY, [day("Memorial Day", "2024-05-27")]),
        ("A hearing the week of March 6.", FRIDAY, [other("the week of March 6", "2024-W10")]),
        ("It saves $2 million a year.", FRIDAY, []),  # a rate, no duration
        ("It adds four flights a week.", FRIDAY, []),
        ("It lasted a year.", FRIDAY, [other("a year", "P1Y", "DURATION")]),
    ],
)
def test_spelled_years_holidays_weeks_and_rates(text: str, anchor: date, expected: Found) -> None:
    assert found(text, anchor) == expected


def test_as_soon_as_reads_a_weekday_forward() -> None:
    assert found("They could leave as soon as Tuesday.") == [day("Tuesday", "2024-06-25")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It ended at 3 p.m.", [time("3 p.m.", "2024-06-21T15:00")]),
        ("The blast came at 10:35 a.m. local time.", [time("10:35 a.m.", "2024-06-21T10:35")]),
        ("They met at noon Thursday.", [time("noon Thursday", "2024-06-20T12:00")]),
        (
            "It began at 10 p.m. EST on Wednesday.",
            [time("10 p.m. EST on Wednesday", "2024-06-19T22:00")],
        ),
        ("It ends at midnight.", [time("midnight", "2024-06-21T24:00")]),
        ("It started at 10:30.", []),  # no a.m./p.m.: a score as likely as a time
        ("Troops will stay for two more weeks.", [other("two more weeks", "P2W", "DURATION")]),
        (
            "It has stood for almost a hundred years.",
            [other("almost a hundred years", "P100Y", "DURATION")],
        ),
    ],
)
def test_clock_times_and_counted_durations(text: str, expected: Found) -> None:
    assert found(text) == expected
