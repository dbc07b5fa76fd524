"""Dramatiq workers for the pipeline tests: real worker processes on the test database and
Redis (for kills and restarts), or the StubBroker with an in-process `Worker`."""

from __future__ import annotations

import importlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from dramatiq import Worker
from msgspec.structs import replace
from piccolo.engine.postgres import PostgresEngine

from api.startup import reset_connection
from core.settings import Settings, get_settings
from models.db import engine, has_pool
from pipeline.broker import make_broker
from pipeline.context import worker_context
from pipeline.stages import STAGES
from tests.helpers import ROOT, AsyncTestClient, app_client

# Retries come quickly in tests; three tries, as in production.
WORKER_ARGS = ["--processes", "1", "--threads", "2", "--queues", "transcribe", "score", "aggregate"]
WORKER_ENV = {"STAGE_RETRY_SECONDS": "0.2", "STAGE_MAX_ATTEMPTS": "3", "LOG_LEVEL": "info"}


def start_worker(
    log: Path, env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.Popen[bytes]:
    """`dramatiq pipeline.actors` on every stage queue, in its own process group, once ready."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dramatiq", "pipeline.actors", *WORKER_ARGS],
            cwd=cwd,
            env=os.environ | WORKER_ENV | (env or {}),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so a test can kill the whole worker at once
        )
    deadline = time.monotonic() + 60
    while b"is ready for action" not in log.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)
    return process


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    """Ask the worker to finish (SIGTERM), then insist."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/%2F")


def rabbitmq_or_skip() -> str:
    """The test RabbitMQ with its stage queues emptied, or a skip that says why."""
    parsed = urlparse(RABBITMQ_URL)
    try:
        socket.create_connection((parsed.hostname or "", parsed.port or 5672), timeout=2).close()
    except OSError:
        pytest.skip(f"no RabbitMQ answers at {parsed.hostname}:{parsed.port or 5672}")
    broker = make_broker(RABBITMQ_URL)
    for stage in STAGES.values():
        broker.declare_queue(stage.queue)
    broker.flush_all()  # what an earlier, interrupted run left behind
    return RABBITMQ_URL


@pytest.fixture(scope="module", params=["redis", "rabbitmq"])
def broker_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each broker in turn: Redis (the default, "") and RabbitMQ. Worker processes and CLI
    commands started meanwhile inherit BROKER_URL."""
    if request.param == "redis":
        yield ""
        return
    url = rabbitmq_or_skip()
    os.environ["BROKER_URL"] = url
    try:
        yield url
    finally:
        os.environ.pop("BROKER_URL", None)


@pytest.fixture(scope="module")
def pipeline_settings(broker_url: str) -> Settings:
    """The settings with this module's broker."""
    return replace(get_settings(), broker_url=broker_url)


@pytest.fixture(scope="module")
async def broker_client(pipeline_settings: Settings) -> AsyncIterator[AsyncTestClient]:
    """The app sending its pipeline messages to this module's broker."""
    async with app_client(pipeline_settings) as client:
        yield client


@pytest.fixture(scope="module")
def broker_worker(broker_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One worker process on this module's broker; yields its log file."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    process = start_worker(log)
    yield log
    stop_worker(process)


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One worker for a test module; yields its log file."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    process = start_worker(log)
    yield log
    stop_worker(process)


STUB = "stub://"


@pytest.fixture(scope="module")
async def stub_pipeline(settings: Settings) -> AsyncIterator[Settings]:
    """The actors on Dramatiq's StubBroker, run by a `Worker` in this process's threads.

    Yields the settings an app must use to send its messages there. The worker's own event
    loop cannot share the tests' PostgreSQL pool, so the pool is closed meanwhile (Piccolo
    then opens a connection per query, in whichever loop asks).
    """
    saved = {key: os.environ.get(key) for key in (*WORKER_ENV, "BROKER_URL")}
    os.environ.update(WORKER_ENV | {"BROKER_URL": STUB})
    get_settings.cache_clear()
    worker_context.cache_clear()
    actors = (
        importlib.reload(sys.modules["pipeline.actors"])
        if "pipeline.actors" in sys.modules
        else importlib.import_module("pipeline.actors")
    )
    db = engine()
    pooled = isinstance(db, PostgresEngine) and has_pool()
    if pooled:
        await db.close_connection_pool()
    worker = Worker(actors.dramatiq.get_broker(), worker_threads=2, worker_timeout=100)
    worker.start()
    try:
        yield replace(settings, broker_url=STUB)
    finally:
        worker.stop()
        make_broker(STUB).flush_all()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
        worker_context.cache_clear()
        if pooled:
            await db.start_connection_pool(
                min_size=2, max_size=settings.database_pool_size, reset=reset_connection
            )


@pytest.fixture(scope="module")
async def stub_client(stub_pipeline: Settings) -> AsyncIterator[AsyncTestClient]:
    """The app sending its pipeline messages to the in-process StubBroker."""
    async with app_client(stub_pipeline) as client:
        db = engine()
        if isinstance(db, PostgresEngine) and has_pool():
            await db.close_connection_pool()  # the app opened one at start-up: see stub_pipeline
        yield client
