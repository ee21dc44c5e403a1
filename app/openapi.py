"""Tags, operation ids, shared error responses and the spec export."""

import json
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

API_PREFIX = "/api/v1"
SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


class Tag(StrEnum):
    auth = "auth"
    me = "me"
    clients = "clients"
    users = "users"
    reps = "reps"
    compensation = "compensation"
    targets = "targets"
    deals = "deals"
    activities = "activities"
    imports = "imports"
    accounts = "accounts"
    candidates = "candidates"
    questions = "questions"
    interviews = "interviews"
    kpis = "kpis"
    alarms = "alarms"
    forecast = "forecast"
    reports = "reports"
    owner = "owner"
    one_on_ones = "one_on_ones"
    action_items = "action_items"
    sales_meetings = "sales_meetings"
    diagnostics = "diagnostics"
    fit_assessments = "fit_assessments"
    strategy_reviews = "strategy_reviews"
    engagement = "engagement"
    tools = "tools"
    audit = "audit"
    webhooks = "webhooks"
    api_keys = "api_keys"
    invitations = "invitations"
    onboarding = "onboarding"
    health = "health"


TAG_DESCRIPTIONS = {
    Tag.compensation: "Variable compensation plans, and what each rep earns under theirs.",
    Tag.targets: "Revenue targets and quotas over time (a past as_of is measured against what "
                 "held then), the owner's approval, and what each rep is measured against, "
                 "with their role's activity targets and their ramp.",
    Tag.owner: "The manager's meetings with the owner (with the owner's action items) and "
               "the decisions asked of the owner.",
    Tag.reports: "The owner's progress report for a period: figures, charts, the manager's "
                 "narrative; JSON, HTML and PDF.",
    Tag.auth: "Log in with email and password; rotate and revoke refresh tokens.",
    Tag.me: "The caller: user, role and the clients it may see.",
    Tag.clients: "Client companies the manager runs sales for, and their managers.",
    Tag.users: "Logins of owners and reps; deactivated, never deleted.",
    Tag.reps: "Salespeople of each client, with quota and ranked motivators.",
    Tag.deals: "The pipeline: deals with stages, forecast categories and their history.",
    Tag.activities: "Weekly activity per rep: calls, meetings, proposals, prospecting hours.",
    Tag.accounts: "Accounts and territories of each client, conflicts between reps, and the "
                  "client's own sales process.",
    Tag.imports: "CSV uploads of deals and activities, with a dry run.",
    Tag.candidates: "Hiring: candidates, their status, social media check, scorecards and "
                    "the offer gate (reps: no access).",
    Tag.questions: "The behavioural question bank: a default bank plus each client's own.",
    Tag.interviews: "Interviews, their question kits (integrity questions sprinkled through) "
                    "and blind scorecards.",
    Tag.kpis: "The leading indicators: activity, pipeline coverage, near-term coverage, "
              "revenue closed, rates and forecast, for a client or a rep, for any past day.",
    Tag.alarms: "Alarms raised when a leading indicator falls below its floor, and the "
                "manager's portfolio across clients.",
    Tag.forecast: "The period's forecast, every method side by side with a headline chosen by "
                  "past accuracy; weekly forecast calls; snapshots and accuracy.",
    Tag.one_on_ones: "Weekly one-on-ones of a manager with a rep: agenda, shared notes, the "
                     "manager's private notes (never shown to anyone else), coaching focus, "
                     "deals reviewed, action items, and the rep's KPIs then and since the "
                     "previous one; the agenda to start the next one from.",
    Tag.action_items: "Action items agreed in one-on-ones, across meetings, overdue first; "
                      "reps tick off their own.",
    Tag.sales_meetings: "Weekly team sales meetings of a client: attendees, notes, decisions, "
                        "and how often the owner attends.",
    Tag.diagnostics: "Underperformers: the bottom performers of a client, and the diagnosis "
                     "before acting (motivation, competence, interpersonal) with its "
                     "recommendation.",
    Tag.fit_assessments: "Client fit: nine criteria that say whether a fractional manager is "
                         "right for the company, with the score and the risks.",
    Tag.strategy_reviews: "The six-monthly assessment of sales strategy and execution: fixed "
                          "questions scored 1-5, section scores and the change since the last.",
    Tag.engagement: "An engagement's return: revenue growth since the start against the fees.",
    Tag.tools: "Calculators: a full-time VP of sales against a fractional one.",
    Tag.audit: "The audit log: who created, changed, archived or deleted which record, when, "
               "in which request, with each changed field before and after.",
    Tag.webhooks: "Zapier REST Hooks: subscribe a URL to events, unsubscribe, sample payloads, "
                  "rotate the signing secret, and the delivery log (Standard Webhooks "
                  "signatures).",
    Tag.api_keys: "Your API keys for integrations such as Zapier: send one as `X-API-Key` "
                   "(or `Authorization: Bearer`); it acts as you, with your scope.",
    Tag.invitations: "Invitations to a login: a single-use link that expires in 7 days; the "
                     "invitee accepts it with a password of their own and is signed in.",
    Tag.onboarding: "Onboarding of new reps: each client's template of tasks (day after the "
                    "start, who does it) and a rep's plan, whose tasks are action items.",
    Tag.health: "Liveness and readiness probes.",
}


def operation_id(route: APIRoute) -> str:
    """`<tag>_<name>`, e.g. `clients_list`; a route without a tag keeps its name."""
    return f"{route.tags[0]}_{route.name}" if route.tags else route.name


class FieldError(BaseModel):
    field: str = Field(examples=["body.name"])
    loc: list[str]
    message: str
    type: str


class Problem(BaseModel):
    """An RFC 9457 problem."""

    type: str = Field(examples=["/problems/not-found"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["No client with id 5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10."])
    instance: str | None = Field(default=None, examples=["/api/v1/clients/5f0c..."])
    errors: list[FieldError] | None = None
    request_id: str | None = Field(default=None, examples=["7f3c9a0e2b8d4c1f9e6a5b4c3d2e1f00"],
                                   description="The X-Request-ID of the request, for support.")


_EXAMPLES = {
    400: ("bad-request", "Bad request", "Unknown query parameter(s): owner. This operation "
          "takes: client_id, cursor, limit."),
    401: ("unauthorized", "Not authenticated", "The access token is invalid or has expired."),
    403: ("forbidden", "Not allowed", "A rep may not update clients."),
    404: ("not-found", "Not found", "No client with id 5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10."),
    409: ("conflict", "Conflict", "A login with email rep1@acme.demo.example already exists."),
    410: ("gone", "Gone", "This invitation has expired; ask for a new one."),
    412: ("precondition-failed", "Precondition failed",
          "The record changed since you read it (If-Match is stale); fetch it and retry."),
    415: ("unsupported-media-type", "Unsupported media type",
          "This operation reads application/json; the body was sent as text/plain."),
    413: ("payload-too-large", "Payload too large", "The request body exceeds 1048576 bytes."),
    422: ("validation-error", "Invalid input", "1 invalid field(s): body.name"),
    429: ("too-many-requests", "Too many requests",
          "More than 600 requests a minute; retry in 42 s."),
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for these error statuses, each with the problem shape."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        slug, title, detail = _EXAMPLES[status]
        example = {"type": f"/problems/{slug}", "title": title, "status": status,
                   "detail": detail}
        if status == 422:
            example["errors"] = [{"field": "body.name", "loc": ["body", "name"],
                                  "message": "String should have at least 1 character",
                                  "type": "string_too_short"}]
        out[status] = {"description": title,
                       "content": {"application/problem+json": {"example": example}}}
    return out


READ = problems(401, 403, 404)
WRITE = problems(401, 403, 404, 409, 412, 422)
LIST = problems(401, 403, 422)


def install_openapi(app: FastAPI) -> None:
    """Generate the spec once, with every error response in the problem+json shape."""

    def build() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = get_openapi(title=app.title, version=app.version,
                               description=app.description, routes=app.routes,
                               tags=app.openapi_tags)
            _retries_and_limits(spec)
            _problem_responses(spec)
            _exact_responses(spec)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]


def _problem_responses(spec: dict[str, Any]) -> None:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    if "Problem" not in schemas:
        schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas["Problem"].pop("$defs", None)
        schemas["FieldError"] = FieldError.model_json_schema()
        schemas["Problem"]["properties"]["errors"] = {"anyOf": [
            {"type": "array", "items": {"$ref": "#/components/schemas/FieldError"}},
            {"type": "null"}]}
    default_422 = problems(422)[422]
    for path in spec.get("paths", {}).values():
        for operation in path.values():
            responses = operation.get("responses", {})
            # an unknown query parameter, a malformed header or body
            responses.setdefault("400", problems(400)[400])
            if "requestBody" in operation:  # a body of another media type
                responses.setdefault("415", problems(415)[415])
            if "201" in responses:
                responses["201"].setdefault("headers", {})["Location"] = LOCATION
            if "422" in responses and "application/problem+json" not in responses["422"].get(
                    "content", {}):
                responses["422"] = {"description": default_422["description"],
                                    "content": default_422["content"]}
            for response in responses.values():
                content = response.get("content", {})
                if "application/problem+json" in content:
                    content.pop("application/json", None)
                    content["application/problem+json"]["schema"] = {
                        "$ref": "#/components/schemas/Problem"}
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)


LOCATION = {"description": "Where the created record can be read (when it has a URL of its "
                           "own).", "schema": {"type": "string"},
            "example": "/api/v1/deals/7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f"}
def _refs(node: Any) -> Iterator[str]:
    """The schema names a part of the spec refers to."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.rsplit("/", 1)[-1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _reachable(schemas: dict[str, Any], names: Iterable[str]) -> set[str]:
    seen, todo = set(names), list(names)
    while todo:
        for ref in _refs(schemas.get(todo.pop(), {})):
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return seen


def _exact_responses(spec: dict[str, Any]) -> None:
    """What generated clients need: a schema only answers use lists every property as
    required (the server always sends each, null where it may be null), and the pages are
    named `DealPage` rather than `Page_DealRead_` (and a form `AuthTokenForm`, not
    `Body_auth_token`)."""
    schemas = spec.get("components", {}).get("schemas", {})
    sent, read = set(), set()
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            read |= set(_refs([operation.get("requestBody"), operation.get("parameters")]))
            sent |= {ref for status, response in operation.get("responses", {}).items()
                     if status.startswith("2") for ref in _refs(response)}
    for name in _reachable(schemas, sent) - _reachable(schemas, read):
        properties = schemas[name].get("properties")
        if properties:
            schemas[name]["required"] = list(properties)
    renames = {name: match[1].removesuffix("Read") + "Page" for name in list(schemas)
               if (match := re.fullmatch(r"Page_(\w+)_", name))}
    renames |= {name: "".join(w.title() for w in name[5:].split("_")) + "Form"
                for name in schemas if name.startswith("Body_")}
    if renames:
        text = json.dumps(spec)
        for old, new in renames.items():
            text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
        renamed = json.loads(text)
        spec.clear()
        spec.update(renamed)
        schemas = spec["components"]["schemas"]
        for old, new in renames.items():
            schemas[new] = schemas.pop(old)


IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Any unique string (1-255 characters, e.g. a UUID): a retry with the same "
                   "key and body replays the first successful response (marked "
                   "`Idempotent-Replayed: true`) instead of creating twice; kept 24 hours per "
                   "user.",
    "schema": {"type": "string", "maxLength": 255}, "example": "3f1c2b9e-create-client-42"}
_RATE_HEADERS = {name: {"description": text, "schema": {"type": "integer"}} for name, text in (
    ("RateLimit-Limit", "Requests allowed per minute."),
    ("RateLimit-Remaining", "Requests left in this minute."),
    ("RateLimit-Reset", "Seconds until the count starts again."))}


def _retries_and_limits(spec: dict[str, Any]) -> None:
    """The rate limit (middleware) on every /api operation, and on the operations marked
    idempotent (their Idempotency-Key header, app.routers.deps.Idempotent) what a retry may
    answer."""
    spec.setdefault("components", {})["headers"] = _RATE_HEADERS
    rate_refs = {name: {"$ref": f"#/components/headers/{name}"} for name in _RATE_HEADERS}
    for path, item in spec.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("429", problems(429)[429])
            success = next((r for s, r in responses.items() if s.startswith("2")), None)
            if success is not None:
                success.setdefault("headers", {}).update(rate_refs)
            parameters = operation.get("parameters", [])
            marked = [i for i, p in enumerate(parameters) if p["name"] == "Idempotency-Key"]
            if not marked:
                continue
            parameters[marked[0]] = IDEMPOTENCY_KEY
            for status in (400, 409, 422):
                responses.setdefault(str(status), problems(status)[status])
            created = responses.get("201") or next(
                r for s, r in responses.items() if s.startswith("2"))
            created.setdefault("headers", {})["Idempotent-Replayed"] = {
                "description": "`true` when this is the stored answer to an earlier request "
                               "with the same Idempotency-Key.",
                "schema": {"type": "string", "enum": ["true"]}}


def render_spec(app: FastAPI) -> str:
    """The spec as stable, formatted JSON."""
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_spec(app: FastAPI, path: Path = SPEC_PATH) -> Path:
    """Write the spec where the repository keeps it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_spec(app))
    return path
