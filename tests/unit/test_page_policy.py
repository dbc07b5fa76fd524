"""The practice page's CSP lets recordings play from where their signed links point, only."""

from __future__ import annotations

from msgspec.structs import replace

from api.page.routes import page_csp
from core.settings import get_settings


def _media(policy: bytes) -> set[str]:
    directives = dict(d.strip().split(" ", 1) for d in policy.decode().split(";"))
    return set(directives["media-src"].split())


def test_local_storage_plays_from_the_public_address_and_takes_only() -> None:
    settings = replace(get_settings(), public_url="https://coach.example.com", storage_url="var/a")
    assert _media(page_csp(settings)) == {"'self'", "blob:", "https://coach.example.com"}


def test_s3_plays_from_that_bucket_only() -> None:
    settings = replace(
        get_settings(), storage_url="s3://answers/audio", s3_region="eu-west-1", s3_endpoint_url=""
    )
    media = _media(page_csp(settings))
    assert "https://answers.s3.eu-west-1.amazonaws.com" in media
    assert "https://s3.eu-west-1.amazonaws.com/answers/" in media
    assert not [m for m in media if "*" in m]


def test_an_s3_compatible_endpoint_is_named_by_its_origin() -> None:
    settings = replace(
        get_settings(),
        storage_url="s3://answers",
        s3_endpoint_url="http://127.0.0.1:9000/some/path",
    )
    assert "http://127.0.0.1:9000" in _media(page_csp(settings))
