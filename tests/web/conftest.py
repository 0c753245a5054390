"""Web fixtures: a real store built by the real pipeline from articles written here, the real app,
and a real uvicorn server on a free 127.0.0.1 port for the browser."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn
from fastapi.testclient import TestClient

from storyline.pipeline import Pipeline
from storyline.web import Settings, create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ARTICLES: list[dict] = json.loads((Path(__file__).parent / "articles.json").read_text("utf-8"))
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, driven by Playwright: never a downloaded one
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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


@pytest.fixture
def fresh_store(built_store: Path, tmp_path: Path) -> Path:
    """A test's own copy of the pipeline store: what it ingests is visible to it alone."""
    db = tmp_path / "storyline.duckdb"
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


@contextmanager
def serving(settings: Settings, answers: list[Answer] | None = None) -> Iterator[str]:
    """The app for `settings` under uvicorn on a free 127.0.0.1 port, in a thread: its base URL.
    `answers`, when given, collects (method, path, Origin header, status) of every request the
    server answers, so a test can tell what reached it whatever a browser reports."""
    port = free_port()
    app = create_app(settings) if answers is None else _recording(create_app(settings), answers)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


Answer = tuple[str, str, str | None, int]


def _recording(app: Any, answers: list[Answer]) -> Any:
    async def recorder(scope: dict, receive: Callable, send: Callable) -> None:
        async def send_and_note(message: dict) -> None:
            if message["type"] == "http.response.start":
                origin = dict(scope["headers"]).get(b"origin")
                origin = origin.decode("latin-1") if origin is not None else None
                answers.append((scope["method"], scope["path"], origin, message["status"]))
            await send(message)

        await app(scope, receive, send_and_note if scope["type"] == "http" else send)

    return recorder


@pytest.fixture(scope="session")
def serve() -> Callable[..., AbstractContextManager[str]]:
    """`with serve(Settings(...)) as base:` a real server for settings a test chooses."""
    return serving


@pytest.fixture(scope="module")
def live_server(store_copy: Path) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1, in a thread, for the browser."""
    with serving(Settings(db=store_copy)) as base:
        yield base


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go: $STORYLINE_ARTIFACTS or tests/web/artifacts (gitignored)."""
    folder = Path(os.environ.get("STORYLINE_ARTIFACTS") or Path(__file__).parent / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium under Playwright; the test is skipped where it is not installed (an
    error on CI, which installs it)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"CI needs Debian chromium at {CHROMIUM} (.ci/run installs it)")
        pytest.skip("Debian chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
