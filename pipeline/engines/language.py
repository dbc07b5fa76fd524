"""Words as the content rules compare them: lemmas, expanded contractions, sentences, clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lemminflect import getAllLemmas, getLemma

from pipeline.engines.transcript import Word, normalise_token

# Contractions spelled out, so "can't change" and "cannot be changed" meet "not change".
_WHOLE = {
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "shan't": ("shall", "not"),
    "ain't": ("be", "not"),
}
_SUFFIXES = (
    ("n't", "not"),
    ("'re", "be"),
    ("'m", "be"),
    ("'ll", "will"),
    ("'ve", "have"),
    ("'d", "would"),
)
# "it's" is "it is"; "the user's" is a possessive, whose noun is what matters.
_IS_AFTER = frozenset(
    "it that there here he she what who where when how why this everything nothing".split()
)
# Hyphenated words whose parts mean something else alone ("trade" and "off").
_KEEP_WHOLE = {"trade-off": "tradeoff", "trade-offs": "tradeoff", "tradeoffs": "tradeoff"}
_SPLIT = re.compile(r"[-./_\u2013\u2014]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})
# Figures as people say them; "one" is left out, it is mostly a pronoun ("this one").
NUMBER_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion half twice double triple tenfold dozen dozens hundreds
    thousands millions percent halve halved doubled tripled""".split()
)
_DIGITS = re.compile(r"^\d+(?:[.,]\d+)*(?:%|x|k|ms|s|m|h)?$")
# Function words: normal sentences are full of them, lists of buzzwords have almost none.
FUNCTION_WORDS = frozenset(
    """a an the and or but so because if then than that this these those it its i we you he
    she they me us him her them my our your their is are was were be been being am do does did
    have has had will would can could should shall may might must to of in on at by for with
    from into about as when where which who what how not no there here also just very all any
    each some more most after before while until up out over under again only own same too
    both other such why whether""".split()
)
# Terms strung together: at least this many short comma-separated items.
LIST_MIN_ITEMS = 4
# Without commas, only a long run with no function word at all is taken for a list of terms.
LIST_MIN_TOKENS = 10
_SENTENCE_END = re.compile(r"[.?!]['\")\]]*$")
_CLAUSE_END = re.compile(r"[,;:\u2013\u2014]['\")\]]*$")


@dataclass(frozen=True, slots=True)
class Token:
    """One comparable unit of speech: its lemma, its lower-case form and the word it came from."""

    lemma: str
    raw: str
    word: int


# A word that is several parts of speech takes its verb lemma first: "following" -> "follow",
# "uses" -> "use", "logs" -> "log"; nouns, adjectives ("slower" -> "slow") and adverbs next.
_PARTS_OF_SPEECH = ("VERB", "AUX", "NOUN", "ADJ", "ADV", "PROPN")


def _dictionary_lemma(token: str) -> str:
    known = getAllLemmas(token)
    for pos in _PARTS_OF_SPEECH:
        if pos in known:
            return str(known[pos][0]).lower()
    # Out of the dictionary ("tuples", "goroutines", "sharding"): the regular inflections.
    pos = "VERB" if token.endswith(("ing", "ed")) else "NOUN"
    found = getLemma(token, upos=pos, lemmatize_oov=True)
    return str(found[0]).lower() if found else token


@cache
def lemma(token: str) -> str:
    """The English lemma of a lower-case token ("slower" -> "slow", "wrote" -> "write")."""
    found = _dictionary_lemma(token)
    # "meetings" -> "meeting" -> "meet", as "meeting" itself goes.
    return _dictionary_lemma(found) if found != token and found.endswith("ing") else found


def _expand(part: str) -> tuple[str, ...]:
    if part in _WHOLE:
        return _WHOLE[part]
    for suffix, meaning in _SUFFIXES:
        if part.endswith(suffix) and len(part) > len(suffix):
            return (part[: -len(suffix)], meaning)
    if part.endswith("'s"):
        return (part[:-2], "be") if part[:-2] in _IS_AFTER else (part[:-2],)
    return (part,)


def units(text: str) -> list[str]:
    """Lower-case units of one written word: split at hyphens and dots, contractions expanded."""
    norm = normalise_token(text.translate(_APOSTROPHES))
    if norm in _KEEP_WHOLE:
        return [_KEEP_WHOLE[norm]]
    return [u for part in _SPLIT.split(norm) if part for u in _expand(part) if u]


def tokens(words: list[Word]) -> list[Token]:
    """Every word of a transcript as comparable tokens, in order."""
    return [
        Token(lemma=lemma(unit), raw=unit, word=i)
        for i, word in enumerate(words)
        for unit in units(word.text)
    ]


def is_figure(raw: str) -> bool:
    """Digits or a number word: "40", "2.5", "95%", "fifteen", "half", "twice"."""
    return bool(_DIGITS.match(raw)) or raw in NUMBER_WORDS


def sentence_spans(words: list[Word]) -> list[tuple[int, int]]:
    """Word spans [start, end) of the sentences, split where a word ends with . ? or !."""
    spans, start = [], 0
    for i, word in enumerate(words):
        if _SENTENCE_END.search(word.text.strip()):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(words):
        spans.append((start, len(words)))
    return spans


def clause_starts(words: list[Word], start: int, end: int) -> list[int]:
    """Word indexes in [start, end) where a clause begins (after , ; : or a dash)."""
    return [start] + [
        i + 1 for i in range(start, end - 1) if _CLAUSE_END.search(words[i].text.strip())
    ]


def clause_span(words: list[Word], first: int, last: int) -> tuple[int, int]:
    """Word span [start, end) of the clauses of one sentence holding words first..last."""
    start, end = next(((a, b) for a, b in sentence_spans(words) if a <= first < b), (0, len(words)))
    starts = clause_starts(words, start, end)
    following = [s for s in starts if s > last]
    return max(s for s in starts if s <= first), min(following[0] if following else end, end)


def list_like(words: list[Word], toks: list[Token]) -> bool:
    """Terms strung together rather than said: short comma-separated items, or no grammar."""
    if len(toks) < 4:
        return False
    function = sum(1 for t in toks if t.raw in FUNCTION_WORDS)
    items = 1 + sum(1 for w in words[:-1] if _CLAUSE_END.search(w.text.strip()))
    if items >= LIST_MIN_ITEMS:
        return len(toks) / items <= 3.5 and function / len(toks) < 0.25
    return function == 0 and len(toks) >= LIST_MIN_TOKENS
