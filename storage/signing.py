"""HMAC-signed, expiring links for recordings kept in local storage."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from urllib.parse import quote

AUDIO_ROUTE = "/api/audio/"


def _signature(key: str, expires: int, secret: str) -> str:
    message = f"audio:{key}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign_local_url(public_url: str, key: str, expires_at: datetime, secret: str) -> str:
    """A link that plays `key` until `expires_at`, with no headers needed."""
    expires = int(expires_at.timestamp())
    return (
        f"{public_url}{AUDIO_ROUTE}{quote(key)}"
        f"?expires={expires}&signature={_signature(key, expires, secret)}"
    )


def verify_local_url(key: str, expires: int, signature: str, secret: str) -> bool:
    """True for an unexpired link whose signature matches exactly."""
    if expires < int(datetime.now(UTC).timestamp()):
        return False
    return hmac.compare_digest(_signature(key, expires, secret), signature)
