"""The real-news scorer on hand-worked examples, the annotation tools, the stored set itself, and
the placement of real pipeline output in the gold sentences."""

from __future__ import annotations

import math

import pytest
import realnews
import realnews_corpus as rc
from realnews import Party, SystemMention, score

TEXT = (
    "Turkish jets bombed Kurdish fighters in Afrin on Sunday, activists said. "
    "The weather was mild. "
    "Ankara accused Washington of arming the fighters."
)


def sentences(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for piece in text.split(". "):
        end = start + len(piece) + (1 if not piece.endswith(".") else 0)
        out.append((start, min(end, len(text))))
        start = end + 1
    return out


def doc(key: str = "t:1", text: str = TEXT, published: str = "2018-01-23") -> rc.Annotated:
    return rc.Annotated(key, "test", key, "dev", "b00", published, text, sentences(text))


def span(text: str, piece: str, start: int = 0) -> list[int]:
    at = text.index(piece, start)
    return [at, at + len(piece)]


def gold_event(d: rc.Annotated, s: int, kind: str, actor=(), recipient=(), **fields) -> dict:
    base = d.sentences[s][0]
    event = {
        "doc": d.key,
        "s": s,
        "type": kind,
        "mode": None,
        "status": "asserted",
        "date": "current",
        "trigger": None,
        "location": None,
        "source": None,
        "time": None,
        "quantity": None,
        "actor": [{"span": span(d.text, t, base), "name": n} for t, n in actor],
        "recipient": [{"span": span(d.text, t, base), "name": n} for t, n in recipient],
    }
    if "location" in fields:
        fields["location"] = span(d.text, fields["location"], base)
    event.update(fields)
    return event


def party(d: rc.Annotated, s: int, piece: str, name: str) -> Party:
    return Party(name, {rc.norm_name(name)}, [tuple(span(d.text, piece, d.sentences[s][0]))])


def mention(d, s, kind, actors=(), recipients=(), status="asserted", when="2018-01-23", event="e"):
    return SystemMention(
        event, d.key, s, kind, list(actors), list(recipients), status, when, "day", ""
    )


@pytest.fixture
def case():
    d = doc()
    gold = {
        d.key: [
            gold_event(
                d,
                0,
                "ASSAULT",
                [("Turkish jets", "Turkey")],
                [("Kurdish fighters", "Kurdish fighters")],
                location="Afrin",
                date="2018-01-21",
                status="alleged",
            ),
            gold_event(d, 2, "ACCUSE", [("Ankara", "Turkey")], [("Washington", "United States")]),
            gold_event(
                d,
                2,
                "AID",
                [("Washington", "United States")],
                [("fighters", "Kurdish fighters")],
                status="alleged",
            ),
        ]
    }
    return d, gold


def perfect(d: rc.Annotated, gold: dict) -> list[SystemMention]:
    out = []
    for g in gold[d.key]:
        text = lambda x: d.text[x["span"][0] : x["span"][1]]  # noqa: E731
        actors = [party(d, g["s"], text(x), x["name"]) for x in g["actor"]]
        recipients = [party(d, g["s"], text(x), x["name"]) for x in g["recipient"]]
        when = "2018-01-21" if g["date"] == "2018-01-21" else "2018-01-23"
        out.append(mention(d, g["s"], g["type"], actors, recipients, g["status"], when))
    return out


def test_a_perfect_system_scores_one(case):
    d, gold = case
    figures = score([d], gold, perfect(d, gold))
    for name in (
        "event_precision",
        "event_recall",
        "type_precision",
        "type_recall",
        "actor_precision",
        "actor_recall",
        "recipient_precision",
        "recipient_recall",
        "status_accuracy",
        "date_accuracy",
    ):
        assert figures[name] == 1.0, name
    assert figures["nonevent_rate"] == 0.0


def test_an_empty_system_has_no_recall(case):
    d, gold = case
    figures = score([d], gold, [])
    assert figures["event_recall"] == 0.0
    assert figures["type_recall"] == 0.0
    assert figures["actor_recall"] == 0.0
    assert math.isnan(figures["event_precision"])


def test_a_place_as_participant_is_wrong(case):
    d, gold = case
    # the recipient is the town (inside the gold location), not the fighters in it
    wrong = mention(
        d, 0, "ASSAULT", [party(d, 0, "Turkish jets", "Turkey")], [party(d, 0, "Afrin", "Afrin")]
    )
    figures = score([d], gold, [wrong])
    assert figures["type_precision"] == 1.0
    assert figures["event_precision"] == 0.0
    assert figures["recipient_precision"] == 0.0
    assert figures["actor_precision"] == 1.0


def test_a_place_inside_a_gold_participant_span_is_still_wrong():
    text = "Troops shelled Kurdish fighters in Afrin on Monday."
    d = doc(text=text)
    gold = {
        d.key: [
            gold_event(
                d,
                0,
                "ASSAULT",
                [("Troops", "troops")],
                [("Kurdish fighters in Afrin", "Kurdish fighters")],
                location="Afrin",
            )
        ]
    }
    # a sloppy gold span that holds the place: the place still is no participant
    wrong = mention(
        d, 0, "ASSAULT", [party(d, 0, "Troops", "troops")], [party(d, 0, "Afrin", "Afrin")]
    )
    assert score([d], gold, [wrong])["event_precision"] == 0.0


def test_a_capital_standing_for_its_government_matches_by_name(case):
    d, gold = case
    system = mention(
        d,
        2,
        "ACCUSE",
        [Party("Q43", {"turkey", "republic turkey"}, [])],
        [Party("Q30", {"united states"}, [])],
    )
    figures = score([d], gold, [system])
    assert figures["event_precision"] == 1.0


def test_events_in_sentences_without_gold_events_are_nonevents(case):
    d, gold = case
    figures = score([d], gold, [mention(d, 1, "ASSAULT")])
    assert figures["nonevent_rate"] == 1.0
    assert figures["event_precision"] == 0.0


def test_dates():
    m = mention(doc(), 0, "ASSAULT", when="2018-01-23")
    assert realnews.date_correct(m, "current", "2018-01-23")
    assert realnews.date_correct(m, "2018-01", "2018-01-23")
    assert not realnews.date_correct(m, "2018-01-21", "2018-01-23")
    assert not realnews.date_correct(m, "background", "2018-01-23")  # history dated by the article
    assert realnews.date_correct(
        mention(doc(), 0, "ASSAULT", when=None), "background", "2018-01-23"
    )
    assert realnews.date_correct(
        mention(doc(), 0, "ASSAULT", when="2017-04"), "background", "2018-01-23"
    )
    assert not realnews.date_correct(
        mention(doc(), 0, "ASSAULT", when="2018"), "2018-01-21", "2018-01-23"
    )
    assert realnews.date_correct(m, "undated", "2018-01-23") is None
    # a document without a date: news "of the day" is rightly left undated, not guessed
    assert realnews.date_correct(mention(doc(), 0, "ASSAULT", when=None), "current", None)
    assert not realnews.date_correct(m, "current", None)


def test_merges_are_scored_against_the_links():
    one = doc("g:1", "Jets bombed Afrin. Ankara met Moscow.")
    two = doc("g:2", "Turkish jets struck Afrin. Talks were held.")
    gold = {
        one.key: [
            gold_event(one, 0, "ASSAULT", [("Jets", "Turkey")]),
            gold_event(one, 1, "CONSULT", [("Ankara", "Turkey")]),
        ],
        two.key: [
            gold_event(two, 0, "ASSAULT", [("Turkish jets", "Turkey")]),
            gold_event(two, 1, "CONSULT"),
        ],
    }
    links = [
        {
            "story": "p",
            "docs": ["g:1", "g:2"],
            "same_affair": True,
            "links": [{"a": ["g:1", 0], "b": ["g:2", 0], "type": "ASSAULT"}],
        }
    ]
    right = [mention(one, 0, "ASSAULT", event="x"), mention(two, 0, "ASSAULT", event="x")]
    wrong = [mention(one, 1, "CONSULT", event="y"), mention(two, 0, "ASSAULT", event="y")]
    figures = score([one, two], gold, right, links, {"g:1": "s", "g:2": "s"})
    assert figures["merge_precision"] == 1.0 and figures["merge_recall"] == 1.0
    assert figures["story_recall"] == 1.0
    figures = score(
        [one, two],
        gold,
        [*wrong, mention(one, 0, "ASSAULT", event="z")],
        links,
        {"g:1": "s", "g:2": "t"},
    )
    assert figures["merge_precision"] == 0.0 and figures["merge_recall"] == 0.0
    assert figures["story_recall"] == 0.0


# ---------------------------------------------------------------- annotation tools


def test_locate_finds_exact_spans_and_later_occurrences():
    assert rc.locate("US", "The US and the US") == (4, 6)
    assert rc.locate("US#2", "The US and the US") == (15, 17)
    assert rc.locate("UK", "The US") is None
    # a span is a whole word first; "#n" counts substrings, as the annotators' checker did
    assert rc.locate("it", "The military said it would") == (18, 20)
    assert rc.locate("it#2", "The military said it would") == (18, 20)
    assert rc.locate("Kurd", "Kurdish") == (0, 4)


def test_convert_rejects_what_is_not_in_the_sentence(case):
    d, _ = case
    record = {
        "events": [
            {
                "s": 0,
                "type": "ASSAULT",
                "mode": "heavy_weapons",
                "trigger": "bombed",
                "actor": [{"text": "Turkish jets", "name": "Turkey"}],
                "recipient": [{"text": "Syrian army", "name": "Syria"}],
                "location": "Afrin",
                "status": "alleged",
                "source": "activists",
                "time": "on Sunday",
                "date": "2018-01-21",
            },
            {"s": 2, "type": "BOMB", "trigger": "accused"},
            {
                "s": 2,
                "type": "ACCUSE",
                "mode": "violence",
                "trigger": "accused",
                "date": "last week",
            },
        ]
    }
    events, problems = rc.convert(record, d)
    assert len(events) == 2
    assert events[0]["actor"] == [{"span": span(d.text, "Turkish jets"), "name": "Turkey"}]
    assert events[0]["recipient"] == []
    assert events[1]["mode"] is None and events[1]["date"] == "undated"
    assert len(problems) == 4  # the recipient, the type, the mode, the date


def test_kappa_of_a_worked_example():
    pairs = [(1, 1)] * 20 + [(1, 0)] * 5 + [(0, 1)] * 10 + [(0, 0)] * 15
    assert rc.kappa(pairs) == pytest.approx(0.4)


def test_agreement_of_identical_annotations_is_perfect(case):
    d, gold = case
    figures = rc.agreement_figures(gold, gold, [d])
    assert figures["kappa_event"] == 1.0 and figures["event_f1"] == 1.0
    other = {d.key: gold[d.key][:1]}
    figures = rc.agreement_figures(gold, other, [d])
    assert figures["event_f1"] == pytest.approx(2 * 1 / 4)
    assert figures["kappa_event"] < 1.0


# ---------------------------------------------------------------- the stored set


def test_the_annotated_set_is_what_the_issue_asks_for():
    docs = rc.annotated()  # raises when a source text changed since annotation
    assert len(docs) >= 250
    assert sum(len(d.sentences) for d in docs) >= 3000
    assert {d.corpus for d in docs} == {"guardian", "tbaq", "ecb"}
    for d in docs:
        assert d.split == rc.split_of(d.group)
        assert not rc.excluded(rc.CorpusDocument(d.key, d.corpus, d.text, d.published, d.group))
        assert all(0 <= a < b <= len(d.text) for a, b in d.sentences)
    pairs = {d.group for d in docs if d.corpus == "guardian"}
    assert len(pairs) >= 40


def test_stored_labels_point_inside_their_sentences():
    docs = {d.key: d for d in rc.annotated()}
    for name in ("a", "b", "gold"):
        for key, events in rc.read_labels(name).items():
            d = docs[key]
            for e in events:
                lo, hi = d.sentences[e["s"]]
                spans = [e[f] for f in rc.SPAN_FIELDS] + [
                    p["span"] for r in ("actor", "recipient") for p in e[r]
                ]
                assert all(lo <= s[0] < s[1] <= hi for s in spans if s), (name, key, e)
                assert e["type"] in rc.TYPES and e["status"] in rc.STATUSES


def test_real_pipeline_output_lands_in_the_sentence_that_holds_it():
    docs = rc.annotated(split="dev")[:3]
    run = realnews.run_pipeline(docs, model=False)
    assert run.mentions and run.unplaced == 0
    by_key = {d.key: d for d in docs}
    for m in run.mentions:
        assert (
            m.text.strip() in by_key[m.doc].sentence(m.s) or by_key[m.doc].sentence(m.s) in m.text
        )


def test_stored_links_join_two_sentences_of_one_story():
    stories = rc.pairs_of_stories()
    lengths = {d.key: len(d.sentences) for d in rc.annotated() if d.corpus == "guardian"}
    for name in ("links_1", "links_2", "links"):
        for story, record in rc.read_stored_links(name).items():
            assert sorted(record["docs"]) == sorted(stories[story])
            for link in record["links"]:
                (a, s), (b, t) = link["a"], link["b"]
                assert {a, b} == set(record["docs"]) and a != b
                assert 0 <= s < lengths[a] and 0 <= t < lengths[b]
                assert link["type"] in rc.TYPES


def test_reliability_bins_set_confidence_against_observed_precision(case):
    d, gold = case
    right = perfect(d, gold)
    for m in right:
        m.confidence = 0.9
    wrong = mention(d, 1, "ASSAULT")
    wrong.confidence = 0.1
    rows = {row[0]: row for row in realnews.reliability([d], gold, [*right, wrong])}
    assert rows["0.8-1.0"][1:] == (3, pytest.approx(0.9), 1.0, 1.0)
    assert rows["0.0-0.2"][1:] == (1, pytest.approx(0.1), 0.0, 0.0)
    assert rows["0.4-0.6"][1] == 0



def test_isotonic_fit_pools_what_runs_against_the_order() -> None:
    # right at 0.1, wrong at 0.2 and 0.5: one block at 1/3; right at 0.9 stays alone
    fit = realnews.isotonic([(0.2, 0), (0.1, 1), (0.9, 1), (0.5, 0)])
    assert fit == [(0.5, pytest.approx(1 / 3)), (0.9, 1.0)]
    assert [realnews.step(fit, x) for x in (0.05, 0.7, 0.95)] == [
        pytest.approx(1 / 3),
        1.0,
        1.0,
    ]


def test_cross_calibration_maps_each_document_by_a_fit_on_the_others(case):
    d, gold = case
    other = doc("t:2")
    gold[other.key] = [{**g, "doc": other.key} for g in gold[d.key]]
    first, second = perfect(d, gold), perfect(other, gold)
    wrong = mention(d, 1, "ASSAULT")  # a sentence without events
    mentions = [*first, wrong, *second]
    for m in mentions:
        m.confidence = 0.9
    out = realnews.cross_calibrated([d, other], gold, mentions, folds=2)
    assert {out[id(m)] for m in [*first, wrong]} == {1.0}  # fitted on t:2: all right
    assert {out[id(m)] for m in second} == {0.75}  # fitted on t:1: three of four
    rows = realnews.reliability([d, other], gold, mentions, out)
    assert rows[-1][1:3] == (4, 1.0) and rows[-2][1:3] == (3, 0.75)
    assert realnews.calibration_error(rows) == pytest.approx((4 * 0.25 + 3 * 0.25) / 7)
