"""The store: round trips, idempotent saves and atomic batches, on a real DuckDB file."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storyline.model import Actor, Document, Event, Evidence, Mention, Quantity, Reference, Story
from storyline.store import Store


def _batch(text: str = "Ministers met in the capital on Monday.") -> tuple:
    document = Document(
        source="a.txt",
        text=text,
        title="Ministers meet",
        authors=["A. Writer"],
        published="2024-06-18",
        references=[Reference("A cited report", "Some Paper", "2024-06-17", None)],
    )
    actors = [Actor("Q1", "Country One", "country", "ONE", None, ["C1"], "Q1")]
    mentions = [Mention(document.id, 0, 0, 9, "Ministers", "NORP", "Q1")]
    event = Event(
        id="e1",
        type="CONSULT",
        mode=["visit"],
        actors=["Q1"],
        date="2024-06-17",
        date_precision="day",
        quantity=Quantity(7000.0, "containers", "7,000 containers"),
        evidence=[Evidence(document.id, 0, 0, len(text), text, confidence=0.82)],
        story="s1",
        confidence=0.82,
    )
    story = Story("s1", "Ministers meet", [document.id], ["e1"], "2024-06-18", "2024-06-18")
    return [document], actors, mentions, [event], [story]


def test_round_trip_keeps_every_field(tmp_path: Path) -> None:
    documents, actors, mentions, events, stories = _batch()
    with Store(tmp_path / "s.duckdb") as store:
        store.save(documents, actors, mentions, events, stories)
    with Store(tmp_path / "s.duckdb") as store:
        assert store.documents() == documents
        assert store.actors() == actors
        assert store.mentions() == mentions
        stored = store.events()[0]
        assert stored.quantity.value == 7000.0 and stored.quantity.unit == "containers"
        assert stored.evidence == events[0].evidence
        assert stored.confidence == 0.82 and stored.evidence[0].confidence == 0.82
        assert store.stories()[0].documents == [documents[0].id]
        assert store.stories()[0].events == ["e1"]


def test_saving_the_same_batch_twice_changes_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.save(*_batch())
        before = store.counts()
        store.save(*_batch())
        assert store.counts() == before
        assert store.known_documents([_batch()[0][0].id, "nope"]) == {_batch()[0][0].id}


def test_a_failing_batch_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.save(*_batch())
        before = store.counts()
        original = Store._insert

        def fail_at_events(self: Store, table: str, rows: list[dict]) -> None:
            if table == "events":
                raise RuntimeError("disk on fire")
            original(self, table, rows)

        monkeypatch.setattr(Store, "_insert", fail_at_events)
        with pytest.raises(RuntimeError):
            store.save(*_batch("Another text entirely."))
        assert store.counts() == before


def test_a_process_killed_mid_batch_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.save(*_batch())
        before = store.counts()
    script = textwrap.dedent(
        f"""
        import os, signal
        from storyline.store import Store
        from storyline.model import Document
        store = Store({str(db)!r})
        original = Store._insert
        def insert_then_die(self, table, rows):
            original(self, table, rows)
            if table == "refs":  # documents are in, the rest of the batch is not
                os.kill(os.getpid(), signal.SIGKILL)
        Store._insert = insert_then_die
        document = Document(source="b.txt", text="A second article about something else.")
        from storyline.model import Reference
        document.references.append(Reference("x"))
        store.save([document], [], [], [], [])
        """
    )
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert process.returncode == -9, process.stderr.decode()
    with Store(db) as store:
        assert store.counts() == before


def test_a_store_from_an_older_version_gains_new_columns(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "old.duckdb"
    connection = duckdb.connect(str(db))
    connection.execute('CREATE TABLE events (id VARCHAR, "type" VARCHAR, PRIMARY KEY (id))')
    connection.close()
    with Store(db) as store:
        store.save(*_batch())
        assert store.events()[0].cameo is None and store.events()[0].type == "CONSULT"
