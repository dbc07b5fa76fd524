"""Typed settings read once from the environment and an optional `.env`."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import msgspec
from dotenv import dotenv_values

DEFAULT_SECRET = "dev-secret-change-me-dev-secret-change-me"  # noqa: S105
DEFAULT_DATABASE_URL = "sqlite:///var/interview_coach.sqlite"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every knob of the service; field names are the lower-cased env vars."""

    app_env: str = "development"
    app_name: str = "Interview Coach"
    public_url: str = "http://localhost:8000"
    # Links in mails point at the web app, which calls the API with the token.
    frontend_url: str = "http://localhost:3000"
    log_level: str = "info"
    access_log: bool = True

    database_url: str = DEFAULT_DATABASE_URL
    database_pool_size: int = 20
    redis_url: str = "redis://127.0.0.1:6379/0"
    # The pipeline's message broker; empty means the Redis above. "stub://" is Dramatiq's
    # in-memory broker, for in-process tests.
    broker_url: str = ""
    # How long authenticated requests may use a Redis copy of the user row; 0 turns it off.
    user_cache_seconds: int = 60
    # How long rendered read views (dashboard, interview pages) may be served from Redis;
    # every change through the API drops them at once. 0 turns the cache off.
    view_cache_seconds: int = 600

    secret_key: str = DEFAULT_SECRET
    jwt_algorithm: str = "HS256"
    jwt_issuer: str = "interview-coach"
    jwt_audience: str = "interview-coach-web"
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    reset_token_ttl_seconds: int = 30 * 60
    verify_token_ttl_seconds: int = 48 * 3600
    # argon2-cffi's defaults; OWASP's floor is m=19 MiB, t=2, p=1.
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    # Hashes in flight per process: argon2 saturates a core, so the event loop keeps the other.
    password_hash_concurrency: int = 1

    login_max_failures_per_account: int = 5
    login_max_failures_per_ip: int = 20
    login_lockout_seconds: int = 15 * 60
    forgot_password_per_email_per_hour: int = 3
    register_per_ip_per_hour: int = 10

    cors_origins: list[str] = msgspec.field(default_factory=lambda: ["http://localhost:3000"])
    https: bool = False

    mail_from: str = "Interview Coach <no-reply@interview-coach.local>"
    mail_outbox_dir: str = "var/outbox"
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = True

    sentry_dsn: str = ""
    # Bearer token a Prometheus scraper sends for /metrics; unset, only loopback may read it.
    metrics_token: str = ""

    # Audio: a local directory, or s3://bucket/prefix (S3_ENDPOINT_URL for S3-compatibles).
    storage_url: str = "var/audio"
    s3_endpoint_url: str = ""
    s3_region: str = ""
    max_upload_bytes: int = 25 * 1024 * 1024
    min_audio_seconds: float = 1.0
    max_audio_seconds: float = 600.0
    signed_url_seconds: int = 900
    upload_spool_dir: str = ""

    # Speech-to-text: a faster-whisper model path or name ("" = the bundled tiny.en).
    whisper_model: str = ""
    whisper_cpu_threads: int = 2
    # Scoring: "rubric" (local, default) or "llm" (any OpenAI-compatible endpoint).
    scorer: str = "rubric"
    openai_base_url: str = ""
    openai_api_key: str = ""
    llm_model: str = ""
    llm_timeout_seconds: float = 20.0
    llm_max_tokens: int = 800
    llm_max_retries: int = 3
    llm_daily_calls_per_user: int = 100
    generate_per_user_per_hour: int = 20

    # Open event streams: per user (429 beyond) and per API process (503 beyond).
    event_streams_per_user: int = 5
    event_streams_per_process: int = 1000

    # Pipeline: a stage gets this many tries (a crash counts) before it is marked failed.
    stage_max_attempts: int = 3
    # Seconds before the first retry of a failed try; doubled for each later one.
    stage_retry_seconds: float = 10.0
    # A running stage renews its heartbeat every few seconds; one silent this long lost its
    # worker (killed, OOM) and is queued again by the sweeper, whatever the audio's length.
    stage_heartbeat_timeout_seconds: int = 30
    # A queued stage untouched this long lost its message (Redis restart): sent again (a
    # duplicate is harmless: claims are fenced).
    stage_resend_seconds: int = 30

    @property
    def is_production(self) -> bool:
        """True when running with production guarantees."""
        return self.app_env == "production"

    @property
    def broker(self) -> str:
        """Where pipeline messages go: BROKER_URL, else the Redis of REDIS_URL."""
        return self.broker_url or self.redis_url

    @property
    def is_postgres(self) -> bool:
        """True when the database URL names PostgreSQL."""
        return self.database_url.startswith(("postgres://", "postgresql://"))


class InsecureSettingsError(RuntimeError):
    """Raised when production would start with a placeholder secret."""


def _split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def load_settings(environ: dict[str, str] | None = None, env_file: str = ".env") -> Settings:
    """Build settings from `.env` overlaid by the process environment."""
    raw: dict[str, str | None] = dict(dotenv_values(env_file)) if Path(env_file).exists() else {}
    raw.update(os.environ if environ is None else environ)
    fields = set(Settings.__struct_fields__)
    values: dict[str, object] = {}
    for key, value in raw.items():
        name = key.lower()
        if name in fields and value is not None:
            values[name] = _split_list(value) if name == "cors_origins" else value
    settings = msgspec.convert(values, Settings, strict=False)
    check_production_secrets(settings)
    return settings


ARGON2_MIN_MEMORY_KIB = 19 * 1024
ARGON2_MIN_TIME_COST = 2


def check_production_secrets(settings: Settings) -> None:
    """Refuse weak hashing anywhere, and placeholder secrets in production."""
    if (
        settings.argon2_memory_kib < ARGON2_MIN_MEMORY_KIB
        or settings.argon2_time_cost < ARGON2_MIN_TIME_COST
    ):
        raise InsecureSettingsError("argon2 parameters are below OWASP's minimum (m=19 MiB, t=2)")
    if not settings.is_production:
        return
    if settings.secret_key == DEFAULT_SECRET or len(settings.secret_key) < 32:
        raise InsecureSettingsError("SECRET_KEY must be set to 32+ random characters in production")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
