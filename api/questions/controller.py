"""HTTP handlers of /api/questions."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import Provide
from litestar.params import Parameter

from api.pagination import PageNumber, PageParams, PageSize
from api.questions import service
from api.questions.schemas import Category, Difficulty, QuestionOut
from api.security import CurrentUser, provide_current_admin, provide_current_user
from api.shaping import Page


class QuestionsController(Controller):
    """The question bank, for admins."""

    path = "/api/questions"
    tags = ["questions"]
    dependencies = {
        "current_user": Provide(provide_current_user),
        "admin": Provide(provide_current_admin),
    }

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
