"""/api/v1/clients: defaults, managers, scoping, paging, preconditions and refused input."""

import base64
import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlmodel import func, select

from app.models import Client, ClientManager
from tests.support import factories
from tests.support.assertions import problem, walk_pages

URL = "/api/v1/clients"



def count_clients(db) -> int:
    return db.exec(select(func.count()).select_from(Client)).one()


def cursor_of(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_create_with_only_a_name_fills_every_default(world, as_user):
    response = as_user(world.manager_a).post(URL, json={"name": "Defaults Inc"})
    assert response.status_code == 201, response.text
    assert response.headers["ETag"]
    body = as_user(world.manager_a).get(f"{URL}/{response.json()['id']}").json()
    uuid.UUID(body["id"])
    assert body["industry"] == "" and body["annual_revenue"] is None
    assert body["engagement_model"] == "management_only"
    assert body["service_level"] == "part_time_sales_manager"
    assert body["measurement_period"] == "month" and body["timezone"] == "UTC"
    assert body["engagement_started_on"] is None and body["engagement_ended_on"] is None
    assert (body["weekly_calls_target"], body["weekly_proposals_target"]) == (15, 3)
    assert Decimal(body["pipeline_coverage_floor"]) == 3
    assert Decimal(body["near_term_coverage_floor"]) == 2
    assert Decimal(body["min_gross_margin_pct"]) == 30
    assert Decimal(body["period_revenue_target"]) == 0 and Decimal(body["monthly_fee"]) == 0
    assert body["created_at"].endswith(("Z", "+00:00"))


def test_every_setting_can_be_given_at_creation(world, as_user):
    settings = {"name": "Full Co", "industry": "Software", "annual_revenue": "5000000.00",
                "engagement_model": "complete_department", "service_level": "fractional_cro",
                "engagement_started_on": "2026-01-05", "engagement_ended_on": "2026-12-31",
                "monthly_fee": "8500.00", "measurement_period": "quarter",
                "period_revenue_target": "300000.00", "weekly_calls_target": 20,
                "weekly_proposals_target": 4, "weekly_prospecting_hours_target": "6.50",
                "pipeline_coverage_floor": "3.50", "near_term_coverage_floor": "2.25",
                "min_gross_margin_pct": "35.00", "timezone": "America/Chicago"}
    created = as_user(world.manager_a).post(URL, json=settings).json()
    body = as_user(world.manager_a).get(f"{URL}/{created['id']}").json()
    assert {key: body[key] for key in settings} == settings


def test_money_round_trips_exactly(world, as_user):
    manager = as_user(world.manager_a)
    created = manager.post(URL, json={"name": "Exact", "monthly_fee": "1234.56",
                                      "period_revenue_target": "1234.56"}).json()
    assert created["monthly_fee"] == "1234.56"
    body = manager.get(f"{URL}/{created['id']}").json()
    assert body["monthly_fee"] == "1234.56" and body["period_revenue_target"] == "1234.56"


def test_money_is_answered_as_the_same_plain_string_on_write_and_read(world, as_user):
    manager = as_user(world.manager_a)
    created = manager.post(URL, json={"name": "Plain", "monthly_fee": "1e3",
                                      "period_revenue_target": "100000"}).json()
    assert (created["monthly_fee"], created["period_revenue_target"]) == ("1000.00", "100000.00")
    body = manager.get(f"{URL}/{created['id']}").json()
    assert (body["monthly_fee"], body["period_revenue_target"]) == ("1000.00", "100000.00")


def test_creator_is_assigned_as_the_clients_manager(world, as_user):
    manager = as_user(world.manager_a)
    created = manager.post(URL, json={"name": "Mine"}).json()
    managers = manager.get(f"{URL}/{created['id']}/managers").json()
    assert [m["user_id"] for m in managers] == [str(world.manager_a.id)]
    assert managers[0]["email"] == world.manager_a.email


def test_owner_reads_own_client_but_not_another(world, as_user):
    owner = as_user(world.owner_a)
    assert owner.get(f"{URL}/{world.client_a.id}").status_code == 200
    problem(owner.get(f"{URL}/{world.client_b.id}"), 404)
    assert [c["id"] for c in owner.get(URL).json()["items"]] == [str(world.client_a.id)]


def test_owner_cannot_create_change_or_archive_a_client(world, as_user, db):
    owner, before = as_user(world.owner_a), count_clients(db)
    problem(owner.post(URL, json={"name": "Nope"}), 403)
    problem(owner.patch(f"{URL}/{world.client_a.id}", json={"name": "Renamed"}), 403)
    problem(owner.post(f"{URL}/{world.client_a.id}/archive"), 403)
    body = as_user(world.manager_a).get(f"{URL}/{world.client_a.id}").json()
    assert body["name"] == "Alpha Tools" and body["archived_at"] is None
    assert count_clients(db) == before


def test_rep_may_not_list_clients(world, as_user):
    problem(as_user(world.rep_user_a1).get(URL), 403)


def test_anonymous_caller_gets_401(world, client):
    problem(client.get(URL), 401)


def test_manager_does_not_see_a_client_they_are_not_assigned_to(world, as_user):
    manager = as_user(world.manager_a)
    problem(manager.get(f"{URL}/{world.client_b.id}"), 404)
    problem(manager.patch(f"{URL}/{world.client_b.id}", json={"name": "X"}), 404)
    assert str(world.client_b.id) not in {c["id"] for c in manager.get(URL).json()["items"]}


def test_patch_with_current_etag_succeeds_and_returns_a_new_etag(world, as_user):
    manager, url = as_user(world.manager_a), f"{URL}/{world.client_a.id}"
    etag = manager.get(url).headers["ETag"]
    response = manager.patch(url, json={"timezone": "America/New_York"},
                             headers={"If-Match": etag})
    assert response.status_code == 200, response.text
    assert response.json()["timezone"] == "America/New_York"
    assert response.headers["ETag"] != etag
    assert manager.get(url).headers["ETag"] == response.headers["ETag"]


def test_patch_with_stale_etag_is_412_and_writes_nothing(world, as_user):
    manager, url = as_user(world.manager_a), f"{URL}/{world.client_a.id}"
    stale = manager.get(url).headers["ETag"]
    manager.patch(url, json={"industry": "Tools"})
    problem(manager.patch(url, json={"name": "Lost update"}, headers={"If-Match": stale}), 412)
    assert manager.get(url).json()["name"] == "Alpha Tools"


def test_archived_client_is_hidden_by_default_and_listed_with_archived_true(world, as_user):
    manager = as_user(world.manager_a)
    assert manager.post(f"{URL}/{world.client_a.id}/archive").status_code == 200
    assert manager.get(URL).json()["items"] == []
    archived = manager.get(URL, params={"archived": "true"}).json()["items"]
    assert [c["id"] for c in archived] == [str(world.client_a.id)]
    assert archived[0]["archived_at"].endswith(("Z", "+00:00"))


def test_assigning_a_manager_by_email_gives_them_the_client(world, as_user):
    url = f"{URL}/{world.client_a.id}/managers"
    response = as_user(world.manager_a).post(url, json={"email": "MANAGER.B@test.example"})
    assert response.status_code == 200, response.text
    assert {m["user_id"] for m in response.json()} == {str(world.manager_a.id),
                                                        str(world.manager_b.id)}
    assert as_user(world.manager_b).get(f"{URL}/{world.client_a.id}").status_code == 200


def test_removing_a_manager_unassigns_them(world, as_user):
    manager, url = as_user(world.manager_a), f"{URL}/{world.client_a.id}/managers"
    manager.post(url, json={"email": world.manager_b.email})
    assert manager.delete(f"{url}/{world.manager_b.id}").status_code == 204
    assert [m["user_id"] for m in manager.get(url).json()] == [str(world.manager_a.id)]
    problem(as_user(world.manager_b).get(f"{URL}/{world.client_a.id}"), 404)


def test_the_manager_who_created_a_client_is_not_removed_by_another(world, as_user):
    creator = as_user(world.manager_a)
    made = creator.post(URL, json={"name": "Founded Co", "period_revenue_target": "1000"})
    url = f"{URL}/{made.json()['id']}/managers"
    creator.post(url, json={"email": world.manager_b.email})
    body = problem(as_user(world.manager_b).delete(f"{url}/{world.manager_a.id}"), 403)
    assert "created" in body["detail"]
    assert {m["user_id"] for m in creator.get(url).json()} == {str(world.manager_a.id),
                                                               str(world.manager_b.id)}
    assert creator.delete(f"{url}/{world.manager_b.id}").status_code == 204  # theirs to undo
    creator.post(url, json={"email": world.manager_b.email})
    assert creator.delete(f"{url}/{world.manager_a.id}").status_code == 204  # leaving it


def test_the_last_manager_cannot_be_removed(world, as_user, db):
    manager, url = as_user(world.manager_a), f"{URL}/{world.client_a.id}/managers"
    problem(manager.delete(f"{url}/{world.manager_a.id}"), 409)
    assert [m["user_id"] for m in manager.get(url).json()] == [str(world.manager_a.id)]
    links = db.exec(select(ClientManager).where(ClientManager.client_id == world.client_a.id))
    assert len(links.all()) == 1


def test_assigning_an_email_that_is_not_a_manager_is_404(world, as_user):
    url = f"{URL}/{world.client_a.id}/managers"
    problem(as_user(world.manager_a).post(url, json={"email": world.owner_a.email}), 404)
    problem(as_user(world.manager_a).post(url, json={"email": "nobody@test.example"}), 404)


def test_owner_may_list_but_not_assign_or_remove_managers(world, as_user):
    owner, url = as_user(world.owner_a), f"{URL}/{world.client_a.id}/managers"
    assert owner.get(url).status_code == 200
    problem(owner.post(url, json={"email": world.manager_b.email}), 403)
    problem(owner.delete(f"{url}/{world.manager_a.id}"), 403)


def test_walking_pages_returns_every_client_once_newest_first(world, as_user, db):
    for n in range(6):
        factories.make_client(db, managers=[world.manager_a], name=f"Paged {n}")
    expected = db.exec(select(Client.id).join(ClientManager)
                       .where(ClientManager.user_id == world.manager_a.id)
                       .order_by(Client.created_at.desc(), Client.id.desc())).all()
    seen = walk_pages(as_user(world.manager_a), URL, limit=3)
    assert seen == [str(i) for i in expected] and len(seen) == 7


@pytest.mark.parametrize("limit", [0, 201])
def test_limit_outside_1_to_200_is_422(world, as_user, limit):
    body = problem(as_user(world.manager_a).get(URL, params={"limit": limit}), 422)
    assert any(e["field"] == "query.limit" for e in body["errors"])


@pytest.mark.parametrize("cursor", [
    "not-a-cursor", cursor_of([1, 2]), cursor_of({"a": 1}),
    cursor_of(["2026-01-01T00:00:00", "0" * 32]),
    cursor_of(["0001-01-01T00:00:00+05:00", "0" * 32])])
def test_garbage_cursor_is_422(world, as_user, cursor):
    problem(as_user(world.manager_a).get(URL, params={"cursor": cursor}), 422)


def test_q_matches_part_of_the_name_case_insensitively(world, as_user, db):
    factories.make_client(db, managers=[world.manager_a], name="Bravo Alpha 100%")
    manager = as_user(world.manager_a)
    names = {c["name"] for c in manager.get(URL, params={"q": "ALPHA"}).json()["items"]}
    assert names == {"Alpha Tools", "Bravo Alpha 100%"}
    names = {c["name"] for c in manager.get(URL, params={"q": "0%"}).json()["items"]}
    assert names == {"Bravo Alpha 100%"}
    assert manager.get(URL, params={"q": "_"}).json()["items"] == []


def test_updated_since_returns_only_clients_changed_since(world, as_user, db):
    old = datetime(2020, 1, 1, tzinfo=UTC)
    factories.make_client(db, managers=[world.manager_a], name="Old", created_at=old,
                          updated_at=old)
    items = as_user(world.manager_a).get(
        URL, params={"updated_since": "2021-01-01T00:00:00Z"}).json()["items"]
    assert [c["name"] for c in items] == ["Alpha Tools"]


@pytest.mark.parametrize("since", ["2021-01-01T00:00", "0001-01-01T00:00:00+05:00"])
def test_updated_since_without_a_zone_or_out_of_range_is_422(world, as_user, since):
    body = problem(as_user(world.manager_a).get(URL, params={"updated_since": since}), 422)
    assert [e["field"] for e in body["errors"]] == ["query.updated_since"]


@pytest.mark.parametrize("fields", [
    {"name": "Nul\x00Co"}, {"industry": "a\x00b"}, {"period_revenue_target": "1e20"},
    {"monthly_fee": "123456789012345.00"}, {"monthly_fee": "-1"}, {"monthly_fee": "NaN"},
    {"weekly_calls_target": 10**12}, {"weekly_proposals_target": -1},
    {"pipeline_coverage_floor": "1000"}, {"measurement_period": "week"},
    {"engagement_model": "other"}, {"timezone": "Mars/Olympus"}, {"timezone": "America"},
    {"engagement_started_on": "2026-02-01", "engagement_ended_on": "2026-01-01"},
    {"engagement_started_on": "9999-12-01"}, {"engagement_started_on": "0001-02-01"},
    {"engagement_ended_on": "2101-01-01"},
    {"id": str(uuid.uuid4())}, {"version": 7}])
def test_refused_input_at_creation_is_422_and_writes_nothing(world, as_user, db, fields):
    before = count_clients(db)
    problem(as_user(world.manager_a).post(URL, json={"name": "Refused"} | fields), 422)
    assert count_clients(db) == before


@pytest.mark.parametrize("fields", [
    {"name": None}, {"name": ""}, {"timezone": "Not/AZone"}, {"timezone": "America"},
    {"period_revenue_target": "1e20"}, {"weekly_calls_target": 10**12},
    {"name": "N\x00"}, {"engagement_ended_on": "2000-01-01",
                        "engagement_started_on": "2001-01-01"}, {"archived_at": None}])
def test_refused_change_is_422_and_writes_nothing(world, as_user, fields):
    manager, url = as_user(world.manager_a), f"{URL}/{world.client_a.id}"
    before = manager.get(url)
    problem(manager.patch(url, json=fields), 422)
    after = manager.get(url)
    assert after.json() == before.json() and after.headers["ETag"] == before.headers["ETag"]


def test_unknown_client_is_404(world, as_user):
    problem(as_user(world.manager_a).get(f"{URL}/{uuid.uuid4()}"), 404)
    problem(as_user(world.manager_a).get(f"{URL}/not-a-uuid"), 422)


def test_stage_probabilities_default_and_change_in_part(world, as_user):
    manager, url = as_user(world.manager_a), f"{URL}/{world.client_a.id}"
    assert manager.get(url).json()["stage_probabilities"] == {
        "prospecting": 10, "discovery": 20, "proposal": 50, "negotiation": 75,
        "closed_won": 100, "closed_lost": 0}
    response = manager.patch(url, json={"stage_probabilities": {"proposal": 40}})
    assert response.status_code == 200, response.text
    probabilities = manager.get(url).json()["stage_probabilities"]
    assert probabilities["proposal"] == 40 and probabilities["negotiation"] == 75


@pytest.mark.parametrize("probabilities", [{"closing": 50}, {"proposal": 101},
                                           {"proposal": -1}])
def test_invalid_stage_probabilities_are_422_and_change_nothing(world, as_user, probabilities):
    manager, url = as_user(world.manager_a), f"{URL}/{world.client_a.id}"
    problem(manager.patch(url, json={"stage_probabilities": probabilities}), 422)
    assert manager.get(url).json()["stage_probabilities"]["proposal"] == 50
