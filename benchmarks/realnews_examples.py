"""Training examples for the event model from the real-news gold standard (train split only).

Two kinds, one JSON line each (`{"text", "label", "weight", "kind"}`), written outside the
project (they hold third-party sentences):
- `candidate`: every event the lexicon coder finds in a document of the split, its sentence with
  the trigger marked `< … >`, the actor `[ … ]` and the recipient `{ … }` (as the coder marks them
  at run time, `coder.candidate_text`). Label: the type of the gold event of that sentence whose
  trigger overlaps the candidate's; failing that, of a gold event of the candidate's type whose
  actor or recipient overlaps one of the candidate's mentions (the same event under another
  trigger word); failing that `NONE` (not an event, or not this one).
- `gold`: every gold event of the split with its own trigger, actor and recipient spans marked
  (the first of each), labelled with its type: what the lexicon misses is taught too.
Types go through `plv_label` (CONCEDE and RETREAT are PLV's YIELD).

With `--spans`, the examples are for the event reader (`events/extractor.py`): one line per lexicon
candidate (every trigger the lexicon proposes, whether or not the rules find its participants) and
per gold event, `{"text", "trigger", "label", "actor", "recipient", "status", "when", "kind"}`:
the plain sentence, character spans inside it, the gold event's status and `when` (`dated` when
the annotator tied it to a time expression or gave a date, `report` for news of the day,
`undated`); a NONE candidate has no spans and no status.

    python benchmarks/realnews_examples.py --split train --out /tmp/realnews_train.jsonl
    python benchmarks/realnews_examples.py --spans --split train --out /tmp/spans_train.jsonl
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from realnews_corpus import Annotated, annotated, by_sentence, overlaps, read_labels

from storyline.actors.gazetteer import Gazetteer
from storyline.actors.resolver import ActorResolver
from storyline.events.classifier import NONE, mark
from storyline.events.coder import EventCoder, candidate_text
from storyline.events.lexicon import Lexicon
from storyline.events.training import plv_label
from storyline.model import Document, document_id
from storyline.nlp import analyse


def as_documents(docs: list[Annotated]) -> tuple[list[Document], dict[str, Annotated]]:
    """The annotated texts as pipeline documents, and each annotated one by document id."""
    by_id = {}
    documents = []
    for d in docs:
        document = Document(source=d.key, text=d.text, published=d.published)
        document.id = document_id(d.text)
        by_id[document.id] = d
        documents.append(document)
    return documents, by_id


def gold_sentence(doc: Annotated, start: int, end: int) -> int | None:
    best, most = None, 0
    for i, (lo, hi) in enumerate(doc.sentences):
        if (overlap := min(hi, end) - max(lo, start)) > most:
            best, most = i, overlap
    return best


def label_of(trigger: tuple[int, int], kind: str, spans: list[list[int]], golds: list[dict]) -> str:
    for g in golds:
        if overlaps(list(trigger), g["trigger"]):
            return plv_label(g["type"])
    for g in golds:
        parties = [p["span"] for role in ("actor", "recipient") for p in g[role]]
        if g["type"] == kind and any(overlaps(s, p) for s in spans for p in parties):
            return plv_label(g["type"])
    return NONE


def examples(split: str, limit: int | None = None) -> list[dict]:
    docs = annotated(split=split)[:limit]
    gold = read_labels("gold")
    docs = [d for d in docs if d.key in gold]
    gazetteer = Gazetteer.load(None)
    resolver = ActorResolver(gazetteer)

    def actor_of(actor_id: str):
        return gazetteer.actors.get(actor_id) or resolver.actors.get(actor_id)

    coder = EventCoder(Lexicon.load(), actor_of, None)
    documents, by_id = as_documents(docs)
    out = []
    for parsed in analyse(documents):
        d = by_id[parsed.document.id]
        resolver.actors.clear()
        mentions = resolver.resolve(parsed.doc, parsed.document.id, parsed.anchor)
        spans: dict[str, tuple[int, int]] = {}
        events = coder.code(parsed.doc, parsed.document.id, mentions, None, spans)
        sentences = list(parsed.doc.sents)
        golds = by_sentence(gold[d.key])
        for event in events:
            sentence = sentences[event.evidence[0].sentence]
            trigger = spans[event.id]
            s = gold_sentence(d, sentence.start_char, sentence.end_char)
            ids = set(event.actors) | set(event.recipients)
            inside = [
                [m.start, m.end]
                for m in mentions
                if m.actor in ids and sentence.start_char <= m.start < sentence.end_char
            ]
            label = label_of(trigger, event.type, inside, golds.get(s, []) if s is not None else [])
            text = candidate_text(event, sentence, mentions, trigger)
            out.append({"text": text, "label": label, "weight": 1.0, "kind": "candidate"})
        for g in gold[d.key]:
            lo, hi = d.sentences[g["s"]]

            def local(span, lo=lo):
                return (span[0] - lo, span[1] - lo) if span else None

            actor = g["actor"][0]["span"] if g["actor"] else None
            recipient = g["recipient"][0]["span"] if g["recipient"] else None
            if recipient is not None and actor is not None and overlaps(actor, recipient):
                recipient = None
            text = mark(d.text[lo:hi], local(actor), local(recipient), local(g["trigger"]))
            out.append({"text": text, "label": plv_label(g["type"]), "weight": 1.0, "kind": "gold"})
    return out


def when_of(gold: dict) -> str:
    if gold.get("time") or gold["date"] not in ("current", "undated"):
        return "dated"
    return "report" if gold["date"] == "current" else "undated"


def span_row(text_start: int, text: str, trigger, label: str, gold: dict | None, kind: str) -> dict:
    """One reader example; gold spans outside the sentence are dropped."""
    end = text_start + len(text)

    def local(spans: list[list[int]]) -> list[list[int]]:
        return [
            [max(a, text_start) - text_start, min(b, end) - text_start]
            for a, b in spans
            if a < end and b > text_start
        ]

    row = {"text": text, "trigger": list(trigger), "label": label, "kind": kind}
    if gold is not None:
        location = gold.get("location")
        for role in ("actor", "recipient"):
            row[role] = local([p["span"] for p in gold[role] if not overlaps(p["span"], location)])
        row["status"] = gold["status"]
        row["when"] = when_of(gold)
    else:
        row.update(actor=[], recipient=[], status=None, when=None)
    return row


def matching_gold(token, trigger: tuple[int, int], kind: str, golds: list[dict]) -> dict | None:
    """The gold event a candidate stands for: its trigger overlaps, or one of the candidate's
    type whose trigger is the candidate's head or a child of it ("launched [strikes]")."""
    for g in golds:
        if overlaps(list(trigger), g["trigger"]):
            return g
    near = [token.head, *token.children]
    for g in golds:
        if g["type"] == kind and any(
            overlaps([t.idx, t.idx + len(t.text)], g["trigger"]) for t in near
        ):
            return g
    return None


def span_examples(split: str, limit: int | None = None) -> list[dict]:
    docs = annotated(split=split)[:limit]
    gold = read_labels("gold")
    docs = [d for d in docs if d.key in gold]
    coder = EventCoder(Lexicon.load(), lambda _: None, None)
    documents, by_id = as_documents(docs)
    out = []
    for parsed in analyse(documents):
        d = by_id[parsed.document.id]
        golds = by_sentence(gold[d.key])
        for _, sentence, token, trigger, _ in coder.candidates(parsed.doc):
            lo = sentence.start_char
            span = (token.idx - lo, token.idx - lo + len(token.text))
            s = gold_sentence(d, sentence.start_char, sentence.end_char)
            found = matching_gold(
                token,
                (token.idx, token.idx + len(token.text)),
                trigger.type,
                golds.get(s, []) if s is not None else [],
            )
            label = plv_label(found["type"]) if found else NONE
            out.append(span_row(lo, sentence.text, span, label, found, "candidate"))
        for g in gold[d.key]:
            lo, hi = d.sentences[g["s"]]
            trigger = (g["trigger"][0] - lo, g["trigger"][1] - lo)
            out.append(span_row(lo, d.text[lo:hi], trigger, plv_label(g["type"]), g, "gold"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="train", choices=("train", "dev"))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--spans", action="store_true", help="examples for the event reader")
    args = parser.parse_args(argv)
    rows = (span_examples if args.spans else examples)(args.split, args.limit)
    with args.out.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    kinds = Counter((r["kind"], r["label"] == NONE) for r in rows)
    print(f"examples: {len(rows)}")
    for (kind, none), n in sorted(kinds.items()):
        print(f"{kind}{'_none' if none else ''}: {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
