"""Event ids go on from a reconnecting client's Last-Event-ID, whatever the header holds."""

from __future__ import annotations

import pytest

from api.interviews.events import first_event_id


@pytest.mark.parametrize(
    ("header", "first"),
    [(None, 1), ("", 1), ("41", 42), ("0", 1), ("²", 1), ("-3", 1), ("7a", 1), ("9" * 40, 1)],
)
def test_the_first_id_follows_the_last_one_seen(header: str | None, first: int) -> None:
    assert first_event_id(header) == first
