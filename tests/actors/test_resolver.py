"""Actor resolution: aliases, metonyms, demonyms, roles by date, guarded typos, unknown names."""

from __future__ import annotations

from pathlib import Path

from storyline.actors.gazetteer import Gazetteer, normalise_name
from storyline.actors.resolver import ActorResolver
from storyline.model import Document
from storyline.nlp import analyse


def _actors(gazetteer: Gazetteer, text: str, published: str = "2024-06-21") -> dict[str, str]:
    """Mention text -> resolved actor name."""
    resolver = ActorResolver(gazetteer)
    document = Document(source="t", text=text, published=published)
    analysis = next(analyse([document]))
    found = {}
    for mention in resolver.resolve(analysis.doc, document.id, analysis.anchor):
        actor = gazetteer.actors.get(mention.actor) or resolver.actors[mention.actor]
        found[mention.text] = actor
    return found


def test_names_normalise_across_spellings() -> None:
    assert normalise_name("Kim Jong-un") == normalise_name("Kim Jong Un")
    assert normalise_name("the Élysée") == "elysee"


def test_spelling_variants_are_one_actor(gazetteer: Gazetteer) -> None:
    found = _actors(gazetteer, "Kim Jong-un spoke first. Later Kim Jong Un left the hall.")
    assert found["Kim Jong-un"].id == found["Kim Jong Un"].id
    assert found["Kim Jong Un"].country == "PRK"


def test_country_aliases_capitals_and_demonyms(gazetteer: Gazetteer) -> None:
    found = _actors(
        gazetteer,
        "The DPRK and the Democratic People's Republic of Korea are one state. "
        "Officials in Pyongyang agreed. Russian diplomats met the Kremlin's envoy.",
    )
    assert found["DPRK"].country == "PRK"
    assert found["Democratic People's Republic of Korea"].country == "PRK"
    assert found["Pyongyang"].country == "PRK"
    assert found["Russian"].country == "RUS"
    assert found["Kremlin"].country == "RUS"


def test_capitals_and_metonyms_stand_for_the_government(gazetteer: Gazetteer) -> None:
    found = _actors(
        gazetteer,
        "Moscow said the talks went well. The Kremlin denied it. The Russian government agreed. "
        "Pyongyang welcomed the deal, and North Korea sent a delegation.",
    )
    government = found["Moscow"]
    assert (government.kind, government.country, government.sector) == ("government", "RUS", "GOV")
    assert found["Kremlin"].id == found["government"].id == government.id
    assert found["Pyongyang"].kind == "government" and found["Pyongyang"].country == "PRK"
    assert found["North Korea"].kind == "country"  # the country itself stays the country


def test_role_description_resolves_by_date(gazetteer: Gazetteer) -> None:
    sentence = "The Russian defence minister arrived in Minsk for talks."
    later = _actors(gazetteer, sentence, "2024-06-21")["The Russian defence minister"]
    earlier = _actors(gazetteer, sentence, "2020-03-01")["The Russian defence minister"]
    assert later.kind == earlier.kind == "person"
    assert later.id != earlier.id
    assert "Belousov" in later.name and "Shoigu" in earlier.name


def test_typo_resolves_when_context_agrees(gazetteer: Gazetteer) -> None:
    found = _actors(gazetteer, "Sergey Lavorv, the Russian foreign minister, flew to Tehran.")
    assert "Lavrov" in found["Sergey Lavorv"].name


def test_typo_without_agreeing_context_is_not_merged(gazetteer: Gazetteer) -> None:
    found = _actors(gazetteer, "Sergey Lavorv opened a bakery in Lyon last spring.")
    assert found["Sergey Lavorv"].id.startswith("person:")


def test_unknown_names_become_actors_of_their_own(gazetteer: Gazetteer) -> None:
    found = _actors(gazetteer, "Jonas Weber, a local farmer, praised the harvest.")
    actor = found["Jonas Weber"]
    assert actor.kind == "person" and actor.id == "person:jonas-weber"


def test_surname_links_to_the_person_named_earlier(gazetteer: Gazetteer) -> None:
    found = _actors(gazetteer, "Xi Jinping arrived on Monday. Xi then met the press.")
    assert found["Xi"].id == found["Xi Jinping"].id


def test_user_gazetteer_file_adds_actors(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text(
        "id\tname\taliases\tkind\tcountry\tsector\twikidata\n"
        "org:harbour-watch\tHarbour Watch Collective\tHWC\torganisation\tNOR\tNGO\t\n",
        encoding="utf-8",
    )
    gazetteer = Gazetteer.load([extra])
    found = _actors(gazetteer, "The Harbour Watch Collective criticised the port authority.")
    assert found["Harbour Watch Collective"].id == "org:harbour-watch"
    assert found["Harbour Watch Collective"].country == "NOR"


def test_family_name_first_links_to_the_person_named_earlier(gazetteer: Gazetteer) -> None:
    found = _actors(gazetteer, "Kim Jong Un inspected a factory. Later Kim spoke to the workers.")
    assert found["Kim"].id == found["Kim Jong Un"].id


def test_ner_noise_does_not_capture_a_known_surname(gazetteer: Gazetteer) -> None:
    found = _actors(
        gazetteer, "Vladimir Putin arrived. Putin Tour Diary was trending. Later Putin left."
    )
    assert found["Putin"].id == found["Vladimir Putin"].id


def test_unnamed_actors_with_their_country(gazetteer: Gazetteer) -> None:
    found = _actors(
        gazetteer, "German prosecutors spoke to the rebels. Police in Paris arrested two men."
    )
    assert found["prosecutors"].id == "agent:DEU:prosecutor"
    assert found["prosecutors"].sector == "JUD" and found["prosecutors"].country == "DEU"
    assert found["Police"].country == "FRA"
    assert found["rebels"].id.startswith("agent:XXX:rebel:") and found["rebels"].sector == "REB"


def test_two_people_sharing_a_family_name_stay_apart(gazetteer: Gazetteer) -> None:
    found = _actors(gazetteer, "Kim Jong Un met Kim Tok Hun. Kim Yo Jong was not there.")
    ids = {found[name].id for name in ("Kim Jong Un", "Kim Tok Hun", "Kim Yo Jong")}
    assert len(ids) == 3


def test_known_names_the_ner_missed_or_mangled(gazetteer: Gazetteer) -> None:
    found = _actors(gazetteer, "Furious Theresa May met officials in South Sudan on Monday.")
    assert found["Theresa May"].country == "GBR"
    assert found["South Sudan"].country == "SSD"


def test_a_description_of_a_named_person_is_that_person(gazetteer: Gazetteer) -> None:
    resolver = ActorResolver(gazetteer)
    text = "The actress Jane Roe was arrested on Monday. Later the actress thanked her fans."
    document = Document(source="t", text=text, published="2024-01-10")
    analysis = next(analyse([document]))
    mentions = resolver.resolve(analysis.doc, document.id, analysis.anchor)
    by_text = {}
    for mention in mentions:
        by_text.setdefault(mention.text, []).append(mention.actor)
    roe = by_text["Jane Roe"][0]
    assert by_text["actress"] == [roe, roe]


def test_a_surname_the_ner_left_untagged_follows_the_full_name(gazetteer: Gazetteer) -> None:
    resolver = ActorResolver(gazetteer)
    text = "Jonas Weber opened the meeting. Weber smiled."  # spaCy tags the second alone
    document = Document(source="t", text=text, published="2024-01-10")
    analysis = next(analyse([document]))
    mentions = resolver.resolve(analysis.doc, document.id, analysis.anchor)
    ids = {m.text: m.actor for m in mentions}
    assert ids["Weber"] == ids["Jonas Weber"]
