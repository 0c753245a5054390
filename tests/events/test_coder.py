"""The rule-based PLOVER coder on sentences written for these tests."""

from __future__ import annotations


def test_visit_with_actor_recipient_and_location(code) -> None:
    coded = code("Narendra Modi visited Russia on Monday and met Vladimir Putin in Moscow.")
    consult = coded.of_type("CONSULT")
    assert consult, coded.events
    visit = consult[0]
    assert coded.names(visit.actors) == ["Narendra Modi"]
    assert coded.names(visit.recipients) == ["Russia"]
    assert visit.date == "2024-06-17" and visit.date_precision == "day"
    assert visit.evidence[0].text.startswith("Narendra Modi visited")


def test_reciprocal_signing_has_several_actors(code) -> None:
    coded = code("Japan and India signed a defence agreement on Wednesday.")
    signing = coded.of_type("SUPPORT")[0]
    assert sorted(coded.names(signing.actors)) == ["India", "Japan"]
    assert signing.recipients == []
    assert signing.date == "2024-06-19"


def test_the_backer_of_a_backed_group_is_not_its_act(code) -> None:
    coded = code("US-backed militias attacked Iraq on Monday.")
    assault = coded.of_type("ASSAULT")[0]
    assert "United States" not in coded.names(assault.actors)
    assert coded.names(assault.recipients) == ["Iraq"]


def test_passive_voice_swaps_actor_and_recipient(code) -> None:
    coded = code("Ukraine was attacked by Russia overnight.")
    assault = coded.of_type("ASSAULT")[0]
    assert coded.names(assault.actors) == ["Russia"]
    assert coded.names(assault.recipients) == ["Ukraine"]


def test_reported_speech_is_attributed(code) -> None:
    coded = code("In March 2023 the United States said that Iran had sent 300 drones to Russia.")
    aid = coded.of_type("AID")[0]
    assert coded.names(aid.actors) == ["Iran"]
    assert coded.names(aid.recipients) == ["Russia"]
    assert coded.names(aid.attributed_to) == ["United States"]
    assert aid.status == "asserted"
    assert (aid.date, aid.date_precision) == ("2023-03", "month")
    assert aid.quantity is not None and aid.quantity.value == 300


def test_accusation_makes_the_embedded_event_alleged(code) -> None:
    coded = code("France accused Iran of supplying missiles to Russia.")
    accuse = coded.of_type("ACCUSE")[0]
    assert coded.names(accuse.actors) == ["France"]
    assert coded.names(accuse.recipients) == ["Iran"]
    aid = coded.of_type("AID")[0]
    assert coded.names(aid.actors) == ["Iran"]
    assert aid.status == "alleged"
    assert coded.names(aid.attributed_to) == ["France"]


def test_denial_marks_the_denied_event(code) -> None:
    coded = code("Iran and Russia denied supplying weapons to the rebels.")
    denied = [e for e in coded.events if e.status == "denied"]
    assert denied, coded.events
    assert sorted(coded.names(denied[0].attributed_to or denied[0].actors)) == ["Iran", "Russia"]


def test_future_is_planned_and_negation_is_negated(code) -> None:
    coded = code(
        "Germany will sign a trade agreement with Poland. Italy did not sign the agreement."
    )
    statuses = {coded.names(e.actors)[0]: e.status for e in coded.of_type("SUPPORT")}
    assert statuses == {"Germany": "planned", "Italy": "negated"}


def test_condition_is_hypothetical(code) -> None:
    coded = code("If Iran attacks Israel, the United States would respond.")
    assault = coded.of_type("ASSAULT")[0]
    assert assault.status == "hypothetical"


def test_according_to_sets_attribution(code) -> None:
    coded = code("Russia fired missiles at Kyiv on Tuesday, according to the United Nations.")
    event = next(e for e in coded.events if e.type == "ASSAULT")
    assert coded.names(event.attributed_to) == ["United Nations"]
    assert event.date == "2024-06-18"


def test_a_part_of_the_day_dates_the_event_to_that_day(code) -> None:
    coded = code("Russia fired missiles at Kyiv on Tuesday evening.")
    event = next(e for e in coded.events if e.type == "ASSAULT")
    assert (event.date, event.date_precision) == ("2024-06-18", "day")


def test_noun_trigger_with_possessive_actor(code) -> None:
    coded = code("Erdogan's visit to Germany was cut short.")
    visit = coded.of_type("CONSULT")[0]
    assert coded.names(visit.recipients) == ["Germany"]
    assert visit.actors and coded.actor(visit.actors[0]).kind == "person"


def test_undated_event_gets_the_report_date_marked_as_such(code) -> None:
    coded = code("Canada condemned Belarus.", published="2024-06-21")
    event = coded.events[0]
    assert (event.date, event.date_precision) == ("2024-06-21", "report")


def test_pronoun_and_group_subjects_resolve_to_earlier_actors(code) -> None:
    coded = code(
        "Emmanuel Macron hosted Olaf Scholz in Paris. On Friday the two leaders signed a pact."
    )
    signing = coded.of_type("SUPPORT")[0]
    assert sorted(coded.names(signing.actors)) == ["Emmanuel Macron", "Olaf Scholz"]


def test_both_countries_and_the_parties_stand_for_the_two_named_before(code) -> None:
    coded = code(
        "Armenia and Azerbaijan met in Geneva on Monday. The parties agreed to a ceasefire. "
        "Both countries signed a treaty on Tuesday."
    )
    agreed = [e for e in coded.events if e.evidence[0].sentence == 1]
    assert agreed and sorted(coded.names(agreed[0].actors)) == ["Armenia", "Azerbaijan"]
    signed = [e for e in coded.events if e.evidence[0].sentence == 2]
    assert signed and sorted(coded.names(signed[0].actors)) == ["Armenia", "Azerbaijan"]


def test_the_parties_of_a_parliament_are_not_a_pair(code) -> None:
    coded = code("Armenia and Azerbaijan met. The opposition parties protested in Yerevan.")
    protest = [e for e in coded.events if e.evidence[0].sentence == 1]
    assert all("Armenia" not in coded.names(e.actors) for e in protest)


def test_undergoing_verb_makes_the_subject_the_target(code) -> None:
    coded = code("Belarus faces new sanctions from the European Union.")
    sanction = coded.of_type("SANCTION")[0]
    assert coded.names(sanction.recipients) == ["Belarus"]
    assert "Belarus" not in coded.names(sanction.actors)


def test_noun_modifying_a_noun_is_not_an_event(code) -> None:
    coded = code("Sanctions monitors from Canada toured the port on Monday.")
    assert coded.of_type("SANCTION") == []


def test_circumstance_of_a_report_is_not_attributed(code) -> None:
    coded = code(
        "Weeks after Modi's visit to Japan, Australia said that Japan had attacked nobody."
    )
    visit = coded.of_type("CONSULT")[0]
    assert visit.attributed_to == []


def test_reporting_verb_does_not_lend_its_subject(code) -> None:
    coded = code("On Monday the Guardian reported on plans by Macron to visit Ukraine.")
    assert all("The Guardian" not in coded.names(e.actors) for e in coded.events)


def test_figure_comes_from_the_object_not_the_subject(code) -> None:
    coded = code("Two soldiers from Ukraine sent 40 drones to Poland.")
    aid = coded.of_type("AID")
    assert aid and aid[0].quantity is not None and aid[0].quantity.value == 40


def test_possessive_pronoun_is_the_clause_subject(code) -> None:
    coded = code("Narendra Modi gave Joe Biden a gift during his visit to Washington.")
    visit = coded.of_type("CONSULT")[0]
    assert coded.names(visit.actors) == ["Narendra Modi"]


def test_figure_of_a_participle_phrase(code) -> None:
    coded = code("By May the total had risen to 5,000 crates of rifles sent from Iran to Syria.")
    aid = coded.of_type("AID")[0]
    assert aid.quantity is not None and aid.quantity.value == 5000
    assert coded.names(aid.actors) == ["Iran"] and coded.names(aid.recipients) == ["Syria"]


def test_denied_arms_trade_is_a_denied_event_of_the_deniers(code) -> None:
    coded = code("Both Iran and Syria denied trading arms, which the treaty bans.")
    aid = coded.of_type("AID")[0]
    assert aid.status == "denied"
    assert sorted(coded.names(aid.actors)) == ["Iran", "Syria"]
    assert coded.of_type("REJECT"), "the denial itself is a REJECT event"


def test_both_countries_skips_places_named_as_settings(code) -> None:
    coded = code(
        "Britain accused Iran of sending drones to Russia for use in Ukraine, "
        "a charge both countries deny."
    )
    deny = coded.of_type("REJECT")[0]
    assert sorted(coded.names(deny.actors)) == ["Iran", "Russia"]


def test_reporting_on_a_plan_attributes_it(code) -> None:
    coded = code("On Monday the Guardian reported on the planned visit of Macron to Ukraine.")
    visit = coded.of_type("CONSULT")[0]
    assert visit.status == "planned"
    assert coded.names(visit.attributed_to) == ["The Guardian"]


def test_subject_reaches_through_adjective_complements(code) -> None:
    coded = code("Serbia is unlikely to attack Kosovo this year.")
    assault = coded.of_type("ASSAULT")[0]
    assert coded.names(assault.actors) == ["Serbia"]


def test_we_in_a_quote_is_not_guessed(code) -> None:
    coded = code('Greece and Italy met on Monday. "We have visited those camps," an official said.')
    visits = [e for e in coded.of_type("CONSULT") if e.trigger == "visited"]
    assert all(not e.actors for e in visits)


def test_city_before_an_attack_noun_is_not_the_attacker(code) -> None:
    coded = code("The Mosul offensive began in October 2016.")
    assert all("Mosul" not in coded.names(e.actors) for e in coded.events)


def test_an_updated_figure_keeps_the_source_of_the_figure_it_updates(code) -> None:
    coded = code(
        "In May 2023 Germany said that Iran had sent 200 drones to Russia. "
        "By January 2024 the number had grown to 900 drones sent from Iran to Russia."
    )
    first, second = sorted(coded.of_type("AID"), key=lambda e: e.date)
    assert (first.quantity.value, second.quantity.value) == (200, 900)
    assert coded.names(second.attributed_to) == ["Germany"]
    assert (second.date, second.date_precision) == ("2024-01", "month")


def test_every_event_carries_its_cameo_root(code) -> None:
    coded = code("Chile hosted Peru for talks on Monday. Troops from Peru attacked Chile.")
    cameo = {e.type: e.cameo for e in coded.events}
    assert cameo["CONSULT"] == "04"
    assert cameo["ASSAULT"] in ("18", "19", "20")


def test_object_of_a_light_verb_lends_its_recipient(code) -> None:
    coded = code("Italian prosecutors opened an investigation into Volkswagen on Monday.")
    accuse = coded.of_type("ACCUSE")[0]
    assert coded.names(accuse.recipients) == ["Volkswagen"]
    assert coded.names(accuse.actors) == ["Italy prosecutors"]


def test_named_person_satisfies_a_captive_object(code) -> None:
    coded = code("The rebels released Maria Okafor after six months.")
    retreat = coded.of_type("RETREAT")[0]
    assert retreat.mode == ["release"] and coded.names(retreat.recipients) == ["Maria Okafor"]


def test_modes_contexts_and_cameo_from_the_lexicon(code) -> None:
    phone = code("Emmanuel Macron phoned Olaf Scholz on Monday.").of_type("CONSULT")[0]
    assert phone.mode == ["phone"] and phone.cameo == "04"
    aid = code("Iran sent drones to Russia.").of_type("AID")[0]
    assert aid.context == ["military"] and aid.cameo == "07"
    expel = code("Germany expelled four Russian diplomats.").of_type("SANCTION")[0]
    assert expel.mode == ["expel"] and expel.cameo == "16"


def test_the_object_that_defines_the_event_is_not_its_recipient(code) -> None:
    coded = code("Israel deployed troops to the border with Lebanon.")
    mobilize = coded.of_type("MOBILIZE")[0]
    assert coded.names(mobilize.actors) == ["Israel"]
    assert all("troop" not in r for r in mobilize.recipients)


def test_mediated_talks_name_the_parties(code) -> None:
    coded = code("The United Nations hosted talks between Armenia and Azerbaijan.")
    talks = coded.of_type("CONSULT")[0]
    assert coded.names(talks.actors) == ["United Nations"]
    assert sorted(coded.names(talks.recipients)) == ["Armenia", "Azerbaijan"]
