"""Prometheus metrics: the HTTP layer, and the pipeline's queues as an autoscaler sees them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import structlog
from litestar import Request
from prometheus_client import Counter, Gauge, Histogram

from pipeline.interface import queue_report

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
log = structlog.get_logger("api.metrics")


def observe_request(method: str, path_template: str | None, status: int, seconds: float) -> None:
    """Count one request under its route template, never its raw path (bounded labels)."""
    path = path_template or UNMATCHED
    REQUESTS.labels(method, path, str(status)).inc()
    REQUEST_SECONDS.labels(method, path).observe(seconds)


# Read from the broker at scrape time: what KEDA or an HPA scales each stage's workers on.
QUEUE_MESSAGES = Gauge(
    "interview_coach_pipeline_queue_messages",
    "Messages in a stage's queue, by state (waiting, delayed, dead).",
    ["stage", "state"],
    multiprocess_mode="livemax",
)
OLDEST_MESSAGE_SECONDS = Gauge(
    "interview_coach_pipeline_oldest_message_seconds",
    "Age of the oldest message waiting in a stage's queue (0 when empty).",
    ["stage"],
    multiprocess_mode="livemax",
)


async def refresh_pipeline_gauges(request: Request[Any, Any, Any]) -> None:
    """Before a scrape: the queue gauges as the broker has them now."""
    app = request.app.state
    try:
        report = await queue_report(app.redis, app.settings.broker, datetime.now(UTC))
    except Exception:  # a broker outage must not cost the scrape its HTTP metrics
        log.warning("queue_gauges_unavailable", exc_info=True)
        return
    for stage, queue in report.items():
        for state in ("waiting", "delayed", "dead"):
            QUEUE_MESSAGES.labels(stage, state).set(queue[state])
        OLDEST_MESSAGE_SECONDS.labels(stage).set(queue["oldestWaitingSeconds"] or 0)
