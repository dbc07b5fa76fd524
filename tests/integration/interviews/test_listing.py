"""Listing interviews: pagination edges, filters, search and sorting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.tables import Interview
from tests.helpers import AsyncTestClient, create_interview, signed_in


async def _list(client: AsyncTestClient, headers: dict[str, str], **params: object) -> dict:
    response = await client.get("/api/interviews", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_pages_cover_every_interview_once_newest_first(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    created = [
        (await create_interview(client, headers, jobTitle=f"Role {i}"))["id"] for i in range(5)
    ]
    first = await _list(client, headers, page=1, pageSize=2)
    assert (first["total"], first["totalPages"], first["page"], first["pageSize"]) == (5, 3, 1, 2)
    pages = [first] + [await _list(client, headers, page=p, pageSize=2) for p in (2, 3)]
    ids = [item["id"] for page in pages for item in page["items"]]
    assert ids == list(reversed(created))


async def test_a_page_past_the_end_is_empty_with_correct_totals(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    for _ in range(3):
        await create_interview(client, headers)
    body = await _list(client, headers, page=9, pageSize=2)
    assert body == {"items": [], "page": 9, "pageSize": 2, "total": 3, "totalPages": 2}


@pytest.mark.parametrize(
    "params",
    [
        {"pageSize": 101},
        {"pageSize": 0},
        {"page": 0},
        {"page": "x"},
        {"status": "archived"},
        {"sort": "name"},
        {"from": "yesterday"},
    ],
)
async def test_out_of_range_list_parameters_are_422(client: AsyncTestClient, params: dict) -> None:
    headers = await signed_in(client)
    response = await client.get("/api/interviews", params=params, headers=headers)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_a_page_size_of_100_is_allowed(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    assert (await _list(client, headers, pageSize=100))["pageSize"] == 100


async def test_filters_by_status_and_difficulty(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    easy = await create_interview(client, headers, difficulty="easy")
    hard = await create_interview(client, headers, difficulty="hard")
    await client.patch(
        f"/api/interviews/{hard['id']}", json={"status": "cancelled"}, headers=headers
    )
    assert [i["id"] for i in (await _list(client, headers, difficulty="easy"))["items"]] == [
        easy["id"]
    ]
    assert [i["id"] for i in (await _list(client, headers, status="cancelled"))["items"]] == [
        hard["id"]
    ]
    assert (await _list(client, headers, status="completed"))["total"] == 0


async def test_search_matches_job_titles_case_insensitively(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    wanted = await create_interview(client, headers, jobTitle="Senior Data Engineer")
    await create_interview(client, headers, jobTitle="Frontend Developer")
    body = await _list(client, headers, search="data eng")
    assert [i["id"] for i in body["items"]] == [wanted["id"]]


@pytest.mark.parametrize(
    ("title", "search"),
    [
        ("100% remote engineer", "100%"),
        ("C_plus engineer", "c_p"),
        ("O'Brien's team lead", "o'brien"),
        ("Back\\slash dev", "k\\s"),
    ],
)
async def test_sql_metacharacters_in_search_are_plain_text(
    client: AsyncTestClient, title: str, search: str
) -> None:
    headers = await signed_in(client)
    wanted = await create_interview(client, headers, jobTitle=title)
    await create_interview(client, headers, jobTitle="1000 remote engineer Cxplus Back-slash")
    body = await _list(client, headers, search=search)
    assert [i["id"] for i in body["items"]] == [wanted["id"]]


async def test_search_cannot_inject_sql(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    await create_interview(client, headers)
    body = await _list(client, headers, search="x' OR '1'='1")
    assert body["total"] == 0
    assert (await _list(client, headers))["total"] == 1


async def test_date_range_filters_on_creation_time(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    old = await create_interview(client, headers)
    new = await create_interview(client, headers)
    last_month = datetime.now(UTC) - timedelta(days=30)
    await Interview.update({Interview.created_at: last_month}).where(Interview.id == old["id"])
    recent = await _list(
        client, headers, **{"from": (datetime.now(UTC) - timedelta(days=1)).date().isoformat()}
    )
    assert [i["id"] for i in recent["items"]] == [new["id"]]
    older = await _list(client, headers, to=(last_month + timedelta(days=1)).isoformat())
    assert [i["id"] for i in older["items"]] == [old["id"]]
    bounded = await _list(
        client,
        headers,
        **{"from": last_month.date().isoformat(), "to": last_month.date().isoformat()},
    )
    assert [i["id"] for i in bounded["items"]] == [old["id"]]


async def test_sorting_by_score_puts_unscored_last(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    ids = [(await create_interview(client, headers))["id"] for _ in range(3)]
    await Interview.update({Interview.score: 40}).where(Interview.id == ids[0])
    await Interview.update({Interview.score: 90}).where(Interview.id == ids[1])
    best_first = await _list(client, headers, sort="-score")
    assert [i["id"] for i in best_first["items"]] == [ids[1], ids[0], ids[2]]
    worst_first = await _list(client, headers, sort="score")
    assert [i["id"] for i in worst_first["items"]] == [ids[0], ids[1], ids[2]]
    oldest_first = await _list(client, headers, sort="createdAt")
    assert [i["id"] for i in oldest_first["items"]] == ids
