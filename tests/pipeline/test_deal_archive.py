"""Archiving a deal: out of the default list and of every figure, back with a restore.

The figures test brings in a CRM history (dated deals), takes every figure the API shows for
the client and its reps, brings in more dated deals (which must change those figures), then
archives them: each figure must read exactly as before they came.
"""

from datetime import timedelta

from app.core.periods import MeasurementPeriod, period_containing, period_label
from tests.support.alarm_helpers import TODAY
from tests.support.assertions import problem
from tests.support.import_helpers import upload

URL = "/api/v1/deals"
PERIOD = period_containing(TODAY, MeasurementPeriod.month)


def d(days: int) -> str:
    return str(TODAY + timedelta(days=days))


HEADER = ("rep_email,external_id,name,amount,stage,lost_reason,created_on,closed_on,"
          "proposal_sent_on,expected_close_on,forecast_category\n")
BASE = HEADER + (
    f"rep1@a.example,A,Won A,10000,closed_won,,{d(-60)},{d(-30)},{d(-40)},,\n"
    f"rep1@a.example,B,Lost B,20000,closed_lost,price_terms,{d(-50)},{d(-20)},,,\n"
    f"rep2@a.example,C,Open C,40000,proposal,,{d(-35)},,{d(-25)},{d(20)},best_case\n")
# Each kind of deal a figure counts: won and lost lately, open at each stage and category,
# closing this month and overdue, for both reps, with proposals sent.
EXTRA = HEADER + (
    f"rep1@a.example,X1,Extra won,25000,closed_won,,{d(-45)},{d(-3)},{d(-20)},,\n"
    f"rep2@a.example,X2,Extra lost,15000,closed_lost,no_decision,{d(-40)},{d(-8)},,,\n"
    f"rep1@a.example,X3,Extra commit,30000,negotiation,,{d(-30)},,{d(-12)},{d(5)},commit\n"
    f"rep2@a.example,X4,Extra overdue,12000,discovery,,{d(-70)},,,{d(-5)},pipeline\n"
    f"rep1@a.example,X5,Extra new,8000,prospecting,,{d(-2)},,,{d(40)},pipeline\n")


def create(caller, **fields) -> dict:
    response = caller.post(URL, json={"name": "Test from Zapier", "amount": "1000.00"} | fields)
    assert response.status_code == 201, response.text
    return response.json() | {"etag": response.headers["ETag"]}


def archive(caller, deal_id: str, **headers):
    return caller.post(f"{URL}/{deal_id}/archive", headers=headers)


# --- archiving and restoring ------------------------------------------------------------------

def test_an_archived_deal_leaves_the_list_and_comes_back_restored(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    kept = create(manager, rep_id=str(world.rep_a1.id), name="Kept")
    response = archive(manager, deal["id"], **{"If-Match": deal["etag"]})
    assert response.status_code == 200, response.text
    archived = response.json()
    assert archived["archived_at"] is not None and archived["version"] == deal["version"] + 1
    assert response.headers["ETag"] not in (None, deal["etag"])

    def listed(**params) -> list[str]:
        found = manager.get(URL, params={"client_id": str(world.client_a.id)} | params)
        assert found.status_code == 200, found.text
        return [item["id"] for item in found.json()["items"]]

    assert listed() == [kept["id"]]
    assert listed(archived="true") == [deal["id"]]
    assert manager.get(f"{URL}/{deal['id']}").json()["archived_at"] == archived["archived_at"]
    assert manager.get(f"{URL}/{deal['id']}/history").json()["items"]  # its history stays

    restored = manager.post(f"{URL}/{deal['id']}/unarchive")
    assert restored.status_code == 200, restored.text
    assert restored.json()["archived_at"] is None
    assert sorted(listed()) == sorted([deal["id"], kept["id"]]) and listed(archived="true") == []


def test_archiving_twice_or_restoring_a_live_deal_is_409(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    problem(manager.post(f"{URL}/{deal['id']}/unarchive"), 409)
    assert archive(manager, deal["id"]).status_code == 200
    body = problem(archive(manager, deal["id"]), 409)
    assert "already archived" in body["detail"]


def test_an_archived_deal_is_restored_before_it_changes(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    archive(manager, deal["id"])
    body = problem(manager.patch(f"{URL}/{deal['id']}", json={"amount": "5.00"}), 409)
    assert "restore" in body["detail"]
    assert manager.get(f"{URL}/{deal['id']}").json()["amount"] == "1000.00"


def test_a_stale_if_match_changes_nothing(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    problem(archive(manager, deal["id"], **{"If-Match": '"0123456789abcdef0123"'}), 412)
    problem(archive(manager, deal["id"], **{"If-Match": "W/garbage"}), 400)
    assert manager.get(f"{URL}/{deal['id']}").json()["archived_at"] is None


def test_only_managers_archive_and_only_their_clients_deals(world, as_user):
    rep = as_user(world.rep_user_a1)
    deal = create(rep)
    problem(archive(rep, deal["id"]), 403)  # a rep would hide their own lost deals
    problem(archive(as_user(world.owner_a), deal["id"]), 403)
    problem(archive(as_user(world.manager_b), deal["id"]), 404)
    assert as_user(world.manager_a).get(f"{URL}/{deal['id']}").json()["archived_at"] is None


def test_archiving_is_told_in_the_events_feed_and_the_audit_log(world, as_user):
    manager = as_user(world.manager_a)
    deal = create(manager, rep_id=str(world.rep_a1.id))
    archive(manager, deal["id"])
    events = manager.get("/api/v1/events", params={"type": "deal.updated"}).json()["items"]
    assert events[0]["data"]["id"] == deal["id"]
    assert events[0]["changed_fields"] == ["archived_at"]
    assert events[0]["previous"] == {"archived_at": None}
    entries = manager.get("/api/v1/audit", params={"entity_id": deal["id"]}).json()["items"]
    assert any("archived_at" in (e.get("changes") or {}) for e in entries), entries


def test_an_import_does_not_update_an_archived_deal(world, as_user):
    manager = as_user(world.manager_a)
    assert upload(manager, world.client_a, "deals", BASE).status_code == 201
    [won] = manager.get(URL, params={"q": "Won A"}).json()["items"]
    archive(manager, won["id"])
    again = upload(manager, world.client_a, "deals", BASE.replace("10000", "11000"),
                   mode="upsert")
    assert again.status_code == 422, again.text
    assert any("archived" in e["message"] for e in again.json()["errors"])
    assert manager.get(f"{URL}/{won['id']}").json()["amount"] == "10000.00"


# --- every figure leaves archived deals out -----------------------------------------------------

def figure_reads(world) -> dict[str, tuple[str, dict]]:
    """Every read that shows a figure computed from the client's deals, now and in the past."""
    client, rep1, rep2 = world.client_a.id, world.rep_a1.id, world.rep_a2.id
    c = f"/api/v1/clients/{client}"
    return {
        "kpis": (f"{c}/kpis", {}),
        "kpis past": (f"{c}/kpis", {"as_of": d(-6)}),
        "weekly": (f"{c}/kpis/weekly", {}),
        "weekly past": (f"{c}/kpis/weekly", {"as_of": d(-6)}),
        "funnel": (f"{c}/funnel", {}),
        "hygiene": (f"{c}/hygiene", {}),
        "pipeline changes": (f"{c}/pipeline-changes", {"from": d(-60), "to": d(0)}),
        "forecast": (f"{c}/forecast", {}),
        "forecast past": (f"{c}/forecast", {"as_of": d(-6)}),
        "forecast accuracy": (f"{c}/forecast-accuracy", {}),
        "alarms": ("/api/v1/alarms", {"client_id": str(client)}),
        "portfolio": ("/api/v1/portfolio", {}),
        "bottom performers": (f"{c}/bottom-performers", {}),
        "engagement": (f"{c}/engagement", {}),
        "account conflicts": (f"{c}/accounts/conflicts", {}),
        "rep 1 kpis": (f"/api/v1/reps/{rep1}/kpis", {}),
        "rep 2 kpis past": (f"/api/v1/reps/{rep2}/kpis", {"as_of": d(-6)}),
        "rep 1 next one-on-one": (f"/api/v1/reps/{rep1}/next-one-on-one", {}),
        "rep 1 earnings": (f"/api/v1/reps/{rep1}/earnings", {"period": period_label(PERIOD)}),
    }


# Bookkeeping that follows the clock or the request, not the deals.
VOLATILE = {"computed_at", "generated_at", "request_id", "first_raised_at", "raised_at"}


def stripped(value):
    if isinstance(value, dict):
        return {k: stripped(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [stripped(v) for v in value]
    return value


def read_figures(manager, world) -> dict[str, object]:
    out = {}
    for name, (path, params) in figure_reads(world).items():
        response = manager.get(path, params=params)
        assert response.status_code == 200, (name, response.text)
        out[name] = stripped(response.json())
    return out


# The reads the extra deals must move (so the comparison below can fail).
MOVED = ["kpis", "kpis past", "weekly", "weekly past", "funnel", "hygiene", "pipeline changes",
         "forecast", "forecast past", "portfolio", "rep 1 kpis", "rep 2 kpis past",
         "rep 1 next one-on-one"]


def test_archived_deals_leave_every_figure_as_it_was_before_them(world, as_user):
    manager = as_user(world.manager_a)
    assert upload(manager, world.client_a, "deals", BASE).status_code == 201
    plan = manager.post(f"/api/v1/clients/{world.client_a.id}/comp-plans", json={
        "name": "AE plan", "base_pay": "4500.00", "on_target_variable": "3000.00",
        "effective_from": str(PERIOD.start), "rep_ids": [str(world.rep_a1.id)]})
    assert plan.status_code == 201, plan.text
    before = read_figures(manager, world)

    assert upload(manager, world.client_a, "deals", EXTRA).status_code == 201
    with_extra = read_figures(manager, world)
    unmoved = [name for name in MOVED if with_extra[name] == before[name]]
    assert unmoved == [], f"the extra deals should show in {unmoved}"

    extra = manager.get(URL, params={"q": "Extra", "limit": 50}).json()["items"]
    assert len(extra) == 5
    for deal in extra:
        assert archive(manager, deal["id"]).status_code == 200
    after = read_figures(manager, world)
    changed = [name for name in before if after[name] != before[name]]
    assert changed == [], {name: (before[name], after[name]) for name in changed}


def test_a_restored_deal_counts_again(world, as_user):
    manager = as_user(world.manager_a)
    assert upload(manager, world.client_a, "deals", BASE).status_code == 201
    [won] = manager.get(URL, params={"q": "Won A"}).json()["items"]
    kpis = f"/api/v1/clients/{world.client_a.id}/kpis"
    counted = manager.get(kpis).json()["win_rate"]
    archive(manager, won["id"])
    assert manager.get(kpis).json()["win_rate"]["deals"] == counted["deals"] - 1
    manager.post(f"{URL}/{won['id']}/unarchive")
    assert manager.get(kpis).json()["win_rate"] == counted
