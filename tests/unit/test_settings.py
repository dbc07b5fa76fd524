"""Settings come from the environment and refuse unsafe production values."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import DEFAULT_SECRET, InsecureSettingsError, load_settings


def test_environment_values_are_typed() -> None:
    settings = load_settings(
        {
            "ACCESS_TOKEN_TTL_SECONDS": "60",
            "HTTPS": "true",
            "CORS_ORIGINS": "https://a.example, https://b.example",
        },
        env_file="/nonexistent",
    )
    assert settings.access_token_ttl_seconds == 60
    assert settings.https is True
    assert settings.cors_origins == ["https://a.example", "https://b.example"]


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("APP_NAME=From File\nLOG_LEVEL=debug\n")
    settings = load_settings({"LOG_LEVEL": "error"}, env_file=str(env_file))
    assert (settings.app_name, settings.log_level) == ("From File", "error")


def test_production_refuses_the_default_secret() -> None:
    with pytest.raises(InsecureSettingsError):
        load_settings(
            {"APP_ENV": "production", "SECRET_KEY": DEFAULT_SECRET}, env_file="/nonexistent"
        )
    with pytest.raises(InsecureSettingsError):
        load_settings({"APP_ENV": "production", "SECRET_KEY": "short"}, env_file="/nonexistent")


def test_production_starts_with_a_real_secret() -> None:
    settings = load_settings(
        {"APP_ENV": "production", "SECRET_KEY": "k" * 48}, env_file="/nonexistent"
    )
    assert settings.is_production


def test_weak_argon2_parameters_are_refused_everywhere() -> None:
    with pytest.raises(InsecureSettingsError):
        load_settings({"ARGON2_MEMORY_KIB": "1024"}, env_file="/nonexistent")
