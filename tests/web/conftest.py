"""Web fixtures: a real store built by the real pipeline from articles written here, the real app,
and a real uvicorn server on a free 127.0.0.1 port for the browser."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from storyline.pipeline import Pipeline
from storyline.web import Settings, create_app

ARTICLES: list[dict] = json.loads((Path(__file__).parent / "articles.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test articles through the whole pipeline once per session (spaCy: a few seconds)."""
    folder = tmp_path_factory.mktemp("web-store")
    records = folder / "articles.jsonl"
    records.write_text("\n".join(json.dumps(a) for a in ARTICLES) + "\n", encoding="utf-8")
    db = folder / "built.duckdb"
    result = Pipeline(db).run([records])
    assert len(result.documents) == len(ARTICLES) and not result.rejected
    return db


@pytest.fixture(scope="module")
def store_copy(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A module's own copy of the store, so one module's ingests never change another's counts."""
    db = tmp_path_factory.mktemp("web-copy") / "storyline.duckdb"
    shutil.copy(built_store, db)
    return db


@pytest.fixture(scope="module")
def client(store_copy: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=store_copy)), base_url="http://127.0.0.1") as client:
        yield client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(store_copy: Path) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1, in a thread, for the browser."""
    port = free_port()
    config = uvicorn.Config(
        create_app(Settings(db=store_copy)), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go: $STORYLINE_ARTIFACTS or tests/web/artifacts (gitignored)."""
    folder = Path(os.environ.get("STORYLINE_ARTIFACTS") or Path(__file__).parent / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
