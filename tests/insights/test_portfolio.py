"""The manager's portfolio: one row per active client they run, its health from its alarms
(red with a critical one, amber with warnings only, green with none).

Company A: monthly target 100,000, floors 3x and 2x. A fresh company has no pipeline and no
activity, so it is red: coverage 0x, nothing forecast, every rep below target.
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
    assert row == {"client_id": str(world.client_a.id), "name": "Alpha Tools",
                   "health": "green", "attainment": 1.0, "pipeline_coverage": 3.0,
                   "near_term_coverage": 3.0, "alarms": {"warning": 0, "critical": 0},
                   "worst_alarm": None}


def test_a_client_with_warnings_only_is_amber(world, as_user):
    pipeline_only(world, as_user, 250000)
    row = rows(as_user(world.manager_a))["Alpha Tools"]
    assert row["health"] == "amber" and row["alarms"] == {"warning": 1, "critical": 0}
    assert row["pipeline_coverage"] == 2.5 and row["near_term_coverage"] == 2.5
    assert row["worst_alarm"] == "Prospect more: coverage is 2.5x of the 3x floor."


def test_a_client_with_a_critical_alarm_is_red(world, as_user):
    pipeline_only(world, as_user, 150000)  # 1.5x: under two thirds of 3x; 1.5x of 2x near term
    row = rows(as_user(world.manager_a))["Alpha Tools"]
    assert row["health"] == "red" and row["alarms"] == {"warning": 1, "critical": 1}
    assert row["worst_alarm"] == "Prospect more: coverage is 1.5x of the 3x floor."


def test_a_fresh_company_is_red_on_every_leading_indicator(world, as_user):
    row = rows(as_user(world.manager_a))["Alpha Tools"]
    # coverage, near-term coverage and forecast gap, and each rep's activity
    assert row["health"] == "red" and row["alarms"] == {"warning": 0, "critical": 5}
    assert row["attainment"] == 0.0 and row["pipeline_coverage"] == 0.0
    assert "has been under the" in row["worst_alarm"]  # activity: the earliest warning


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
