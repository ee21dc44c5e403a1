"""Schemathesis against the app's own OpenAPI spec, as each role, on a fresh PostgreSQL
database with the demo data: over every operation, no server error (5xx) and no response
that breaks the spec (status code, content type, body schema).

Deterministic: Hypothesis is derandomized and keeps no example database, so a run makes the
same requests in the same order (ids differ: they are the demo's). Half the generated cases
have their ids (in the path and in query filters) replaced by real demo ids, so that fuzzing
gets past the 404s into the services. Positive and negative cases (invalid on purpose).
FUZZ_EXAMPLES (default 12) sets the examples per operation and role; nothing is excluded.
"""

import json
import os
import re
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import update
from sqlmodel import select

from app.core.clock import Clock, today_of
from app.core.periods import period_containing, period_label
from app.db import make_engine, make_sessionmaker, migrate
from app.demo.seed import seed_demo_unscoped
from app.main import create_app
from app.models import (
    Account,
    ActionItem,
    Activity,
    ApiKey,
    Candidate,
    Client,
    CompPlan,
    Deal,
    DecisionRequest,
    Diagnostic,
    FitAssessment,
    ImportJob,
    ImprovementPlan,
    Interview,
    Invitation,
    OneOnOne,
    OwnerMeeting,
    Question,
    Rep,
    Report,
    RevenueTarget,
    SalesMeeting,
    StrategyReview,
    Territory,
    Training,
    User,
    WebhookSubscription,
)
from app.models.enums import MeasurementPeriod
from app.models.integrations.webhook import WebhookDelivery, WebhookEvent
from app.openapi import SPEC_PATH
from app.security import create_access_token, token_digest
from app.services.integrations.webhooks.subscriptions import new_secret
from app.settings import Settings
from tests.support.databases import create_postgres_database, drop_postgres_database

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
FUZZ_TOKEN = "fuzz-invitation-token-0123456789abcdef"
ROLES = {"manager": "manager@demo.example", "owner": "owner@acme.demo.example",
         "rep": "rep1@acme.demo.example"}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
HTTP_METHODS = ("get", "post", "put", "patch", "delete")
SECRET = "fuzz-test-secret-0123456789-abcdefghijklmnop"


def _operations() -> list[str]:
    spec = json.loads(SPEC_PATH.read_text())
    return [f"{method.upper()} {path}" for path, item in spec["paths"].items()
            for method in item if method in HTTP_METHODS]


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory) -> Iterator:
    url = create_postgres_database()
    try:
        migrate(url)
        engine = make_engine(url)
        with make_sessionmaker(engine, clock=Clock.system())() as session:
            seed_demo_unscoped(session)
            session.commit()
        engine.dispose()
        app = create_app(Settings(_env_file=None, environment="test", database_url=url,
                                  jwt_secret=SECRET, data_dir=tmp_path_factory.mktemp("fuzz"),
                                  # no limit (it would answer 429 instead of exercising the
                                  # services) and no dispatcher thread
                                  rate_limit_per_minute=0, redis_url=None,
                                  webhooks_embedded_worker=False,
                                  imports_embedded_worker=False))
        yield app
        app.state.engine.dispose()
    finally:
        drop_postgres_database(url)


@pytest.fixture(scope="module")
def schema(fuzz_app):
    return schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)


def _first(session, stmt):
    return session.exec(stmt.limit(1)).first()


@pytest.fixture(scope="module")
def demo(fuzz_app) -> dict[str, dict]:
    """Per role: its token, and real ids (of Acme and its first rep) for the path params."""
    with fuzz_app.state.sessionmaker() as s:
        users = {role: s.exec(select(User).where(User.email == email)).one()
                 for role, email in ROLES.items()}
        rep = s.exec(select(Rep).where(Rep.user_id == users["rep"].id)).one()
        client = s.get(Client, rep.client_id)
        ids = {
            "client_id": client.id, "rep_id": rep.id, "user_id": users["rep"].id,
            "deal_id": _first(s, select(Deal.id).where(Deal.rep_id == rep.id)),
            "activity_id": _first(s, select(Activity.id).where(Activity.rep_id == rep.id)),
            "one_on_one_id": _first(s, select(OneOnOne.id).where(OneOnOne.rep_id == rep.id)),
            "action_item_id": _first(s, select(ActionItem.id).where(ActionItem.rep_id == rep.id)),
            "meeting_id": _first(s, select(SalesMeeting.id)
                                 .where(SalesMeeting.client_id == client.id)),
            "candidate_id": _first(s, select(Candidate.id).where(Candidate.client_id == client.id)),
            "interview_id": _first(s, select(Interview.id).where(Interview.client_id == client.id)),
            "question_id": _first(s, select(Question.id)),
            "diagnostic_id": _first(s, select(Diagnostic.id)),  # the demo has one
            "assessment_id": _first(s, select(FitAssessment.id)
                                    .where(FitAssessment.client_id == client.id)),
            "review_id": _first(s, select(StrategyReview.id)
                                .where(StrategyReview.client_id == client.id)),
            "account_id": _first(s, select(Account.id).where(Account.client_id == client.id)),
            "report_id": _first(s, select(Report.id).where(Report.client_id == client.id)),
            "training_id": _first(s, select(Training.id)
                                  .where(Training.client_id == client.id)),
            "comp_plan_id": _first(s, select(CompPlan.id)
                                   .where(CompPlan.client_id == client.id)),
            "owner_meeting_id": _first(s, select(OwnerMeeting.id)
                                       .where(OwnerMeeting.client_id == client.id)),
            "decision_request_id": _first(s, select(DecisionRequest.id)
                                          .where(DecisionRequest.client_id == client.id)),
            "target_id": _first(s, select(RevenueTarget.id)
                                .where(RevenueTarget.client_id == client.id)),
            "plan_id": _first(s, select(ImprovementPlan.id)
                              .where(ImprovementPlan.client_id == client.id)),
            "invitation_id": _first(s, select(Invitation.id)
                                    .where(Invitation.client_id == client.id)),
            "territory_id": _first(s, select(Territory.id)
                                   .where(Territory.client_id == client.id)),
            "period": period_label(period_containing(
                today_of(s, client.timezone), MeasurementPeriod(client.measurement_period))),
        }
        own = {}  # each caller's own webhook subscription and API key
        for role, user in users.items():
            hook = WebhookSubscription(user_id=user.id, target_url="https://hooks.example.com/f",
                                       events=["deal.created"], secret=new_secret())
            key = ApiKey(user_id=user.id, name="fuzz", prefix=uuid.uuid4().hex[:12],
                         key_hash=uuid.uuid4().hex * 2)
            event_id, at = uuid.uuid4(), datetime.now(UTC)
            event = WebhookEvent(id=event_id, type="deal.created", client_id=client.id,
                                 occurred_at=at, payload={
                                     "id": str(event_id), "type": "deal.created",
                                     "occurred_at": at.isoformat(),
                                     "client_id": str(client.id), "data": {}})
            s.add_all([hook, key, event])
            s.flush()
            delivery = WebhookDelivery(subscription_id=hook.id, event_id=event.id,
                                       status="failed")
            s.add(delivery)
            s.flush()
            own[role] = {"webhook_id": hook.id, "key_id": key.id, "delivery_id": delivery.id}
        job = ImportJob(client_id=client.id, kind="deals", mode="create", status="succeeded",
                        created_by=users["manager"].id)  # the demo imports nothing
        s.add(job)
        s.flush()
        ids["import_id"] = job.id
        # an invitation whose token is known (the demo's show only their digest)
        s.add(Invitation(email="fuzz.invitee@example.com", role="rep", client_id=client.id,
                         token_hash=token_digest(FUZZ_TOKEN), invited_by=users["manager"].id,
                         expires_at=datetime.now(UTC) + timedelta(days=7)))
        ids["token"] = FUZZ_TOKEN
        ids["starts_on"] = period_containing(today_of(s, client.timezone), MeasurementPeriod(
            client.measurement_period)).start.isoformat()
        s.commit()
        settings_ = fuzz_app.state.settings
        return {role: {"headers": {"Authorization": "Bearer " + create_access_token(
                    settings_, user_id=user.id, role=user.role)},
                       "ids": {k: str(v) for k, v in (ids | own[role]).items() if v is not None}
                       | {"event": "deal.created"}}
                for role, user in users.items()}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("operation", _operations())
def test_no_server_error_and_every_response_matches_the_spec(schema, demo, role, operation):
    method, path = operation.split(" ", 1)
    api_operation = schema[path][method]
    caller = demo[role]

    cases = st.one_of(api_operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                      api_operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @given(case=cases, real_ids=st.booleans())
    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
              print_blob=False)
    def run(case, real_ids):
        if real_ids:
            for params in (case.path_parameters, case.query):
                for name in params or {}:
                    if name in caller["ids"]:
                        params[name] = caller["ids"][name]
        response = case.call(headers=caller["headers"])
        case.validate_response(response, checks=CHECKS, headers=caller["headers"])

    run()


def test_every_path_id_has_a_real_demo_value(demo):
    spec = json.loads(SPEC_PATH.read_text())
    names = {name for path in spec["paths"] for name in re.findall(r"{(\w+)}", path)}
    ids = demo["manager"]["ids"]
    assert names - set(ids) == {"key"}  # alarm keys are made of ids, not one
    assert all(uuid.UUID(value) for name, value in ids.items()
               if name not in ("event", "period", "token", "starts_on"))


STATEFUL_SCENARIOS = int(os.environ.get("FUZZ_STATEFUL_SCENARIOS", "25"))


@pytest.mark.parametrize("role", list(ROLES))
def test_chained_operations_make_no_server_error(fuzz_app, schema, demo, role):
    """Stateful: sequences of calls chained by the links Schemathesis infers from the spec
    (a created record's id used by the next operation), as each role; no 5xx and no answer
    outside the spec."""
    base = schema.as_state_machine()
    if not getattr(base, "root_rules", None) and not base.rules():
        pytest.skip("this Schemathesis finds no links between operations")
    headers = demo[role]["headers"]

    class Chained(base):
        def teardown(self):
            # Hypothesis replays a scenario to shrink it and expects the same draws; the
            # links draw from the client list, so a client archived by one scenario is
            # brought back before the next.
            with fuzz_app.state.sessionmaker() as s:
                s.execute(update(Client).values(archived_at=None))
                s.commit()

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS, headers=headers)

    Chained.run(settings=settings(max_examples=STATEFUL_SCENARIOS, derandomize=True,
                                  database=None, deadline=None, stateful_step_count=6,
                                  suppress_health_check=list(HealthCheck), print_blob=False))
