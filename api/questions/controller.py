"""HTTP handlers of /api/questions."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.params import Parameter
from openai import AsyncOpenAI

from api.pagination import PageNumber, PageParams, PageSize
from api.questions import service
from api.questions.generation import generate_for_user
from api.questions.schemas import (
    Category,
    Difficulty,
    GeneratedOut,
    GenerateIn,
    QuestionOut,
    practice_question,
)
from api.security import CurrentUser, provide_current_admin, provide_current_user
from api.shaping import Page
from core.skills import normalise_skills


class QuestionsController(Controller):
    """Question generation for everyone; the bank itself for admins."""

    path = "/api/questions"
    tags = ["questions"]
    dependencies = {
        "current_user": Provide(provide_current_user),
        "admin": Provide(provide_current_admin),
    }

    @post("/generate", status_code=200)
    async def generate(
        self, current_user: CurrentUser, data: GenerateIn, llm: AsyncOpenAI | None
    ) -> GeneratedOut:
        """Questions for a role from the LLM (stored in the bank), or from the bank."""
        questions, source = await generate_for_user(
            current_user.settings,
            llm,
            current_user.redis,
            current_user.id,
            job_title=data.job_title,
            skills=normalise_skills(data.skills),
            job_description=data.job_description,
            difficulty=data.difficulty,
            count=data.count,
            category=data.category,
        )
        return GeneratedOut(questions=[practice_question(q) for q in questions], source=source)

    @get("/bank")
    async def bank(
        self,
        admin: CurrentUser,
        page: PageNumber = 1,
        page_size: PageSize = 20,
        category: Category | None = None,
        difficulty: Difficulty | None = None,
        skill: Annotated[str | None, Parameter(max_length=64)] = None,
        search: Annotated[str | None, Parameter(max_length=200)] = None,
    ) -> Page[QuestionOut]:
        """Bank questions with usage count and average answer score (admin)."""
        return await service.list_bank(
            PageParams(page, page_size),
            category=category,
            difficulty=difficulty,
            skill=skill,
            search=search,
        )
