"""What a client sends wrong gets a clear 4xx problem+json, never a 500 (on both databases)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import AsyncTestClient, create_interview, signed_in, upload_answer


def _is_problem(response: Any, status: int) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == status


@pytest.mark.parametrize("bad", ["Back\u0000end", "Back\ud800end", "\udc00"])
async def test_nul_and_unpaired_surrogates_in_strings_are_422(
    client: AsyncTestClient, bad: str
) -> None:
    headers = await signed_in(client)
    body = json.dumps({"jobTitle": bad, "skills": ["python"], "difficulty": "easy"})
    response = await client.post(
        "/api/interviews", content=body, headers=headers | {"content-type": "application/json"}
    )
    _is_problem(response, 422)
    register = await client.post(
        "/api/auth/register",
        content=json.dumps({"name": bad, "email": "x@example.com", "password": "long enough 1"}),
        headers={"content-type": "application/json"},
    )
    _is_problem(register, 422)


async def test_a_paired_surrogate_is_an_ordinary_character(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    body = '{"jobTitle": "Backend \\ud83d\\ude80", "skills": ["python"], "difficulty": "easy"}'
    response = await client.post(
        "/api/interviews", content=body, headers=headers | {"content-type": "application/json"}
    )
    assert response.status_code == 201
    assert response.json()["jobTitle"] == "Backend \U0001f680"


async def test_nul_in_a_query_parameter_is_422(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    _is_problem(await client.get("/api/interviews?search=a%00b", headers=headers), 422)


@pytest.mark.parametrize(
    "bound", ["to=9999-12-31", "from=0001-01-01", "to=0001-01-01T00:00:00+01:00"]
)
async def test_dates_outside_a_sane_range_are_422(client: AsyncTestClient, bound: str) -> None:
    headers = await signed_in(client)
    _is_problem(await client.get(f"/api/interviews?{bound}", headers=headers), 422)


async def test_deeply_nested_json_is_400(client: AsyncTestClient) -> None:
    body = '{"email": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = await client.post(
        "/api/auth/forgot-password", content=body, headers={"content-type": "application/json"}
    )
    _is_problem(response, 400)


async def test_a_body_that_is_not_utf8_is_400(client: AsyncTestClient) -> None:
    response = await client.post(
        "/api/auth/login",
        content=b'{"email": "\xff\xfe@example.com", "password": "whatever1"}',
        headers={"content-type": "application/json"},
    )
    _is_problem(response, 400)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
async def test_json_endpoints_refuse_other_content_types(
    client: AsyncTestClient, content_type: str
) -> None:
    # A cross-site form could send these without a CORS preflight.
    response = await client.post(
        "/api/auth/forgot-password",
        content=b'{"email": "someone@example.com"}',
        headers={"content-type": content_type},
    )
    _is_problem(response, 415)


async def test_recorded_at_out_of_range_is_422(
    client: AsyncTestClient, recordings: dict[str, Path]
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers, questionCount=1)
    question = interview["questions"][0]["questionId"]
    response = await upload_answer(
        client,
        headers,
        interview["id"],
        question,
        recordings["wav"],
        extra={"recordedAt": "0001-01-01T00:00:00+01:00"},
    )
    _is_problem(response, 422)


async def test_too_many_multipart_parts_is_413_and_a_huge_part_header_400_or_413(
    client: AsyncTestClient,
) -> None:
    headers = await signed_in(client)
    interview = await create_interview(client, headers, questionCount=1)
    path = f"/api/interviews/{interview['id']}/answers"
    boundary = "b0undary"
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="questionId"\r\n\r\nx\r\n'
    many = (part * 20 + f"--{boundary}--\r\n").encode()
    multipart = {"content-type": f"multipart/form-data; boundary={boundary}"}
    _is_problem(await client.post(path, content=many, headers=headers | multipart), 413)
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="questionId"\r\n'
        f"X-Filler: {'a' * 100_000}\r\n\r\nx\r\n--{boundary}--\r\n"
    ).encode()
    response = await client.post(
        path,
        content=body,
        headers=headers | multipart,
    )
    assert response.status_code in (400, 413)
    _is_problem(response, response.status_code)


@pytest.mark.parametrize(
    ("path", "method", "body", "field"),
    [
        ("/api/users/settings", "PATCH", {"practiceReminders": 0}, "practiceReminders"),
        ("/api/users/settings", "PATCH", {"weeklySummary": "true"}, "weeklySummary"),
        (
            "/api/interviews",
            "POST",
            {
                "jobTitle": "Backend",
                "skills": ["python"],
                "difficulty": "easy",
                "questionCount": "5",
            },
            "questionCount",
        ),
    ],
)
async def test_values_the_schema_refuses_are_not_coerced(
    client: AsyncTestClient, path: str, method: str, body: dict[str, Any], field: str
) -> None:
    headers = await signed_in(client)
    response = await client.request(method, path, json=body, headers=headers)
    _is_problem(response, 422)
    assert response.json()["errors"][0]["field"] == field
    settings = (await client.get("/api/auth/me", headers=headers)).json()["settings"]
    assert settings["practiceReminders"] is False
    assert settings["weeklySummary"] is True


async def test_well_typed_settings_still_change(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    response = await client.patch(
        "/api/users/settings", json={"practiceReminders": True}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["practiceReminders"] is True
