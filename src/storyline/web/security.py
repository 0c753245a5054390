"""Request guards: who may ask (host, token, origin) and what pages may load.

One ASGI middleware in front of every route, static files included, so no path can skip a check.
(The body size cap is FastAPI's own `max_body_size`.)
- Host: on a loopback bind only loopback names are accepted (a web page cannot reach the app
  through a DNS name it controls).
- Token: when set, every request carries it (`Authorization: Bearer`, the `storyline_token`
  cookie, or `?token=` once, which sets the cookie for the browser).
- Origin: a POST from another site's page is refused (a form on any web page can post here).
- Headers: a Content-Security-Policy that allows scripts from the app only, so text that slipped
  through escaping still could not run.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlsplit

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
COOKIE = "storyline_token"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class Guard:
    """The middleware; `allowed_hosts` None accepts any Host (a token must then be set)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        token: str | None,
        allowed_hosts: tuple[str, ...] | None,
    ) -> None:
        self.app = app
        self.token = token
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            await _answer(scope, send, *refusal)
            return
        set_cookie = self._token_from_query(scope) is not None
        await self._forward(scope, receive, send, set_cookie)

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        host = _hostname(headers.get("host", ""))
        if self.allowed_hosts is not None and host not in self.allowed_hosts:
            return 400, f"host {host!r} is not served here"
        if self.token is not None and not self._authorised(scope, headers):
            return 401, "a token is required (Authorization: Bearer TOKEN or ?token=TOKEN)"
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc != headers.get("host"):
                return 403, "cross-site request refused"
        return None

    def _authorised(self, scope: Scope, headers: dict[str, str]) -> bool:
        given = []
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer":
            given.append(value.strip())
        cookie = SimpleCookie(headers.get("cookie", ""))
        if COOKIE in cookie:
            given.append(cookie[COOKIE].value)
        query = self._token_from_query(scope)
        if query is not None:
            given.append(query)
        assert self.token is not None
        return any(hmac.compare_digest(g.encode(), self.token.encode()) for g in given)

    def _token_from_query(self, scope: Scope) -> str | None:
        if self.token is None:
            return None
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
        return values[0] if values else None

    async def _forward(self, scope: Scope, receive: Receive, send: Send, set_cookie: bool) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                extra = list(HEADERS)
                if set_cookie:
                    cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                    extra.append((b"set-cookie", cookie.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: the binds that need no token."""
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def _hostname(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header.split("]")[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


async def _answer(scope: Scope, send: Send, status: int, detail: str) -> None:
    """A refusal: JSON for the API and for clients that ask for it, plain text otherwise."""
    wants_json = scope["path"].startswith("/api/") or scope["path"] == "/openapi.json"
    if wants_json:
        body, kind = json.dumps({"detail": detail}).encode(), b"application/json"
    else:
        body, kind = f"{status}: {detail}\n".encode(), b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
