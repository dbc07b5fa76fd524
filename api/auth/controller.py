"""HTTP handlers of /api/auth: parse, call one rule, shape the reply."""

from __future__ import annotations

from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import Provide
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT
from redis.asyncio import Redis

from api.auth import schemas, service
from api.mail import send_mail
from api.security import CurrentUser, client_ip, provide_current_user
from api.users.schemas import UserOut, user_out
from core.settings import Settings


class AuthController(Controller):
    """Registration, sign-in, token refresh, logout and account tokens."""

    path = "/api/auth"
    tags = ["auth"]

    @post("/register", status_code=201)
    async def register(
        self, request: Request, data: schemas.RegisterIn, settings: Settings, redis: Redis
    ) -> Response[schemas.AuthOut]:
        """Create an account and sign it in; a verification mail follows."""
        issued, mail = await service.register(
            settings,
            redis,
            name=data.name,
            email=data.email,
            password=data.password,
            ip=client_ip(request),
        )
        return Response(
            schemas.auth_out(issued),
            status_code=201,
            background=BackgroundTask(send_mail, settings, mail),
        )

    @post("/login", status_code=200)
    async def login(
        self, request: Request, data: schemas.LoginIn, settings: Settings, redis: Redis
    ) -> schemas.AuthOut:
        """Sign in with email and password."""
        issued = await service.login(
            settings, redis, email=data.email, password=data.password, ip=client_ip(request)
        )
        return schemas.auth_out(issued)

    @post(
        "/logout",
        status_code=HTTP_204_NO_CONTENT,
        dependencies={"current_user": Provide(provide_current_user)},
    )
    async def logout(self, current_user: CurrentUser) -> None:
        """Revoke this access token and its session."""
        await service.logout(current_user.settings, current_user.redis, current_user.claims)

    @post("/refresh-token", status_code=200)
    async def refresh_token(
        self, data: schemas.RefreshIn, settings: Settings, redis: Redis
    ) -> schemas.TokenPair:
        """Rotate the refresh token."""
        return schemas.token_pair(await service.refresh(settings, redis, data.refresh_token))

    @post("/forgot-password", status_code=HTTP_202_ACCEPTED)
    async def forgot_password(
        self, data: schemas.EmailIn, settings: Settings, redis: Redis
    ) -> Response[schemas.Accepted]:
        """Mail a reset link if the account exists; the reply is the same either way."""
        await service.forgot_password(settings, redis, data.email)
        # Looking the account up, issuing a token and mailing all happen after the reply.
        background = BackgroundTask(service.mail_reset_link, settings, data.email)
        return Response(schemas.Accepted(), status_code=HTTP_202_ACCEPTED, background=background)

    @post("/reset-password", status_code=HTTP_204_NO_CONTENT)
    async def reset_password(self, data: schemas.ResetIn, settings: Settings, redis: Redis) -> None:
        """Set a new password with a mailed token; every session ends."""
        await service.reset_password(settings, redis, token=data.token, password=data.password)

    @post("/verify-email", status_code=HTTP_204_NO_CONTENT)
    async def verify_email(self, data: schemas.TokenIn, redis: Redis) -> None:
        """Confirm the email address with a mailed token."""
        await service.verify_email(redis, data.token)

    @get("/me", dependencies={"current_user": Provide(provide_current_user)})
    async def me(self, current_user: CurrentUser) -> UserOut:
        """The signed-in user."""
        return user_out(current_user.row)
