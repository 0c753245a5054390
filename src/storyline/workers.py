"""Worker processes for the per-document step, each document under a time budget.

A document that takes longer than the budget (a text of a million tokens, a pathological
sentence) or that kills its worker (a crash, the kernel's OOM killer) is rejected in one line
and its worker replaced; the rest of the batch goes on. Short documents go to a worker a few at
a time (`CHUNK`), parsed together as spaCy parses best (14 % less time a document on
guardian_sdf); a chunk that overruns the budget or kills its worker is given again one document
at a time, so only the document at fault is rejected. The budget is enforced from outside,
by killing the process, because nothing inside spaCy or torch can be interrupted reliably.

Workers start from a fork server that has imported the pipeline's modules, so a replaced
worker only reloads the models, and forking never copies the parent's threads (torch, the web
server) into a child.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from storyline.analysis import Analyser, DocumentAnalysis
from storyline.errors import StorylineError
from storyline.limits import CHUNK, CHUNK_CHARACTERS, START_TIMEOUT, TIME_BUDGET
from storyline.model import Document

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["storyline.analysis"])


@dataclass
class Rejected:
    """A document the per-document step could not analyse, and why."""

    document: Document
    reason: str


class AnalysisPool:
    """`workers` processes, each with its own Analyser, started on first use and kept."""

    def __init__(
        self,
        gazetteer: list[str | Path] | None = None,
        *,
        model: bool = True,
        workers: int = 1,
        budget: float = TIME_BUDGET,
    ) -> None:
        self._config = ([str(g) for g in gazetteer or []], model)
        self.size = max(1, workers)
        self.budget = budget
        self._workers: list[_Worker] = []

    def analyse(self, documents: list[Document]) -> list[DocumentAnalysis | Rejected]:
        """Every document's analysis (or rejection), in the order given."""
        results: list[DocumentAnalysis | Rejected | None] = [None] * len(documents)
        pending = deque(range(len(documents)))
        alone: set[int] = set()  # in a chunk that failed: retried one at a time
        while len(self._workers) < self.size:
            self._workers.append(_Worker(self._config))
        while pending or any(w.task is not None or not w.ready for w in self._workers):
            for worker in self._workers:
                if worker.ready and worker.task is None and pending:
                    worker.give(self._chunk(pending, documents, alone), documents)
            self._collect(results, documents, pending, alone)
        return [r for r in results if r is not None]

    def _chunk(self, pending: deque[int], documents: list[Document], alone: set[int]) -> list[int]:
        """The next documents for one worker: up to CHUNK short ones, fewer when the batch
        is nearly done (every worker keeps a share), a long or retried one by itself."""
        share = max(1, min(CHUNK, -(-len(pending) // self.size)))
        chunk = [pending.popleft()]
        characters = len(documents[chunk[0]].text)
        while pending and len(chunk) < share and chunk[0] not in alone:
            following = pending[0]
            characters += len(documents[following].text)
            if following in alone or characters > CHUNK_CHARACTERS:
                break
            chunk.append(pending.popleft())
        return chunk

    def _collect(
        self, results: list, documents: list[Document], pending: deque[int], alone: set[int]
    ) -> None:
        """Wait for the next answer or overrun; record it, replacing dead or late workers."""
        timeout = min(w.time_left(self.budget) for w in self._workers)
        ready = wait([w.connection for w in self._workers], timeout=max(timeout, 0.01))
        for index, worker in enumerate(self._workers):
            answer = worker.answer(ready, self.budget)
            if answer is None:
                continue
            kind, task, detail = answer
            if kind == "ready":
                worker.ready = True
                continue
            if not worker.ready:  # failed to load: every worker would, so the run stops
                self.close()
                raise StorylineError(f"analysis worker could not start: {detail}")
            if kind == "done":
                for i, outcome in zip(task, detail, strict=True):
                    failed = isinstance(outcome, str)
                    results[i] = Rejected(documents[i], outcome) if failed else outcome
            elif task and len(task) > 1:  # which document is at fault is unknown: each alone
                alone.update(task)
                pending.extendleft(reversed(task))
            elif task:
                results[task[0]] = Rejected(documents[task[0]], detail)
            worker.task = None
            if kind in ("late", "died"):
                worker.stop()
                self._workers[index] = _Worker(self._config)

    def close(self) -> None:
        """Stop the workers (they are daemons: they also end with this process)."""
        for worker in self._workers:
            worker.stop(gently=True)
        self._workers = []

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _Worker:
    """One worker process and the document it is working on."""

    def __init__(self, config: tuple[list[str], bool]) -> None:
        self.connection, child = _context.Pipe()
        self.process: BaseProcess = _context.Process(
            target=_serve,
            args=(child, config, os.getpid()),
            name="storyline-analysis",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.started = time.monotonic()
        self.ready = False
        self.task: list[int] | None = None

    def give(self, chunk: list[int], documents: list[Document]) -> None:
        self.connection.send((chunk, [documents[i] for i in chunk]))
        self.task, self.started = chunk, time.monotonic()

    def time_left(self, budget: float) -> float:
        """Seconds until this worker is late: loading the models, or on its documents."""
        if not self.ready:
            return START_TIMEOUT - (time.monotonic() - self.started)
        return budget - (time.monotonic() - self.started) if self.task is not None else budget

    def answer(self, ready: list, budget: float) -> tuple[str, list[int] | None, object] | None:
        """(kind, task, detail) if the worker answered, died or overran; else None.

        Kinds: ready, done (detail: each document's analysis or why it failed), late and died
        (detail: why)."""
        if self.connection not in ready:
            if self.time_left(budget) > 0:
                return None
            if not self.ready:
                return ("failed", None, f"models not loaded after {START_TIMEOUT:g} s")
            return ("late", self.task, f"analysis took over {budget:g} s (--time-budget)")
        try:
            kind, *rest = self.connection.recv()
        except (EOFError, OSError):
            self.process.join(timeout=5)
            code = self.process.exitcode
            how = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
            return ("died", self.task, f"analysis worker died ({how})")
        if kind == "ready":
            return ("ready", None, None)
        if kind == "failed":
            return ("failed", None, rest[0])
        return (kind, rest[0], rest[1])

    def stop(self, gently: bool = False) -> None:
        if gently and self.process.is_alive():
            try:
                self.connection.send(None)
                self.process.join(timeout=5)
            except OSError:
                pass
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def _serve(connection: Connection, config: tuple[list[str], bool], parent: int) -> None:
    """A worker's life: load the models, then analyse one document per message until None."""
    gazetteer, model = config
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    try:
        analyser = Analyser(list(gazetteer), model=model)
        from storyline.nlp.model import load_pipeline

        load_pipeline()
    except Exception as error:  # the parent says why the pool cannot start
        connection.send(("failed", f"{type(error).__name__}: {error}"))
        return
    connection.send(("ready",))
    while True:
        try:
            message = connection.recv()
        except EOFError:
            return
        if message is None:
            return
        chunk, documents = message
        try:
            outcomes: list = list(analyser.analyse(documents))
        except Exception:  # one document's failure is its own rejection: each alone
            outcomes = [_one(analyser, document) for document in documents]
        try:
            connection.send(("done", chunk, outcomes))
        except OSError:  # the parent is gone (killed): so is the reason to go on
            return


def _one(analyser: Analyser, document: Document) -> DocumentAnalysis | str:
    """One document's analysis, or why it failed."""
    try:
        [analysis] = analyser.analyse([document])
        return analysis
    except Exception as error:
        where = traceback.extract_tb(error.__traceback__)[-1]
        reason = f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})"
        return f"analysis failed: {reason}"


def _end_with(parent: int) -> None:
    """End this worker once the process that started it is gone (killed with SIGKILL, it could
    not say so): a worker is a child of the fork server, so nothing else would stop it mid-way
    through a long document."""
    while True:
        time.sleep(1)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # alive, under another user (not expected)
            pass
