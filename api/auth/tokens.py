"""Access tokens (JWT) and opaque tokens (refresh, reset, verify)."""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from functools import lru_cache

import jwt

from api.errors import Unauthorized
from core.settings import Settings

# Only HMAC algorithms: an attacker must never pick `none` or an asymmetric one.
ALLOWED_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
REQUIRED_CLAIMS = ["exp", "iat", "sub", "jti", "iss", "aud", "role", "sid"]


@dataclass(frozen=True, slots=True)
class AccessClaims:
    """The claims we rely on after a token verified."""

    user_id: uuid.UUID
    role: str
    jti: str
    session_id: uuid.UUID
    expires_at: int


def _algorithm(settings: Settings) -> str:
    if settings.jwt_algorithm not in ALLOWED_ALGORITHMS:
        raise ValueError(f"JWT_ALGORITHM must be one of {sorted(ALLOWED_ALGORITHMS)}")
    return settings.jwt_algorithm


def issue_access_token(
    settings: Settings, *, user_id: uuid.UUID, role: str, session_id: uuid.UUID
) -> str:
    """Sign a short-lived access token for one session."""
    now = int(time.time())
    claims = {
        "sub": str(user_id),
        "jti": uuid.uuid4().hex,
        "role": role,
        "sid": str(session_id),
        "iat": now,
        "exp": now + settings.access_token_ttl_seconds,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
    }
    return jwt.encode(claims, settings.secret_key, algorithm=_algorithm(settings))


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    """Verify signature, algorithm, expiry, issuer and audience, or raise 401."""
    try:
        claims = _verified_claims(
            token,
            settings.secret_key,
            _algorithm(settings),
            settings.jwt_audience,
            settings.jwt_issuer,
        )
    except (jwt.PyJWTError, ValueError, TypeError, KeyError) as exc:
        raise Unauthorized("The access token is invalid or expired.") from exc
    # The cache below remembers signatures, not freshness: expiry is checked on every use.
    if claims.expires_at <= time.time():
        raise Unauthorized("The access token is invalid or expired.")
    return claims


# A client presents the same token for its whole 15 minutes; verifying it once per
# process saves the HMAC and JSON work on every later request. Failures are not cached.
@lru_cache(maxsize=8192)
def _verified_claims(
    token: str, key: str, algorithm: str, audience: str, issuer: str
) -> AccessClaims:
    claims = jwt.decode(
        token,
        key,
        algorithms=[algorithm],
        audience=audience,
        issuer=issuer,
        options={"require": REQUIRED_CLAIMS},
    )
    return AccessClaims(
        user_id=uuid.UUID(claims["sub"]),
        role=str(claims["role"]),
        jti=str(claims["jti"]),
        session_id=uuid.UUID(claims["sid"]),
        expires_at=int(claims["exp"]),
    )


def new_opaque_token() -> tuple[str, str]:
    """A random token for the client and the hash we store instead of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_opaque_token(token)


def hash_opaque_token(token: str) -> str:
    """SHA-256 suffices: the token carries 256 random bits, nothing to brute-force."""
    return hashlib.sha256(token.encode()).hexdigest()
