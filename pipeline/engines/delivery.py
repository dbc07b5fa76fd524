"""Delivery metrics computed from word timings, never guessed by a model."""

from __future__ import annotations

import itertools
from collections import Counter

import msgspec

from pipeline.engines.transcript import Word

LONG_PAUSE_SECONDS = 2.0
# Multi-word fillers and hedges are matched before single words, longest first.
FILLERS = (
    ("you", "know"),
    ("i", "mean"),
    ("sort", "of"),
    ("kind", "of"),
    ("um",),
    ("uh",),
    ("erm",),
    ("er",),
    ("ah",),
    ("hmm",),
    ("mm",),
    ("like",),
    ("basically",),
    ("literally",),
    ("actually",),
)
HEDGES = (
    ("i", "guess"),
    ("i", "think"),
    ("i", "suppose"),
    ("i'm", "not", "sure"),
    ("not", "sure"),
    ("probably",),
    ("maybe",),
    ("perhaps",),
    ("possibly",),
    ("might",),
)
# "like" is a filler only between other words, not in "I would like to" or "looks like".
_LIKE_AS_VERB_BEFORE = frozenset(
    {
        "i",
        "we",
        "you",
        "they",
        "would",
        "i'd",
        "you'd",
        "we'd",
        "they'd",
        "looks",
        "look",
        "looked",
        "feel",
        "feels",
        "felt",
        "seems",
        "something",
        "things",
        "just",
        "don't",
        "didn't",
        "really",
    }
)


class Moment(msgspec.Struct, frozen=True):
    """A stretch of the recording (seconds from the start) and what happened there."""

    start: float
    end: float
    text: str


class DeliveryMetrics(msgspec.Struct, rename="camel", frozen=True):
    """How the answer was spoken."""

    words_per_minute: int | None
    word_count: int
    speaking_seconds: float
    filler_count: int
    fillers_per_100_words: float
    filler_words: dict[str, int]
    long_pauses: int
    longest_pause_seconds: float
    hedge_count: int
    # Where the fillers and long pauses are, so a transcript can mark exactly what was counted.
    filler_spans: list[Moment] = []
    long_pause_spans: list[Moment] = []


def phrase_spans(
    tokens: list[str], phrases: tuple[tuple[str, ...], ...]
) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, phrase) matches, longest phrase first at each token."""
    ordered = sorted(phrases, key=len, reverse=True)
    spans = []
    i = 0
    while i < len(tokens):
        for phrase in ordered:
            if tuple(tokens[i : i + len(phrase)]) == phrase and _counts(tokens, i, phrase):
                spans.append((i, i + len(phrase), " ".join(phrase)))
                i += len(phrase)
                break
        else:
            i += 1
    return spans


def _match_phrases(tokens: list[str], phrases: tuple[tuple[str, ...], ...]) -> Counter[str]:
    return Counter(name for _, _, name in phrase_spans(tokens, phrases))


def _counts(tokens: list[str], i: int, phrase: tuple[str, ...]) -> bool:
    if phrase != ("like",):
        return True
    before = tokens[i - 1] if i > 0 else ""
    return i > 0 and before not in _LIKE_AS_VERB_BEFORE


def pauses(words: list[Word]) -> list[float]:
    """Silences between consecutive words, in seconds."""
    return [max(0.0, b.start - a.end) for a, b in itertools.pairwise(words)]


def speaking_seconds(words: list[Word]) -> float:
    """Time from the first word to the last, minus long pauses."""
    if not words:
        return 0.0
    span = words[-1].end - words[0].start
    return max(0.0, span - sum(p for p in pauses(words) if p >= LONG_PAUSE_SECONDS))


def _moments(spoken: list[Word], spans: list[tuple[int, int, str]]) -> list[Moment]:
    return [Moment(spoken[first].start, spoken[last - 1].end, name) for first, last, name in spans]


def _long_pause_moments(words: list[Word], gaps: list[float]) -> list[Moment]:
    return [
        Moment(a.end, b.start, f"{gap:.1f} s")
        for (a, b), gap in zip(itertools.pairwise(words), gaps, strict=True)
        if gap >= LONG_PAUSE_SECONDS
    ]


def delivery_metrics(words: list[Word]) -> DeliveryMetrics:
    """Pace, fillers, pauses and hedges of an answer."""
    spoken = [w for w in words if w.norm]
    tokens = [w.norm for w in spoken]
    filler_spans = phrase_spans(tokens, FILLERS)
    fillers = Counter(name for _, _, name in filler_spans)
    hedges = _match_phrases(tokens, HEDGES)
    gaps = pauses(words)
    long_pauses = _long_pause_moments(words, gaps)
    seconds = speaking_seconds(words)
    count = len(tokens)
    filler_total = sum(fillers.values())
    return DeliveryMetrics(
        words_per_minute=round(count / seconds * 60) if seconds >= 1.0 else None,
        word_count=count,
        speaking_seconds=round(seconds, 2),
        filler_count=filler_total,
        fillers_per_100_words=round(filler_total / count * 100, 1) if count else 0.0,
        filler_words=dict(sorted(fillers.items())),
        long_pauses=len(long_pauses),
        longest_pause_seconds=round(max(gaps, default=0.0), 2),
        hedge_count=sum(hedges.values()),
        filler_spans=_moments(spoken, filler_spans),
        long_pause_spans=long_pauses,
    )
