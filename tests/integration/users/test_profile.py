"""The signed-in user's profile, settings and password."""

from __future__ import annotations

import pytest

from tests.helpers import PASSWORD, AsyncTestClient, bearer, random_email, register_user


async def test_profile_reads_the_signed_in_user(client: AsyncTestClient) -> None:
    session = await register_user(client, name="Robin")
    profile = await client.get("/api/users/profile", headers=bearer(session["accessToken"]))
    assert profile.status_code == 200
    assert profile.json()["name"] == "Robin"
    assert set(profile.json()) >= {
        "id",
        "name",
        "email",
        "role",
        "isVerified",
        "settings",
        "createdAt",
        "updatedAt",
        "lastLoginAt",
    }


async def test_profile_update_changes_name_and_email_and_asks_to_reverify(
    client: AsyncTestClient,
) -> None:
    session = await register_user(client)
    new_email = random_email()
    response = await client.put(
        "/api/users/profile",
        headers=bearer(session["accessToken"]),
        json={"name": "New Name", "email": new_email.upper()},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["email"], body["isVerified"]) == ("New Name", new_email, False)
    login = await client.post("/api/auth/login", json={"email": new_email, "password": PASSWORD})
    assert login.status_code == 200


@pytest.mark.parametrize("extra", [{"role": "admin"}, {"isVerified": True}, {"id": "x"}])
async def test_profile_update_with_privileged_fields_is_422_and_changes_nothing(
    client: AsyncTestClient, extra: dict[str, object]
) -> None:
    session = await register_user(client, name="Before")
    headers = bearer(session["accessToken"])
    body = {"name": "After", "email": session["user"]["email"], **extra}
    response = await client.put("/api/users/profile", headers=headers, json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == next(iter(extra))
    me = (await client.get("/api/auth/me", headers=headers)).json()
    assert (me["name"], me["role"], me["isVerified"]) == ("Before", "user", False)


async def test_profile_update_to_another_users_email_is_conflict(client: AsyncTestClient) -> None:
    taken = (await register_user(client))["user"]["email"]
    session = await register_user(client)
    response = await client.put(
        "/api/users/profile",
        headers=bearer(session["accessToken"]),
        json={"name": "X", "email": taken},
    )
    assert response.status_code == 409


async def test_settings_patch_changes_only_the_keys_sent(client: AsyncTestClient) -> None:
    session = await register_user(client)
    headers = bearer(session["accessToken"])
    response = await client.patch(
        "/api/users/settings", headers=headers, json={"weeklySummary": False}
    )
    assert response.status_code == 200
    assert response.json()["weeklySummary"] is False
    assert response.json()["emailNotifications"] is True
    again = await client.patch(
        "/api/users/settings", headers=headers, json={"emailNotifications": False}
    )
    assert again.json()["weeklySummary"] is False
    me = (await client.get("/api/auth/me", headers=headers)).json()
    assert me["settings"]["emailNotifications"] is False


@pytest.mark.parametrize(
    "body", [{"weeklySummary": "yes"}, {"unknownKey": True}, {"preferredDifficulty": "impossible"}]
)
async def test_settings_patch_with_bad_values_is_422(
    client: AsyncTestClient, body: dict[str, object]
) -> None:
    session = await register_user(client)
    response = await client.patch(
        "/api/users/settings", headers=bearer(session["accessToken"]), json=body
    )
    assert response.status_code == 422


async def test_password_change_needs_the_current_password(client: AsyncTestClient) -> None:
    session = await register_user(client)
    response = await client.put(
        "/api/users/password",
        headers=bearer(session["accessToken"]),
        json={"currentPassword": "not it at all", "newPassword": "whatever123"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "currentPassword"


async def test_password_change_signs_out_other_sessions_but_not_this_one(
    client: AsyncTestClient,
) -> None:
    here = await register_user(client)
    email = here["user"]["email"]
    elsewhere = (
        await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    ).json()
    response = await client.put(
        "/api/users/password",
        headers=bearer(here["accessToken"]),
        json={"currentPassword": PASSWORD, "newPassword": "next passphrase"},
    )
    assert response.status_code == 204
    assert (
        await client.get("/api/auth/me", headers=bearer(here["accessToken"]))
    ).status_code == 200
    assert (
        await client.get("/api/auth/me", headers=bearer(elsewhere["accessToken"]))
    ).status_code == 401
    login = await client.post(
        "/api/auth/login", json={"email": email, "password": "next passphrase"}
    )
    assert login.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/users/profile"),
        ("PUT", "/api/users/profile"),
        ("PATCH", "/api/users/settings"),
        ("PUT", "/api/users/password"),
    ],
)
async def test_user_endpoints_need_a_token(client: AsyncTestClient, method: str, path: str) -> None:
    response = await client.request(method, path, json={})
    assert response.status_code == 401
