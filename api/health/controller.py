"""GET /health and /health/ready."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Response, get
from litestar.datastructures import State

from api.health.checks import readiness


class HealthController(Controller):
    """Probes for load balancers and orchestrators."""

    path = "/health"
    tags = ["health"]

    @get("/", cache_control=None)
    async def live(self) -> dict[str, str]:
        """Liveness: the process answers; no dependency is touched."""
        return {"status": "ok"}

    @get("/ready")
    async def ready(self, state: State) -> Response[dict[str, Any]]:
        """Readiness: 503 unless every dependency answers."""
        checks = await readiness(state.redis, state.readiness_checks)
        ok = all(value == "ok" for value in checks.values())
        body = {"status": "ok" if ok else "unavailable", "checks": checks}
        return Response(body, status_code=200 if ok else 503)
