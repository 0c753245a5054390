"""Actor resolution: country codes on PLV's marked spans, entity coreference on ECB+ documents.

Part A, PLV (every row of the file). Each `<s>…</s>` (actor) and `<t>…</t>` (recipient) span is
one span; its offsets in the plain `sentence` come from `plv.gold_spans`.
- Gold country, from the span text alone: the leftmost country word in it, where country words are
  the gazetteer's `country_names` (names, aliases, demonyms) and `governments` (capitals,
  metonyms), matched case-insensitively on word boundaries, longest first, accents ignored, the
  spaces of a name matching any run of spaces, hyphens or apostrophes. Two guards against
  ordinary words: the matched text must contain a capital letter ("us", "car" do not count), and
  a key of three letters or fewer must be written in capitals, dots allowed ("U.S.", "UK"). No
  country word gives "none". `plv_spans_with_gold_country` counts spans with a gold country.
- System country: the sentence goes through `analyse` and `ActorResolver` (dated 2020-01-01, as in
  `plv.py`); of the mentions overlapping the gold span by a character, the one overlapping it most
  (the earliest on a tie) gives the `country` of its actor (gazetteer actor, else the resolver's).
- `plv_country_accuracy`: share of spans with a gold country whose system country equals it;
  `plv_country_coverage`: share of those spans given any system country; `plv_none_agreement`:
  share of gold-"none" spans given no system country either. `plv_country_accuracy_any_overlap`
  counts a span as right when any overlapping mention's actor has the gold country.
- The gold rule and the resolver read the same gazetteer tables, so a country word is nearly
  sure to be found by both: accuracy there mostly measures span choice and the NER. The harder
  part is `plv_country_accuracy_role_spans`: spans without a country word that contain the name
  or alias of a gazetteer person with a country (exact normalised match on word boundaries, the
  longest such name; skipped when its people disagree on country); gold is that person's country,
  e.g. "Vladimir Putin" -> RUS. `plv_role_spans` counts them.

Part B, ECB+ train topics (CAT XML under `ECB+/<topic>/`). Gold mentions are the HUMAN_PART_*
markables whose first token lies in a sentence listed in `ECBplus_coreference_sentences.csv` (the
standard setting). A document's gold chains group its mentions by the instance their
CROSS_DOC_COREF or INTRA_DOC_COREF relation points to; unlinked mentions are singletons.
- The text is rebuilt from the tokens (spaces within a sentence, a newline between sentences; the
  whole document, not only the listed sentences) and run through `analyse` and `ActorResolver`
  with no date (ECB+ gives none). A gold mention takes the actor id of the system mention
  overlapping its tokens by the most characters (the latest on a tie: English heads come last);
  with none it is a singleton. System chains group gold mentions by that actor id.
- Scores over gold mentions, singletons included, micro-averaged over documents (numerators and
  denominators summed): MUC (links), B-cubed (per mention), CEAF-e (entity alignment with
  phi4 = 2|K∩R| / (|K|+|R|), optimal one-to-one assignment by our own Hungarian method, scipy
  not being installed); `ecb_conll_f1` is the mean of the three F1s. `ecb_mentions_linked`: share
  of gold mentions overlapped by any system mention; `ecb_unlinked_by_pos` gives the spaCy POS
  of the last token of the gold mentions left unlinked (pronouns, "the president" ...).
- `ecb_baseline_same_head_conll_f1`: gold mentions clustered by their lowercased last token.

    python benchmarks/actors.py [--plv FILE] [--ecb DIR] [--limit N]

`--limit N` keeps the first N PLV rows and the first N ECB+ documents.
"""

from __future__ import annotations

import argparse
import csv
import re
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from coref_scores import Partition, b_cubed, ceaf_e, muc, partition
from plv import PUBLISHED, gold_spans

from storyline.actors.gazetteer import Gazetteer, normalise_name
from storyline.actors.resolver import ActorResolver
from storyline.model import Actor, Document, Mention
from storyline.nlp import analyse

SHARED = Path(__file__).resolve().parents[2] / "shared/benchmarks"
DEFAULT_PLV = SHARED / "plv/PLV_train.tsv"
DEFAULT_ECB = SHARED / "ecbplus"
TRAIN_TOPICS = (1, 3, 4, 6, 7, 8, 9, 10, 11, 13, 14, 16, 19, 20, 22, *range(24, 34))
SHORT_KEY = 3  # country keys this short must be written in capitals ("US", "U.S.")

Span = tuple[int, int]


class Resolution:
    """The nlp and actors stages, and the actor behind an id (gazetteer or resolver's own)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.resolver = ActorResolver(gazetteer)

    def mentions(self, documents: list[Document]) -> Iterable[tuple[list[Mention], object]]:
        """Each document's resolved mentions and its spaCy Doc."""
        for analysis in analyse(documents):
            doc = analysis.doc
            yield self.resolver.resolve(doc, analysis.document.id, analysis.anchor), doc

    def actor(self, actor_id: str | None) -> Actor | None:
        if actor_id is None:
            return None
        return self.gazetteer.actors.get(actor_id) or self.resolver.actors.get(actor_id)


# Part A: PLV country codes


def _strip_accents(text: str) -> str:
    """Accents dropped character by character, so offsets stay those of `text`."""
    return "".join(unicodedata.normalize("NFKD", c)[0] for c in text)


def _key_pattern(key: str) -> str:
    if len(key) <= SHORT_KEY and " " not in key:
        return r"\.?".join(re.escape(c) for c in key) + r"\.?"
    return r"[\s\-'’]+".join(re.escape(word) for word in key.split())


class CountryRule:
    """The gold country of a span, from its text and the gazetteer's tables alone."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        countries = {**gazetteer.governments, **gazetteer.country_names}
        self.iso3 = countries
        keys = sorted(countries, key=len, reverse=True)
        alternation = "|".join(f"(?P<k{i}>{_key_pattern(k)})" for i, k in enumerate(keys))
        self.keys = keys
        self.pattern = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE)
        self.people: dict[str, set[str]] = {}  # normalised person name -> their countries
        for key, ids in gazetteer.names.items():
            for actor in (gazetteer.actors[i] for i in ids):
                if actor.kind == "person" and actor.country:
                    self.people.setdefault(key, set()).add(actor.country)

    def country(self, text: str) -> str | None:
        """ISO3 of the leftmost country word in `text` (see the module docstring), else None."""
        for match in self.pattern.finditer(_strip_accents(text)):
            key = self.keys[int(match.lastgroup[1:])]
            surface = match.group()
            letters = [c for c in surface if c.isalpha()]
            if not any(c.isupper() for c in letters):
                continue
            if len(key) <= SHORT_KEY and not all(c.isupper() for c in letters):
                continue
            return self.iso3[key]
        return None

    def person_country(self, text: str) -> str | None:
        """Country of the gazetteer person whose longest name occurs in `text`, if unambiguous."""
        padded = f" {normalise_name(text)} "
        found = [k for k in self.people if f" {k} " in padded]
        if not found:
            return None
        countries = self.people[max(found, key=len)]
        return next(iter(countries)) if len(countries) == 1 else None


@dataclass
class SpanJudgement:
    """One gold span: its gold country, person-derived country, and what the system said."""

    gold: str | None
    person_gold: str | None
    system: str | None
    any_system: set[str]


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def judge_plv(path: Path, limit: int | None, resolution: Resolution) -> list[SpanJudgement]:
    """Gold and system country of every marked span of the first `limit` rows."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))[:limit]
    rule = CountryRule(resolution.gazetteer)
    parsed = [gold_spans(row["marked_sentence"]) for row in rows]
    documents = [
        Document(f"plv#{i}", text, published=PUBLISHED) for i, (text, _) in enumerate(parsed)
    ]
    judgements = []
    for (text, roles), (mentions, _) in zip(parsed, resolution.mentions(documents), strict=True):
        for span in (s for spans in roles.values() for s in spans):
            touching = [m for m in mentions if overlap((m.start, m.end), span)]
            best = max(touching, key=lambda m: overlap((m.start, m.end), span), default=None)
            countries = [resolution.actor(m.actor) for m in touching]
            best_actor = resolution.actor(best.actor) if best else None
            words = text[span[0] : span[1]]
            gold = rule.country(words)
            judgements.append(
                SpanJudgement(
                    gold,
                    None if gold else rule.person_country(words),
                    best_actor.country if best_actor else None,
                    {a.country for a in countries if a and a.country},
                )
            )
    return judgements


def share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def plv_figures(judgements: list[SpanJudgement]) -> dict[str, object]:
    with_gold = [j for j in judgements if j.gold]
    without = [j for j in judgements if not j.gold]
    role = [j for j in judgements if j.person_gold]
    return {
        "plv_spans": len(judgements),
        "plv_spans_with_gold_country": len(with_gold),
        "plv_country_accuracy": share(sum(j.system == j.gold for j in with_gold), len(with_gold)),
        "plv_country_accuracy_any_overlap": share(
            sum(j.gold in j.any_system for j in with_gold), len(with_gold)
        ),
        "plv_country_coverage": share(sum(j.system is not None for j in with_gold), len(with_gold)),
        "plv_none_agreement": share(sum(j.system is None for j in without), len(without)),
        "plv_role_spans": len(role),
        "plv_country_accuracy_role_spans": share(
            sum(j.system == j.person_gold for j in role), len(role)
        ),
    }


# Part B: ECB+ within-document entity coreference


@dataclass
class EcbDocument:
    """One CAT XML file: rebuilt text, token offsets, and its scored HUMAN_PART mentions."""

    name: str
    text: str
    tokens: dict[str, Span]  # t_id -> character span in text
    words: dict[str, str]  # t_id -> token text
    mentions: list[list[str]] = field(default_factory=list)  # token ids of each mention
    chains: list[Hashable] = field(default_factory=list)  # gold chain key of each mention


def selected_sentences(root: Path) -> dict[str, set[int]]:
    """File stem ("1_10ecbplus") -> sentence numbers checked in the standard setting."""
    selected: dict[str, set[int]] = defaultdict(set)
    with open(root / "ECBplus_coreference_sentences.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            selected[f"{row['Topic']}_{row['File']}"].add(int(row["Sentence Number"]))
    return selected


def read_ecb(path: Path, sentences: set[int]) -> EcbDocument:
    """The document's text and its gold HUMAN_PART mentions in the listed sentences."""
    root = ET.parse(path).getroot()
    lines: dict[int, list[ET.Element]] = defaultdict(list)
    for token in root.iter("token"):
        lines[int(token.get("sentence"))].append(token)
    text, tokens, words, sentence_of = "", {}, {}, {}
    for number in sorted(lines):
        text += "\n" if text else ""
        for position, token in enumerate(lines[number]):
            text += " " if position else ""
            tokens[token.get("t_id")] = (len(text), len(text) + len(token.text or ""))
            words[token.get("t_id")] = token.text or ""
            sentence_of[token.get("t_id")] = number
            text += token.text or ""
    target_of = {}
    for relation in root.iterfind("Relations/*"):
        if relation.tag in ("CROSS_DOC_COREF", "INTRA_DOC_COREF"):
            target = relation.find("target").get("m_id")
            for source in relation.findall("source"):
                target_of.setdefault(source.get("m_id"), target)
    document = EcbDocument(path.stem, text, tokens, words)
    for markable in root.iterfind("Markables/*"):
        anchors = [a.get("t_id") for a in markable.findall("token_anchor")]
        if not markable.tag.startswith("HUMAN_PART") or not anchors:
            continue
        if sentence_of[anchors[0]] in sentences:
            m_id = markable.get("m_id")
            document.mentions.append(anchors)
            document.chains.append(target_of.get(m_id, ("singleton", m_id)))
    return document


def read_corpus(root: Path, limit: int | None) -> list[EcbDocument]:
    selected = selected_sentences(root)
    paths = [p for t in TRAIN_TOPICS for p in sorted((root / "ECB+" / str(t)).glob("*.xml"))]
    documents = [read_ecb(p, selected.get(p.stem, set())) for p in paths[:limit]]
    return [d for d in documents if d.mentions]


def link(document: EcbDocument, mentions: list[Mention]) -> list[str | None]:
    """The actor id of the system mention overlapping each gold mention most (latest on a tie)."""
    linked = []
    for anchors in document.mentions:
        spans = [document.tokens[t] for t in anchors]
        scored = [(sum(overlap((m.start, m.end), s) for s in spans), m.start, m) for m in mentions]
        best = max((s for s in scored if s[0]), key=lambda s: s[:2], default=None)
        linked.append(best[2].actor if best else None)
    return linked


@dataclass
class Tally:
    """Numerators and denominators of the three metrics, summed over documents."""

    counts: Counter = field(default_factory=Counter)

    def add(self, key: Partition, response: Partition) -> None:
        phi = ceaf_e(key, response)
        for name, (numerator, denominator) in {
            "muc_r": muc(key, response),
            "muc_p": muc(response, key),
            "b3_r": b_cubed(key, response),
            "b3_p": b_cubed(response, key),
            "ceafe_r": (phi, len(key)),
            "ceafe_p": (phi, len(response)),
        }.items():
            self.counts[name + "_num"] += numerator
            self.counts[name + "_den"] += denominator

    def f1(self, metric: str) -> float:
        recall = share(self.counts[f"{metric}_r_num"], self.counts[f"{metric}_r_den"])
        precision = share(self.counts[f"{metric}_p_num"], self.counts[f"{metric}_p_den"])
        return share(2 * precision * recall, precision + recall)

    def scores(self, prefix: str) -> dict[str, float]:
        f1s = {metric: self.f1(metric) for metric in ("muc", "b3", "ceafe")}
        scores = {f"{prefix}_{metric}_f1": value for metric, value in f1s.items()}
        return scores | {f"{prefix}_conll_f1": sum(f1s.values()) / 3}


def ecb_figures(root: Path, limit: int | None, resolution: Resolution) -> dict[str, object]:
    corpus = read_corpus(root, limit)
    texts = [Document(f"ecb#{d.name}", d.text) for d in corpus]
    system, baseline = Tally(), Tally()
    pairs = Counter()  # merges and splits, counted over mention pairs within each document
    linked_count, unlinked_pos = 0, Counter()
    for document, (mentions, doc) in zip(corpus, resolution.mentions(texts), strict=True):
        gold = partition(document.chains)
        linked = link(document, mentions)
        system.add(gold, partition(linked))
        heads = [document.words[anchors[-1]].lower() for anchors in document.mentions]
        baseline.add(gold, partition(heads))
        linked_count += sum(actor is not None for actor in linked)
        for i, j in combinations(range(len(linked)), 2):
            same_gold = document.chains[i] == document.chains[j]
            same_system = linked[i] is not None and linked[i] == linked[j]
            pairs["gold"] += same_gold
            pairs["system"] += same_system
            pairs["merge"] += same_system and not same_gold
            pairs["split"] += same_gold and not same_system
        for anchors, actor in zip(document.mentions, linked, strict=True):
            if actor is None:
                start, end = document.tokens[anchors[-1]]
                span = doc.char_span(start, end, alignment_mode="expand")
                unlinked_pos[span[-1].pos_ if span else "?"] += 1
    total = sum(len(d.mentions) for d in corpus)
    pos = ", ".join(f"{tag}={n}" for tag, n in unlinked_pos.most_common())
    return (
        {
            "ecb_documents": len(corpus),
            "ecb_gold_mentions": total,
            "ecb_gold_chains": sum(len(set(d.chains)) for d in corpus),
            "ecb_mentions_linked": share(linked_count, total),
        }
        | system.scores("ecb")
        | {"ecb_baseline_same_head_conll_f1": baseline.scores("base")["base_conll_f1"]}
        | {
            # false merges: linked pairs of mentions of different people (share of linked pairs);
            # splits: pairs of mentions of one person left apart (share of coreferent pairs)
            "ecb_false_merge_pairs": pairs["merge"],
            "ecb_false_merge_rate": share(pairs["merge"], pairs["system"]),
            "ecb_split_pairs": pairs["split"],
            "ecb_split_rate": share(pairs["split"], pairs["gold"]),
        }
        | {"ecb_unlinked_by_pos": pos}
    )


def show(name: str, value: object) -> None:
    print(f"{name}: {value:.4f}" if isinstance(value, float) else f"{name}: {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plv", type=Path, default=DEFAULT_PLV, help="a PLV TSV file")
    parser.add_argument("--ecb", type=Path, default=DEFAULT_ECB, help="the ECB+ release folder")
    parser.add_argument("--limit", type=int, default=None, help="first N rows / documents only")
    args = parser.parse_args()
    started = time.perf_counter()
    gazetteer = Gazetteer.load()
    for name, value in plv_figures(judge_plv(args.plv, args.limit, Resolution(gazetteer))).items():
        show(name, value)
    for name, value in ecb_figures(args.ecb, args.limit, Resolution(gazetteer)).items():
        show(name, value)
    show("seconds", time.perf_counter() - started)


if __name__ == "__main__":
    main()
