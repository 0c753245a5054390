"""URLs fetched from a real HTTP server on 127.0.0.1 (no internet)."""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import EXIT_REJECTED, main
from storyline.errors import IngestError
from storyline.ingest import read
from storyline.ingest.fetch import fetch, non_public


def reason(url: str, **options: float) -> str:
    """Why `url` is refused; the test server is on loopback, so private URLs are allowed."""
    options.setdefault("allow_private", True)
    with pytest.raises(IngestError) as caught:
        read(url, **options)  # type: ignore[arg-type]
    assert caught.value.source == url
    return caught.value.reason


def test_html_page(server: str, paragraphs: list[str]) -> None:
    [doc] = read(f"{server}/article", allow_private=True)
    assert doc.source == f"{server}/article"
    assert doc.text == "\n\n".join(paragraphs)
    assert doc.title == "Ferry Timetable Agreed"
    assert doc.url == f"{server}/article"


def test_redirect_is_followed(server: str, paragraphs: list[str]) -> None:
    [doc] = read(f"{server}/redirect", allow_private=True)
    assert doc.text == "\n\n".join(paragraphs)
    assert doc.url == f"{server}/article"


def test_plain_text_url(server: str) -> None:
    [doc] = read(f"{server}/notes.txt", allow_private=True)
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


# Server-side request forgery: what a URL (or a redirect) may reach.


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("localhost", "a loopback address"),
        ("2130706433", "a loopback address"),  # 127.0.0.1 as one number
        ("0x7f.1", "a loopback address"),
        ("[::1]", "a loopback address"),
        ("[::ffff:127.0.0.1]", "a loopback address"),
        ("0.0.0.0", "an unspecified address"),
        ("169.254.169.254", "a link-local address"),  # cloud metadata
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("224.0.0.1", "a multicast address"),
        ("100.64.0.1", "not a public address"),  # shared address space
    ],
)
def test_non_public_addresses_refused_before_connecting(host: str, kind: str) -> None:
    why = reason(f"http://{host}:9/latest/meta-data/", allow_private=False)
    assert why.startswith("refused: ") and kind in why
    assert "--allow-private-urls" in why


def test_open_and_closed_ports_are_refused_alike(server: str) -> None:
    """No port scan: the answer for a listening port is the one for a closed port."""
    port = int(server.rsplit(":", 1)[1])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    open_reason = reason(f"http://127.0.0.1:{port}/article", allow_private=False)
    closed_reason = reason(f"http://127.0.0.1:{closed}/article", allow_private=False)
    assert open_reason == closed_reason


def test_private_url_fetched_when_allowed(server: str, paragraphs: list[str]) -> None:
    [doc] = read(f"{server}/article", allow_private=True)
    assert doc.text == "\n\n".join(paragraphs)


def test_every_redirect_hop_is_checked(server: str) -> None:
    """A first hop that may be fetched cannot redirect into one that may not."""
    port = server.rsplit(":", 1)[1]
    allowed = [ipaddress.ip_network("127.0.0.1/32")]
    fetched = fetch(f"{server}/notes.txt", max_bytes=10**6, timeout=5, allow_networks=allowed)
    assert fetched.data.startswith(b"Winter Ferry Timetable")
    with pytest.raises(IngestError) as caught:
        fetch(
            f"{server}/to?http://127.0.0.2:{port}/notes.txt",
            max_bytes=10**6,
            timeout=5,
            allow_networks=allowed,
        )
    assert caught.value.reason.startswith("refused: 127.0.0.2 is a loopback address")


def test_redirect_to_another_scheme_refused(server: str) -> None:
    why = reason(f"{server}/to?file:///etc/passwd")
    assert why == "refused: redirect to file:///etc/passwd is not http(s)"


def test_connection_goes_to_the_checked_address_with_the_name_as_host(server: str) -> None:
    port = server.rsplit(":", 1)[1]
    fetched = fetch(f"http://localhost:{port}/host", max_bytes=1000, timeout=5, allow_private=True)
    assert fetched.data == f"Host localhost:{port}".encode()
    assert fetched.url == f"http://localhost:{port}/host"


def test_a_dripping_body_is_cut_off_by_the_total_deadline(server: str) -> None:
    started = time.monotonic()
    why = reason(f"{server}/drip", timeout=0.5)
    assert why == "timed out: the response is too slow"
    assert time.monotonic() - started < 5


def test_global_addresses_are_public() -> None:
    assert non_public(ipaddress.ip_address("8.8.8.8")) is None
    assert non_public(ipaddress.ip_address("2a00:1450:4001::200e")) is None


def test_cli_refuses_a_private_url_unless_allowed(server: str, tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    refused = CliRunner().invoke(main, ["ingest", f"{server}/article", "--db", db])
    assert refused.exit_code == EXIT_REJECTED
    assert "is a loopback address; pass --allow-private-urls" in refused.output
    allowed = CliRunner().invoke(
        main, ["ingest", f"{server}/article", "--db", db, "--allow-private-urls"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert "1 new documents" in allowed.output
