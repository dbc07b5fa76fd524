"""Turn database rows into typed wire structs, whatever engine produced them."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any, Generic, TypeVar

import msgspec

T = TypeVar("T")


def shape(row: Mapping[str, Any], type_: type[T], *, json_fields: Iterable[str] = ()) -> T:
    """Build a struct from a row by field name, coercing engine types (str UUIDs, 0/1...)."""
    values = dict(row)
    for name in json_fields:
        if isinstance(values.get(name), str | bytes):
            values[name] = msgspec.json.decode(values[name])
    return msgspec.convert(SimpleNamespace(**values), type_, from_attributes=True, strict=False)


class Page(msgspec.Struct, Generic[T], rename="camel"):
    """One page of a list."""

    items: list[T]
    page: int
    page_size: int
    total: int
    total_pages: int


def page_of(items: list[T], *, page: int, page_size: int, total: int) -> Page[T]:
    """Wrap items with the counts a paginator needs."""
    return Page(
        items=items,
        page=page,
        page_size=page_size,
        total=total,
        total_pages=math.ceil(total / page_size) if total else 0,
    )
