"""Imports of more than 2,000 rows run as jobs: 202 at once, then a worker checks every row
(saying how far it got) and writes them all or none; import.finished tells subscribers."""

from sqlmodel import func, select

from app.models import Deal, ImportChunk, WebhookEvent
from app.services.pipeline.imports import run_next
from tests.support.assertions import problem
from tests.support.import_helpers import upload
from tests.support.webhook_helpers import subscribe

ROWS = 2_500


def many(rows: int = ROWS, bad_line: int | None = None) -> str:
    lines = ["rep_email,external_id,name,amount"]
    for n in range(rows):
        email = "nobody@a.example" if bad_line == n + 2 else "rep1@a.example"
        lines.append(f"{email},X{n},Deal {n},{100 + n}")
    return "\n".join(lines) + "\n"


def job(caller, job_id: str) -> dict:
    response = caller.get(f"/api/v1/imports/{job_id}")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_large_import_is_queued_then_run_and_tells_subscribers(world, as_user, app, db):
    manager = as_user(world.manager_a)
    subscribe(manager, "https://hooks.example.com/i", ["import.finished"])
    queued = upload(manager, world.client_a, "deals", many())
    assert queued.status_code == 202, queued.text
    assert queued.json()["status"] == "queued" and queued.json()["rows_total"] == ROWS
    assert db.exec(select(func.count()).select_from(Deal)).one() == 0
    assert run_next(app.state.sessionmaker) is True
    done = job(manager, queued.json()["id"])
    assert (done["status"], done["created"], done["rows_read"], done["rows_valid"],
            done["progress"]) == ("succeeded", ROWS, ROWS, ROWS, 100.0)
    assert done["started_at"] and done["finished_at"]
    assert db.exec(select(func.count()).select_from(Deal)).one() == ROWS
    assert db.exec(select(func.count()).select_from(ImportChunk)).one() == 0  # file dropped
    [event] = db.exec(select(WebhookEvent).where(WebhookEvent.type == "import.finished"))
    assert event.payload["data"]["status"] == "succeeded"
    assert run_next(app.state.sessionmaker) is False  # nothing left


def test_one_bad_row_fails_the_job_and_writes_nothing(world, as_user, app, db):
    manager = as_user(world.manager_a)
    queued = upload(manager, world.client_a, "deals", many(bad_line=ROWS + 1)).json()
    run_next(app.state.sessionmaker)
    done = job(manager, queued["id"])
    assert done["status"] == "failed" and done["rows_valid"] == ROWS - 1
    assert done["errors"] == [{"line": ROWS + 1, "field": "rep_email",
                               "message": "No rep of this client has email "
                                          "'nobody@a.example'."}]
    assert "nothing was imported" in done["detail"]
    assert db.exec(select(func.count()).select_from(Deal)).one() == 0


def test_a_dry_run_job_checks_and_writes_nothing(world, as_user, app, db):
    manager = as_user(world.manager_a)
    queued = upload(manager, world.client_a, "deals", many(), dry_run=True).json()
    run_next(app.state.sessionmaker)
    done = job(manager, queued["id"])
    assert (done["status"], done["created"], done["rows_valid"]) == ("succeeded", 0, ROWS)
    assert db.exec(select(func.count()).select_from(Deal)).one() == 0


def test_a_job_is_the_clients_managers_alone(world, as_user):
    queued = upload(as_user(world.manager_a), world.client_a, "deals", many()).json()
    problem(as_user(world.manager_b).get(f"/api/v1/imports/{queued['id']}"), 404)
    problem(as_user(world.rep_user_a1).get(f"/api/v1/imports/{queued['id']}"), 403)
    problem(as_user(world.owner_a).get(f"/api/v1/imports/{queued['id']}"), 403)
