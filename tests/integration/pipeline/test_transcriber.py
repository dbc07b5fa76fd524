"""The transcriber on speech we generate: accurate, verbatim, and honest about silence."""

from __future__ import annotations

from pathlib import Path

import jiwer
import pytest

from bench.pairs import PAIRS
from pipeline.engines.delivery import delivery_metrics
from pipeline.engines.speech_to_text import CLIP_SECONDS, load_model, transcribe
from tests.audio import concat, encode, silence, speak, with_noise

ANSWERS = {
    "indexes": "I measured the slow queries first, then added two indexes to the orders table "
    "and the report went from 12 seconds to under 1 second.",
    "team": "When the release slipped, I met with the team, we cut the scope in half and "
    "shipped the most important feature two weeks later.",
}
VOCABULARY = ["indexes", "orders", "queries", "release", "scope"]
FILLER_ANSWER = (
    "Um, so, I think, uh, the main thing was, you know, that we, um, had to "
    "migrate the database. Uh, I guess it probably took, like, three weeks."
)


def _wer(reference: str, hypothesis: str) -> float:
    clean = jiwer.Compose(
        [
            jiwer.ToLowerCase(),
            jiwer.RemovePunctuation(),
            jiwer.RemoveMultipleSpaces(),
            jiwer.Strip(),
            jiwer.ReduceToListOfListOfWords(),
        ]
    )
    return float(
        jiwer.wer(reference, hypothesis, reference_transform=clean, hypothesis_transform=clean)
    )


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Answers in two voices and speeds, in browser formats, one with background noise."""
    root = tmp_path_factory.mktemp("speech")
    clips = {
        "indexes-us-150-webm": encode(speak(ANSWERS["indexes"], root / "a.wav"), root, "webm"),
        "team-gb-170-mp3": encode(
            speak(ANSWERS["team"], root / "b.wav", voice="en-gb", words_per_minute=170), root, "mp3"
        ),
        "indexes-us-130-noisy": with_noise(
            speak(ANSWERS["indexes"], root / "c.wav", words_per_minute=130), root / "c-noisy.wav"
        ),
    }
    clips["fillers"] = speak(FILLER_ANSWER, root / "fillers.wav", words_per_minute=140)
    clips["silence"] = silence(root / "silence.wav", 4.0)
    clips["noise"] = with_noise(silence(root / "quiet.wav", 5.0), root / "noise.wav", volume=0.3)
    clips["french"] = speak(
        "Bonjour, je travaille comme ingénieure logicielle depuis cinq ans "
        "dans une grande entreprise de logistique.",
        root / "fr.wav",
        voice="fr",
    )
    clips["german"] = speak(
        "Ich habe fünf Jahre als Entwicklerin gearbeitet und viele Datenbanken optimiert.",
        root / "de.wav",
        voice="de",
    )
    # Over two Whisper windows, and with a 3-second pause in the middle.
    clips["long"] = concat(
        [
            speak(p.strong, root / f"long-{i}.wav", words_per_minute=160)
            for i, p in enumerate(PAIRS[:3])
        ],
        root / "long.wav",
    )
    clips["pause"] = concat(
        [
            speak(ANSWERS["team"], root / "p1.wav"),
            silence(root / "gap.wav", 3.0, rate=22050),
            speak(ANSWERS["indexes"], root / "p2.wav"),
        ],
        root / "pause.wav",
    )
    return clips


# tiny.en on synthetic voices: about 15% WER on clean speech over the bench/quality set; one
# sentence may lose a phrase ("slow queries" -> "slope we're in"), hence 25%. Noisy: 40%.
@pytest.mark.parametrize(
    ("clip", "bound"),
    [("indexes-us-150-webm", 0.25), ("team-gb-170-mp3", 0.25), ("indexes-us-130-noisy", 0.4)],
)
def test_spoken_answers_are_transcribed_accurately(
    speech: dict[str, Path], clip: str, bound: float
) -> None:
    transcript = transcribe(speech[clip], vocabulary=VOCABULARY)
    reference = ANSWERS[clip.split("-")[0]]
    assert transcript.usable, transcript.reason
    assert _wer(reference, transcript.text) < bound, transcript.text
    assert transcript.words[0].start < transcript.words[-1].end <= transcript.duration + 0.5
    assert all(
        a.start <= b.start for a, b in zip(transcript.words, transcript.words[1:], strict=False)
    )


def test_fillers_survive_transcription(speech: dict[str, Path]) -> None:
    transcript = transcribe(speech["fillers"], vocabulary=["database", "migrate"])
    metrics = delivery_metrics(transcript.words)
    assert metrics.filler_words.get("um", 0) >= 1
    assert metrics.filler_words.get("uh", 0) >= 1
    assert metrics.filler_words.get("you know", 0) >= 1
    assert metrics.filler_count >= 5
    assert metrics.hedge_count >= 2


def test_silence_is_flagged_as_no_speech(speech: dict[str, Path]) -> None:
    transcript = transcribe(speech["silence"], vocabulary=VOCABULARY)
    assert not transcript.usable
    assert transcript.words == []
    assert "No speech was detected" in (transcript.reason or "")


def test_noise_without_speech_is_flagged(speech: dict[str, Path]) -> None:
    transcript = transcribe(speech["noise"], vocabulary=VOCABULARY)
    assert not transcript.usable
    assert transcript.reason


@pytest.mark.parametrize("clip", ["french", "german"])
def test_speech_the_model_cannot_transcribe_is_flagged(speech: dict[str, Path], clip: str) -> None:
    transcript = transcribe(speech[clip], vocabulary=VOCABULARY)
    assert not transcript.usable
    assert "English" in (transcript.reason or "")


def test_the_model_is_loaded_once_per_process() -> None:
    assert load_model("", 2) is load_model("", 2)


def test_a_long_answer_is_transcribed_to_the_end(speech: dict[str, Path]) -> None:
    transcript = transcribe(speech["long"], vocabulary=["python", "sql", "indexes"])
    reference = " ".join(p.strong for p in PAIRS[:3])
    assert transcript.duration > 2 * CLIP_SECONDS
    assert transcript.usable, transcript.reason
    assert _wer(reference, transcript.text) < 0.3, transcript.text
    assert transcript.words[-1].end > transcript.duration - 3


def test_a_pause_keeps_its_length_in_the_word_timings(speech: dict[str, Path]) -> None:
    transcript = transcribe(speech["pause"], vocabulary=VOCABULARY)
    metrics = delivery_metrics(transcript.words)
    assert metrics.long_pauses == 1
    assert 2.5 <= metrics.longest_pause_seconds <= 4.0
