"""The hostile-input benchmark: its generator gives the same bytes for the same seed and covers
every category, and a few hundred hostile inputs through the real CLI crash, hang, lose and
duplicate nothing, nor does a kill mid-ingest corrupt the store."""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path

import hostile
import hostile_inputs
from hostile_inputs import CATEGORIES, Input

SMALL = 1_100_000  # leaves out the 4 MB, 5 MB, 9 MB and over-the-limit files: they are slow


def digest(inputs: list[Input]) -> str:
    sha = hashlib.sha256()
    for item in inputs:
        for part in (item.name, item.category, item.kind, item.target):
            sha.update(part.encode() + b"\0")
        sha.update(item.data)
    return sha.hexdigest()


def tree(folder: Path) -> dict[str, tuple[str, bytes]]:
    """Every entry under a folder (links not followed): its type and its bytes or target."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root, name)
            if path.is_symlink():
                found[str(path.relative_to(folder))] = ("link", os.readlink(path).encode())
            elif path.is_file():
                found[str(path.relative_to(folder))] = ("file", path.read_bytes())
            else:
                found[str(path.relative_to(folder))] = ("other", b"")
    return found


def test_the_same_seed_gives_the_same_bytes_and_another_seed_others() -> None:
    first = hostile_inputs.generate(80, 7, SMALL)
    assert digest(first) == digest(hostile_inputs.generate(80, 7, SMALL))
    assert digest(first) != digest(hostile_inputs.generate(80, 8, SMALL))
    good = hostile_inputs.good_articles(10, 7)
    assert digest(good) == digest(hostile_inputs.good_articles(10, 7))
    assert digest(good) != digest(hostile_inputs.good_articles(10, 8))


def test_written_inputs_are_byte_identical(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        for item in hostile_inputs.generate(60, 3, SMALL):
            hostile_inputs.write(item, tmp_path / folder)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert len(tree(tmp_path / "a")) >= 60


def test_every_category_appears_once_n_covers_them() -> None:
    inputs = hostile_inputs.generate(len(CATEGORIES), 5)
    assert {x.category for x in inputs} == {c.name for c in CATEGORIES}


def test_small_runs_leave_out_only_the_big_categories() -> None:
    small = {c.name for c in hostile_inputs.allowed(SMALL)}
    assert small == {c.name for c in CATEGORIES if c.size <= SMALL}
    assert {"text_9mb_line", "text_many_sentences", "over_limit"}.isdisjoint(small)
    assert {x.category for x in hostile_inputs.generate(200, 1, SMALL)} == small


def test_big_inputs_stay_rare() -> None:
    counts = Counter(hostile_inputs.plan(10_000, 1, CATEGORIES))
    assert counts["text_9mb_line"] == counts["text_many_sentences"] == 3
    assert counts["fifo"] == 6 and counts["over_limit"] == 21
    assert sum(counts.values()) == 10_000


def test_good_articles_carry_their_own_marker() -> None:
    good = hostile_inputs.good_articles(50, 2)
    markers = [x.marker for x in good]
    assert len(set(markers)) == 50
    for item in good:
        assert item.marker and item.data.count(item.marker.encode()) == 2
        assert sum(m.encode() in item.data for m in markers if m) == 1


def test_hostile_inputs_through_the_cli(tmp_path: Path) -> None:
    settings = hostile.Settings(
        n=240,
        seed=11,
        folder=tmp_path / "run",
        batch_size=60,
        kill_trials=1,
        kill_articles=30,
        timeout=30.0,
        max_timeout=90.0,
        max_bytes_per_input=SMALL,
        isolate_runs=12,
        time_alone=False,
    )
    figures = hostile.run(settings)
    wanted = ["crashes", "hangs", "good_lost", "good_duplicated", "kill_corruptions"]
    assert {name: figures[name] for name in wanted} == dict.fromkeys(wanted, 0)
    assert figures["reingest_added"] == 0
    assert figures["kill_trials"] == 1 and figures["inputs"] == 240


def test_a_run_is_a_crash_on_a_traceback_a_bad_status_or_a_signal() -> None:
    def outcome(code: int | None, stderr: str = "", killed: str | None = None) -> hostile.Outcome:
        return hostile.Outcome(code, 1.0, 10.0, stderr, killed)

    assert outcome(0).failure() is None and outcome(3).failure() is None
    assert outcome(1).failure() == outcome(-9).failure() == "crash"
    assert outcome(3, "Traceback (most recent call last):\n").failure() == "crash"
    assert outcome(None, killed="memory").failure() == "crash"
    assert outcome(None, killed="timeout").failure() == "hang"


def fake_cli(tmp_path: Path, monkeypatch, script: str) -> None:
    cli = tmp_path / "storyline"
    cli.write_text(f"#!/bin/sh\n{script}\n")
    cli.chmod(0o755)
    monkeypatch.setattr(hostile, "CLI", cli)


def test_a_run_that_does_not_end_is_killed_with_its_children(tmp_path: Path, monkeypatch) -> None:
    fake_cli(tmp_path, monkeypatch, "sleep 60 & sleep 60")
    settings = hostile.Settings(n=1, seed=1, folder=tmp_path)
    outcome = hostile.invoke([tmp_path / "x.txt"], tmp_path / "x.duckdb", settings, timeout=1.0)
    assert outcome.failure() == "hang" and outcome.seconds < 10
    assert outcome.rss_mb > 0


def test_a_run_over_the_memory_limit_is_killed(tmp_path: Path, monkeypatch) -> None:
    hog = "import time; x = bytearray(300 * 2**20); time.sleep(30)"
    fake_cli(tmp_path, monkeypatch, f'exec python3 -c "{hog}"')
    settings = hostile.Settings(n=1, seed=1, folder=tmp_path, max_rss_mb=100.0)
    outcome = hostile.invoke([tmp_path / "x.txt"], tmp_path / "x.duckdb", settings, timeout=30.0)
    assert outcome.failure() == "crash" and outcome.killed == "memory"
