"""Stories and merged events across documents, through the real pipeline and a DuckDB file."""

from __future__ import annotations

import json
from pathlib import Path

from storyline.fuse import claims, series, terms
from storyline.fuse.embed import available as embeddings_available
from storyline.fuse.merge import Triggers, stem
from storyline.fuse.parties import Parties
from storyline.model import Actor, Event
from storyline.nlp.model import load_pipeline
from storyline.pipeline import Pipeline
from storyline.report.brief import build_brief, render
from storyline.report.jinja import web_url
from storyline.store import Store

PACT_A = (
    "Norway and Chile sign fisheries pact",
    "Harbour Daily",
    "2025-03-04",
    "Norway and Chile signed a fisheries agreement in Oslo on Monday. "
    "The Norwegian foreign minister said the deal covers 4,000 boats.\n"
    "Chilean officials welcomed the agreement.",
)
PACT_B = (
    "Oslo fisheries deal sealed",
    "Coastal Times",
    "2025-03-05",
    "Chile and Norway signed a fisheries agreement in Oslo on 3 March 2025, ending years of "
    "talks. Officials said the pact covers 5,500 boats.\n"
    "Fishing unions in Chile protested against the agreement.",
)
ARREST = (
    "Police arrest Kenyan opposition figure",
    "Nairobi Star",
    "2025-03-05",
    "Kenyan police arrested an opposition leader in Nairobi on Tuesday. "
    "Kenya's interior ministry said the arrest followed a court order.",
)
DENIAL = (
    "Chile denies signing pact",
    "Andes Wire",
    "2025-03-06",
    "Chile denied that it signed a fisheries agreement with Norway in Oslo this week. "
    "Norway insisted that both countries signed the agreement.",
)


def _write(folder: Path, name: str, article: tuple[str, str, str, str]) -> Path:
    title, publisher, published, text = article
    path = folder / f"{name}.json"
    record = {"title": title, "publisher": publisher, "published": published, "text": text}
    path.write_text(json.dumps(record), encoding="utf-8")
    return path


def _signing(store: Store) -> Event:
    signed = [e for e in store.events() if e.type in ("SUPPORT", "AGREE", "COOPERATE")]
    signed = [e for e in signed if any("sign" in v.text for v in e.evidence)]
    return max(signed, key=lambda e: e.sources)


def _run(tmp_path: Path, db: str, *paths: Path) -> Store:
    Pipeline(tmp_path / db).run(paths)
    return Store(tmp_path / db)


def test_same_event_from_two_outlets_is_one_event_with_two_sources(tmp_path: Path) -> None:
    paths = [_write(tmp_path, n, a) for n, a in (("a", PACT_A), ("b", PACT_B), ("c", ARREST))]
    with _run(tmp_path, "s.duckdb", *paths) as store:
        stories = store.stories()
        assert len(stories) == 2  # the pact, the arrest
        pact = next(s for s in stories if len(s.documents) == 2)
        signing = _signing(store)
        assert signing.story == pact.id
        assert (signing.sources, signing.publishers, signing.independent) == (2, 2, 2)
        assert {v.document for v in signing.evidence} == set(pact.documents)
        assert signing.date == "2025-03-03"  # both sources date it to Monday 3 March


def _aid(name: str, day: str, sentence: str) -> tuple[str, str, str, str]:
    return ("Norway ships food aid to Chile", name, day, f"{sentence}\nChile thanked Norway.")


def test_figures_that_differ_for_one_event_are_a_conflict(tmp_path: Path) -> None:
    a = _aid("Harbour Daily", "2025-02-10", "In January Norway sent 2,000 tonnes of food to Chile.")
    b = _aid("Coastal Times", "2025-02-11", "In January Norway sent 2,600 tonnes of food to Chile.")
    paths = [_write(tmp_path, "a", a), _write(tmp_path, "b", b)]
    with _run(tmp_path, "s.duckdb", *paths) as store:
        aid = next(e for e in store.events() if e.type == "AID")
        assert aid.sources == 2 and "quantity" in aid.conflicts


def test_a_figure_reported_at_two_times_is_a_series(tmp_path: Path) -> None:
    a = _aid("Harbour Daily", "2025-02-10", "In January Norway sent 2,000 tonnes of food to Chile.")
    b = _aid(
        "Coastal Times", "2025-04-02", "By March Norway had sent 7,000 tonnes of food to Chile."
    )
    paths = [_write(tmp_path, "a", a), _write(tmp_path, "b", b)]
    with _run(tmp_path, "s.duckdb", *paths) as store:
        aid = [e for e in store.events() if e.type == "AID"]
        assert len(aid) == 2  # two shipments, not one
        (figure,) = [s for s in series(store.events()) if s.unit == "tonnes"]
        assert [p.value for p in figure.points] == [2000.0, 7000.0]  # in date order
        assert figure.points[0].date == "2025-01"


def test_a_denial_is_a_claim_against_the_assertions(tmp_path: Path) -> None:
    paths = [_write(tmp_path, n, a) for n, a in (("a", PACT_A), ("d", DENIAL))]
    with _run(tmp_path, "s.duckdb", *paths) as store:
        documents = {d.id: d for d in store.documents()}
        signing = _signing(store)
        view = claims(signing, documents)
        assert {c.source for c in view.asserted} >= {"Harbour Daily"}
        assert {c.source for c in view.denied} == {"Andes Wire"}
        assert "status" in signing.conflicts


def test_a_syndicated_copy_does_not_count_as_an_independent_source(tmp_path: Path) -> None:
    title, _, published, text = PACT_A
    copy = (title, "Fjord Post", published, text.replace("welcomed", "praised"))
    paths = [_write(tmp_path, n, a) for n, a in (("a", PACT_A), ("copy", copy))]
    with _run(tmp_path, "s.duckdb", *paths) as store:
        documents = store.documents()
        assert sum(1 for d in documents if d.copy_of) == 1
        signing = _signing(store)
        assert (signing.sources, signing.publishers, signing.independent) == (2, 2, 1)


def test_a_later_batch_joins_the_stored_story_and_merges_its_events(tmp_path: Path) -> None:
    first = _write(tmp_path, "a", PACT_A)
    second = _write(tmp_path, "b", PACT_B)
    with _run(tmp_path, "s.duckdb", first) as store:
        assert len(store.stories()) == 1
        before = _signing(store)
    with _run(tmp_path, "s.duckdb", second) as store:
        stories = store.stories()
        assert len(stories) == 1 and len(stories[0].documents) == 2
        after = _signing(store)
        assert after.id == before.id and after.sources == 2
        counts = store.counts()
    with _run(tmp_path, "s.duckdb", first, second) as store:
        assert store.counts() == counts  # re-ingesting changes nothing


def test_the_same_input_gives_the_same_stories(tmp_path: Path) -> None:
    paths = [_write(tmp_path, n, a) for n, a in (("a", PACT_A), ("b", PACT_B), ("c", ARREST))]

    def grouping(db: str) -> set[frozenset[str]]:
        with _run(tmp_path, db, *paths) as store:
            return {frozenset(s.documents) for s in store.stories()}

    assert grouping("one.duckdb") == grouping("two.duckdb")


def test_two_arrests_in_different_places_are_different_stories(tmp_path: Path) -> None:
    other = (
        "Peruvian police detain Cusco mayor",
        "Lima News",
        "2025-03-05",
        "Peruvian police arrested the mayor of Cusco in Lima on Tuesday. "
        "Peru's prosecutors said the arrest followed a fraud inquiry.",
    )
    paths = [_write(tmp_path, n, a) for n, a in (("k", ARREST), ("p", other))]
    with _run(tmp_path, "s.duckdb", *paths) as store:
        assert len(store.stories()) == 2


def test_a_merged_event_is_as_sure_as_its_surest_source() -> None:
    from storyline.fuse.merge import consensus
    from storyline.model import Evidence

    def source(document: str, confidence: float | None) -> Evidence:
        return Evidence(document, 0, 0, 5, "text.", confidence=confidence)

    event = Event("e", "AID", evidence=[source("a", 0.4), source("b", 0.8), source("c", None)])
    assert consensus(event, {}).confidence == 0.8
    lexicon_only = Event("f", "AID", evidence=[source("a", None), source("b", None)])
    assert consensus(lexicon_only, {}).confidence is None


def test_trigger_stems() -> None:
    assert stem("visited") == stem("visits") == stem("visit") == stem("visiting")
    assert stem("denied") == stem("deny") and stem("accused") == stem("accuse")
    assert stem("signed") != stem("sent")


def test_the_brief_cites_both_outlets_and_lists_one_reference_per_line(tmp_path: Path) -> None:
    store = _run(tmp_path, "b.duckdb", _write(tmp_path, "a", PACT_A), _write(tmp_path, "b", PACT_B))
    with store:
        story = _signing(store).story
        brief = build_brief(store, story)
        markdown = render(brief, "md")
        html = render(brief, "html")
    assert "[1][2]" in markdown  # the signing, told by both outlets
    references = markdown.split("### References", 1)[1].strip().splitlines()
    assert [line[:3] for line in references] == ["1. ", "2. "]
    assert {"Harbour Daily", "Coastal Times"} <= {r.split(",")[0][3:] for r in references}
    assert "signed a fisheries agreement" in html and "<script" not in html


def test_an_article_body_cannot_inject_markup_into_the_html_brief(tmp_path: Path) -> None:
    hostile = (
        "Norway and Chile sign pact <script>alert(1)</script>",
        "Harbour Daily",
        "2025-03-04",
        "Norway and Chile signed a fisheries agreement <b onmouseover=x()>in Oslo</b> on Monday.",
    )
    store = _run(tmp_path, "h.duckdb", _write(tmp_path, "h", hostile))
    with store:
        html = render(build_brief(store, store.stories()[0].id), "html")
    assert "<script>" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;" in html or "&lt;b onmouseover" in html


def _event(trigger: str, actors: list[str], recipients: list[str], key: str) -> Event:
    return Event(id=key, type="", actors=actors, recipients=recipients, trigger=trigger)


def test_participants_only_firm_ones_tell_events_apart() -> None:
    countries = {"person:putin": "RUS", "gov:RUS": "RUS", "PRK": "PRK", "UKR": "UKR"}
    parties = Parties(lambda i: Actor(i, i, "person", countries.get(i)))
    sent = _event("sent", ["PRK"], ["gov:RUS"], "a")
    # Putin's Russia on the receiving side is the same party as the Russian government.
    assert parties.sides_agree(sent, _event("send", ["PRK"], ["person:putin"], "b"))
    assert not parties.sides_agree(sent, _event("send", ["PRK"], ["UKR"], "c"))
    # A passive telling names the sender as the recipient's counterpart: not a contradiction.
    assert parties.sides_agree(sent, _event("sent", ["gov:RUS"], ["PRK"], "d"))
    # "the teenager" of one report, unresolved, neither matches nor contradicts a named actor.
    teenager = _event("shot", [], ["agent:XXX:teenager:1a2b3c4d"], "e")
    assert parties.sides_agree(teenager, _event("shot", [], ["person:alex-grig"], "f"))
    assert parties.sides_agree(teenager, _event("shot", [], ["agent:XXX:teenager:99999999"], "g"))
    # Surnames: "Teixeira" and "Mark Teixeira" are one person.
    assert parties.same("person:teixeira", "person:mark-teixeira")
    assert parties.common(sent, _event("deny", ["PRK", "person:putin"], [], "h")) == 2


def test_different_words_for_one_happening_are_related_by_their_vectors() -> None:
    triggers = Triggers(["killed", "murdered", "signed", "visit", "visited"])
    assert triggers.related("visit", ["visited"])  # one stem, no vectors needed
    if embeddings_available():
        assert triggers.related("killed", ["murdered"])
    assert not triggers.related("killed", ["signed"])
    assert not Triggers(["killed", "murdered"], vectors=False).related("killed", ["murdered"])


def test_terms_keep_the_body_words_once_per_use() -> None:
    doc = load_pipeline()(
        "Chile signed the pact. Chile and Norway signed it in Oslo; the pact holds."
    )
    found = terms(doc)
    assert found.count("pact") == 2 and found.count("sign") == 2
    assert "the" not in found and "it" not in found


def test_only_web_addresses_become_links_in_the_html_outputs() -> None:
    assert web_url("https://example.org/a") == "https://example.org/a"
    assert web_url("javascript:alert(1)") == "" and web_url(" JavaScript:x") == ""
    assert web_url(None) == ""
