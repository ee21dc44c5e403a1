"""Every error is problem+json, leaks nothing, and writes nothing."""

import pytest
from sqlmodel import select

from app.models import Client
from tests.support.assertions import problem


def test_unknown_route_is_a_problem(client):
    problem(client.get("/api/v1/nothing-here"), 404)


def test_missing_token_is_a_problem_with_www_authenticate(client):
    response = client.get("/api/v1/clients")
    problem(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


def test_malformed_json_is_a_400_problem_naming_where(world, as_user):
    response = as_user(world.manager_a).post(
        "/api/v1/clients", content=b'{"name": ', headers={"content-type": "application/json"})
    body = problem(response, 400)
    assert body["detail"] == "The body is not valid JSON: Expecting value at line 1, column 10."


def test_a_body_that_is_not_text_is_a_documented_400_problem(world, as_user, app):
    """Found by fuzzing: bytes that are not UTF-8 answer 400, which the spec must list."""
    response = as_user(world.manager_a).post(
        "/api/v1/deals", content=b"\xe9\x1f\xcc\x88\xff",
        headers={"content-type": "application/json"})
    assert problem(response, 400)["type"] == "/problems/bad-request"
    responses = app.openapi()["paths"]["/api/v1/deals"]["post"]["responses"]
    assert "application/problem+json" in responses["400"]["content"]


def test_body_over_one_mebibyte_is_413_and_writes_nothing(world, as_user, db):
    big = {"name": "Huge", "industry": "x" * (1024 * 1024)}
    response = as_user(world.manager_a).post("/api/v1/clients", json=big)
    problem(response, 413)
    assert db.exec(select(Client).where(Client.name == "Huge")).first() is None


def test_nul_character_in_text_is_422_not_500(world, as_user, db):
    response = as_user(world.manager_a).post("/api/v1/clients", json={"name": "Nul\u0000Co"})
    body = problem(response, 422)
    assert body["errors"][0]["field"] == "body.name"


def test_nul_character_in_a_query_filter_is_422(world, as_user):
    response = as_user(world.manager_a).get("/api/v1/clients", params={"q": "a\x00b"})
    problem(response, 422)


def test_numbers_beyond_a_column_are_422(world, as_user):
    caller = as_user(world.manager_a)
    for body in ({"name": "Big", "period_revenue_target": "1e20"},
                 {"name": "Big", "weekly_calls_target": 10**12},
                 {"name": "Big", "monthly_fee": "-1"},
                 {"name": "Big", "timezone": "Mars/Olympus"}):
        problem(caller.post("/api/v1/clients", json=body), 422)


def test_validation_errors_never_echo_the_password(world, as_user):
    response = as_user(world.manager_a).post("/api/v1/users", json={
        "email": "not-an-email", "role": "owner", "client_id": str(world.client_a.id),
        "password": "secret-value-123"})
    problem(response, 422)
    assert "secret-value-123" not in response.text


def test_method_not_allowed_is_a_problem(world, as_user):
    problem(as_user(world.manager_a).request("PUT", "/api/v1/clients"), 405)


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}


def test_a_413_still_carries_cors_headers_for_browser_apps(settings):
    from fastapi.testclient import TestClient

    from app.main import create_app

    app = create_app(settings.model_copy(update={"cors_origins": ["https://spa.example"]}))
    response = TestClient(app).post("/api/v1/clients", content=b"x" * (1024 * 1024 + 1),
                                    headers={"Origin": "https://spa.example"})
    problem(response, 413)
    assert response.headers["access-control-allow-origin"] == "https://spa.example"
    app.state.engine.dispose()


@pytest.mark.parametrize("url", [
    "/api/v1/one-on-ones?held_to=0", "/api/v1/sales-meetings?held_from=20261201",
    "/api/v1/deals?expected_close_from=1", "/api/v1/activities?from=1700000000",
    "/api/v1/clients/{client}/kpis?as_of=0",
    "/api/v1/clients/{client}/pipeline-changes?from=2026-1-1",
])
def test_a_number_is_not_a_day_in_a_query(world, as_user, url):
    body = problem(as_user(world.manager_a).get(url.format(client=world.client_a.id)), 422)
    assert "YYYY-MM-DD" in body["errors"][0]["message"]


@pytest.mark.parametrize(("method", "url", "allow"), [
    ("PATCH", "/api/v1/activities/batch", "POST"), ("DELETE", "/api/v1/activities/batch", "POST"),
    ("PATCH", "/api/v1/deals/export.csv", "GET"), ("POST", "/api/v1/activities/export.csv", "GET"),
])
def test_a_fixed_path_is_not_taken_for_an_id(world, as_user, method, url, allow):
    answer = as_user(world.manager_a).request(method, url, json={})
    problem(answer, 405)
    assert answer.headers["allow"] == allow
