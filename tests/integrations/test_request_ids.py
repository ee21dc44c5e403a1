"""Request ids: on every response (the client's when sane), in problems and in the JSON log
lines; `current_request_id()` for whoever records who did what."""

import json
import logging

from fastapi.testclient import TestClient

from app.core.request_context import current_request_id
from app.http.logging_json import JsonFormatter
from app.main import create_app
from tests.support.assertions import problem


def test_every_response_carries_a_generated_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_a_sane_client_request_id_is_kept_and_others_replaced(client):
    sane = "zap-42.retry_1"
    assert client.get("/healthz", headers={"X-Request-ID": sane}).headers["x-request-id"] == sane
    for bad in ("has spaces", "x" * 129, "semi;colon", ""):
        answered = client.get("/healthz", headers={"X-Request-ID": bad}).headers["x-request-id"]
        assert answered != bad and len(answered) == 32


def test_problems_name_the_request_id(client, world, as_user):
    response = client.get("/api/v1/clients", headers={"X-Request-ID": "trace-401"})
    assert problem(response, 401)["request_id"] == "trace-401"
    too_big = as_user(world.manager_a).post("/api/v1/clients", content=b"x" * (1024 * 1024 + 1))
    assert problem(too_big, 413)["request_id"] == too_big.headers["x-request-id"]


def test_an_unexpected_error_is_a_500_problem_with_the_request_id(settings):
    app = create_app(settings)

    @app.get("/boom")
    def boom():
        raise RuntimeError("not for the client's eyes")

    response = TestClient(app, raise_server_exceptions=False).get(
        "/boom", headers={"X-Request-ID": "trace-500"})
    body = problem(response, 500)
    assert body["request_id"] == "trace-500" == response.headers["x-request-id"]
    assert "not for the client" not in response.text
    app.state.engine.dispose()


def test_each_request_logs_one_json_line_with_its_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="app.access"):
        response = client.get("/api/v1/me", headers={"X-Request-ID": "trace-log"})
    records = [r for r in caplog.records if r.name == "app.access"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line | {"time": None, "duration_ms": None} == {
        "time": None, "level": "INFO", "logger": "app.access", "message": "GET /api/v1/me 401",
        "request_id": "trace-log", "method": "GET", "path": "/api/v1/me", "status": 401,
        "duration_ms": None, "client_ip": "testclient"}
    assert line["duration_ms"] >= 0 and line["time"].endswith("+00:00")
    assert response.headers["x-request-id"] == "trace-log"


def test_log_lines_outside_a_request_have_no_request_id():
    record = logging.LogRecord("app.x", logging.WARNING, __file__, 1, "hello %s", ("you",), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "hello you" and line["request_id"] is None is current_request_id()
