"""deal_below_margin_floor (rep-level, a warning): open deals at proposal or negotiation with
a gross margin under the client's floor, or deals won this period under it, named one by
one (the client-level margin_below_floor averages the period's wins; see test_alarms.py).

Company A: monthly periods, UTC, a 30% margin floor.
"""

from datetime import timedelta

from tests.support.alarm_helpers import TODAY, alarms, change, codes, deal, only, settings

FIRST_OF_MONTH = TODAY.replace(day=1)


def below(world, as_user, user=None, rep=None) -> dict | None:
    rep = rep or world.rep_a1
    found = [a for a in alarms(as_user(user or world.manager_a))
             if a["code"] == "deal_below_margin_floor" and a["rep_id"] == str(rep.id)]
    return found[0] if found else None


def test_a_proposal_deal_exactly_at_the_30_percent_floor_raises_nothing(world, as_user):
    deal(as_user(world.rep_user_a1), 10000, stage="proposal", gross_margin_pct="30")
    assert below(world, as_user) is None


def test_a_proposal_deal_at_29_99_percent_is_under_the_floor(world, as_user):
    thin = deal(as_user(world.rep_user_a1), 10000, name="Thin", stage="proposal",
                gross_margin_pct="29.99")
    alarm = below(world, as_user)
    assert alarm["severity"] == "warning" and alarm["client_id"] == str(world.client_a.id)
    assert alarm["figures"] == {"floor": 30.0, "deals": [{
        "deal_id": thin["id"], "name": "Thin", "stage": "proposal", "gross_margin_pct": 29.99,
        "amount": "10000.00"}]}


def test_the_message_names_the_deal_and_the_floor_as_a_plain_percent(world, as_user):
    deal(as_user(world.rep_user_a1), 10000, name="Thin", stage="proposal",
         gross_margin_pct="29.99")
    assert below(world, as_user)["message"] == (
        f"{world.rep_a1.full_name} has 1 deal under the 30% margin floor (Thin): hold the "
        "price or get the manager's approval.")


def test_a_negotiation_deal_under_the_floor_raises_it(world, as_user):
    deal(as_user(world.rep_user_a1), 10000, stage="negotiation", gross_margin_pct="12.5")
    alarm = below(world, as_user)
    assert [(d["stage"], d["gross_margin_pct"]) for d in alarm["figures"]["deals"]] == [
        ("negotiation", 12.5)]


def test_early_stage_deals_under_the_floor_raise_nothing_until_they_reach_proposal(
        world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 10000, stage="prospecting", gross_margin_pct="5")
    early = deal(rep, 10000, name="Early", stage="discovery", gross_margin_pct="10")
    assert below(world, as_user) is None
    change(rep, early, stage="proposal")
    assert [d["name"] for d in below(world, as_user)["figures"]["deals"]] == ["Early"]


def test_a_deal_won_this_period_under_the_floor_raises_it(world, as_user):
    won = deal(as_user(world.rep_user_a1), 20000, name="Won thin", stage="closed_won",
               gross_margin_pct="29.99")
    alarm = below(world, as_user)
    assert alarm["figures"]["deals"] == [{"deal_id": won["id"], "name": "Won thin",
                                          "stage": "closed_won", "gross_margin_pct": 29.99,
                                          "amount": "20000.00"}]


def test_a_win_on_the_periods_first_day_counts_and_one_the_day_before_does_not(
        world, as_user):
    rep = as_user(world.rep_user_a1)
    won = deal(rep, 20000, stage="closed_won", gross_margin_pct="20", closed_on=FIRST_OF_MONTH)
    assert below(world, as_user) is not None
    change(rep, won, closed_on=FIRST_OF_MONTH - timedelta(days=1))
    assert below(world, as_user) is None


def test_a_won_deal_exactly_at_the_floor_raises_nothing(world, as_user):
    deal(as_user(world.rep_user_a1), 20000, stage="closed_won", gross_margin_pct="30.00")
    assert below(world, as_user) is None


def test_a_lost_deal_under_the_floor_raises_nothing(world, as_user):
    rep = as_user(world.rep_user_a1)
    lost = deal(rep, 20000, stage="negotiation", gross_margin_pct="10")
    change(rep, lost, stage="closed_lost", lost_reason="price_terms")
    assert below(world, as_user) is None


def test_a_deal_without_a_margin_raises_nothing(world, as_user):
    deal(as_user(world.rep_user_a1), 20000, stage="negotiation")
    assert below(world, as_user) is None


def test_several_deals_are_listed_thinnest_first(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal(rep, 10000, name="Middle", stage="negotiation", gross_margin_pct="20")
    deal(rep, 10000, name="Thinnest", stage="proposal", gross_margin_pct="8")
    deal(rep, 10000, name="Almost", stage="closed_won", gross_margin_pct="29")
    deal(rep, 10000, name="Healthy", stage="proposal", gross_margin_pct="45")
    alarm = below(world, as_user)
    assert [d["name"] for d in alarm["figures"]["deals"]] == ["Thinnest", "Middle", "Almost"]
    assert "has 3 deals under the 30" in alarm["message"]
    assert "(Thinnest, Middle, Almost)" in alarm["message"]


def test_the_clients_floor_decides(world, as_user):
    deal(as_user(world.rep_user_a1), 10000, stage="proposal", gross_margin_pct="25")
    manager = as_user(world.manager_a)
    settings(manager, world.client_a, min_gross_margin_pct="25")
    assert below(world, as_user) is None
    settings(manager, world.client_a, min_gross_margin_pct="25.01")
    assert below(world, as_user)["figures"]["floor"] == 25.01


def test_each_rep_has_their_own_and_sees_only_their_own(world, as_user):
    deal(as_user(world.rep_user_a1), 10000, stage="proposal", gross_margin_pct="10")
    assert below(world, as_user, rep=world.rep_a2) is None
    mine = only(alarms(as_user(world.rep_user_a1)), "deal_below_margin_floor", world.rep_a1)
    assert mine["figures"]["deals"][0]["gross_margin_pct"] == 10.0
    assert "deal_below_margin_floor" not in {a["code"] for a in alarms(
        as_user(world.rep_user_a2))}
    assert "deal_below_margin_floor" in codes(alarms(as_user(world.owner_a)), world.rep_a1)
