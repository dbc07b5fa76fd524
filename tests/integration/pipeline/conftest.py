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
WORKER_ENV = {"STAGE_RETRY_SECONDS": "0.2", "STAGE_MAX_ATTEMPTS": "3", "LOG_LEVEL": "info"}


def _wait_until_ready(process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while b"is ready for action" not in log.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.1)


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`dramatiq pipeline.actors` on every stage queue; yields its log file."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "dramatiq",
                "pipeline.actors",
                "--processes",
                "1",
                "--threads",
                "2",
                "--queues",
                "transcribe",
                "score",
                "aggregate",
            ],
            cwd=ROOT,
            env=os.environ | WORKER_ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _wait_until_ready(process, log)
        yield log
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
