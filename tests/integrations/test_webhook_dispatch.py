"""The dispatcher against a local receiver: Standard Webhooks signatures (checked with our
own HMAC), retries with backoff, 410, disabling, private targets, redirects, a receiver that
was down, secret rotation, and alarm raised/cleared events."""

import socket
import uuid
from datetime import date, datetime, timedelta

import httpx
import pytest
from sqlmodel import select

from app.models.integrations.webhook import WebhookEvent
from app.services.integrations.webhooks import targets
from app.services.integrations.webhooks.dispatch import check_alarms, dispatch_once, purge
from tests.support.clock import utcnow
from tests.support.webhook_helpers import (
    WEBHOOKS,
    Receiver,
    deliveries,
    fan_out,
    signature_ok,
    subscribe,
)

pytestmark = pytest.mark.usefixtures("private_ok")
DEALS = "/api/v1/deals"


def dispatch(app, *, now: datetime | None = None, settings=None, **changes) -> int:
    """Dispatch passes until nothing is due; how many attempts were made."""
    settings = (settings or app.state.settings).model_copy(update=changes)
    total = 0
    with httpx.Client() as http:
        while sent := dispatch_once(lambda: app.state.sessionmaker(), settings, http, now=now):
            total += sent
    return total


def new_deal(caller, **fields) -> dict:
    response = caller.post(DEALS, json={"name": "Line 4", "amount": "1000.00"} | fields)
    assert response.status_code == 201, response.text
    return response.json()


def webhook(caller, hook_id: str) -> dict:
    return caller.get(f"{WEBHOOKS}/{hook_id}").json()


def test_a_change_is_delivered_once_signed_with_standard_webhooks_headers(
        app, world, as_user, receiver):
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    deal = new_deal(as_user(world.rep_user_a1))
    assert dispatch(app) == 1
    [got] = receiver.received
    assert signature_ok(hook["secret"], got)
    assert got.headers["content-type"] == "application/json"
    assert got.headers["webhook-id"] == got.payload["id"]
    assert got.payload["type"] == "deal.created" and got.payload["data"]["id"] == deal["id"]
    [delivery] = deliveries(manager, hook["id"])
    assert delivery["status"] == "delivered" and delivery["attempts"] == 1
    assert delivery["last_status_code"] == 200 and delivery["last_duration_ms"] >= 0
    assert delivery["next_attempt_at"] is None and len(delivery["log"]) == 1
    assert dispatch(app) == 0 and len(receiver.received) == 1


def test_a_wrong_secret_fails_our_own_signature_check(app, world, as_user, receiver):
    subscribe(as_user(world.manager_a), receiver.url, ["deal.created"])
    new_deal(as_user(world.rep_user_a1))
    dispatch(app)
    other = subscribe(as_user(world.manager_b), receiver.url, ["deal.created"])["secret"]
    assert not signature_ok(other, receiver.received[0])


def test_500s_are_retried_with_growing_waits_until_delivered(app, world, as_user, receiver):
    answers = iter([500, 503])
    receiver.respond = lambda _: (next(answers, 200), {})
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    new_deal(as_user(world.rep_user_a1))
    start = utcnow()
    assert dispatch(app, now=start) == 1
    [delivery] = deliveries(manager, hook["id"])
    assert delivery["status"] == "pending" and delivery["attempts"] == 1
    assert delivery["last_status_code"] == 500 and delivery["last_error"] == "HTTP 500"
    first_wait = datetime.fromisoformat(delivery["next_attempt_at"]) - start
    assert timedelta(seconds=4) < first_wait <= timedelta(seconds=6)
    assert dispatch(app, now=start + timedelta(seconds=2)) == 0  # not due yet
    assert dispatch(app, now=start + timedelta(seconds=6)) == 1
    [delivery] = deliveries(manager, hook["id"])
    second_wait = datetime.fromisoformat(delivery["next_attempt_at"]) - (start
                                                                         + timedelta(seconds=6))
    assert second_wait > first_wait
    assert dispatch(app, now=start + timedelta(minutes=5)) == 1
    [delivery] = deliveries(manager, hook["id"])
    assert delivery["status"] == "delivered" and delivery["attempts"] == 3
    assert [entry["status_code"] for entry in delivery["log"]] == [500, 503, 200]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    assert all(signature_ok(hook["secret"], r) for r in receiver.received)
    assert webhook(manager, hook["id"])["consecutive_failures"] == 0


def test_410_gone_drops_the_subscription(app, world, as_user, receiver, db):
    receiver.respond = lambda _: (410, {})
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    new_deal(as_user(world.rep_user_a1))
    new_deal(as_user(world.rep_user_a1))
    assert dispatch(app) == 1  # the second delivery is dropped with the subscription
    state = webhook(manager, hook["id"])
    assert state["is_active"] is False and "410" in state["disabled_reason"]
    assert sorted(d["status"] for d in deliveries(manager, hook["id"])) == ["dropped"] * 2
    new_deal(as_user(world.rep_user_a1))
    assert dispatch(app) == 0 and len(receiver.received) == 1


def test_a_burst_during_an_outage_is_one_outage_and_every_event_arrives(
        app, world, as_user, receiver):
    """A receiver down while 20 events queue: one attempt in flight at a time, the rest wait
    behind it; the subscription stays active, and everything arrives once it is back."""
    down = [True]
    receiver.respond = lambda _: (503 if down[0] else 200, {})
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    for n in range(20):
        new_deal(rep, name=f"Burst {n}")
    start = utcnow()
    attempts = [dispatch(app, now=start + timedelta(minutes=m)) for m in (0, 1, 2, 5, 15, 40)]
    assert attempts == [1, 1, 1, 1, 1, 0]  # back-off 5 s, 30 s, 2 min, 10 min, then 30 min
    state = webhook(manager, hook["id"])
    assert state["is_active"] is True and state["consecutive_failures"] == 5
    assert {d["status"] for d in deliveries(manager, hook["id"])} == {"pending"}
    down[0] = False
    tried = len(receiver.received)
    assert tried == 5
    assert dispatch(app, now=start + timedelta(hours=2)) == 20
    assert sorted(r.payload["data"]["name"] for r in receiver.received[tried:]) == sorted(
        f"Burst {n}" for n in range(20))
    assert {d["status"] for d in deliveries(manager, hook["id"])} == {"delivered"}
    assert webhook(manager, hook["id"])["consecutive_failures"] == 0


def test_a_subscription_down_for_the_retry_window_is_disabled_and_keeps_its_events(
        app, world, as_user, receiver):
    receiver.respond = lambda _: (500, {})
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    for n in range(3):
        new_deal(rep, name=f"Kept {n}")
    start = utcnow()
    dispatch(app, now=start)
    dispatch(app, now=start + timedelta(hours=23))
    assert webhook(manager, hook["id"])["is_active"] is True  # not yet a whole window
    dispatch(app, now=start + timedelta(hours=25))
    state = webhook(manager, hook["id"])
    assert state["is_active"] is False and "24 hours" in state["disabled_reason"]
    assert {d["status"] for d in deliveries(manager, hook["id"])} == {"pending"}
    assert dispatch(app, now=start + timedelta(hours=30)) == 0  # disabled: nothing is sent
    receiver.respond = lambda _: (200, {})
    enabled = manager.post(f"{WEBHOOKS}/{hook['id']}/enable")
    assert enabled.status_code == 200 and enabled.json()["is_active"] is True
    assert dispatch(app) == 3
    assert {d["status"] for d in deliveries(manager, hook["id"])} == {"delivered"}


def test_private_targets_are_refused_at_delivery_unless_allowed(app, world, as_user, receiver):
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    new_deal(as_user(world.rep_user_a1))
    assert dispatch(app, webhooks_allow_private_targets=False) == 1
    assert receiver.received == []
    [delivery] = deliveries(manager, hook["id"])
    assert delivery["status"] == "pending" and delivery["last_error"].startswith("refused")
    assert dispatch(app, now=utcnow() + timedelta(seconds=10)) == 1
    assert len(receiver.received) == 1


def test_names_resolving_to_inside_addresses_are_refused_before_sending(app, monkeypatch):
    strict = app.state.settings.model_copy(update={"webhooks_allow_private_targets": False})
    answers = {"inside.example.com": "10.0.0.7", "outside.example.com": "93.184.216.34",
               "mapped.example.com": "::ffff:127.0.0.1"}

    def fake_getaddrinfo(host, port, *args, **kw):
        family = socket.AF_INET6 if ":" in answers[host] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (answers[host], port))]

    monkeypatch.setattr(targets.socket, "getaddrinfo", fake_getaddrinfo)
    assert "resolves to" in targets.delivery_problem(
        "https://inside.example.com/x", strict)[0]
    assert "resolves to" in targets.delivery_problem(
        "https://mapped.example.com/x", strict)[0]
    problem, pinned = targets.delivery_problem(
        "https://outside.example.com:8443/x?y=1", strict)
    assert problem is None and pinned == targets.Pinned(
        "https://93.184.216.34:8443/x?y=1", "outside.example.com:8443", "outside.example.com")


def test_the_post_goes_to_the_checked_address_not_to_a_second_lookup(app, monkeypatch):
    """DNS rebinding: a name that answers a public address to the check and an inside one
    afterwards still gets the POST at the address that was checked (TLS keeps the name)."""
    from app.services.integrations.webhooks.dispatch import Job, send

    strict = app.state.settings.model_copy(update={"webhooks_allow_private_targets": False})
    lookups = []

    def rebinding(host, port, *args, **kw):
        lookups.append(host)
        address = "93.184.216.34" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(targets.socket, "getaddrinfo", rebinding)
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        outcome = send(http, strict, Job(uuid.uuid4(), uuid.uuid4(), "https://rebind.example/h",
                                         ("whsec_" + "A" * 44,), "msg_1", b"{}"))
    assert outcome.status_code == 204 and lookups == ["rebind.example"]
    [request] = seen
    assert request.url.host == "93.184.216.34" and request.headers["host"] == "rebind.example"
    assert request.extensions["sni_hostname"] == "rebind.example"


def test_queued_deliveries_to_a_deactivated_login_are_dropped(app, world, as_user, receiver):
    owner = as_user(world.owner_a)
    hook = subscribe(owner, receiver.url, ["deal.created"])
    new_deal(as_user(world.rep_user_a1))
    assert fan_out(app) == 1  # queued by a dispatcher pass while the owner was active
    deactivated = as_user(world.manager_a).patch(f"/api/v1/users/{world.owner_a.id}",
                                                 json={"is_active": False})
    assert deactivated.status_code == 200, deactivated.text
    dispatch(app)
    assert receiver.received == []
    from app.models.integrations.webhook import WebhookDelivery

    with app.state.sessionmaker() as session:
        statuses = session.exec(select(WebhookDelivery.status).where(
            WebhookDelivery.subscription_id == uuid.UUID(hook["id"]))).all()
    assert statuses == ["dropped"]


def test_redirects_are_not_followed(app, world, as_user, receiver):
    receiver.respond = lambda got: ((302, {"location": receiver.url + "/elsewhere"})
                                    if got.path == "/hook" else (200, {}))
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    new_deal(as_user(world.rep_user_a1))
    dispatch(app)
    assert [r.path for r in receiver.received] == ["/hook"]
    [delivery] = deliveries(manager, hook["id"])
    assert delivery["last_status_code"] == 302 and "redirect" in delivery["last_error"]
    assert delivery["status"] == "pending"


def test_events_made_while_the_receiver_is_down_all_arrive_signed_once_it_is_back(
        app, world, as_user, db):
    receiver = Receiver().start()
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    hook = subscribe(manager, receiver.url, ["deal.created", "deal.updated", "activity.logged"])
    receiver.stop()
    deal = new_deal(rep)
    rep.patch(f"{DEALS}/{deal['id']}", json={"amount": "2000.00"})
    assert rep.post("/api/v1/activities", json={"occurred_on": date.today().isoformat(),
                                                 "kind": "call", "quantity": 2}).status_code == 201
    start = utcnow()
    assert dispatch(app, now=start) == 1  # one attempt in flight; the others wait behind it
    found = deliveries(manager, hook["id"])
    assert {d["status"] for d in found} == {"pending"}
    assert sorted(d["attempts"] for d in found) == [0, 0, 1]
    assert all(d["last_status_code"] is None for d in found)
    receiver.start()  # the same port again
    try:
        assert dispatch(app, now=start + timedelta(seconds=10)) == 3
    finally:
        receiver.stop()
    assert sorted(r.payload["type"] for r in receiver.received) == [
        "activity.logged", "deal.created", "deal.updated"]
    assert all(signature_ok(hook["secret"], r) for r in receiver.received)
    assert {d["status"] for d in deliveries(manager, hook["id"])} == {"delivered"}


def test_during_a_rotation_both_secrets_sign_and_afterwards_only_the_new(
        app, world, as_user, receiver):
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    old = hook["secret"]
    new = manager.post(f"{WEBHOOKS}/{hook['id']}/rotate-secret").json()["secret"]
    new_deal(as_user(world.rep_user_a1))
    dispatch(app)
    [got] = receiver.received
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    assert signature_ok(old, got) and signature_ok(new, got)
    new_deal(as_user(world.rep_user_a1))
    dispatch(app, now=utcnow() + timedelta(hours=25))
    later = receiver.received[1]
    assert len(later.headers["webhook-signature"].split(" ")) == 1
    assert signature_ok(new, later) and not signature_ok(old, later)


def test_alarms_raised_and_cleared_reach_those_who_may_see_them(app, world, as_user, db):
    manager, rep = as_user(world.manager_a), as_user(world.rep_user_a1)
    events = ["alarm.raised", "alarm.cleared"]
    manager_hook = subscribe(manager, "http://127.0.0.1:9/hook", events)
    rep_hook = subscribe(rep, "http://127.0.0.1:9/hook", events)
    other_hook = subscribe(as_user(world.manager_b), "http://127.0.0.1:9/hook", events)
    sessions = app.state.sessionmaker
    raised, cleared = check_alarms(sessions)
    assert raised > 0 and cleared == 0
    codes = {d["event_type"] for d in deliveries(manager, manager_hook["id"])}
    assert codes == {"alarm.raised"}
    assert len(deliveries(manager, manager_hook["id"])) > 0
    # A rep hears only of alarms about themselves, never of client-level ones.
    rep_events = [db.get(WebhookEvent, uuid.UUID(d["event_id"]))
                  for d in deliveries(rep, rep_hook["id"])]
    assert all(e.payload["data"]["rep_id"] == str(world.rep_a1.id) for e in rep_events)
    assert len(rep_events) < len(deliveries(manager, manager_hook["id"]))
    assert check_alarms(sessions) == (0, 0)  # nothing new: nothing sent again
    before = len(deliveries(manager, manager_hook["id"]))
    assert len(deliveries(as_user(world.manager_b), other_hook["id"])) > 0  # their own client
    new_deal(rep, amount="1000000.00", stage="proposal",
             expected_close_on=(date.today() + timedelta(days=10)).isoformat())
    raised, cleared = check_alarms(sessions)
    assert cleared >= 1
    log = deliveries(manager, manager_hook["id"])
    assert len(log) == before + raised + cleared
    assert "alarm.cleared" in {d["event_type"] for d in log}


def test_settled_deliveries_are_forgotten_after_the_keep_days_pending_ones_never(
        app, world, as_user, receiver, db):
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    new_deal(as_user(world.rep_user_a1))
    dispatch(app)
    receiver.respond = lambda _: (500, {})
    new_deal(as_user(world.rep_user_a1))
    dispatch(app)
    sessions = app.state.sessionmaker
    assert purge(sessions, app.state.settings) == 0
    assert purge(sessions, app.state.settings, now=utcnow() + timedelta(days=31)) == 1
    [left] = deliveries(manager, hook["id"])
    assert left["status"] == "pending"
    db.expire_all()
    assert [e.id for e in db.exec(select(WebhookEvent)).all()] == [uuid.UUID(left["event_id"])]
