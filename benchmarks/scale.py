"""Scale: the time to add a day's documents to a store that already holds many, and how the fuse
and store stages grow with the store.

The nlp, actors and events stages cost the same per document whatever the store holds
(`throughput.py` measures them); what grows with the store is the fuse stage (story assignment
against the stored profiles and stories, the syndication check, merging with the story's stored
events) and the store's reads and writes. Analysing 11,000 documents would take about 40 minutes
on 2 cores and the shared data holds about 5,000 news texts, so:

1. A pool of real documents is analysed once, through `Pipeline.process` itself with its fuse
   stage and store replaced by a recorder that keeps what they are handed (leads, body terms,
   mentions, events, the resolver's actors): half the pool from `guardian_sdf` (all 249 articles
   at most, with their dates), the rest NGEC synthetic stories (a seeded sample; title: the
   prompt's headline; publisher: the stated agency), dated evenly over the Guardian articles'
   date range in sample order. `analysis_seconds_per_document` is that run's time per document
   (models loaded before it).
2. The stream: copy k of every pool document (deep copies of the model dataclasses) with its
   document, event and evidence dates moved k x `period_days` later, where the period is the
   pool's date span + `stories.WINDOW_DAYS` + 1, so no copy can ever join a story of another
   copy: each copy is a new stretch of news with the pool's shape (documents per story, events
   per story, actors), and the stored stories share actors with the new documents but lie outside
   their time window, as the older part of a real store does. Copy k > 0 gets a new body (one
   line appended; offsets of the evidence stay right), hence its own id, shingles and
   `agent:...:<document>` actors, new event ids and evidence documents; as a body it would be a
   syndicated copy of the original, which is right had they ever shared a story, and they never
   do. The stream is in date order and cut into batches of `--batch` documents (a daily feed),
   each going through `Fuser.fuse` and `Store.save` as `Pipeline.process` calls them; the first
   `--base` documents build the store, the next `--add` are the measured addition.
3. `add_total_seconds` = fuse + save of the addition + `analysis_seconds_per_document` x `--add`
   (the analysis is not rerun: it is per document whatever the store holds). `growth_ratio`:
   fuse + save seconds per document of the addition over those of the first batch (into an
   empty store); near 1 when the work per document does not grow with the store.
   `*_joined_stored`: documents that joined a story stored before their batch (none when the
   batches follow the copies, `--batch` = `--pool`; smaller batches cut a copy's stretch of news,
   so its later batches join the stories its earlier ones stored).

    python benchmarks/scale.py [--pool 1000] [--base 10000] [--batch 1000] [--add 1000]
        [--workers 2] [--no-model] [--db FILE] [--profile]

`--db` keeps the store in a new file (default: a temporary one); `--profile` prints where the
addition's fuse + save time goes (cProfile, cumulative) on standard error.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import itertools
import pstats
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from throughput import PeakMemory, load_articles  # the benchmarks' own CSV reader and sampler

from storyline.fuse import FuseResult
from storyline.fuse.embed import embed
from storyline.fuse.stories import WINDOW_DAYS
from storyline.ingest.records import record_document
from storyline.model import Actor, Document, Event, Mention, document_id
from storyline.nlp.model import load_pipeline
from storyline.pipeline import Pipeline
from storyline.store import Store

SHARED = Path(__file__).resolve().parents[2] / "shared/benchmarks"
GUARDIAN = SHARED / "guardian_sdf"
SYNTHETIC = SHARED / "ngec_synthetic"
UNDATED_RANGE = (date(2019, 1, 1), 365)  # synthetic dates when the pool has no Guardian article
ISO_PREFIX = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


@dataclass
class Analysed:
    """One document as the nlp, actors and events stages leave it: what the fuse stage takes."""

    document: Document
    lead: str  # title and first sentence, for the lead embedding
    terms: list[str]  # the body's content lemmas, for story clustering
    mentions: list[Mention]
    events: list[Event]
    actors: list[Actor]  # the resolver's actors it names (those not in the gazetteer)


@dataclass
class Timing:
    """One batch through fuse and store."""

    documents: int
    fuse_seconds: float
    save_seconds: float
    joined_stored: int  # documents that joined a story stored before the batch

    @property
    def per_document(self) -> float:
        return (self.fuse_seconds + self.save_seconds) / max(self.documents, 1)


def read_pool(guardian: Path, synthetic: Path, size: int) -> list[Document]:
    """Half Guardian articles (all of them at most), the rest NGEC synthetic stories, read as the
    ingest stage reads JSON records."""
    real = load_articles(guardian, None)[: (size + 1) // 2]
    documents = [
        record_document(
            {"text": r["text"], "date": r.get("date"), "publisher": r.get("source")},
            f"{guardian.name}#{n}",
        )
        for n, r in enumerate(real, start=1)
    ]
    first, days = _date_range(documents)
    rows = load_articles(synthetic, None)
    wanted = size - len(documents)
    for n, row in enumerate(random.Random(0).sample(rows, min(wanted, len(rows)))):
        day = first + timedelta(days=n * days // max(wanted, 1))
        record = {
            "text": row["text"],
            "title": (row.get("prompt") or "").split("\n", 1)[0].strip() or None,
            "date": day.isoformat(),
            "publisher": row.get("source"),
        }
        documents.append(record_document(record, f"{synthetic.name}#{n + 1}"))
    return documents


def _date_range(documents: list[Document]) -> tuple[date, int]:
    """First day and span in days of the documents' publication dates."""
    days = [d for d in (_day(x.published) for x in documents) if d]
    if not days:
        return UNDATED_RANGE
    return min(days), (max(days) - min(days)).days


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


class _Recorder:
    """Stands in for the fuse stage and the store in `Pipeline.process`, keeping what it hands
    them."""

    def __init__(self) -> None:
        self.leads: dict[str, str] = {}
        self.terms: dict[str, list[str]] = {}
        self.mentions: list[Mention] = []
        self.events: list[Event] = []
        self.actors: list[Actor] = []

    def fuse(self, documents, leads, mentions, events, store, terms=None) -> FuseResult:
        self.leads, self.mentions, self.events = leads, mentions, events
        self.terms = terms or {}
        return FuseResult()

    def save(self, documents, actors, *rest) -> None:
        self.actors = list(actors)


def analyse_pool(pipeline: Pipeline, documents: list[Document]) -> tuple[list[Analysed], float]:
    """Every pool document through nlp -> actors -> events (`Pipeline.process` up to the fuse
    stage), and the seconds it took."""
    recorder = _Recorder()
    fuser, pipeline.fuser = pipeline.fuser, recorder
    try:
        started = time.perf_counter()
        pipeline.process(documents, recorder)
        seconds = time.perf_counter() - started
    finally:
        pipeline.fuser = fuser
    mentions: dict[str, list[Mention]] = {}
    for mention in recorder.mentions:
        mentions.setdefault(mention.document, []).append(mention)
    events: dict[str, list[Event]] = {}
    for event in recorder.events:
        events.setdefault(event.evidence[0].document, []).append(event)
    actors = {a.id: a for a in recorder.actors}
    pool = []
    for document in documents:
        own = mentions.get(document.id, [])
        coded = events.get(document.id, [])
        named = {m.actor for m in own} | {
            a for e in coded for a in (*e.actors, *e.recipients, *e.attributed_to)
        }
        lead = recorder.leads.get(document.id, "")
        terms = recorder.terms.get(document.id, [])
        resolved = [actors[a] for a in sorted(named - {None}) if a in actors]
        pool.append(Analysed(document, lead, terms, own, coded, resolved))
    return pool, seconds


def shifted(value: str | None, days: int) -> str | None:
    """An ISO date (year, month or day, or a datetime) `days` later, at the same precision."""
    match = ISO_PREFIX.match(value or "")
    if not days or match is None:
        return value
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        moved = date(year, month, day) + timedelta(days=days)
    except ValueError:
        return value
    return moved.isoformat()[: match.end()] + value[match.end() :]


def replica(item: Analysed, number: int, days: int) -> Analysed:
    """Copy `number` of an analysed document, `days` later; copy 0 is the document itself (still
    a deep copy: the fuse stage changes what it is given)."""
    copy = deepcopy(item)
    if number == 0:
        return copy
    document = copy.document
    old = document.id
    document.text += f"\n\n(Copy {number} of this article, made by the scale benchmark.)"
    document.id = document_id(document.text)
    document.source = f"{document.source}~{number}"
    document.published = shifted(document.published, days)
    document.updated = shifted(document.updated, days)
    own = _renamer(old, document.id)
    for mention in copy.mentions:
        mention.document, mention.actor = document.id, own(mention.actor)
    for event in copy.events:
        event.id = hashlib.sha1(f"{document.id}:{event.id}".encode()).hexdigest()[:16]
        event.date = shifted(event.date, days)
        for holder in (event, *event.evidence):
            holder.actors = [own(a) for a in holder.actors]
            holder.recipients = [own(a) for a in holder.recipients]
            holder.attributed_to = [own(a) for a in holder.attributed_to]
        for evidence in event.evidence:
            evidence.document = document.id
            evidence.date = shifted(evidence.date, days)
    for actor in copy.actors:
        actor.id = own(actor.id)
    return copy


def _renamer(old: str, new: str):
    """Actor ids made for one document (`agent:XXX:victim:<id prefix>`) follow it to its copy."""
    suffix, replacement = f":{old[:8]}", f":{new[:8]}"

    def own(actor_id: str | None) -> str | None:
        if actor_id and actor_id.endswith(suffix):
            return actor_id[: -len(suffix)] + replacement
        return actor_id

    return own


def stream(pool: list[Analysed], period: int) -> Iterator[Analysed]:
    """Copies 0, 1, 2 ... of the pool in date order, copy k moved k x `period` days later."""
    ordered = sorted(pool, key=lambda a: (a.document.published or "", a.document.id))
    for number in itertools.count():
        for item in ordered:
            yield replica(item, number, number * period)


def feed(pipeline: Pipeline, store: Store, items: list[Analysed]) -> Timing:
    """One batch through the fuse stage and into the store, as `Pipeline.process` does it."""
    documents = [i.document for i in items]
    leads = {i.document.id: i.lead for i in items}
    terms = {i.document.id: i.terms for i in items}
    mentions = [m for i in items for m in i.mentions]
    events = [e for i in items for e in i.events]
    actors = {a.id: a for i in items for a in i.actors}
    pipeline.resolver.actors.clear()  # what the resolver holds after analysing this batch
    pipeline.resolver.actors.update(actors)
    started = time.perf_counter()
    fused = pipeline.fuser.fuse(documents, leads, mentions, events, store, terms)
    fused_at = time.perf_counter()
    store.save(documents, actors.values(), mentions, fused.events, fused.stories, fused.profiles)
    saved_at = time.perf_counter()
    batch = {d.id for d in documents}
    joined = sum(1 for p in fused.profiles if (p.story or "").removeprefix("story:") not in batch)
    return Timing(len(documents), fused_at - started, saved_at - fused_at, joined)


@contextmanager
def store_file(given: Path | None) -> Iterator[Path]:
    """`given` (which must not exist yet), else a temporary file removed afterwards."""
    if given is not None:
        if given.exists():
            raise SystemExit(f"{given} exists: give a new file to build the store in")
        yield given
        return
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder) / "scale.duckdb"


def show(name: str, value: object) -> None:
    print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guardian", type=Path, default=GUARDIAN)
    parser.add_argument("--synthetic", type=Path, default=SYNTHETIC)
    parser.add_argument("--pool", type=int, default=1000, help="documents analysed")
    parser.add_argument("--base", type=int, default=10000, help="documents in the store")
    parser.add_argument("--batch", type=int, default=1000, help="documents per batch")
    parser.add_argument("--add", type=int, default=1000, help="documents added and timed")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-model", dest="model", action="store_false")
    parser.add_argument("--db", type=Path, default=None, help="build the store in this new file")
    parser.add_argument("--profile", action="store_true", help="profile the addition (stderr)")
    args = parser.parse_args()
    started = time.perf_counter()

    pool_documents = read_pool(args.guardian, args.synthetic, args.pool)
    with PeakMemory() as memory, store_file(args.db) as path, Store(path) as store:
        pipeline = Pipeline(path, workers=args.workers, model=args.model)
        load_pipeline()
        embed(["warm-up"])  # the lead encoder loads once, not in the first batch
        pool, analysis_seconds = analyse_pool(pipeline, pool_documents)
        first, span = _date_range(pool_documents)
        period = span + WINDOW_DAYS + 1
        documents = stream(pool, period)
        batches = []
        for start in range(0, args.base, args.batch):
            size = min(args.batch, args.base - start)
            batches.append(feed(pipeline, store, list(itertools.islice(documents, size))))
        additions = list(itertools.islice(documents, args.add))
        profiler = cProfile.Profile() if args.profile else None
        if profiler:
            profiler.enable()
        added = feed(pipeline, store, additions)
        if profiler:
            profiler.disable()
        counts = store.counts()

    per_document = analysis_seconds / max(len(pool), 1)
    show("pool_documents", len(pool))
    show("pool_guardian", sum(d.source.startswith(args.guardian.name) for d in pool_documents))
    show("pool_words", sum(len(d.text.split()) for d in pool_documents))
    show("pool_events", sum(len(a.events) for a in pool))
    show("pool_dates", f"{first.isoformat()} + {span} days")
    show("workers", args.workers)
    show("model", "on" if args.model else "off")
    show("analysis_seconds", analysis_seconds)
    show("analysis_seconds_per_document", per_document)
    show("period_days", period)
    show("base_documents", sum(b.documents for b in batches))
    show("batch_documents", args.batch)
    for number, batch in enumerate(batches, start=1):
        show(f"batch_fuse_seconds_{number}", batch.fuse_seconds)
        show(f"batch_save_seconds_{number}", batch.save_seconds)
        show(f"batch_joined_stored_{number}", batch.joined_stored)
    show("add_documents", added.documents)
    show("add_store_documents", sum(b.documents for b in batches))
    show("add_fuse_seconds", added.fuse_seconds)
    show("add_save_seconds", added.save_seconds)
    show("add_analysis_seconds", per_document * added.documents)
    show(
        "add_total_seconds",
        added.fuse_seconds + added.save_seconds + per_document * added.documents,
    )
    show("add_joined_stored", added.joined_stored)
    if batches:
        show("first_batch_seconds", batches[0].fuse_seconds + batches[0].save_seconds)
        show("growth_ratio", added.per_document / (batches[0].per_document or 1.0))
    for table in ("documents", "stories", "events", "evidence", "mentions", "actors"):
        show(f"store_{table}", counts[table])
    show("peak_rss_mb", round(memory.peak_kb / 1024))
    show("peak_pss_mb", round(memory.peak_pss_kb / 1024))
    show("seconds", time.perf_counter() - started)
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
