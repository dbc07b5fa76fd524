"""HTTP handlers of /api/users."""

from __future__ import annotations

from litestar import Controller, MediaType, Response, delete, get, patch, put
from litestar.di import Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_204_NO_CONTENT

from api.auth import sessions
from api.security import CurrentUser, provide_current_user
from api.users import service
from api.users.deletion import delete_account
from api.users.schemas import (
    AccountDeletion,
    PasswordChange,
    ProfileUpdate,
    UserOut,
    UserSettings,
    UserSettingsPatch,
    user_out,
)
from api.users.stats import UserStats, user_stats_json
from storage.audio_store import AudioStore


class UsersController(Controller):
    """The signed-in user's own profile, settings and password."""

    path = "/api/users"
    tags = ["users"]
    dependencies = {"current_user": Provide(provide_current_user)}

    @get("/profile")
    async def profile(self, current_user: CurrentUser) -> UserOut:
        """Read the profile."""
        return user_out(current_user.row)

    @put("/profile")
    async def update_profile(self, current_user: CurrentUser, data: ProfileUpdate) -> UserOut:
        """Change name and email; `role` and `isVerified` are not the caller's to set."""
        return user_out(
            await service.update_profile(
                current_user.redis, current_user.id, name=data.name, email=data.email
            )
        )

    @patch("/settings")
    async def update_settings(
        self, current_user: CurrentUser, data: UserSettingsPatch
    ) -> UserSettings:
        """Change some settings; the others keep their values."""
        return await service.update_settings(current_user.redis, current_user.id, data)

    @get("/stats", responses={200: ResponseSpec(UserStats, description="The dashboard")})
    async def stats(self, current_user: CurrentUser) -> Response[bytes]:
        """The practice dashboard."""
        body = await user_stats_json(
            current_user.redis,
            current_user.id,
            cache_seconds=current_user.settings.view_cache_seconds,
        )
        return Response(body, media_type=MediaType.JSON)

    @put("/password", status_code=HTTP_204_NO_CONTENT)
    async def change_password(self, current_user: CurrentUser, data: PasswordChange) -> None:
        """Change the password; every other session is signed out."""
        await service.change_password(
            current_user.redis,
            current_user.id,
            current=data.current_password,
            new=data.new_password,
        )
        await sessions.revoke_user_sessions(
            current_user.settings,
            current_user.redis,
            current_user.id,
            keep=current_user.claims.session_id,
        )

    @delete("/me", status_code=HTTP_204_NO_CONTENT)
    async def delete_me(
        self, current_user: CurrentUser, data: AccountDeletion, store: AudioStore
    ) -> None:
        """Delete the account with every interview, answer, recording, result and session."""
        await service.check_password(current_user.id, data.password, field="password")
        await delete_account(current_user.settings, current_user.redis, store, current_user.id)
