"""CRM hygiene low: a rep whose open deals are not kept up (no next step, overdue, a close
date gone by, untouched for 14 days, on a contested account), judged on today's deals."""

from app.models import Client, Rep
from app.models.insights.alarm import AlarmCode, Severity
from app.models.insights.hygiene import Hygiene
from app.services.insights.alarms.base import Raised, raise_alarm


def hygiene_alarms(client: Client, reps: dict, found: Hygiene) -> list[Raised]:
    rules, out = client.rules, []
    for row in found.reps:
        rep: Rep | None = reps.get(row.rep_id)
        if rep is None or row.score is None or row.open_deals < rules.hygiene_min_open_deals:
            continue
        if row.score * 100 >= rules.hygiene_floor_pct:
            continue
        issues = [f"{n} {what}" for n, what in (
            (row.no_next_step, "without a next step"),
            (row.next_step_overdue, "with the next step overdue"),
            (row.past_expected_close, "past their expected close"),
            (row.stale, f"untouched for {14} days"), (row.in_conflict, "on contested accounts"))
            if n]
        out.append(raise_alarm(
            AlarmCode.crm_hygiene_low, Severity.warning, client, rep.id,
            {"score": row.score, "floor": rules.hygiene_floor_pct / 100,
             "open_deals": row.open_deals, "clean": row.clean,
             "no_next_step": row.no_next_step, "next_step_overdue": row.next_step_overdue,
             "past_expected_close": row.past_expected_close, "stale": row.stale,
             "in_conflict": row.in_conflict},
            f"{rep.full_name}'s pipeline is {row.score:.0%} clean (floor "
            f"{rules.hygiene_floor_pct}%): {'; '.join(issues)}. Update the deals before the "
            "next one-on-one.", 1 - row.score))
    return out
