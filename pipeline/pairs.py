"""Strong and weak answers to the same bank questions: the rubric's ordering benchmark."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AnswerPair:
    """One question (with its bank key points) and a strong and a weak answer to it."""

    question: str
    category: str
    skills: list[str]
    key_points: list[str]
    strong: str
    weak: str


PAIRS = [
    AnswerPair(
        "What is the difference between a list and a tuple in Python?",
        "technical",
        ["python"],
        [
            "lists are mutable, tuples are immutable",
            "tuples are hashable and can be dictionary keys",
            "tuples suit fixed records, lists suit growing collections",
        ],
        "In Python a list is mutable, so you can append and remove items, while a tuple is "
        "immutable once created. Because tuples are immutable they are hashable, so I use them "
        "as dictionary keys, for example a pair of coordinates. I use tuples for fixed records "
        "like a row from a query, and lists for collections that grow, like results I append "
        "to in a loop. Tuples are also slightly smaller, about 8 bytes less per object.",
        "Um, so, a list is, uh, like, I think you can change it? And a tuple, uh, maybe you "
        "can't. I guess they are kind of the same, you know.",
    ),
    AnswerPair(
        "How do indexes speed up queries, and what do they cost?",
        "technical",
        ["sql"],
        [
            "B-tree lets the database find rows without a full scan",
            "composite index column order matters",
            "indexes slow writes and use space",
        ],
        "An index is usually a B-tree, so the database can find rows without a full table "
        "scan. For a composite index the column order matters: it helps queries that filter "
        "on the leading column. The cost is that every insert and update must maintain the "
        "index, so writes get slower and the index uses disk space. On one table we added two "
        "indexes and reads went from 900 milliseconds to 15 milliseconds.",
        "Uh, indexes make things faster, I think. Um, you know, they are, like, good for "
        "queries. Probably there is some cost, maybe.",
    ),
    AnswerPair(
        "Tell me about a disagreement with a teammate and how you resolved it.",
        "behavioral",
        ["teamwork"],
        [
            "the situation and the disagreement",
            "listened to their view",
            "focused on data or shared goals",
            "outcome and relationship afterwards",
        ],
        "When we were planning our release, a teammate and I disagreed about rewriting the "
        "billing module. My goal was to ship on time without risking payments. I listened to "
        "his view first, then I proposed we measure the error rate of the old module. The data "
        "showed 3 percent of invoices failed, so we agreed on a focused fix. As a result we "
        "shipped on schedule, failures dropped to zero, and we still pair every week.",
        "Um, yeah, I guess we disagreed once. Uh, it was, like, fine in the end, you know. "
        "I think we just talked.",
    ),
    AnswerPair(
        "How would you implement a rate limiter with Redis?",
        "technical",
        ["redis"],
        [
            "counter per key and time window with INCR and EXPIRE",
            "sliding window with sorted sets",
            "return the time to retry",
        ],
        "I would keep a counter per key and time window in Redis, using INCR and EXPIRE in one "
        "pipeline so the counter resets after the window. For smoother limits I would use a "
        "sliding window with sorted sets, adding a timestamp per request and trimming old "
        "ones. When a client is over the limit the API returns 429 and tells them the time to "
        "retry, for example 30 seconds, in a Retry-After header.",
        "Uh, Redis is, um, fast, so I guess you just store something. Maybe a number, "
        "you know. And, like, check it.",
    ),
]
