"""The learned event-type model: marking, training end to end, the shipped artifact, retyping."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storyline.events import classifier
from storyline.events.classifier import EventTypeClassifier, mark
from storyline.events.training import marked_plv, plv_label, train

needs_model = pytest.mark.skipif(  # never skipped in CI, where setup installs everything
    not classifier.available() and not os.environ.get("CI"),
    reason="event-type model or torch not installed",
)


def test_mark_wraps_actor_and_recipient() -> None:
    text = "Chile sent aid to Peru."
    assert mark(text, (0, 5), (18, 22)) == "[ Chile ] sent aid to { Peru }."
    assert mark(text, (18, 22), (0, 5)) == "{ Chile } sent aid to [ Peru ]."


def test_plv_markup_and_labels() -> None:
    assert marked_plv("<s>Chile</s> sent aid to <t>Peru</t>.") == "[ Chile ] sent aid to { Peru }."
    assert plv_label("RETREAT") == plv_label("CONCEDE") == "YIELD"
    assert plv_label("AID") == "AID"


@needs_model
def test_shipped_model_types_clear_sentences() -> None:
    model = classifier.shipped()
    sentences = {
        "[ Russia ] fired missiles at { Ukraine } overnight, killing four people.": "ASSAULT",
        "[ France ] accused { Iran } of lying about its enrichment work.": "ACCUSE",
        "[ Japan ] shipped food and medicine to { Haiti } after the storm.": "AID",
        "[ The president ] met { the Kenyan prime minister } in Nairobi for talks.": "CONSULT",
    }
    predicted = [p.label for p in model.predict(list(sentences))]
    assert predicted == list(sentences.values())


@needs_model
def test_training_writes_a_loadable_artifact(tmp_path: Path) -> None:
    rows = ["\tsentence_id\tsentence\tmarked_sentence\tsource\ttarget\tgold_root"]
    examples = [
        ("<s>Chile</s> attacked <t>Peru</t>.", "ASSAULT"),
        ("<s>Chile</s> shelled <t>Peru</t> again.", "ASSAULT"),
        ("<s>Peru</s> met <t>Chile</t> in Lima.", "CONSULT"),
        ("<s>Peru</s> hosted talks with <t>Chile</t>.", "CONSULT"),
    ]
    for number, (marked, label) in enumerate(examples * 3):
        plain = marked.replace("<s>", "").replace("</s>", "").replace("<t>", "")
        plain = plain.replace("</t>", "")
        rows.append(f"{number}\t{number}\t{plain}\t{marked}\tx\ty\t{label}")
    data = tmp_path / "tiny.tsv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    meta = train(data, tmp_path / "model", epochs=1, log=lambda _: None)
    assert meta["labels"] == ["ASSAULT", "CONSULT"]
    model = EventTypeClassifier.load(tmp_path / "model")
    (prediction,) = model.predict(["[ Chile ] attacked { Peru }."])
    assert prediction.label in {"ASSAULT", "CONSULT"} and 0 < prediction.probability <= 1


class _Always:
    """A stand-in model that answers one label (the rest of its belief on NONE), to test how the
    coder uses any model."""

    def __init__(
        self,
        label: str,
        probability: float = 0.9,
        marks_trigger: bool = False,
        verifier: bool = True,
    ) -> None:
        self.label = label
        self.probability = probability
        self.marks_trigger = marks_trigger
        self.labels = [label, "NONE"] if verifier else [label]
        self.seen: list[str] = []

    def probabilities(self, marked: list[str]) -> list[dict[str, float]]:
        self.seen += marked
        return [{self.label: self.probability, "NONE": 1 - self.probability} for _ in marked]


def _coder_with(model, gazetteer, lexicon):
    from storyline.actors.resolver import ActorResolver
    from storyline.events.coder import EventCoder
    from storyline.model import Document
    from storyline.nlp import analyse

    def run(text: str):
        resolver = ActorResolver(gazetteer)
        coder = EventCoder(
            lexicon, lambda i: gazetteer.actors.get(i) or resolver.actors.get(i), model
        )
        document = Document(source="t", text=text, published="2024-01-10")
        analysis = next(analyse([document]))
        mentions = resolver.resolve(analysis.doc, document.id, analysis.anchor)
        return coder.code(analysis.doc, document.id, mentions, document.anchor_date)

    return run


def test_model_retypes_dyadic_events_and_drops_the_lexicon_mode(gazetteer, lexicon) -> None:
    model = _Always("PROTEST")
    events = _coder_with(model, gazetteer, lexicon)("Chile visited Peru. Chile visited the coast.")
    dyadic = [e for e in events if e.recipients]
    alone = [e for e in events if not e.recipients]
    assert model.seen == ["[ Chile ] visited { Peru }.", "[ Chile ] visited the coast."]
    assert dyadic[0].type == "PROTEST" and dyadic[0].mode == [] and dyadic[0].cameo == "14"
    assert all(e.type == "CONSULT" for e in alone)


def test_every_event_carries_the_models_belief_in_its_type(gazetteer, lexicon) -> None:
    events = _coder_with(_Always("PROTEST", 0.9), gazetteer, lexicon)(
        "Chile visited Peru. Chile visited the coast."
    )
    retyped = next(e for e in events if e.recipients)
    kept = next(e for e in events if not e.recipients)
    assert retyped.confidence == 0.9  # the model's probability of the type it gave
    assert kept.confidence == 0.0  # the model puts nothing on the lexicon's CONSULT
    lexicon_only = _coder_with(None, gazetteer, lexicon)("Chile visited Peru.")
    assert lexicon_only[0].confidence is None


def test_a_typer_without_none_reads_the_dyads_only(gazetteer, lexicon) -> None:
    model = _Always("PROTEST", verifier=False)
    events = _coder_with(model, gazetteer, lexicon)("Chile visited Peru. Chile visited the coast.")
    assert model.seen == ["[ Chile ] visited { Peru }."]
    assert [e.confidence for e in events] == [0.9, None]


def test_a_model_trained_on_marked_triggers_sees_them(gazetteer, lexicon) -> None:
    model = _Always("CONSULT", marks_trigger=True)
    _coder_with(model, gazetteer, lexicon)("Chile visited Peru.")
    # the trigger-marked candidate for its confidence, the dyad as PLV marks it for its type
    assert model.seen == ["[ Chile ] < visited > { Peru }.", "[ Chile ] visited { Peru }."]


def test_yield_keeps_the_lexicon_choice_between_concede_and_retreat(gazetteer, lexicon) -> None:
    events = _coder_with(_Always("YIELD"), gazetteer, lexicon)("Chile withdrew from Peru.")
    assert events[0].type == "RETREAT"


def test_neighbour_rule_when_switched_on(gazetteer, lexicon, monkeypatch) -> None:
    from storyline.events.coder import EventCoder

    text = "Chile attacked Peru and visited Bolivia."
    switched_on = EventCoder.__init__

    def with_neighbours(self, *args, **kwargs):
        switched_on(self, *args, **kwargs)
        self.overrule_neighbours = True

    events = _coder_with(_Always("ASSAULT"), gazetteer, lexicon)(text)
    assert next(e for e in events if e.trigger == "visited").type == "ASSAULT"
    monkeypatch.setattr(EventCoder, "__init__", with_neighbours)
    events = _coder_with(_Always("ASSAULT"), gazetteer, lexicon)(text)
    assert next(e for e in events if e.trigger == "visited").type == "CONSULT"


def test_model_leaves_alleged_events_to_the_lexicon(gazetteer, lexicon) -> None:
    events = _coder_with(_Always("PROTEST"), gazetteer, lexicon)(
        "Chile accused Peru of supplying weapons to Bolivia."
    )
    alleged = next(e for e in events if e.status == "alleged")
    assert alleged.type == "AID"


def test_unsure_model_leaves_the_lexicon_type(gazetteer, lexicon) -> None:
    events = _coder_with(_Always("PROTEST", 0.2), gazetteer, lexicon)("Chile visited Peru.")
    assert events[0].type == "CONSULT"


def test_mark_wraps_the_trigger_too() -> None:
    text = "Chile sent aid to Peru."
    assert mark(text, (0, 5), None, (6, 10)) == "[ Chile ] < sent > aid to Peru."
