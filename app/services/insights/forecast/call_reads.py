"""The calls as they stood at a moment: each subject's (a rep, or 'client' for the manager)
latest version submitted by then, for each window's period."""

import uuid

from sqlmodel import Session, col

from app.core.periods import Period, period_label
from app.models import ForecastCall
from app.models.insights.forecast_call import ForecastCallRead
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.engine.windows import Window

Latest = dict[str, ForecastCall]  # subject -> its latest call


def latest_calls(session: Session, principal: Principal,
                 windows: list[Window]) -> dict[uuid.UUID, Latest]:
    """Per window's client, the latest call of each subject for its period, by its end of
    `as_of` (the calls a past forecast had in hand)."""
    if not windows:
        return {}
    found = session.exec(scoped_select(principal, ForecastCall).where(
        col(ForecastCall.client_id).in_([w.client.id for w in windows]),
        col(ForecastCall.period_start).in_({w.period.start for w in windows}))).all()
    out: dict[uuid.UUID, Latest] = {w.client.id: {} for w in windows}
    by_client = {w.client.id: w for w in windows}
    for call in found:
        w = by_client[call.client_id]
        if call.period_start != w.period.start or call.submitted_at > w.state_at:
            continue
        mine = out[call.client_id]
        if call.subject not in mine or mine[call.subject].revision < call.revision:
            mine[call.subject] = call
    return out


def call_read(call: ForecastCall, period: Period) -> ForecastCallRead:
    return ForecastCallRead(
        id=call.id, client_id=call.client_id, period=period_label(period), rep_id=call.rep_id,
        version=call.revision, commit=call.commit, best_case=call.best_case, note=call.note,
        submitted_by=call.submitted_by, submitted_at=call.submitted_at)
