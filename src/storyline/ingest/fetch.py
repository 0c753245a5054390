"""Fetching a URL: one GET with timeouts, redirects followed, a size cap and a content-type check.

The body is streamed and cut off at the cap, so a huge or endless response cannot exhaust memory,
and types we cannot read (images, PDFs, archives) are refused before their body is downloaded.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from storyline import __version__
from storyline.errors import IngestError

ACCEPTED_TYPES = frozenset(
    {
        "text/html", "application/xhtml+xml", "text/plain", "application/json",
        "application/x-ndjson", "application/jsonl", "application/xml", "text/xml",
        "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    }
)  # fmt: skip
USER_AGENT = f"storyline/{__version__}"
MAX_REDIRECTS = 10


@dataclass
class Fetched:
    """A downloaded body with what the server said about it."""

    data: bytes
    content_type: str | None  # media type without parameters, lower case
    charset: str | None
    url: str  # after redirects


def fetch(url: str, *, max_bytes: int, timeout: float) -> Fetched:
    """GET `url`; IngestError for HTTP errors, refused types, oversize bodies, network failures."""
    try:
        with (
            httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                headers={"User-Agent": USER_AGENT},
            ) as client,
            client.stream("GET", url) as response,
        ):
            return _receive(response, url, max_bytes)
    except httpx.TimeoutException:
        raise IngestError(url, f"timed out after {timeout:g} s") from None
    except httpx.TooManyRedirects:
        raise IngestError(url, f"more than {MAX_REDIRECTS} redirects") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise IngestError(url, f"invalid URL: {error}") from None
    except httpx.HTTPError as error:
        raise IngestError(url, f"could not fetch: {error or type(error).__name__}") from None


def _receive(response: httpx.Response, url: str, max_bytes: int) -> Fetched:
    """Check status, type and size, then read the body up to the cap."""
    if response.status_code >= 400:
        raise IngestError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
    content_type, charset = _media_type(response.headers.get("content-type"))
    if content_type and content_type not in ACCEPTED_TYPES and not content_type.endswith("+xml"):
        reason = f"unsupported content type {content_type} (not text, HTML, JSON or XML)"
        raise IngestError(url, reason)
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise IngestError(url, f"response is {int(declared):,} bytes, over the {max_bytes:,} limit")
    return Fetched(_read_capped(response, url, max_bytes), content_type, charset, str(response.url))


def _read_capped(response: httpx.Response, url: str, max_bytes: int) -> bytes:
    """The body, refused once it grows past `max_bytes` (servers omit or misstate the length)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise IngestError(url, f"response is over the {max_bytes:,} byte limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    """("text/html", "utf-8") from a Content-Type header."""
    if not header:
        return None, None
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media.strip().lower() or None, charset
