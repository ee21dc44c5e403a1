"""The demo's accounts, territories, sales process and next steps: two territories the reps
take turns between, an account per name the deals carry (owned by the rep with most deals
there, in that rep's territory; a customer once something was won), each client's
own sales process, and a next step with its due day on open deals, except Casey's, whose
pipeline is not kept up (the hygiene alarm the manager would raise with her)."""

from collections import Counter
from datetime import date, timedelta

from sqlmodel import Session, select

from app.models import Account, Client, Deal, Rep, SalesProcess, Territory
from app.models.enums import OPEN_STAGES, Stage
from app.models.pipeline.account import AccountStatus
from app.models.pipeline.sales_process import PROCESS_EXAMPLE

UNKEPT = {"acme": "Casey Nguyen"}
IT_PROCESS = {
    "stages": [
        {"key": "intro", "label": "Intro meeting", "phase": "prospecting", "probability": 10,
         "exit_criteria": "An IT pain named and an assessment agreed.", "required_fields": []},
        {"key": "assessment", "label": "Assessment", "phase": "discovery", "probability": 30,
         "exit_criteria": "Current environment documented; budget holder known.",
         "required_fields": ["next_step", "decision_maker"]},
        {"key": "proposal", "label": "Proposal", "phase": "proposal", "probability": 55,
         "exit_criteria": "Scope, price and start date in writing.",
         "required_fields": ["next_step", "decision_maker", "amount", "expected_close_on"]},
        {"key": "contract", "label": "Contract review", "phase": "negotiation",
         "probability": 80, "exit_criteria": "MSA redlines settled.",
         "required_fields": ["next_step", "next_step_due_on"]}],
    "playbooks": {
        "stall": "Offer a paid pilot on one site; ask who else has to say yes.",
        "competition": "Lead with response times and the named engineer, not the rate.",
        "price_terms": "Move to a 24-month term before touching the monthly price."}}
TERRITORIES = ("North", "South")
NEXT_STEPS = ("Send the revised quote", "Book the site visit", "Call the decision maker",
              "Confirm the start date", "Walk them through the ROI sheet")


def seed_accounts_unscoped(session: Session, client: Client, reps: list[Rep], *, slug: str,
                           manager_id, today: date) -> int:
    """Accounts, the process and next steps, once per client; how many accounts were made."""
    if session.exec(select(Account.id).where(Account.client_id == client.id)).first():
        return 0
    territory_of = _seed_territories(session, client, reps)
    deals = session.exec(select(Deal).where(Deal.client_id == client.id)
                         .order_by(Deal.created_at, Deal.id)).all()
    by_name: dict[str, list[Deal]] = {}
    for deal in deals:
        if deal.account_name:
            by_name.setdefault(deal.account_name, []).append(deal)
    for name, held in sorted(by_name.items()):
        owner = Counter(d.rep_id for d in held).most_common(1)[0][0]
        won = any(d.stage == Stage.closed_won.value for d in held)
        account = Account(client_id=client.id, name=name, owner_rep_id=owner,
                          territory_id=territory_of.get(owner),
                          status=(AccountStatus.customer if won else AccountStatus.prospect))
        session.add(account)
        session.flush()
        for deal in held:
            deal.account_id = account.id
    process = PROCESS_EXAMPLE if slug == "acme" else IT_PROCESS
    session.add(SalesProcess(client_id=client.id, revision=1, stages=process["stages"],
                             playbooks=process["playbooks"], created_by=manager_id))
    unkept = {r.id for r in reps if r.full_name == UNKEPT.get(slug)}
    first = {s["phase"]: s["key"] for s in reversed(process["stages"])}
    for n, deal in enumerate(d for d in deals if d.stage in OPEN_STAGES):
        deal.process_stage = first.get(deal.stage)
        if deal.rep_id in unkept:
            continue
        deal.next_step = NEXT_STEPS[n % len(NEXT_STEPS)]
        deal.next_step_due_on = today + timedelta(days=1 + n % 9)
        deal.decision_maker = "Head of operations" if n % 2 else "CFO"
    session.flush()
    return len(by_name)


def _seed_territories(session: Session, client: Client, reps: list[Rep]) -> dict:
    """Two territories, the reps taking turns between them; the territory of each rep."""
    territory_of = {}
    for n, name in enumerate(TERRITORIES):
        members = [r.id for r in reps[n::len(TERRITORIES)]]
        territory = Territory(client_id=client.id, name=name)
        territory.rep_ids = members
        session.add(territory)
        session.flush()
        territory_of |= dict.fromkeys(members, territory.id)
    return territory_of
