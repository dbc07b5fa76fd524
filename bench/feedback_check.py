"""Reads feedback as the candidate would: contradictions, bad plurals, duplicates, cut quotes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Topics that must be a strength or an improvement, never both in one analysis or result.
TOPICS = {
    "pace": re.compile(r"\bpace\b", re.I),
    "fillers": re.compile(r"\bfiller", re.I),
    "story structure": re.compile(r"\bSTAR\b|\bcomplete stor|situation, task", re.I),
    "figures": re.compile(r"\bquantif|\bnumber on\b|\bfigure", re.I),
    "length": re.compile(r"\bthin\b", re.I),
}
BAD_PLURALS = (
    re.compile(
        r"\b1 (?:words|filler words|long pauses|hedges|answers|key points|stories|questions)\b"
    ),
    re.compile(
        r"\b(?:0|[2-9]|\d{2,}) "
        r"(?:word|filler word|long pause|hedge|answer|key point|story|question)\b"
    ),
    re.compile(r"\w\(s\)"),
)
_BOUNDARY = re.compile(r"[.?!,;:\u2013\u2014]['\")\]]*$")
_TOKEN = re.compile(r"[a-z0-9']+")


def _tokens(line: str) -> set[str]:
    return set(_TOKEN.findall(line.lower()))


def contradictions(
    strengths: list[str], improvements: list[str], facts: dict[str, Any]
) -> list[str]:
    """Statements the same feedback takes back, or that its own facts deny."""
    found = [
        f"{topic}: praised and asked to improve"
        for topic, pattern in TOPICS.items()
        if any(pattern.search(s) for s in strengths)
        and any(pattern.search(i) for i in improvements)
    ]
    content = facts.get("content") or {}
    praised_items, asked_items = _listed(strengths), _listed(improvements)
    for verdict in content.get("keyPoints", []):
        point = verdict["point"]
        praised, asked = point in praised_items, point in asked_items
        if praised and asked:
            found.append(f"key point both made and missed: {point}")
        if "delivery" in facts and (
            (praised and not verdict["covered"]) or (asked and verdict["covered"])
        ):
            found.append(f"feedback disagrees with the verdict on: {point}")
    delivery = facts.get("delivery")
    if delivery:
        for line in strengths + improvements:
            for said in re.findall(r"\b(\d+) filler words?\b", line):
                if int(said) != delivery["fillerCount"]:
                    found.append(f"says {said} fillers, measured {delivery['fillerCount']}")
            if "No filler words" in line and delivery["fillerCount"]:
                found.append("says no fillers, measured some")
    if content.get("quantified") and any(TOPICS["figures"].search(i) for i in improvements):
        found.append("asks to quantify an answer that has figures")
    star = content.get("star")
    if star:
        for part, told in star.items():
            if told and any(i.startswith("Tell") and f"the {part} (" in i for i in improvements):
                found.append(f"asks for the {part}, which was told")
    return found


def _listed(lines: list[str]) -> set[str]:
    """Items of "...: a; b; c." lists, as the feedback names key points."""
    items: set[str] = set()
    for line in lines:
        if ": " in line:
            tail = line.split(": ", 1)[1].rstrip(".")
            items |= {item.strip() for item in tail.split("; ")}
    return items


def bad_plurals(lines: Iterable[str]) -> list[str]:
    """Lines with "1 words", "3 answer" or "pause(s)"."""
    return [line for line in lines if any(p.search(line) for p in BAD_PLURALS)]


def duplicates(lines: list[str]) -> list[tuple[str, str]]:
    """Pairs of lines that say nearly the same thing (most of their words shared)."""
    pairs = []
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            ta, tb = _tokens(re.sub(r"\d+", "#", a)), _tokens(re.sub(r"\d+", "#", b))
            if ta and tb and len(ta & tb) / len(ta | tb) >= 0.6:
                pairs.append((a, b))
    return pairs


def cut_quotes(words: list[str], quotes: Iterable[str]) -> list[str]:
    """Quotes not verbatim in the transcript, or starting or ending inside a clause."""
    bad = []
    for quote in quotes:
        wanted = quote.split()
        n = len(wanted)
        at = next((i for i in range(len(words) - n + 1) if words[i : i + n] == wanted), None)
        if at is None:
            bad.append(f"not verbatim: {quote}")
            continue
        starts_clean = at == 0 or bool(_BOUNDARY.search(words[at - 1]))
        ends_clean = at + n == len(words) or bool(_BOUNDARY.search(words[at + n - 1]))
        if not (starts_clean and ends_clean):
            bad.append(f"cut mid-clause: {quote}")
    return bad


def check_analysis(analysis: dict[str, Any], transcript_words: list[str]) -> list[str]:
    """Every problem the candidate would notice in one answer's analysis."""
    strengths, improvements = analysis["strengths"], analysis["improvements"]
    problems = contradictions(strengths, improvements, analysis)
    problems += [f"plural: {line}" for line in bad_plurals(strengths + improvements)]
    problems += [f"duplicate: {a} | {b}" for a, b in duplicates(strengths + improvements)]
    quotes = [e["quote"] for e in analysis["evidence"]]
    quotes += [k["quote"] for k in analysis["content"].get("keyPoints", []) if k["quote"]]
    problems += cut_quotes(transcript_words, quotes)
    return problems


def check_result(result: dict[str, Any]) -> list[str]:
    """Every problem the candidate would notice in an interview's result."""
    strengths, improvements = result["strengths"], result["improvements"]
    problems = contradictions(strengths, improvements, {})
    problems += [
        f"plural: {line}" for line in bad_plurals([*strengths, *improvements, result["summary"]])
    ]
    problems += [f"duplicate: {a} | {b}" for a, b in duplicates(strengths + improvements)]
    return problems
