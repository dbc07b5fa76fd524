"""STAR parts and quantified outcomes, recognised from how a story is told, not from set cues.

- situation: a sentence narrated in the past ("we were", "the client had") that places the
  story (a role, team, project, client or a time such as "last year").
- task: what had to be done (a goal, a deadline, a problem someone owned).
- action: the speaker doing something: "I" or "we" followed by a past-tense verb of doing
  ("I wrote", "we then split"), not a state ("I was", "I felt").
- result: how it ended (an outcome marker, or a past-tense change such as "dropped" or
  "shipped" after the first action), or a figure after the first action.
- quantified: a figure of scale or change ("from two hours to six minutes", "by half",
  "40 tickets a week").
"""

from __future__ import annotations

import itertools

import msgspec

from pipeline.engines.key_points import Sentence
from pipeline.engines.language import Token, is_figure

_PLACE = frozenset(
    """job company team project client customer startup role position manager internship
    company's product service release launch migration year month week quarter ago once
    previous last former time agency department school university""".split()
)
_TASK = frozenset(
    """goal task job responsibility responsible deadline challenge problem aim objective
    mission supposed ask assign charge expect requirement role duty""".split()
)
_STATE = frozenset(
    """be have feel think know seem want like remember realise realize believe hope wish
    guess love hate""".split()
)
_CHANGE = frozenset(
    """reduce cut drop save increase improve grow shrink halve double triple speed lower raise
    fix solve resolve ship launch release deliver finish complete recover win land adopt
    prevent avoid stop eliminate remove""".split()
)
_OUTCOME = (
    ("in", "the", "end"),
    ("as", "a", "result"),
    ("end", "up"),
    ("turn", "out"),
    ("which", "mean"),
    ("the", "result"),
    ("the", "outcome"),
    ("eventually",),
    ("finally",),
    ("afterwards",),
    ("since", "then"),
    ("by", "the", "end"),
    ("lead", "to"),
    ("that", "meant"),
    ("again",),
    ("anymore",),
    ("ever", "since"),
    ("from", "then", "on"),
    ("back", "to", "normal"),
    ("never", "happen"),
    ("since",),
)
_PAST_IRREGULAR_MARK = frozenset({"was", "were", "had", "did"})
_PRESENT_IRREGULAR = frozenset({"am", "is", "are", "be", "been", "being", "has", "have", "does"})
_TIME_MARKS = frozenset({"ago", "previous", "former", "earlier", "once", "then", "back"})
_PERIODS = frozenset(
    """year month week day spring summer autumn fall winter quarter sprint job company role
    team project release""".split()
)
_SUBJECTS = frozenset(
    {"i", "we", "they", "he", "she", "it", "team", "manager", "client", "customer"}
)


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

    @property
    def missing(self) -> list[str]:
        """The parts not told, in STAR order."""
        return [p for p in ("situation", "task", "action", "result") if not getattr(self, p)]


def is_past(token: Token) -> bool:
    """A past-tense verb form: "-ed" with a different lemma, or an irregular past like "wrote"."""
    if token.raw in _PAST_IRREGULAR_MARK:
        return True
    if token.raw == token.lemma or token.raw in _PRESENT_IRREGULAR:
        return False
    return token.raw.endswith("ed") or not token.raw.endswith(("s", "ing", "er", "est"))


def _has_phrase(toks: list[Token], phrase: tuple[str, ...]) -> bool:
    lemmas = [t.lemma for t in toks]
    n = len(phrase)
    return any(tuple(lemmas[i : i + n]) == phrase for i in range(len(lemmas) - n + 1))


def _narrated(toks: list[Token]) -> bool:
    """A subject followed closely by a past-tense verb: "we were", "the client had", "it broke"."""
    return any(
        token.raw in _SUBJECTS and any(is_past(nxt) for nxt in toks[i + 1 : i + 4])
        for i, token in enumerate(toks)
    )


def _dated(toks: list[Token]) -> bool:
    """A time that places a story: "last spring", "two years ago", "at my previous job"."""
    lemmas = [t.lemma for t in toks]
    return any(m in lemmas for m in _TIME_MARKS) or any(
        a in ("last", "that") and b in _PERIODS for a, b in itertools.pairwise(lemmas)
    )


def _action_at(toks: list[Token]) -> bool:
    """ "I"/"we" then, within two words, a past-tense verb that is not a state."""
    for i, token in enumerate(toks):
        if token.raw in ("i", "we"):
            for nxt in toks[i + 1 : i + 4]:
                if is_past(nxt) and nxt.lemma not in _STATE:
                    return True
    return False


def star_parts(said: list[Sentence]) -> StarParts:
    """STAR parts as described in the answer's sentences."""
    spoken = [s for s in said if not s.listed]
    situation = any(
        (_narrated(s.toks) and any(t.lemma in _PLACE for t in s.toks))
        or (any(is_past(t) for t in s.toks) and _dated(s.toks))
        for s in spoken
    )
    task = any(
        any(t.lemma in _TASK for t in s.toks)
        or any(_has_phrase(s.toks, (verb, "to")) for verb in ("have", "need", "want"))
        or _has_phrase(s.toks, ("on", "call"))
        for s in spoken
    )
    first_action = next((i for i, s in enumerate(spoken) if _action_at(s.toks)), None)
    after = spoken[first_action:] if first_action is not None else []
    result = any(
        any(_has_phrase(s.toks, p) for p in _OUTCOME)
        or any(is_past(t) and t.lemma in _CHANGE for t in s.toks)
        or any(is_figure(t.raw) for t in s.toks)
        for s in after[1:] or after
    )
    return StarParts(situation=situation, task=task, action=first_action is not None, result=result)


def quantified(said: list[Sentence]) -> bool:
    """A figure said in a sentence (not a list of terms)."""
    return any(is_figure(t.raw) for s in said if not s.listed for t in s.toks)
