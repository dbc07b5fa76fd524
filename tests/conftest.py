"""Test set-up shared by unit and integration tests: the environment, set before any app
module reads settings, and generated recordings. Real services are tests/integration's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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

import pytest  # noqa: E402


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
