"""Issue 16's web findings, each through a real uvicorn server on 127.0.0.1 (httpx and raw
sockets; the browser halves are in test_browser_security.py): the URL box never reads a server
path, web ingest never fetches loopback or private addresses unless allowed, a POST needs this
server's own Origin (or the CSRF cookie and header), upload names are never paths, the token
leaves the URL, and a body sent a byte at a time times out."""

from __future__ import annotations

import http.server
import select
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest

from storyline.web import Settings, SettingsError, settings_for
from storyline.web.security import CSRF_COOKIE, TOKEN_MAX_AGE, is_loopback

Serve = Callable[..., AbstractContextManager[str]]
ARTICLE_HTML = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    "<p>Chile and Bolivia agreed on {day} to reopen the border crossing at Colchane, the two "
    "foreign ministries said in a joint statement after talks in Santiago.</p>"
    "<p>Officials said trucks would move again from Friday under a new inspection regime.</p>"
    "</article></body></html>"
)
PASTED = "Harbour talks resume\n\nNorway and Sweden agreed on Monday to resume harbour talks.\n"
CLIMBING = "Lakes freeze early\n\nFinland and Estonia said on Sunday that the lakes froze early.\n"



def _wait(base: str, job: dict, **headers: str) -> dict:
    deadline = time.monotonic() + 120
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
        job = httpx.get(f"{base}/api/ingest/{job['id']}", headers=headers).json()
    return job


def _ingest(base: str, **form: object) -> dict:
    """POST /api/ingest as the app's own page would (same Origin), then wait for the job."""
    response = httpx.post(f"{base}/api/ingest", headers={"origin": base}, timeout=30, **form)
    assert response.status_code == 202, response.text
    return _wait(base, response.json())


def _document_count(base: str) -> int:
    stories = httpx.get(f"{base}/api/stories", params={"limit": 500}).json()["stories"]
    return sum(s["documents"] for s in stories)


# 1. The URL box reads no server file -------------------------------------------------------


def test_the_url_box_never_reads_a_server_path(serve: Serve, fresh_store: Path) -> None:
    given = [
        "/etc/hostname",  # exists
        "/etc/no-such-file-here",
        "README.md",  # exists, relative to the server's working directory
        "no-such-file-here.md",
        "file:///etc/passwd",
        "file:///etc/no-such-file-here",
        "../../../../etc/hostname",
    ]
    assert Path("README.md").is_file() and Path("/etc/hostname").is_file()
    with serve(Settings(db=fresh_store)) as base:
        before = _document_count(base)
        job = _ingest(base, data={"urls": "\n".join(given)})
        assert job["state"] == "done", job
        assert [i["name"] for i in job["inputs"]] == given
        assert all(i["state"] == "rejected" and i["documents"] == [] for i in job["inputs"])
        errors = {i["error"] for i in job["inputs"]}
        assert errors == {"only http:// and https:// URLs are fetched"}  # existing or not
        assert _document_count(base) == before
        page = httpx.get(f"{base}/ingest/{job['id']}").text
        assert page.count("only http:// and https:// URLs are fetched") == len(given)


# 2. No request forgery against loopback or private addresses --------------------------------


class _Site(http.server.BaseHTTPRequestHandler):
    """A tiny site on 127.0.0.1: two articles and a redirect from one host name to another."""

    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path == "/redirect":
            port = self.server.server_address[1]
            self.send_response(302)
            self.send_header("Location", f"http://localhost:{port}/second")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        titles = {"/article": "Border crossing reopens", "/second": "Trucks move again"}
        if self.path not in titles:
            self.send_error(404)
            return
        day = "Tuesday" if self.path == "/article" else "Wednesday"
        body = ARTICLE_HTML.format(title=titles[self.path], day=day).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_site() -> Iterator[tuple[int, list[str]]]:
    """The site's port and the paths it was asked for."""
    hits: list[str] = []
    handler = type("Site", (_Site,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe closes


def test_loopback_urls_are_refused_by_default(
    serve: Serve, fresh_store: Path, local_site: tuple[int, list[str]]
) -> None:
    port, hits = local_site
    closed = _closed_port()
    urls = [
        f"http://127.0.0.1:{port}/article",
        f"http://127.0.0.1:{closed}/article",  # nothing listens: the same answer
        f"http://localhost:{port}/article",
        f"http://0.0.0.0:{port}/article",
        f"http://2130706433:{port}/article",  # 127.0.0.1 as one number
        f"http://[::1]:{port}/article",
        f"http://127.0.0.1:{port}/redirect",  # to localhost
    ]
    with serve(Settings(db=fresh_store)) as base:
        before = _document_count(base)
        job = _ingest(base, data={"urls": "\n".join(urls)})
        assert job["state"] == "done", job
        inputs = job["inputs"]
        assert all(i["state"] == "rejected" and i["documents"] == [] for i in inputs), inputs
        assert all(i["error"].startswith("refused: ") for i in inputs), inputs
        assert all("--allow-private-urls" in i["error"] for i in inputs)
        open_port, closed_port = inputs[0]["error"], inputs[1]["error"]
        assert (
            open_port
            == closed_port
            == ("refused: 127.0.0.1 is a loopback address; pass --allow-private-urls to fetch it")
        )  # no port scan: an open and a closed port read alike
        assert hits == []  # not one request reached the site
        assert _document_count(base) == before
        page = httpx.get(f"{base}/ingest/{job['id']}").text
        assert page.count("is a loopback address") >= 6
        assert "an unspecified address" in page  # 0.0.0.0


def test_loopback_urls_are_fetched_when_allowed(
    serve: Serve, fresh_store: Path, local_site: tuple[int, list[str]]
) -> None:
    port, hits = local_site
    urls = [f"http://127.0.0.1:{port}/article", f"http://127.0.0.1:{port}/redirect"]
    with serve(Settings(db=fresh_store, allow_private_urls=True)) as base:
        job = _ingest(base, data={"urls": "\n".join(urls)})
        assert job["state"] == "done", job
        assert [i["state"] for i in job["inputs"]] == ["stored", "stored"], job
        titles = [
            httpx.get(f"{base}/api/documents/{i['documents'][0]}").json()["document"]["title"]
            for i in job["inputs"]
        ]
        assert titles == ["Border crossing reopens", "Trucks move again"]
    assert hits == ["/article", "/redirect", "/second"]  # the redirect was followed


# 3. Cross-site requests ---------------------------------------------------------------------


def test_a_post_needs_this_servers_origin_or_the_csrf_pair(serve: Serve, fresh_store: Path) -> None:
    with serve(Settings(db=fresh_store)) as base:
        port = base.rsplit(":", 1)[1]
        form = {"text": PASTED}

        def post(path: str = "/api/ingest", **headers: str) -> httpx.Response:
            return httpx.post(f"{base}{path}", data=form, headers=headers)

        refused = [
            post(origin="null"),  # a sandboxed frame on any site
            post(origin=f"https://127.0.0.1:{port}"),  # another scheme
            post(origin="http://127.0.0.1:1"),  # another port: another origin
            post(origin=f"http://localhost:{port}"),  # another host name
            post(origin=f"http://127.0.0.1:{port}/path"),  # not an origin at all
            post(),  # no Origin and no CSRF pair
            post(cookie=f"{CSRF_COOKIE}={'a' * 32}", **{"x-storyline-csrf": "b" * 32}),
            post("/ingest", origin="null"),  # the form's own target
        ]
        assert [r.status_code for r in refused] == [403] * len(refused)
        assert "cross-site" in refused[0].json()["detail"]
        assert "X-Storyline-CSRF" in refused[5].json()["detail"]
        for method in ("PUT", "DELETE", "PATCH"):
            response = httpx.request(method, f"{base}/api/ingest", headers={"origin": "null"})
            assert response.status_code == 403, method
        assert httpx.get(f"{base}/api/ingest").json()["jobs"] == []  # nothing was queued

        value = httpx.get(f"{base}/ingest").cookies[CSRF_COOKIE]  # set for the form page
        accepted = [
            post(origin=base),
            post(cookie=f"{CSRF_COOKIE}={value}", **{"x-storyline-csrf": value}),
            post(f"/api/ingest?csrf={value}", cookie=f"{CSRF_COOKIE}={value}"),
        ]
        assert [r.status_code for r in accepted] == [202, 202, 202]
        for response in accepted:
            assert _wait(base, response.json())["state"] == "done"
        assert len(httpx.get(f"{base}/api/ingest").json()["jobs"]) == 3


def test_the_ingest_form_carries_the_csrf_value(serve: Serve, fresh_store: Path) -> None:
    with serve(Settings(db=fresh_store)) as base:
        response = httpx.get(f"{base}/ingest")
        value = response.cookies[CSRF_COOKIE]
        assert "SameSite=Strict" in response.headers["set-cookie"]
        assert response.headers["referrer-policy"] == "same-origin"  # else a form says null
        assert f'action="/ingest?csrf={value}"' in response.text
        assert f'data-csrf="{value}"' in response.text
        again = httpx.get(f"{base}/ingest", cookies={CSRF_COOKIE: value})
        assert "set-cookie" not in again.headers and f"csrf={value}" in again.text


# 4. Upload names are names, never paths -----------------------------------------------------


def test_upload_names_are_never_paths(serve: Serve, fresh_store: Path) -> None:
    long_name = "a" * 300 + ".txt"  # over the 255 bytes a file name may have
    escape = Path(tempfile.gettempdir()) / "storyline-escaped-upload.txt"
    escape.unlink(missing_ok=True)
    files = [
        ("files", (long_name, PASTED.encode())),
        ("files", (f"../../../..{escape}", CLIMBING.encode())),
        ("files", ("b" * 300, b"\x00\x01\x02 not text")),
    ]
    with serve(Settings(db=fresh_store)) as base:
        job = _ingest(base, files=files)
        assert job["state"] == "done" and job["error"] is None, job
        first, climbing, binary = job["inputs"]
        assert first["state"] == "stored" and len(first["documents"]) == 1
        assert len(first["name"]) == 200 and first["name"].endswith("…")
        source = httpx.get(f"{base}/api/documents/{first['documents'][0]}").json()["document"]
        assert source["source"] == f"file:{first['name']}"
        assert climbing["state"] == "stored" and not escape.exists()
        assert binary["state"] == "rejected" and binary["error"]
        page = httpx.get(f"{base}/ingest/{job['id']}").text
        assert "storyline-ingest-" not in page  # the folder's name (the upload's holds /tmp)
        assert all(tempfile.gettempdir() not in str(i["error"]) for i in job["inputs"])


# 5. The token ------------------------------------------------------------------------------


def test_a_token_in_the_url_becomes_a_cookie_and_leaves_the_url(
    serve: Serve, fresh_store: Path
) -> None:
    with serve(Settings(db=fresh_store, token="T0k3n-secret")) as base:
        first = httpx.get(f"{base}/stories?q=fisheries&token=T0k3n-secret&limit=5")
        assert first.status_code == 303
        assert first.headers["location"] == "/stories?q=fisheries&limit=5"
        cookie = next(c for c in first.headers.get_list("set-cookie") if "storyline_token" in c)
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert f"Max-Age={TOKEN_MAX_AGE}" in cookie and TOKEN_MAX_AGE == 12 * 3600
        page = httpx.get(base + first.headers["location"], cookies=first.cookies)
        assert page.status_code == 200 and "T0k3n-secret" not in page.text
        assert 'class="json" href="/api/stories?q=fisheries&amp;limit=5"' in page.text
        hop = httpx.get(f"{base}//evil.example/x?token=T0k3n-secret")
        assert hop.status_code == 303 and hop.headers["location"] == "/evil.example/x"
        slash = httpx.get(f"{base}/%5Cevil.example?token=T0k3n-secret")
        assert slash.headers["location"] == "/%5Cevil.example"  # never a host of its own
        assert httpx.get(f"{base}/stories?token=wrong").status_code == 401
        for empty in (b"Bearer ", b"Bearer", b"bearer  "):
            assert _raw_status(base, "/api/stories", b"Authorization: " + empty) == 401, empty


def _raw_status(base: str, path: str, header: bytes) -> int:
    """The status for a GET with one header as given (httpx refuses a trailing space)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as connection:
        connection.sendall(
            b"GET " + path.encode() + b" HTTP/1.1\r\nHost: " + f"{host}:{port}".encode()
            + b"\r\n" + header + b"\r\nConnection: close\r\n\r\n"
        )  # fmt: skip
        return int(connection.recv(100).split(b" ", 2)[1])


def test_an_empty_token_is_no_token(serve: Serve, fresh_store: Path) -> None:
    assert settings_for(fresh_store, "127.0.0.1", "", None).token is None
    with pytest.raises(SettingsError):
        settings_for(fresh_store, "0.0.0.0", "", None)
    with serve(Settings(db=fresh_store, token="")) as base:
        assert httpx.get(f"{base}/api/stories").status_code == 200  # "" is not a token to match


def test_loopback_is_decided_on_the_parsed_address(fresh_store: Path) -> None:
    for host in ("127.evil.example", "127.0.0.1.evil.example", "0.0.0.0", "::", "10.0.0.1", ""):
        assert not is_loopback(host), host
    for host in ("127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "LOCALHOST"):
        assert is_loopback(host), host
    with pytest.raises(SettingsError):
        settings_for(fresh_store, "127.evil.example", None, None)
    assert settings_for(fresh_store, "127.evil.example", "t", None).allowed_hosts is None


# 6. A body sent slowly ---------------------------------------------------------------------


def _trickle(host: str, port: int, head: bytes, give_up_after: float) -> tuple[bytes, bool]:
    """Send `head`, then one byte every 0.2 s until the server answers or closes: what it said,
    and whether it closed (False: still open when we gave up)."""
    answer = b""
    deadline = time.monotonic() + give_up_after
    with socket.create_connection((host, port), timeout=5) as connection:
        connection.sendall(head)
        while time.monotonic() < deadline:
            readable, _, _ = select.select([connection], [], [], 0.2)
            try:
                if not readable:
                    connection.sendall(b"a")
                    continue
                chunk = connection.recv(65536)
            except OSError:  # reset: closed
                return answer, True
            if not chunk:
                return answer, True
            answer += chunk
    return answer, False


def test_a_slow_body_times_out(serve: Serve, fresh_store: Path) -> None:
    with serve(Settings(db=fresh_store, body_timeout=1.0)) as base:
        host, port = base.removeprefix("http://").split(":")
        head = (
            f"POST /api/ingest HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {base}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n"
            '--x\r\nContent-Disposition: form-data; name="text"\r\n\r\n'
        )  # then the text field, one byte at a time
        started = time.monotonic()
        answer, closed = _trickle(host, int(port), head.encode(), give_up_after=6)
        elapsed = time.monotonic() - started
        assert closed and elapsed < 3, elapsed  # the deadline (1 s) and slack, not the 6 s
        if answer:  # the 408 may be lost to the reset a close with unread bytes sends
            assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
            assert b"the request body took longer than 1 s" in answer
        fine = httpx.post(f"{base}/api/ingest", data={"text": PASTED}, headers={"origin": base})
        assert fine.status_code == 202  # a body sent at once is unaffected
        _wait(base, fine.json())


# A pasted text over the time budget is rejected; the rest of the job is stored ------------


def test_a_text_over_the_time_budget_is_rejected_and_the_rest_stored(
    serve: Serve, fresh_store: Path
) -> None:
    endless = "The minister of France met officials from Kenya in Nairobi on Monday. " * 2_000
    good = "Chile and Peru signed a fisheries agreement in Lima on Tuesday, officials said."
    with serve(Settings(db=fresh_store, time_budget=6)) as base:
        before = _document_count(base)
        job = _ingest(base, data={"text": [endless, good]})
        assert job["state"] == "done", job
        slow, stored = job["inputs"]
        assert slow["state"] == "rejected" and slow["documents"] == []
        assert slow["error"] == "analysis took over 6 s (--time-budget)"
        assert stored["state"] == "stored" and len(stored["documents"]) == 1
        assert _document_count(base) == before + 1
