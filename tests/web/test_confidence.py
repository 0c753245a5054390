"""`min_confidence` and `all=1` on the story, actor and document pages and their JSON twins, over
a real store holding events of confidence 0.9 (AGREE), 0.2 (ACCUSE) and none (REQUEST, coded by
the lexicon alone); the threshold is validated, the pages show each event's confidence, the count
held back and a link that shows them all (clicked in Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from storyline.web import Settings, create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser

STORY = "/stories/story:unsure"
SURE, UNSURE, LEXICON = "event:sure", "event:unsure", "event:lexicon"


@pytest.fixture(scope="module")
def unsure_client(unsure_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=unsure_store)), base_url="http://127.0.0.1") as client:
        yield client


def _rows(client: TestClient, path: str, **params: object) -> list[str]:
    response = client.get(f"/api{path}", params=params)
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["events"]["rows"]]


def test_story_twin_lists_the_events_at_the_threshold(unsure_client: TestClient) -> None:
    body = unsure_client.get(f"/api{STORY}").json()
    assert [r["id"] for r in body["events"]["rows"]] == [SURE, LEXICON]
    assert [r["confidence"] for r in body["events"]["rows"]] == [0.9, None]
    assert body["confidence"] == {"min_confidence": 0.7, "hidden": 1, "default": 0.7}
    assert body["events"]["total"] == 2 and len(body["timeline"]) == 2
    assert [c["event"] for c in body["claims"]] == [SURE, LEXICON]
    assert body["brief"]["hidden"] == 1
    assert "overfishing" not in str(body["brief"]["facts"])
    every = unsure_client.get(f"/api{STORY}", params={"all": 1}).json()
    assert {r["id"] for r in every["events"]["rows"]} == {SURE, UNSURE, LEXICON}
    assert every["confidence"]["hidden"] == 0 and len(every["timeline"]) == 3
    assert every["brief"]["hidden"] == 0 and "overfishing" in str(every["brief"]["facts"])
    assert _rows(unsure_client, STORY, min_confidence=0.95) == [LEXICON]
    assert _rows(unsure_client, STORY, min_confidence=0) == _rows(unsure_client, STORY, all=1)
    assert _rows(unsure_client, STORY, min_confidence=0.2, order="date") == [SURE, UNSURE, LEXICON]


def test_actor_and_document_twins_follow_the_threshold(unsure_client: TestClient) -> None:
    peru = unsure_client.get("/api/actors/Q419").json()  # AGREE's recipient, ACCUSE's actor
    assert [r["id"] for r in peru["events"]["rows"]] == [SURE]
    assert peru["confidence"]["hidden"] == 1 and len(peru["timeline"]) == 1
    assert [n["id"] for n in peru["graph"]["nodes"]] == ["Q419", "Q298"]  # not Ecuador
    assert _rows(unsure_client, "/actors/Q419", all=1) == [SURE, UNSURE]
    assert _rows(unsure_client, "/actors/Q736") == []  # Ecuador: its only event is unsure
    document = f"/documents/{_document(unsure_client)}"
    body = unsure_client.get(f"/api{document}").json()
    assert [e["id"] for e in body["events"]] == [SURE, LEXICON]
    assert body["confidence"]["hidden"] == 1
    every = unsure_client.get(f"/api{document}", params={"all": "1"}).json()
    assert [e["id"] for e in every["events"]] == [SURE, UNSURE, LEXICON]
    html = unsure_client.get(document).text
    assert html.count('class="badge') == 2  # the hidden event's evidence is not highlighted
    assert f'href="{document}?all=1#events-section">show all</a>' in html


def test_a_threshold_outside_0_to_1_is_refused(unsure_client: TestClient) -> None:
    for value in ("2", "-0.1", "nan", "inf", "sure"):
        document = f"/api/documents/{_document(unsure_client)}"
        for path in (f"/api{STORY}", "/api/actors/Q419", document):
            response = unsure_client.get(path, params={"min_confidence": value})
            assert response.status_code == 422, (path, value)
            assert response.json()["detail"][0]["loc"] == ["query", "min_confidence"]
        page = unsure_client.get(STORY, params={"min_confidence": value})
        assert page.status_code == 422 and "min_confidence: Input should be" in page.text
    refused = unsure_client.get(f"/api{STORY}", params={"all": "maybe"})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["query", "all"]


def _document(client: TestClient) -> str:
    return client.get(f"/api{STORY}").json()["documents"][0]["id"]


def test_story_page_shows_confidence_the_hidden_count_and_a_show_all_link(
    unsure_client: TestClient,
) -> None:
    html = unsure_client.get(STORY).text
    assert html.count('class="event-row"') == 2
    assert '<span class="confidence">0.90</span>' in html
    assert '<span class="confidence lexicon">lexicon</span>' in html
    assert "1 event below confidence 0.7 is hidden" in html
    show_all = f'href="{STORY}?order=sources&amp;limit=50&amp;all=1#events-section">show all</a>'
    assert show_all in html
    every = unsure_client.get(STORY, params={"all": 1, "order": "date"}).text
    assert every.count('class="event-row"') == 3 and '<span class="confidence">0.20</span>' in every
    assert "is hidden" not in every
    hide = f'href="{STORY}?order=date&amp;limit=50#events-section">hide those below confidence 0.7'
    assert hide in every
    assert f'href="{STORY}?all=1&amp;order=sources&amp;limit=50#events-section"' in every
    assert 'class="json" href="/api/stories/story:unsure?all=1&amp;order=date"' in every
    paged = unsure_client.get(STORY, params={"min_confidence": 0.1, "limit": 1}).text
    assert f'href="{STORY}?min_confidence=0.1&amp;order=sources&amp;offset=1&amp;limit=1' in paged


def test_event_page_shows_its_confidence(unsure_client: TestClient) -> None:
    unsure = unsure_client.get(f"/events/{UNSURE}").text
    assert '<dd id="event-confidence"><span class="confidence">0.20</span>' in unsure
    assert "below 0.7: lists hide it" in unsure
    lexicon = unsure_client.get(f"/events/{LEXICON}").text
    assert "coded by the lexicon alone: always listed" in lexicon
    assert unsure_client.get(f"/api/events/{UNSURE}").json()["event"]["confidence"] == 0.2


Serve = Callable[..., AbstractContextManager[str]]


def test_show_all_and_hide_again_in_the_browser(
    chromium: Browser, serve: Serve, unsure_store: Path, artifacts: Path
) -> None:
    with serve(Settings(db=unsure_store)) as base:
        page = chromium.new_context(viewport={"width": 1200, "height": 900}).new_page()
        page.goto(f"{base}{STORY}")
        assert page.locator("tr.event-row").count() == 2
        note = page.locator("#confidence-filter").inner_text()
        assert note.startswith("1 event below confidence 0.7 is hidden")
        page.locator("#confidence-filter a.show-all").click()
        page.wait_for_url("**all=1**")
        assert page.locator("tr.event-row").count() == 3
        badges = page.locator("tr.event-row .confidence").all_inner_texts()
        assert sorted(badges) == ["0.20", "0.90", "lexicon"]
        page.screenshot(path=artifacts / "story-all-events.png", full_page=True)
        page.locator("#confidence-filter a.hide-unsure").click()
        page.wait_for_selector("#confidence-filter a.show-all")
        assert page.locator("tr.event-row").count() == 2
        page.context.close()
