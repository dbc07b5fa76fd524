"""Small helpers for the hand-written SQL of list and stats queries (portable across engines).

SQL text is only ever assembled from constants in our code; every value travels as a
placeholder argument, which is why ruff's S608 is silenced for the query modules.
"""

from __future__ import annotations

from typing import Any

from models.tables import User

# Piccolo's raw() turns each {} into the engine's placeholder, so values never touch the SQL.
LIKE_ESCAPE = "ESCAPE '\\'"


def contains_pattern(text: str) -> str:
    """A LIKE pattern matching `text` anywhere, with %, _ and \\ taken literally."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Where:
    """AND-ed conditions with their arguments, in order."""

    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.args: list[Any] = []

    def add(self, clause: str, *args: Any) -> Where:
        """Add one condition whose {} placeholders take `args`."""
        self.clauses.append(clause)
        self.args.extend(args)
        return self

    @property
    def sql(self) -> str:
        """The condition text, `1 = 1` when empty."""
        return " AND ".join(self.clauses) or "1 = 1"


async def fetch(sql: str, *args: Any) -> list[dict[str, Any]]:
    """Run a read-only query on the app's engine."""
    return await User.raw(sql, *args)


async def fetch_page(
    columns: str, source: str, where: Where, order: str, *, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of rows and the total count, in one round trip unless past the end."""
    rows = await fetch(
        f"SELECT {columns}, COUNT(*) OVER () AS total_count FROM {source} "
        f"WHERE {where.sql} ORDER BY {order} LIMIT {{}} OFFSET {{}}",
        *where.args,
        limit,
        offset,
    )
    if rows:
        return rows, int(rows[0]["total_count"])
    # Past the last page the window count is absent: count separately.
    counted = await fetch(f"SELECT COUNT(*) AS n FROM {source} WHERE {where.sql}", *where.args)
    return rows, int(counted[0]["n"])
