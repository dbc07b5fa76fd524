"""Skill names as one vocabulary, so "JS", "js" and "JavaScript" match."""

from __future__ import annotations

from collections.abc import Iterable

ALIASES = {
    "js": "javascript",
    "ts": "typescript",
    "golang": "go",
    "node": "node.js",
    "nodejs": "node.js",
    "postgres": "postgresql",
    "psql": "postgresql",
    "mongo": "mongodb",
    "k8s": "kubernetes",
    "amazon web services": "aws",
    "reactjs": "react",
    "react.js": "react",
    "ml": "machine learning",
    "ci": "ci/cd",
    "cicd": "ci/cd",
    "continuous integration": "ci/cd",
    "rest": "rest api",
    "rest apis": "rest api",
    "api design": "rest api",
    "system-design": "system design",
    "distributed systems": "system design",
    "unit testing": "testing",
    "qa": "testing",
    "product": "product management",
    "people management": "leadership",
    "management": "leadership",
    "problem-solving": "problem solving",
    "data": "data engineering",
    "etl": "data engineering",
    "spring boot": "spring",
}
# Skills every role exercises; behavioural and situational questions lean on them.
GENERAL_SKILLS = frozenset({"communication", "teamwork", "leadership", "problem solving"})
MAX_SKILL_LENGTH = 64


def normalise_skill(skill: str) -> str:
    """Lower-case, single-spaced, with common aliases folded."""
    name = " ".join(skill.strip().lower().split())
    return ALIASES.get(name, name)


def normalise_skills(skills: Iterable[str]) -> list[str]:
    """Normalised, blank-free and de-duplicated, first occurrence wins."""
    seen: dict[str, None] = {}
    for skill in skills:
        name = normalise_skill(skill)
        if name:
            seen.setdefault(name[:MAX_SKILL_LENGTH], None)
    return list(seen)
