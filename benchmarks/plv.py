"""Event type, actor and recipient on PLV: the learned model and the lexicon coder, in one run.

Each row of a PLV TSV file (sentence_id, sentence, marked_sentence with `<s>actor</s>` and
`<t>recipient</t>`, gold_root) is one dyad. Gold labels and every prediction go through
`plv_label`, so PLV's YIELD is matched by CONCEDE or RETREAT. A role may be tagged more than once
(any of its spans counts) or not at all (PLV's "a recipient"): an untagged role constrains nothing
below and its sentence is left out of that role's precision and recall.

Figures, prefixed `model_` (the learned type model), `reader_` (the event reader,
`events/extractor.py`: what the pipeline runs when it is installed) and `lexicon_` (the lexicon
coder alone); the reader is scored as the lexicon is, from the plain sentence, and its actor and
recipient figures are its own spans':
- `type_accuracy`, `type_macro_f1`, `f1_<TYPE>` given the marked dyad (macro-F1 over the gold
  classes, as `training.type_scores`). The model classifies `marked_plv(marked_sentence)`. The
  lexicon codes the plain sentence (nlp -> actors -> events); an event *links* a role when one of
  the mentions of its actors (recipients) in its evidence sentence overlaps the gold span by a
  character. Its answer is the type of the event linking both roles; failing that, of an event
  linking either; ties go to the trigger nearest the stretch covering the gold spans. No such event
  gives "NONE", which is wrong.
- `e2e_accuracy`: share of sentences where some event of the full pipeline (with the model, or the
  lexicon alone) links both roles and has the gold type.
- `actor_precision` / `_recall` / `_f1` (and the same for `recipient`), span overlap: every actor of
  every event of the sentence is one extracted actor, correct when one of its mentions in the
  evidence sentence overlaps a gold actor span; precision = correct / extracted, recall = share of
  sentences whose gold actor is overlapped by some extracted actor, both summed over sentences
  (micro), F1 from the two. `actor_exact_f1`: the same with mention and gold span (whitespace
  trimmed) required to be equal. The model only retypes events, so its actor and recipient figures
  equal the lexicon's.
- `model_sentences_per_s`: `classifier.predict` over the marked sentences;
  `pipeline_sentences_per_s`: nlp + actors + events with the model, everything already loaded.
- `anchor_*`: roberta-large-mnli zero-shot on the held-out PLV test split, for reading the rest.

    python benchmarks/plv.py [--data PATH] [--split dev|all] [--limit N]

On PLV_train.tsv the default split is `dev`, the fifth (`is_dev`) the model is never trained on.
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.actors.gazetteer import Gazetteer
from storyline.actors.resolver import ActorResolver
from storyline.events import classifier, extractor
from storyline.events.classifier import EventTypeClassifier
from storyline.events.coder import EventCoder
from storyline.events.lexicon import Lexicon
from storyline.events.training import is_dev, marked_plv, plv_label, read_plv, type_scores
from storyline.model import Actor, Document, Event, Mention
from storyline.nlp import analyse
from storyline.nlp.model import load_pipeline

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/plv/PLV_train.tsv"
PUBLISHED = "2020-01-01"
ANCHOR = {"anchor_accuracy": 0.838, "anchor_macro_f1": 0.824}
TAG = re.compile(r"<(/?)([st])>")
ROLES = {"s": "actor", "t": "recipient"}

Span = tuple[int, int]
Match = Callable[[Span, Span], bool]


@dataclass
class Dyad:
    """One PLV row: the plain sentence, the gold spans of each role and the gold type."""

    sentence: str
    marked: str  # `[ actor ]` / `{ recipient }` form, for the model
    spans: dict[str, list[Span]]  # role -> gold character spans in `sentence`
    label: str


@dataclass
class Coded:
    """One sentence through nlp, actors and events."""

    events: list[Event]
    mentions: list[Mention]

    def spans(self, event: Event, actor_id: str) -> list[Span]:
        """Where the actor is mentioned in the event's evidence sentence."""
        number = event.evidence[0].sentence if event.evidence else None
        return [
            (m.start, m.end)
            for m in self.mentions
            if m.actor == actor_id and (number is None or m.sentence == number)
        ]

    def role_spans(self, event: Event, role: str) -> list[list[Span]]:
        """The mention spans of each of the event's actors (or recipients)."""
        ids = event.actors if role == "actor" else event.recipients
        return [self.spans(event, actor_id) for actor_id in ids]


def gold_spans(marked_sentence: str) -> tuple[str, dict[str, list[Span]]]:
    """The sentence without its tags and each role's spans in it (tags may repeat or nest)."""
    pieces: list[str] = []
    spans: dict[str, list[Span]] = {"actor": [], "recipient": []}
    opened: dict[str, int] = {}
    position, length = 0, 0
    for tag in TAG.finditer(marked_sentence):
        pieces.append(marked_sentence[position : tag.start()])
        length += len(pieces[-1])
        position = tag.end()
        role = ROLES[tag.group(2)]
        if not tag.group(1):
            opened[role] = length
        elif role in opened:
            spans[role].append((opened.pop(role), length))
    text = "".join(pieces) + marked_sentence[position:]
    return text, {role: [_trim(text, s) for s in found] for role, found in spans.items()}


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def load_dyads(path: Path, split: str, limit: int | None) -> list[Dyad]:
    """The rows of the split (`dev`: the `is_dev` fifth; `all`), the first `limit` of them."""
    dyads = []
    for row in read_plv(path):
        if split == "dev" and not is_dev(row["sentence_id"]):
            continue
        sentence, spans = gold_spans(row["marked_sentence"])
        label = plv_label(row["gold_root"].strip().upper())
        dyads.append(Dyad(sentence, marked_plv(row["marked_sentence"]), spans, label))
    return dyads[:limit] if limit else dyads


def overlap(extracted: Span, gold: Span) -> bool:
    return extracted[0] < gold[1] and gold[0] < extracted[1]


def exact(extracted: Span, gold: Span) -> bool:
    return extracted == gold


def hits(spans: list[Span], gold: list[Span], match: Match = overlap) -> bool:
    return any(match(s, g) for s in spans for g in gold)


def links(coded: Coded, event: Event, dyad: Dyad) -> dict[str, bool]:
    """For each role the sentence tags, whether the event's mentions of it overlap the gold."""
    return {
        role: any(hits(spans, gold) for spans in coded.role_spans(event, role))
        for role, gold in dyad.spans.items()
        if gold
    }


def trigger_distance(event: Event, dyad: Dyad) -> int:
    """Characters from the trigger to the stretch covering the gold spans (0 inside it)."""
    gold = [s for spans in dyad.spans.values() for s in spans]
    low, high = min(s[0] for s in gold), max(s[1] for s in gold)
    found = [m.start() for m in re.finditer(rf"\b{re.escape(event.trigger)}\b", dyad.sentence)]
    return min((max(low - at, at - high, 0) for at in found), default=len(dyad.sentence))


def lexicon_type(coded: Coded, dyad: Dyad) -> str:
    """The type of the event linking both roles, else either, nearest trigger first; or NONE."""
    linked = [(e, links(coded, e, dyad)) for e in coded.events]
    for accept in (all, any):
        candidates = [e for e, found in linked if found and accept(found.values())]
        if candidates:
            return plv_label(min(candidates, key=lambda e: trigger_distance(e, dyad)).type)
    return "NONE"


def end_to_end(coded: Coded, dyad: Dyad) -> bool:
    """Some event links both roles and has the gold type."""
    for event in coded.events:
        found = links(coded, event, dyad)
        if found and all(found.values()) and plv_label(event.type) == dyad.label:
            return True
    return False


def role_counts(coded: Coded, dyad: Dyad, role: str, match: Match) -> tuple[int, int, int]:
    """Correct extracted actors, extracted actors, and whether the gold one was found (0/1)."""
    extracted = [spans for e in coded.events for spans in coded.role_spans(e, role)]
    correct = sum(hits(spans, dyad.spans[role], match) for spans in extracted)
    return correct, len(extracted), int(correct > 0)


def role_scores(coded: list[Coded], dyads: list[Dyad], role: str, match: Match) -> dict:
    """Micro precision, recall and F1 over the sentences that tag the role."""
    totals = [0, 0, 0]
    judged = [(c, d) for c, d in zip(coded, dyads, strict=True) if d.spans[role]]
    for c, d in judged:
        totals = [t + n for t, n in zip(totals, role_counts(c, d, role, match), strict=True)]
    precision = totals[0] / totals[1] if totals[1] else 0.0
    recall = totals[2] / len(judged) if judged else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


class Coding:
    """spaCy, gazetteer and lexicon loaded once; codes plain sentences with or without a model."""

    def __init__(self) -> None:
        load_pipeline()
        self.gazetteer = Gazetteer.load()
        self.lexicon = Lexicon.load()
        self.resolver = ActorResolver(self.gazetteer)

    def actor(self, actor_id: str) -> Actor | None:
        return self.gazetteer.actors.get(actor_id) or self.resolver.actors.get(actor_id)

    def code(
        self, texts: list[str], model: EventTypeClassifier | None = None, reader=None
    ) -> list[Coded]:
        """nlp -> actors -> events, one Document per sentence, streamed through `analyse`."""
        coder = EventCoder(self.lexicon, self.actor, model, extractor=reader)
        return list(self._code(texts, coder))

    def _code(self, texts: list[str], coder: EventCoder) -> Iterator[Coded]:
        documents = [
            Document(source=f"plv#{i}", text=text, published=PUBLISHED)
            for i, text in enumerate(texts)
        ]
        for analysis in analyse(documents):
            document = analysis.document
            mentions = self.resolver.resolve(analysis.doc, document.id, analysis.anchor)
            events = coder.code(analysis.doc, document.id, mentions, document.anchor_date)
            yield Coded(events, mentions)


def figures(prefix: str, predicted: list[str], coded: list[Coded], dyads: list[Dyad]) -> dict:
    """Type, end-to-end and role figures of one system, named `<prefix>_...`."""
    types = type_scores([d.label for d in dyads], [plv_label(p) for p in predicted])
    found = sum(end_to_end(c, d) for c, d in zip(coded, dyads, strict=True))
    result = {
        f"{prefix}_type_accuracy": types["accuracy"],
        f"{prefix}_type_macro_f1": types["macro_f1"],
        f"{prefix}_e2e_accuracy": found / max(len(dyads), 1),
    }
    for role in ("actor", "recipient"):
        for name, value in role_scores(coded, dyads, role, overlap).items():
            result[f"{prefix}_{role}_{name}"] = value
        result[f"{prefix}_{role}_exact_f1"] = role_scores(coded, dyads, role, exact)["f1"]
    for label, value in types["per_class_f1"].items():
        result[f"{prefix}_f1_{label}"] = value
    return result


def lexicon_figures(coding: Coding, dyads: list[Dyad]) -> dict:
    """The lexicon coder alone: its type is that of the event it codes between the gold roles."""
    coded = coding.code([d.sentence for d in dyads])
    predicted = [lexicon_type(c, d) for c, d in zip(coded, dyads, strict=True)]
    result = figures("lexicon", predicted, coded, dyads)
    result["lexicon_no_event"] = predicted.count("NONE")
    return result


def model_figures(coding: Coding, dyads: list[Dyad]) -> dict:
    """The learned model on the marked dyads, then inside the full pipeline; both timed."""
    model = EventTypeClassifier.load()
    started = time.perf_counter()
    predicted = [p.label for p in model.predict([d.marked for d in dyads])]
    typing = time.perf_counter() - started
    started = time.perf_counter()
    coded = coding.code([d.sentence for d in dyads], model)
    pipeline = time.perf_counter() - started
    result = figures("model", predicted, coded, dyads)
    result["model_sentences_per_s"] = len(dyads) / typing
    result["pipeline_sentences_per_s"] = len(dyads) / pipeline
    return result


def reader_figures(coding: Coding, dyads: list[Dyad]) -> dict:
    """The event reader (what the pipeline runs when its artifact is installed) on the plain
    sentences: its type is that of the event it codes between the gold roles, as for the
    lexicon."""
    reader = extractor.shipped()
    started = time.perf_counter()
    coded = coding.code([d.sentence for d in dyads], reader=reader)
    seconds = time.perf_counter() - started
    predicted = [lexicon_type(c, d) for c, d in zip(coded, dyads, strict=True)]
    result = figures("reader", predicted, coded, dyads)
    result["reader_no_event"] = predicted.count("NONE")
    result["reader_pipeline_sentences_per_s"] = len(dyads) / seconds
    return result


def show(name: str, value: object) -> None:
    print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", choices=("dev", "all"), default=None)
    parser.add_argument("--limit", type=int, default=None, help="only the first N dyads")
    args = parser.parse_args()
    split = args.split or ("dev" if args.data.name == "PLV_train.tsv" else "all")
    dyads = load_dyads(args.data, split, args.limit)
    show("split", split)
    show("sentences", len(dyads))
    for name, value in ANCHOR.items():
        show(name, value)
    coding = Coding()
    for name, value in lexicon_figures(coding, dyads).items():
        show(name, value)
    if not classifier.available():
        show("model", "unavailable")
        return
    for name, value in model_figures(coding, dyads).items():
        show(name, value)
    if extractor.available():
        for name, value in reader_figures(coding, dyads).items():
            show(name, value)


if __name__ == "__main__":
    main()
