"""Web: requests per second, p50/p95 latency and response size of the stories page, a story page
(the story with the most events) and the search API, served by `storyline serve` over a store
holding the `guardian_sdf` articles; and the first view of that story page, which builds what the
page caches per snapshot (brief, ranked events, timeline, series).

The load generator runs here, on 127.0.0.1 only, with a fixed number of requests per target and
a time cap; it prints `name: value` lines and exits 0. `--db` reuses a store built before
(building one runs the whole pipeline: about a minute on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from throughput import DEFAULT_DATA, load_articles  # the benchmark's own CSV reader

SEARCHES = ["Kurdish forces", "Turkey", "Islamic State", "ceasefire", "Baghdad", "refugees"]


def build_store(data: Path, db: Path) -> None:
    """The benchmark articles through the whole pipeline into `db`."""
    from storyline.pipeline import Pipeline

    records = db.with_suffix(".jsonl")
    with open(records, "w", encoding="utf-8") as handle:
        for row in load_articles(data, None):
            record = {"text": row["text"], "date": row.get("date"), "url": row.get("source")}
            handle.write(json.dumps(record) + "\n")
    Pipeline(db, workers=2).run([records])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    """`storyline serve` on 127.0.0.1, waited for until it answers."""
    command = [str(Path(sys.executable).parent / "storyline"), "serve", "--db", str(db)]
    server = subprocess.Popen([*command, "--port", str(port), "--no-ingest"])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("server did not start")


def load(base: str, paths: list[str], requests: int, concurrency: int, seconds: float) -> dict:
    """`requests` GETs spread over `concurrency` threads (stopping at `seconds`)."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    counter = iter(range(requests))

    def worker() -> None:
        nonlocal failures
        with httpx.Client(base_url=base, timeout=30) as client:
            for n in counter:
                if time.monotonic() > deadline:
                    return
                start = time.perf_counter()
                try:
                    status = client.get(paths[n % len(paths)]).status_code
                except httpx.HTTPError:
                    status = 0
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    failures += status != 200

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "requests": len(latencies),
        "failures": failures,
        "rps": len(latencies) / wall,
        "p50_ms": cuts[49] * 1000,
        "p95_ms": cuts[94] * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", type=Path, default=None, help="a store built before (reused)")
    parser.add_argument("--requests", type=int, default=400, help="per target")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0, help="time cap per target")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "web.duckdb"
        if not db.exists():
            build_store(args.data, db)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(db, port)
        try:
            stories = httpx.get(f"{base}/api/stories?limit=500").json()
            biggest = max(stories["stories"], key=lambda s: s["events"])
            targets = {
                "stories_page": ["/stories"],
                "story_page": [f"/stories/{biggest['id']}"],
                "search_api": [f"/api/search?q={q}" for q in SEARCHES],
            }
            httpx.get(f"{base}/api/search?q=warm")  # the first request builds the snapshot
            start = time.perf_counter()
            httpx.get(f"{base}{targets['story_page'][0]}", timeout=60)
            first = (time.perf_counter() - start) * 1000
            print(f"stories: {stories['total']}")
            print(f"story_page_events: {biggest['events']}")
            print(f"story_page_first_ms: {first:.1f}")
            print(f"concurrency: {args.concurrency}")
            print(f"cpus: {os.cpu_count()}")
            for name, paths in targets.items():
                size = len(httpx.get(f"{base}{paths[0]}", timeout=60).content)
                print(f"{name}_bytes: {size}")
                figures = load(base, paths, args.requests, args.concurrency, args.seconds)
                for key, value in figures.items():
                    shown = f"{value:.1f}" if isinstance(value, float) else value
                    print(f"{name}_{key}: {shown}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
