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


def provide_page(
    page: Annotated[int, Parameter(ge=1, le=1_000_000, description="1-based page")] = 1,
    page_size: Annotated[
        int, Parameter(query="pageSize", ge=1, le=MAX_PAGE_SIZE, description="items per page")
    ] = 20,
) -> PageParams:
    """Validated paging parameters (out of range -> 422)."""
    return PageParams(page=page, page_size=page_size)
