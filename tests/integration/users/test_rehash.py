"""Hashes made with older parameters are upgraded on the next login."""

from __future__ import annotations

from msgspec.structs import replace

from api.auth import passwords
from core.settings import Settings
from models.tables import User
from tests.helpers import PASSWORD, app_client, random_email, register_user


async def test_login_rehashes_when_parameters_changed(settings: Settings) -> None:
    email = random_email()
    async with app_client(settings) as client:
        await register_user(client, email=email)
    before = await User.select(User.password_hash).where(User.email == email).first()
    assert before is not None
    assert "t=2" in before["password_hash"]
    stronger = replace(settings, argon2_time_cost=3)
    try:
        async with app_client(stronger) as client:
            login = await client.post(
                "/api/auth/login", json={"email": email, "password": PASSWORD}
            )
            assert login.status_code == 200
        after = await User.select(User.password_hash).where(User.email == email).first()
        assert after is not None
        assert "t=3" in after["password_hash"]
        assert await passwords.verify_password(after["password_hash"], PASSWORD)
    finally:
        passwords.configure(settings)
