"""When a prompted decode is thrown away and the clip decoded again without the prompt."""

from __future__ import annotations

from faster_whisper.transcribe import Segment
from faster_whisper.transcribe import Word as WhisperWord

from pipeline.engines.speech_to_text import Clip, needs_retry


def _segment(start: float, end: float, words: int, compression_ratio: float = 1.5) -> Segment:
    step = (end - start) / max(1, words)
    return Segment(
        id=1,
        seek=0,
        start=start,
        end=end,
        text="",
        tokens=[],
        avg_logprob=-0.3,
        compression_ratio=compression_ratio,
        no_speech_prob=0.0,
        words=[
            WhisperWord(start + i * step, start + (i + 1) * step, "word", 0.9) for i in range(words)
        ],
        temperature=0.0,
    )


def test_a_clip_decoded_at_a_speaking_pace_is_kept() -> None:
    assert not needs_retry(Clip(0.0, 20.0), [_segment(0.0, 20.0, words=50)])


def test_a_clip_the_decoder_stopped_early_on_is_retried() -> None:
    clip = Clip(0.0, 20.0)
    assert needs_retry(clip, [_segment(0.0, 20.0, words=6)])
    assert needs_retry(clip, [])


def test_a_looping_decode_is_retried() -> None:
    assert needs_retry(Clip(0.0, 20.0), [_segment(0.0, 20.0, words=80, compression_ratio=3.1)])


def test_only_the_clip_that_failed_is_retried() -> None:
    segments = [_segment(0.0, 25.0, words=60), _segment(31.0, 50.0, words=2)]
    assert not needs_retry(Clip(0.0, 25.0), segments)
    assert needs_retry(Clip(31.0, 50.0), segments)


def test_a_short_clip_with_few_words_is_not_mistaken_for_a_cut() -> None:
    assert not needs_retry(Clip(0.0, 2.5), [_segment(0.0, 2.5, words=1)])
