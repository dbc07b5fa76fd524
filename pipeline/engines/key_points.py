"""Which key points an answer made, and the sentence of the transcript that made each."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import msgspec

from pipeline.engines.concepts import Concept, concept_at, from_key_point, parse_concept
from pipeline.engines.language import Token, clause_span, list_like, sentence_spans, tokens
from pipeline.engines.transcript import Word, words_text

# "I don't know", "I can't think of an example", "I've never done that" (pipeline/concepts.py).
DONT_KNOW = parse_concept(
    "i not know / i not sure / i no idea / i not familiar / i no experience / i not remember / "
    "i not think of / nothing come to mind / i not have + example / not come up / "
    "i not have to / i not need to / i never work, i never use, i never do, i never design, "
    "i never build, i never look, i never handle, i never need, i never have, i never be / "
    "i not + yet"
)
# Long sentences, or ones that turn ("I'm not sure, but ..."), go on to make a point anyway.
DECLINE_MAX_TOKENS = 20
_CONTRAST = frozenset({"but", "though", "although", "however"})
# A quote longer than this is narrowed to the clauses that make the point.
QUOTE_MAX_WORDS = 30
# "#brief" points: the answer had substance and stayed within two minutes.
BRIEF_MIN_WORDS, BRIEF_MAX_SECONDS = 40, 120.0


class KeyPointVerdict(msgspec.Struct, rename="camel", frozen=True):
    """One key point, whether the answer made it, and the sentence that did (verbatim)."""

    point: str
    covered: bool
    quote: str | None = None
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the transcript: its word span and its tokens."""

    start: int
    end: int
    toks: list[Token]
    listed: bool  # terms strung together, not a sentence: it makes no point
    declines: bool  # "I don't know": with little else said, the answer is declined


def sentences(words: list[Word]) -> list[Sentence]:
    """The transcript's sentences with their tokens."""
    toks = tokens(words)
    out = []
    for start, end in sentence_spans(words):
        own = [t for t in toks if start <= t.word < end]
        declines = (
            len(own) < DECLINE_MAX_TOKENS
            and not any(t.raw in _CONTRAST for t in own)
            and concept_at(DONT_KNOW, own) is not None
        )
        out.append(Sentence(start, end, own, list_like(words[start:end], own), declines))
    return out


def _windows(said: list[Sentence]) -> list[tuple[int, int, list[Token]]]:
    """Single sentences first, then pairs of neighbours ("Tuples are fixed. You can't ...")."""
    spoken = [s for s in said if not s.listed]
    singles = [(s.start, s.end, s.toks) for s in spoken]
    pairs = [
        (a.start, b.end, a.toks + b.toks) for a, b in itertools.pairwise(spoken) if a.end == b.start
    ]
    return singles + pairs


def quote_span(words: list[Word], start: int, end: int, hits: list[int]) -> tuple[int, int]:
    """The window, or in a long one the clauses from the first to the last word that matched."""
    if end - start <= QUOTE_MAX_WORDS or not hits:
        return start, end
    first, _ = clause_span(words, min(hits), min(hits))
    _, last = clause_span(words, max(hits), max(hits))
    return first, last


def _verdict(point: str, words: list[Word], span: tuple[int, int]) -> KeyPointVerdict:
    a, b = span
    return KeyPointVerdict(
        point=point,
        covered=True,
        quote=words_text(words[a:b]),
        start=words[a].start,
        end=words[b - 1].end,
    )


def judge(
    words: list[Word], key_points: list[str], concepts: list[str] | None = None
) -> list[KeyPointVerdict]:
    """A verdict per key point, in order; points are made in sentences, never in lists."""
    parsed: list[Concept] = (
        [parse_concept(c) for c in concepts]
        if concepts and len(concepts) == len(key_points)
        else [from_key_point(p) for p in key_points]
    )
    said = sentences(words)
    windows = _windows(said)
    speaking = (words[-1].end - words[0].start) if words else 0.0
    verdicts = []
    for point, concept in zip(key_points, parsed, strict=True):
        if concept.brief:
            brief = len(words) >= BRIEF_MIN_WORDS and speaking <= BRIEF_MAX_SECONDS
            verdicts.append(KeyPointVerdict(point=point, covered=brief))
            continue
        for start, end, toks in windows:
            if (hits := concept_at(concept, toks)) is not None:
                span = quote_span(words, start, end, [toks[i].word for i in hits])
                verdicts.append(_verdict(point, words, span))
                break
        else:
            verdicts.append(KeyPointVerdict(point=point, covered=False))
    return verdicts
