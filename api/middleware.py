"""ASGI middleware: request ids, security headers and the access log."""

from __future__ import annotations

import re
import time
import uuid

import structlog
from litestar.datastructures import MutableScopeHeaders
from litestar.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
# Accept a caller's id only if it cannot smuggle anything into logs or headers.
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
# The interactive docs load their bundle from a CDN; nothing else may.
DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com https://cdn.jsdelivr.net; img-src 'self' data: https:; "
    "connect-src 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=63072000; includeSubDomains"

access_log = structlog.get_logger("api.access")


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"x-request-id":
            candidate = value.decode("latin-1")
            if _SAFE_REQUEST_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


def security_middleware_factory(*, force_hsts: bool, log_requests: bool) -> type:
    """Build the middleware class with the settings it needs baked in."""

    class SecurityMiddleware:
        def __init__(self, app: ASGIApp) -> None:
            self.app = app

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await self.app(scope, receive, send)
                return
            request_id = _request_id(scope)
            structlog.contextvars.bind_contextvars(request_id=request_id)
            path = scope["path"]
            csp = DOCS_CSP if path.startswith("/schema") else API_CSP
            hsts = force_hsts or scope.get("scheme") == "https"
            started = time.perf_counter()
            status = 500

            async def send_wrapper(message: Message) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                    headers = MutableScopeHeaders.from_message(message)
                    headers["X-Request-ID"] = request_id
                    headers["X-Content-Type-Options"] = "nosniff"
                    headers["X-Frame-Options"] = "DENY"
                    headers["Referrer-Policy"] = "no-referrer"
                    headers["Content-Security-Policy"] = csp
                    headers["Cross-Origin-Opener-Policy"] = "same-origin"
                    if hsts:
                        headers["Strict-Transport-Security"] = HSTS
                await send(message)

            try:
                await self.app(scope, receive, send_wrapper)
            finally:
                if log_requests:
                    access_log.info(
                        "request",
                        method=scope.get("method"),
                        path=path,
                        status=status,
                        ms=round((time.perf_counter() - started) * 1000, 2),
                    )
                structlog.contextvars.unbind_contextvars("request_id")

    return SecurityMiddleware
