"""The pages in Debian's Chromium (Playwright, never a downloaded browser) against a real uvicorn
server: stories -> story (timeline, claims) -> event (readings, evidence) -> document -> actor
(graph) -> actors list (filters) -> search -> ingest, an article holding <script> staying inert,
and every request staying on 127.0.0.1. Screenshots are saved."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARTICLES = json.loads((Path(__file__).parent / "articles.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def browser_page(
    chromium: Browser, live_server: str
) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A Chromium page, the URLs it requested, and any script errors it raised."""
    requests: list[str] = []
    errors: list[str] = []
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, requests, errors
    context.close()
    outside = [u for u in requests if not u.startswith(f"{live_server}/") and u != "data:,"]
    assert not outside, f"pages fetched from outside 127.0.0.1: {outside}"


def _api(live_server: str, path: str, **params: str) -> dict:
    return httpx.get(f"{live_server}/api{path}", params=params).json()


def test_click_through_story_event_search(
    browser_page: tuple[Page, list[str], list[str]], live_server: str, artifacts: Path
) -> None:
    page, _, errors = browser_page
    page.goto(f"{live_server}/stories")
    assert page.locator("tr.story-row").count() == len(ARTICLES)
    page.screenshot(path=artifacts / "stories.png", full_page=True)

    page.get_by_role("link", name=ARTICLES[0]["title"]).click()
    page.wait_for_selector("#timeline[data-rendered=true]")
    story = _api(live_server, page.url.split(live_server, 1)[1])
    marks = page.locator("#timeline g.mark-symbol.role-mark path")
    assert marks.count() == len(story["timeline"]) > 0
    rows = story["events"]["rows"]
    assert page.locator("tr.event-row").count() == len(rows)
    assert page.locator("#claims tbody tr").count() == len(story["claims"]) == len(rows)
    page.screenshot(path=artifacts / "story.png", full_page=True)

    accuse = next(e for e in rows if e["type"] == "ACCUSE")
    page.locator(f'tr.event-row[data-event="{accuse["id"]}"] a.type').click()
    page.wait_for_selector("#evidence")
    highlighted = page.locator("blockquote.paragraph mark.evidence-span")
    assert highlighted.count() == 1
    assert highlighted.inner_text().startswith("Peru accused Ecuador")
    assert "Peru accused Ecuador" in page.locator("blockquote.paragraph").inner_text()
    assert page.locator("#readings tbody tr").count() == 1  # one source, its own reading
    assert page.locator("#readings td .status").inner_text() == accuse["status"]
    page.screenshot(path=artifacts / "event.png", full_page=True)

    page.locator("#evidence a").first.click()
    page.wait_for_selector("#document-text")
    assert re.search(r"/documents/\w+#at-\d+$", page.url)
    assert page.locator("#document-text mark.evidence-span").count() >= 1
    page.screenshot(path=artifacts / "document.png", full_page=True)

    page.goto(f"{live_server}/actors/Q419")
    page.wait_for_selector("#graph[data-rendered=true]")
    actor = _api(live_server, "/actors/Q419")
    assert page.locator("#graph").get_attribute("data-nodes") == str(len(actor["graph"]["nodes"]))
    page.screenshot(path=artifacts / "actor.png", full_page=True)

    page.click("header.top nav >> text=Actors")
    page.wait_for_selector("#actors")
    actors = _api(live_server, "/actors")
    assert page.locator("tr.actor-row").count() == len(actors["actors"])
    page.select_option("#actor-filters select[name=kind]", "country")
    page.fill("#actor-filters input[name=q]", "peru")
    page.click("#actor-filters button")
    page.wait_for_url(re.compile(r"/actors\?q=peru&kind=country"))
    assert page.locator("tr.actor-row").count() == 1
    page.screenshot(path=artifacts / "actors.png", full_page=True)
    page.locator("tr.actor-row a").click()
    page.wait_for_selector("#actor-fields")
    assert page.locator("h1").inner_text() == "Peru"

    page.fill("form.search input", "evacuation")
    page.click("form.search button")
    page.wait_for_url(re.compile(r"/stories\?q=evacuation"))
    assert page.locator("tr.story-row").count() == 1
    assert page.locator("tr.story-row a").inner_text() == ARTICLES[1]["title"]
    page.screenshot(path=artifacts / "search.png", full_page=True)
    assert not errors


def test_script_in_an_article_is_shown_as_text(
    browser_page: tuple[Page, list[str], list[str]], live_server: str, artifacts: Path
) -> None:
    page, _, errors = browser_page
    page.goto(f"{live_server}/stories?q=tariffs")
    assert "<script>window.__pwned = 1</script>" in page.locator("tr.story-row").inner_text()
    page.locator("tr.story-row a").click()
    page.locator("#documents a").first.click()
    page.wait_for_selector("#document-text")
    assert "<script>window.__pwned = 3;" in page.locator("#document-text").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.title() != "pwned"
    assert page.locator("#document-fields a[href^='javascript']").count() == 0
    page.screenshot(path=artifacts / "script-article.png", full_page=True)
    assert not errors


def test_ingest_a_pasted_article(
    browser_page: tuple[Page, list[str], list[str]], live_server: str, artifacts: Path
) -> None:
    page, _, errors = browser_page
    page.goto(f"{live_server}/ingest")
    page.fill(
        "#ingest-text",
        "Ministers meet over grain exports\n\nUkraine and Poland agreed on Wednesday to resume "
        "grain shipments through the border, the two governments said.\n",
    )
    page.fill("#ingest-urls", "http://127.0.0.1:9/not-there")
    page.click("#ingest-form button")
    page.wait_for_selector("#ingest-status[data-state=done]", timeout=120_000)
    assert page.locator("li.input-stored").count() == 1
    assert page.locator("li.input-rejected").count() == 1  # the URL, with its reason
    page.screenshot(path=artifacts / "ingest.png", full_page=True)
    page.locator("li.input-stored a").click()
    assert page.locator("h1").inner_text() == "Ministers meet over grain exports"
    page.goto(f"{live_server}/stories")
    assert page.locator("tr.story-row").count() == len(ARTICLES) + 1
    assert page.get_by_role("link", name="Ministers meet over grain exports").count() == 1
    page.screenshot(path=artifacts / "stories-after-ingest.png", full_page=True)
    assert not errors
