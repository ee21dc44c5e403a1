"""Which method a client's headline goes by: the one with the lowest mean absolute error at
mid-period over the client's last ended periods (at least 3, at most 6), measured on the
mid-period snapshots stored for them; the weighted pipeline until then. Only periods that
ended before the one forecast count, so a past forecast is chosen as it would have been."""

import uuid
from decimal import Decimal

from sqlmodel import Session, col

from app.core.periods import periods_before
from app.models import ForecastSnapshot
from app.models.insights.forecast import ForecastMethod
from app.models.insights.forecast_history import Checkpoint
from app.services.access.principal import Principal
from app.services.access.scope import scoped_select
from app.services.insights.engine.windows import Window
from app.services.insights.forecast.actuals import won_in_periods
from app.services.insights.forecast.methods import DEFAULT_CHOICE, MIN_PERIODS, Choice

MAX_PERIODS = 6


def error(forecast: Decimal | None, won: Decimal) -> float | None:
    """|forecast - won| / won; None without a forecast or with nothing won."""
    if forecast is None or won <= 0:
        return None
    return round(float(abs(Decimal(forecast) - won) / won), 4)


def choose(errors: dict[ForecastMethod, list[float]]) -> Choice:
    """The method with the lowest mean error over at least MIN_PERIODS periods (ties go to
    the earlier method in ForecastMethod's order); the default without one."""
    measured = [(sum(e) / len(e), list(ForecastMethod).index(m), m, len(e))
                for m, e in errors.items() if len(e) >= MIN_PERIODS]
    if not measured:
        return DEFAULT_CHOICE
    mean, _, method, periods = min(measured)
    return Choice(method, round(mean, 4), periods)


def chosen_methods(session: Session, principal: Principal,
                   windows: list[Window]) -> dict[uuid.UUID, Choice]:
    """Each window's client's choice, from one read of the snapshots and one of the wins."""
    ended = {w.client.id: periods_before(w.period, MAX_PERIODS) for w in windows}
    earliest = min((p[-1].start for p in ended.values()), default=None)
    if earliest is None:
        return {}
    snapshots = session.exec(
        scoped_select(principal, ForecastSnapshot)
        .where(col(ForecastSnapshot.client_id).in_(list(ended)),
               ForecastSnapshot.checkpoint == Checkpoint.mid_period.value,
               ForecastSnapshot.period_start >= earliest)).all()
    by_period = {(s.client_id, s.period_start): s for s in snapshots}
    wanted = [(client_id, p) for client_id, periods in ended.items() for p in periods
              if (client_id, p.start) in by_period]
    won = won_in_periods(session, principal, wanted)
    out = {}
    for client_id in ended:
        errors: dict[ForecastMethod, list[float]] = {}
        for key in [(c, p.start) for c, p in wanted if c == client_id]:
            total = sum(won[key].values(), Decimal(0))
            methods = by_period[key].figures.get("methods", {})
            for method in ForecastMethod:
                found = error(methods.get(method.value), total)
                if found is not None:
                    errors.setdefault(method, []).append(found)
        out[client_id] = choose(errors)
    return out

