"""The Litestar application factory."""

from __future__ import annotations

import importlib.resources

from litestar import Litestar
from litestar.config.compression import CompressionConfig
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.plugins.prometheus import PrometheusController
from litestar.static_files import create_static_files_router
from redis.asyncio import BlockingConnectionPool, Redis

from api import startup
from api.admin.controller import AdminController
from api.answers.controller import AnswersController, AudioController
from api.auth import passwords
from api.auth.controller import AuthController
from api.errors import EXCEPTION_HANDLERS
from api.health.controller import HealthController
from api.interviews.controller import InterviewsController
from api.interviews.stream_hub import StreamHub
from api.metrics import refresh_pipeline_gauges
from api.middleware import EdgeMiddleware
from api.openapi_errors import describe_media, document_errors
from api.page.routes import page_csp, page_routes
from api.questions.controller import QuestionsController
from api.request_guard import RequestGuard
from api.results.controller import ResultsController
from api.security import provide_redis, provide_settings
from api.strict_body import strict_body
from api.users.controller import UsersController
from core.llm_client import llm_configured, openai_client
from core.logs import configure_logging
from core.settings import Settings, get_settings
from storage.audio_store import open_store

# Where the interactive docs' own scripts and styles are served from.
DOCS_ASSETS = "/schema/assets"


def swagger_ui_static() -> str:
    """The Swagger UI 5 files that the swagger-ui-py package ships."""
    return str(importlib.resources.files("swagger_ui") / "static")


# Redis connections per API process (requests share them; event streams have their own).
REDIS_CONNECTIONS = 100


class MetricsController(PrometheusController):
    """GET /metrics in Prometheus text format (multi-process aware via PROMETHEUS_MULTIPROC_DIR)."""

    path = "/metrics"
    before_request = staticmethod(refresh_pipeline_gauges)


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the API with every route, middleware and lifecycle hook."""
    settings = settings or get_settings()
    configure_logging(settings.log_level)
    startup.init_sentry(settings)
    passwords.configure(settings)
    # A burst of requests waits (up to 5 s) for a free connection instead of failing with
    # "too many connections": the pool bounds Redis connections, not concurrent requests.
    redis = Redis(
        connection_pool=BlockingConnectionPool.from_url(
            settings.redis_url,
            max_connections=REDIS_CONNECTIONS,
            timeout=5,
            decode_responses=True,
            socket_connect_timeout=2,
            socket_timeout=5,
            health_check_interval=30,
        )
    )
    store = open_store(settings)
    # One client per process for question generation (the workers build their own).
    llm = openai_client(settings, asynchronous=True) if llm_configured(settings) else None
    app = Litestar(
        route_handlers=[
            AuthController,
            UsersController,
            InterviewsController,
            AnswersController,
            AudioController,
            QuestionsController,
            ResultsController,
            AdminController,
            HealthController,
            MetricsController,
            create_static_files_router(
                path=DOCS_ASSETS, directories=[swagger_ui_static()], include_in_schema=False
            ),
            *page_routes(),
        ],
        dependencies={
            "settings": Provide(provide_settings, sync_to_thread=False),
            "redis": Provide(provide_redis, sync_to_thread=False),
            "store": Provide(lambda: store, sync_to_thread=False),
            "llm": Provide(lambda: llm, sync_to_thread=False),
        },
        state=State(
            {
                "settings": settings,
                "redis": redis,
                "llm": llm,
                "readiness_checks": {"storage": store.check},
                "stream_hub": StreamHub(
                    settings.redis_url,
                    per_user=settings.event_streams_per_user,
                    per_process=settings.event_streams_per_process,
                ),
            }
        ),
        exception_handlers=EXCEPTION_HANDLERS,
        before_request=strict_body,
        cors_config=CORSConfig(
            allow_origins=settings.cors_origins,
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Retry-After"],
            allow_credentials=False,
            max_age=600,
        ),
        # Event streams stay uncompressed: gzip would hold events back until its buffer fills.
        compression_config=CompressionConfig(
            backend="gzip", minimum_size=1000, exclude_opt_key="skip_compression"
        ),
        openapi_config=OpenAPIConfig(
            title=settings.app_name,
            version="1.0.0",
            path="/schema",
            components=Components(
                security_schemes={
                    "BearerToken": SecurityScheme(type="http", scheme="bearer", bearer_format="JWT")
                }
            ),
            security=[{"BearerToken": []}],
            # Swagger UI 5 (OpenAPI 3.1) from the swagger-ui-py package, served below: the
            # docs work on a machine without internet.
            render_plugins=[
                SwaggerRenderPlugin(
                    path=["/", "/swagger"],
                    js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                    css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                    standalone_preset_js_url=f"{DOCS_ASSETS}/swagger-ui-standalone-preset.js",
                    favicon=f"<link rel='icon' href='{DOCS_ASSETS}/favicon-32x32.png'>",
                )
            ],
        ),
        on_startup=[startup.startup],
        on_shutdown=[startup.shutdown],
        # Logging is ours (core.logs): one JSON line format for every logger.
        logging_config=None,
        debug=False,
    )
    document_errors(app)
    describe_media(app)
    # Outside Litestar's router, so unmatched routes get headers, logs and metrics too.
    app.asgi_handler = EdgeMiddleware(
        RequestGuard(app.asgi_handler),
        force_hsts=settings.https,
        log_requests=settings.access_log,
        metrics_token=settings.metrics_token,
        page_csp=page_csp(settings),
    )
    return app
