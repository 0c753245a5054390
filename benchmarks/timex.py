"""Time expressions on TimeML (TempEval-3): span F1, value F1 and type accuracy of `find_timexes`.

Each .tml file under the data folder (searched recursively) is parsed as XML; the plain text of its
TEXT element is rebuilt with the character offsets of every gold TIMEX3 inside it, and the value of
the creation-time TIMEX3 (functionInDocument="CREATION_TIME", outside TEXT) is the anchor date.
Scoring follows the TempEval-3 toolkit's timex scoring:
- spans: strict = identical offsets, relaxed = any overlap (gold and system timexes paired one to
  one); precision, recall and F1 over all files;
- `value_accuracy`: share of relaxed-matched pairs whose `value` strings are equal;
- `value_f1`: F1 where a true positive is a relaxed match with the equal value (precision over the
  system timexes, recall over the gold ones);
- `type_accuracy`: share of relaxed-matched pairs whose TIMEX3 `type` equals our `kind`;
- `timex_per_s`: gold timexes per second (of the whole nlp stage when parsing, else of
  `find_timexes` alone).
By default each text goes through the real nlp stage (`storyline.nlp.analyse`: spaCy, the tense
reader, `find_timexes`) and `doc._.timexes` is scored; `--no-parse` calls `find_timexes` directly,
without tense (the fast path).
The `anchor_*` lines are the published TempEval-3 platinum-test value F1 of HeidelTime and SUTime.

    python benchmarks/timex.py [--data DIR] [--limit N] [--errors N] [--no-parse]
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from storyline.model import Document as StoryDocument
from storyline.model import TimeExpression
from storyline.nlp.timex import find_timexes

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/tempeval3/TBAQ-cleaned"
ANCHORS = {"anchor_heideltime_value_f1": 0.776, "anchor_sutime_value_f1": 0.674}


@dataclass(frozen=True)
class GoldTimex:
    """One TIMEX3 of a document's TEXT, with its character offsets in the rebuilt plain text."""

    start: int
    end: int
    text: str
    value: str
    kind: str


@dataclass(frozen=True)
class Document:
    """A TimeML document: plain text, creation date and gold time expressions."""

    path: Path
    text: str
    anchor: date | None
    timexes: tuple[GoldTimex, ...]


def _flatten(element: ET.Element, parts: list[str], gold: list[GoldTimex], offset: int) -> int:
    """Append the element's text, tags removed, to `parts`, noting its TIMEX3s; the new offset."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _flatten(child, parts, gold, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3":
        text = "".join(parts)[start:offset]
        gold.append(
            GoldTimex(start, offset, text, element.get("value", ""), element.get("type", ""))
        )
    return offset


def read_document(path: Path) -> Document:
    """The plain text, anchor and gold timexes of one .tml file."""
    root = ET.parse(path).getroot()
    anchor = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            try:
                anchor = date.fromisoformat(timex.get("value", "")[:10])
            except ValueError:
                anchor = None
            break
    body = root.find("TEXT")
    parts: list[str] = []
    gold: list[GoldTimex] = []
    if body is not None:
        body.tail = None  # the text after </TEXT> is not part of it
        _flatten(body, parts, gold, 0)
    return Document(path, "".join(parts), anchor, tuple(sorted(gold, key=lambda g: g.start)))


def pair(
    gold: tuple[GoldTimex, ...], system: list[TimeExpression]
) -> list[tuple[GoldTimex, TimeExpression]]:
    """Gold and system timexes paired one to one by overlap, each gold with the first free system
    timex it overlaps (both lists are sorted and non-overlapping)."""
    pairs = []
    used: set[int] = set()
    for g in gold:
        for index, s in enumerate(system):
            if index not in used and s.start < g.end and g.start < s.end:
                pairs.append((g, s))
                used.add(index)
                break
    return pairs


def f1(correct: int, system: int, gold: int) -> tuple[float, float, float]:
    """(precision, recall, F1) of `correct` out of `system` predictions and `gold` answers."""
    p = correct / system if system else 0.0
    r = correct / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of .tml files")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N files")
    parser.add_argument("--errors", type=int, default=0, help="print N mismatches to stderr")
    parser.add_argument(
        "--no-parse", action="store_true", help="call find_timexes alone (no spaCy, no tense)"
    )
    args = parser.parse_args(argv)
    paths = sorted(args.data.rglob("*.tml"))[: args.limit]
    documents = [read_document(path) for path in paths]
    started = time.perf_counter()
    found = _system_timexes(documents, parse=not args.no_parse)
    seconds = time.perf_counter() - started
    gold_total = system_total = strict = relaxed = right_value = right_type = 0
    errors: list[str] = []
    for document, system in zip(documents, found, strict=True):
        gold_total += len(document.timexes)
        system_total += len(system)
        pairs = pair(document.timexes, system)
        relaxed += len(pairs)
        strict += sum(g.start == s.start and g.end == s.end for g, s in pairs)
        right_value += sum(g.value == s.value for g, s in pairs)
        right_type += sum(g.kind == s.kind for g, s in pairs)
        errors.extend(_mismatches(document, system, pairs))
    figures = {
        "parse": "off" if args.no_parse else "on",
        "files": len(paths),
        "gold_timexes": gold_total,
        "system_timexes": system_total,
    }
    for name, correct in (("strict", strict), ("relaxed", relaxed)):
        p, r, f = f1(correct, system_total, gold_total)
        figures |= {f"span_precision_{name}": p, f"span_recall_{name}": r, f"span_f1_{name}": f}
    figures["value_accuracy"] = right_value / relaxed if relaxed else 0.0
    figures["value_f1"] = f1(right_value, system_total, gold_total)[2]
    figures["type_accuracy"] = right_type / relaxed if relaxed else 0.0
    figures["timex_per_s"] = round(gold_total / seconds) if seconds else 0
    for name, figure in (figures | ANCHORS).items():
        print(f"{name}: {figure:.4f}" if isinstance(figure, float) else f"{name}: {figure}")
    for line in errors[: args.errors]:
        print(line, file=sys.stderr)
    return 0


def _system_timexes(documents: list[Document], *, parse: bool) -> list[list[TimeExpression]]:
    """Our timexes of each document: from the nlp stage's `doc._.timexes`, or `find_timexes`."""
    if not parse:
        return [find_timexes(d.text, d.anchor) for d in documents]
    from storyline.nlp import analyse  # loads spaCy: only when parsing

    stories = [
        StoryDocument(
            source=str(d.path), text=d.text, published=d.anchor.isoformat() if d.anchor else None
        )
        for d in documents
    ]
    return [list(a.doc._.timexes) for a in analyse(stories)]


def _mismatches(
    document: Document, system: list[TimeExpression], pairs: list[tuple[GoldTimex, TimeExpression]]
) -> list[str]:
    """One line per wrong value, missed gold timex or spurious system timex of a document."""
    name, anchor = document.path.name, document.anchor
    lines = [
        f"VALUE {name} {anchor} gold {g.text!r}={g.value} ({g.kind}) ours {s.text!r}={s.value}"
        for g, s in pairs
        if g.value != s.value
    ]
    matched_gold = {id(g) for g, _ in pairs}
    matched_system = {id(s) for _, s in pairs}
    lines += [
        f"MISSED {name} {anchor} gold {g.text!r}={g.value} ({g.kind}) "
        f"in {document.text[max(0, g.start - 40) : g.end + 20]!r}"
        for g in document.timexes
        if id(g) not in matched_gold
    ]
    lines += [
        f"SPURIOUS {name} {anchor} ours {s.text!r}={s.value} "
        f"in {document.text[max(0, s.start - 40) : s.end + 20]!r}"
        for s in system
        if id(s) not in matched_system
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
