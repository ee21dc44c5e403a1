"""The application factory."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.db import make_engine, make_sessionmaker
from app.errors import install_error_handlers
from app.http.body_limit import BodySizeLimit
from app.http.idempotency import Replayed, replay_response
from app.http.logging_json import configure_logging
from app.http.rate_counters import make_counter
from app.http.rate_limit import RateLimit
from app.http.request_log import RequestLog
from app.openapi import API_PREFIX, OPENAPI_TAGS, install_openapi, operation_id
from app.routers import health
from app.routers.assessments import (
    diagnostics,
    engagement,
    fit_assessments,
    strategy_reviews,
    tools,
)
from app.routers.coaching import (
    action_items,
    call_reviews,
    improvement_plans,
    onboarding,
    one_on_ones,
    owner,
    sales_meetings,
    trainings,
)
from app.routers.hiring import candidates, interviews, questions
from app.routers.identity import api_keys, auth, invitations, me, users
from app.routers.insights import (
    alarms,
    forecast,
    hygiene,
    kpis,
    pipeline_changes,
    portfolio,
)
from app.routers.integrations import audit, events, webhooks
from app.routers.pipeline import accounts, activities, deals, imports
from app.routers.practice import clients, comp, reps, targets
from app.routers.reporting import reports
from app.settings import Settings

EXPOSED = ["ETag", "Location", "X-Request-ID", "Retry-After", "RateLimit-Limit",
           "RateLimit-Remaining", "RateLimit-Reset", "Idempotent-Replayed"]
DOCS_STATIC = Path(fastapi_offline.__file__).parent / "static"
APP_STATIC = Path(__file__).parent / "static"
# the docs' own additions: the login asks for the email, and the session renews itself
DOCS_HEAD = '<link rel="stylesheet" href="/docs-assets/docs.css">'
DOCS_BODY = '<script src="/docs-assets/docs-auth.js"></script>'


DESCRIPTION = """
The backend a **fractional sales manager** runs their practice on: client companies, their
reps and logins, the pipeline (deals with their full history), each rep's weekly activity
with CSV import and export, and hiring: behavioural interview kits that test integrity, blind
scorecards and an offer gate; the leading indicators and alarms; weekly one-on-ones (with
private notes that stay with their author), action items and team sales meetings.

**Where to start.** Click **Authorize** and log in with your email and password (the demo:
`manager@demo.example` / `demo-password`); the session renews itself while the page is open.
Then open **Portfolio** (every client, worst first) and **Alarms**; a client's **KPIs**,
**Forecast** and **Owner reports** follow; coaching, the pipeline, hiring and assessments
come next, and integrations (webhooks, API keys) and administration last. The same
reference, one page per group, is at [/redoc](/redoc).

Lists are paged (`limit`, `cursor`); times are UTC ISO 8601 and money a decimal string; an
unknown query parameter answers 400. Errors are `application/problem+json` (RFC 9457).
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for these settings (read from the environment when not given)."""
    settings = settings or Settings()
    configure_logging(settings.log_level)
    app = FastAPI(
        lifespan=_lifespan,
        title="Fractional Sales Management API", version="0.1.0", description=DESCRIPTION,
        openapi_tags=OPENAPI_TAGS,
        generate_unique_id_function=operation_id, docs_url=None, redoc_url=None,
        swagger_ui_oauth2_redirect_url=None, redirect_slashes=False,
    )
    app.state.settings = settings
    app.state.engine = make_engine(settings.resolved_database_url,
                                   pool_size=settings.db_pool_size)
    app.state.sessionmaker = make_sessionmaker(app.state.engine,
                                               clock=settings.clock)

    install_error_handlers(app)
    app.add_exception_handler(Replayed, replay_response)
    # Innermost first: refuse big bodies, count requests (before reading any body), CORS (so
    # a 413 or 429 carries its headers), and outermost the request id and the access log
    # line. Idempotency-Key is a dependency of the creating routes (app.routers.deps).
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes,
                       max_stream_bytes=settings.max_import_bytes)
    app.add_middleware(RateLimit, settings=settings,
                       counter=make_counter(settings.redis_url, settings.clock))
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins,
                           allow_methods=["*"], allow_headers=["*"], expose_headers=EXPOSED)
    app.add_middleware(RequestLog)

    app.include_router(health.router)  # first: a probe is not matched against every API route
    api = APIRouter(prefix=API_PREFIX)
    for module in (portfolio, auth, me, clients, users, invitations, reps, comp, targets,
                   deals, accounts,
                   activities, imports, candidates, questions, interviews, kpis, hygiene,
                   pipeline_changes, alarms, forecast, reports, owner, one_on_ones, action_items,
                   call_reviews, trainings, improvement_plans, onboarding, sales_meetings,
                   diagnostics, fit_assessments, strategy_reviews, engagement, tools, webhooks,
                   events, api_keys, audit):
        api.include_router(module.router)
    app.include_router(api)
    _mount_offline_docs(app)
    install_openapi(app)
    return app


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The embedded webhook dispatcher runs beside the server (one per worker process; they
    # never send the same delivery twice at once).
    # Likewise the import worker, which runs large imports as jobs.
    shutdowns = []
    if app.state.settings.webhooks_embedded_worker:
        from app.services.integrations.webhooks import worker

        shutdowns.append(worker.start_thread(lambda: app.state.sessionmaker(),
                                             app.state.settings))
    if app.state.settings.imports_embedded_worker:
        from app.services.integrations import import_worker

        shutdowns.append(import_worker.start_thread(lambda: app.state.sessionmaker()))
    try:
        yield
    finally:
        for shutdown in shutdowns:
            shutdown()


def _mount_offline_docs(app: FastAPI) -> None:
    """Swagger UI (/docs) and ReDoc (/redoc) from an installed package: no CDN needed."""
    app.mount("/docs-static", StaticFiles(directory=DOCS_STATIC), name="docs-static")

    app.mount("/docs-assets", StaticFiles(directory=APP_STATIC), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url, title=f"{app.title} - docs",
            swagger_js_url="/docs-static/swagger-ui-bundle.js",
            swagger_css_url="/docs-static/swagger-ui.css",
            swagger_favicon_url="/docs-static/favicon.png",
            init_oauth={"usePkceWithAuthorizationCodeGrant": False},
            swagger_ui_parameters={"persistAuthorization": True, "docExpansion": "none",
                                   "filter": True, "tryItOutEnabled": True},
        )
        html = bytes(page.body).decode().replace("</head>", DOCS_HEAD + "</head>").replace(
            "</body>", DOCS_BODY + "</body>")
        return HTMLResponse(html)

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url, title=f"{app.title} - reference",
                              redoc_js_url="/docs-static/redoc.standalone.js",
                              redoc_favicon_url="/docs-static/favicon.png",
                              with_google_fonts=False)


def __getattr__(name: str) -> FastAPI:
    # `app.main:app` for uvicorn, built on first use so that importing this module
    # (e.g. in tests) reads no environment and opens no database.
    if name == "app":
        globals()["app"] = create_app()
        return globals()["app"]
    raise AttributeError(name)
