"""Cross-cutting HTTP behaviour: health, headers, CORS, compression, docs, metrics."""

from __future__ import annotations

import asyncio
import gzip
import re

from msgspec.structs import replace

from api.app import REDIS_CONNECTIONS
from core.settings import Settings
from tests.helpers import AsyncTestClient, app_client, random_email, signed_in


async def test_health_answers_without_dependencies(client: AsyncTestClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_reports_each_dependency(client: AsyncTestClient) -> None:
    response = await client.get("/health/ready")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["redis"] == "ok"


async def test_ready_is_503_when_redis_is_down(settings: Settings) -> None:
    broken = replace(settings, redis_url="redis://127.0.0.1:1/0")
    async with app_client(broken) as client:
        response = await client.get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "down", "storage": "ok"}


async def test_redis_down_makes_auth_a_503_not_a_500(settings: Settings) -> None:
    broken = replace(settings, redis_url="redis://127.0.0.1:1/0")
    async with app_client(broken) as client:
        response = await client.post(
            "/api/auth/login", json={"email": "a@example.com", "password": "whatever1"}
        )
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_every_response_carries_security_headers_and_a_request_id(
    client: AsyncTestClient,
) -> None:
    response = await client.get("/api/auth/me")
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert len(headers["X-Request-ID"]) >= 16
    assert "Strict-Transport-Security" not in headers


async def test_hsts_is_sent_when_served_over_https(settings: Settings) -> None:
    async with app_client(replace(settings, https=True)) as client:
        response = await client.get("/health")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_a_safe_caller_request_id_is_echoed_and_an_unsafe_one_replaced(
    client: AsyncTestClient,
) -> None:
    echoed = await client.get("/health", headers={"X-Request-ID": "trace-abc.123"})
    assert echoed.headers["X-Request-ID"] == "trace-abc.123"
    replaced = await client.get("/health", headers={"X-Request-ID": "bad id\twith tabs"})
    assert replaced.headers["X-Request-ID"] != "bad id\twith tabs"


async def test_cors_allows_configured_origins_only(
    client: AsyncTestClient, settings: Settings
) -> None:
    allowed = settings.cors_origins[0]
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type",
    }
    ok = await client.options("/api/auth/login", headers={"Origin": allowed, **preflight})
    assert ok.headers.get("access-control-allow-origin") == allowed
    evil = await client.options(
        "/api/auth/login", headers={"Origin": "https://evil.example", **preflight}
    )
    assert evil.headers.get("access-control-allow-origin") != "https://evil.example"


async def test_large_responses_are_gzipped(client: AsyncTestClient) -> None:
    response = await client.get("/schema/openapi.json", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert response.json()["openapi"].startswith("3.1")
    assert len(gzip.compress(response.content)) < len(response.content)


async def test_openapi_documents_the_auth_contract(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    for path in (
        "/api/auth/register",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/refresh-token",
        "/api/auth/forgot-password",
        "/api/auth/reset-password",
        "/api/auth/verify-email",
        "/api/auth/me",
        "/api/users/profile",
        "/api/users/settings",
        "/api/users/password",
    ):
        assert path in schema["paths"], path
    docs = await client.get("/schema")
    assert docs.status_code == 200
    assert "text/html" in docs.headers["content-type"]


async def test_metrics_count_requests_in_prometheus_format(client: AsyncTestClient) -> None:
    await client.get("/api/auth/me")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert (
        'interview_coach_requests_total{method="GET",path="/api/auth/me",status_code="401"}'
        in response.text
    )


async def test_unknown_route_and_wrong_method_are_problems(client: AsyncTestClient) -> None:
    missing = await client.get("/api/does-not-exist")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.headers["X-Content-Type-Options"] == "nosniff"
    assert missing.headers["X-Request-ID"]
    wrong = await client.delete("/api/auth/login")
    assert wrong.status_code == 405
    assert wrong.json()["status"] == 405


async def test_token_responses_are_not_cached(client: AsyncTestClient) -> None:
    response = await client.post(
        "/api/auth/register",
        json={"name": "Cache", "email": random_email(), "password": "long enough 1"},
    )
    assert response.status_code == 201
    assert response.headers["cache-control"] == "no-store"


async def test_metrics_need_the_operator_token_when_one_is_set(settings: Settings) -> None:
    async with app_client(replace(settings, metrics_token="scrape-me-please")) as client:
        assert (await client.get("/metrics")).status_code == 403
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        right = await client.get("/metrics", headers={"Authorization": "Bearer scrape-me-please"})
        assert right.status_code == 200


async def test_the_openapi_schema_documents_auth_and_every_error_status(
    client: AsyncTestClient,
) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    operations = [
        operation
        for path, methods in schema["paths"].items()
        if path.startswith("/api")
        for operation in methods.values()
    ]
    assert operations
    for operation in operations:
        for status in ("400", "401", "404", "409", "413", "415", "422", "429", "503"):
            problem = operation["responses"][status]["content"]["application/problem+json"]
            assert problem["schema"]["$ref"] == "#/components/schemas/Problem"


async def test_the_openapi_schema_names_the_pdf_and_event_stream_media_types(
    client: AsyncTestClient,
) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    report = paths["/api/results/{result_id}/report"]["get"]["responses"]["200"]["content"]
    assert set(report) == {"application/json", "application/pdf"}
    events = paths["/api/interviews/{interview_id}/events"]["get"]["responses"]["200"]["content"]
    assert set(events) == {"text/event-stream"}


async def test_a_burst_larger_than_the_redis_pool_waits_instead_of_failing(
    client: AsyncTestClient,
) -> None:
    headers = await signed_in(client)
    burst = await asyncio.gather(
        *(client.get("/api/auth/me", headers=headers) for _ in range(3 * REDIS_CONNECTIONS))
    )
    assert [r.status_code for r in burst if r.status_code != 200] == []


async def test_the_docs_page_loads_everything_from_this_server(client: AsyncTestClient) -> None:
    page = (await client.get("/schema")).text
    referenced = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert referenced
    assert [url for url in referenced if not url.startswith("/")] == []  # no CDN, no fonts
    for url in referenced:
        asset = await client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 100, url


async def test_metrics_are_served_while_the_broker_is_down(settings: Settings) -> None:
    async with app_client(replace(settings, redis_url="redis://127.0.0.1:9/0")) as down:
        await down.get("/health")
        response = await down.get("/metrics")
    assert response.status_code == 200
    assert "interview_coach_requests_total" in response.text
