"""Alarm events reach the same people as the alarm list: an integrity alarm
(numbers_dont_add_up here) reaches the managers, the owner only where the client allows,
and never the rep it is about."""

import uuid

import pytest

from app.models.integrations.webhook import WebhookEvent
from app.services.integrations.webhooks.dispatch import check_alarms
from tests.support.alarm_helpers import LAST_MONDAY, deal, log, settings
from tests.support.webhook_helpers import deliveries, subscribe

pytestmark = pytest.mark.usefixtures("private_ok")
EVENTS = ["alarm.raised", "alarm.cleared"]
HOOK = "http://127.0.0.1:9/hook"


def codes_heard(caller, hook: dict, db, rep_id: uuid.UUID) -> set[str]:
    """The alarm codes about `rep_id` that reached this subscription."""
    found = set()
    for delivery in deliveries(caller, hook["id"]):
        data = db.get(WebhookEvent, uuid.UUID(delivery["event_id"])).payload["data"]
        if data["rep_id"] == str(rep_id):
            found.add(data["code"])
    return found


@pytest.mark.parametrize("to_owner", [False, True])
def test_an_integrity_alarm_reaches_the_manager_the_owner_if_allowed_never_the_rep(
        app, world, as_user, db, to_owner):
    manager, owner = as_user(world.manager_a), as_user(world.owner_a)
    rep = as_user(world.rep_user_a1)
    settings(manager, world.client_a, alarm_rules={"integrity_alarms_to_owner": to_owner})
    log(rep, LAST_MONDAY, proposals=9)  # nine proposals logged, one deal behind them
    deal(rep, 10000, name="Thin", stage="proposal", gross_margin_pct="20")
    hooks = {who: subscribe(caller, HOOK, EVENTS)
             for who, caller in (("manager", manager), ("owner", owner), ("rep", rep))}
    raised, _ = check_alarms(app.state.sessionmaker)
    assert raised > 0
    heard = {who: codes_heard(caller, hooks[who], db, world.rep_a1.id)
             for who, caller in (("manager", manager), ("owner", owner), ("rep", rep))}
    assert "numbers_dont_add_up" in heard["manager"]
    assert ("numbers_dont_add_up" in heard["owner"]) is to_owner
    assert "numbers_dont_add_up" not in heard["rep"]
    assert "deal_below_margin_floor" in heard["rep"]  # the rep still hears of their own alarms
