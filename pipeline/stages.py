"""The pipeline's stages, declared once: everything else (actors, dispatch, the CLI's choices,
queue statistics, the stage rows of a new answer) is derived from this table."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from models.tables import AnswerStage


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the pipeline and how it runs."""

    name: str
    # The Dramatiq queue (one per stage, so operators scale each on its own) and actor.
    queue: str
    actor: str
    # What the answer's status says while it runs; None for the interview-level stage.
    running_status: str | None
    # The stage queued when this one succeeds; None when the answer is then done.
    following: str | None = None

    @property
    def per_answer(self) -> bool:
        """True for stages with a row per answer (claimed, retried, swept)."""
        return self.running_status is not None


STAGES = {
    stage.name: stage
    for stage in (
        Stage("transcribe", "transcribe", "transcribe_answer", "transcribing", following="score"),
        Stage("score", "score", "score_answer", "scoring"),
        # Builds the interview's result once every answer is processed; stateless.
        Stage("aggregate", "aggregate", "aggregate_interview", None),
    )
}
# The stages an answer goes through, in order.
ANSWER_STAGES = tuple(name for name, stage in STAGES.items() if stage.per_answer)
TERMINAL_ANSWER_STATUSES = ("done", "failed")


def later_stages(name: str) -> tuple[str, ...]:
    """The answer stages after `name`, in order."""
    return ANSWER_STAGES[ANSWER_STAGES.index(name) + 1 :]


async def create_stage_rows(answer_id: uuid.UUID) -> None:
    """A new answer's stage rows: the first queued, the others waiting (call in a transaction)."""
    first, *rest = ANSWER_STAGES
    await AnswerStage.insert(
        AnswerStage(answer=answer_id, name=first, status="queued"),
        *(AnswerStage(answer=answer_id, name=name, status="pending") for name in rest),
    )
