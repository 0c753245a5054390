"""Every page over awkward stores: an empty one, and one written by hand with what the pipeline
rarely makes (a story without events, an undated event, evidence from a document the store lost,
actors named but not stored, markup in every text field, three sources that disagree). Pages are
crawled link by link: no link may be broken, every page has a JSON twin, nothing is unescaped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storyline.model import Actor, Document, Event, Evidence, Mention, Quantity, Story
from storyline.store import Store
from storyline.web import Settings, create_app, views

MARK = "<script>alert('x')</script>"
FIRST = f"Officials said Freedonia shelled Sylvania on Monday.\nThe {MARK} ministry said 40 died."
SECOND = "Sylvania said Freedonia shelled its towns, killing 55 people."
THIRD = "Freedonia denied shelling Sylvania."


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


def _evidence(document: Document, sentence: str, **reading: object) -> Evidence:
    start, end = _span(document.text, sentence)
    return Evidence(document.id, 0, start, end, sentence, **reading)  # type: ignore[arg-type]


def edge_case_objects() -> tuple[list, list, list, list, list]:
    first = Document(
        "first.txt", FIRST, title=f"Shelling {MARK}", publisher=f"Wire {MARK}",
        published="2025-05-01", url="javascript:alert(1)",
    )  # fmt: skip
    second = Document(
        "second.txt", SECOND, title="Second", publisher="Paper Two", published="2025-05-02"
    )
    third = Document(
        "third.txt", THIRD, title="Third", publisher="Paper Three", published="2025-05-03"
    )
    quiet = Document("quiet.txt", "A quiet day by the lake.", title="Nothing happened")
    actors = [
        Actor("Q1001", f"Freedonia {MARK}", "country", "FRD", "GOV", [f"Fredonia {MARK}"]),
        Actor("Q1002", "Sylvania", "country", "SYL", aliases=["Republic of Sylvania"]),
        Actor("group:league", "League", "group", members=["Q1001", "Q9999"]),  # Q9999 unknown
    ]
    forty, fifty_five = Quantity(40, "people", "40"), Quantity(55, "people", "55 people")
    shelling = Event(
        "event:shelling", "ASSAULT", actors=["Q1001"], recipients=["Q1002"],
        date="2025-04-28", date_precision="day", quantity=forty, status="asserted",
        story="story:shelling", cameo="19", sources=4, publishers=4, independent=4,
        conflicts=["quantity", "status"], trigger="shell",
        evidence=[
            _evidence(first, "Officials said Freedonia shelled Sylvania on Monday.",
                      date="2025-04-28", date_precision="day", quantity=forty,
                      actors=["Q1001"], recipients=["Q1002"], trigger="shelled"),
            _evidence(second, SECOND, status="alleged", attributed_to=["Q1002"],
                      date="2025-04-27", date_precision="day", quantity=fifty_five,
                      actors=["Q1001"], recipients=["Q1002"], trigger="shelled"),
            _evidence(third, THIRD, status="denied", attributed_to=["Q1001"],
                      actors=["Q1001"], recipients=["Q1002"], trigger="shelling"),
            Evidence("0000lostdocument", 3, 0, 13, f"Lost {MARK}", actors=["Q1001"]),
        ],
    )  # fmt: skip
    undated = Event(
        "event:undated", "CONSULT", actors=["Q1002"], recipients=["person:ghost"],
        attributed_to=["agent:XXX:official"], story="story:shelling",
        evidence=[_evidence(first, f"The {MARK} ministry said 40 died.", actors=["Q1002"])],
    )  # fmt: skip
    stories = [
        Story(
            "story:shelling", f"Shelling {MARK}", [first.id, second.id, third.id],
            [shelling.id, undated.id], "2025-05-01", "2025-05-01",
        ),
        Story("story:quiet", "Nothing happened", [quiet.id]),  # no events, no dates
    ]  # fmt: skip
    start, end = _span(FIRST, "Freedonia")
    mentions = [Mention(first.id, 0, start, end, "Freedonia", "GPE", "Q1001")]
    return [first, second, third, quiet], actors, mentions, [shelling, undated], stories


@pytest.fixture(scope="module")
def edge_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("web-edge") / "edge.duckdb"
    with Store(db) as store:
        store.save(*edge_case_objects())
    with TestClient(create_app(Settings(db=db)), base_url="http://127.0.0.1") as client:
        yield client


@pytest.fixture(scope="module")
def empty_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("web-empty") / "empty.duckdb"
    Store(db).close()
    with TestClient(create_app(Settings(db=db)), base_url="http://127.0.0.1") as client:
        yield client


HREF = re.compile(r'href="([^"]+)"')
JSON_LINK = re.compile(r'<a class="json" href="([^"]+)"')


def crawl(client: TestClient, starts: list[str], most: int = 400) -> dict[str, str]:
    """Every page reachable from `starts` through the app's own links (GET only): path -> HTML.
    Fails on any link that does not answer 200."""
    seen: dict[str, str] = {}
    queue = list(starts)
    while queue and len(seen) < most:
        url = queue.pop(0).split("#", 1)[0]
        if not url or url in seen:
            continue
        response = client.get(url)
        assert response.status_code == 200, f"broken link {url}: {response.status_code}"
        seen[url] = response.text
        if not response.headers["content-type"].startswith("text/html"):
            continue
        for href in HREF.findall(response.text):
            href = unescape(href)
            if href.startswith("/") and not href.startswith("/static/"):
                queue.append(href)
    return seen


def _check_pages(client: TestClient, pages: dict[str, str]) -> None:
    for url, html in pages.items():
        if url.startswith("/api/") or url == "/openapi.json":
            continue
        assert "<script>alert" not in html, f"unescaped markup on {url}"
        assert 'href="javascript:' not in html, url
        twin = JSON_LINK.search(html)
        assert twin, f"{url} has no JSON twin link"
        response = client.get(unescape(twin.group(1)))
        assert response.status_code == 200 and response.headers["content-type"] == (
            "application/json"
        ), url


def test_every_link_on_the_edge_store_works_and_every_page_has_a_twin(
    edge_client: TestClient,
) -> None:
    pages = crawl(edge_client, ["/stories", "/actors", "/ingest"])
    for expected in (
        "/stories/story:shelling",
        "/stories/story:quiet",
        "/events/event:shelling",
        "/events/event:undated",
        "/actors/Q9999",  # a group member the store does not hold
        "/actors/person:ghost",  # a recipient the store does not hold
        "/actors/agent:XXX:official",  # an attribution the store does not hold
    ):
        assert expected in pages, expected
    _check_pages(edge_client, pages)


def test_every_link_on_the_pipeline_store_works(client: TestClient) -> None:
    pages = crawl(client, ["/stories", "/actors"])
    assert any(url.startswith("/documents/") for url in pages)
    assert any(url.startswith("/events/") for url in pages)
    _check_pages(client, pages)


def test_event_page_readings_who_asserts_alleges_and_denies(edge_client: TestClient) -> None:
    body = edge_client.get("/api/events/event:shelling").json()
    readings = [v["reading"] for v in body["evidence"]]
    assert [r["status"] for r in readings] == ["asserted", "alleged", "denied", "asserted"]
    asserted, alleged, denied, lost = readings
    assert asserted["differs"] == [] and asserted["quantity"]["value"] == 40
    assert alleged["attributed_to"] == [{"id": "Q1002", "name": "Sylvania"}]
    assert alleged["differs"] == ["status", "date", "quantity"]
    assert (alleged["date"], alleged["quantity"]["value"]) == ("2025-04-27", 55)
    assert denied["attributed_to"][0]["id"] == "Q1001" and denied["differs"] == ["status"]
    assert denied["recipients"] == [{"id": "Q1002", "name": "Sylvania"}]
    assert body["evidence"][3]["document_stored"] is False and lost["differs"] == []
    html = edge_client.get("/events/event:shelling").text
    assert html.count('<tr class="reading') == 4
    assert 'according to <a href="/actors/Q1002">Sylvania</a>' in html
    assert '<td class="differs" title="differs from the event\'s quantity">55 people' in html
    assert "Freedonia &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "(document not in the store)" in html
    assert "sources disagree on quantity, status" in html


def test_story_without_events_and_undated_event(edge_client: TestClient) -> None:
    quiet = edge_client.get("/api/stories/story:quiet").json()
    assert quiet["events"]["total"] == 0 and quiet["timeline"] == [] and quiet["claims"] == []
    html = edge_client.get("/stories/story:quiet").text
    assert "No dated events." in html and "No events." in html
    shelling = edge_client.get("/api/stories/story:shelling").json()
    assert shelling["undated"] == 1 and len(shelling["timeline"]) == 1
    assert [r["id"] for r in shelling["events"]["rows"]] == ["event:shelling", "event:undated"]
    assert shelling["names"] == {"Q1002": "Sylvania", "Q1001": f"Freedonia {MARK}"}
    by_date = edge_client.get("/api/stories/story:shelling", params={"order": "date"}).json()
    assert [r["date"] for r in by_date["events"]["rows"]] == ["2025-04-28", None]
    undated = edge_client.get("/events/event:undated").text
    assert "undated" in undated
    stories = edge_client.get("/api/stories").json()["stories"]
    assert [s["id"] for s in stories] == ["story:shelling", "story:quiet"]  # undated last


def test_claims_table_names_and_links_whom_claims_are_attributed_to(
    edge_client: TestClient,
) -> None:
    html = edge_client.get("/stories/story:shelling").text
    assert '(according to <a href="/actors/Q1002">Sylvania</a>)' in html
    assert '<tr class="claim conflict">' in html
    assert "Q1002</span>" not in html  # never a bare id where a name is known


def test_unknown_actor_pages_and_group_members(edge_client: TestClient) -> None:
    ghost = edge_client.get("/api/actors/person:ghost").json()
    assert ghost["known"] is False and ghost["events"]["total"] == 1
    assert ghost["actor"]["name"] == "person:ghost"
    assert "Not among this store's actors" in edge_client.get("/actors/person:ghost").text
    member = edge_client.get("/api/actors/Q9999").json()
    assert member["member_of"] == [{"id": "group:league", "name": "League"}]
    league = edge_client.get("/api/actors/group:league").json()
    assert [m["id"] for m in league["members"]] == ["Q1001", "Q9999"]
    assert edge_client.get("/api/actors/Q424242").status_code == 404


def test_actors_list_escapes_names_and_searches_aliases(edge_client: TestClient) -> None:
    body = edge_client.get("/api/actors", params={"q": "fredonia"}).json()  # an alias
    assert [r["id"] for r in body["actors"]] == ["Q1001"]
    assert body["actors"][0]["events"] == 1 and body["actors"][0]["stories"] == 1
    html = edge_client.get("/actors").text
    assert "Freedonia &lt;script&gt;" in html


@pytest.mark.parametrize(
    "path",
    [
        "/stories",
        "/stories?q=anything",
        "/actors",
        "/actors?kind=country&country=FRA&q=x",
        "/ingest",
        "/api/stories",
        "/api/stories?q=anything",
        "/api/actors",
        "/api/search?q=anything",
        "/api/ingest",
    ],
)
def test_an_empty_store_serves_every_page(empty_client: TestClient, path: str) -> None:
    response = empty_client.get(path)
    assert response.status_code == 200, response.text


def test_an_empty_store_answers_404_for_ids(empty_client: TestClient) -> None:
    for path in ("/stories/story:x", "/events/x", "/actors/Q1", "/documents/x"):
        assert empty_client.get(path).status_code == 404
        assert empty_client.get(f"/api{path}").status_code == 404


def test_ingest_twin_lists_caps_and_jobs(edge_client: TestClient, tmp_path: Path) -> None:
    body = edge_client.get("/api/ingest").json()
    assert body["max_files"] == 20 and body["max_file_bytes"] == 10_000_000
    assert body["jobs"] == []
    assert 'class="json" href="/api/ingest"' in edge_client.get("/ingest").text
    app = create_app(Settings(db=tmp_path / "off.duckdb", ingest=False))
    with TestClient(app, base_url="http://127.0.0.1") as off:
        assert off.get("/api/ingest").status_code == 403


@pytest.mark.parametrize(
    ("reading", "differs"),
    [
        ({"date": "2025-04-27", "date_precision": "day"}, ["date"]),
        ({"date": "2025-04", "date_precision": "month"}, []),  # the same month, less precise
        ({"date": "2025-03", "date_precision": "month"}, ["date"]),
        ({"date": "2025-05-01", "date_precision": "report"}, []),  # the article's own date
        ({"actors": ["Q1001"], "recipients": []}, []),  # says less, no difference
        ({"actors": ["Q1002"], "recipients": ["Q1001"]}, ["actors", "recipients"]),
        ({"status": "denied", "quantity": Quantity(41, "people", "41")}, ["status", "quantity"]),
    ],
)
def test_a_reading_differs_where_it_departs_from_the_consensus(
    reading: dict, differs: list[str]
) -> None:
    event = Event(
        "e", "ASSAULT", actors=["Q1001"], recipients=["Q1002"], date="2025-04-28",
        date_precision="day", quantity=Quantity(40, "people", "40"),
    )  # fmt: skip
    evidence = Evidence("d", 0, 0, 1, "x", **reading)
    assert views._differs(event, evidence) == differs
