"""Fixtures for ingest tests: invented article text and a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

PARAGRAPHS = [
    "On 2 March, the harbour council in Westport approved a winter timetable for the island "
    "ferries after three weeks of talks with the two operators, ending a dispute that had left "
    "commuters without an evening service.",
    "Under the agreement, the last crossing will leave at 22:30 on weekdays, an hour later than "
    "last year. The operators said the change would need four more crew members, whom they plan "
    "to hire before December.",
    "Council members had accused the larger operator of cutting services to save fuel. The "
    "company denied it and said it had lost money on the late crossings for two years in a row.",
    "The timetable will be reviewed in April, when the council publishes its passenger figures "
    "for the winter and decides whether the extra sailings should continue into next year.",
]


def article(*header: str, body: list[str] = PARAGRAPHS, tail: tuple[str, ...] = ()) -> str:
    """A pasted page: header lines, paragraphs separated by blank lines, trailing lines."""
    return "\n\n".join(["\n".join(header), *body, "\n".join(tail)]) + "\n"


@pytest.fixture
def paragraphs() -> list[str]:
    return list(PARAGRAPHS)


@pytest.fixture
def page() -> Callable[..., str]:
    return article


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], str]:
    """Write text or bytes to a file under tmp_path and return its path as a string."""

    def write_file(name: str, content: str | bytes) -> str:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return write_file


ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><title>Ferry Timetable Agreed | Westport Herald</title>"
    '<meta name="author" content="Maria Lopez">'
    '<meta property="og:site_name" content="Westport Herald">'
    "</head><body><nav><a href='/'>Home</a> | <a href='/news'>News</a></nav><article>"
    "<h1>Ferry Timetable Agreed</h1>"
    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "</article><footer>Contact us</footer></body></html>"
)
ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/article": (200, "text/html; charset=utf-8", ARTICLE_HTML.encode()),
    "/notes.txt": (200, "text/plain; charset=utf-8", article("Winter Ferry Timetable").encode()),
    "/photo": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "/report": (200, "application/pdf", b"%PDF-1.4\n"),
    "/big": (
        200,
        "text/html",
        b"<html><body>" + b"<p>word word word</p>" * 500 + b"</body></html>",
    ),
}


class QuietServer(ThreadingHTTPServer):
    """A client that hangs up on purpose (the over-size test) is not an error to print."""

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class Handler(BaseHTTPRequestHandler):
    """Serves ROUTES; /redirect, /to?URL, /host, /drip, /slow and /unsized (no Content-Length) are
    special."""

    def do_GET(self) -> None:
        if self.path == "/redirect" or self.path.startswith("/to?"):
            self.send_response(302)
            target = self.path.partition("?")[2] if self.path.startswith("/to?") else "/article"
            self.send_header("Location", target)
            self.end_headers()
            return
        if self.path == "/host":  # which name the client asked for
            self._send(200, "text/plain", f"Host {self.headers['Host']}".encode())
            return
        if self.path == "/drip":  # a byte every 0.1 s, for ever (until the client hangs up)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(600):
                self.wfile.write(b"word ")
                self.wfile.flush()
                time.sleep(0.1)
            return
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/unsized":
            self._send(200, "text/html", ROUTES["/big"][2], sized=False)
            return
        status, kind, body = ROUTES.get(self.path, (404, "text/plain", b"not found"))
        self._send(status, kind, body)

    def _send(self, status: int, kind: str, body: bytes, sized: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if sized:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Base URL of a local HTTP server serving ROUTES."""
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
