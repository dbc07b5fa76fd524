"""The pipeline's plain rules: backoff, where reprocessing starts, when a result is due."""

from __future__ import annotations

import pytest

from pipeline.aggregate import ready_to_aggregate
from pipeline.claims import retry_delay
from pipeline.reprocess import start_stage
from pipeline.runner import describe
from pipeline.statistics import percentiles


def test_retries_back_off_exponentially() -> None:
    assert [retry_delay(attempt, 10.0) for attempt in (1, 2, 3)] == [10.0, 20.0, 40.0]


@pytest.mark.parametrize(
    ("requested", "failed", "transcribed", "expected"),
    [
        (None, None, True, "transcribe"),
        (None, "score", True, "score"),
        ("score", None, True, "score"),
        ("score", None, False, "transcribe"),  # nothing to score yet
        (None, "transcribe", False, "transcribe"),
    ],
)
def test_reprocessing_starts_where_it_must(
    requested: str | None, failed: str | None, transcribed: bool, expected: str
) -> None:
    assert start_stage(requested, failed, transcribed) == expected


def test_a_result_waits_for_completion_and_every_answer() -> None:
    assert ready_to_aggregate("completed", ["done", "failed"])
    assert ready_to_aggregate("completed", [])  # every question skipped
    assert not ready_to_aggregate("completed", ["done", "scoring"])
    assert not ready_to_aggregate("in-progress", ["done"])


def test_errors_are_described_in_one_short_line() -> None:
    error = FileNotFoundError("No such file: answers/x.webm\nTraceback noise")
    assert describe(error) == "FileNotFoundError: No such file: answers/x.webm"
    assert describe(RuntimeError()) == "RuntimeError"
    assert len(describe(ValueError("x" * 1000))) == 300


def test_percentiles_of_durations() -> None:
    assert percentiles([]) == {"p50": None, "p95": None}
    assert percentiles([2.0]) == {"p50": 2.0, "p95": 2.0}
    assert percentiles([float(s) for s in range(1, 101)]) == {"p50": 50.5, "p95": 95.05}
