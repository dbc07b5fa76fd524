"""Query parameters every list endpoint shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from litestar.params import Parameter

MAX_PAGE_SIZE = 100


@dataclass(frozen=True, slots=True)
class PageParams:
    """`?page=1&pageSize=20`, validated."""

    page: int
    page_size: int

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.page_size


# Declared on each list handler rather than as a dependency: Litestar resolves two
# dependencies of one handler in a task group, a measurable cost on hot list endpoints.
PageNumber = Annotated[int, Parameter(ge=1, le=1_000_000, description="1-based page")]
PageSize = Annotated[
    int, Parameter(query="pageSize", ge=1, le=MAX_PAGE_SIZE, description="items per page")
]
