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
    AnswerPair(
        "What is the difference between unit, integration and end-to-end tests?",
        "technical",
        ["testing"],
        [
            "unit tests check small pieces in isolation",
            "integration tests check parts together with real dependencies",
            "end-to-end tests check user flows",
        ],
        "Unit tests check small pieces in isolation, like one function, and they run in "
        "milliseconds. Integration tests check parts together with real dependencies, for "
        "example our API against a real PostgreSQL database. End-to-end tests check user "
        "flows through the whole system, like signing up and paying. On my last project we "
        "had about 900 unit tests, 120 integration tests and 15 end-to-end tests.",
        "Um, unit tests are, like, small. And, uh, the other ones are bigger, I guess. "
        "Probably you need all of them, you know.",
    ),
    AnswerPair(
        "Explain what a Python generator is and when you would use one.",
        "technical",
        ["python"],
        [
            "yield produces values lazily",
            "constant memory for large or infinite sequences",
            "state is kept between calls",
        ],
        "A generator is a function that uses yield, so it produces values lazily, one at a "
        "time, instead of building a whole list. Its state is kept between calls, so it "
        "resumes where it stopped. That gives constant memory for large or infinite "
        "sequences: I used one to stream a 40 gigabyte log file line by line with about 10 "
        "megabytes of memory.",
        "Uh, a generator, um, generates things? I think it is like a list, maybe. You know, "
        "kind of a loop.",
    ),
    AnswerPair(
        "Tell me about a mistake you made at work and what you did about it.",
        "behavioral",
        ["problem solving"],
        [
            "owned the mistake",
            "fixed the immediate impact",
            "found the root cause",
            "changed something to prevent it",
        ],
        "At my last job I deployed a migration that locked the orders table for two minutes. "
        "I had to restore service quickly, so I owned the mistake in the incident channel and "
        "rolled the migration back. Then I found the root cause: the index was built without "
        "the concurrent option. As a result I added a check to our pipeline that blocks "
        "locking migrations, and we have had zero such incidents in 18 months.",
        "Um, I guess everyone makes mistakes. Uh, once something broke, I think, and, like, "
        "we fixed it, you know.",
    ),
    AnswerPair(
        "How do you decide what to mock in a test and what to run for real?",
        "technical",
        ["testing"],
        [
            "mock what you do not own or cannot run",
            "prefer real databases locally",
            "over-mocking tests the mocks",
        ],
        "I mock what I do not own or cannot run here, like a payment provider, at the HTTP "
        "boundary. I prefer real databases locally, so our tests start PostgreSQL and Redis "
        "and talk to them for real. Over-mocking tests the mocks instead of the code: once a "
        "mocked ORM hid a bug that cost us 3 days in production.",
        "Uh, you mock, um, the things, I guess. Like, maybe the database? It probably "
        "depends, you know.",
    ),
    AnswerPair(
        "A downstream service your API depends on becomes slow. How do you protect users?",
        "situational",
        ["microservices"],
        [
            "timeouts and circuit breaker",
            "serve cached or degraded responses",
            "communicate with the owning team",
        ],
        "First I make sure every call has a timeout, around 2 seconds, and a circuit breaker "
        "so we fail fast while the service is down. Then I serve cached or degraded "
        "responses, for example yesterday's recommendations, instead of errors. I communicate "
        "with the owning team in their channel, and afterwards we review the incident.",
        "Um, I would, uh, wait for it to come back, I guess. Maybe retry, like, a lot. You know.",
    ),
    AnswerPair(
        "Tell me about a time you helped a struggling teammate.",
        "behavioral",
        ["teamwork"],
        [
            "noticed the problem",
            "offered help without taking over",
            "what you did together",
            "the outcome for them and the team",
        ],
        "When a new teammate was stuck on our payment service, I noticed his pull requests "
        "were taking a week. My goal was to help without taking over, so I offered to pair "
        "for an hour each morning. Then I showed him how I read the logs and wrote tests "
        "first. As a result his review time dropped from 5 days to 1 day, and he now mentors "
        "others.",
        "Uh, yeah, I help people, I think. Um, someone was, like, stuck once, and I guess I "
        "helped, you know.",
    ),
]
