"""What the rubric tells the candidate about one answer, each line backed by a measured fact.

Every topic (key points, story, figures, fillers, hedges, pace, pauses, length) yields either a
strength or an improvement, never both, so one analysis cannot contradict itself; quotes are
whole clauses or sentences of the transcript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import msgspec

from core.wording import plural
from pipeline.engines.analysis import Evidence, ScoringInput
from pipeline.engines.delivery import FILLERS, HEDGES, LONG_PAUSE_SECONDS, pauses, phrase_spans
from pipeline.engines.language import clause_span, is_figure, units
from pipeline.engines.transcript import Word, words_text

PACE_RANGE = (110, 170)
THIN_ANSWER_WORDS = 50
# A list of terms: short items between commas, semicolons, full stops or "and".
_LIST_SEPARATORS = re.compile(r"[,;.!?]+|\s+and\s+", re.IGNORECASE)
MAX_TERM_WORDS = 4
MOST_POINTS = 0.75
# One or two fillers are worth no advice, even in a short answer where they make a high rate.
FEW_FILLERS = 2
STAR_MEANING = {
    "situation": "the situation (where and when it happened)",
    "task": "the task (what you had to achieve)",
    "action": "the action (what you did yourself)",
    "result": "the result (how it ended)",
}


@dataclass
class Feedback:
    """Strengths, improvements and the quotes behind them."""

    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


def _joined(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def quote(words: list[Word], first: int, last: int, note: str) -> Evidence:
    """The clause or clauses holding words first..last, verbatim, with their times."""
    a, b = clause_span(words, first, last)
    return Evidence(
        quote=words_text(words[a:b]), start=words[a].start, end=words[b - 1].end, note=note
    )


def _first_figure(words: list[Word]) -> int | None:
    return next((i for i, w in enumerate(words) if any(is_figure(u) for u in units(w.text))), None)


def listed_terms(text: str) -> list[str]:
    """The items of a list of terms as the candidate said them ("Window functions"), or []
    when the text does not read as short items between commas."""
    items = [item.strip(" -\u2013\u2014") for item in _LIST_SEPARATORS.split(text)]
    items = [item for item in items if item]
    if len(items) < 2 or any(len(item.split()) > MAX_TERM_WORDS for item in items):
        return []
    return items


def _points(facts: ScoringInput, out: Feedback) -> None:
    c = facts.content
    covered, missed = c.covered, c.missed
    if c.terms_only:
        listed = listed_terms(facts.transcript.text) or c.keywords
        terms = ", ".join(f"\u201c{k}\u201d" for k in listed[:3])
        out.improvements.append(
            f"You listed terms ({terms}) without saying what they do or why they matter; "
            "explain each idea in a sentence: a list of keywords does not show understanding."
        )
    if covered:
        made = (
            "every key point"
            if not missed
            else f"{len(covered)} of {plural(len(c.key_points), 'key point')}"
        )
        out.strengths.append(f"You made {made}: " + "; ".join(covered) + ".")
        for verdict in c.key_points:  # one evidence item per sentence, naming every point it made
            if verdict.covered and verdict.quote is not None:
                same = next((e for e in out.evidence if e.start == verdict.start), None)
                if same is None:
                    out.evidence.append(
                        Evidence(
                            quote=verdict.quote,
                            start=verdict.start or 0.0,
                            end=verdict.end or 0.0,
                            note=f"makes the point: {verdict.point}",
                        )
                    )
                else:
                    at = out.evidence.index(same)
                    note = same.note.replace("makes the point: ", "makes the points: ")
                    out.evidence[at] = msgspec.structs.replace(
                        same, note=f"{note}; {verdict.point}"
                    )
    if missed and covered:
        out.improvements.append("A strong answer would also cover: " + "; ".join(missed) + ".")
    elif missed:
        out.improvements.append(
            "The answer did not make the points this question was after: " + "; ".join(missed) + "."
        )


def _story(facts: ScoringInput, out: Feedback) -> None:
    c, words = facts.content, facts.transcript.words
    if c.star is None:
        return
    if not c.star.missing:
        out.strengths.append("A complete story: situation, task, action and result.")
    elif len(c.star.missing) > 1 or c.coverage < MOST_POINTS:
        # One part not heard in an answer that made most key points is more likely ours to miss.
        parts = _joined([STAR_MEANING[p] for p in c.star.missing])
        out.improvements.append(f"Tell {parts} too: a STAR story needs all four parts.")
    if c.quantified and (at := _first_figure(words)) is not None:
        figure = quote(words, at, at, "a concrete figure makes the impact believable")
        out.strengths.append(f"You put a number on it: \u201c{figure.quote.rstrip(',;:')}\u201d")
        out.evidence.append(figure)
    elif c.star.result:  # a result told without a figure; an untold one is asked for above
        out.improvements.append(
            "Quantify the result (time saved, errors avoided, people helped): "
            "a number makes the impact concrete."
        )


def _delivery(facts: ScoringInput, out: Feedback) -> None:
    d, words = facts.delivery, facts.transcript.words
    if d.word_count and (d.fillers_per_100_words <= 2 or d.filler_count <= FEW_FILLERS):
        out.strengths.append(
            f"No filler words in {plural(d.word_count, 'word')}."
            if not d.filler_count
            else f"Few filler words: {d.filler_count} in {plural(d.word_count, 'word')}."
        )
    elif d.filler_count:
        worst = ", ".join(
            f"\u201c{w}\u201d \u00d7{n}"
            for w, n in sorted(d.filler_words.items(), key=lambda kv: -kv[1])[:3]
        )
        out.improvements.append(
            f"{plural(d.filler_count, 'filler word')} ({d.fillers_per_100_words:g} per "
            f"100 words: {worst}); pause silently instead."
        )
        if spans := phrase_spans([w.norm for w in words], FILLERS):
            out.evidence.append(quote(words, spans[0][0], spans[0][1] - 1, "filler words"))
    if d.hedge_count >= 2:
        out.improvements.append(
            f"{plural(d.hedge_count, 'hedge')} (\u201cI guess\u201d, \u201cprobably\u201d"
            "...); say what you did and what happened with conviction."
        )
        if spans := phrase_spans([w.norm for w in words], HEDGES):
            out.evidence.append(quote(words, spans[0][0], spans[0][1] - 1, "hedging"))
    if d.words_per_minute is not None:
        low, high = PACE_RANGE
        if low <= d.words_per_minute <= high:
            out.strengths.append(f"A comfortable pace of {d.words_per_minute} words per minute.")
        else:
            out.improvements.append(
                f"Your pace was {d.words_per_minute} words per minute; aim for {low}-{high}."
            )
    if d.long_pauses:
        gaps = pauses(words)
        at = next(i for i, gap in enumerate(gaps) if gap >= LONG_PAUSE_SECONDS)
        longest = f"{d.longest_pause_seconds:g} s"
        out.improvements.append(
            f"1 long pause ({longest}); a short breath is enough."
            if d.long_pauses == 1
            else f"{d.long_pauses} long pauses, the longest {longest}; a short breath is enough."
        )
        out.evidence.append(quote(words, at, at + 1, f"{gaps[at]:.1f} s pause"))
    content = facts.content
    if d.word_count < THIN_ANSWER_WORDS and not content.terms_only and content.coverage < 0.75:
        what = (
            "the context, what you did and the result"
            if facts.category == "behavioral"
            else "how it works, why, and an example"
        )
        out.improvements.append(
            f"At {plural(d.word_count, 'word')} the answer is thin; give {what}."
        )


def answer_feedback(facts: ScoringInput) -> Feedback:
    """Strengths, improvements and evidence for one answer."""
    out = Feedback()
    if facts.content.declined:
        points = "; ".join(facts.key_points) or "the skills it names"
        out.improvements.append(
            f"This question was after: {points}. Next time reason out loud from what you do "
            "know: a partial answer scores better than none."
        )
        return out
    _points(facts, out)
    if facts.content.terms_only:
        # A list of terms is told so; praising how it was said, or asking for a story, is noise.
        _delivery(facts, delivered := Feedback())
        out.improvements += delivered.improvements
        return out
    _story(facts, out)
    _delivery(facts, out)
    return out
