"""Article body extraction on real news pages, scored like scrapinghub/article-extraction-benchmark.

The data folder holds `html/<id>.html.gz` and `ground-truth.json` ({id: {"articleBody": ...}}).
The score reimplements the benchmark's evaluate.py: texts are split into word tokens (`\\w+`),
compared as multisets of 4-token shingles; each page's true/false positives and false negatives
give its precision and recall, these are averaged over pages, and F1 is computed from the two
averages. Plain `trafilatura.extract` runs on the same pages for comparison.

    python benchmarks/article_extraction.py [--data PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

from storyline.errors import IngestError
from storyline.ingest.decode import declared_charset, decode_text
from storyline.ingest.html import read_html

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = (REPO / "../shared/benchmarks/article_extraction").resolve()
SHINGLE = 4
_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]  # true positives, false positives, false negatives


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Multiset of the text's 4-token shingles (one shorter shingle for very short texts)."""
    tokens = _TOKEN.findall(text or "")
    grams = (tuple(tokens[i : i + SHINGLE]) for i in range(max(1, len(tokens) - SHINGLE + 1)))
    return Counter(gram for gram in grams if gram)


def counts(true: str, predicted: str) -> Counts:
    """TP, FP, FN of the predicted shingles against the true ones."""
    expected, got = shingles(true), shingles(predicted)
    return (
        float(sum((expected & got).values())),
        float(sum((got - expected).values())),
        float(sum((expected - got).values())),
    )


def precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def score(pages: list[Counts]) -> tuple[float, float, float]:
    """(precision, recall, F1): per-page scores averaged, pages without the relevant counts left
    out, as evaluate.py does."""
    p = statistics.mean(precision(*c) for c in pages if c[0] + c[1] > 0)
    r = statistics.mean(recall(*c) for c in pages if c[0] + c[2] > 0)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def ours(html: str, page: str) -> str:
    """Our extraction's body, empty when it finds no article."""
    try:
        return read_html(html, page).text
    except IngestError:
        return ""


def page_html(path: Path) -> str:
    """The decompressed page decoded as ingest decodes any page."""
    data = gzip.decompress(path.read_bytes())
    return decode_text(data, str(path), declared_charset(data))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    args = parser.parse_args(argv)
    truth = json.loads((args.data / "ground-truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    mine: list[Counts] = []
    baseline: list[Counts] = []
    for page, expected in sorted(truth.items()):
        html = page_html(args.data / "html" / f"{page}.html.gz")
        body = expected.get("articleBody", "")
        mine.append(counts(body, ours(html, page)))
        baseline.append(counts(body, trafilatura.extract(html) or ""))
    p, r, f1 = score(mine)
    print(f"precision: {p:.4f}")
    print(f"recall: {r:.4f}")
    print(f"f1: {f1:.4f}")
    print(f"trafilatura_f1: {score(baseline)[2]:.4f}")
    print(f"docs: {len(mine)}")
    print(f"seconds: {time.perf_counter() - started:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
