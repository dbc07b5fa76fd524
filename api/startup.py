"""Start-up and shutdown: connection pools, warm caches, error reporting."""

from __future__ import annotations

import asyncio

import asyncpg
import structlog
from litestar import Litestar
from piccolo.engine.postgres import PostgresEngine

from api.auth import passwords
from core.settings import Settings
from models.db import engine, has_pool

log = structlog.get_logger("api.startup")


def init_sentry(settings: Settings) -> None:
    """Report errors to Sentry when a DSN is configured."""
    if not settings.sentry_dsn:
        return
    import sentry_sdk
    from sentry_sdk.integrations.litestar import LitestarIntegration

    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.app_env,
        integrations=[LitestarIntegration()],
        send_default_pii=False,
    )


async def reset_connection(connection: asyncpg.Connection) -> None:
    """Cheap reset on release: roll back a stray transaction, nothing more.

    asyncpg's default runs RESET ALL/UNLISTEN/CLOSE ALL on every release, a whole extra
    round trip per query; our sessions set no state, listen to nothing and hold no cursors.
    """
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


async def startup(app: Litestar) -> None:
    """Open the PostgreSQL pool and precompute the timing-safety hash."""
    settings: Settings = app.state.settings
    db = engine()
    # Two apps in one process (tests) share the engine: only the one that opened the pool
    # closes it.
    app.state.owns_pool = False
    if isinstance(db, PostgresEngine) and not has_pool():
        app.state.owns_pool = True
        await db.start_connection_pool(
            min_size=2, max_size=settings.database_pool_size, reset=reset_connection
        )
    await asyncio.to_thread(passwords.warm_up)
    log.info("startup", env=settings.app_env, postgres=settings.is_postgres)


async def shutdown(app: Litestar) -> None:
    """Close pools so in-flight work ends cleanly on SIGTERM."""
    db = engine()
    if isinstance(db, PostgresEngine) and app.state.get("owns_pool"):
        await db.close_connection_pool()
    await app.state.stream_hub.close()
    if app.state.llm is not None:
        await app.state.llm.close()
    await app.state.redis.aclose()
    await app.state.redis.connection_pool.disconnect()  # a pool we built is not closed by aclose
    log.info("shutdown")
