"""Content metrics: skills named, key points made, STAR parts, figures, keywords."""

from __future__ import annotations

from collections import Counter

import msgspec

from core.skills import ALIASES, normalise_skill
from pipeline.engines.key_points import KeyPointVerdict, Sentence, judge, sentences
from pipeline.engines.language import FUNCTION_WORDS
from pipeline.engines.story import StarParts, quantified, star_parts
from pipeline.engines.transcript import Word

# Words that carry no topic; kept as one string so the list stays readable.
_STOPWORD_TEXT = """
a an and are as at be been but by can could did do does for from had has have he her him his
how i if in into is it its just me my no not of on or our out so some than that the their them
then there these they this those to too up us was we were what when where which while who why
will with would you your yeah okay um uh like know mean sort kind really very also about after
before because being get got going more most much only other over same should such thing
things think time way well went
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
# Below this many words that are not function words, "I don't know" is all the answer said.
DECLINED_MAX_CONTENT_WORDS = 30
_SKILL_SYNONYMS: dict[str, set[str]] = {}
for alias, canonical in ALIASES.items():
    _SKILL_SYNONYMS.setdefault(canonical, set()).add(alias)


class ContentMetrics(msgspec.Struct, rename="camel", frozen=True):
    """What the answer talked about."""

    skills_covered: list[str]
    skills_missed: list[str]
    key_points: list[KeyPointVerdict]
    star: StarParts | None
    keywords: list[str]
    quantified: bool
    terms_only: bool  # most of the answer was terms strung together, not sentences
    declined: bool  # "I don't know" and nothing else of substance

    @property
    def covered(self) -> list[str]:
        """The key points made."""
        return [k.point for k in self.key_points if k.covered]

    @property
    def missed(self) -> list[str]:
        """The key points not made."""
        return [k.point for k in self.key_points if not k.covered]

    @property
    def coverage(self) -> float:
        """Share of the key points made (0 without key points)."""
        return len(self.covered) / len(self.key_points) if self.key_points else 0.0


def normalised_text(words: list[Word]) -> str:
    """Lower-case words without punctuation, space-separated, padded for phrase search."""
    return " " + " ".join(w.norm for w in words if w.norm) + " "


def _mentions(text: str, phrase: str) -> bool:
    return f" {phrase} " in text


def skills_coverage(text: str, skills: list[str]) -> tuple[list[str], list[str]]:
    """The interview's skills the answer named (or named by an alias), and the others."""
    covered: list[str] = []
    missed: list[str] = []
    for skill in skills:
        canonical = normalise_skill(skill)
        names = {canonical, *_SKILL_SYNONYMS.get(canonical, set())}
        names |= {n.replace(".", " ") for n in names}
        (covered if any(_mentions(text, n) for n in names) else missed).append(canonical)
    return covered, missed


def declined(said: list[Sentence], words: list[Word], verdicts: list[KeyPointVerdict]) -> bool:
    """The speaker said they did not know, and little else: no point made outside saying so."""
    toks = [t for s in said for t in s.toks]
    content = [t for t in toks if t.raw not in FUNCTION_WORDS]
    declining = [(words[s.start].start, words[s.end - 1].end) for s in said if s.declines]
    made_elsewhere = any(
        v.covered and not any(a <= (v.start or 0.0) <= b for a, b in declining) for v in verdicts
    )
    return bool(declining) and len(content) < DECLINED_MAX_CONTENT_WORDS and not made_elsewhere


def content_metrics(
    words: list[Word],
    *,
    skills: list[str],
    key_points: list[str],
    category: str,
    concepts: list[str] | None = None,
) -> ContentMetrics:
    """Skills, key points, STAR parts (behavioural questions) and keywords of an answer."""
    said = sentences(words)
    listed = sum(len(s.toks) for s in said if s.listed)
    total = sum(len(s.toks) for s in said)
    verdicts = judge(words, key_points, concepts)
    # "I haven't handled an incident yet" makes no point about incidents, whatever it names.
    if declines := declined(said, words, verdicts):
        verdicts = [KeyPointVerdict(point=v.point, covered=False) for v in verdicts]
    covered, missed = skills_coverage(normalised_text(words), skills)
    tokens = [w.norm for w in words if w.norm]
    frequent = Counter(t for t in tokens if t not in STOPWORDS and len(t) > 3)
    keywords = list(dict.fromkeys([*covered, *(t for t, _ in frequent.most_common(8))]))[:8]
    return ContentMetrics(
        skills_covered=covered,
        skills_missed=missed,
        key_points=verdicts,
        star=star_parts(said) if category == "behavioral" else None,
        keywords=keywords,
        quantified=quantified(said),
        terms_only=total > 0 and listed / total >= 0.5,
        declined=declines,
    )
