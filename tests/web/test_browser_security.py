"""Issue 16's web findings in Debian's Chromium against real uvicorn servers on 127.0.0.1: a page
on another origin cannot post through a sandboxed frame, a token opened in the URL leaves the
address bar and the links, the ingest form works without JavaScript, and a 60,000-character
title or a right-to-left override in a publisher can neither stretch nor spoof a page."""

from __future__ import annotations

import html
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from storyline.model import Document, Story
from storyline.store import Store
from storyline.web import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Response

Serve = Callable[..., AbstractContextManager[str]]
VIEWPORT = {"width": 1200, "height": 900}
LONG_TITLE = "x" * 60_000  # one word: nothing to break it at
PUBLISHER = "Wire \u202etxt.exe"  # shown as "Wire exe.txt" while the override is live
FORGED = "Forged article\n\nAnother site's page made this browser post it here on Monday.\n"



def _page(chromium: Browser) -> tuple[Page, list[Response]]:
    """A page in a fresh context (no cookies) and every response it (or a frame) received."""
    page = chromium.new_context(viewport=VIEWPORT).new_page()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    return page, responses


# 3. A page on another origin posts through a sandboxed frame --------------------------------


FRAMES = {  # attack page path -> (form target on the app, sandboxed frame?)
    "/sandboxed-api": ("/api/ingest", True),
    "/sandboxed-form": ("/ingest", True),
    "/framed-api": ("/api/ingest", False),
}


def _attack_page(app: str, action: str, sandbox: bool) -> bytes:
    """A frame that posts a form to the app once it loads; the page's title counts the frame's
    loads (the form's page, then the answer to the post, an error page as the app refuses
    framing)."""
    form = (
        f'<body onload="document.forms[0].submit()"><form method="post" action="{app}{action}"'
        f' enctype="multipart/form-data"><textarea name="text">{html.escape(FORGED)}</textarea>'
        "</form></body>"
    )
    attribute = ' sandbox="allow-forms allow-scripts"' if sandbox else ""
    frame = f'<iframe{attribute} onload="document.title += \'+\'" srcdoc="{html.escape(form)}">'
    return f"<!doctype html><title>loads:</title>{frame}</iframe>".encode()


@pytest.fixture
def answers() -> list[tuple[str, str, str | None, int]]:
    """What the app server answered, request by request (see conftest.serving)."""
    return []


@pytest.fixture
def live_app(serve: Serve, fresh_store: Path, answers: list) -> Iterator[str]:
    with serve(Settings(db=fresh_store), answers) as base:
        yield base


@pytest.fixture
def attacker(live_app: str) -> Iterator[str]:
    """Another origin (another port on 127.0.0.1) serving the attack pages."""

    class Site(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path not in FRAMES:
                self.send_error(404)
                return
            body = _attack_page(live_app, *FRAMES[self.path])
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("attack", sorted(FRAMES))
def test_a_page_on_another_origin_cannot_post(
    chromium: Browser, live_app: str, attacker: str, answers: list, attack: str
) -> None:
    page, _ = _page(chromium)
    page.goto(attacker + attack)
    page.wait_for_function("document.title === 'loads:++'", timeout=20_000)
    action, sandboxed = FRAMES[attack]
    origin = "null" if sandboxed else attacker  # what Chromium says of the posting page
    assert answers == [("POST", action, origin, 403)]  # it reached the app, which refused it
    assert httpx.get(f"{live_app}/api/ingest").json()["jobs"] == []  # nothing was queued
    titles = [s["title"] for s in httpx.get(f"{live_app}/api/stories").json()["stories"]]
    assert "Forged article" not in titles
    page.context.close()


def test_the_ingest_form_works_without_javascript(chromium: Browser, live_app: str) -> None:
    """The browser's own form post still goes through: Chromium names this server in Origin
    (under the old `Referrer-Policy: no-referrer` it said `null`, like any sandboxed frame)."""
    context = chromium.new_context(viewport=VIEWPORT, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_app}/ingest")
    page.fill("#ingest-text", "Ferries run again\n\nEstonia and Finland agreed on Monday to run "
              "the winter ferries again, officials said.\n")  # fmt: skip
    page.click("#ingest-form button")
    page.wait_for_url(f"{live_app}/ingest/*")
    job_id = page.url.rsplit("/", 1)[1]
    deadline = time.monotonic() + 120
    while httpx.get(f"{live_app}/api/ingest/{job_id}").json()["state"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert httpx.get(f"{live_app}/api/ingest/{job_id}").json()["inputs"][0]["state"] == "stored"
    context.close()


# 5. The token leaves the address bar -------------------------------------------------------


def test_a_token_opened_in_the_url_leaves_it(
    chromium: Browser, serve: Serve, fresh_store: Path
) -> None:
    token = "Tok-in-the-url-4242"
    with serve(Settings(db=fresh_store, token=token)) as base:
        page, responses = _page(chromium)
        page.goto(f"{base}/stories?token={token}&limit=2")
        assert page.url == f"{base}/stories?limit=2"
        assert [r.status for r in responses if r.request.resource_type == "document"] == [303, 200]
        hrefs = page.eval_on_selector_all("a[href], link[href]", "els => els.map(e => e.href)")
        assert hrefs and not [h for h in hrefs if token in h]
        assert token not in page.content()
        (cookie,) = [c for c in page.context.cookies() if c["name"] == "storyline_token"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert time.time() + 11 * 3600 < cookie["expires"] < time.time() + 13 * 3600
        page.locator("tr.story-row a").first.click()  # the cookie carries the token on
        page.wait_for_selector("#events-section")
        assert token not in page.url
        page.context.close()


# 6. A huge title and a right-to-left override ----------------------------------------------


@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    db = tmp_path / "hostile.duckdb"
    long = Document(
        "long.txt", "A story with a very long title.", title=LONG_TITLE, publisher=PUBLISHER,
        published="2025-06-01", authors=[f"Ann {PUBLISHER}"], url="https://example.org/\u202eexe",
    )  # fmt: skip
    plain = Document("plain.txt", "A quiet story.", title="Plain", published="2025-06-02")
    stories = [
        Story("story:long", LONG_TITLE, [long.id], [], "2025-06-01", "2025-06-01"),
        Story("story:plain", "Plain", [plain.id], [], "2025-06-02", "2025-06-02"),
    ]
    with Store(db) as store:
        store.save([long, plain], [], [], [], stories)
    return db


def _width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def test_a_huge_title_and_an_override_cannot_stretch_or_spoof(
    chromium: Browser, serve: Serve, hostile_store: Path, artifacts: Path
) -> None:
    with serve(Settings(db=hostile_store)) as base:
        page, _ = _page(chromium)
        page.goto(f"{base}/stories")
        scroll, viewport = _width(page)
        assert scroll <= viewport + 16, (scroll, viewport)
        link = page.locator("tr.story-row a", has_text="xxx")
        assert len(link.inner_text()) <= 300 and link.inner_text().endswith("…")
        assert link.get_attribute("title") == LONG_TITLE  # the whole title on hover
        page.screenshot(path=artifacts / "hostile-stories.png")

        page.goto(f"{base}/stories/story:long")
        scroll, viewport = _width(page)
        assert scroll <= viewport + 16, (scroll, viewport)
        meta = page.locator("#documents .meta").inner_text()
        assert "⟨U+202E⟩txt.exe" in meta and "\u202e" not in meta

        page.locator("#documents a").click()
        page.wait_for_selector("#document-fields")
        scroll, viewport = _width(page)
        assert scroll <= viewport + 16, (scroll, viewport)
        fields = page.locator("#document-fields").inner_text()
        assert fields.count("⟨U+202E⟩") == 3 and "\u202e" not in fields  # publisher, authors, URL
        href = page.locator("#document-fields a").first.get_attribute("href")
        assert href == "https://example.org/\u202eexe"  # only the text shown is marked
        page.screenshot(path=artifacts / "hostile-document.png")
        page.context.close()
