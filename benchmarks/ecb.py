"""Stories and cross-document event coreference on ECB+ (CAT XML read in place).

Every document of the given topics (default train + dev; the held-out test topics 36-45 are
refused) is rebuilt from its tokens (spaces within a sentence, a newline between sentences, so the
nlp stage ends a sentence at each line break; no date: ECB+ gives none) and the whole set goes
through `Pipeline.process` in one batch, all topics mixed together.

(1) Document clustering. Gold sub-topic of a file: its topic and whether its name ends in
"ecbplus" or "ecb" (the two real-world events of a topic). System cluster: the story the pipeline
puts the document in. `doc_pairwise_*` over document pairs, `doc_bcubed_*` over documents.

Gold event mentions (the standard setting of Cybulska & Vossen 2015 / Barhom et al. 2019): the
ACTION_* and NEG_ACTION_* markables whose first token lies in a sentence listed in
`ECBplus_coreference_sentences.csv`. Chain: the instance_id of the target of the mention's
CROSS_DOC_COREF relation; the (document, relation) of its INTRA_DOC_COREF relation; otherwise the
mention is a singleton. Singletons are kept, and all topics are scored as one pool (one "document"
for the scorer, as in the published key files): MUC, B3, CEAF-e and their mean, CoNLL F1.

(2) Gold mentions, our merging. Each gold mention becomes an `Event` with one `Evidence`
(document id, index of the nlp sentence holding it, the mention's character offsets, that
sentence's text); trigger: lowercased spaCy lemma of the mention's head (the root of its span in
the pipeline's own parse); type, actors, recipients and date: those of the pipeline event matched
to the mention (below) if any, else "", [], [], None; story: the document's story.
`storyline.fuse.merge_events` groups them; its output events are the response clusters.

(3) End to end. The stored (merged) pipeline events are matched to gold mentions: an event's
evidence is a whole sentence, so the event is placed at the occurrences of its trigger word in
that sentence (case-insensitive, on word boundaries); a gold mention overlapping such an occurrence
is matched to the event (the first event in store order when several). Gold mentions matched to
the same event form one response cluster; unmatched gold mentions are singletons; system evidence
matching no gold mention is dropped. `e2e_evidence_unlocated` counts evidence whose sentence does
not contain the event's trigger word (a merged event's other wordings): it matches nothing.

Same-lemma baseline (head lemma as in (2)): mentions with the same lemma in the same cluster,
within the system's stories (`lemma_*`, the honest comparison with (2)), within gold topics
(`lemma_gold_topics_*`: Ahmed et al. 2023 pair mentions within a gold topic, both sub-topics
together) and within gold sub-topics (`lemma_gold_subtopics_*`). Ahmed et al.'s lemma heuristic
also links lemma pairs seen coreferent in train and needs some sentence overlap; ours is the bare
same-lemma rule. Published anchors (held-out test topics): same-lemma 76.4 CoNLL, lemma filter +
Longformer cross-encoder 81.7.

    python benchmarks/ecb.py [--data DIR] [--topics 2 5 12 ...] [--limit N] [--no-model]

`--limit N` keeps the first N documents (topics in the given order, files sorted by name).
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actors import selected_sentences
from coref_scores import CorefScores, Score, bcubed, coref_scores, pairwise, partition
from spacy.tokens import Doc

import storyline.analysis as analysis_module
from storyline.fuse import merge_events
from storyline.model import Actor, Document, Event, Evidence, document_id
from storyline.nlp import Analysis
from storyline.pipeline import Pipeline
from storyline.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared/benchmarks"
DEFAULT_DATA = SHARED / "ecbplus"
TRAIN_TOPICS = (1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, *range(24, 34))
DEV_TOPICS = (2, 5, 12, 18, 21, 23, 34, 35)
TEST_TOPICS = frozenset(range(36, 46))  # held out: never read
EVENT_TAGS = ("ACTION_", "NEG_ACTION_")

Span = tuple[int, int]


@dataclass
class GoldMention:
    """One gold event mention: where it is, its chain, and (after the nlp) its head lemma."""

    document: str  # the storyline document id
    file: str  # CAT file stem, "1_10ecbplus"
    m_id: str
    start: int  # character offsets in the rebuilt text
    end: int
    text: str
    chain: Hashable
    lemma: str = ""
    sentence: int = -1  # index of the nlp sentence holding it
    sentence_span: Span = (0, 0)


@dataclass
class EcbDocument:
    """One CAT file: the storyline Document built from it, its sub-topic and gold mentions."""

    file: str
    topic: int
    subtopic: str
    document: Document
    mentions: list[GoldMention] = field(default_factory=list)


def read_document(path: Path, topic: int, checked: set[int], taken: set[str]) -> EcbDocument:
    """The file's text (a line per sentence) and its gold event mentions in checked sentences."""
    root = ET.parse(path).getroot()
    lines: dict[int, list[ET.Element]] = defaultdict(list)
    for token in root.iter("token"):
        lines[int(token.get("sentence"))].append(token)
    text, offsets, sentence_of = "", {}, {}
    for number in sorted(lines):
        text += "\n" if text else ""
        for position, token in enumerate(lines[number]):
            word = " ".join((token.text or "").split())  # no line break inside a token
            text += " " if position else ""
            offsets[token.get("t_id")] = (len(text), len(text) + len(word))
            sentence_of[token.get("t_id")] = number
            text += word
    identifier = document_id(text)
    if identifier in taken:  # two files with one body: keep both, under distinct ids
        identifier = document_id(f"{path.stem}\n{text}")
    taken.add(identifier)
    document = Document(source=str(path), text=text, title=None, published=None, id=identifier)
    instance = {m.get("m_id"): m.get("instance_id") for m in root.iterfind("Markables/*")}
    chain_of: dict[str, Hashable] = {}
    for relation in root.iterfind("Relations/*"):
        target = relation.find("target").get("m_id")
        if relation.tag == "CROSS_DOC_COREF":
            chain = instance.get(target) or relation.get("note")
        elif relation.tag == "INTRA_DOC_COREF":
            chain = ("intra", path.stem, relation.get("r_id"))
        else:
            continue
        for source in relation.findall("source"):
            chain_of.setdefault(source.get("m_id"), chain)
    subtopic = f"{topic}{'ecbplus' if path.stem.endswith('ecbplus') else 'ecb'}"
    ecb = EcbDocument(path.stem, topic, subtopic, document)
    for markable in root.iterfind("Markables/*"):
        anchors = [a.get("t_id") for a in markable.findall("token_anchor")]
        if not anchors or not markable.tag.startswith(EVENT_TAGS):
            continue
        if sentence_of[anchors[0]] not in checked:
            continue
        m_id = markable.get("m_id")
        start = min(offsets[t][0] for t in anchors)
        end = max(offsets[t][1] for t in anchors)
        chain = chain_of.get(m_id, ("singleton", path.stem, m_id))
        ecb.mentions.append(
            GoldMention(identifier, path.stem, m_id, start, end, text[start:end], chain)
        )
    return ecb


def read_corpus(root: Path, topics: list[int], limit: int | None) -> list[EcbDocument]:
    """The documents of the given topics (never the held-out test topics)."""
    if forbidden := sorted(TEST_TOPICS.intersection(topics)):
        raise SystemExit(f"topics {forbidden} are the held-out test split: not read")
    selected = selected_sentences(root)
    paths = [
        (topic, path)
        for topic in topics
        for path in sorted((root / "ECB+" / str(topic)).glob("*.xml"))
    ][:limit]
    taken: set[str] = set()
    return [read_document(p, t, selected.get(p.stem, set()), taken) for t, p in paths]


@contextmanager
def parses(on_parse: Callable[[str, Doc], None]) -> Iterator[None]:
    """Shows each spaCy Doc the pipeline's nlp stage makes to `on_parse(document id, doc)`.

    The benchmark needs the pipeline's own sentences and lemmas for the gold mentions; wrapping
    the stage costs nothing, where parsing every text a second time would double the run.
    """
    original = analysis_module.analyse

    def analyse(documents: Iterable[Document], **options: Any) -> Iterator[Analysis]:
        for analysis in original(documents, **options):
            on_parse(analysis.document.id, analysis.doc)
            yield analysis

    analysis_module.analyse = analyse
    try:
        yield
    finally:
        analysis_module.analyse = original


def annotate(mentions: list[GoldMention], doc: Doc) -> None:
    """Head lemma and nlp sentence of each gold mention, from the pipeline's parse."""
    sentences = list(doc.sents)
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        head = span.root if span is not None and len(span) else None
        mention.lemma = (head.lemma_ if head is not None else mention.text).lower()
        for number, sentence in enumerate(sentences):
            if sentence.start_char <= mention.start < sentence.end_char:
                mention.sentence = number
                mention.sentence_span = (sentence.start_char, sentence.end_char)
                break


@dataclass
class Run:
    """What the pipeline made of the corpus."""

    story_of: dict[str, str]  # document id -> story id
    events: list[Event]  # as stored (merged where the fuse stage merges)
    seconds: float
    actors: dict[str, Actor] = field(default_factory=dict)  # stored actors, by id


def run_pipeline(corpus: list[EcbDocument], model: bool) -> Run:
    """All documents through nlp -> actors -> events -> fuse -> store, in one batch."""
    by_id = {ecb.document.id: ecb for ecb in corpus}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        pipeline = Pipeline(Path(folder) / "ecb.duckdb", model=model, workers=0)  # Docs seen here
        with (
            parses(lambda i, doc: annotate(by_id[i].mentions, doc)),
            Store(pipeline.db) as store,
        ):
            pipeline.process([ecb.document for ecb in corpus], store)
            stories = store.stories()
            events = store.events()
            actors = {a.id: a for a in store.actors()}
    story_of = {d: story.id for story in stories for d in story.documents}
    return Run(story_of, events, time.perf_counter() - started, actors)


def trigger_spans(event: Event, evidence: Evidence, text: str) -> list[Span]:
    """Where the event's trigger word stands in one evidence sentence (all occurrences)."""
    if not event.trigger:
        return []
    pattern = re.compile(rf"(?<!\w){re.escape(event.trigger)}(?!\w)", re.IGNORECASE)
    window = text[evidence.start : evidence.end]
    return [
        (evidence.start + m.start(), evidence.start + m.end()) for m in pattern.finditer(window)
    ]


def match_events(
    events: list[Event], mentions: list[GoldMention], texts: dict[str, str]
) -> tuple[list[int | None], int]:
    """Index of the system event matched to each gold mention, and the unlocated evidence count."""
    by_document: dict[str, list[int]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        by_document[mention.document].append(index)
    matched: list[int | None] = [None] * len(mentions)
    unlocated = 0
    for number, event in enumerate(events):
        for evidence in event.evidence:
            text = texts.get(evidence.document)
            if text is None:
                continue
            spans = trigger_spans(event, evidence, text)
            unlocated += not spans
            for index in by_document[evidence.document]:
                mention = mentions[index]
                if matched[index] is None and any(
                    s < mention.end and mention.start < e for s, e in spans
                ):
                    matched[index] = number
    return matched, unlocated


def gold_events(
    mentions: list[GoldMention], run: Run, matched: list[int | None], texts: dict[str, str]
) -> list[Event]:
    """One single-evidence Event per gold mention, carrying what the pipeline found there."""
    events = []
    for index, mention in enumerate(mentions):
        found = run.events[matched[index]] if matched[index] is not None else None
        start, end = mention.sentence_span
        evidence = Evidence(
            mention.document,
            mention.sentence,
            mention.start,
            mention.end,
            texts[mention.document][start:end],
        )
        events.append(
            Event(
                id=f"gold:{mention.file}:{mention.m_id}",
                type=found.type if found else "",
                actors=list(found.actors) if found else [],
                recipients=list(found.recipients) if found else [],
                date=found.date if found else None,
                evidence=[evidence],
                story=run.story_of.get(mention.document),
                trigger=mention.lemma,
            )
        )
    return events


def evidence_key(evidence: Evidence) -> tuple[str, int, int, int]:
    return (evidence.document, evidence.sentence, evidence.start, evidence.end)


def merged_clusters(
    events: list[Event], documents: list[Document], actors: dict[str, Actor] | None = None
) -> list[int]:
    """Output event index of each input event after `merge_events` (one evidence each), with
    the stored actors' countries as the pipeline has them."""
    merged = merge_events(events, documents, actor_of=(actors or {}).get)
    given = Counter(evidence_key(e.evidence[0]) for e in events)
    returned = Counter(evidence_key(v) for event in merged for v in event.evidence)
    assert given == returned, "merge_events must return every input evidence exactly once"
    cluster_of = {evidence_key(v): n for n, event in enumerate(merged) for v in event.evidence}
    return [cluster_of[evidence_key(e.evidence[0])] for e in events]


def show(name: str, value: object) -> None:
    print(f"{name}: {value:.4f}" if isinstance(value, float) else f"{name}: {value}")


def show_score(prefix: str, score: Score) -> None:
    show(f"{prefix}_precision", score.precision)
    show(f"{prefix}_recall", score.recall)
    show(f"{prefix}_f1", score.f1)


def show_coref(prefix: str, scores: CorefScores, detail: bool) -> None:
    head = f"{prefix}_" if prefix else ""
    for name in ("muc", "b3", "ceafe"):
        if detail:
            show_score(f"{head}{name}", getattr(scores, name))
        else:
            show(f"{head}{name}_f1", getattr(scores, name).f1)
    show(f"{head}conll_f1", scores.conll_f1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ECB+ release folder")
    parser.add_argument(
        "--topics", type=int, nargs="+", default=[*TRAIN_TOPICS, *DEV_TOPICS], help="topic numbers"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument(
        "--no-model", dest="model", action="store_false", help="events typed by the lexicon alone"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    corpus = read_corpus(args.data, args.topics, args.limit)
    documents = [ecb.document for ecb in corpus]
    texts = {d.id: d.text for d in documents}
    run = run_pipeline(corpus, args.model)

    # (1) documents into sub-topics
    gold_docs = partition(ecb.subtopic for ecb in corpus)
    system_docs = partition(run.story_of.get(ecb.document.id) for ecb in corpus)
    show("documents", len(corpus))
    show("gold_subtopics", len(gold_docs))
    show("system_stories", len(system_docs))
    show_score("doc_pairwise", pairwise(gold_docs, system_docs))
    show_score("doc_bcubed", bcubed(gold_docs, system_docs))

    # (2) gold mentions
    mentions = [m for ecb in corpus for m in ecb.mentions]
    subtopic_of = {ecb.document.id: ecb.subtopic for ecb in corpus}
    topic_of = {ecb.document.id: ecb.topic for ecb in corpus}
    key = partition(m.chain for m in mentions)
    show("documents_with_mentions", sum(bool(ecb.mentions) for ecb in corpus))
    show("gold_mentions", len(mentions))
    show("gold_chains", len(key))
    show("gold_singletons", sum(len(c) == 1 for c in key))
    matched, unlocated = match_events(run.events, mentions, texts)
    events = gold_events(mentions, run, matched, texts)
    system = partition(merged_clusters(events, documents, run.actors))
    show("system_clusters", len(system))
    show_coref("", coref_scores(key, system), detail=True)

    # same-lemma baselines
    lemma = partition((run.story_of.get(m.document, m.document), m.lemma) for m in mentions)
    show_coref("lemma", coref_scores(key, lemma), detail=False)
    lemma_topics = partition((topic_of[m.document], m.lemma) for m in mentions)
    show_coref("lemma_gold_topics", coref_scores(key, lemma_topics), detail=False)
    lemma_subtopics = partition((subtopic_of[m.document], m.lemma) for m in mentions)
    show_coref("lemma_gold_subtopics", coref_scores(key, lemma_subtopics), detail=False)

    # (3) end to end: the pipeline's own events matched to gold mentions
    show("pipeline_events", len(run.events))
    show("pipeline_evidence", sum(len(e.evidence) for e in run.events))
    show("e2e_matched_mentions", sum(i is not None for i in matched))
    show("e2e_evidence_unlocated", unlocated)
    show_coref("e2e", coref_scores(key, partition(matched)), detail=True)

    show("pipeline_seconds", run.seconds)
    show("seconds", time.perf_counter() - started)


if __name__ == "__main__":
    main()
