"""/api/v1/webhooks: subscribing and unsubscribing (REST Hooks), target URL rules, samples
with the shape of real payloads, the outbox written in the change's own transaction, and who
receives what (the same rules as reading the record)."""

import base64
from datetime import date, timedelta

import pytest
from sqlmodel import select

from app.models.integrations.webhook import EventType, WebhookDelivery, WebhookEvent
from app.services.integrations import events
from app.services.pipeline.imports import run_next
from tests.support.assertions import problem
from tests.support.import_helpers import upload
from tests.support.webhook_helpers import WEBHOOKS, deliveries, fan_out, subscribe

HOOK = "https://hooks.zapier.com/hooks/standard/1/abc/"
DEALS = "/api/v1/deals"


def outbox(db, type: str | None = None) -> list[WebhookEvent]:
    db.expire_all()
    stmt = select(WebhookEvent)
    if type:
        stmt = stmt.where(WebhookEvent.type == type)
    return list(db.exec(stmt).all())


def new_deal(caller, **fields) -> dict:
    response = caller.post(DEALS, json={"name": "Line 4", "amount": "1000.00"} | fields)
    assert response.status_code == 201, response.text
    return response.json()


# --- subscribing ---------------------------------------------------------------------------

def test_subscribe_answers_the_secret_once_then_lists_gets_and_deletes(world, as_user):
    manager = as_user(world.manager_a)
    created = subscribe(manager, HOOK, ["deal.won", "deal.lost", "deal.won"])
    assert created["events"] == ["deal.won", "deal.lost"] and created["is_active"] is True
    assert created["secret"].startswith("whsec_")
    assert len(base64.b64decode(created["secret"].removeprefix("whsec_"))) >= 24
    listed = manager.get(WEBHOOKS).json()
    assert [w["id"] for w in listed["items"]] == [created["id"]]
    assert "next_cursor" in listed and "secret" not in listed["items"][0]
    one = manager.get(f"{WEBHOOKS}/{created['id']}")
    assert one.status_code == 200 and "secret" not in one.json()
    assert manager.delete(f"{WEBHOOKS}/{created['id']}").status_code == 204
    problem(manager.get(f"{WEBHOOKS}/{created['id']}"), 404)
    assert manager.get(WEBHOOKS).json()["items"] == []


def test_every_role_subscribes_and_sees_only_its_own_webhooks(world, as_user):
    mine = subscribe(as_user(world.rep_user_a1), HOOK, ["deal.created"])
    subscribe(as_user(world.owner_a), HOOK, ["deal.created"])
    for other in (world.rep_user_a2, world.manager_a, world.owner_b):
        caller = as_user(other)
        assert mine["id"] not in [w["id"] for w in caller.get(WEBHOOKS).json()["items"]]
        problem(caller.get(f"{WEBHOOKS}/{mine['id']}"), 404)
        problem(caller.delete(f"{WEBHOOKS}/{mine['id']}"), 404)
        problem(caller.get(f"{WEBHOOKS}/{mine['id']}/deliveries"), 404)
        problem(caller.post(f"{WEBHOOKS}/{mine['id']}/rotate-secret"), 404)


def test_rotating_gives_a_new_secret_and_keeps_the_old_one_for_the_overlap(world, as_user):
    manager = as_user(world.manager_a)
    created = subscribe(manager, HOOK, ["deal.created"])
    rotated = manager.post(f"{WEBHOOKS}/{created['id']}/rotate-secret")
    assert rotated.status_code == 200
    assert rotated.json()["secret"] != created["secret"]
    assert rotated.json()["secret"].startswith("whsec_")
    assert rotated.json()["previous_secret_expires_at"] is not None


def test_reps_may_not_subscribe_to_hiring_events(world, as_user, db):
    found = problem(as_user(world.rep_user_a1).post(WEBHOOKS, json={
        "target_url": HOOK, "events": ["deal.won", "candidate.status_changed"]}), 403)
    assert "candidate.status_changed" in found["detail"]
    assert as_user(world.rep_user_a1).get(WEBHOOKS).json()["items"] == []


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/hook", "https://localhost/hook", "https://10.1.2.3/hook",
    "https://192.168.0.10/hook", "https://169.254.169.254/latest/meta-data",
    "https://[::1]/hook", "https://[fe80::1]/hook", "https://0.0.0.0/hook",
    "ftp://hooks.example.com/x", "not a url",
    # the same addresses in the other spellings a resolver accepts
    "http://0x7f000001/", "http://2130706433/", "http://127.1/", "http://0177.0.0.1/",
    "http://localhost./", "https://[::ffff:10.0.0.1]/", "https://[64:ff9b::7f00:1]/",
    "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:c0a8:0001::1]/",
])
def test_loopback_private_link_local_and_odd_targets_are_refused(world, as_user, url):
    found = problem(as_user(world.manager_a).post(WEBHOOKS, json={
        "target_url": url, "events": ["deal.created"]}), 422)
    assert found["errors"][0]["field"] == "body.target_url"
    assert "target URL" in found["detail"]


@pytest.mark.usefixtures("private_ok")
def test_public_addresses_in_any_spelling_are_accepted(world, as_user):
    for url in ("https://93.184.216.34/hook", "https://[64:ff9b::5db8:d822]/hook",
                "https://hooks.zapier.com/hooks/standard/1/abc/"):
        answer = as_user(world.manager_a).post(WEBHOOKS, json={"target_url": url,
                                                               "events": ["deal.created"]})
        assert answer.status_code == 201, (url, answer.text)


@pytest.mark.usefixtures("private_ok")
def test_the_setting_allows_private_targets_for_local_receivers(world, as_user):
    subscribe(as_user(world.manager_a), "http://127.0.0.1:9/hook", ["deal.created"])


def test_production_refuses_plain_http(world, as_user, app, monkeypatch):
    production = app.state.settings.model_copy(update={"environment": "production"})
    monkeypatch.setitem(app.state._state, "settings", production)
    found = problem(as_user(world.manager_a).post(WEBHOOKS, json={
        "target_url": "http://hooks.example.com/x", "events": ["deal.created"]}), 422)
    assert "https" in found["detail"]


def test_unknown_events_are_422(world, as_user):
    problem(as_user(world.manager_a).post(WEBHOOKS, json={
        "target_url": HOOK, "events": ["deal.exploded"]}), 422)
    problem(as_user(world.manager_a).post(WEBHOOKS, json={"target_url": HOOK, "events": []}),
            422)


def test_anonymous_callers_get_401(client):
    problem(client.get(WEBHOOKS), 401)
    problem(client.get(f"{WEBHOOKS}/samples/deal.created"), 401)


# --- samples have the shape of real payloads ------------------------------------------------

def _shape(payload: dict) -> tuple:
    return (sorted(payload), sorted(payload["data"]), payload["type"],
            sorted(payload.get("previous") or {}) != [] if "previous" in payload else None)


def _real_payloads(world, as_user, db, app) -> dict[str, dict]:
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    subscribe(manager, HOOK, [e.value for e in EventType])
    deal = new_deal(rep)
    rep.patch(f"{DEALS}/{deal['id']}", json={"stage": "proposal"})
    rep.patch(f"{DEALS}/{deal['id']}", json={"stage": "closed_won"})
    lost = new_deal(rep)
    rep.patch(f"{DEALS}/{lost['id']}", json={"stage": "closed_lost",
                                             "lost_reason": "price_terms"})
    assert rep.post("/api/v1/activities", json={
        "occurred_on": date.today().isoformat(), "kind": "call",
        "quantity": 3}).status_code == 201
    assert manager.post("/api/v1/one-on-ones", json={
        "rep_id": str(world.rep_a1.id), "held_on": date.today().isoformat(),
        "private_notes": "secret"}).status_code == 201
    candidate = manager.post("/api/v1/candidates", json={
        "client_id": str(world.client_a.id), "full_name": "Jamie Rivera"}).json()
    assert manager.patch(f"/api/v1/candidates/{candidate['id']}",
                         json={"status": "screening"}).status_code == 200
    assert rep.put(f"/api/v1/clients/{world.client_a.id}/forecast-calls/"
                   f"{date.today():%Y-%m}", json={"commit": "1000.00", "best_case": "2000.00"}
                   ).status_code == 200
    rows = "".join(f"rep1@a.example,Imported {n}\n" for n in range(2_001))  # a job
    assert upload(manager, world.client_a, "deals", "rep_email,name\n" + rows,
                  dry_run=True).status_code == 202
    run_next(app.state.sessionmaker)
    report = manager.post(f"/api/v1/clients/{world.client_a.id}/reports",
                          json={"period": f"{date.today():%Y-%m}"}).json()
    assert manager.post(f"/api/v1/reports/{report['id']}/publish").status_code == 200
    assert manager.post(f"/api/v1/clients/{world.client_a.id}/owner-meetings", json={
        "held_on": date.today().isoformat(), "action_items": [
            {"title": "Approve", "assignee": "owner"}]}).status_code == 201
    asked = manager.post(f"/api/v1/clients/{world.client_a.id}/decision-requests", json={
        "question": "Hire?", "options": ["Yes", "No"],
        "needed_by": date.today().isoformat()}).json()
    assert as_user(world.owner_a).post(f"/api/v1/decision-requests/{asked['id']}/answer",
                                       json={"choice": "Yes"}).status_code == 200
    from app.services.integrations.webhooks.dispatch import check_alarms
    check_alarms(app.state.sessionmaker)
    found = {}
    for event in outbox(db):
        found.setdefault(event.type, event.payload)
    return found


def test_samples_have_exactly_the_keys_of_real_payloads(world, as_user, db, app):
    real = _real_payloads(world, as_user, db, app)
    assert set(real) >= set(EventType) - {EventType.alarm_cleared}
    caller = as_user(world.manager_a)
    for type in EventType:
        sample = caller.get(f"{WEBHOOKS}/samples/{type.value}")
        assert sample.status_code == 200, sample.text
        sample = sample.json()
        assert sample["type"] == type.value
        if type is EventType.alarm_cleared:  # built from the same data as alarm.raised
            assert _shape(sample)[:2] == _shape(real["alarm.raised"])[:2]
            continue
        assert sorted(sample) == sorted(real[type.value]), type
        assert sorted(sample["data"]) == sorted(real[type.value]["data"]), type


def test_an_unknown_sample_is_422(world, as_user):
    problem(as_user(world.manager_a).get(f"{WEBHOOKS}/samples/deal.exploded"), 422)


# --- the outbox rides the change's transaction ----------------------------------------------

def test_a_change_writes_its_event_and_deliveries_in_the_same_transaction(world, as_user, db):
    hook = subscribe(as_user(world.manager_a), HOOK, ["deal.created", "deal.updated"])
    deal = new_deal(as_user(world.rep_user_a1))
    [event] = outbox(db, "deal.created")
    assert event.payload["data"]["id"] == deal["id"]
    assert event.payload["client_id"] == str(world.client_a.id)
    assert set(event.payload) == {"id", "type", "occurred_at", "client_id", "data"}
    [delivery] = deliveries(as_user(world.manager_a), hook["id"])
    assert delivery["event_id"] == event.payload["id"] and delivery["status"] == "pending"
    assert delivery["event_type"] == "deal.created" and delivery["attempts"] == 0


def test_a_rolled_back_change_leaves_no_event(app, world, as_user, db, monkeypatch):
    subscribe(as_user(world.manager_a), HOOK, ["deal.created"])
    original = events.emit

    def emit_then_fail(session, *args, **kw):
        original(session, *args, **kw)
        assert session.exec(select(WebhookEvent)).all()  # written, in this transaction
        raise RuntimeError("the change fails after its event was written")

    monkeypatch.setattr(events, "emit", emit_then_fail)
    response = as_user(world.rep_user_a1).post(DEALS, json={"name": "Doomed", "amount": "1"})
    assert response.status_code == 500
    fan_out(app)
    assert outbox(db) == [] and db.exec(select(WebhookDelivery)).all() == []
    assert as_user(world.rep_user_a1).get(DEALS).json()["items"] == []


def test_updates_carry_changed_fields_and_previous_values(world, as_user, db):
    subscribe(as_user(world.manager_a), HOOK, [e.value for e in EventType])
    rep = as_user(world.rep_user_a1)
    deal = new_deal(rep, stage="discovery")
    close = (date.today() + timedelta(days=20)).isoformat()
    rep.patch(f"{DEALS}/{deal['id']}", json={"amount": "2500.00", "expected_close_on": close})
    [updated] = [e.payload for e in outbox(db, "deal.updated")]
    assert sorted(updated["changed_fields"]) == ["amount", "expected_close_on"]
    assert updated["previous"] == {"amount": "1000.00", "expected_close_on": None}
    assert updated["data"]["amount"] == "2500.00"
    assert outbox(db, "deal.stage_changed") == []
    rep.patch(f"{DEALS}/{deal['id']}", json={"stage": "closed_won"})
    [won] = [e.payload for e in outbox(db, "deal.won")]
    assert won["previous"]["stage"] == "discovery" and won["data"]["stage"] == "closed_won"
    assert {"stage", "forecast_category", "closed_on"} <= set(won["changed_fields"])
    assert len(outbox(db, "deal.stage_changed")) == 1 and outbox(db, "deal.lost") == []


def test_with_nobody_subscribed_the_event_is_kept_for_the_feed_but_sent_nowhere(
        app, world, as_user, db):
    new_deal(as_user(world.rep_user_a1))
    assert fan_out(app) == 1  # the dispatcher took it
    assert [e.type for e in outbox(db)] == ["deal.created"]
    assert db.exec(select(WebhookDelivery)).all() == []


# --- who receives what ----------------------------------------------------------------------

def test_each_role_receives_only_what_its_user_may_see(world, as_user, db):
    users = {"manager_a": world.manager_a, "owner_a": world.owner_a,
             "rep_a1": world.rep_user_a1, "rep_a2": world.rep_user_a2,
             "manager_b": world.manager_b, "owner_b": world.owner_b,
             "rep_b1": world.rep_user_b1}
    hooks = {name: subscribe(as_user(user), HOOK, ["deal.created", "activity.logged"])
             for name, user in users.items()}
    new_deal(as_user(world.rep_user_a1))
    new_deal(as_user(world.manager_a), rep_id=str(world.rep_a2.id))
    got = {name: len(deliveries(as_user(users[name]), hook["id"]))
           for name, hook in hooks.items()}
    assert got == {"manager_a": 2, "owner_a": 2, "rep_a1": 1, "rep_a2": 1,
                   "manager_b": 0, "owner_b": 0, "rep_b1": 0}


def test_hiring_events_reach_the_manager_and_owner_never_a_rep(world, as_user, db):
    manager_hook = subscribe(as_user(world.manager_a), HOOK, ["candidate.status_changed"])
    owner_hook = subscribe(as_user(world.owner_a), HOOK, ["candidate.status_changed"])
    rep_hook = subscribe(as_user(world.rep_user_a1), HOOK, ["deal.created"])
    other_hook = subscribe(as_user(world.owner_b), HOOK, ["candidate.status_changed"])
    manager = as_user(world.manager_a)
    candidate = manager.post("/api/v1/candidates", json={
        "client_id": str(world.client_a.id), "full_name": "Jamie Rivera"}).json()
    assert manager.patch(f"/api/v1/candidates/{candidate['id']}",
                         json={"status": "screening"}).status_code == 200
    [event] = outbox(db, "candidate.status_changed")
    assert event.payload["previous"] == {"status": "applied"}
    assert "status" in event.payload["changed_fields"]
    assert len(deliveries(manager, manager_hook["id"])) == 1
    assert len(deliveries(as_user(world.owner_a), owner_hook["id"])) == 1
    assert deliveries(as_user(world.rep_user_a1), rep_hook["id"]) == []
    assert deliveries(as_user(world.owner_b), other_hook["id"]) == []


def test_one_on_one_created_never_carries_private_notes(world, as_user, db):
    users = (world.manager_a, world.owner_a, world.rep_user_a1, world.rep_user_a2)
    hooks = {user.email: subscribe(as_user(user), HOOK, ["one_on_one.created"])
             for user in users}
    response = as_user(world.manager_a).post("/api/v1/one-on-ones", json={
        "rep_id": str(world.rep_a1.id), "held_on": date.today().isoformat(),
        "shared_notes": "Good week", "private_notes": "TOP-SECRET-COACHING-NOTE"})
    assert response.status_code == 201, response.text
    [event] = outbox(db, "one_on_one.created")
    assert "TOP-SECRET-COACHING-NOTE" not in str(event.payload)
    assert "private_notes" not in event.payload["data"]
    assert event.payload["data"]["shared_notes"] == "Good week"
    counts = {user.email: len(deliveries(as_user(user), hooks[user.email]["id"]))
              for user in users}
    assert counts == {world.manager_a.email: 1, world.owner_a.email: 1,
                      world.rep_user_a1.email: 1, world.rep_user_a2.email: 0}


def test_a_deactivated_users_webhook_receives_nothing(app, world, as_user, db):
    hook = subscribe(as_user(world.owner_a), HOOK, ["deal.created"])
    world.owner_a.is_active = False
    db.add(world.owner_a)
    db.flush()
    new_deal(as_user(world.rep_user_a1))
    assert fan_out(app) == 1
    assert db.exec(select(WebhookDelivery)).all() == []  # the event is kept, not sent
    world.owner_a.is_active = True
    db.flush()
    assert deliveries(as_user(world.owner_a), hook["id"]) == []


# --- fan-out by the dispatcher ----------------------------------------------------------------

def test_a_write_reads_no_subscriptions_the_dispatcher_fans_each_event_out_once(
        app, world, as_user, db):
    hook = subscribe(as_user(world.manager_a), HOOK, ["deal.created"])
    new_deal(as_user(world.rep_user_a1))
    [event] = outbox(db, "deal.created")
    assert event.fanned_out_at is None and db.exec(select(WebhookDelivery)).all() == []

    assert fan_out(app) == 1
    assert fan_out(app) == 0  # a second pass finds nothing left
    [delivery] = deliveries(as_user(world.manager_a), hook["id"])
    assert delivery["event_id"] == str(event.id) and delivery["status"] == "pending"
    assert outbox(db, "deal.created")[0].fanned_out_at is not None


def test_a_subscription_made_after_an_event_does_not_receive_it(app, world, as_user, db):
    new_deal(as_user(world.rep_user_a1))
    late = subscribe(as_user(world.manager_a), HOOK, ["deal.created"])
    assert deliveries(as_user(world.manager_a), late["id"]) == []
    new_deal(as_user(world.rep_user_a1))
    assert len(deliveries(as_user(world.manager_a), late["id"])) == 1
