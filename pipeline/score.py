"""The score stage: metrics from the words and the sound, then the configured scorer."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec

from models.tables import Answer
from pipeline.context import WorkerContext, local_audio
from pipeline.engines.measure import measure
from pipeline.engines.transcript import Transcript


async def score_transcript(ctx: WorkerContext, inputs: dict[str, Any]) -> dict[Any, Any]:
    """Metrics from the words and the sound, then the scorer; no score without usable speech."""
    transcript = msgspec.convert(inputs["transcription"], Transcript)
    async with local_audio(ctx.store, inputs["audio_key"]) as path:
        facts = await asyncio.to_thread(
            measure,
            transcript,
            question_text=inputs["question.text"],
            category=inputs["question.category"],
            skills=list(inputs["interview.skills"]),
            key_points=list(inputs["question.key_points"]),
            audio=path if transcript.usable else None,
        )
    analysis = await asyncio.to_thread(ctx.scorer, facts, str(inputs["user"]))
    if analysis is None:
        return {Answer.analysis: None, Answer.error: transcript.reason}
    return {Answer.analysis: msgspec.to_builtins(analysis)}
