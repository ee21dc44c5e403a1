"""Tags, operation ids, shared error responses and the spec export."""

import json
import re
from collections.abc import Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

from fastapi import FastAPI, routing
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
    portfolio = "portfolio"


# The tags in the order of the manager's week (Swagger UI and ReDoc list them so), each with
# a name for people (x-displayName, shown by ReDoc) and what it holds.
TAGS: list[tuple[str, Tag, str, str]] = [
    ("The week's overview", Tag.portfolio, "Portfolio",
     "Every client on one screen, worst first: health, attainment against the "
     "period's pace, coverage and the alarms that count."),
    ("The week's overview", Tag.alarms, "Alarms",
     "Alarms raised when a leading indicator falls below its floor, with acknowledge "
     "and snooze, and each client's digest."),
    ("Clients and figures", Tag.clients, "Clients",
     "Client companies the manager runs sales for, and their managers."),
    ("Clients and figures", Tag.kpis, "KPIs",
     "The leading indicators: activity, pipeline coverage, near-term coverage, "
     "revenue closed, rates and forecast, for a client or a rep, for any past day."),
    ("Clients and figures", Tag.forecast, "Forecast",
     "The period's forecast, every method side by side with a headline chosen by "
     "past accuracy; weekly forecast calls; snapshots and accuracy."),
    ("Clients and figures", Tag.reports, "Owner reports",
     "The owner's progress report for a period: figures, charts, the manager's "
     "narrative; JSON, HTML and PDF."),
    ("Clients and figures", Tag.owner, "The owner",
     "The manager's meetings with the owner (with the owner's action items) and the "
     "decisions asked of the owner."),
    ("Clients and figures", Tag.targets, "Targets and quotas",
     "Revenue targets and quotas over time (a past as_of is measured against what "
     "held then), the owner's approval, and what each rep is measured against, with "
     "their role's activity targets and their ramp."),
    ("The team and coaching", Tag.reps, "Reps",
     "Salespeople of each client, with quota and ranked motivators."),
    ("The team and coaching", Tag.compensation, "Compensation",
     "Variable compensation plans, and what each rep earns under theirs."),
    ("The team and coaching", Tag.one_on_ones, "One-on-ones",
     "Weekly one-on-ones of a manager with a rep: agenda, shared notes, the "
     "manager's private notes (never shown to anyone else), coaching focus, deals "
     "reviewed, action items, and the rep's KPIs then and since the previous one; "
     "the agenda to start the next one from."),
    ("The team and coaching", Tag.action_items, "Action items",
     "Action items agreed in one-on-ones, across meetings, overdue first; reps tick "
     "off their own."),
    ("The team and coaching", Tag.sales_meetings, "Sales meetings",
     "Weekly team sales meetings of a client: attendees, notes, decisions, and how "
     "often the owner attends."),
    ("The team and coaching", Tag.onboarding, "Onboarding",
     "Onboarding of new reps: each client's template of tasks (day after the start, "
     "who does it) and a rep's plan, whose tasks are action items."),
    ("Pipeline", Tag.deals, "Deals",
     "The pipeline: deals with stages, forecast categories and their history."),
    ("Pipeline", Tag.activities, "Activities",
     "Weekly activity per rep: calls, meetings, proposals, prospecting hours."),
    ("Pipeline", Tag.accounts, "Accounts and territories",
     "Accounts and territories of each client, conflicts between reps, and the "
     "client's own sales process."),
    ("Pipeline", Tag.imports, "Imports",
     "CSV uploads of deals and activities, with a dry run."),
    ("Hiring", Tag.candidates, "Candidates",
     "Hiring: candidates, their status, social media check, scorecards and the offer "
     "gate (reps: no access)."),
    ("Hiring", Tag.questions, "Question bank",
     "The behavioural question bank: a default bank plus each client's own."),
    ("Hiring", Tag.interviews, "Interviews",
     "Interviews, their question kits (integrity questions sprinkled through) and "
     "blind scorecards."),
    ("Assessments", Tag.diagnostics, "Underperformers",
     "Underperformers: the bottom performers of a client, and the diagnosis before "
     "acting (motivation, competence, interpersonal) with its recommendation."),
    ("Assessments", Tag.fit_assessments, "Client fit",
     "Client fit: nine criteria that say whether a fractional manager is right for "
     "the company, with the score and the risks."),
    ("Assessments", Tag.strategy_reviews, "Strategy reviews",
     "The six-monthly assessment of sales strategy and execution: fixed questions "
     "scored 1-5, section scores and the change since the last."),
    ("Assessments", Tag.engagement, "Engagement return",
     "An engagement's return: revenue growth since the start against the fees."),
    ("Assessments", Tag.tools, "Calculators",
     "Calculators: a full-time VP of sales against a fractional one."),
    ("Integrations", Tag.webhooks, "Webhooks",
     "Zapier REST Hooks: subscribe a URL to events, unsubscribe, sample payloads, "
     "rotate the signing secret, and the delivery log (Standard Webhooks "
     "signatures)."),
    ("Integrations", Tag.api_keys, "API keys",
     "Your API keys for integrations such as Zapier: send one as `X-API-Key` (or "
     "`Authorization: Bearer`); it acts as you, with your scope."),
    ("Integrations", Tag.audit, "Audit log",
     "The audit log: who created, changed, archived or deleted which record, when, "
     "in which request, with each changed field before and after."),
    ("Administration", Tag.auth, "Log in",
     "Log in with email and password; rotate and revoke refresh tokens."),
    ("Administration", Tag.me, "Me",
     "The caller: user, role and the clients it may see."),
    ("Administration", Tag.users, "Logins",
     "Logins of owners and reps; deactivated, never deleted."),
    ("Administration", Tag.invitations, "Invitations",
     "Invitations to a login: a single-use link that expires in 7 days; the invitee "
     "accepts it with a password of their own and is signed in."),
    ("Administration", Tag.health, "Health",
     "Liveness and readiness probes."),
]
OPENAPI_TAGS = [{"name": tag.value, "x-displayName": name, "description": description}
                for _, tag, name, description in TAGS]
# ReDoc groups the tags under these headings.
TAG_GROUPS = [{"name": group, "tags": [t.value for g, t, _, _ in TAGS if g == group]}
              for group in dict.fromkeys(g for g, _, _, _ in TAGS)]


def operation_id(route: APIRoute) -> str:
    """`<tag>_<name>`, e.g. `clients_list`; a route without a tag keeps its name."""
    return f"{route.tags[0]}_{route.name}" if route.tags else route.name


class FieldError(BaseModel):
    field: str = Field(examples=["body.name"], description="Where: `loc` joined with dots.")
    loc: list[str] = Field(examples=[["body", "name"]],
                           description="Where, part by part: body, query, path or header first.")
    message: str = Field(examples=["String should have at least 1 character"])
    type: str = Field(examples=["string_too_short"], description="What kind of error.")
    row: int | None = Field(default=None, examples=[3], description=(
        "In a batch, the index of the item at fault (from 0); left out otherwise."))


class Problem(BaseModel):
    """An RFC 9457 problem."""

    type: str = Field(examples=["/problems/not-found"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["No client with id 5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10."])
    instance: str | None = Field(default=None, examples=["/api/v1/clients/5f0c..."],
                                 description="The path of the request.")
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
            _servers_and_security(spec)
            _response_headers(spec, app)
            _descriptions(spec)
            _date_bounds(spec)
            _complete_examples(spec)
            spec["x-tagGroups"] = TAG_GROUPS
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = build  # type: ignore[method-assign]


def _problem_responses(spec: dict[str, Any]) -> None:
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    if "Problem" not in schemas:
        schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas["Problem"].pop("$defs", None)
        schemas["FieldError"] = FieldError.model_json_schema()
        schemas["Problem"]["properties"]["errors"] = {
            "type": "array", "items": {"$ref": "#/components/schemas/FieldError"},
            "description": "Each invalid field (with 400 and 422)."}
        # left out of the problem rather than sent as null (app.errors.problem)
        for schema, name in ((schemas["Problem"], "instance"), (schemas["Problem"], "request_id"),
                             (schemas["FieldError"], "row")):
            prop = schema["properties"][name]
            prop.pop("default", None)
            prop.update(next(b for b in prop.pop("anyOf") if b != {"type": "null"}))
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
    required (the server always sends each, null where it may be null; a model names in
    `x-sometimes` the few it leaves out of some answers), and the pages are
    named `DealPage` rather than `Page_DealRead_` (a form `AuthTokenForm`, not
    `Body_auth_token`; `Goal` and `GoalInput`, not `Goal-Output` and `Goal-Input`), each
    titled as named."""
    schemas = spec.get("components", {}).get("schemas", {})
    sent, read = set(), set()
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            read |= set(_refs([operation.get("requestBody"), operation.get("parameters")]))
            sent |= {ref for status, response in operation.get("responses", {}).items()
                     if status.startswith("2") for ref in _refs(response)}
    for name in _reachable(schemas, sent) - _reachable(schemas, read):
        properties = schemas[name].get("properties")
        sometimes = schemas[name].get("x-sometimes", [])  # left out of some answers
        if properties:
            schemas[name]["required"] = [p for p in properties if p not in sometimes]
    renames = {name: match[1].removesuffix("Read") + "Page" for name in list(schemas)
               if (match := re.fullmatch(r"Page_(\w+)_", name))}
    renames |= {name: "".join(w.title() for w in name[5:].split("_")) + "Form"
                for name in schemas if name.startswith("Body_")}
    # A model both read and sent comes in two (defaults required in what the server sends):
    # `Goal` is the one answers carry, `GoalInput` the one requests take. (Generators name
    # classes by title, and the two share theirs.)
    renames |= {name: name.removesuffix("-Output") for name in schemas
                if name.endswith("-Output")}
    renames |= {name: name.removesuffix("-Input") + "Input" for name in schemas
                if name.endswith("-Input")}
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
            schemas[new]["title"] = new


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


# Who answers for the API and under which terms (Redocly's info-contact, info-license).
CONTACT = {"name": "Fractional Sales Management API maintainers",
           "email": "api@fractional-sales.example"}
LICENSE = {"name": "MIT", "identifier": "MIT"}
SERVERS = [{"url": "/", "description": "This server: the spec is served by the API it "
                                       "describes, so paths are relative to it."}]


def _servers_and_security(spec: dict[str, Any]) -> None:
    """Contact, license and a relative server; and `security: []` on the public operations.

    FastAPI lists `security` on an operation exactly when a security scheme (the bearer
    token, the API key) is among the dependencies of its route, at any depth: the login, the
    token refresh, accepting an invitation and the probes have none, so they say so with an
    empty list (rather than inheriting a default)."""
    info = spec.setdefault("info", {})
    info.setdefault("contact", CONTACT)
    info.setdefault("license", LICENSE)
    spec.setdefault("servers", SERVERS)
    for operation in _operations(spec):
        operation.setdefault("security", [])


HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def _operations(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield operation


_HEADERS = {
    "X-Request-ID": {
        "description": "The request's id (the one sent in `X-Request-ID`, or a new one): quote "
                       "it to support; errors carry it as `request_id` too.",
        "schema": {"type": "string", "maxLength": 128},
        "example": "7f3c9a0e2b8d4c1f9e6a5b4c3d2e1f00"},
    "ETag": {
        "description": "The record's version: send it back as `If-Match` with a change, "
                     "which answers 412 if someone changed the record meanwhile.",
        "schema": {"type": "string"}, "example": '"4f1d2c3b5a69788796a5"'},
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0}, "example": 42},
}


def _documented_routes(app: FastAPI) -> Iterator[Any]:
    """The routes in the spec, through the routers they were included with (FastAPI >= 0.16x
    keeps an included router as one entry of `app.routes`)."""
    contexts = getattr(routing, "iter_route_contexts", None)
    for route in contexts(app.routes) if contexts else app.routes:
        if getattr(route, "include_in_schema", False) and getattr(route, "methods", None):
            yield route


def _sends_etag(route: Any) -> bool:
    """The route's endpoint puts the record's ETag on its answer (app.routers.deps.with_etag)."""
    code = getattr(getattr(route, "endpoint", None), "__code__", None)
    return code is not None and "with_etag" in code.co_names


def _response_headers(spec: dict[str, Any], app: FastAPI) -> None:
    """The headers every answer carries (X-Request-ID, from the outermost middleware), the
    ETag on the answers of routes that send the record's version, and Retry-After on 429
    (the rate limit, the login throttle) and on an idempotent operation's 409 (the first
    request with that key is still running)."""
    spec.setdefault("components", {}).setdefault("headers", {}).update(_HEADERS)
    ref = {name: {"$ref": f"#/components/headers/{name}"} for name in _HEADERS}
    etag = {(route.path_format, method.lower()) for route in _documented_routes(app)
            if _sends_etag(route) for method in route.methods}
    for path, item in spec.get("paths", {}).items():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            idempotent = any(p.get("name") == "Idempotency-Key"
                             for p in operation.get("parameters", []))
            for status, response in operation.get("responses", {}).items():
                headers = {**response.get("headers", {}), "X-Request-ID": ref["X-Request-ID"]}
                if status == "429" or (status == "409" and idempotent):
                    headers["Retry-After"] = ref["Retry-After"]
                if status.startswith("2") and (path, method) in etag:
                    headers["ETag"] = ref["ETag"]
                response["headers"] = dict(sorted(headers.items()))


# What a parameter means when its declaration says nothing (the common ones, by name).
PARAMETER_DESCRIPTIONS = {
    ("query", "client_id"): "Only those of this client (its id); default: every client the "
                            "caller may see.",
    ("query", "rep_id"): "Only those of this rep (its id); default: every rep the caller may "
                         "see.",
    ("query", "limit"): "Items per page (1-200).",
    ("query", "cursor"): "`next_cursor` of the previous page.",
    ("query", "updated_since"): "Only those changed at or after this instant (UTC, ISO 8601): "
                                "what changed since the last sync.",
    ("query", "as_of"): "Reproduce the figures for a past day; default: today.",
    ("query", "sort"): "The order of the items.",
    ("query", "entity_id"): "Only the entries about this record (its id).",
    ("query", "actor_id"): "Only the entries of what this login did (its id).",
    ("query", "owner_rep_id"): "Only the accounts this rep owns (its id).",
    ("path", "event"): "The event type, e.g. `deal.won`.",
}
_NAMES = {"one_on_one": "one-on-one", "comp_plan": "compensation plan", "key": "API key",
          "owner_meeting": "meeting with the owner", "review": "strategy review",
          "assessment": "fit assessment", "import": "import job", "meeting": "sales meeting"}


def _parameter_description(parameter: dict[str, Any]) -> str | None:
    where, name = parameter.get("in"), parameter.get("name", "")
    if (where, name) in PARAMETER_DESCRIPTIONS:
        return PARAMETER_DESCRIPTIONS[where, name]
    if name.endswith("_id"):
        thing = _NAMES.get(name[:-3], name[:-3].replace("_", " "))
        return f"The {thing}'s id." if where == "path" else f"Only those of this {thing} (its id)."
    if where != "query":
        return None
    for suffix, relation in (("_from", "on or after"), ("_to", "on or before")):
        if name.endswith(suffix):
            return f"Only those whose {name.removesuffix(suffix).replace('_', ' ')} is " \
                   f"{relation} this day."
    schema = json.dumps(parameter.get("schema", {}))
    if '"$ref"' in schema or '"boolean"' in schema:  # an enum or a flag: a filter
        return f"Only those whose `{name}` is this."
    return None


def _body_description(operation: dict[str, Any], method: str) -> str:
    content = operation["requestBody"].get("content", {})
    if "multipart/form-data" in content:
        return "The CSV file, as a multipart/form-data upload."
    if "application/x-www-form-urlencoded" in content:
        return "The form of the OAuth2 password flow: the email as `username`, and the password."
    if method == "patch":
        return "The fields to change; a field left out keeps its value."
    if method == "put":
        return "The whole new value, in place of the current one."
    if "201" in operation.get("responses", {}):
        return "The record to create."
    return "What the operation needs."


def _descriptions(spec: dict[str, Any]) -> None:
    """A description on every parameter and request body: what the declaration says, else
    a default for the common names (ids, paging, sync, filters)."""
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            for parameter in operation.get("parameters", []):
                if "$ref" in parameter or parameter.get("description"):
                    continue
                described = (parameter.get("schema", {}).get("description")
                             or _parameter_description(parameter))
                if described:
                    parameter["description"] = described
            body = operation.get("requestBody")
            if body is not None and not body.get("description"):
                body["description"] = _body_description(operation, method)


def _date_bounds(node: Any) -> None:
    """Pydantic writes the bounds of a date (`ge`, `le`) under their Python names, which are
    no JSON Schema keywords: say them in words instead."""
    if isinstance(node, dict):
        bounds = {k: node.pop(k) for k in ("ge", "gt", "le", "lt") if k in node}
        if bounds:
            words = {"ge": "from", "gt": "after", "le": "to", "lt": "before"}
            said = " ".join(f"{words[k]} {v}" for k, v in bounds.items())
            node["description"] = (node.get("description", "") + f" ({said})").strip()
        for value in node.values():
            _date_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _date_bounds(value)


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def _object_branch(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    schema = _resolve(schema, schemas)
    if "properties" in schema or "additionalProperties" in schema:
        return schema
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []) + schema.get("allOf", []):
        found = _object_branch(branch, schemas)
        if found:
            return found
    return {}


def _nullable(schema: dict[str, Any], schemas: dict[str, Any]) -> bool:
    schema = _resolve(schema, schemas)
    return schema.get("type") == "null" or "null" in (schema.get("type") or []) or any(
        _nullable(branch, schemas) for branch in schema.get("anyOf", []) + schema.get(
            "oneOf", []))


def _complete(value: Any, schema: dict[str, Any], schemas: dict[str, Any]) -> Any:
    """The example as the server sends it: every required property the example leaves out,
    with its default, or null where it may be null (what the model dumps)."""
    if isinstance(value, list):
        items = _resolve(schema, schemas)
        items = next((b for b in [items, *items.get("anyOf", [])]
                      if _resolve(b, schemas).get("type") == "array"), items)
        return [_complete(v, _resolve(items, schemas).get("items", {}), schemas)
                for v in value]
    if not isinstance(value, dict):
        return value
    branch = _object_branch(schema, schemas)
    properties, required = branch.get("properties", {}), set(branch.get("required", []))
    out = {}
    for name, prop in properties.items():
        if name in value:
            out[name] = _complete(value[name], prop, schemas)
        elif name in required and "default" in _resolve(prop, schemas):
            out[name] = _resolve(prop, schemas)["default"]
        elif name in required and "default" in prop:
            out[name] = prop["default"]
        elif name in required and _nullable(prop, schemas):
            out[name] = None
    extra = branch.get("additionalProperties")
    for name, item in value.items():
        if name not in properties:
            out[name] = _complete(item, extra, schemas) if isinstance(extra, dict) else item
    return out


def _complete_examples(spec: dict[str, Any]) -> None:
    """The examples of the schemas answers use, completed: _exact_responses makes every
    property they carry required, while a model's example leaves out the ones at their
    default."""
    schemas = spec.get("components", {}).get("schemas", {})
    for schema in schemas.values():
        if isinstance(schema.get("examples"), list):
            schema["examples"] = [_complete(e, schema, schemas) for e in schema["examples"]]


def render_spec(app: FastAPI) -> str:
    """The spec as stable, formatted JSON."""
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_spec(app: FastAPI, path: Path = SPEC_PATH) -> Path:
    """Write the spec where the repository keeps it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_spec(app))
    return path
