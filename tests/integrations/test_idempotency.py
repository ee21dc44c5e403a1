"""Idempotency-Key on creating POSTs: a retry replays the first answer, never creates twice;
another body or route with the same key is 422, a key still running 409, a long key 400."""

import hashlib
from datetime import timedelta

import pytest
from sqlmodel import func, select

from app.models import Client, IdempotencyRecord
from tests.support.assertions import problem
from tests.support.clock import utcnow


def _post(caller, key, body, url="/api/v1/clients"):
    return caller.post(url, json=body, headers={"Idempotency-Key": key})


def _clients_named(db, name):
    return db.exec(select(func.count()).select_from(Client).where(Client.name == name)).one()


def test_a_retry_replays_the_first_response_and_creates_nothing(world, as_user, db):
    caller = as_user(world.manager_a)
    first = _post(caller, "retry-1", {"name": "Once Only"})
    assert first.status_code == 201 and "idempotent-replayed" not in first.headers
    again = _post(caller, "retry-1", {"name": "Once Only"})
    assert again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    assert _clients_named(db, "Once Only") == 1


def test_the_same_key_with_another_body_or_route_is_422(world, as_user, db):
    caller = as_user(world.manager_a)
    assert _post(caller, "k-1", {"name": "First"}).status_code == 201
    body = problem(_post(caller, "k-1", {"name": "Second"}), 422)
    assert body["errors"][0]["field"] == "header.Idempotency-Key"
    problem(_post(caller, "k-1", {"name": "First"}, url="/api/v1/reps"), 422)
    assert _clients_named(db, "Second") == 0


def test_keys_are_per_user(world, as_user, db):
    first = _post(as_user(world.manager_a), "shared-key", {"name": "Of A"})
    second = _post(as_user(world.manager_b), "shared-key", {"name": "Of A"})
    assert first.status_code == second.status_code == 201
    assert "idempotent-replayed" not in second.headers
    assert first.json()["id"] != second.json()["id"]
    assert _clients_named(db, "Of A") == 2


def test_a_key_still_in_progress_is_409(world, as_user, db):
    body = b'{"name": "Busy"}'
    db.add(IdempotencyRecord(user_id=world.manager_a.id, key="busy",
                             method_path="POST /api/v1/clients",
                             request_hash=hashlib.sha256(b"\n" + body).hexdigest()))
    db.flush()
    response = as_user(world.manager_a).post("/api/v1/clients", content=body, headers={
        "Idempotency-Key": "busy", "Content-Type": "application/json"})
    problem(response, 409)
    assert response.headers["retry-after"] == "1"
    assert _clients_named(db, "Busy") == 0


def test_a_key_over_255_characters_is_400(world, as_user):
    problem(_post(as_user(world.manager_a), "k" * 256, {"name": "Long key"}), 400)
    assert _post(as_user(world.manager_a), "k" * 255, {"name": "Long key"}).status_code == 201


def test_a_key_older_than_a_day_runs_again(world, as_user, db):
    caller = as_user(world.manager_a)
    first = _post(caller, "old", {"name": "Yesterday"})
    record = db.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == "old")).one()
    record.created_at = utcnow() - timedelta(hours=25)
    db.add(record)
    db.flush()
    again = _post(caller, "old", {"name": "Yesterday"})
    assert again.status_code == 201 and "idempotent-replayed" not in again.headers
    assert again.json()["id"] != first.json()["id"]


def test_a_refused_request_keeps_nothing_so_a_corrected_retry_runs(world, as_user, db):
    """As Stripe does: a request that failed validation is not kept for replay."""
    caller = as_user(world.manager_a)
    refused = _post(caller, "bad", {"name": "Bad", "monthly_fee": "-1"})
    problem(refused, 422)
    assert "idempotent-replayed" not in refused.headers
    assert db.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == "bad")).first() \
        is None
    corrected = _post(caller, "bad", {"name": "Bad", "monthly_fee": "1"})
    assert corrected.status_code == 201 and "idempotent-replayed" not in corrected.headers
    again = _post(caller, "bad", {"name": "Bad", "monthly_fee": "1"})
    assert again.headers["idempotent-replayed"] == "true" and again.json() == corrected.json()
    assert _clients_named(db, "Bad") == 1


def test_only_creating_posts_are_idempotent(world, as_user, db):
    caller = as_user(world.manager_a)
    url = f"/api/v1/clients/{world.client_a.id}/archive"
    for _ in range(2):
        response = caller.post(url, headers={"Idempotency-Key": "archive"})
        assert response.status_code == 200 and "idempotent-replayed" not in response.headers
    assert db.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == "archive")).first() \
        is None


def test_anonymous_requests_are_answered_401_whatever_the_key(client):
    problem(client.post("/api/v1/clients", json={"name": "x"},
                        headers={"Idempotency-Key": "anon"}), 401)


def test_api_keys_are_never_kept_for_replay(world, as_user, db):
    caller = as_user(world.manager_a)
    first = _post(caller, "key-create", {"name": "Zap"}, url="/api/v1/api-keys")
    second = _post(caller, "key-create", {"name": "Zap"}, url="/api/v1/api-keys")
    assert first.json()["key"] != second.json()["key"]
    assert db.exec(select(IdempotencyRecord)
                   .where(IdempotencyRecord.key == "key-create")).first() is None


@pytest.mark.usefixtures("private_ok")
def test_webhook_subscriptions_are_never_kept_for_replay(world, as_user, db):
    """Their answer holds the signing secret, which a rotation or a delete would make stale."""
    caller = as_user(world.manager_a)
    body = {"target_url": "https://hooks.example.com/zap", "events": ["deal.created"]}
    first = _post(caller, "hook-create", body, url="/api/v1/webhooks")
    second = _post(caller, "hook-create", body, url="/api/v1/webhooks")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] != second.json()["id"]
    assert "idempotent-replayed" not in second.headers


def test_a_path_too_long_to_keep_is_answered_by_its_route(world, as_user):
    response = as_user(world.manager_a).post(
        f"/api/v1/clients/{'a' * 700}/imports/deals", files={"file": ("d.csv", b"name\n")},
        headers={"Idempotency-Key": "long-path"})
    problem(response, 422)


def test_the_spec_documents_the_header_on_creating_posts(app):
    operation = app.openapi()["paths"]["/api/v1/clients"]["post"]
    names = [p["name"] for p in operation["parameters"]]
    assert "Idempotency-Key" in names
    assert {"400", "409", "422"} <= set(operation["responses"])


def test_a_failed_request_is_not_kept_so_a_retry_runs_again(world, app, settings, db):
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.routers.deps import Idempotent
    from app.security import create_access_token

    failing = create_app(settings)
    failing.state.sessionmaker = app.state.sessionmaker
    runs = []

    @failing.post("/api/v1/flaky", status_code=201, tags=["tools"], summary="Fails",
                  dependencies=[Idempotent])
    def flaky() -> dict:
        runs.append(1)
        raise RuntimeError("a bug")

    token = create_access_token(settings, user_id=world.manager_a.id, role="manager")
    http = TestClient(failing, raise_server_exceptions=False)
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "flaky-1"}
    for _ in range(2):
        problem(http.post("/api/v1/flaky", json={}, headers=headers), 500)
    assert len(runs) == 2
    assert db.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == "flaky-1")).first() \
        is None
    failing.state.engine.dispose()


def test_an_api_key_retry_is_replayed_like_its_users(world, as_user, client, db):
    key = as_user(world.manager_a).post("/api/v1/api-keys", json={"name": "Zap"}).json()["key"]
    headers = {"X-API-Key": key, "Idempotency-Key": "zap-task-7"}
    first = client.post("/api/v1/clients", json={"name": "From Zapier"}, headers=headers)
    again = client.post("/api/v1/clients", json={"name": "From Zapier"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    by_token = _post(as_user(world.manager_a), "zap-task-7", {"name": "From Zapier"})
    assert by_token.headers["idempotent-replayed"] == "true"  # the same user, the same key
    assert _clients_named(db, "From Zapier") == 1


def test_a_server_dying_between_its_commit_and_its_answer_never_creates_twice(
        world, app, settings, db):
    """The answer is kept in the same transaction as the create: when the process dies
    after committing but before answering, a retry of the same key (even after the 10
    minutes a claim is given) replays the stored answer instead of creating again."""
    from fastapi.testclient import TestClient

    from app.security import create_access_token

    class DiesWhileAnswering:
        async def __call__(self, scope, receive, send):
            async def send_nothing(message):
                raise ConnectionResetError("the process died before answering")
            await app(scope, receive, send_nothing)

    token = create_access_token(settings, user_id=world.manager_a.id, role="manager")
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "crash-1"}
    dying = TestClient(DiesWhileAnswering(), raise_server_exceptions=False)
    lost = dying.post("/api/v1/clients", json={"name": "Crashed Co"}, headers=headers)
    assert lost.status_code != 201  # the client never got its answer
    assert _clients_named(db, "Crashed Co") == 1  # the create was committed
    record = db.exec(select(IdempotencyRecord).where(IdempotencyRecord.key == "crash-1")).one()
    assert record.status == 201  # ... and its answer with it
    record.created_at = utcnow() - timedelta(minutes=11)  # past any takeover of the claim
    db.flush()
    retry = TestClient(app).post("/api/v1/clients", json={"name": "Crashed Co"},
                                 headers=headers)
    assert retry.status_code == 201 and retry.headers["idempotent-replayed"] == "true"
    assert _clients_named(db, "Crashed Co") == 1
