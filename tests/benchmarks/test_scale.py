"""The scale benchmark's copies of analysed documents: new ids, dates moved, nothing shared."""

from __future__ import annotations

from scale import Analysed, replica, shifted

from storyline.model import Actor, Document, Event, Evidence, Mention


def analysed() -> Analysed:
    document = Document(source="a.json#1", text="Police arrested him.", published="2019-03-30")
    victim = f"agent:XXX:victim:{document.id[:8]}"
    evidence = Evidence(document.id, 0, 0, 20, "Police arrested him.")
    event = Event(
        "e1", "COERCE", actors=["Q1"], recipients=[victim], date="2019-03", evidence=[evidence]
    )
    mention = Mention(document.id, 0, 17, 19, "him", "PERSON", victim)
    actor = Actor(victim, "victim", "group")
    return Analysed(document, "Police arrested him.", ["police"], [mention], [event], [actor])


def test_shifted_keeps_the_precision() -> None:
    assert shifted("2019-03-30", 3) == "2019-04-02"
    assert shifted("2019-03", 40) == "2019-04"
    assert shifted("2019", 400) == "2020"
    assert shifted("2019-03-30T10:00:00", 1) == "2019-03-31T10:00:00"
    assert shifted(None, 5) is None
    assert shifted("PAST_REF", 5) == "PAST_REF"


def test_copy_zero_is_an_unshared_copy() -> None:
    item = analysed()
    copy = replica(item, 0, 0)
    assert copy == item
    copy.events[0].evidence.append(copy.events[0].evidence[0])
    assert len(item.events[0].evidence) == 1


def test_a_copy_has_its_own_ids_and_later_dates() -> None:
    item = analysed()
    copy = replica(item, 2, 100)
    document = copy.document
    assert document.id != item.document.id
    assert document.text.startswith(item.document.text)
    assert document.published == "2019-07-08"
    event = copy.events[0]
    assert event.id != "e1" and event.date == "2019-06"
    assert event.evidence[0].document == document.id
    assert (event.evidence[0].start, event.evidence[0].end) == (0, 20)
    victim = f"agent:XXX:victim:{document.id[:8]}"
    assert event.recipients == [victim] and event.actors == ["Q1"]
    assert copy.mentions[0].document == document.id and copy.mentions[0].actor == victim
    assert copy.actors[0].id == victim
    assert item.actors[0].id.endswith(item.document.id[:8])
