"""The audit log: every create, change, archive and delete of the audited records is kept
with who, when and each field before and after; private notes and password hashes never are;
managers read their clients' entries, owners their company's, reps none."""

from datetime import UTC, datetime, timedelta

from sqlmodel import func, select

from app.models import AuditEntry
from tests.hiring.test_scorecards import candidate, interview, scorecard_url, submitted
from tests.support.assertions import problem
from tests.support.coaching_helpers import PRIVATE, day, one_on_one, sales_meeting

AUDIT = "/api/v1/audit"


def entries(caller, **params) -> list[dict]:
    response = caller.get(AUDIT, params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def created_deal(caller, rep, **fields) -> dict:
    response = caller.post("/api/v1/deals", json={"rep_id": str(rep.id), "name": "Line 4",
                                                  "amount": "48000"} | fields)
    assert response.status_code == 201, response.text
    return response.json()


def test_creating_a_deal_logs_every_field_after_only(world, as_user):
    deal = created_deal(as_user(world.manager_a), world.rep_a1)

    [entry] = entries(as_user(world.manager_a), entity_type="deal", entity_id=deal["id"])

    assert entry["action"] == "create" and entry["actor_id"] == str(world.manager_a.id)
    assert entry["client_id"] == str(world.client_a.id) and entry["entity_id"] == deal["id"]
    assert entry["changes"]["amount"] == {"after": "48000.00"}
    assert entry["changes"]["stage"] == {"after": "prospecting"}
    assert all(set(change) == {"after"} for change in entry["changes"].values())
    assert not {"id", "version", "created_at", "updated_at"} & set(entry["changes"])
    assert entry["request_id"] and len(entry["request_id"]) == 32  # generated per request
    assert datetime.fromisoformat(entry["at"]).tzinfo is not None


def test_a_change_logs_only_the_changed_fields_with_before_and_after(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = created_deal(rep, world.rep_a1)
    response = rep.patch(f"/api/v1/deals/{deal['id']}",
                         json={"amount": "52000", "stage": "proposal", "name": "Line 4"})
    assert response.status_code == 200, response.text

    newest, first = entries(as_user(world.manager_a), entity_id=deal["id"])

    assert (newest["action"], first["action"]) == ("update", "create")
    assert newest["actor_id"] == str(world.rep_user_a1.id)
    assert newest["changes"]["amount"] == {"before": "48000.00", "after": "52000.00"}
    assert newest["changes"]["stage"] == {"before": "prospecting", "after": "proposal"}
    assert "name" not in newest["changes"]  # sent, but unchanged
    assert newest["at"] >= first["at"]


def test_a_refused_change_logs_nothing(world, as_user):
    manager = as_user(world.manager_a)
    deal = created_deal(manager, world.rep_a1)
    stale = '"not-the-current-etag"'

    problem(manager.patch(f"/api/v1/deals/{deal['id']}", json={"amount": "1"},
                          headers={"If-Match": stale}), 412)
    problem(manager.patch(f"/api/v1/deals/{deal['id']}", json={"stage": "closed_lost"}), 422)

    assert [e["action"] for e in entries(manager, entity_id=deal["id"])] == ["create"]


def test_private_notes_are_masked_in_every_entry(world, as_user):
    manager = as_user(world.manager_a)
    meeting = one_on_one(manager, world.rep_a1, held_on=day(-1), private_notes=PRIVATE)
    assert manager.patch(f"/api/v1/one-on-ones/{meeting['id']}",
                         json={"private_notes": PRIVATE + " Again.",
                               "shared_notes": "Shared."}).status_code == 200

    response = manager.get(AUDIT, params={"entity_type": "one_on_one"})
    update, create = response.json()["items"]

    assert "burnt out" not in response.text
    assert create["changes"]["private_notes"] == {"after": "***"}
    assert update["changes"]["private_notes"] == {"before": "***", "after": "***"}
    assert update["changes"]["shared_notes"] == {"before": "", "after": "Shared."}


def test_password_changes_are_logged_without_any_hash(world, as_user):
    owner = as_user(world.owner_a)
    user_id = world.rep_user_a1.id
    response = owner.patch(f"/api/v1/users/{user_id}",
                           json={"password": "a-brand-new-password", "full_name": "Riley"})
    assert response.status_code == 200, response.text

    audit = owner.get(AUDIT, params={"entity_type": "user", "entity_id": str(user_id)})
    [entry] = audit.json()["items"]

    assert entry["changes"]["password"] == {"before": "***", "after": "***"}
    assert entry["changes"]["full_name"]["after"] == "Riley"
    assert "password_hash" not in audit.text and "argon2" not in audit.text


def test_creating_a_login_never_logs_its_hash(world, as_user):
    manager = as_user(world.manager_a)
    response = manager.post("/api/v1/users", json={
        "email": "new.owner@a.example", "role": "owner", "client_id": str(world.client_a.id),
        "password": "a-long-enough-password"})
    assert response.status_code == 201, response.text

    audit = manager.get(AUDIT, params={"entity_id": response.json()["id"]})

    assert audit.json()["items"][0]["changes"]["password"] == {"after": "***"}
    assert "argon2" not in audit.text


def test_archive_and_unarchive_are_named(world, as_user):
    manager = as_user(world.manager_a)
    rep_id = str(world.rep_a2.id)
    assert manager.post(f"/api/v1/reps/{rep_id}/archive").status_code == 200
    assert manager.post(f"/api/v1/reps/{rep_id}/unarchive").status_code == 200
    assert manager.patch(f"/api/v1/users/{world.rep_user_a2.id}",
                         json={"is_active": False}).status_code == 200

    reps = entries(manager, entity_type="rep", entity_id=rep_id)
    users = entries(manager, entity_type="user", entity_id=str(world.rep_user_a2.id))

    assert [e["action"] for e in reps] == ["unarchive", "archive"]
    assert reps[1]["changes"]["archived_at"]["before"] is None
    assert reps[0]["changes"]["archived_at"]["after"] is None
    assert [e["action"] for e in users] == ["archive"]  # a login is deactivated
    assert users[0]["changes"]["is_active"] == {"before": True, "after": False}


def test_deleting_an_activity_logs_what_it_was(world, as_user):
    rep = as_user(world.rep_user_a1)
    response = rep.post("/api/v1/activities",
                        json={"occurred_on": str(datetime.now(UTC).date()), "kind": "call",
                              "quantity": "3"})
    assert response.status_code == 201, response.text
    activity_id = response.json()["id"]
    assert rep.delete(f"/api/v1/activities/{activity_id}").status_code == 204

    deleted, created = entries(as_user(world.manager_a), entity_id=activity_id)

    assert (deleted["action"], created["action"]) == ("delete", "create")
    assert deleted["changes"]["quantity"] == {"before": "3.00"}
    assert deleted["actor_id"] == str(world.rep_user_a1.id)


def test_coaching_and_hiring_records_are_logged(world, as_user):
    manager = as_user(world.manager_a)
    one_on_one(manager, world.rep_a1, action_items=[{"title": "Call Northwind"}])
    sales_meeting(manager, world.client_a, rep_ids=[str(world.rep_a1.id)])
    candidate = manager.post("/api/v1/candidates", json={"client_id": str(world.client_a.id),
                                                        "full_name": "Sam Lee"})
    assert candidate.status_code == 201, candidate.text

    types = {e["entity_type"] for e in entries(manager, client_id=str(world.client_a.id))}

    assert {"one_on_one", "action_item", "sales_meeting", "candidate"} <= types


def test_interviews_scorecards_and_amendments_are_logged(world, as_user):
    manager = as_user(world.manager_a)
    iv = interview(manager, candidate(manager, world.client_a)["id"], world.manager_a)
    submitted(manager, iv["id"])
    assert manager.post(scorecard_url(iv["id"], "/amendments"),
                        json={"note": "Called a reference."}).status_code == 201

    log = entries(manager, client_id=str(world.client_a.id))
    actions = {(e["entity_type"], e["action"]) for e in log}

    assert {("candidate", "create"), ("interview", "create"), ("scorecard", "create"),
            ("scorecard", "update"), ("scorecard_amendment", "create")} <= actions
    submit = next(e for e in log if e["entity_type"] == "scorecard" and e["action"] == "update")
    assert submit["changes"]["submitted_at"]["before"] is None


def test_owners_read_their_company_and_managers_their_clients(world, as_user):
    created_deal(as_user(world.manager_a), world.rep_a1)
    created_deal(as_user(world.manager_b), world.rep_b1)

    def clients_seen(user) -> set[str]:
        return {e["client_id"] for e in entries(as_user(user))}

    assert clients_seen(world.owner_a) == {str(world.client_a.id)}
    assert clients_seen(world.manager_b) == {str(world.client_b.id)}
    assert entries(as_user(world.owner_b), client_id=str(world.client_a.id)) == []


def test_reps_may_not_read_the_audit_log(world, as_user):
    problem(as_user(world.rep_user_a1).get(AUDIT), 403)


def test_a_manager_sees_their_own_login_changes_and_nobody_elses(world, as_user):
    manager = as_user(world.manager_a)
    assert manager.patch(f"/api/v1/users/{world.manager_a.id}",
                         json={"full_name": "Alex Manager"}).status_code == 200

    mine = entries(manager, entity_type="user", actor_id=str(world.manager_a.id))

    assert [(e["entity_id"], e["client_id"]) for e in mine] == [(str(world.manager_a.id), None)]
    assert entries(as_user(world.manager_b), entity_id=str(world.manager_a.id)) == []
    assert entries(as_user(world.owner_a), entity_id=str(world.manager_a.id)) == []


def test_pages_newest_first_and_filters_by_time(world, as_user):
    manager = as_user(world.manager_a)
    before = datetime.now(UTC)
    ids = [created_deal(manager, world.rep_a1)["id"] for _ in range(3)]

    seen, cursor = [], None
    while True:
        response = manager.get(AUDIT, params={"entity_type": "deal", "limit": 2}
                               | ({"cursor": cursor} if cursor else {}))
        seen += [e["entity_id"] for e in response.json()["items"]]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break

    assert seen == ids[::-1]
    assert len(entries(manager, since=before.isoformat())) == 3
    later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    assert entries(manager, since=later) == []
    problem(manager.get(AUDIT, params={"cursor": "not-a-cursor"}), 422)
    problem(manager.get(AUDIT, params={"entity_type": "spaceship"}), 422)


def test_request_id_and_actor_come_from_the_request(world, as_user, db):
    """The entry carries the caller and the request's X-Request-ID (the one it answered)."""
    response = as_user(world.manager_a).patch(f"/api/v1/reps/{world.rep_a1.id}",
                                              json={"title": "Senior AE"},
                                              headers={"X-Request-ID": "req-123"})
    assert response.status_code == 200, response.text
    assert response.headers["x-request-id"] == "req-123"
    entry = db.exec(select(AuditEntry).where(AuditEntry.entity_id == world.rep_a1.id)).one()
    assert (entry.request_id, entry.actor_id) == ("req-123", world.manager_a.id)
    assert entry.changes == {"title": {"before": "", "after": "Senior AE"}}


def test_logins_write_no_entries(world, client, db):
    response = client.post("/api/v1/auth/token", data={"username": "rep1@a.example",
                                                      "password": "correct-horse-battery"})
    assert response.status_code == 200, response.text
    assert db.exec(select(func.count()).select_from(AuditEntry)).one() == 0
