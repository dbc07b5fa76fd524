"""Benchmark: transcriber accuracy and speed, filler recall, and the rubric's pair ordering.

Run: `python -m bench.quality` (needs espeak-ng and sox; no database or Redis).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import jiwer

from bench.common import ROOT
from bench.pairs import PAIRS, AnswerPair
from pipeline.engines.delivery import delivery_metrics
from pipeline.engines.measure import measure
from pipeline.engines.rubric import rubric_analysis
from pipeline.engines.speech_to_text import interview_vocabulary, load_model, transcribe
from pipeline.engines.transcript import Transcript, Word

sys.path.insert(0, str(ROOT))
from tests.audio import encode, speak, with_noise

THREADS = 2
VOICES = [("en-us", 150), ("en-gb", 170), ("en-us+f3", 135), ("en-us", 185)]
_CLEAN = jiwer.Compose(
    [
        jiwer.ToLowerCase(),
        jiwer.RemovePunctuation(),
        jiwer.RemoveMultipleSpaces(),
        jiwer.Strip(),
        jiwer.ReduceToListOfListOfWords(),
    ]
)


def _wer(references: list[str], hypotheses: list[str]) -> float:
    return float(
        jiwer.wer(references, hypotheses, reference_transform=_CLEAN, hypothesis_transform=_CLEAN)
    )


def _vocabulary(pair: AnswerPair) -> list[str]:
    return interview_vocabulary(pair.question, pair.skills)


def _record(directory: Path, index: int, text: str) -> Path:
    voice, pace = VOICES[index % len(VOICES)]
    wav = speak(text, directory / f"answer-{index}.wav", voice=voice, words_per_minute=pace)
    if index % 4 == 1:
        return encode(wav, directory, "webm")
    if index % 4 == 2:
        return with_noise(wav, directory / f"answer-{index}-noisy.wav")
    return wav


def _reference_fillers(text: str) -> dict[str, int]:
    words = [Word(token, i * 0.4, i * 0.4 + 0.3) for i, token in enumerate(text.split())]
    return delivery_metrics(words).filler_words


def _timed(path: Path, vocabulary: list[str], *, biased: bool) -> tuple[Transcript, float]:
    started = time.perf_counter()
    transcript = transcribe(path, vocabulary=vocabulary, cpu_threads=THREADS, biased=biased)
    return transcript, time.perf_counter() - started


def main() -> None:
    """Record the speech set, run every measurement and print the table."""
    load_model("", THREADS)
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as tmp:
        directory = Path(tmp)
        strong_clips = [_record(directory, i, p.strong) for i, p in enumerate(PAIRS)]
        weak_clips = [_record(directory, i + 100, p.weak) for i, p in enumerate(PAIRS)]
        references, biased_text, plain_text = [], [], []
        seconds = audio = 0.0
        strong_transcripts = []
        for pair, clip in zip(PAIRS, strong_clips, strict=True):
            vocabulary = _vocabulary(pair)
            biased, took = _timed(clip, vocabulary, biased=True)
            plain, _ = _timed(clip, vocabulary, biased=False)
            references.append(pair.strong)
            biased_text.append(biased.text)
            plain_text.append(plain.text)
            strong_transcripts.append(biased)
            seconds += took
            audio += biased.duration
        expected = found = 0
        ordered = {"technical": 0, "clarity": 0, "confidence": 0}
        for pair, clip, strong in zip(PAIRS, weak_clips, strong_transcripts, strict=True):
            weak, _ = _timed(clip, _vocabulary(pair), biased=True)
            wanted = _reference_fillers(pair.weak)
            got = delivery_metrics(weak.words).filler_words
            expected += sum(wanted.values())
            found += sum(min(n, got.get(w, 0)) for w, n in wanted.items())
            scores = []
            for transcript, path in ((strong, strong_clips[PAIRS.index(pair)]), (weak, clip)):
                facts = measure(
                    transcript,
                    question_text=pair.question,
                    category=pair.category,
                    skills=pair.skills,
                    key_points=pair.key_points,
                    audio=path,
                )
                scores.append(rubric_analysis(facts))
            good, bad = scores
            for dimension in ordered:
                key = f"{dimension}_score"
                if good and bad and (getattr(good, key) or 0) > (getattr(bad, key) or 0):
                    ordered[dimension] += 1
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = [
        (
            "speech set",
            f"{len(PAIRS)} answers, {audio:.0f} s, 4 voices, webm/wav, 1 in 4 noisy",
            "",
        ),
        (
            "WER with vocabulary biasing",
            f"{_wer(references, biased_text):.3f}",
            "lower than without",
        ),
        ("WER without biasing", f"{_wer(references, plain_text):.3f}", ""),
        (f"real-time factor ({THREADS} threads, biased)", f"{seconds / audio:.3f}", "<= 0.10"),
        ("filler recall", f"{found}/{expected} = {found / max(1, expected):.2f}", ""),
        *(
            (f"pairs ranked strong > weak: {d}", f"{n}/{len(PAIRS)} = {n / len(PAIRS):.0%}", "100%")
            for d, n in ordered.items()
        ),
        ("peak RSS of this process (model loaded)", f"{rss_mb:.0f} MB", "<= 500 MB"),
    ]
    print(f"{'measure':<44} {'value':<48} target")
    print("-" * 104)
    for name, value, target in rows:
        print(f"{name:<44} {value:<48} {target}")


if __name__ == "__main__":
    main()
