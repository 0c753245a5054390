"""Hostile inputs: does `storyline ingest` reject bad input one line at a time, never crash or
hang, and never lose or duplicate the good articles read with it?

    python benchmarks/hostile.py --n N --seed S [--batch-size 100] [--kill-trials 5]
        [--kill-articles 60] [--timeout 60] [--max-timeout 300] [--max-rss-mb 8000]
        [--max-bytes-per-input BYTES] [--isolate-runs 40] [--workers 1] [--no-alone]
        [--workdir DIR] [--keep]

1. N hostile inputs are generated from the seed (`hostile_inputs.py`: same N and seed, same
   bytes) with max(5, N // 50) good control articles (at most 200), each carrying a marker word.
   `--max-bytes-per-input` leaves out the categories whose files are bigger (the 4, 5, 9 and
   10 MB ones for a quick run). The hostile files are cut into batches of `--batch-size`; good
   articles go first into the batches holding the worst inputs (huge, blocking, over the size
   limit), then round-robin, each at a seeded place in its batch.
2. Each batch is one run of the real CLI, `storyline ingest FILES... --db hostile.duckdb`, as a
   subprocess in its own session, with absolute paths (so "-rf.txt" is not read as an option).
   A run is a crash on a Python traceback in standard error, an exit status other than 0 or 3,
   death by a signal, or a process tree over `--max-rss-mb` (killed: /dev/zero would be read
   until the machine runs out of memory); a hang when it outlives min(`--timeout` x files,
   `--max-timeout`) seconds (a FIFO blocks forever), after which its process group is killed.
   `crashes` and `hangs` count the runs of the batches and of the re-ingest (6.). A failed
   batch is narrowed down (at most `--isolate-runs` runs, into scratch stores): its worst
   inputs alone first, then halves of the rest, to name the input that fails.
3. `max_rss_mb`: the peak over the batches of the summed RSS of the CLI process and all its
   descendants, sampled from /proc every 0.1 s (RUSAGE_CHILDREN would give the largest single
   process only, and spaCy's workers are child processes; the sum counts the pages forked
   workers share once per process). `max_batch_s`: the slowest batch. `slowest_input_s`: the
   slowest input run alone, the CLI's start (~5 s) included: one input of each worst category
   is timed alone (unless `--no-alone`), as are those tried alone while narrowing down; with
   neither, the slowest batch's seconds per file.
4. `good_lost` / `good_duplicated`: good articles found 0 / more than 1 times in the store's
   `documents.text` (read-only connection) after all batches.
5. Kill trials: `--kill-articles` new good articles and 20 small hostile inputs (of categories
   no failure was blamed on) are ingested into a copy of the store once unkilled, timing it;
   then K times into a fresh copy, SIGKILLed (the whole process group) at a seeded moment
   between 1 s and that time. A corruption: the store does not open, a document has empty
   text, evidence names a document that is not stored, or the re-run of the same ingest
   crashes or hangs or leaves a good article other than exactly once.
6. `reingest_added`: the good articles found in the store are ingested into it again; the new
   documents the CLI's summary line reports (must be 0: ids hash the body; -1 when the line is
   missing). Lost ones are left out, being counted by `good_lost` already.

Standard error gets a line per batch, one per category (inputs, rejected, stored documents,
inputs in failed batches), the rejection reasons per category, every crash and hang with its
files, the last lines of the CLI's standard error and the inputs to blame, the good articles
lost or duplicated, the alone timings and the kill trials. `--keep` keeps the run folder
(inputs, stores, batch-N.stderr).

Run time on 2 cores (2026-12, nothing failing): `--n 300` 6.5 min (3 batches 2.3 min, the 8
alone runs 2.3 min, 5 kill trials 1.7 min); `--n 1000 --kill-trials 1` 7.8 min; `--n 10000`
about 40 min by the same rates (100 batches of ~15 s, 14 of them a minute for the 909 KB and
9 MB lines). Add up to `--max-timeout` for each batch that hangs and about a minute for each
failed batch to narrow down.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import hostile_inputs as generator
from hostile_inputs import BY_NAME, Input

CLI = Path(sys.executable).with_name("storyline")
TRACEBACK = "Traceback (most recent call last)"
SUMMARY = re.compile(r"^(\d+) new documents, ", re.MULTILINE)
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
TAIL_LINES = 8


@dataclass
class Settings:
    """What to generate and how to run the CLI."""

    n: int
    seed: int
    folder: Path
    batch_size: int = 100
    kill_trials: int = 5
    kill_articles: int = 60
    timeout: float = 60.0
    max_timeout: float = 300.0
    max_rss_mb: float = 8000.0
    max_bytes_per_input: int | None = None
    isolate_runs: int = 40
    workers: int = 1
    time_alone: bool = True  # time one input of each worst category on its own


@dataclass
class Outcome:
    """One CLI run: exit status (None when we killed it), time, peak tree RSS, standard error."""

    returncode: int | None
    seconds: float
    rss_mb: float
    stderr: str
    killed: str | None = None  # "timeout" or "memory"

    def failure(self) -> str | None:
        """Crash, hang or neither (None), by the rules in the module docstring."""
        if self.killed == "timeout":
            return "hang"
        if self.killed or self.returncode not in (0, 3) or TRACEBACK in self.stderr:
            return "crash"
        return None

    def symptom(self) -> str:
        if self.killed == "timeout":
            return f"no exit after {self.seconds:.0f} s (killed)"
        if self.killed == "memory":
            return f"process tree over {self.rss_mb:.0f} MB RSS (killed)"
        if self.returncode is not None and self.returncode < 0:
            return f"died of signal {-self.returncode} ({signal.strsignal(-self.returncode)})"
        traceback = " with a traceback" if TRACEBACK in self.stderr else ""
        return f"exit status {self.returncode}{traceback}"

    def tail(self) -> list[str]:
        return self.stderr.rstrip().splitlines()[-TAIL_LINES:]


@dataclass
class Batch:
    """Inputs ingested by one CLI run and how it went."""

    number: int
    inputs: list[Input]
    paths: list[Path]
    outcome: Outcome | None = None
    culprits: list[tuple[list[Input], Outcome]] = field(default_factory=list)


# ---------------------------------------------------------------- running the CLI


def _processes() -> dict[int, int]:
    """pid -> parent pid of every process, from /proc."""
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return parents


def process_tree(root: int) -> list[int]:
    """The process and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid, parent in _processes().items():
        children.setdefault(parent, []).append(pid)
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def tree_rss_mb(pids: list[int]) -> float:
    """Summed resident memory of these processes."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * PAGE_KB / 1024


def kill_tree(process: subprocess.Popen) -> None:
    """SIGKILL the run's process group and any descendant that left it."""
    pids = process_tree(process.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    process.wait()


def start(paths: list[Path], db: Path, workers: int, stderr) -> subprocess.Popen:
    """`storyline ingest PATHS --db DB` in its own session (so its group can be killed)."""
    command = [str(CLI), "ingest", *map(str, paths), "--db", str(db), "--workers", str(workers)]
    return subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        cwd=db.parent,
        start_new_session=True,
    )


def invoke(paths: list[Path], db: Path, settings: Settings, timeout: float) -> Outcome:
    """Run the CLI to its end, or kill it at the timeout or the memory limit."""
    with tempfile.TemporaryFile() as stderr:
        began = time.monotonic()
        process = start(paths, db, settings.workers, stderr)
        peak, killed = 0.0, None
        while process.poll() is None:
            peak = max(peak, tree_rss_mb(process_tree(process.pid)))
            if peak > settings.max_rss_mb:
                killed = "memory"
            elif time.monotonic() - began > timeout:
                killed = "timeout"
            if killed:
                kill_tree(process)
                break
            time.sleep(0.1)
        seconds = time.monotonic() - began
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace")
    return Outcome(None if killed else process.returncode, seconds, peak, text, killed)


def batch_timeout(settings: Settings, files: int) -> float:
    return min(settings.timeout * files, settings.max_timeout)


# ---------------------------------------------------------------- batches


def make_batches(
    hostile: list[Input], good: list[Input], settings: Settings, folder: Path
) -> list[Batch]:
    """Batches of hostile files with the good articles mixed in, worst batches served first,
    each good article at a seeded place in its batch; every input written to `folder`."""
    rng = random.Random(f"batches:{settings.seed}")
    size = settings.batch_size
    groups = [hostile[i : i + size] for i in range(0, len(hostile), size)] or [[]]
    worst = [i for i, g in enumerate(groups) if any(BY_NAME[x.category].worst for x in g)]
    order = worst + [i for i in range(len(groups)) if i not in worst]
    for k, article in enumerate(good):
        group = groups[order[k % len(order)]]
        group.insert(rng.randint(0, len(group)), article)
    return [Batch(i, g, [generator.write(x, folder) for x in g]) for i, g in enumerate(groups)]


def run_batches(batches: list[Batch], db: Path, settings: Settings) -> None:
    """Each batch into the one store; its standard error kept as batch-N.stderr."""
    for batch in batches:
        outcome = invoke(batch.paths, db, settings, batch_timeout(settings, len(batch.paths)))
        (db.parent / f"batch-{batch.number}.stderr").write_text(outcome.stderr)
        batch.outcome = outcome
        state = outcome.failure() or "ok"
        size = f"{len(batch.paths)} files, {outcome.seconds:.1f} s, {outcome.rss_mb:.0f} MB"
        log([f"batch {batch.number}: {size}, {state}"])


def failed(batches: list[Batch]) -> list[Batch]:
    return [b for b in batches if b.outcome and b.outcome.failure()]


def suspects(batch: Batch) -> list[Input]:
    """The inputs a failed batch is blamed on: its culprits, or all of it when none was named."""
    return [x for inputs, _ in batch.culprits for x in inputs] or batch.inputs


# ---------------------------------------------------------------- narrowing down a failure


class Isolator:
    """Re-runs parts of a failed batch into scratch stores to name the inputs that fail."""

    def __init__(self, settings: Settings, folder: Path) -> None:
        self.settings, self.folder, self.runs = settings, folder, 0
        self.alone_seconds: dict[str, float] = {}

    def time_worst(self, batches: list[Batch]) -> list[str]:
        """One input of each worst category ingested alone: its seconds and peak memory."""
        first: dict[str, tuple[Input, Path]] = {}
        for batch in batches:
            for item, path in zip(batch.inputs, batch.paths, strict=True):
                if not item.marker and BY_NAME[item.category].worst:
                    first.setdefault(item.category, (item, path))
        lines = []
        for category, (item, path) in sorted(first.items()):
            outcome = self._run([path], self.settings.max_timeout)
            self.alone_seconds[str(path)] = outcome.seconds
            lines.append(
                f"alone [{category}] {item.name}: {outcome.seconds:.1f} s, "
                f"{outcome.rss_mb:.0f} MB, {outcome.failure() or 'ok'}"
            )
        return lines

    def culprits(self, batch: Batch) -> list[tuple[list[Input], Outcome]]:
        """Worst inputs alone first; if none fails, halves of the rest."""
        hostile = [(x, p) for x, p in zip(batch.inputs, batch.paths, strict=True) if not x.marker]
        worst = [pair for pair in hostile if BY_NAME[pair[0].category].worst]
        found = [hit for pair in worst for hit in self._bisect([pair])]
        if found:
            return found
        return self._bisect([pair for pair in hostile if pair not in worst])

    def _bisect(self, pairs: list[tuple[Input, Path]]) -> list[tuple[list[Input], Outcome]]:
        if not pairs or self.runs >= self.settings.isolate_runs:
            return []
        outcome = self._run([p for _, p in pairs], batch_timeout(self.settings, len(pairs)))
        if len(pairs) == 1:
            self.alone_seconds[str(pairs[0][1])] = outcome.seconds
        if not outcome.failure():
            return []
        if len(pairs) == 1:
            return [([pairs[0][0]], outcome)]
        half = len(pairs) // 2
        found = self._bisect(pairs[:half]) + self._bisect(pairs[half:])
        return found or [([x for x, _ in pairs], outcome)]  # fails only together

    def _run(self, paths: list[Path], timeout: float) -> Outcome:
        self.runs += 1
        db = self.folder / f"alone-{self.runs}.duckdb"
        try:
            return invoke(paths, db, self.settings, timeout)
        finally:
            for leftover in (db, db.with_name(db.name + ".wal")):
                leftover.unlink(missing_ok=True)


# ---------------------------------------------------------------- reading the store


def marker_counts(db: Path, markers: list[str]) -> dict[str, int] | None:
    """How many stored documents contain each marker; None when the store will not open."""
    try:
        with duckdb.connect(str(db), read_only=True) as connection:
            query = "SELECT count(*) FROM documents WHERE text LIKE ?"
            return {m: connection.execute(query, [f"%{m}%"]).fetchone()[0] for m in markers}
    except duckdb.Error:
        return None


def store_problems(db: Path) -> list[str]:
    """Why the store is not whole: it does not open, a document without text, evidence whose
    document is not stored."""
    empty = "SELECT count(*) FROM documents WHERE text IS NULL OR trim(text) = ''"
    orphans = (
        "SELECT count(*) FROM evidence v"
        " WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = v.document)"
    )
    checks = {"documents with empty text": empty, "evidence naming a missing document": orphans}
    try:
        with duckdb.connect(str(db), read_only=True) as connection:
            counts = {name: connection.execute(sql).fetchone()[0] for name, sql in checks.items()}
    except duckdb.Error as error:
        return [f"store does not open or read: {type(error).__name__}: {error}"]
    return [f"{count} {name}" for name, count in counts.items() if count]


def stored_sources(db: Path) -> list[str]:
    try:
        with duckdb.connect(str(db), read_only=True) as connection:
            return [row[0] for row in connection.execute("SELECT source FROM documents").fetchall()]
    except duckdb.Error:
        return []


def owner(source: str, paths: dict[str, Input]) -> Input | None:
    """The input a stored document came from: its path, `path#n`, or a folder above it."""
    candidates = [source, source.rsplit("#", 1)[0], *map(str, Path(source).parents)]
    return next((paths[c] for c in candidates if c in paths), None)


# ---------------------------------------------------------------- per-category summary


def category_summary(batches: list[Batch], db: Path) -> list[str]:
    """One line per category: inputs, rejected, stored documents, inputs in failed batches."""
    paths = {str(p): x for b in batches for x, p in zip(b.inputs, b.paths, strict=True)}
    tally: dict[str, Counter[str]] = {}
    for batch in batches:
        stderr = batch.outcome.stderr if batch.outcome else ""
        for item, path in zip(batch.inputs, batch.paths, strict=True):
            counts = tally.setdefault(item.category, Counter())
            counts["inputs"] += 1
            counts["rejected"] += f"rejected: {path}: " in stderr or f"rejected: {path}/" in stderr
            counts["in_failed"] += bool(batch.outcome and batch.outcome.failure())
    for source in stored_sources(db):
        item = owner(source, paths)
        if item:
            tally[item.category]["stored"] += 1
    header = f"{'category':<22} {'inputs':>6} {'rejected':>8} {'stored':>6} {'in_failed':>9}"
    return [header] + [
        f"{name:<22} {c['inputs']:>6} {c['rejected']:>8} {c['stored']:>6} {c['in_failed']:>9}"
        for name, c in sorted(tally.items())
    ]


def rejection_reasons(batches: list[Batch]) -> list[str]:
    """Per category, how often each rejection reason was given (paths left out)."""
    reasons: dict[str, Counter[str]] = {}
    for batch in batches:
        stderr = batch.outcome.stderr if batch.outcome else ""
        for item, path in zip(batch.inputs, batch.paths, strict=True):
            pattern = rf"^rejected: {re.escape(str(path))}(?:/[^\n]*?)?: (.*)$"
            for reason in re.findall(pattern, stderr, re.MULTILINE):
                reasons.setdefault(item.category, Counter())[reason[:90]] += 1
    return [
        f"{name}: {count} x {reason}"
        for name, counter in sorted(reasons.items())
        for reason, count in counter.most_common(4)
    ]


def failure_report(batch: Batch) -> list[str]:
    """A failed batch: its symptom, files, stderr tail, and the inputs that fail on their own."""
    outcome = batch.outcome
    assert outcome is not None
    lines = [f"{outcome.failure()} in batch {batch.number}: {outcome.symptom()}"]
    lines += [f"  file [{x.category}] {p}" for x, p in zip(batch.inputs, batch.paths, strict=True)]
    lines += [f"  | {line}" for line in outcome.tail()]
    for inputs, alone in batch.culprits:
        names = ", ".join(f"[{x.category}] {x.name!r}" for x in inputs)
        lines.append(f"  culprit {names}: {alone.failure()}: {alone.symptom()}")
        lines += [f"    | {line}" for line in alone.tail()]
    return lines


def lost_report(batches: list[Batch], counts: dict[str, int]) -> list[str]:
    """Good articles stored other than once, with how their batch went."""
    lines = []
    for batch in batches:
        for item, path in zip(batch.inputs, batch.paths, strict=True):
            if item.marker and counts.get(item.marker, 0) != 1:
                state = (batch.outcome and batch.outcome.failure()) or "ok"
                lines.append(
                    f"good {path} stored {counts.get(item.marker, 0)} times "
                    f"(batch {batch.number}: {state})"
                )
    return lines


# ---------------------------------------------------------------- kill trials


def copy_store(db: Path, to: Path) -> None:
    for suffix in ("", ".wal"):
        source, target = Path(str(db) + suffix), Path(str(to) + suffix)
        target.unlink(missing_ok=True)
        if source.exists():
            shutil.copy2(source, target)


def killed_at(paths: list[Path], db: Path, settings: Settings, moment: float) -> bool:
    """Start an ingest and SIGKILL its process group after `moment` seconds; False when it had
    finished already."""
    process = start(paths, db, settings.workers, subprocess.DEVNULL)
    try:
        process.wait(timeout=moment)
        return False
    except subprocess.TimeoutExpired:
        kill_tree(process)
        return True


def trial_problems(
    paths: list[Path], markers: list[str], db: Path, settings: Settings
) -> list[str]:
    """After a kill: the store whole, a re-run that completes, each good article once."""
    problems = store_problems(db)
    if problems:
        return problems
    rerun = invoke(paths, db, settings, batch_timeout(settings, len(paths)))
    if rerun.failure():
        return [f"re-run {rerun.failure()}: {rerun.symptom()}", *rerun.tail()]
    counts = marker_counts(db, markers) or {}
    wrong = [m for m in markers if counts.get(m) != 1]
    if wrong:
        return [f"{len(wrong)} of {len(markers)} good articles not stored exactly once"]
    return store_problems(db)


def kill_trials(
    db: Path, settings: Settings, folder: Path, safe: list[str]
) -> tuple[int, list[str]]:
    """K kill trials on copies of the store: (corruptions, their descriptions)."""
    if settings.kill_trials <= 0:
        return 0, []
    trial_folder = folder / "kill"
    trial_folder.mkdir()
    good = generator.good_articles(settings.kill_articles, settings.seed, prefix="kelvarq")
    hostile = [
        x
        for x in generator.generate(200, settings.seed + 1, 200_000, blocking=False)
        if x.category in safe
    ][:20]
    paths = [generator.write(x, trial_folder) for x in good + hostile]
    markers = [x.marker for x in good if x.marker]
    baseline = trial_folder / "baseline.duckdb"
    copy_store(db, baseline)
    unkilled = invoke(paths, baseline, settings, batch_timeout(settings, len(paths)))
    notes = [f"kill trials: unkilled run {unkilled.seconds:.1f} s, {unkilled.failure() or 'ok'}"]
    rng = random.Random(f"kill:{settings.seed}")
    corruptions = 0
    for trial in range(settings.kill_trials):
        store = trial_folder / f"trial-{trial}.duckdb"
        copy_store(db, store)
        moment = rng.uniform(1.0, max(1.0, unkilled.seconds))
        killed = killed_at(paths, store, settings, moment)
        problems = trial_problems(paths, markers, store, settings)
        corruptions += bool(problems)
        state = "killed" if killed else "finished before the kill"
        notes.append(
            f"kill trial {trial} at {moment:.1f} s ({state}): " + ("; ".join(problems) or "ok")
        )
    return corruptions, notes


# ---------------------------------------------------------------- re-ingest


def reingest(paths: list[Path], db: Path, settings: Settings) -> tuple[int, Outcome | None]:
    """New documents reported when these are ingested again (-1 without a summary line)."""
    if not paths:
        return 0, None
    outcome = invoke(paths, db, settings, batch_timeout(settings, len(paths)))
    found = SUMMARY.search(outcome.stderr)
    return (int(found.group(1)) if found else -1), outcome


# ---------------------------------------------------------------- the whole benchmark


def good_count(n: int) -> int:
    return min(200, max(5, n // 50))


def run(settings: Settings) -> dict[str, float | int]:
    """Generate, ingest in batches, narrow failures down, kill trials, re-ingest: the figures."""
    inputs_folder = settings.folder / "inputs"
    inputs_folder.mkdir(parents=True)
    db = settings.folder / "hostile.duckdb"
    hostile = generator.generate(settings.n, settings.seed, settings.max_bytes_per_input)
    good = generator.good_articles(good_count(settings.n), settings.seed)
    batches = make_batches(hostile, good, settings, inputs_folder)
    run_batches(batches, db, settings)
    isolator = Isolator(settings, settings.folder)
    for batch in failed(batches):
        batch.culprits = isolator.culprits(batch)
    alone = isolator.time_worst(batches) if settings.time_alone else []
    counts = marker_counts(db, [x.marker for x in good if x.marker]) or {}
    log(category_summary(batches, db))
    log(rejection_reasons(batches))
    for batch in failed(batches):
        log(failure_report(batch))
    log(lost_report(batches, counts) + alone)
    bad_categories = {x.category for b in failed(batches) for x in suspects(b)}
    safe = [c.name for c in generator.allowed(200_000, False) if c.name not in bad_categories]
    corruptions, notes = kill_trials(db, settings, settings.folder, safe)
    log(notes)
    stored_good = [
        p
        for b in batches
        for x, p in zip(b.inputs, b.paths, strict=True)
        if x.marker and counts.get(x.marker, 0) >= 1
    ]
    added, again = reingest(stored_good, db, settings)
    if again and again.failure():
        log([f"re-ingest {again.failure()}: {again.symptom()}", *again.tail()])
    return figures(batches, counts, isolator, corruptions, settings, added, again)


def figures(
    batches: list[Batch],
    counts: dict[str, int],
    isolator: Isolator,
    corruptions: int,
    settings: Settings,
    added: int,
    again: Outcome | None,
) -> dict[str, float | int]:
    outcomes = [b.outcome for b in batches if b.outcome]
    kinds = Counter(o.failure() for o in [*outcomes, again] if o)
    per_file = [b.outcome.seconds / len(b.paths) for b in batches if b.outcome and b.paths]
    return {
        "inputs": settings.n,
        "good_articles": len(counts),
        "batches": len(batches),
        "crashes": kinds["crash"],
        "hangs": kinds["hang"],
        "max_rss_mb": round(max((o.rss_mb for o in outcomes), default=0.0), 1),
        "slowest_input_s": round(max(isolator.alone_seconds.values(), default=max(per_file)), 2),
        "max_batch_s": round(max(o.seconds for o in outcomes), 2),
        "good_lost": sum(1 for c in counts.values() if c == 0),
        "good_duplicated": sum(1 for c in counts.values() if c > 1),
        "kill_trials": settings.kill_trials,
        "kill_corruptions": corruptions,
        "reingest_added": added,
    }


def log(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)
    sys.stderr.flush()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="hostile inputs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=100, help="hostile files per CLI run")
    parser.add_argument("--kill-trials", type=int, default=5)
    parser.add_argument("--kill-articles", type=int, default=60)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per file of a run")
    parser.add_argument("--max-timeout", type=float, default=300.0, help="cap per run, seconds")
    parser.add_argument("--max-rss-mb", type=float, default=8000.0, help="kill the run above")
    parser.add_argument(
        "--max-bytes-per-input",
        type=int,
        default=None,
        help="leave out the categories whose files are bigger",
    )
    parser.add_argument("--isolate-runs", type=int, default=40, help="runs to name culprits")
    parser.add_argument("--workers", type=int, default=1, help="the CLI's spaCy workers")
    parser.add_argument(
        "--no-alone", action="store_true", help="skip timing the worst inputs alone"
    )
    parser.add_argument("--workdir", type=Path, default=None, help="where the run folder goes")
    parser.add_argument("--keep", action="store_true", help="keep the inputs and stores")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="hostile-", dir=args.workdir)).resolve()
    settings = Settings(
        args.n,
        args.seed,
        folder,
        args.batch_size,
        args.kill_trials,
        args.kill_articles,
        args.timeout,
        args.max_timeout,
        args.max_rss_mb,
        args.max_bytes_per_input,
        args.isolate_runs,
        args.workers,
        not args.no_alone,
    )
    began = time.monotonic()
    try:
        results = run(settings)
    finally:
        if args.keep:
            print(f"kept {folder}", file=sys.stderr)
        else:
            shutil.rmtree(folder, ignore_errors=True)
    results["seconds"] = round(time.monotonic() - began, 1)
    for name, value in results.items():
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
