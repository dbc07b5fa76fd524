"""The transcribe stage: an answer's recording to words with timings."""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec

from models.tables import Answer
from pipeline.context import WorkerContext, local_audio
from pipeline.engines.speech_to_text import interview_vocabulary, transcribe


async def transcribe_recording(ctx: WorkerContext, inputs: dict[str, Any]) -> dict[Any, Any]:
    """Speech to words with timings; unusable speech is stored as such, with its reason."""
    settings = ctx.settings
    async with local_audio(ctx.store, inputs["audio_key"]) as path:
        transcript = await asyncio.to_thread(
            transcribe,
            path,
            vocabulary=interview_vocabulary(inputs["question.text"], inputs["interview.skills"]),
            model=settings.whisper_model,
            cpu_threads=settings.whisper_cpu_threads,
        )
    return {Answer.transcription: msgspec.to_builtins(transcript)}
