"""Fetching a URL: one GET with timeouts, redirects followed hop by hop, a size cap, a type check.

The body is streamed and cut off at the cap, so a huge or endless response cannot exhaust memory,
and types we cannot read (images, PDFs, archives) are refused before their body is downloaded.

Server-side request forgery: a URL given to `storyline serve` (or a redirect it answers with)
could point at the machine itself, the local network or a cloud metadata service. Every hop's
host is resolved here, each address checked (loopback, private, link-local, multicast, reserved
and unspecified addresses are refused unless private URLs are allowed), and the connection is made
to the checked address itself, with the original name in the Host header and TLS SNI, so a DNS
answer cannot change between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

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
REDIRECTS = frozenset({301, 302, 303, 307, 308})
TOTAL_TIME_FACTOR = 3  # a whole fetch, redirects and a slow body included, gets 3 x the timeout
ALLOW_FLAG = "--allow-private-urls"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass
class Fetched:
    """A downloaded body with what the server said about it."""

    data: bytes
    content_type: str | None  # media type without parameters, lower case
    charset: str | None
    url: str  # after redirects


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    allow_private: bool = False,
    allow_networks: Iterable[IPNetwork] = (),
) -> Fetched:
    """GET `url`; IngestError for refused addresses, HTTP errors, refused types, oversize
    bodies, network failures. `allow_networks` admits some non-public ranges (an intranet)
    while the rest stay refused; `allow_private` admits them all."""
    policy = _Policy(allow_private, tuple(allow_networks))
    deadline = time.monotonic() + TOTAL_TIME_FACTOR * timeout
    try:
        with httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,  # a proxy would resolve the name itself, after our check
            headers={"User-Agent": USER_AGENT},
        ) as client:
            return _follow(client, url, policy, max_bytes, deadline)
    except httpx.TimeoutException:
        raise IngestError(url, f"timed out after {timeout:g} s") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise IngestError(url, f"invalid URL: {error}") from None
    except httpx.HTTPError as error:
        raise IngestError(url, f"could not fetch: {error or type(error).__name__}") from None


def _follow(
    client: httpx.Client, url: str, policy: _Policy, max_bytes: int, deadline: float
) -> Fetched:
    """Each hop checked and pinned to its address; redirects followed up to MAX_REDIRECTS."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        request = _pinned_request(client, url, current, policy)
        response = client.send(request, stream=True)
        try:
            location = response.headers.get("location")
            if response.status_code in REDIRECTS and location:
                current = urljoin(current, location.strip())
                continue
            return _receive(response, url, current, max_bytes, deadline)
        finally:
            response.close()
    raise IngestError(url, f"more than {MAX_REDIRECTS} redirects")


def _pinned_request(client: httpx.Client, url: str, hop: str, policy: _Policy) -> httpx.Request:
    """A GET for `hop` sent to its checked address, the name kept for Host and SNI."""
    parts = urlsplit(hop)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        where = "URL" if hop == url else f"redirect to {hop}"
        raise IngestError(url, f"refused: {where} is not http(s)")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise IngestError(url, f"invalid URL: {error}") from None
    if not host:
        raise IngestError(url, f"invalid URL: no host in {hop}")
    address = policy.check(url, host, port or (443 if scheme == "https" else 80))
    literal = f"[{address}]" if address.version == 6 else str(address)
    netloc = literal if port is None else f"{literal}:{port}"
    target = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
    host_header = parts.netloc.rpartition("@")[2]  # never forward credentials in a Host
    extensions = {"sni_hostname": host} if scheme == "https" else {}
    return client.build_request(
        "GET", target, headers={"Host": host_header}, extensions=extensions
    )


@dataclass(frozen=True)
class _Policy:
    """Which addresses may be fetched."""

    allow_private: bool
    allow_networks: tuple[IPNetwork, ...]

    def check(self, url: str, host: str, port: int) -> IPAddress:
        """The address to connect to for `host`, or IngestError saying why it is refused.

        Every address the name resolves to is checked, so a name with one public and one
        private address is refused rather than left to chance."""
        addresses = _resolve(url, host, port)
        for address in addresses:
            refusal = self.refusal(address)
            if refusal:
                shown = host if host == str(address) else f"{host} ({address})"
                raise IngestError(
                    url, f"refused: {shown} is {refusal}; pass {ALLOW_FLAG} to fetch it"
                )
        return addresses[0]

    def refusal(self, address: IPAddress) -> str | None:
        """Why an address may not be fetched ("a loopback address"), or None."""
        if self.allow_private or any(address in n for n in self.allow_networks):
            return None
        return non_public(address)


def non_public(address: IPAddress) -> str | None:
    """What kind of non-public address this is, or None for a global unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for kind, test in (
        ("a loopback address", address.is_loopback),
        ("an unspecified address", address.is_unspecified),
        ("a link-local address", address.is_link_local),
        ("a multicast address", address.is_multicast),
        ("a private address", address.is_private),
        ("a reserved address", address.is_reserved),
        ("not a public address", not address.is_global),
    ):
        if test:
            return kind
    return None


def _resolve(url: str, host: str, port: int) -> list[IPAddress]:
    """The addresses a host name (or literal, in any spelling inet_aton accepts) stands for."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise IngestError(url, f"could not resolve host {host!r}: {error}") from None
    addresses: list[IPAddress] = []
    for *_, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise IngestError(url, f"could not resolve host {host!r}")
    return addresses


def _receive(
    response: httpx.Response, url: str, final: str, max_bytes: int, deadline: float
) -> Fetched:
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
    return Fetched(_read_capped(response, url, max_bytes, deadline), content_type, charset, final)


def _read_capped(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    """The body, refused once it grows past `max_bytes` (servers omit or misstate the length)
    or once the whole fetch runs past its deadline (a server dripping bytes)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise IngestError(url, f"response is over the {max_bytes:,} byte limit")
        if time.monotonic() > deadline:
            raise IngestError(url, "timed out: the response is too slow")
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
