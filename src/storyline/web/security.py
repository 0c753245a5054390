"""Request guards: who may ask (host, token, origin), how long a body may take, what pages load.

One ASGI middleware in front of every route, static files included, so no path can skip a check.
(The body size cap is FastAPI's own `max_body_size`.)
- Host: on a loopback bind only loopback names are accepted (a web page cannot reach the app
  through a DNS name it controls).
- Token: when set, every request carries it (`Authorization: Bearer`, the `storyline_token`
  cookie, or `?token=` once: that answers 303 to the same URL without the token and sets the
  cookie, so the token leaves the address bar, the history and every link on the page).
- Origin: any request that can change something (not GET, HEAD, OPTIONS) must come from this
  server's own origin. A browser names the page that sends a request in `Origin` (a sandboxed
  frame says `null`), and a form on any web page can post here, so only an Origin equal to ours
  (scheme, host, port) passes. Without an Origin (a non-browser client) the request needs the
  `X-Storyline-CSRF` header or `csrf` query parameter equal to the `storyline_csrf` cookie,
  which the guard sets (a page on another site can neither read our cookie nor add a header to
  a cross-site form), or a valid Bearer token (never sent by a browser on its own).
- Body: the whole request body must arrive within `body_timeout` seconds (408 after), so a
  client that sends its body a byte at a time cannot hold a worker forever.
- Headers: a Content-Security-Policy that allows scripts from the app only, so text that slipped
  through escaping still could not run; no Referer leaves the app (`same-origin`).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote_from_bytes, unquote_plus, urlsplit

import anyio
from starlette.exceptions import HTTPException

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
COOKIE = "storyline_token"
CSRF_COOKIE = "storyline_csrf"
CSRF_HEADER = "x-storyline-csrf"
CSRF_PARAM = "csrf"
TOKEN_PARAM = "token"
TOKEN_MAX_AGE = 12 * 3600  # seconds the token cookie lasts: a browser asks again the next day
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
URL_SAFE = "/%:@!$&'()*+,;=-._~"  # characters a path or query keeps as they are
CSRF_VALUE = re.compile(r"[A-Za-z0-9_-]{16,128}")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # Not no-referrer: under it a browser's form post to this very server says `Origin: null`,
    # the same as a sandboxed frame of any other site, and could not be told apart.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
NO_ORIGIN = (
    "send an Origin header naming this server, or the same value in the "
    f"{CSRF_COOKIE} cookie and the X-Storyline-CSRF header (or ?{CSRF_PARAM}=), or a Bearer token"
)


class BodyTimeout(HTTPException):
    """The request body did not arrive in time; raised from `receive`, so FastAPI passes it on
    to the error handlers (408 page or JSON) instead of calling it a parse error."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            408, f"the request body took longer than {seconds:g} s", {"connection": "close"}
        )


class Guard:
    """The middleware; `allowed_hosts` None accepts any Host (a token must then be set)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        allowed_hosts: tuple[str, ...] | None,
        body_timeout: float | None = 30.0,
    ) -> None:
        self.app = app
        self.token = token or None  # an empty token is no token, never one "" matches
        self.allowed_hosts = allowed_hosts
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _answer(scope, send, *refusal)
            return
        cookies = []
        query_token = self._token_from_query(scope)
        if self._is_token(query_token):
            cookies.append(self._token_cookie(scope))
        if query_token is not None and scope["method"] in ("GET", "HEAD"):
            await _redirect_without_token(scope, send, cookies)
            return
        csrf = _cookie(headers, CSRF_COOKIE)
        if csrf is None or not CSRF_VALUE.fullmatch(csrf):
            csrf = secrets.token_urlsafe(32)
            cookies.append(f"{CSRF_COOKIE}={csrf}; SameSite=Strict; Path=/")
        scope.setdefault("state", {})["csrf"] = csrf  # the ingest form carries it
        await self._forward(scope, self._timed(receive), send, cookies)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = _hostname(headers.get("host", ""))
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            return 400, f"host {host!r} is not served here"
        if self.token is not None and not self._authorised(scope, headers):
            return 401, "a token is required (Authorization: Bearer TOKEN or ?token=TOKEN)"
        if scope["method"] not in SAFE_METHODS:
            return self._cross_site(scope, headers)
        return None

    def _cross_site(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """403 unless the request is same-origin, or carries what no other site can send."""
        origin = headers.get("origin")
        if origin is not None:
            if _same_origin(origin, scope.get("scheme", "http"), headers.get("host", "")):
                return None
            return 403, "cross-site request refused: the Origin header is not this server's"
        if self._bearer(headers) or _csrf_matches(scope, headers):
            return None
        return 403, NO_ORIGIN

    def _authorised(self, scope: Scope, headers: dict[str, str]) -> bool:
        given = [_cookie(headers, COOKIE), self._token_from_query(scope)]
        return self._bearer(headers) or any(self._is_token(g) for g in given)

    def _bearer(self, headers: dict[str, str]) -> bool:
        scheme, _, value = headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and self._is_token(value.strip())

    def _is_token(self, given: str | None) -> bool:
        """True for the server's token; never for an empty value or when no token is set."""
        if not given or self.token is None:
            return False
        return hmac.compare_digest(given.encode(), self.token.encode())

    def _token_from_query(self, scope: Scope) -> str | None:
        if self.token is None:
            return None
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(TOKEN_PARAM)
        return values[0] if values else None

    def _token_cookie(self, scope: Scope) -> str:
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        return (
            f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/; "
            f"Max-Age={TOKEN_MAX_AGE}{secure}"
        )

    def _timed(self, receive: Receive) -> Receive:
        """`receive` that raises BodyTimeout once the body is not complete by the deadline."""
        if self.body_timeout is None:
            return receive
        limit = self.body_timeout
        deadline = time.monotonic() + limit
        complete = False

        async def receive_in_time() -> Message:
            nonlocal complete
            if complete:  # after the body: waiting for a disconnect has no deadline
                return await receive()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise BodyTimeout(limit)
            try:
                with anyio.fail_after(remaining):
                    message = await receive()
            except TimeoutError:
                raise BodyTimeout(limit) from None
            complete = message["type"] != "http.request" or not message.get("more_body")
            return message

        return receive_in_time

    async def _forward(
        self, scope: Scope, receive: Receive, send: Send, cookies: list[str]
    ) -> None:
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                extra = list(HEADERS) + [(b"set-cookie", c.encode("latin-1")) for c in cookies]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except BodyTimeout as error:  # a route that read its body outside FastAPI's handlers
            if started:
                raise
            await _answer(scope, send, error.status_code, error.detail, close=True)


def is_loopback(host: str) -> bool:
    """True for localhost and any loopback address (127.0.0.0/8, ::1): the binds that need no
    token. Decided on the parsed address, so a name like "127.evil.example" is not loopback."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def without_query_param(query: str, name: str) -> str:
    """A query string without parameter `name`, the rest kept byte for byte."""
    kept = [p for p in query.split("&") if p and unquote_plus(p.split("=", 1)[0]) != name]
    return "&".join(kept)


def _same_origin(origin: str, scheme: str, host_header: str) -> bool:
    """True when `origin` is exactly this server: same scheme, host and port (default ports
    filled in), as the browser reached it (the Host header) over the scheme of this connection."""
    try:
        given = urlsplit(origin)
        ours = urlsplit(f"{scheme}://{host_header}")
        if given.path or given.query or given.username or not given.hostname:
            return False
        return _origin_tuple(given.scheme, given.hostname, given.port) == _origin_tuple(
            ours.scheme, ours.hostname or "", ours.port
        )
    except ValueError:  # a port that is not a number
        return False


def _origin_tuple(scheme: str, host: str, port: int | None) -> tuple[str, str, int]:
    scheme = scheme.lower()
    return scheme, host.lower(), port or {"http": 80, "https": 443}.get(scheme, -1)


def _csrf_matches(scope: Scope, headers: dict[str, str]) -> bool:
    """The double-submit check: the cookie and the header (or query parameter) agree."""
    cookie = _cookie(headers, CSRF_COOKIE)
    if cookie is None or not CSRF_VALUE.fullmatch(cookie):
        return False
    query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(CSRF_PARAM, [])
    given = [headers.get(CSRF_HEADER, ""), *query]
    return any(hmac.compare_digest(g.encode(), cookie.encode()) for g in given if g)


def _cookie(headers: dict[str, str], name: str) -> str | None:
    try:
        cookie = SimpleCookie(headers.get("cookie", ""))
    except CookieError:
        return None
    return cookie[name].value if name in cookie else None


def _hostname(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


async def _redirect_without_token(scope: Scope, send: Send, cookies: list[str]) -> None:
    """303 to the URL just asked for without `token`; only a path, never another host (a path
    beginning "//" or "/\\" would be read as one, so slashes are collapsed, odd bytes quoted)."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8")
    path = "/" + quote_from_bytes(raw, safe=URL_SAFE).lstrip("/")
    query = without_query_param(scope.get("query_string", b"").decode("latin-1"), TOKEN_PARAM)
    query = quote_from_bytes(query.encode("latin-1"), safe=URL_SAFE + "?")
    location = f"{path}?{query}" if query else path
    headers = [
        (b"location", location.encode("latin-1")),
        (b"content-length", b"0"),
        (b"cache-control", b"no-store"),
        *HEADERS,
        *[(b"set-cookie", c.encode("latin-1")) for c in cookies],
    ]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


async def _answer(
    scope: Scope, send: Send, status: int, detail: str, *, close: bool = False
) -> None:
    """A refusal: JSON for the API and for clients that ask for it, plain text otherwise."""
    wants_json = scope["path"].startswith("/api/") or scope["path"] == "/openapi.json"
    if wants_json:
        body, kind = json.dumps({"detail": detail}).encode(), b"application/json"
    else:
        body, kind = f"{status}: {detail}\n".encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *HEADERS]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
