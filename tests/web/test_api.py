"""The JSON API and pages through the real app (TestClient) over a store the pipeline built."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from storyline.cli import main
from storyline.store import Store
from storyline.web import Settings, SettingsError, create_app, settings_for
from storyline.web.assets import VENDOR

ARTICLES = json.loads((Path(__file__).parent / "articles.json").read_text("utf-8"))
SCRIPT_TITLE = ARTICLES[2]["title"]  # a title and body holding <script>
SAME_ORIGIN = {"origin": "http://127.0.0.1"}  # what a browser on the app's own pages sends


def _story_id(client: TestClient, title: str) -> str:
    rows = client.get("/api/stories").json()["stories"]
    return next(r["id"] for r in rows if r["title"] == title)


def test_stories_list_counts_match_the_store(client: TestClient, store_copy: Path) -> None:
    body = client.get("/api/stories").json()
    with Store(store_copy) as store:
        stories = {s.id: s for s in store.stories()}
    assert body["total"] == len(stories) == len(ARTICLES)
    for row in body["stories"]:
        story = stories[row["id"]]
        assert row["documents"] == len(story.documents) == 1
        assert row["events"] == len(story.events)
        assert row["sources"] == 1
    dates = [r["last_seen"] for r in body["stories"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    page = client.get("/api/stories", params={"offset": 1, "limit": 1}).json()
    assert [r["id"] for r in page["stories"]] == [body["stories"][1]["id"]]


def test_story_page_has_timeline_events_and_documents(client: TestClient) -> None:
    story_id = _story_id(client, ARTICLES[0]["title"])
    body = client.get(f"/api/stories/{story_id}", params={"all": 1}).json()  # every event
    assert body["story"]["id"] == story_id
    rows = body["events"]["rows"]
    assert body["events"]["total"] == len(rows) == len(body["story"]["events"])
    types = {e["type"] for e in rows}
    assert "ACCUSE" in types and len(types) >= 2
    dated = [e for e in rows if e["date"]]
    assert body["timeline_grain"] == "event"  # a small story: one point per event
    assert len(body["timeline"]) == len(dated) and body["undated"] == len(rows) - len(dated)
    assert all(p["sources"] == 1 and len(p["day"]) == 10 for p in body["timeline"])
    assert [d["title"] for d in body["documents"]] == [ARTICLES[0]["title"]]
    assert body["documents"][0]["publisher"] == "Coastal Times"
    assert [c["event"] for c in body["claims"]] == [r["id"] for r in rows]
    html = client.get(f"/stories/{story_id}", params={"all": 1})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert f'data-points="{len(body["timeline"])}"' in html.text
    assert html.text.count('class="event-row"') == len(rows)
    assert html.text.count('<tr class="claim') == len(rows)


def test_story_events_are_paged_most_corroborated_first(client: TestClient) -> None:
    story_id = _story_id(client, ARTICLES[0]["title"])
    every = client.get(f"/api/stories/{story_id}", params={"limit": 500}).json()["events"]
    ranks = [(-r["independent"], -r["sources"]) for r in every["rows"]]
    assert ranks == sorted(ranks) and every["order"] == "sources"
    second = client.get(f"/api/stories/{story_id}", params={"offset": 1, "limit": 2}).json()
    assert second["events"]["total"] == every["total"] and second["events"]["offset"] == 1
    assert [r["id"] for r in second["events"]["rows"]] == [r["id"] for r in every["rows"][1:3]]
    assert [c["event"] for c in second["claims"]] == [r["id"] for r in every["rows"][1:3]]
    by_date = client.get(f"/api/stories/{story_id}", params={"order": "date"}).json()["events"]
    dates = [r["date"] for r in by_date["rows"]]
    assert dates == sorted(dates) and {r["id"] for r in by_date["rows"]} == {
        r["id"] for r in every["rows"]
    }
    html = client.get(f"/stories/{story_id}", params={"limit": 1}).text
    assert html.count('class="event-row"') == 1
    assert (
        f'href="/stories/{story_id}?order=sources&amp;offset=1&amp;limit=1#events-section"' in html
    )
    past = client.get(f"/api/stories/{story_id}", params={"offset": 400}).json()["events"]
    assert past["rows"] == [] and past["total"] == every["total"]


def test_story_page_cache_follows_the_store(client: TestClient, store_copy: Path) -> None:
    """What a story page caches lives in the snapshot: a write to the store file by another
    process (here: the Store API) replaces the snapshot and the page shows the new state."""
    story_id = _story_id(client, ARTICLES[1]["title"])
    before = client.get(f"/api/stories/{story_id}").json()
    with Store(store_copy) as store:
        story = next(s for s in store.stories() if s.id == story_id)
        story.title = "Floods strain the river towns (updated)"
        store.save([], [], [], [], [story])
    after = client.get(f"/api/stories/{story_id}").json()
    assert after["story"]["title"] == "Floods strain the river towns (updated)"
    assert after["events"] == before["events"]
    with Store(store_copy) as store:
        story.title = ARTICLES[1]["title"]
        store.save([], [], [], [], [story])
    assert client.get(f"/api/stories/{story_id}").json()["story"]["title"] == ARTICLES[1]["title"]


def test_event_page_shows_each_source_reading(client: TestClient) -> None:
    story_id = _story_id(client, ARTICLES[0]["title"])
    rows = client.get(f"/api/stories/{story_id}", params={"all": 1}).json()["events"]["rows"]
    alleged = next(r for r in rows if r["status"] == "alleged")  # Peru accused Ecuador of ...
    body = client.get(f"/api/events/{alleged['id']}").json()
    reading = body["evidence"][0]["reading"]
    assert reading["status"] == "alleged"
    assert reading["attributed_to"] == [{"id": "Q419", "name": "Peru"}]
    assert reading["actors"] == alleged["actors"] and reading["differs"] == []
    html = client.get(f"/events/{alleged['id']}").text
    assert '<tr class="reading reading-alleged">' in html
    assert 'according to <a href="/actors/Q419">Peru</a>' in html


def test_event_evidence_in_its_paragraph(client: TestClient) -> None:
    story_id = _story_id(client, ARTICLES[0]["title"])
    events = client.get(f"/api/stories/{story_id}").json()["events"]["rows"]
    accuse = next(e for e in events if e["type"] == "ACCUSE")
    body = client.get(f"/api/events/{accuse['id']}").json()
    evidence = body["evidence"][0]
    assert "Peru accused Ecuador" in evidence["sentence"]
    assert evidence["sentence"] == evidence["evidence"]["text"]
    assert evidence["before"] + evidence["sentence"] + evidence["after"] in ARTICLES[0]["text"]
    assert body["names"][accuse["actors"][0]["id"]] == "Peru"
    html = client.get(f"/events/{accuse['id']}").text
    assert '<mark class="evidence-span">Peru accused Ecuador' in html
    assert (
        f"/documents/{evidence['evidence']['document']}#at-{evidence['evidence']['start']}" in html
    )


def test_actor_page_graph_and_events(client: TestClient) -> None:
    body = client.get("/api/actors/Q419").json()  # Peru
    assert body["actor"]["name"] == "Peru" and body["actor"]["country"] == "PER"
    assert body["known"] is True
    rows = body["events"]["rows"]
    assert rows and body["events"]["total"] == len(rows)
    assert all("Q419" in [a["id"] for a in e["actors"] + e["recipients"]] for e in rows)
    graph = body["graph"]
    assert graph["nodes"][0]["id"] == "Q419"
    assert {n["id"] for n in graph["nodes"][1:]} == {e["target"] for e in graph["edges"]}
    assert all(e["events"] == e["cooperation"] + e["conflict"] for e in graph["edges"])
    ecuador = next(e for e in graph["edges"] if e["target"] == "Q736")
    assert ecuador["tone"] == "conflict"  # Peru accused Ecuador
    html = client.get("/actors/Q419").text
    assert 'id="graph"' in html and "Q419" in html


def test_document_page_highlights_and_escapes(client: TestClient) -> None:
    story_id = _story_id(client, SCRIPT_TITLE)
    document_id = client.get(f"/api/stories/{story_id}").json()["documents"][0]["id"]
    body = client.get(f"/api/documents/{document_id}").json()
    assert "<script>" in body["document"]["text"]  # stored as written
    assert body["mentions"] and body["stories"][0]["id"] == story_id
    html = client.get(f"/documents/{document_id}").text
    assert "&lt;script&gt;window.__pwned = 3" in html
    assert "<script>window" not in html and "javascript:" not in html.split("<dt>URL</dt>")[0]
    assert 'href="javascript:' not in html
    assert html.count('class="mention') >= 2  # France, Germany, Paris ...
    assert '<mark class="evidence-span">' in html
    stories = client.get("/stories").text
    assert "Market &lt;script&gt;window.__pwned = 1&lt;/script&gt; report" in stories


def test_search_over_titles_bodies_and_actor_names(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "fisheries"}).json()
    assert [s["title"] for s in body["stories"]] == [ARTICLES[0]["title"]]
    assert body["stories"][0]["score"] > 0
    by_body = client.get("/api/search", params={"q": "evacuation"}).json()
    assert [s["title"] for s in by_body["stories"]] == [ARTICLES[1]["title"]]
    by_actor = client.get("/api/search", params={"q": "Republic of Peru"}).json()
    assert ARTICLES[0]["title"] in [s["title"] for s in by_actor["stories"]]
    assert client.get("/api/search", params={"q": "zebra"}).json()["stories"] == []
    listed = client.get("/api/stories", params={"q": "tariffs"}).json()
    assert listed["total"] == 1 and listed["stories"][0]["title"] == SCRIPT_TITLE
    page = client.get("/stories", params={"q": "tariffs"}).text
    assert page.count('class="story-row"') == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories/story:nope",
        "/api/events/nope",
        "/api/actors/Q0",
        "/api/documents/0000",
        "/api/ingest/nope",
        "/api/no-such-endpoint",
    ],
)
def test_unknown_ids_are_404_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"]


def test_unknown_page_is_a_404_page(client: TestClient) -> None:
    response = client.get("/events/nope")
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]
    assert "no event with id" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/stories?limit=0",
        "/api/stories?limit=abc",
        "/api/stories?offset=-1",
        "/api/search",
        "/api/search?q=",
        "/api/search?q=" + "x" * 201,
        "/api/search?q=peru&limit=501",
        "/api/stories/story:any?limit=0",
        "/api/stories/story:any?limit=501",
        "/api/stories/story:any?offset=-1",
        "/api/stories/story:any?offset=x",
        "/api/stories/story:any?order=newest",
        "/api/actors/Q419?limit=0",
        "/api/actors/Q419?order=name",
        "/api/actors?limit=0",
        "/api/actors?offset=-5",
        "/api/actors?kind=Not%20a%20kind",
        "/api/actors?country=PE",
        "/api/actors?country=P3R",
        "/api/actors?q=" + "x" * 201,
    ],
)
def test_bad_parameters_are_422(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"
    page = client.get(path.removeprefix("/api"))
    if not path.startswith("/api/search"):  # the page twin refuses the same values
        assert page.status_code == 422 and "text/html" in page.headers["content-type"]


def test_actors_list_sorted_filtered_and_paged(client: TestClient) -> None:
    body = client.get("/api/actors", params={"limit": 500}).json()
    rows = body["actors"]
    assert body["total"] == len(rows) > 5
    counts = [r["events"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    peru = next(r for r in rows if r["id"] == "Q419")
    actor = client.get("/api/actors/Q419", params={"all": 1}).json()  # lists count every event
    assert peru["events"] == actor["events"]["total"] and peru["stories"] == 1
    assert (peru["name"], peru["kind"], peru["country"]) == ("Peru", "country", "PER")
    assert "country" in body["kinds"] and body["kinds"] == sorted(body["kinds"])
    countries = client.get("/api/actors", params={"kind": "country", "limit": 500}).json()
    assert countries["actors"] and all(r["kind"] == "country" for r in countries["actors"])
    assert countries["total"] < body["total"]
    per = client.get("/api/actors", params={"country": "per"}).json()  # any case
    assert per["country"] == "PER" and "Q419" in [r["id"] for r in per["actors"]]
    assert all(r["country"] == "PER" for r in per["actors"])
    alias = client.get("/api/actors", params={"q": "republic of peru"}).json()
    assert [r["id"] for r in alias["actors"]] == ["Q419"]
    none = client.get("/api/actors", params={"q": "zebra", "kind": "country"}).json()
    assert none["total"] == 0 and none["actors"] == []
    second = client.get("/api/actors", params={"offset": 1, "limit": 2}).json()
    assert [r["id"] for r in second["actors"]] == [r["id"] for r in rows[1:3]]
    html = client.get("/actors", params={"kind": "country", "limit": 2}).text
    assert html.count('class="actor-row"') == 2
    assert '<a href="/actors/Q419">Peru</a>' in client.get("/actors", params={"q": "peru"}).text
    assert 'href="/actors?kind=country&amp;offset=2&amp;limit=2"' in html
    assert '<option value="country" selected>' in html
    assert '<a href="/actors">Actors</a>' in client.get("/stories").text
    empty_filters = client.get("/actors", params={"q": "", "kind": "", "country": ""})
    assert empty_filters.status_code == 200  # the filter form sends empty fields


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/events/{event_id}",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/documents/{document_id}",
        "/api/search",
        "/api/ingest",
        "/api/ingest/{job_id}",
    ):
        assert path in paths


def test_static_files_and_security_headers(client: TestClient) -> None:
    for name in VENDOR:
        response = client.get(f"/static/vendor/{name}")
        assert response.status_code == 200, f"{name}: run npm ci"
        assert len(response.content) > 10_000
    assert client.get("/static/vendor/jquery.js").status_code == 404
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/..%2Fapp.py").status_code == 404
    page = client.get("/stories")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"


def test_foreign_host_and_cross_site_post_are_refused(client: TestClient) -> None:
    assert client.get("/stories", headers={"host": "evil.example"}).status_code == 400
    response = client.post(
        "/api/ingest", data={"text": "x"}, headers={"origin": "http://evil.example"}
    )
    assert response.status_code == 403


def test_ingest_refuses_oversize_too_many_and_nothing(store_copy: Path) -> None:
    app = create_app(
        Settings(db=store_copy, max_file_bytes=1_000, max_files=2, max_body_bytes=50_000)
    )
    with TestClient(app, base_url="http://127.0.0.1", headers=SAME_ORIGIN) as client:
        big = client.post("/api/ingest", files=[("files", ("big.txt", b"a" * 2_000))])
        assert big.status_code == 413 and "big.txt" in big.json()["detail"]
        huge = client.post("/api/ingest", files=[("files", ("huge.txt", b"a" * 60_000))])
        assert huge.status_code == 413
        many = client.post(
            "/api/ingest", files=[("files", (f"{i}.txt", b"text")) for i in range(3)]
        )
        assert many.status_code == 413 and "at most 2" in many.json()["detail"]
        empty = client.post("/api/ingest", data={"text": "  ", "urls": ""})
        assert empty.status_code == 422


def test_ingest_disabled_is_403(store_copy: Path) -> None:
    app = create_app(Settings(db=store_copy, ingest=False))
    with TestClient(app, base_url="http://127.0.0.1", headers=SAME_ORIGIN) as client:
        assert client.post("/api/ingest", data={"text": "Some text"}).status_code == 403
        assert client.get("/ingest").status_code == 403
        assert 'href="/ingest"' not in client.get("/stories").text


def test_token_is_required_for_every_request(store_copy: Path) -> None:
    settings = settings_for(store_copy, "0.0.0.0", "s3cret", None)
    assert settings.ingest is False and settings.allowed_hosts is None
    with TestClient(create_app(settings), base_url="http://203.0.113.5") as client:
        for path in ("/stories", "/api/stories", "/static/app.css", "/openapi.json"):
            assert client.get(path).status_code == 401, path
        assert client.get("/api/stories").json()["detail"].startswith("a token is required")
        assert (
            client.get("/api/stories", headers={"authorization": "Bearer wrong"}).status_code == 401
        )
        ok = client.get("/api/stories", headers={"authorization": "Bearer s3cret"})
        assert ok.status_code == 200
        assert (
            client.post(
                "/api/ingest", data={"text": "x"}, headers={"authorization": "Bearer s3cret"}
            ).status_code
            == 403
        )  # ingest off by default
        first = client.get("/stories", params={"token": "s3cret"}, follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/stories"
        assert "storyline_token=s3cret" in first.headers["set-cookie"]
        assert client.get("/static/app.css").status_code == 200  # the cookie now carries it
    with pytest.raises(SettingsError):
        settings_for(store_copy, "0.0.0.0", None, None)


def test_serve_refuses_a_public_bind_without_token(store_copy: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(store_copy), "--host", "0.0.0.0"])
    assert result.exit_code != 0 and "needs a token" in result.output


def test_ingest_pasted_text_bad_url_and_duplicate(client: TestClient) -> None:
    article = (
        "Ports reopen after the strike\n\n"
        "Argentina and Uruguay agreed on Thursday to reopen the river ports, officials said.\n"
    )
    response = client.post(
        "/api/ingest",
        data={"text": [article, ARTICLES[1]["text"]], "urls": "http://127.0.0.1:9/nothing"},
        headers=SAME_ORIGIN,
    )
    assert response.status_code == 202
    job = response.json()
    assert [i["kind"] for i in job["inputs"]] == ["text", "text", "url"]
    deadline = time.monotonic() + 120
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
        job = client.get(f"/api/ingest/{job['id']}").json()
    assert job["state"] == "done", job
    pasted, duplicate, url = job["inputs"]
    assert pasted["state"] == "stored" and len(pasted["documents"]) == 1
    assert duplicate["state"] == "stored" and duplicate["documents"] == []
    assert duplicate["duplicates"] == 1
    assert url["state"] == "rejected" and url["error"]
    document = client.get(f"/api/documents/{pasted['documents'][0]}").json()["document"]
    assert document["title"] == "Ports reopen after the strike"
    assert document["source"] == "text:pasted-1"
    titles = [s["title"] for s in client.get("/api/stories").json()["stories"]]
    assert "Ports reopen after the strike" in titles
    page = client.get(f"/ingest/{job['id']}").text
    assert "stored" in page and "rejected" in page
