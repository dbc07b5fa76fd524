"""Key points as concepts: the phrasings people use for a point, matched on lemmas.

A concept (the bank's 7th field, one entry per key point) is alternatives separated by
" / "; an alternative is groups joined by " + ", all said within one sentence window; a group
is phrases separated by ","; any one phrase satisfies it. Words are compared as lemmas, up to
MAX_GAP other words may stand between two words of a phrase, "word*" matches any word starting
so, "#number" any figure, and "#brief" stands for a point about the answer's length.
Questions without authored concepts fall back to their key point's own content words.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.engines.language import FUNCTION_WORDS, Token, is_figure, lemma, units

MAX_GAP = 2
NUMBER = "#number"
BRIEF = "#brief"
# Words too common to show that a point was made when a key point's own words are the concept.
_WEAK = FUNCTION_WORDS | {"use", "make", "good", "well", "way", "thing", "get", "keep", "need"}


@dataclass(frozen=True, slots=True)
class Phrase:
    """Units to find in order: lemmas, "prefix*" or "#number"."""

    units: tuple[str, ...]


Group = tuple[Phrase, ...]
Alternative = tuple[Group, ...]


@dataclass(frozen=True, slots=True)
class Concept:
    """How one key point sounds; `half_of` is the fallback made from the point's own words."""

    alternatives: tuple[Alternative, ...] = ()
    half_of: tuple[str, ...] = ()
    brief: bool = False


def parse_phrase(text: str) -> Phrase:
    """A phrase's words as lemmas, keeping wildcards and #number as written."""
    out: list[str] = []
    for word in text.split():
        if word == NUMBER:
            out.append(NUMBER)
        elif word.endswith("*"):
            out.extend(units(word.rstrip("*"))[:-1])
            out.append(units(word.rstrip("*"))[-1] + "*")
        else:
            out.extend(lemma(u) for u in units(word))
    return Phrase(tuple(out))


def parse_concept(entry: str) -> Concept:
    """One key point's entry of the concepts field."""
    if entry.strip() == BRIEF:
        return Concept(brief=True)
    alternatives = tuple(
        tuple(
            tuple(p for phrase in group.split(",") if (p := parse_phrase(phrase)).units)
            for group in alternative.split(" + ")
        )
        for alternative in entry.split(" / ")
    )
    return Concept(alternatives=tuple(a for a in alternatives if a and all(a)))


def from_key_point(point: str) -> Concept:
    """The fallback concept: at least half of the point's own content words, as lemmas."""
    content = {lemma(u) for word in point.split() for u in units(word)} - _WEAK
    return Concept(half_of=tuple(sorted(w for w in content if len(w) > 2)))


def _unit_matches(unit: str, token: Token) -> bool:
    if unit == NUMBER:
        return is_figure(token.raw)
    if unit.endswith("*"):
        return token.raw.startswith(unit[:-1])
    return token.lemma == unit or token.raw == unit


def phrase_at(phrase: Phrase, toks: list[Token]) -> list[int] | None:
    """Token positions of the first occurrence of the phrase, gaps allowed; None if absent."""
    first, *rest = phrase.units
    for i, token in enumerate(toks):
        if not _unit_matches(first, token):
            continue
        found, at = [i], i
        for unit in rest:
            nxt = next(
                (
                    j
                    for j in range(at + 1, min(len(toks), at + 2 + MAX_GAP))
                    if _unit_matches(unit, toks[j])
                ),
                None,
            )
            if nxt is None:
                break
            found.append(nxt)
            at = nxt
        else:
            return found
    return None


def _alternative_at(alternative: Alternative, toks: list[Token]) -> list[int] | None:
    positions: list[int] = []
    for group in alternative:
        hit = next((p for phrase in group if (p := phrase_at(phrase, toks)) is not None), None)
        if hit is None:
            return None
        positions.extend(hit)
    return positions


def concept_at(concept: Concept, toks: list[Token]) -> list[int] | None:
    """Positions of the tokens that make the point within `toks`, or None when it is not made."""
    for alternative in concept.alternatives:
        if (positions := _alternative_at(alternative, toks)) is not None:
            return positions
    if concept.half_of:
        hits = [i for i, t in enumerate(toks) if t.lemma in concept.half_of]
        said = {toks[i].lemma for i in hits}
        if len(said) >= max(min(2, len(concept.half_of)), len(concept.half_of) / 2):
            return hits
    return None
