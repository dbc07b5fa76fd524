"""The per-user view cache: served until a change, never re-filled with stale data."""

from __future__ import annotations

import uuid

from redis.asyncio import Redis

from core.view_cache import MAX_BYTES, MAX_VIEWS, cached_view, forget_views, read_view, store_view
from models.tables import Interview
from tests.helpers import AsyncTestClient, create_interview, signed_in


async def test_a_view_is_rendered_once_then_served_from_cache(redis: Redis) -> None:
    user = uuid.uuid4()
    renders: list[int] = []

    async def render() -> bytes:
        renders.append(1)
        return b'{"n": 1}'

    assert await cached_view(redis, user, "stats", render) == b'{"n": 1}'
    assert await cached_view(redis, user, "stats", render) == b'{"n": 1}'
    assert len(renders) == 1
    await forget_views(redis, user)
    await cached_view(redis, user, "stats", render)
    assert len(renders) == 2


async def test_a_view_rendered_before_a_change_is_not_stored_after_it(redis: Redis) -> None:
    user = uuid.uuid4()
    _, generation = await read_view(redis, user, "stats")
    await forget_views(redis, user)  # the data changed while the view was being rendered
    await store_view(redis, user, "stats", b"stale", generation)
    assert (await read_view(redis, user, "stats"))[0] is None


async def test_interview_pages_are_cached_until_the_user_changes_something(
    client: AsyncTestClient,
) -> None:
    headers = await signed_in(client)
    first = await create_interview(client, headers)
    assert (await client.get("/api/interviews", headers=headers)).json()["total"] == 1
    await Interview.delete().where(Interview.id == first["id"])  # behind the API's back
    assert (await client.get("/api/interviews", headers=headers)).json()["total"] == 1
    await create_interview(client, headers)
    await create_interview(client, headers)
    assert (await client.get("/api/interviews", headers=headers)).json()["total"] == 2


async def test_one_users_change_leaves_anothers_cache_alone(
    client: AsyncTestClient, redis: Redis
) -> None:
    a, b = await signed_in(client), await signed_in(client)
    await client.get("/api/users/stats", headers=a)
    b_stats = (await client.get("/api/users/stats", headers=b)).json()
    await create_interview(client, a)
    assert (await client.get("/api/users/stats", headers=b)).json() == b_stats
    assert (await client.get("/api/users/stats", headers=a)).json()["totalInterviews"] == 1


async def test_a_users_cached_views_are_bounded_oldest_dropped_first(
    client: AsyncTestClient, redis: Redis
) -> None:
    headers = await signed_in(client)
    me = (await client.get("/api/auth/me", headers=headers)).json()
    # Distinct filters make distinct views: 300 of them used to grow one hash to 49 MB.
    for page in range(1, MAX_VIEWS + 31):
        response = await client.get(f"/api/interviews?search=role-{page}", headers=headers)
        assert response.status_code == 200
    key = f"ic:views:{me['id']}"
    names = [n for n in await redis.hkeys(key) if n not in ("gen", "bytes")]
    assert len(names) == MAX_VIEWS
    assert int(await redis.hget(key, "bytes")) <= MAX_BYTES
    assert not any("role-1&" in n or n.endswith("role-1") for n in names)  # the oldest went


async def test_a_view_larger_than_the_bound_is_served_but_not_cached(redis: Redis) -> None:
    user = uuid.uuid4()
    huge = b"x" * (MAX_BYTES + 1)

    async def render() -> bytes:
        return huge

    assert await cached_view(redis, user, "big", render) == huge
    body, _ = await read_view(redis, user, "big")
    assert body is None
