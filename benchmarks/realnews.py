"""What analysts see, measured: the whole pipeline scored on the real-news gold standard.

The documents of a split (`benchmarks/realnews/annotations/documents.jsonl`, texts read from
`../shared/benchmarks`) are written as one JSONL file (text, date, a `realnews.invalid` URL naming
the document) and go through `Pipeline.run`: ingest -> nlp -> actors -> events -> fuse -> store,
in a fresh DuckDB file. Every piece of evidence of every stored event is one *system mention*: a
claim that its sentence reports an event of that type, with that source's own actors, recipients,
status and date. Its sentence is the gold sentence holding the evidence text. Gold: the
adjudicated events of `gold.jsonl` (see `realnews/GUIDELINES.md`), every sentence of every
document labelled, so non-events and recall are measured.

Matching, within one sentence:
- a system participant (an actor id) is a gold participant when one of its mentions in the
  sentence overlaps the gold span (and not the gold event's location: a place is never a
  participant), or its name or an alias equals the gold canonical name (case, punctuation,
  "the"/"of" ignored);
- a role agrees when both sides are empty, or some system participant is some gold participant;
- `event_*` (strict): one-to-one pairs with the same type and agreeing actor and recipient roles;
  `type_*`: one-to-one pairs on type alone (the pair whose roles agree best is taken first).

Figures (`name: value`; the default pipeline, with the learned type model, unprefixed; the lexicon
coder alone prefixed `lexicon_`; `--no-model` runs only the latter):
- `event_precision/recall/f1`, `type_precision/recall/f1`, per type `p_<TYPE>` / `r_<TYPE>`;
- `actor_precision`: share of (system mention, actor) pairs whose actor is an actor of a gold
  event of the same type in the sentence; `actor_recall`: share of (gold event, actor) pairs found
  so by a system mention of that type; the same for `recipient_*`;
- `nonevent_rate`: share of system mentions in sentences whose gold says none;
- `status_accuracy`: over type pairs, the same status;
- `date_accuracy`: over type pairs whose gold date is not "undated": a gold date (YYYY[-MM[-DD]])
  is met by a system date at least as precise that starts with it; "current" (news of the day, no
  time expression) by a day date within 3 days before the article's date, or the day itself (by
  no date when the document has none);
  "background" (earlier, undated) by no date or one before that window, never the article's day;
- `merge_precision`: over pairs of one system event's evidence in two documents of one annotated
  story whose sentences both hold gold events, share the cross-document links join;
  `merge_recall`: over gold links whose two sentences both hold system mentions, share some
  system event joins; `merge_pairs_uncovered`: system cross-document pairs outside any linked
  story (not scored: nobody linked them);
- `story_recall`: share of the annotated pairs judged one affair that the pipeline puts in one
  story.
- with confidences: the figures at thresholds 0.5 / 0.7 / 0.9; `reliability_<bin>` (five bins:
  mentions, mean confidence, observed type and strict precision); `calibrated_reliability_<bin>`,
  the same after mapping each document's confidences by an isotonic fit on the other folds'
  documents (5 folds: what a map calibrated on the split gives on documents it did not see);
  `calibration_error` / `calibrated_error`, the bins' size-weighted |confidence - strict
  precision| before and after.

    python benchmarks/realnews.py [--split dev|train|test] [--no-model] [--audit N] [--limit N]

Tune on train and dev; `--split test` is for reporting a finished change only.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from realnews_corpus import (
    ANNOTATIONS,
    TYPES,
    Annotated,
    annotated,
    by_sentence,
    norm_name,
    overlaps,
    read_labels,
)

from storyline.model import Actor
from storyline.pipeline import Pipeline
from storyline.store import Store

URL = "https://realnews.invalid/"
CURRENT_WINDOW = 3  # days before the article's date that still count as "of the day"


@dataclass
class Party:
    """A system participant: the actor's id, its names, its mentions' spans in the sentence
    (document offsets of the gold text)."""

    id: str
    names: set[str]
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class SystemMention:
    """One piece of evidence of one stored event, placed in a gold sentence."""

    event: str
    doc: str
    s: int
    type: str
    actors: list[Party]
    recipients: list[Party]
    status: str
    date: str | None
    precision: str | None
    text: str
    trigger: str | None = None
    confidence: float | None = None


# ---------------------------------------------------------------- matching


def party_matches(party: Party, gold: dict[str, Any], location: list[int] | None) -> bool:
    """A system participant is this gold participant (span overlap off the location, or name)."""
    span = gold["span"]
    for start, end in party.spans:
        if overlaps([start, end], span) and not overlaps([start, end], location):
            return True
    return norm_name(gold["name"]) in party.names


def role_agrees(parties: list[Party], golds: list[dict[str, Any]], location) -> bool:
    if not parties and not golds:
        return True
    return any(party_matches(p, g, location) for p in parties for g in golds)


def strict_match(m: SystemMention, g: dict[str, Any]) -> bool:
    return (
        m.type == g["type"]
        and role_agrees(m.actors, g["actor"], g["location"])
        and role_agrees(m.recipients, g["recipient"], g["location"])
    )


def role_score(m: SystemMention, g: dict[str, Any]) -> int:
    return role_agrees(m.actors, g["actor"], g["location"]) + role_agrees(
        m.recipients, g["recipient"], g["location"]
    )


def pair_up(
    mentions: list[SystemMention], golds: list[dict[str, Any]], strict: bool
) -> list[tuple[SystemMention, dict[str, Any]]]:
    """One-to-one pairs in one sentence: strict (type and both roles) or by type, the candidates
    whose roles agree best first."""
    candidates = []
    for i, m in enumerate(mentions):
        for j, g in enumerate(golds):
            if m.type != g["type"] or (strict and not strict_match(m, g)):
                continue
            candidates.append((-role_score(m, g), i, j))
    used_m, used_g, pairs = set(), set(), []
    for _score, i, j in sorted(candidates):
        if i not in used_m and j not in used_g:
            used_m.add(i)
            used_g.add(j)
            pairs.append((mentions[i], golds[j]))
    return pairs


def date_correct(m: SystemMention, gold: str, published: str | None) -> bool | None:
    """Is the system date right for the gold date? None when the gold says "undated"."""
    if gold == "undated":
        return None
    anchor = date.fromisoformat(published) if published else None
    if gold == "current":
        if anchor is None:  # news of a day nobody gave: no date is the honest answer
            return m.date is None
        if not m.date or len(m.date) < 10:
            return False
        day = date.fromisoformat(m.date[:10])
        return anchor - timedelta(days=CURRENT_WINDOW) <= day <= anchor
    if gold == "background":
        if not m.date:
            return True
        if anchor is None:
            return False
        earliest = (anchor - timedelta(days=CURRENT_WINDOW)).isoformat()
        return m.date[: len(earliest)] < earliest[: len(m.date)]
    return bool(m.date) and len(m.date) >= len(gold) and m.date.startswith(gold)


# ---------------------------------------------------------------- scoring


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p == p and r == r and p + r else float("nan")


def score(
    docs: list[Annotated],
    gold: dict[str, list[dict[str, Any]]],
    mentions: list[SystemMention],
    links: list[dict[str, Any]] | None = None,
    story_of: dict[str, str] | None = None,
) -> dict[str, float]:
    """Every figure of the module docstring from gold events and system mentions."""
    by_doc = {d.key: d for d in docs if d.key in gold}
    links = [s for s in links or [] if all(d in by_doc for d in s["docs"])]  # the split's stories
    placed: dict[tuple[str, int], list[SystemMention]] = defaultdict(list)
    for m in mentions:
        if m.doc in by_doc:
            placed[(m.doc, m.s)].append(m)
    n_sys = sum(len(v) for v in placed.values())
    n_gold = sum(len(gold[k]) for k in by_doc)
    strict = typed = nonevent = 0
    status_same = date_right = date_scored = 0
    per_type = {t: [0, 0, 0] for t in TYPES}  # matched, system, gold
    roles = {r: [0, 0, 0, 0] for r in ("actor", "recipient")}  # sys hit, sys, gold hit, gold
    for key, doc in by_doc.items():
        golds_of = by_sentence(gold[key])
        for s in range(len(doc.sentences)):
            ms, gs = placed.get((key, s), []), golds_of.get(s, [])
            if not gs:
                nonevent += len(ms)
            for m in ms:
                per_type.setdefault(m.type, [0, 0, 0])[1] += 1
            for g in gs:
                per_type[g["type"]][2] += 1
            strict += len(pair_up(ms, gs, strict=True))
            pairs = pair_up(ms, gs, strict=False)
            typed += len(pairs)
            for m, g in pairs:
                per_type[m.type][0] += 1
                status_same += m.status == g["status"]
                verdict = date_correct(m, g["date"], doc.published)
                if verdict is not None:
                    date_scored += 1
                    date_right += verdict
            for role, attribute in (("actor", "actors"), ("recipient", "recipients")):
                tally = roles[role]
                for m in ms:
                    for party in getattr(m, attribute):
                        tally[1] += 1
                        tally[0] += any(
                            g["type"] == m.type
                            and any(party_matches(party, x, g["location"]) for x in g[role])
                            for g in gs
                        )
                for g in gs:
                    for x in g[role]:
                        tally[3] += 1
                        tally[2] += any(
                            m.type == g["type"]
                            and any(
                                party_matches(p, x, g["location"]) for p in getattr(m, attribute)
                            )
                            for m in ms
                        )
    out: dict[str, float] = {
        "documents": len(by_doc),
        "sentences": sum(len(d.sentences) for d in by_doc.values()),
        "gold_events": n_gold,
        "system_mentions": n_sys,
    }
    p, r = ratio(strict, n_sys), ratio(strict, n_gold)
    out.update(event_precision=p, event_recall=r, event_f1=f1(p, r))
    p, r = ratio(typed, n_sys), ratio(typed, n_gold)
    out.update(type_precision=p, type_recall=r, type_f1=f1(p, r))
    for role, (sys_hit, sys_n, gold_hit, gold_n) in roles.items():
        out[f"{role}_precision"] = ratio(sys_hit, sys_n)
        out[f"{role}_recall"] = ratio(gold_hit, gold_n)
    out["nonevent_rate"] = ratio(nonevent, n_sys)
    out["status_accuracy"] = ratio(status_same, typed)
    out["date_accuracy"] = ratio(date_right, date_scored)
    out.update(merge_scores(by_doc, gold, placed, links))
    if story_of is not None:
        out["story_recall"] = story_recall(links, story_of)
    for kind, (matched, n_system, n_golden) in sorted(per_type.items()):
        if n_system or n_golden:
            out[f"p_{kind}"] = ratio(matched, n_system)
            out[f"r_{kind}"] = ratio(matched, n_golden)
    return out


def merge_scores(
    by_doc: dict[str, Annotated],
    gold: dict[str, list[dict[str, Any]]],
    placed: dict[tuple[str, int], list[SystemMention]],
    links: list[dict[str, Any]],
) -> dict[str, float]:
    """Pairwise merge precision and recall against the cross-document links (module docstring)."""
    story_of_doc = {k: story["story"] for story in links for k in story["docs"]}
    linked = {
        frozenset({(link["a"][0], link["a"][1]), (link["b"][0], link["b"][1])})
        for story in links
        for link in story["links"]
    }
    has_gold = {(k, e["s"]) for k in by_doc for e in gold[k]}
    evidence: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for (key, s), ms in placed.items():
        for m in ms:
            evidence[m.event].add((key, s))
    right = scored = uncovered = 0
    joined: set[frozenset] = set()
    for places in evidence.values():
        ordered = sorted(places)
        for i, x in enumerate(ordered):
            for y in ordered[i + 1 :]:
                if x[0] == y[0]:
                    continue
                joined.add(frozenset({x, y}))
                story = story_of_doc.get(x[0])
                if story is None or story != story_of_doc.get(y[0]):
                    uncovered += 1
                    continue
                if x in has_gold and y in has_gold:
                    scored += 1
                    right += frozenset({x, y}) in linked
    with_system = set(placed)
    reachable = [pair for pair in linked if all(p in with_system for p in pair)]
    found = sum(pair in joined for pair in reachable)
    return {
        "merge_precision": ratio(right, scored),
        "merge_recall": ratio(found, len(reachable)),
        "merge_pairs": scored,
        "merge_pairs_uncovered": uncovered,
        "gold_links": len(linked),
    }


def story_recall(links: list[dict[str, Any]], story_of: dict[str, str]) -> float:
    pairs = [s["docs"] for s in links if s.get("same_affair") and len(s["docs"]) > 1]
    together = sum(
        1 for docs in pairs if story_of.get(docs[0]) and len({story_of.get(d) for d in docs}) == 1
    )
    return ratio(together, len(pairs))


def verdicts(
    docs: list[Annotated], gold: dict[str, list[dict[str, Any]]], mentions: list[SystemMention]
) -> dict[int, tuple[bool, bool]]:
    """id(mention) -> (paired with a gold event of its type, paired strictly), as `score`
    pairs them."""
    by_doc = {d.key: d for d in docs if d.key in gold}
    placed: dict[tuple[str, int], list[SystemMention]] = defaultdict(list)
    for m in mentions:
        if m.doc in by_doc:
            placed[(m.doc, m.s)].append(m)
    out = {}
    for (key, s), ms in placed.items():
        gs = by_sentence(gold[key]).get(s, [])
        typed = {id(m) for m, _ in pair_up(ms, gs, strict=False)}
        strict = {id(m) for m, _ in pair_up(ms, gs, strict=True)}
        out.update({id(m): (id(m) in typed, id(m) in strict) for m in ms})
    return out


def reliability(
    docs: list[Annotated],
    gold: dict[str, list[dict[str, Any]]],
    mentions: list[SystemMention],
    confidence: dict[int, float] | None = None,
) -> list[tuple[str, int, float, float, float]]:
    """Five confidence bins: (bin, mentions, mean confidence, observed type precision, observed
    strict precision); `confidence` (by mention id) replaces the stored one."""
    judged = verdicts(docs, gold, mentions)
    scored = {
        id(m): (m.confidence if confidence is None else confidence.get(id(m)))
        for m in mentions
        if id(m) in judged
    }
    scored = {k: v for k, v in scored.items() if v is not None}
    rows = []
    for low in (0.0, 0.2, 0.4, 0.6, 0.8):
        high = low + 0.2
        inside = [k for k, v in scored.items() if low <= v < (high if high < 1.0 else 1.01)]
        mean = sum(scored[k] for k in inside) / len(inside) if inside else float("nan")
        typed = ratio(sum(judged[k][0] for k in inside), len(inside))
        strict = ratio(sum(judged[k][1] for k in inside), len(inside))
        rows.append((f"{low:.1f}-{high:.1f}", len(inside), mean, typed, strict))
    return rows


def calibration_error(rows: list[tuple[str, int, float, float, float]]) -> float:
    """Expected calibration error against strict precision: the bins' |confidence - observed|,
    weighted by their size."""
    total = sum(r[1] for r in rows)
    return sum(r[1] * abs(r[2] - r[4]) for r in rows if r[1]) / total if total else float("nan")


def isotonic(points: list[tuple[float, int]]) -> list[tuple[float, float]]:
    """The monotone step function nearest to 0/1 outcomes (pool adjacent violators): blocks as
    (highest confidence in the block, observed share)."""
    blocks: list[list[float]] = []  # [upper confidence, successes, count]
    for x, y in sorted(points):
        if blocks and blocks[-1][0] == x:  # one confidence, one block
            blocks[-1][1] += y
            blocks[-1][2] += 1
        else:
            blocks.append([x, float(y), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            upper, hits, count = blocks.pop()
            blocks[-1] = [upper, blocks[-1][1] + hits, blocks[-1][2] + count]
    return [(upper, hits / count) for upper, hits, count in blocks]


def step(fit: list[tuple[float, float]], x: float) -> float:
    return next((share for upper, share in fit if x <= upper), fit[-1][1])


def cross_calibrated(
    docs: list[Annotated],
    gold: dict[str, list[dict[str, Any]]],
    mentions: list[SystemMention],
    folds: int = 5,
) -> dict[int, float]:
    """Each mention's confidence mapped by an isotonic fit on the other folds' documents: what a
    map calibrated on this split would give on documents it was not fitted on."""
    judged = verdicts(docs, gold, mentions)
    fold_of = {d.key: i % folds for i, d in enumerate(sorted(docs, key=lambda d: d.key))}
    scored = [m for m in mentions if id(m) in judged and m.confidence is not None]
    out: dict[int, float] = {}
    for fold in range(folds):
        fit = isotonic(
            [(m.confidence, int(judged[id(m)][1])) for m in scored if fold_of[m.doc] != fold]
        )
        for m in scored:
            if fold_of[m.doc] == fold and fit:
                out[id(m)] = step(fit, m.confidence)
    return out


THRESHOLDS = (0.5, 0.7, 0.9)


# ---------------------------------------------------------------- the system's side


@dataclass
class Run:
    mentions: list[SystemMention]
    story_of: dict[str, str]  # doc key -> story id
    seconds: float
    unplaced: int  # evidence whose text was not found in its gold document


def run_pipeline(docs: list[Annotated], model: bool) -> Run:
    """The documents through `Pipeline.run` (ingest included) into a fresh store; its events as
    system mentions placed in the gold sentences."""
    started = time.perf_counter()
    by_key = {d.key: d for d in docs}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "realnews.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for d in docs:
                record = {"text": d.text, "url": URL + d.key}
                if d.published:
                    record["published"] = d.published
                if d.corpus == "guardian":
                    record["publisher"] = "The Guardian"
                out.write(json.dumps(record) + "\n")
        pipeline = Pipeline(Path(folder) / "realnews.duckdb", model=model, workers=0)
        pipeline.run([source])
        with Store(pipeline.db) as store:
            stored = store.documents()
            actors = {a.id: a for a in store.actors()}
            mentions = store.mentions()
            events = store.events()
            stories = store.stories()
    key_of = {d.id: (d.url or "").removeprefix(URL) for d in stored}
    text_of = {d.id: d.text for d in stored}
    mentions_of: dict[tuple[str, str], list] = defaultdict(list)
    for m in mentions:
        if m.actor:
            mentions_of[(m.document, m.actor)].append(m)
    out, unplaced = [], 0
    for event in events:
        for evidence in event.evidence:
            key = key_of.get(evidence.document)
            doc = by_key.get(key or "")
            if doc is None:
                unplaced += 1
                continue
            shift = locate_shift(doc.text, text_of[evidence.document], evidence.start, evidence.end)
            if shift is None:
                unplaced += 1
                continue
            start, end = evidence.start + shift, evidence.end + shift
            s = sentence_at(doc, start, end)
            if s is None:
                unplaced += 1
                continue

            def parties(ids: list[str], document=evidence.document, shift=shift, s=s, doc=doc):
                result = []
                lo, hi = doc.sentences[s]
                for actor_id in ids:
                    actor = actors.get(actor_id)
                    spans = [
                        (m.start + shift, m.end + shift)
                        for m in mentions_of.get((document, actor_id), [])
                        if lo <= m.start + shift < hi
                    ]
                    result.append(Party(actor_id, names_of(actor), spans))
                return result

            out.append(
                SystemMention(
                    event.id,
                    doc.key,
                    s,
                    event.type,
                    parties(evidence.actors or event.actors),
                    parties(evidence.recipients or event.recipients),
                    evidence.status or event.status,
                    evidence.date if evidence.date is not None else event.date,
                    evidence.date_precision or event.date_precision,
                    evidence.text,
                    evidence.trigger or event.trigger,
                    evidence.confidence if evidence.confidence is not None else event.confidence,
                )
            )
    story_of = {key_of[d]: story.id for story in stories for d in story.documents if d in key_of}
    return Run(out, story_of, time.perf_counter() - started, unplaced)


def names_of(actor: Actor | None) -> set[str]:
    if actor is None:
        return set()
    return {norm_name(n) for n in [actor.name, *actor.aliases] if n} - {""}


def locate_shift(gold_text: str, stored_text: str, start: int, end: int) -> int | None:
    """How far the stored body's offsets are from the gold text's (0 when ingest kept the text)."""
    piece = stored_text[start:end]
    if gold_text[start:end] == piece:
        return 0
    found = gold_text.find(piece)
    return None if found < 0 or not piece else found - start


def sentence_at(doc: Annotated, start: int, end: int) -> int | None:
    """The gold sentence overlapping [start, end) the most."""
    best, best_overlap = None, 0
    for i, (lo, hi) in enumerate(doc.sentences):
        overlap = min(hi, end) - max(lo, start)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


# ---------------------------------------------------------------- output


def read_links() -> list[dict[str, Any]]:
    path = ANNOTATIONS / "links.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def show(name: str, value: object) -> None:
    print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")


def audit(run: Run, docs: list[Annotated], gold: dict[str, list[dict[str, Any]]], n: int) -> None:
    """N random system mentions with their sentence and the gold events there, for eye checks."""
    by_key = {d.key: d for d in docs}
    pool = [m for m in run.mentions if m.doc in gold]
    for m in random.Random(11).sample(pool, min(n, len(pool))):
        doc = by_key[m.doc]
        print(f"--- {m.doc} [{m.s}] {doc.sentence(m.s)}")
        print(
            f"    system: {m.type} actors={[p.id for p in m.actors]} "
            f"recipients={[p.id for p in m.recipients]} status={m.status} date={m.date}"
        )
        for g in by_sentence(gold[m.doc]).get(m.s, []) or [None]:
            if g is None:
                print("    gold: none")
                continue
            names = [x["name"] for x in g["actor"]], [x["name"] for x in g["recipient"]]
            print(
                f"    gold: {g['type']} actors={names[0]} recipients={names[1]} "
                f"status={g['status']} date={g['date']}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    parser.add_argument("--no-model", action="store_true", help="the lexicon coder alone")
    parser.add_argument("--audit", type=int, default=0, metavar="N")
    parser.add_argument("--limit", type=int, default=None, help="the first N documents")
    parser.add_argument("--gold", default="gold", help="annotation file name (gold, a or b)")
    args = parser.parse_args(argv)
    if args.split == "test":
        print("note: the test split is for reporting a finished change", file=sys.stderr)
    gold = read_labels(args.gold)
    docs = [d for d in annotated(split=args.split) if d.key in gold][: args.limit]
    if not docs:
        raise SystemExit(f"no annotated documents in split {args.split!r} of {args.gold}.jsonl")
    links = read_links()
    show("split", args.split)
    configurations = [("lexicon_", False)] if args.no_model else [("", True), ("lexicon_", False)]
    for prefix, model in configurations:
        run = run_pipeline(docs, model)
        for name, value in score(docs, gold, run.mentions, links, run.story_of).items():
            show(prefix + name, value)
        if any(m.confidence is not None for m in run.mentions):
            for threshold in THRESHOLDS:
                kept = [m for m in run.mentions if (m.confidence or 0.0) >= threshold]
                figures = score(docs, gold, kept, links)
                for name in (
                    "event_precision",
                    "event_recall",
                    "type_precision",
                    "type_recall",
                    "nonevent_rate",
                    "system_mentions",
                ):
                    show(f"{prefix}{name}@{threshold}", figures[name])
            raw = reliability(docs, gold, run.mentions)
            calibrated = reliability(
                docs, gold, run.mentions, cross_calibrated(docs, gold, run.mentions)
            )
            for label, rows in (("reliability", raw), ("calibrated_reliability", calibrated)):
                for row in rows:
                    show(
                        f"{prefix}{label}_{row[0]}",
                        f"n={row[1]} confidence={row[2]:.3f} type_precision={row[3]:.3f} "
                        f"event_precision={row[4]:.3f}",
                    )
            show(prefix + "calibration_error", round(calibration_error(raw), 3))
            show(prefix + "calibrated_error", round(calibration_error(calibrated), 3))
        show(prefix + "unplaced_evidence", run.unplaced)
        show(prefix + "seconds", round(run.seconds, 1))
        if args.audit and prefix == configurations[0][0]:
            audit(run, docs, gold, args.audit)
    counts = Counter(d.corpus for d in docs)
    show("corpora", " ".join(f"{k}={v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
