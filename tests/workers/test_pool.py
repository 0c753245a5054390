"""The per-document step in worker processes: same results as in-process, a time budget per
document, a dead worker costs its document only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from storyline.errors import IngestError, StorylineError
from storyline.model import Document
from storyline.pipeline import Pipeline
from storyline.store import Store
from storyline.workers import AnalysisPool, Rejected

ARTICLES = json.loads((Path(__file__).parents[1] / "web" / "articles.json").read_text())
SENTENCE = "The minister of France met officials from Kenya in Nairobi on Monday. "


def documents() -> list[Document]:
    return [
        Document(source=f"a{i}", text=a["text"], title=a["title"], published=a["date"])
        for i, a in enumerate(ARTICLES)
    ]


def summary(analyses: list) -> list[tuple]:
    return [
        (
            a.document.id,
            a.lead,
            a.terms,
            [(m.start, m.end, m.actor) for m in a.mentions],
            [
                (e.type, e.actors, e.recipients, e.date, e.status, e.evidence[0].start)
                for e in a.events
            ],
            sorted(actor.id for actor in a.actors),
        )
        for a in analyses
    ]


def test_workers_give_what_one_process_gives() -> None:
    from storyline.analysis import Analyser

    alone = summary(list(Analyser().analyse(documents())))
    with AnalysisPool(workers=2) as pool:
        pooled = pool.analyse(documents())
    assert summary(pooled) == alone
    assert [a[0] for a in alone] == [d.id for d in documents()] and any(a[4] for a in alone)


def test_a_document_over_the_time_budget_is_rejected_and_the_batch_stored(
    tmp_path: Path,
) -> None:
    rejected: list[IngestError] = []
    pipeline = Pipeline(tmp_path / "s.duckdb", time_budget=6, on_reject=rejected.append)
    slow = Document(source="slow.txt", text=SENTENCE * 2_000, published="2024-06-21")
    batch = [documents()[0], slow, documents()[1]]
    started = time.monotonic()
    with Store(pipeline.db) as store:
        stored, events = pipeline.process(batch, store)
    pipeline.close()
    assert time.monotonic() - started < 60
    assert [d.source for d in stored] == ["a0", "a1"] and events
    assert [(e.source, e.reason) for e in rejected] == [
        ("slow.txt", "analysis took over 6 s (--time-budget)")
    ]
    with Store(pipeline.db) as store:
        assert store.counts()["documents"] == 2


def test_a_killed_worker_costs_its_document_only() -> None:
    slow = Document(source="slow.txt", text=SENTENCE * 2_000, published="2024-06-21")
    with AnalysisPool(budget=120) as pool:
        pool.analyse([])  # started and loaded

        def kill_when_busy() -> None:
            while pool._workers[0].task is None:
                time.sleep(0.05)
            os.kill(pool._workers[0].process.pid, signal.SIGKILL)

        killer = threading.Thread(target=kill_when_busy)
        killer.start()
        outcomes = pool.analyse([slow, *documents()])
        killer.join()
    assert isinstance(outcomes[0], Rejected)
    assert outcomes[0].reason == "analysis worker died (killed by signal 9)"
    assert [o.document.source for o in outcomes[1:]] == ["a0", "a1", "a2"]


def test_a_worker_that_cannot_start_stops_the_run(tmp_path: Path) -> None:
    missing = tmp_path / "gone.tsv"  # there when the run was set up, gone when workers start
    with pytest.raises(StorylineError, match=r"^analysis worker could not start: .*gone\.tsv"):
        AnalysisPool([missing]).analyse(documents())


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found |= {child, *_descendants(child)}
    return found


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    """A SIGKILLed ingest leaves no worker analysing on for minutes."""
    slow = tmp_path / "slow.txt"
    slow.write_text(SENTENCE * 6_000, encoding="utf-8")
    cli = Path(sys.executable).with_name("storyline")
    command = [cli, "ingest", str(slow), "--db", str(tmp_path / "s.duckdb")]
    ingest = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_descendants(ingest.pid)) < 2:  # the fork server and its worker
        assert time.monotonic() < deadline and ingest.poll() is None
        time.sleep(0.2)
    time.sleep(2)  # the worker is on the document now
    workers = _descendants(ingest.pid)
    ingest.kill()
    ingest.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived its killed parent"
        time.sleep(0.2)
