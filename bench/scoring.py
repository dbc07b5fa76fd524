"""The default scorer on labelled answers: key-point recall and precision, score bands, ordering,
and a read of every analysis and result for contradictions, plurals, duplicates and cut quotes.

`python -m bench.scoring [--holdout] [--show KIND]`: the set is bench/scoring_set.json (18 bank
questions x 7 kinds of answer, each key point labelled by the answer's author);
bench/scoring_holdout.json holds 6 other questions never used to tune the concepts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from bench.feedback_check import check_analysis, check_result
from core.bank import read_bank, text_key
from pipeline.engines.analysis import AnswerAnalysis
from pipeline.engines.measure import measure
from pipeline.engines.result_rules import aggregate
from pipeline.engines.rubric import rubric_analysis
from pipeline.engines.transcript import typed_transcript

HERE = Path(__file__).parent
STRONG = ("paraphrase", "close")
WEAK = ("vague", "off_topic", "keyword_list", "dont_know")


@dataclass
class Scored:
    """One labelled answer and what the scorer made of it."""

    question: str
    kind: str
    labels: list[bool]
    star: dict[str, bool] | None
    quantified: bool
    analysis: AnswerAnalysis
    words: list[str]
    seconds: float


def score_set(path: Path) -> list[Scored]:
    """Every answer of a labelled set through the score stage's code path."""
    bank = {text_key(q.text): q for q in read_bank()}
    out = []
    for item in json.loads(path.read_text()):
        question = bank[text_key(item["question"])]
        for answer in item["answers"]:
            transcript = typed_transcript(answer["text"])
            began = time.perf_counter()
            facts = measure(
                transcript,
                question_text=question.text,
                category=question.category,
                skills=question.skills,
                key_points=question.key_points,
                audio=None,
            )
            analysis = rubric_analysis(facts)
            took = time.perf_counter() - began
            assert analysis is not None
            out.append(
                Scored(
                    question.text,
                    answer["kind"],
                    answer["covered"],
                    answer.get("star"),
                    answer["quantified"],
                    analysis,
                    [w.text for w in transcript.words],
                    took,
                )
            )
    return out


def recall_precision(rows: list[Scored]) -> tuple[float, float, int]:
    """Key-point recall and precision against the authors' labels, and the labelled total."""
    hits = wrong = wanted = 0
    for row in rows:
        for label, verdict in zip(row.labels, row.analysis.content.key_points, strict=True):
            wanted += label
            hits += label and verdict.covered
            wrong += verdict.covered and not label
    found = hits + wrong
    return hits / max(1, wanted), hits / found if found else 1.0, wanted


def ordering(rows: list[Scored]) -> tuple[int, int, list[str]]:
    """Strong answers scoring above each weak sibling on technical."""
    good = total = 0
    failures = []
    for strong in (r for r in rows if r.kind in STRONG):
        for weak in (r for r in rows if r.question == strong.question and r.kind in WEAK):
            total += 1
            a, b = strong.analysis.technical_score or 0, weak.analysis.technical_score or 0
            if a > b:
                good += 1
            else:
                failures.append(f"{strong.kind} {a} <= {weak.kind} {b}: {strong.question[:50]}")
    return good, total, failures


def story_agreement(rows: list[Scored]) -> tuple[int, int, int, int]:
    """STAR parts and "quantified" as recognised, against the authors' labels."""
    parts = [
        (row.star[p], getattr(row.analysis.content.star, p))
        for row in rows
        if row.star is not None and row.analysis.content.star is not None
        for p in ("situation", "task", "action", "result")
    ]
    figures = [
        (row.quantified, row.analysis.content.quantified)
        for row in rows
        if row.kind in STRONG and row.star is not None
    ]
    return (
        sum(a == b for a, b in parts),
        len(parts),
        sum(a == b for a, b in figures),
        len(figures),
    )


def _mean(rows: list[Scored], kinds: tuple[str, ...]) -> float:
    return statistics.mean(r.analysis.technical_score or 0 for r in rows if r.kind in kinds)


def feedback_problems(rows: list[Scored]) -> list[str]:
    """What the checker finds in every analysis and in results built from them."""
    problems = []
    for row in rows:
        data: dict[str, Any] = msgspec.to_builtins(row.analysis)
        problems += [f"{row.kind}: {p}" for p in check_analysis(data, row.words)]
    groups: dict[str, list[Scored]] = {}
    for row in rows:
        groups.setdefault(row.kind, []).append(row)
        groups.setdefault(row.question, []).append(row)
    for name, members in groups.items():
        result = aggregate([m.analysis for m in members], total_questions=len(members))
        data = {
            "strengths": result.strengths,
            "improvements": result.improvements,
            "summary": result.summary,
        }
        problems += [f"result {name[:30]}: {p}" for p in check_result(data)]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", action="store_true", help="score the held-out set")
    parser.add_argument("--show", help="print the analyses of one kind of answer")
    args = parser.parse_args()
    path = HERE / ("scoring_holdout.json" if args.holdout else "scoring_set.json")
    rows = score_set(path)
    paraphrased = [r for r in rows if r.kind == "paraphrase"]
    recall, precision, wanted = recall_precision(paraphrased)
    all_recall, all_precision, _ = recall_precision(rows)
    good, total, failures = ordering(rows)
    problems = feedback_problems(rows)
    timings = sorted(r.seconds * 1000 for r in rows)
    star_ok, star_all, figures_ok, figures_all = story_agreement(rows)
    dont_know = max(r.analysis.technical_score or 0 for r in rows if r.kind == "dont_know")
    table = [
        ("answers / questions", f"{len(rows)} / {len({r.question for r in rows})}", ""),
        ("key-point recall, paraphrased", f"{recall:.2f} ({wanted} points)", ">= 0.85"),
        ("key-point precision, paraphrased", f"{precision:.2f}", ">= 0.90"),
        ("key-point recall / precision, all", f"{all_recall:.2f} / {all_precision:.2f}", ""),
        ("strong > weak sibling on technical", f"{good}/{total}", "all"),
        ("strong mean technical", f"{_mean(rows, STRONG):.0f}", ">= 70"),
        ("paraphrased mean technical", f"{_mean(rows, ('paraphrase',)):.0f}", ""),
        ("partial mean technical", f"{_mean(rows, ('partial',)):.0f}", ""),
        ("vague mean technical", f"{_mean(rows, ('vague',)):.0f}", "<= 40"),
        (
            "off-topic / term-list mean",
            f"{_mean(rows, ('off_topic',)):.0f} / {_mean(rows, ('keyword_list',)):.0f}",
            "",
        ),
        ("don't-know highest technical", f"{dont_know}", "<= 15"),
        ("STAR parts agreeing with labels", f"{star_ok}/{star_all}", ""),
        ("'quantified' agreeing, strong stories", f"{figures_ok}/{figures_all}", ""),
        ("feedback problems found", f"{len(problems)}", "0"),
        (
            "scoring time per answer p50 / p95",
            f"{timings[len(timings) // 2]:.1f} / {timings[int(len(timings) * 0.95)]:.1f} ms",
            "",
        ),
    ]
    print(f"{'measure':<38} {'value':<28} target")
    print("-" * 76)
    for name, value, target in table:
        print(f"{name:<38} {value:<28} {target}")
    for line in failures + problems:
        print("  -", line)
    if args.show:
        for row in rows:
            if row.kind == args.show:
                print(
                    f"\n## {row.question}\n"
                    + json.dumps(msgspec.to_builtins(row.analysis), indent=1)[:2500]
                )


if __name__ == "__main__":
    main()
