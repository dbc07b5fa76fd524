"""One answer scored outside the pipeline (the `analyse` command), by the score stage's code."""

from __future__ import annotations

from pathlib import Path

import msgspec
from redis import Redis

from core.bank import read_bank, text_key
from core.settings import get_settings
from core.skills import normalise_skills
from pipeline.context import make_scorer
from pipeline.engines.measure import measure
from pipeline.engines.speech_to_text import interview_vocabulary, transcribe
from pipeline.engines.transcript import Transcript, typed_transcript


def _transcript(
    audio: str | None, text: str | None, question: str, skills: list[str]
) -> Transcript:
    if text is not None:
        return typed_transcript(text)
    settings = get_settings()
    return transcribe(
        Path(audio or ""),
        vocabulary=interview_vocabulary(question, skills),
        model=settings.whisper_model,
        cpu_threads=settings.whisper_cpu_threads,
    )


def analyse_answer(
    *,
    question: str,
    audio: str | None,
    text: str | None,
    key_points: list[str],
    skills: list[str],
    category: str | None,
) -> str:
    """The AnswerAnalysis as indented JSON, or the transcript's reason when nothing was said."""
    bank = next((q for q in read_bank() if text_key(q.text) == text_key(question)), None)
    points = key_points or (bank.key_points if bank else [])
    if not points:
        raise ValueError("not a bank question: give its key points with --key-point")
    skills = normalise_skills(skills) if skills else (bank.skills if bank else [])
    transcript = _transcript(audio, text, question, skills)
    facts = measure(
        transcript,
        question_text=question,
        category=category or (bank.category if bank else "technical"),
        skills=skills,
        key_points=points,
        audio=Path(audio) if audio and transcript.usable else None,
    )
    settings = get_settings()
    analysis = make_scorer(settings, Redis.from_url(settings.redis_url))(facts, "cli")
    if analysis is None:
        return msgspec.json.format(
            msgspec.json.encode({"analysis": None, "reason": transcript.reason}), indent=2
        ).decode()
    return msgspec.json.format(msgspec.json.encode(analysis), indent=2).decode()
