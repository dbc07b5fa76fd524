"""Access-token verification, refresh rotation and logout."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
import pytest

from core.settings import Settings
from tests.helpers import AsyncTestClient, bearer, register_user


def _claims(settings: Settings, user_id: str, **overrides: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": user_id,
        "jti": uuid.uuid4().hex,
        "role": "user",
        "sid": str(uuid.uuid4()),
        "iat": now,
        "exp": now + 600,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    claims.update(overrides)
    return claims


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def _status_of_me(client: AsyncTestClient, token: str) -> int:
    return (await client.get("/api/auth/me", headers=bearer(token))).status_code


async def test_me_without_token_is_401_with_bearer_challenge(client: AsyncTestClient) -> None:
    response = await client.get("/api/auth/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_well_signed_token_is_accepted(client: AsyncTestClient, settings: Settings) -> None:
    user = (await register_user(client))["user"]
    token = jwt.encode(_claims(settings, user["id"]), settings.secret_key, algorithm="HS256")
    assert await _status_of_me(client, token) == 200


async def test_alg_none_token_is_rejected(client: AsyncTestClient, settings: Settings) -> None:
    user = (await register_user(client))["user"]
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(settings, user['id']))}."
    assert await _status_of_me(client, token) == 401


@pytest.mark.parametrize(
    ("key", "algorithm", "overrides"),
    [
        ("another-secret-key-of-sufficient-length-000", "HS256", {}),
        (None, "HS256", {"exp": int(time.time()) - 5}),
        (None, "HS256", {"aud": "someone-else"}),
        (None, "HS256", {"iss": "someone-else"}),
        (None, "HS512", {}),
        (None, "HS256", {"sub": "not-a-uuid"}),
    ],
    ids=["wrong-key", "expired", "wrong-audience", "wrong-issuer", "other-algorithm", "bad-sub"],
)
async def test_forged_or_stale_tokens_are_rejected(
    client: AsyncTestClient,
    settings: Settings,
    key: str | None,
    algorithm: str,
    overrides: dict[str, object],
) -> None:
    user = (await register_user(client))["user"]
    claims = _claims(settings, user["id"], **overrides)
    token = jwt.encode(claims, key or settings.secret_key, algorithm=algorithm)
    assert await _status_of_me(client, token) == 401


async def test_token_missing_a_required_claim_is_rejected(
    client: AsyncTestClient, settings: Settings
) -> None:
    user = (await register_user(client))["user"]
    claims = _claims(settings, user["id"])
    del claims["exp"]
    assert await _status_of_me(client, jwt.encode(claims, settings.secret_key)) == 401


async def test_token_with_edited_role_claim_is_rejected(client: AsyncTestClient) -> None:
    token = (await register_user(client))["accessToken"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["role"] = "admin"
    assert await _status_of_me(client, f"{header}.{_b64(claims)}.{signature}") == 401


async def test_token_of_a_deleted_user_is_rejected(
    client: AsyncTestClient, settings: Settings
) -> None:
    token = jwt.encode(_claims(settings, str(uuid.uuid4())), settings.secret_key)
    assert await _status_of_me(client, token) == 401


async def test_refresh_rotates_and_the_new_tokens_work(client: AsyncTestClient) -> None:
    first = await register_user(client)
    response = await client.post(
        "/api/auth/refresh-token", json={"refreshToken": first["refreshToken"]}
    )
    assert response.status_code == 200
    pair = response.json()
    assert pair["refreshToken"] != first["refreshToken"]
    assert pair["tokenType"] == "Bearer"
    assert await _status_of_me(client, pair["accessToken"]) == 200
    again = await client.post(
        "/api/auth/refresh-token", json={"refreshToken": pair["refreshToken"]}
    )
    assert again.status_code == 200


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(
    client: AsyncTestClient,
) -> None:
    first = await register_user(client)
    rotated = (
        await client.post("/api/auth/refresh-token", json={"refreshToken": first["refreshToken"]})
    ).json()
    replay = await client.post(
        "/api/auth/refresh-token", json={"refreshToken": first["refreshToken"]}
    )
    assert replay.status_code == 401
    # The legitimate holder's newer tokens die with the family.
    newer = await client.post(
        "/api/auth/refresh-token", json={"refreshToken": rotated["refreshToken"]}
    )
    assert newer.status_code == 401
    assert await _status_of_me(client, rotated["accessToken"]) == 401


async def test_reuse_in_one_family_leaves_other_sessions_alone(client: AsyncTestClient) -> None:
    first = await register_user(client)
    email = first["user"]["email"]
    other = (
        await client.post(
            "/api/auth/login", json={"email": email, "password": "correct horse battery"}
        )
    ).json()
    await client.post("/api/auth/refresh-token", json={"refreshToken": first["refreshToken"]})
    await client.post("/api/auth/refresh-token", json={"refreshToken": first["refreshToken"]})
    assert await _status_of_me(client, other["accessToken"]) == 200
    still = await client.post(
        "/api/auth/refresh-token", json={"refreshToken": other["refreshToken"]}
    )
    assert still.status_code == 200


async def test_unknown_refresh_token_is_401(client: AsyncTestClient) -> None:
    response = await client.post("/api/auth/refresh-token", json={"refreshToken": "made-up"})
    assert response.status_code == 401


async def test_logout_kills_the_access_token_at_once_and_the_refresh_family(
    client: AsyncTestClient,
) -> None:
    session = await register_user(client)
    headers = bearer(session["accessToken"])
    assert (await client.post("/api/auth/logout", headers=headers)).status_code == 204
    assert await _status_of_me(client, session["accessToken"]) == 401
    refreshed = await client.post(
        "/api/auth/refresh-token", json={"refreshToken": session["refreshToken"]}
    )
    assert refreshed.status_code == 401
    assert (await client.post("/api/auth/logout", headers=headers)).status_code == 401


async def test_logout_leaves_other_devices_signed_in(client: AsyncTestClient) -> None:
    first = await register_user(client)
    second = (
        await client.post(
            "/api/auth/login",
            json={"email": first["user"]["email"], "password": "correct horse battery"},
        )
    ).json()
    await client.post("/api/auth/logout", headers=bearer(first["accessToken"]))
    assert await _status_of_me(client, second["accessToken"]) == 200
