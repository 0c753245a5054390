"""URLs fetched from a real HTTP server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import re
import socket

import pytest

from storyline.errors import IngestError
from storyline.ingest import read


def reason(url: str, **options: float) -> str:
    with pytest.raises(IngestError) as caught:
        read(url, **options)  # type: ignore[arg-type]
    assert caught.value.source == url
    return caught.value.reason


def test_html_page(server: str, paragraphs: list[str]) -> None:
    [doc] = read(f"{server}/article")
    assert doc.source == f"{server}/article"
    assert doc.text == "\n\n".join(paragraphs)
    assert doc.title == "Ferry Timetable Agreed"
    assert doc.url == f"{server}/article"


def test_redirect_is_followed(server: str, paragraphs: list[str]) -> None:
    [doc] = read(f"{server}/redirect")
    assert doc.text == "\n\n".join(paragraphs)
    assert doc.url == f"{server}/article"


def test_plain_text_url(server: str) -> None:
    [doc] = read(f"{server}/notes.txt")
    assert doc.title == "Winter Ferry Timetable"
    assert doc.url == f"{server}/notes.txt"


def test_http_error(server: str) -> None:
    assert reason(f"{server}/missing") == "HTTP 404 Not Found"


@pytest.mark.parametrize(
    ("path", "kind"), [("/photo", "image/png"), ("/report", "application/pdf")]
)
def test_wrong_content_type(server: str, path: str, kind: str) -> None:
    assert reason(f"{server}{path}").startswith(f"unsupported content type {kind}")


def test_over_size_body_refused_by_its_length(server: str) -> None:
    assert re.fullmatch(
        r"response is [\d,]+ bytes, over the 1,000 limit", reason(f"{server}/big", max_bytes=1000)
    )


def test_over_size_body_without_length_is_cut_off(server: str) -> None:
    assert reason(f"{server}/unsized", max_bytes=1000) == "response is over the 1,000 byte limit"


def test_timeout(server: str) -> None:
    assert reason(f"{server}/slow", timeout=0.3).startswith("timed out")


def test_unreachable_port() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert reason(f"http://127.0.0.1:{port}/", timeout=2).startswith("could not fetch")
