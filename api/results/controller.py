"""Results routes: the interview's feedback, the history, the report."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, MediaType, Request, Response, get
from litestar.di import Provide
from litestar.openapi import ResponseSpec
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from api.pagination import PageNumber, PageParams, PageSize
from api.results import service
from api.results.schemas import ResultOut, ResultPending, ResultSummary
from api.security import CurrentUser, provide_current_user
from api.shaping import Page

PDF = "application/pdf"


class ResultsController(Controller):
    """Interview results."""

    path = "/api"
    tags = ["results"]
    dependencies = {"current_user": Provide(provide_current_user)}

    @get(
        "/interviews/{interview_id:uuid}/results",
        responses={
            202: ResponseSpec(ResultPending, description="Answers are still being processed")
        },
    )
    async def interview_result(
        self, current_user: CurrentUser, interview_id: uuid.UUID
    ) -> Response[ResultOut | ResultPending]:
        """The result of a completed interview; 202 with the stages while it is processed."""
        found = await service.interview_result(current_user.id, interview_id)
        code = HTTP_202_ACCEPTED if isinstance(found, ResultPending) else HTTP_200_OK
        return Response(found, status_code=code)

    @get("/results")
    async def list_results(
        self, current_user: CurrentUser, page: PageNumber = 1, page_size: PageSize = 20
    ) -> Page[ResultSummary]:
        """The user's results, newest first."""
        return await service.list_results(current_user.id, PageParams(page, page_size))

    @get(
        "/results/{result_id:uuid}/report",
        responses={200: ResponseSpec(ResultOut, description="JSON, or a PDF when accepted")},
    )
    async def report(
        self, request: Request[Any, Any, Any], current_user: CurrentUser, result_id: uuid.UUID
    ) -> Response[Any]:
        """The full result as JSON, or as a PDF with `Accept: application/pdf`."""
        result = await service.result_by_id(current_user.id, result_id)
        if request.accept.best_match([MediaType.JSON, PDF], default=MediaType.JSON) != PDF:
            return Response(result)
        body = await service.report_pdf(current_user.id, result)
        return Response(
            body,
            media_type=PDF,
            headers={"Content-Disposition": f'attachment; filename="report-{result_id}.pdf"'},
        )
