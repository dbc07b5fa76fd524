"""argon2id hashing, run in threads so the event loop never stalls."""

from __future__ import annotations

import asyncio
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.settings import Settings

# argon2-cffi's defaults (RFC 9106 low-memory: t=3, m=64 MiB, p=4) exceed OWASP's floor.
_hasher = PasswordHasher()
_slots: asyncio.Semaphore | None = None
_slot_count = 1


def configure(settings: Settings) -> None:
    """Set the hash parameters and how many hashes may run at once in this process."""
    global _hasher, _slots, _slot_count
    _hasher = PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
    )
    _dummy_hash.cache_clear()
    _slot_count = max(1, settings.password_hash_concurrency)
    _slots = None


def _semaphore() -> asyncio.Semaphore:
    global _slots
    if _slots is None:
        _slots = asyncio.Semaphore(_slot_count)
    return _slots


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash("not-a-real-password-only-for-timing")


def _verify_hash(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


async def hash_password(password: str) -> str:
    """Hash a new password."""
    async with _semaphore():
        return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password; with no stored hash, spend the same time and say no."""
    async with _semaphore():
        return await asyncio.to_thread(_verify_hash, stored_hash, password)


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with other parameters than today's."""
    return _hasher.check_needs_rehash(stored_hash)


def warm_up() -> None:
    """Compute the dummy hash now, so the first unknown-email login is not faster."""
    _dummy_hash()
