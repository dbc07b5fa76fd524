"""Prometheus metrics of the HTTP layer (the pipeline adds its own)."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

REQUESTS = Counter(
    "interview_coach_requests_total",
    "HTTP requests served.",
    ["method", "path", "status_code"],
)
REQUEST_SECONDS = Histogram(
    "interview_coach_request_duration_seconds",
    "Time to serve an HTTP request.",
    ["method", "path"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
UNMATCHED = "<unmatched>"


def observe_request(method: str, path_template: str | None, status: int, seconds: float) -> None:
    """Count one request under its route template, never its raw path (bounded labels)."""
    path = path_template or UNMATCHED
    REQUESTS.labels(method, path, str(status)).inc()
    REQUEST_SECONDS.labels(method, path).observe(seconds)
