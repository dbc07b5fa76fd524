"""A real Dramatiq worker process on the test database and Redis, for the pipeline tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# Retries come quickly in tests; three tries, as in production.
WORKER_ARGS = ["--processes", "1", "--threads", "2", "--queues", "transcribe", "score", "aggregate"]
WORKER_ENV = {"STAGE_RETRY_SECONDS": "0.2", "STAGE_MAX_ATTEMPTS": "3", "LOG_LEVEL": "info"}


def start_worker(log: Path) -> subprocess.Popen[bytes]:
    """`dramatiq pipeline.actors` on every stage queue, in its own process group, once ready."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "dramatiq", "pipeline.actors", *WORKER_ARGS],
            cwd=ROOT,
            env=os.environ | WORKER_ENV,
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


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One worker for a test module; yields its log file."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    process = start_worker(log)
    yield log
    stop_worker(process)
