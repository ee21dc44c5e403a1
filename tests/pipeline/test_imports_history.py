"""A client's CRM history brought in with its dates: hand-computed win rate, cycle and
waterfall for a past day; upserts and the export's round trip; the presets of the exports
people have; every error of a line; imported activity is not a late entry.

Company A: UTC. Four deals of rep 1, dated from today (D):
A won 10,000, opened D-60, won D-30; B lost 20,000, opened D-50, lost D-20;
C won 30,000, opened D-40, won D-10; D open 40,000 at proposal, opened D-35, proposal D-25.
"""

from datetime import timedelta

from sqlmodel import select

from app.models import Deal, DealChange
from tests.support.alarm_helpers import TODAY, alarms
from tests.support.assertions import problem
from tests.support.import_helpers import upload


def d(days: int) -> str:
    return str(TODAY + timedelta(days=days))


HISTORY = (
    "rep_email,external_id,name,amount,stage,lost_reason,created_on,closed_on,"
    "proposal_sent_on,expected_close_on,source\n"
    f"rep1@a.example,A,Won A,10000,closed_won,,{d(-60)},{d(-30)},,,referral\n"
    f"rep1@a.example,B,Lost B,20000,closed_lost,price_terms,{d(-50)},{d(-20)},,,inbound\n"
    f"rep1@a.example,C,Won C,30000,closed_won,,{d(-40)},{d(-10)},,,outbound\n"
    f"rep1@a.example,D,Open D,40000,proposal,,{d(-35)},,{d(-25)},{d(20)},partner\n")


def kpis(caller, client, **params) -> dict:
    response = caller.get(f"/api/v1/clients/{client.id}/kpis", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_imported_history_keeps_its_dates_for_past_days(world, as_user):
    manager = as_user(world.manager_a)
    created = upload(manager, world.client_a, "deals", HISTORY)
    assert created.status_code == 201, created.text
    assert created.json()["created"] == 4
    past = kpis(manager, world.client_a, as_of=d(-15))
    assert past["win_rate"]["value"] == 0.5 and past["win_rate"]["deals"] == 2  # A won, B lost
    assert past["median_cycle_days"]["value"] == 30.0  # A: 30 days, B: 30 days
    assert past["open_pipeline"] == "70000.00"  # C (won later) and D were open then
    now = kpis(manager, world.client_a)
    assert now["win_rate"]["value"] == 0.6667 and now["open_pipeline"] == "40000.00"
    before = kpis(manager, world.client_a, as_of=d(-61))
    assert before["open_pipeline"] == "0.00"  # nothing existed yet
    waterfall = manager.get(f"/api/v1/clients/{world.client_a.id}/pipeline-changes",
                            params={"from": d(-45), "to": d(-15)}).json()
    assert waterfall["start"] == {"count": 2, "amount": "30000.00"}  # A and B
    assert waterfall["new"] == {"count": 2, "amount": "70000.00"}  # C and D
    assert waterfall["won"] == {"count": 1, "amount": "10000.00"}  # A
    assert waterfall["lost"] == {"count": 1, "amount": "20000.00"}  # B
    assert waterfall["end"] == {"count": 2, "amount": "70000.00"}


def test_a_deal_opened_after_it_closed_is_refused_with_every_error_of_the_line(world, as_user):
    content = ("rep_email,name,amount,stage,created_on,closed_on,expected_close_on\n"
               f"nobody@a.example,Bad,lots,closed_won,{d(-5)},{d(-9)},someday\n")
    body = problem(upload(as_user(world.manager_a), world.client_a, "deals", content), 422)
    assert {(e["line"], e["field"]) for e in body["errors"]} >= {
        (2, "rep_email"), (2, "expected_close_on"), (2, "amount")}


def test_closed_on_before_created_on_is_an_error(world, as_user):
    content = ("rep_email,name,amount,stage,created_on,closed_on\n"
               f"rep1@a.example,Backwards,10,closed_won,{d(-5)},{d(-9)}\n")
    body = problem(upload(as_user(world.manager_a), world.client_a, "deals", content), 422)
    assert body["errors"] == [{"line": 2, "field": "closed_on",
                               "message": "closed_on can't be before created_on."}]


def test_upsert_updates_by_external_id_and_records_the_change(world, as_user, db):
    manager = as_user(world.manager_a)
    upload(manager, world.client_a, "deals", HISTORY)
    again = HISTORY.replace("Open D,40000", "Open D,45000")
    body = upload(manager, world.client_a, "deals", again).json()
    assert (body["created"], body["updated"], body["unchanged"]) == (0, 1, 3)
    deal = db.exec(select(Deal).where(Deal.external_id == "D")).one()
    assert deal.amount == 45000 and deal.source == "partner"
    [raised] = db.exec(select(DealChange).where(DealChange.deal_id == deal.id,
                                                DealChange.field == "amount",
                                                DealChange.old.is_not(None))).all()
    assert (raised.old, raised.new) == ("40000.00", "45000.00")
    refused = problem(upload(manager, world.client_a, "deals", again, mode="create"), 422)
    assert {e["field"] for e in refused["errors"]} == {"external_id"}


def test_an_export_imports_back_and_nothing_changes(world, as_user, db):
    manager = as_user(world.manager_a)
    upload(manager, world.client_a, "deals", HISTORY)
    versions = {d.id: d.version for d in db.exec(select(Deal))}
    exported = manager.get("/api/v1/deals/export.csv",
                           params={"client_id": str(world.client_a.id)}).text
    body = upload(manager, world.client_a, "deals", exported).json()
    assert (body["rows"], body["created"], body["updated"], body["unchanged"]) == (4, 0, 0, 4)
    db.expire_all()
    assert {d.id: d.version for d in db.exec(select(Deal))} == versions


def test_the_same_deal_twice_in_a_file_is_an_error(world, as_user):
    twice = HISTORY + f"rep1@a.example,A,Won A again,1,closed_won,,{d(-60)},{d(-30)},,,\n"
    body = problem(upload(as_user(world.manager_a), world.client_a, "deals", twice), 422)
    assert body["errors"] == [{"line": 6, "field": "external_id",
                               "message": "Line 2 names the same deal."}]


def hubspot(owner: str) -> str:
    """A HubSpot deals export: the owner by name, money with symbols, their stage names."""
    return ("Record ID,Deal Name,Amount,Deal Stage,Close Date,Create Date,Deal owner,"
            "Closed Lost Reason\n"
            f"901,Northwind,\"$12,500.00\",Contract Sent,{d(10)} 09:30,{d(-20)} 10:00,"
            f"{owner.upper()},\n"
            f"902,Fabrikam,8000,Closed Lost,{d(-3)} 16:00,{d(-30)} 11:00,{owner},Went dark\n")


def test_a_hubspot_export_reads_as_it_comes(world, as_user, db):
    body = upload(as_user(world.manager_a), world.client_a, "deals",
                  hubspot(world.rep_a1.full_name), preset="hubspot").json()
    assert body["created"] == 2, body
    open_deal = db.exec(select(Deal).where(Deal.external_id == "901")).one()
    assert (open_deal.stage, str(open_deal.amount)) == ("negotiation", "12500.00")
    assert str(open_deal.expected_close_on) == d(10) and open_deal.rep_id == world.rep_a1.id
    assert str(open_deal.created_at.date()) == d(-20)
    lost = db.exec(select(Deal).where(Deal.external_id == "902")).one()
    assert (lost.stage, lost.lost_reason, str(lost.closed_on)) == ("closed_lost", "other",
                                                                    d(-3))


def test_an_unknown_stage_names_the_line_and_value_and_a_mapping_fixes_it(world, as_user):
    content = hubspot(world.rep_a1.full_name).replace("Contract Sent", "Legal review")
    manager = as_user(world.manager_a)
    body = problem(upload(manager, world.client_a, "deals", content, preset="hubspot"), 422)
    assert body["errors"][0]["line"] == 2 and "'Legal review'" in body["errors"][0]["message"]
    mapped = upload(manager, world.client_a, "deals", content, preset="hubspot",
                    mapping='{"stages": {"Legal review": "negotiation"}}')
    assert mapped.status_code == 201 and mapped.json()["created"] == 2
    problem(upload(manager, world.client_a, "deals", content, mapping="{not json"), 422)


def test_imported_activity_reads_as_entered_on_its_day(world, as_user):
    manager = as_user(world.manager_a)
    content = ("rep_email,occurred_on,kind,quantity\n"
               + "".join(f"rep1@a.example,{d(-n)},call,5\n" for n in range(1, 21)))
    assert upload(manager, world.client_a, "activities", content).status_code == 201
    rows = manager.get("/api/v1/activities", params={"limit": 50}).json()["items"]
    assert all(r["created_at"][:10] == r["occurred_on"] for r in rows)
    assert "activity_backdated" not in {a["code"] for a in alarms(manager)}
