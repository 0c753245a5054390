"""Throughput: the whole Storyline pipeline against bare spaCy over the same texts, in one run.

Prints `name: value` lines: pipeline_docs_per_s, bare_spacy_docs_per_s, pipeline_words_per_s,
peak_rss_mb (this process plus its worker processes, sampled) and ratio (pipeline / bare).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import tempfile
import threading
import time
import zipfile
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared/benchmarks/guardian_sdf"


def load_articles(path: Path, limit: int | None) -> list[dict]:
    """Rows (date, text, source) from the zipped CSV (or a plain CSV) of the benchmark."""
    files = [path] if path.is_file() else sorted(path.glob("*.zip")) + sorted(path.glob("*.csv"))
    rows: list[dict] = []
    for file in files:
        if file.suffix == ".zip":
            with zipfile.ZipFile(file) as archive:
                for name in archive.namelist():
                    if name.endswith(".csv") and not name.startswith("__MACOSX"):
                        with archive.open(name) as raw:
                            rows.extend(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))
        else:
            with open(file, encoding="utf-8", newline="") as handle:
                rows.extend(csv.DictReader(handle))
    rows = [r for r in rows if (r.get("text") or "").strip()]
    return rows[:limit] if limit else rows


class PeakMemory:
    """Samples the memory of this process and its descendants (spaCy workers): the sum of their
    RSS (counts pages that forked workers share once per process) and of their PSS (shares them
    out, so it adds up to the memory really in use)."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self.peak_pss_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = _tree_memory_kb(os.getpid())
            self.peak_kb = max(self.peak_kb, rss)
            self.peak_pss_kb = max(self.peak_pss_kb, pss)
            self._stop.wait(0.1)


def _tree_memory_kb(root: int) -> tuple[int, int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry.name)] = int(stat[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid and p not in tree]
        tree.update(children)
        frontier.extend(children)
    rss = pss = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--no-model", action="store_true", help="lexicon-typed events only")
    args = parser.parse_args()

    from storyline.nlp.model import MODEL
    from storyline.pipeline import Pipeline

    rows = load_articles(args.data, args.limit)
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)

    import spacy

    bare = spacy.load(MODEL)
    with PeakMemory() as bare_memory:
        start = time.perf_counter()
        for _ in bare.pipe(texts, n_process=args.workers, batch_size=16):
            pass
        bare_seconds = time.perf_counter() - start
    del bare

    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "articles.jsonl"
        with open(records, "w", encoding="utf-8") as handle:
            for row in rows:
                record = {"text": row["text"], "date": row.get("date"), "url": row.get("source")}
                handle.write(json.dumps(record) + "\n")
        pipeline = Pipeline(
            Path(folder) / "bench.duckdb", workers=args.workers, model=not args.no_model
        )
        pipeline.start()  # the workers' model loading is not the work measured
        with PeakMemory() as memory:
            start = time.perf_counter()
            result = pipeline.run([records])
            seconds = time.perf_counter() - start

    print(f"docs: {len(texts)}")
    print(f"words: {words}")
    print(f"workers: {args.workers}")
    print(f"model: {'off' if args.no_model else 'on'}")
    print(f"events: {len(result.events)}")
    print(f"rejected: {len(result.rejected)}")
    print(f"bare_spacy_docs_per_s: {len(texts) / bare_seconds:.2f}")
    print(f"pipeline_docs_per_s: {len(result.documents) / seconds:.2f}")
    print(f"pipeline_words_per_s: {words / seconds:.0f}")
    print(f"bare_spacy_peak_rss_mb: {bare_memory.peak_kb / 1024:.0f}")
    print(f"peak_rss_mb: {memory.peak_kb / 1024:.0f}")
    print(f"bare_spacy_peak_pss_mb: {bare_memory.peak_pss_kb / 1024:.0f}")
    print(f"peak_pss_mb: {memory.peak_pss_kb / 1024:.0f}")
    print(f"ratio: {(len(result.documents) / seconds) / (len(texts) / bare_seconds):.3f}")


if __name__ == "__main__":
    main()
