"""HTTP handlers of /api/admin."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.params import Parameter

from api.admin import service
from api.admin.service import AdminUserOut
from api.errors import NotFound
from api.pagination import PageNumber, PageParams, PageSize
from api.questions import service as questions
from api.questions.schemas import QuestionIn, QuestionOut
from api.security import CurrentUser, provide_current_admin, provide_current_user
from api.shaping import Page


class AdminController(Controller):
    """Views and actions for admins only."""

    path = "/api/admin"
    tags = ["admin"]
    dependencies = {
        "current_user": Provide(provide_current_user),
        "admin": Provide(provide_current_admin),
    }

    @get("/users")
    async def users(
        self,
        admin: CurrentUser,
        page: PageNumber = 1,
        page_size: PageSize = 20,
        search: Annotated[str | None, Parameter(max_length=200)] = None,
        role: Literal["user", "admin"] | None = None,
    ) -> Page[AdminUserOut]:
        """Users with their interview counts."""
        return await service.list_users(PageParams(page, page_size), search=search, role=role)

    @get("/analytics")
    async def analytics(self, admin: CurrentUser) -> dict[str, Any]:
        """Users, interviews, answers, the pipeline, questions and scores."""
        return await service.analytics(admin.redis, admin.settings.broker)

    @post("/questions", status_code=201)
    async def add_question(self, admin: CurrentUser, data: QuestionIn) -> QuestionOut:
        """Add a question to the bank."""
        return await questions.create_question(data, created_by=admin.id)

    @post("/questions/{question_id:uuid}/approve", status_code=200)
    async def approve_question(self, admin: CurrentUser, question_id: uuid.UUID) -> QuestionOut:
        """Share a generated question with every user's interviews."""
        if not await questions.share_question(question_id):
            raise NotFound("No such question.")
        found = await questions.get_question(question_id)
        assert found is not None
        return found
