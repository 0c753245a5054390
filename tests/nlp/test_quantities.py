"""Quantities: numbers with units and modifiers, and the numbers that are none."""

from __future__ import annotations

from itertools import pairwise

import pytest

from storyline.nlp.quantities import find_quantities

Found = list[tuple[str, float, str | None, str | None]]


def found(text: str) -> Found:
    """(text, value, unit, modifier) of every quantity, after checking the offsets."""
    quantities = find_quantities(text)
    for quantity in quantities:
        assert text[quantity.start : quantity.end] == quantity.text
        assert isinstance(quantity.value, float)
    assert all(a.end <= b.start for a, b in pairwise(quantities))
    return [(q.text, q.value, q.unit, q.modifier) for q in quantities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials seized 7,000 containers.", [("7,000 containers", 7000, "containers", None)]),
        ("They shipped 100 tonnes of grain.", [("100 tonnes", 100, "tonnes", None)]),
        ("The line runs 3 km north.", [("3 km", 3, "km", None)]),
        ("The line runs 3km north.", [("3km", 3, "km", None)]),
        ("It carries 2.5 million people.", [("2.5 million people", 2.5e6, "people", None)]),
        ("Five others were hurt.", [("Five others", 5, "others", None)]),
        ("It hit twenty-five villages.", [("twenty-five villages", 25, "villages", None)]),
        (
            "It hosts two hundred and fifty thousand refugees.",
            [("two hundred and fifty thousand refugees", 250_000, "refugees", None)],
        ),
        ("It hosts nine million people.", [("nine million people", 9e6, "people", None)]),
        ("They sent a dozen drones.", [("a dozen drones", 12, "drones", None)]),
        ("They sent 300 US troops.", [("300 US troops", 300, "troops", None)]),
        ("Sales reached 300.", [("300", 300, None, None)]),
        ("He said: 40 people died.", [("40 people", 40, "people", None)]),
        ("The 300 soldiers left.", [("300 soldiers", 300, "soldiers", None)]),
        ("It published a 500-page report.", [("500-page", 500, "page", None)]),
        ("Two British soldiers died.", [("Two British soldiers", 2, "soldiers", None)]),
        ("Two main parties won.", [("Two main parties", 2, "parties", None)]),
        ("It faced 800 Isis fighters.", [("800 Isis fighters", 800, "fighters", None)]),
        ("It hosts a million Syrians who fled.", [("a million Syrians", 1e6, "syrians", None)]),
        ("Two men were hurt.", [("Two men", 2, "men", None)]),
    ],
)
def test_numbers_and_units(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose 15 per cent.", [("15 per cent", 15, "percent", None)]),
        ("Prices rose 15 percent.", [("15 percent", 15, "percent", None)]),
        ("Prices rose 15%.", [("15%", 15, "percent", None)]),
        ("Prices rose 2.5 %.", [("2.5 %", 2.5, "percent", None)]),
    ],
)
def test_percentages(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fund holds $300 billion.", [("$300 billion", 3e11, "USD", None)]),
        ("The deal is worth €2.5m.", [("€2.5m", 2.5e6, "EUR", None)]),
        ("The grant is £40 million.", [("£40 million", 4e7, "GBP", None)]),
        ("It paid 300 billion dollars.", [("300 billion dollars", 3e11, "USD", None)]),
        ("It paid US$5bn in fees.", [("US$5bn", 5e9, "USD", None)]),
        ("It paid 40 million euros.", [("40 million euros", 4e7, "EUR", None)]),
        ("It paid USD 5 million.", [("USD 5 million", 5e6, "USD", None)]),
        ("It paid ¥200bn.", [("¥200bn", 2e11, "JPY", None)]),
        ("It paid $1.2 trillion.", [("$1.2 trillion", 1.2e12, "USD", None)]),
        ("It paid $50k.", [("$50k", 5e4, "USD", None)]),
    ],
)
def test_money(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "They sent nearly 1,000 containers of arms.",
            [("nearly 1,000 containers", 1000, "containers", "nearly")],
        ),
        ("He was warned at least nine times.", [("at least nine times", 9, "times", "at least")]),
        ("About 300 troops left.", [("About 300 troops", 300, "troops", "about")]),
        ("Some 40 tanks left.", [("Some 40 tanks", 40, "tanks", "some")]),
        ("More than 1,000 people fled.", [("More than 1,000 people", 1000, "people", "more than")]),
        ("Up to 50 ships sailed.", [("Up to 50 ships", 50, "ships", "up to")]),
        (
            "An estimated 20,000 people died.",
            [("An estimated 20,000 people", 20_000, "people", "an estimated")],
        ),
        ("It costs over $5bn.", [("over $5bn", 5e9, "USD", "over")]),
    ],
)
def test_modifiers(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thousands of shipments were seized.",
            [("Thousands of shipments", 1000, "shipments", "thousands")],
        ),
        ("Dozens of people gathered.", [("Dozens of people", 12, "people", "dozens")]),
        (
            "Hundreds of the soldiers left.",
            [("Hundreds of the soldiers", 100, "soldiers", "hundreds")],
        ),
        (
            "Tens of thousands of people fled.",
            [("Tens of thousands of people", 1e4, "people", "tens of thousands")],
        ),
        ("It lost millions of dollars.", [("millions of dollars", 1e6, "USD", "millions")]),
        ("It lasted hundreds of years.", []),
        ("Dozens of other women fled.", [("Dozens of other women", 12, "women", "dozens")]),
        ("Dozens of chemical attacks.", [("Dozens of chemical attacks", 12, "attacks", "dozens")]),
    ],
)
def test_vague_numbers(text: str, expected: Found) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "It happened in 2019.",
        "It happened on 18 June 2024.",
        "It happened on June 18.",
        "The 2024 budget was cut.",
        "He returned after 24 years.",
        "It ruled for the last 15 years.",
        "He made a two-day visit.",
        "A 24-year-old man was held.",
        "He waited 48 hours.",
        "It was the 24th time.",
        "The T72 and the Iskander 7 were shown.",
        "It was calm; Iskander 7 missiles flew later.",
        "The ship # 917 left port.",
        "The vote on Resolution 1718 passed.",
        "The G7 and the G20 met.",
        "COVID-19 spread.",
        "It started at 10:30.",
        "It started at 3 p.m.",
        "It started at 3pm.",
        "The two of them met.",
        "One of the ships sank.",
        "No one was hurt.",
        "The score was 2-1.",
        "The figures were 1,2,3 and 1.2.3.",
        "One man died.",
        "Yago Smith, 27, said so.",
        "Smith, 27, and Jones, 31, left.",
        "She left, aged 15.",
        "Children under the age of 18 are safe.",
        "The report ends.\n2. The team left.",
    ],
)
def test_no_quantity(text: str) -> None:
    assert found(text) == []


def test_a_number_after_a_comma_is_no_age_when_it_counts() -> None:
    assert found("In Paris, 300 people marched.") == [("300 people", 300, "people", None)]
    assert found("It rose to 2. Then it fell.") == [("2", 2, None, None)]


def test_the_metre_and_the_million() -> None:
    assert found("He ran the 100m in Paris.") == [("100m", 100, "m", None)]
    assert found("It serves 2.5m people.") == [("2.5m people", 2.5e6, "people", None)]


def test_a_paragraph_keeps_order_and_offsets() -> None:
    text = (
        "On 17 June, nearly 1,000 containers worth $300 billion crossed the border, "
        "and dozens of people watched as 15% of them were opened in 2019 fashion."
    )
    assert found(text) == [
        ("nearly 1,000 containers", 1000, "containers", "nearly"),
        ("$300 billion", 3e11, "USD", None),
        ("dozens of people", 12, "people", "dozens"),
        ("15%", 15, "percent", None),
    ]
