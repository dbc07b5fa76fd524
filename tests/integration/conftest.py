"""Integration tests: a real database (SQLite or PostgreSQL) and Redis per session, emptied
before every test, and the app served in-process."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlparse

import asyncpg
import fsspec
import pytest
from moto.server import ThreadedMotoServer
from piccolo.table import Table, sort_table_classes
from redis.asyncio import Redis

from api.questions.service import load_bank
from core.settings import Settings, get_settings
from models.db import engine
from models.piccolo_app import APP_CONFIG
from models.tables import Question
from tests.helpers import AsyncTestClient, app_client

DATABASE_URL = os.environ["DATABASE_URL"]
IS_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))


async def _recreate_postgres_database(url: str) -> None:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    assert "test" in name, "refusing to drop a database whose name lacks 'test'"
    admin = await asyncpg.connect(parsed._replace(path="/postgres").geturl())
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


@pytest.fixture(scope="session", autouse=True)
async def database() -> None:
    """A fresh database with every migration applied."""
    from piccolo.apps.migrations.commands.forwards import run_forwards

    if IS_POSTGRES:
        await _recreate_postgres_database(DATABASE_URL)
    result = await run_forwards(app_name="all")
    assert result.success, result.message
    await _truncate(list(APP_CONFIG.table_classes))
    await load_bank()


# The shipped bank is loaded once; tests only ever add to it, and those rows are removed.
BANK_TABLES = {"questions", "question_skills"}


async def _truncate(tables: list[type[Table]]) -> None:
    # DELETE rather than TRUNCATE ... CASCADE, which would empty the bank too (questions
    # reference users). Children first.
    for table in reversed(sort_table_classes(tables)):
        await engine().run_ddl(f'DELETE FROM "{table._meta.tablename}"')  # noqa: S608


@pytest.fixture(autouse=True)
async def clean_state(database: None) -> None:
    """Every test starts with empty tables and an empty Redis database."""
    await Question.delete().where(
        Question.created_by.is_not_null() | (Question.is_ai_generated == True)  # noqa: E712
    )
    await _truncate([t for t in APP_CONFIG.table_classes if t._meta.tablename not in BANK_TABLES])
    await Question.update({Question.usage_count: 0}, force=True)
    shutil.rmtree(os.environ["STORAGE_URL"], ignore_errors=True)
    for leftover in Path(os.environ["UPLOAD_SPOOL_DIR"]).iterdir():
        leftover.unlink()
    redis = Redis.from_url(os.environ["REDIS_URL"])
    await redis.flushdb()
    await redis.aclose()


@pytest.fixture(scope="session")
def settings() -> Settings:
    """The settings the shared app runs with."""
    return get_settings()


@pytest.fixture(scope="session")
async def client(settings: Settings) -> AsyncIterator[AsyncTestClient]:
    """One app for the whole session, served in-process."""
    async with app_client(settings) as test_client:
        yield test_client


@pytest.fixture
async def redis(settings: Settings) -> AsyncIterator[Redis]:
    """A direct Redis connection to inspect what the app stored."""
    connection = Redis.from_url(settings.redis_url, decode_responses=True)
    yield connection
    await connection.aclose()


BUCKET = "interview-coach-answers"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """A moto S3 server on a free local port, with the bucket created."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    saved = {
        k: os.environ.get(k)
        for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")
    }
    os.environ.update(
        AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION="us-east-1"
    )
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    s3 = fsspec.filesystem("s3", client_kwargs={"endpoint_url": endpoint}, skip_instance_cache=True)
    s3.mkdir(BUCKET)
    yield endpoint
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
