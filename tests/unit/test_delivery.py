"""Delivery metrics are exact on hand-built word timings."""

from __future__ import annotations

from pipeline.engines.delivery import delivery_metrics, speaking_seconds
from pipeline.engines.transcript import Word


def _words(*spec: tuple[str, float, float]) -> list[Word]:
    return [Word(text, start, end) for text, start, end in spec]


def _timed(text: str, *, gap: float = 0.1, length: float = 0.3, start: float = 0.0) -> list[Word]:
    words, t = [], start
    for token in text.split():
        words.append(Word(token, round(t, 3), round(t + length, 3)))
        t += length + gap
    return words


def test_pace_is_words_over_speaking_time() -> None:
    words = _timed(" ".join(["word"] * 60), gap=0.1, length=0.4)  # 60 words in 29.9 s
    metrics = delivery_metrics(words)
    assert metrics.word_count == 60
    assert metrics.speaking_seconds == 29.9
    assert metrics.words_per_minute == round(60 / 29.9 * 60)


def test_long_pauses_are_counted_and_left_out_of_speaking_time() -> None:
    words = _words(
        ("I", 0.0, 0.5),
        ("led", 0.6, 1.0),
        ("the", 3.5, 3.8),
        ("team.", 3.9, 4.4),
        ("Then", 7.4, 7.8),
        ("we", 7.9, 8.0),
    )
    metrics = delivery_metrics(words)
    assert metrics.long_pauses == 2
    assert metrics.longest_pause_seconds == 3.0
    assert speaking_seconds(words) == 8.0 - 2.5 - 3.0


def test_single_and_multi_word_fillers_are_counted() -> None:
    words = _timed(
        "Um, so I think, uh, we, you know, shipped it. It was sort of, like, hard. Uh, you know?"
    )
    metrics = delivery_metrics(words)
    assert metrics.filler_words == {"like": 1, "sort of": 1, "uh": 2, "um": 1, "you know": 2}
    assert metrics.filler_count == 7
    assert metrics.fillers_per_100_words == round(7 / metrics.word_count * 100, 1)


def test_like_as_a_verb_is_not_a_filler() -> None:
    metrics = delivery_metrics(_timed("I would like to lead. It looks like rain. We like Go."))
    assert metrics.filler_count == 0


def test_hedges_are_counted() -> None:
    metrics = delivery_metrics(_timed("I guess it was probably fine, maybe. I think so."))
    assert metrics.hedge_count == 4


def test_no_words_means_no_pace_rather_than_a_made_up_one() -> None:
    metrics = delivery_metrics([])
    assert metrics.words_per_minute is None
    assert (metrics.word_count, metrics.filler_count, metrics.long_pauses) == (0, 0, 0)


def test_fillers_and_long_pauses_are_located_for_the_transcript() -> None:
    words = _words(
        ("So,", 0.0, 0.3),
        ("you", 0.4, 0.6),
        ("know,", 0.6, 0.9),
        ("I'd", 1.0, 1.2),
        ("like", 1.2, 1.5),
        ("to", 1.5, 1.6),
        ("um", 4.0, 4.3),
        ("start.", 4.4, 4.9),
    )
    metrics = delivery_metrics(words)
    assert [(m.start, m.end, m.text) for m in metrics.filler_spans] == [
        (0.4, 0.9, "you know"),
        (4.0, 4.3, "um"),
    ]  # "I'd like to" is not a filler
    assert [(m.start, m.end) for m in metrics.long_pause_spans] == [(1.6, 4.0)]
    assert metrics.long_pause_spans[0].text == "2.4 s"
    assert len(metrics.filler_spans) == metrics.filler_count
