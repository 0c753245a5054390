"""Within-document coreference: pronouns and bare role nouns become mentions of real actors."""

from __future__ import annotations

from storyline.actors.gazetteer import Gazetteer
from storyline.actors.resolver import ActorResolver
from storyline.model import Document
from storyline.nlp import analyse


def _links(gazetteer: Gazetteer, text: str, published: str = "2023-03-01") -> list[tuple]:
    """(mention text, actor name) of the coreference mentions, in text order."""
    resolver = ActorResolver(gazetteer)
    document = Document(source="t", text=text, published=published)
    analysis = next(analyse([document]))
    mentions = resolver.resolve(analysis.doc, document.id, analysis.anchor)
    names = {**{a.id: a.name for a in gazetteer.actors.values()}, **{
        a.id: a.name for a in resolver.actors.values()
    }}  # fmt: skip
    return [(m.text, names[m.actor]) for m in mentions if m.label == "COREF"]


def test_pronoun_takes_the_person_named_before(gazetteer: Gazetteer) -> None:
    links = _links(gazetteer, "Olaf Scholz landed in Delhi. He met business leaders on Monday.")
    assert links == [("He", "Olaf Scholz")]


def test_possessive_takes_its_clause_subject(gazetteer: Gazetteer) -> None:
    links = _links(gazetteer, "Emmanuel Macron thanked Olaf Scholz for his support.")
    assert links == [("his", "Emmanuel Macron")]


def test_bare_role_takes_the_person_who_held_it(gazetteer: Gazetteer) -> None:
    links = _links(
        gazetteer,
        "Joe Biden spoke to Olaf Scholz by phone. Later the president signed the budget bill.",
    )
    assert links == [("president", "Joe Biden")]


def test_no_antecedent_far_back_or_absent(gazetteer: Gazetteer) -> None:
    assert _links(gazetteer, "He said the storm had passed.") == []
    text = "Olaf Scholz spoke. " + "The river rose. " * 5 + "He left."
    assert _links(gazetteer, text) == []


def test_its_allies_is_a_group_beside_the_country(gazetteer: Gazetteer) -> None:
    links = _links(gazetteer, "The United States and its allies condemned the launch.")
    assert links == [("allies", "allies of United States")]


def test_groups_of_states_have_members(gazetteer: Gazetteer) -> None:
    (west,) = gazetteer.lookup("Western powers")
    assert west.kind == "group" and gazetteer.actors["Q30"].id in west.members
    (g7,) = gazetteer.lookup("G7 leaders")
    assert sorted(gazetteer.actors[m].country for m in g7.members) == [
        "CAN", "DEU", "FRA", "GBR", "ITA", "JPN", "USA",
    ]  # fmt: skip


def test_relative_pronoun_is_the_noun_it_follows(gazetteer: Gazetteer) -> None:
    links = _links(gazetteer, "Angela Merkel, who led Germany for years, spoke in Paris.")
    assert links == [("who", "Angela Merkel")]


def test_they_takes_the_plural_actor_named_before(gazetteer: Gazetteer) -> None:
    links = _links(gazetteer, "The protesters marched to the square. They demanded new elections.")
    assert links == [("They", "protesters")]
