"""Piccolo's entry point: the engine named by DATABASE_URL and the app registry."""

from __future__ import annotations

from pathlib import Path

from piccolo.conf.apps import AppRegistry
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from core.settings import get_settings


def engine_from_url(url: str) -> Engine:
    """A PostgreSQL engine for postgres:// URLs, else a SQLite file engine."""
    if url.startswith(("postgres://", "postgresql://")):
        return PostgresEngine(config={"dsn": url})
    if not url.startswith("sqlite:///"):
        raise ValueError(f"unsupported DATABASE_URL scheme: {url.split(':', 1)[0]}")
    path = Path(url.removeprefix("sqlite:///"))
    path.parent.mkdir(parents=True, exist_ok=True)
    # A busy writer makes others wait instead of failing with "database is locked".
    return SQLiteEngine(path=str(path), timeout=30)


DB = engine_from_url(get_settings().database_url)

APP_REGISTRY = AppRegistry(apps=["models.piccolo_app"])
