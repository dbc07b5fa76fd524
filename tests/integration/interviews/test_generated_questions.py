"""AI-generated questions through an HTTP stub of the OpenAI API, with the bank as fallback."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from msgspec.structs import replace

from core.settings import Settings
from models.tables import Question, User
from tests.helpers import AsyncTestClient, app_client, bearer, register_user, signed_in
from tests.llm_stub import Scripted, StubServer, api_error, completion, openai_stub

BANK_WORDING = (
    "What is the difference between a list and a tuple in Python, and when would you choose each?"
)


def _question(text: str, category: str = "technical", difficulty: str = "medium") -> dict:
    return {
        "questionText": text,
        "category": category,
        "difficulty": difficulty,
        "skills": ["Python", "FastAPI"],
        "expectedAnswerDuration": 120,
        "keyPoints": ["dependency injection", "async handlers", "validation with types"],
    }


GENERATED = [
    _question("How would you structure dependency injection in a FastAPI service?"),
    _question("When do async handlers in a Python web framework stop helping throughput?"),
    _question(BANK_WORDING),  # the bank already has it: must not be stored twice
    _question("Describe a time you simplified a Python codebase.", "behavioral", "medium"),
]


@pytest.fixture
def stub() -> Iterator[StubServer]:
    with openai_stub() as server:
        yield server


def _with_llm(settings: Settings, stub: StubServer, **overrides: object) -> Settings:
    return replace(
        settings,
        llm_model="coach-model",
        openai_base_url=stub.url,
        openai_api_key="test-key",
        llm_max_retries=1,
        **overrides,
    )


@pytest.fixture
async def ai_client(settings: Settings, stub: StubServer) -> AsyncIterator[AsyncTestClient]:
    async with app_client(_with_llm(settings, stub)) as client:
        yield client


def _script_questions(stub: StubServer, questions: list[dict]) -> None:
    stub.script.append(Scripted(body=completion(json.dumps({"questions": questions}))))


REQUEST = {
    "jobTitle": "Python Developer",
    "skills": ["python", "fastapi"],
    "difficulty": "medium",
    "count": 3,
}


async def test_generated_questions_are_stored_as_ai_generated_without_duplicates(
    ai_client: AsyncTestClient,
    stub: StubServer,
) -> None:
    _script_questions(stub, GENERATED)
    headers = await signed_in(ai_client)
    response = await ai_client.post("/api/questions/generate", json=REQUEST, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["source"] == "ai"
    texts = [q["questionText"] for q in body["questions"]]
    assert len(texts) == 3
    assert BANK_WORDING not in texts
    assert all(q["isAIGenerated"] and q["difficulty"] == "medium" for q in body["questions"])
    assert await Question.count().where(Question.text == BANK_WORDING) == 1
    sent = stub.requests[0]
    assert sent["response_format"]["json_schema"]["strict"] is True
    assert json.loads(sent["messages"][1]["content"])["count"] == 3


@pytest.mark.parametrize(
    "failure",
    [
        [api_error(500, "boom", "server_error"), api_error(503, "down", "server_error")],
        [Scripted(body=completion("{oops"))],
        [Scripted(body=completion('{"questions": [', finish_reason="length"))],
        [
            Scripted(
                body=completion(
                    json.dumps({"questions": [_question("Too hard?", "technical", "hard")]})
                )
            )
        ],
    ],
    ids=["server-errors", "malformed", "truncated", "ignored-the-request"],
)
async def test_the_bank_answers_when_the_llm_fails(
    ai_client: AsyncTestClient,
    stub: StubServer,
    failure: list[Scripted],
) -> None:
    stub.script.extend(failure)
    headers = await signed_in(ai_client)
    response = await ai_client.post("/api/questions/generate", json=REQUEST, headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["source"] == "bank"
    assert len(body["questions"]) == 3
    assert not any(q["isAIGenerated"] for q in body["questions"])


async def test_without_an_llm_the_bank_answers(client: AsyncTestClient) -> None:
    headers = await signed_in(client)
    response = await client.post(
        "/api/questions/generate", headers=headers, json={**REQUEST, "category": "behavioral"}
    )
    body = response.json()
    assert (response.status_code, body["source"]) == (200, "bank")
    assert {q["category"] for q in body["questions"]} == {"behavioral"}


async def test_generation_is_rate_limited_per_user(settings: Settings) -> None:
    async with app_client(replace(settings, generate_per_user_per_hour=2)) as client:
        headers = await signed_in(client)
        for _ in range(2):
            ok = await client.post("/api/questions/generate", json=REQUEST, headers=headers)
            assert ok.status_code == 200
        limited = await client.post("/api/questions/generate", json=REQUEST, headers=headers)
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) > 0


async def test_an_ai_interview_asks_generated_questions(
    ai_client: AsyncTestClient, stub: StubServer
) -> None:
    _script_questions(stub, GENERATED)
    headers = await signed_in(ai_client)
    response = await ai_client.post(
        "/api/interviews",
        headers=headers,
        json={
            "jobTitle": "Python Developer",
            "skills": ["python"],
            "difficulty": "medium",
            "questionCount": 3,
            "source": "ai",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["source"] == "ai"
    generated = {q["questionText"] for q in GENERATED} - {BANK_WORDING}
    assert {q["questionText"] for q in body["questions"]} == generated


async def test_a_mixed_interview_takes_half_from_each(
    ai_client: AsyncTestClient, stub: StubServer
) -> None:
    _script_questions(stub, GENERATED[:2])
    headers = await signed_in(ai_client)
    body = (
        await ai_client.post(
            "/api/interviews",
            headers=headers,
            json={
                "jobTitle": "Python Developer",
                "skills": ["python"],
                "difficulty": "medium",
                "questionCount": 5,
                "source": "mixed",
            },
        )
    ).json()
    generated = {q["questionText"] for q in GENERATED[:2]}
    assert body["source"] == "mixed"
    assert body["questionCount"] == 5
    assert len([q for q in body["questions"] if q["questionText"] in generated]) == 2


async def test_an_ai_interview_falls_back_to_the_bank(
    ai_client: AsyncTestClient, stub: StubServer
) -> None:
    stub.script.extend([api_error(500, "boom", "server_error")] * 2)
    headers = await signed_in(ai_client)
    response = await ai_client.post(
        "/api/interviews",
        headers=headers,
        json={
            "jobTitle": "Python Developer",
            "skills": ["python"],
            "difficulty": "medium",
            "questionCount": 4,
            "source": "ai",
        },
    )
    assert response.status_code == 201
    assert response.json()["source"] == "bank"
    assert response.json()["questionCount"] == 4


AI_INTERVIEW = {
    "jobTitle": "Python Developer",
    "skills": ["python", "fastapi"],
    "difficulty": "medium",
    "questionCount": 20,
    "source": "ai",
}


async def test_ai_interviews_count_against_the_generation_limit(
    settings: Settings, stub: StubServer
) -> None:
    async with app_client(_with_llm(settings, stub, generate_per_user_per_hour=2)) as client:
        headers = await signed_in(client)
        for _ in range(2):
            _script_questions(stub, GENERATED)
            created = await client.post("/api/interviews", json=AI_INTERVIEW, headers=headers)
            assert created.status_code == 201, created.text
        calls = len(stub.requests)
        limited = await client.post("/api/interviews", json=AI_INTERVIEW, headers=headers)
        assert limited.status_code == 429
        assert len(stub.requests) == calls  # refused before the model was called


async def test_generated_questions_stay_private_until_an_admin_approves_them(
    ai_client: AsyncTestClient, stub: StubServer
) -> None:
    _script_questions(stub, GENERATED)
    author = await signed_in(ai_client)
    created = await ai_client.post("/api/interviews", json=AI_INTERVIEW, headers=author)
    assert created.status_code == 201, created.text
    asked = {q["questionText"] for q in created.json()["questions"]}
    private = {q["questionText"] for q in GENERATED} - {BANK_WORDING}
    assert private <= asked

    async def served_to_someone_else() -> set[str]:
        other = await signed_in(ai_client)
        bank_only = AI_INTERVIEW | {"source": "bank"}
        body = (await ai_client.post("/api/interviews", json=bank_only, headers=other)).json()
        return {q["questionText"] for q in body["questions"]}

    for _ in range(3):  # random selection: several interviews of 20 questions each
        assert not private & await served_to_someone_else()
    session = await register_user(ai_client)
    await User.update({User.role: "admin"}).where(User.id == session["user"]["id"])
    admin = bearer(session["accessToken"])
    rows = await Question.select(Question.id).where(Question.text.is_in(list(private)))
    for row in rows:
        approved = await ai_client.post(f"/api/admin/questions/{row['id']}/approve", headers=admin)
        assert approved.status_code == 200
    assert (
        await ai_client.post(f"/api/admin/questions/{uuid.uuid4()}/approve", headers=admin)
    ).status_code == 404
    assert not await Question.exists().where(
        Question.text.is_in(list(private)) & Question.shared.eq(False)
    )


async def test_generated_questions_never_show_a_user_the_grading_key(
    ai_client: AsyncTestClient, stub: StubServer
) -> None:
    _script_questions(stub, GENERATED)
    headers = await signed_in(ai_client)
    response = await ai_client.post("/api/questions/generate", json=REQUEST, headers=headers)
    assert response.status_code == 200
    for question in response.json()["questions"]:
        assert question["questionText"]
        assert not {"keyPoints", "usageCount", "averageScore"} & set(question)
