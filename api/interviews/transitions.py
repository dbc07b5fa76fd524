"""The interview state machine as plain rules."""

from __future__ import annotations

from api.errors import Conflict

TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"in-progress", "cancelled"}),
    "in-progress": frozenset({"completed", "cancelled"}),
    "completed": frozenset(),
    "cancelled": frozenset(),
}
OPEN_STATES = frozenset({"pending", "in-progress"})


def check_transition(current: str, target: str) -> None:
    """Allow only pending -> in-progress -> completed and unfinished -> cancelled."""
    if target not in TRANSITIONS.get(current, frozenset()):
        raise Conflict(f"An interview that is {current} cannot become {target}.")


def check_open(status: str, action: str) -> None:
    """Refuse changes to finished interviews."""
    if status not in OPEN_STATES:
        raise Conflict(f"Cannot {action}: the interview is {status}.")


def result_status(interview_status: str, has_result: bool) -> str:
    """Where the result stands: pending until completion, then processing, then ready."""
    if has_result:
        return "ready"
    return "processing" if interview_status == "completed" else "pending"
