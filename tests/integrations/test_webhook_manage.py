"""Managing a webhook: PATCH its target or events, a signed test ping answered at once, and
a failed delivery sent again."""

import httpx
import pytest

from app.services.integrations.webhooks.dispatch import dispatch_once
from tests.support import factories
from tests.support.assertions import problem
from tests.support.webhook_helpers import WEBHOOKS, deliveries, signature_ok, subscribe

pytestmark = pytest.mark.usefixtures("private_ok")


def dispatch(app) -> int:
    with httpx.Client() as http:
        return dispatch_once(lambda: app.state.sessionmaker(), app.state.settings, http)


def test_patch_changes_events_and_target_and_keeps_the_secret(world, as_user, receiver):
    manager = as_user(world.manager_a)
    hook = subscribe(manager, "https://hooks.example.com/old", ["deal.created"])
    changed = manager.patch(f"{WEBHOOKS}/{hook['id']}", json={
        "target_url": receiver.url, "events": ["deal.won", "deal.lost", "deal.won"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["events"] == ["deal.won", "deal.lost"]
    assert changed.json()["target_url"] == receiver.url and "secret" not in changed.json()
    ping = manager.post(f"{WEBHOOKS}/{hook['id']}/test").json()
    assert signature_ok(hook["secret"], receiver.received[-1])  # the secret stayed
    assert ping["ok"] and ping["status_code"] == 200


def test_patch_refuses_what_subscribing_refuses(world, as_user):
    rep = as_user(world.rep_user_a1)
    hook = subscribe(rep, "https://hooks.example.com/x", ["deal.created"])
    problem(rep.patch(f"{WEBHOOKS}/{hook['id']}", json={"events": ["candidate.status_changed"]}),
            403)
    problem(rep.patch(f"{WEBHOOKS}/{hook['id']}", json={"events": []}), 422)
    problem(rep.patch(f"{WEBHOOKS}/{hook['id']}", json={"target_url": "ftp://x.example"}), 422)
    problem(as_user(world.rep_user_a2).patch(f"{WEBHOOKS}/{hook['id']}",
                                             json={"events": ["deal.won"]}), 404)


def test_a_ping_is_signed_and_says_what_the_receiver_answered(world, as_user, receiver):
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    receiver.respond = lambda _: (503, {})
    ping = manager.post(f"{WEBHOOKS}/{hook['id']}/test").json()
    assert (ping["ok"], ping["status_code"], ping["error"]) == (False, 503, "HTTP 503")
    [got] = receiver.received
    assert signature_ok(hook["secret"], got)
    assert got.payload["type"] == "webhook.ping" and got.headers["webhook-id"] == (
        ping["message_id"])
    assert deliveries(manager, hook["id"]) == []  # a ping is not a queued delivery


def test_a_delivery_is_sent_again_on_request(app, world, as_user, receiver):
    manager = as_user(world.manager_a)
    hook = subscribe(manager, receiver.url, ["deal.created"])
    manager.post("/api/v1/deals", json={"name": "D", "amount": "5.00",
                                        "rep_id": str(world.rep_a1.id)})
    assert dispatch(app) == 1
    [delivery] = deliveries(manager, hook["id"])
    assert delivery["status"] == "delivered"
    again = manager.post(f"{WEBHOOKS}/{hook['id']}/deliveries/{delivery['id']}/retry")
    assert again.status_code == 200, again.text
    assert again.json()["status"] == "pending" and again.json()["event_type"] == "deal.created"
    assert dispatch(app) == 1 and len(receiver.received) == 2
    assert receiver.received[0].payload == receiver.received[1].payload
    problem(as_user(world.manager_b).post(
        f"{WEBHOOKS}/{hook['id']}/deliveries/{delivery['id']}/retry"), 404)
    problem(manager.post(f"{WEBHOOKS}/{hook['id']}/deliveries/{hook['id']}/retry"), 404)


def test_a_subscription_scoped_to_a_client_gets_only_its_events(app, world, as_user,
                                                                 receiver, db):
    manager = as_user(world.manager_a)
    second = factories.make_client(db, managers=[world.manager_a], name="Charlie Co")
    rep_c = factories.make_rep(db, second, full_name="Cam Rep")
    hook = manager.post(WEBHOOKS, json={"target_url": receiver.url, "events": ["deal.created"],
                                        "client_id": str(world.client_a.id)}).json()
    assert hook["client_id"] == str(world.client_a.id)
    for rep in (world.rep_a1, rep_c):
        manager.post("/api/v1/deals", json={"name": rep.full_name, "amount": "5.00",
                                            "rep_id": str(rep.id)})
    dispatch(app)
    assert [r.payload["data"]["name"] for r in receiver.received] == [world.rep_a1.full_name]
    listed = manager.get(WEBHOOKS, params={"client_id": str(world.client_a.id)}).json()
    assert [w["id"] for w in listed["items"]] == [hook["id"]]
    assert manager.get(WEBHOOKS, params={"event": "deal.won"}).json()["items"] == []
    everywhere = manager.patch(f"{WEBHOOKS}/{hook['id']}", json={"client_id": None}).json()
    assert everywhere["client_id"] is None
    problem(manager.post(WEBHOOKS, json={"target_url": receiver.url, "events": ["deal.won"],
                                         "client_id": str(world.client_b.id)}), 404)
    problem(manager.patch(f"{WEBHOOKS}/{hook['id']}",
                          json={"client_id": str(world.client_b.id)}), 404)


def test_the_event_filter_fills_every_page(world, as_user, receiver):
    manager = as_user(world.manager_a)
    wanted = [subscribe(manager, receiver.url, ["deal.won", "deal.lost"])["id"]
              for _ in range(3)]
    for _ in range(4):  # newer, and not taking deal.won: they would crowd the first pages
        subscribe(manager, receiver.url, ["deal.created", "one_on_one.created"])
    first = manager.get(WEBHOOKS, params={"event": "deal.won", "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = manager.get(WEBHOOKS, params={"event": "deal.won", "limit": 2,
                                         "cursor": first["next_cursor"]}).json()
    found = [w["id"] for w in first["items"] + rest["items"]]
    assert sorted(found) == sorted(wanted)
    # an underscore is a letter here, not a LIKE wildcard
    listed = manager.get(WEBHOOKS, params={"event": "one_on_one.created"}).json()["items"]
    assert len(listed) == 4
