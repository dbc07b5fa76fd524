"""Content metrics: skills and key points covered, STAR structure, keywords."""

from __future__ import annotations

import re
from collections import Counter

import msgspec

from api.questions.skills import ALIASES, normalise_skill
from pipeline.transcript import Word

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
# Cue phrases for each STAR part, as people say them.
STAR_CUES = {
    "situation": (
        "when i",
        "when we",
        "at my last",
        "in my previous",
        "at the time",
        "we had",
        "there was",
        "the situation",
        "our team",
        "i was working",
        "we were",
    ),
    "task": (
        "my goal",
        "the goal",
        "i needed to",
        "we needed to",
        "i had to",
        "we had to",
        "my job was",
        "i was responsible",
        "my task",
        "the task",
        "i was asked",
        "was to",
    ),
    "action": (
        "i decided",
        "i led",
        "i built",
        "i wrote",
        "i measured",
        "i added",
        "i set up",
        "i organised",
        "i organized",
        "i talked",
        "i proposed",
        "i started",
        "i worked",
        "i met",
        "i created",
        "i changed",
        "so i",
        "then i",
        "first i",
        "we cut",
        "we shipped",
        "we moved",
        "i moved",
        "i split",
        "i profiled",
    ),
    "result": (
        "as a result",
        "which led to",
        "in the end",
        "the result",
        "the outcome",
        "reduced",
        "increased",
        "improved",
        "saved",
        "went from",
        "cut the",
        "dropped",
        "percent",
        "faster",
        "later we",
        "we shipped",
        "shipped",
        "launched",
    ),
}
NUMBER = re.compile(
    r"\b\d+(?:[.,]\d+)?%?|\b(?:half|twice|double|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|twelve|twenty|thirty|fifty|hundred|thousand)\b"
)
_SKILL_SYNONYMS: dict[str, set[str]] = {}
for alias, canonical in ALIASES.items():
    _SKILL_SYNONYMS.setdefault(canonical, set()).add(alias)


class StarParts(msgspec.Struct, frozen=True):
    """Which parts of Situation-Task-Action-Result a behavioural answer contains."""

    situation: bool
    task: bool
    action: bool
    result: bool

    @property
    def count(self) -> int:
        """How many parts are present."""
        return sum((self.situation, self.task, self.action, self.result))


class ContentMetrics(msgspec.Struct, rename="camel", frozen=True):
    """What the answer talked about."""

    skills_covered: list[str]
    skills_missed: list[str]
    key_points_covered: list[str]
    key_points_missed: list[str]
    star: StarParts | None
    keywords: list[str]
    quantified: bool


def stem(token: str) -> str:
    """A crude stem so "indexes", "indexing" and "index" meet."""
    for suffix in ("ing", "es", "ed", "s"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


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


def key_point_covered(stems: set[str], point: str) -> bool:
    """At least half of a key point's content words were said."""
    wanted = {stem(t) for t in re.findall(r"[a-z0-9']+", point.lower()) if t not in STOPWORDS}
    return bool(wanted) and len(wanted & stems) / len(wanted) >= 0.5


def star_parts(text: str) -> StarParts:
    """STAR parts recognised from their cue phrases."""
    found = {part: any(cue in text for cue in cues) for part, cues in STAR_CUES.items()}
    found["result"] = found["result"] or bool(NUMBER.search(text))
    return StarParts(**found)


def content_metrics(
    words: list[Word], *, skills: list[str], key_points: list[str], category: str
) -> ContentMetrics:
    """Skills, key points, STAR parts (behavioural questions) and keywords of an answer."""
    text = normalised_text(words)
    tokens = [w.norm for w in words if w.norm]
    stems = {stem(t) for t in tokens}
    covered, missed = skills_coverage(text, skills)
    points_hit = [p for p in key_points if key_point_covered(stems, p)]
    frequent = Counter(t for t in tokens if t not in STOPWORDS and len(t) > 3)
    keywords = list(dict.fromkeys([*covered, *(t for t, _ in frequent.most_common(8))]))[:8]
    return ContentMetrics(
        skills_covered=covered,
        skills_missed=missed,
        key_points_covered=points_hit,
        key_points_missed=[p for p in key_points if p not in points_hit],
        star=star_parts(text) if category == "behavioral" else None,
        keywords=keywords,
        quantified=bool(NUMBER.search(text)),
    )
