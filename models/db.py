"""Database helpers shared by the API, the pipeline and the CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from piccolo.engine.base import Engine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.query.methods.select import Select

from models.tables import User


def engine() -> Engine:
    """The engine every table uses (from piccolo_conf)."""
    return User._meta.db


def transaction() -> Any:
    """A write transaction; on SQLite it takes the write lock up front."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        # Deferred transactions that read then write fail with "database is locked".
        return db.transaction(transaction_type=TransactionType.immediate)
    return db.transaction()


async def lock_row(query: Select) -> list[dict[str, Any]]:
    """Run a select that locks its rows until the transaction ends (PostgreSQL only)."""
    if isinstance(engine(), SQLiteEngine):
        return await query  # the immediate transaction already holds the write lock
    return await query.lock_rows("UPDATE")


def utcnow() -> datetime:
    """Aware UTC now."""
    return datetime.now(UTC)


# Dates a client may send: arithmetic near datetime.min/max overflows, and none is meaningful.
SANE_YEARS = range(1970, 2101)


def sane(value: datetime) -> datetime:
    """The value, or ValueError when its year is outside SANE_YEARS."""
    if value.year not in SANE_YEARS:
        raise ValueError(f"year {value.year} is outside {SANE_YEARS.start}-{SANE_YEARS.stop - 1}")
    return value


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 timestamp (`Z` allowed) as aware UTC; naive means UTC. ValueError if not."""
    parsed = sane(datetime.fromisoformat(text.replace("Z", "+00:00")))
    try:
        return sane(as_utc(parsed))
    except OverflowError as exc:
        raise ValueError("timestamp out of range") from exc


def as_utc(value: datetime) -> datetime:
    """Aware UTC, whatever the engine handed back."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def row_timestamp(value: Any) -> datetime:
    """A timestamp from a raw-SQL row as aware UTC (SQLite hands them back as text)."""
    return as_utc(value) if isinstance(value, datetime) else parse_timestamp(str(value))


async def fetch_row(sql: str, *args: Any) -> dict[str, Any] | None:
    """One row by a fixed PostgreSQL query, straight through asyncpg's statement cache.

    For hot paths only: Piccolo's query building costs ~0.3 ms of CPU per call, more than
    the round trip. Never inside a transaction: the pool hands out another connection.
    """
    row = await engine().pool.fetchrow(sql, *args)  # type: ignore[attr-defined]
    return dict(row) if row is not None else None


def has_pool() -> bool:
    """True when a PostgreSQL pool is open (hot paths may then use fetch_row)."""
    return getattr(engine(), "pool", None) is not None


async def ping() -> None:
    """Round-trip to the database."""
    await User.raw("SELECT 1")
