"""Test set-up: environment first, then a real database and Redis per session."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlparse

# The environment must be complete before any app module reads settings.
TMP = Path(tempfile.mkdtemp(prefix="interview-coach-tests-"))
os.environ["DATABASE_URL"] = os.environ.get("TEST_DATABASE_URL", f"sqlite:///{TMP}/test.sqlite")
os.environ["REDIS_URL"] = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ["MAIL_OUTBOX_DIR"] = str(TMP / "outbox")
os.environ["SECRET_KEY"] = "test-secret-key-that-is-long-enough-0123456789"
os.environ["APP_ENV"] = "test"
os.environ["ACCESS_LOG"] = "false"
os.environ["LOG_LEVEL"] = "warning"
# OWASP's minimum keeps the suite fast; production uses argon2-cffi's stronger defaults.
os.environ["ARGON2_TIME_COST"] = "2"
os.environ["ARGON2_MEMORY_KIB"] = str(19 * 1024)
os.environ["ARGON2_PARALLELISM"] = "1"
os.environ["REGISTER_PER_IP_PER_HOUR"] = "1000"
os.environ["STORAGE_URL"] = str(TMP / "audio")
os.environ["UPLOAD_SPOOL_DIR"] = str(TMP / "spool")
(TMP / "spool").mkdir()
os.environ.pop("SMTP_HOST", None)

import asyncpg  # noqa: E402
import pytest  # noqa: E402
from piccolo.table import Table, sort_table_classes  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from api.questions.service import load_bank  # noqa: E402
from api.settings import Settings, get_settings  # noqa: E402
from models.db import engine  # noqa: E402
from models.piccolo_app import APP_CONFIG  # noqa: E402
from models.tables import Question  # noqa: E402
from tests.helpers import AsyncTestClient, app_client  # noqa: E402

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


@pytest.fixture(scope="session")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Spoken answers in every accepted format, plus the broken files uploads must refuse."""
    from tests.audio import ENCODINGS, encode, silence, speak, trim

    root = tmp_path_factory.mktemp("recordings")
    speech = speak(
        "I led the migration of our billing service to PostgreSQL. I measured the "
        "slow queries first, added two indexes and cut the p95 latency in half.",
        root / "speech.wav",
    )
    files = {kind: encode(speech, root, kind) if kind != "wav" else speech for kind in ENCODINGS}
    data = speech.read_bytes()
    (root / "empty.webm").write_bytes(b"")
    (root / "text.webm").write_bytes(b"This is a text file pretending to be audio.\n" * 40)
    (root / "fake.wav").write_bytes(b"RIFF\x24\x08\x00\x00WAVEfmt " + b"\x00" * 400)
    (root / "truncated.wav").write_bytes(data[: len(data) // 3])
    files |= {
        "empty": root / "empty.webm",
        "text": root / "text.webm",
        "fake_riff": root / "fake.wav",
        "truncated": root / "truncated.wav",
        "short": trim(speech, root / "short.wav", 0.2),
        "silence": silence(root / "silence.wav", 3.0),
    }
    return files
