"""The events feed: every event is recorded whether or not anyone subscribes, and read back
newest first, each with its own id, by whoever may read its record."""

from tests.support.assertions import problem

EVENTS = "/api/v1/events"


def feed(caller, **params) -> list[dict]:
    response = caller.get(EVENTS, params=params)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def new_deal(caller, **fields) -> dict:
    response = caller.post("/api/v1/deals", json={"name": "Line 4", "amount": "1000.00"}
                           | fields)
    assert response.status_code == 201, response.text
    return response.json()


def test_changes_are_recorded_with_nobody_subscribed(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = new_deal(rep)
    rep.patch(f"/api/v1/deals/{deal['id']}", json={"amount": "1200.00"})
    rep.patch(f"/api/v1/deals/{deal['id']}", json={"amount": "1300.00"})
    manager = as_user(world.manager_a)
    updates = feed(manager, type="deal.updated")
    assert [e["data"]["amount"] for e in updates] == ["1300.00", "1200.00"]  # newest first
    assert len({e["id"] for e in updates}) == 2  # an updated-deal trigger dedupes on these
    assert updates[0]["changed_fields"] == ["amount"]
    assert updates[0]["previous"] == {"amount": "1200.00"}
    [created] = feed(manager, type="deal.created")
    assert created["data"]["id"] == deal["id"] and created["client_id"] == str(
        world.client_a.id)
    both = feed(manager, type=["deal.created", "deal.updated"])
    assert len(both) == 3


def test_each_reads_only_what_they_may(world, as_user):
    new_deal(as_user(world.rep_user_a1), name="mine")
    new_deal(as_user(world.rep_user_a2), name="theirs")
    assert [e["data"]["name"] for e in feed(as_user(world.rep_user_a1))] == ["mine"]
    assert {e["data"]["name"] for e in feed(as_user(world.owner_a))} == {"mine", "theirs"}
    assert feed(as_user(world.manager_b)) == []
    assert feed(as_user(world.owner_b), client_id=str(world.client_b.id)) == []
    problem(as_user(world.manager_b).get(EVENTS, params={"client_id": str(world.client_a.id)}),
            404)
    # a rep never reads hiring events, even when asking for them
    assert feed(as_user(world.rep_user_a1), type="candidate.status_changed") == []


def test_since_and_paging(world, as_user):
    rep = as_user(world.rep_user_a1)
    first = new_deal(rep, name="first")
    manager = as_user(world.manager_a)
    [event] = feed(manager)
    new_deal(rep, name="second")
    newer = feed(manager, since=event["occurred_at"])
    assert "first" not in [e["data"]["name"] for e in newer]  # strictly after
    assert [e["data"]["name"] for e in feed(manager)] == ["second", "first"]
    page = manager.get(EVENTS, params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    rest = manager.get(EVENTS, params={"limit": 1, "cursor": page["next_cursor"]}).json()
    assert rest["items"][0]["data"]["id"] == first["id"]
    problem(manager.get(EVENTS, params={"type": "deal.exploded"}), 422)
    problem(manager.get(EVENTS, params={"since": "yesterday"}), 422)


def test_alarm_events_are_recorded_with_nobody_subscribed(app, world, as_user):
    from app.services.integrations.webhooks.dispatch import check_alarms

    manager = as_user(world.manager_a)
    current = manager.get("/api/v1/alarms", params={"client_id": str(world.client_a.id)})
    assert current.status_code == 200 and current.json()["items"], current.text
    raised, cleared = check_alarms(app.state.sessionmaker)
    assert raised > 0 and cleared == 0
    recorded = feed(manager, type="alarm.raised", client_id=str(world.client_a.id),
                    limit=200)
    keys = {e["data"]["key"] for e in recorded}
    assert keys == {a["key"] for a in current.json()["items"]}
    assert check_alarms(app.state.sessionmaker) == (0, 0)  # nothing new: nothing again
