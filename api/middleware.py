"""The outermost ASGI layer: request ids, security headers, access log and metrics."""

from __future__ import annotations

import hmac
import re
import time
import uuid
from typing import cast

import structlog
from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

from api.metrics import observe_request

# Accept a caller's id only if it cannot smuggle anything into logs or headers.
_SAFE_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._-]{1,128}$")
API_CSP = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# The interactive docs: Swagger UI from this server (its page starts it with an inline script).
DOCS_CSP = (
    b"default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    b"img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'"
)
# The practice page and its assets carry the page's own policy (api/page).
PAGE_PATHS = ("/app/",)
STATIC_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
HSTS = (b"strict-transport-security", b"max-age=63072000; includeSubDomains")
# Token responses must not be kept by any cache between the API and the browser.
NO_STORE = (b"cache-control", b"no-store")
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
UNMEASURED_PATHS = ("/metrics", "/health")

access_log = structlog.get_logger("api.access")


async def _forbidden(send: Send, headers: list[tuple[bytes, bytes]]) -> None:
    body = (
        b'{"type": "/problems/forbidden", "title": "Forbidden", "status": 403, '
        b'"detail": "Metrics need the operator token (METRICS_TOKEN).", "errors": []}'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


def _request_id(scope: Scope) -> bytes:
    for name, value in scope["headers"]:
        if name == b"x-request-id" and _SAFE_REQUEST_ID.match(value):
            return bytes(value)
    return uuid.uuid4().hex.encode()


class EdgeMiddleware:
    """Wraps the whole app, so 404s and framework errors get the same treatment."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        force_hsts: bool,
        log_requests: bool,
        metrics_token: str = "",
        page_csp: bytes = API_CSP,
    ) -> None:
        self.app = app
        self.page_csp = page_csp
        self.force_hsts = force_hsts
        self.log_requests = log_requests
        self.metrics_token = metrics_token.encode()

    def _may_read_metrics(self, scope: Scope) -> bool:
        """With METRICS_TOKEN set, its bearer; without, only this machine (a local scraper)."""
        if self.metrics_token:
            wanted = b"Bearer " + self.metrics_token
            given = next((v for k, v in scope["headers"] if k == b"authorization"), b"")
            return hmac.compare_digest(given, wanted)
        client = scope.get("client")
        return client is not None and client[0] in LOOPBACK

    def _csp(self, path: str) -> bytes:
        if path == "/" or path.startswith(PAGE_PATHS):
            return self.page_csp
        return DOCS_CSP if path.startswith("/schema") else API_CSP

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = cast(HTTPScope, scope)["method"]
        request_id = _request_id(scope)
        structlog.contextvars.bind_contextvars(request_id=request_id.decode())
        path = scope["path"]
        extra = [
            (b"x-request-id", request_id),
            (b"content-security-policy", self._csp(path)),
            *STATIC_HEADERS,
        ]
        if self.force_hsts or scope.get("scheme") == "https":
            extra.append(HSTS)
        if path.startswith("/api/auth/"):
            extra.append(NO_STORE)
        if path.rstrip("/") == "/metrics" and not self._may_read_metrics(scope):
            await _forbidden(send, extra)
            return
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            elapsed = time.perf_counter() - started
            if not path.startswith(UNMEASURED_PATHS):
                observe_request(method, scope.get("path_template"), status, elapsed)
            if self.log_requests:
                access_log.info(
                    "request",
                    method=method,
                    path=path,
                    status=status,
                    ms=round(elapsed * 1000, 2),
                )
            structlog.contextvars.unbind_contextvars("request_id")
