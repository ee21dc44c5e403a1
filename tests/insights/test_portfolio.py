"""The manager's portfolio: one row per active client they run, its health and why (red only
for the client-level criticals that put the period in danger, amber for any other client
alarm or two rep-level criticals, else green; acknowledged and snoozed alarms don't count).

Company A: monthly target 100,000, floors 3x and 2x. A fresh company has no pipeline, so it
is red: coverage 0x, and at the month's end nothing forecast.
"""

from datetime import timedelta

from app.models import ClientManager
from tests.support.alarm_helpers import TODAY, deal, quiet, settings
from tests.support.assertions import problem


def rows(caller, **params) -> dict[str, dict]:
    response = caller.get("/api/v1/portfolio", params=params)
    assert response.status_code == 200, response.text
    return {row["name"]: row for row in response.json()["items"]}


def pipeline_only(world, as_user, amount) -> None:
    """Company A with the month won and no activity targets: only the pipeline can alarm."""
    settings(as_user(world.manager_a), world.client_a, weekly_calls_target=0,
             weekly_proposals_target=0, weekly_prospecting_hours_target="0")
    rep = as_user(world.rep_user_a1)
    deal(rep, 100000, stage="closed_won")
    deal(rep, amount, expected_close_on=str(TODAY + timedelta(days=10)))


def test_a_client_with_no_alarm_is_green(world, as_user):
    quiet(world, as_user)
    row = rows(as_user(world.manager_a))["Alpha Tools"]
    month = TODAY.replace(day=1)
    days = ((month + timedelta(days=32)).replace(day=1) - month).days
    assert row == {"client_id": str(world.client_a.id), "name": "Alpha Tools",
                   "health": "green", "health_reasons": [], "attainment": 1.0,
                   "pipeline_coverage": 3.0, "near_term_coverage": 3.0,
                   "period_elapsed": round(TODAY.day / days, 4),
                   # 100,000 won + 300,000 in negotiation at 75 %, held at won + commit +
                   # best case: the deal is in the pipeline category.
                   "forecast": "100000.00",
                   "alarms": {"warning": 0, "critical": 0}, "worst_alarm": None}


def test_a_client_with_warnings_only_is_amber(world, as_user):
    pipeline_only(world, as_user, 250000)
    row = rows(as_user(world.manager_a))["Alpha Tools"]
    assert row["health"] == "amber" and row["alarms"] == {"warning": 1, "critical": 0}
    assert row["pipeline_coverage"] == 2.5 and row["near_term_coverage"] == 2.5
    assert row["worst_alarm"] == "Prospect more: coverage is 2.5x of the 3x floor."
    assert row["health_reasons"] == [row["worst_alarm"]]


def test_a_client_with_a_critical_alarm_is_red(world, as_user):
    pipeline_only(world, as_user, 150000)  # 1.5x: under two thirds of 3x; 1.5x of 2x near term
    row = rows(as_user(world.manager_a))["Alpha Tools"]
    assert row["health"] == "red" and row["alarms"] == {"warning": 1, "critical": 1}
    assert row["worst_alarm"] == "Prospect more: coverage is 1.5x of the 3x floor."


def test_a_fresh_company_at_the_months_end_is_red_on_every_client_indicator(world, as_user):
    month_end = (TODAY.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    row = rows(as_user(world.manager_a), as_of=str(month_end))["Alpha Tools"]
    # coverage, near-term coverage and the forecast gap
    assert row["health"] == "red" and row["alarms"] == {"warning": 0, "critical": 3}
    assert row["attainment"] == 0.0 and row["pipeline_coverage"] == 0.0
    assert len(row["health_reasons"]) == 3 and row["period_elapsed"] == 1.0
    assert row["worst_alarm"].startswith("Close the gap")


def test_an_acknowledged_critical_no_longer_makes_the_client_red(world, as_user):
    pipeline_only(world, as_user, 150000)
    manager = as_user(world.manager_a)
    critical = next(a for a in manager.get("/api/v1/alarms").json()["items"]
                    if a["code"] == "pipeline_coverage_low")
    acked = manager.post(f"/api/v1/alarms/{critical['id']}/ack",
                         json={"reason": "Two big proposals go out on Monday."})
    assert acked.status_code == 200, acked.text
    row = rows(manager)["Alpha Tools"]
    assert row["health"] == "amber"  # the near-term warning still stands
    assert row["alarms"] == {"warning": 1, "critical": 0}


def _rep_critical(world, as_user, user, monday) -> None:
    """Three weeks under the calls target: a critical activity alarm for that rep."""
    from tests.support.alarm_helpers import log
    for n in (3, 2, 1):
        log(as_user(user), monday - timedelta(weeks=n), calls=1)


def test_rep_criticals_alone_never_make_a_client_red_and_two_make_it_amber(world, as_user):
    from tests.support.alarm_helpers import THIS_MONDAY
    quiet(world, as_user)
    settings(as_user(world.manager_a), world.client_a, weekly_calls_target=15)
    _rep_critical(world, as_user, world.rep_user_a1, THIS_MONDAY)
    assert rows(as_user(world.manager_a))["Alpha Tools"]["health"] == "green"  # one
    _rep_critical(world, as_user, world.rep_user_a2, THIS_MONDAY)
    row = rows(as_user(world.manager_a))["Alpha Tools"]
    assert row["health"] == "amber" and row["alarms"]["critical"] == 2  # two
    assert row["health_reasons"][0].startswith("2 rep-level critical alarms")


def test_one_row_per_active_client_the_manager_runs(world, as_user, db):
    manager = as_user(world.manager_a)
    assert list(rows(manager)) == ["Alpha Tools"]
    db.add(ClientManager(client_id=world.client_b.id, user_id=world.manager_a.id))
    db.flush()
    quiet(world, as_user)
    both = rows(manager)
    assert list(both) == ["Alpha Tools", "Bravo Systems"]
    assert (both["Alpha Tools"]["health"], both["Bravo Systems"]["health"]) == ("green", "red")
    assert manager.post(f"/api/v1/clients/{world.client_b.id}/archive").status_code == 200
    assert list(rows(manager)) == ["Alpha Tools"]


def test_as_of_is_echoed(world, as_user):
    day = TODAY - timedelta(days=3)
    response = as_user(world.manager_b).get("/api/v1/portfolio", params={"as_of": str(day)})
    assert response.status_code == 200 and response.json()["as_of"] == str(day)
    assert [row["name"] for row in response.json()["items"]] == ["Bravo Systems"]


def test_owners_and_reps_may_not_see_the_portfolio(world, as_user):
    for user in (world.owner_a, world.rep_user_a1):
        problem(as_user(user).get("/api/v1/portfolio"), 403)


def test_one_grouped_pass_gives_each_client_its_own_dashboard_figures(world, as_user, db):
    """The portfolio computes every client at once (each with its own zone, period and stage
    chances); each row must equal that client's own dashboard, today and on a past day."""
    from datetime import UTC, datetime
    from uuid import UUID

    from sqlmodel import select

    from app.models import DealChange

    db.add(ClientManager(client_id=world.client_b.id, user_id=world.manager_a.id))
    world.client_b.timezone = "Pacific/Kiritimati"
    world.client_b.measurement_period = "quarter"
    db.flush()
    long_ago = datetime.now(UTC) - timedelta(days=20)
    for rep_user, amounts in ((world.rep_user_a1, (120000, 40000)),
                              (world.rep_user_b1, (90000, 300000))):
        rep = as_user(rep_user)
        first = deal(rep, amounts[0], expected_close_on=str(TODAY + timedelta(days=20)))
        for change in db.exec(select(DealChange).where(DealChange.deal_id == UUID(first["id"]))):
            change.changed_at = long_ago
        db.flush()
        rep.patch(f"/api/v1/deals/{first['id']}", json={"amount": str(amounts[0] * 2)})
        deal(rep, amounts[1], stage="closed_won")
    manager = as_user(world.manager_a)
    for as_of in (None, TODAY - timedelta(days=5)):
        params = {"as_of": str(as_of)} if as_of else {}
        portfolio_rows = rows(manager, **params)
        assert set(portfolio_rows) == {"Alpha Tools", "Bravo Systems"}
        for row in portfolio_rows.values():
            board = manager.get(f"/api/v1/clients/{row['client_id']}/kpis", params=params)
            assert board.status_code == 200, board.text
            own = board.json()
            assert (row["attainment"], row["pipeline_coverage"], row["near_term_coverage"]) == (
                own["attainment"], own["pipeline_coverage"], own["near_term_coverage"]), as_of
    past = rows(manager, as_of=str(TODAY - timedelta(days=5)))["Bravo Systems"]
    today = rows(manager)["Bravo Systems"]
    assert past["pipeline_coverage"] < today["pipeline_coverage"]  # the amount doubled since
