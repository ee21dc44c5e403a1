"""/api/v1/clients/{id}/forecast, its history and accuracy, and the weekly forecast calls."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.models.insights.forecast import ClientForecast
from app.models.insights.forecast_call import ForecastCallPut, ForecastCallRead, ForecastCalls
from app.models.insights.forecast_history import ForecastAccuracy, ForecastHistory
from app.openapi import READ, WRITE, Tag, problems
from app.routers.deps import AppRoute, AsOf, PrincipalDep, SessionDep
from app.services.insights import forecast

router = APIRouter(route_class=AppRoute, tags=[Tag.forecast])

PERIOD = ("A month as YYYY-MM or a quarter as YYYY-Qn, as the client measures; default: "
          "the period containing `as_of` (or today).")
PeriodQuery = Annotated[str | None, Query(max_length=16, description=PERIOD,
                                          examples=["2026-12"])]
PeriodPath = Annotated[str, Path(max_length=16, description=(
    "The period, as YYYY-MM (monthly clients) or YYYY-Qn (quarterly clients)."),
    examples=["2026-12"])]


@router.get("/clients/{client_id}/forecast", name="get", summary="A period's forecast",
            response_model=ClientForecast, responses=READ | problems(422))
def get(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
        period: PeriodQuery = None, as_of: AsOf = None):
    """Target, won so far and every method side by side: the reps' calls summed, the
    manager's call, the commit roll-up (won + open commit deals due by the period's end), the
    best-case roll-up (adding the open best-case deals), the pipeline weighted by the
    client's stage probabilities, the pipeline weighted by the client's own conversion from
    each stage, and the run rate; one row per rep that adds up to the client's row for every
    method but the manager's call. The headline goes by the method with the lowest error at
    mid-period over the client's last ended periods (at least 3), never above won + commit +
    best case unless it is the run rate and says so. Deals more than 14 days past their
    expected close count in no method and are listed. Managers and owners."""
    return forecast.get_forecast(session, principal, client_id, period=period, as_of=as_of)


@router.get("/clients/{client_id}/forecast/history", name="history",
            summary="A period's forecast, week by week", response_model=ForecastHistory,
            responses=READ | problems(422))
def history(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
            period: PeriodQuery = None):
    """Every snapshot of the period's forecast, oldest first: weekly, at each call, and at
    the checkpoints accuracy is measured on (replayed from the deal history where the
    product wasn't used yet, and said so). A series for a chart."""
    return forecast.history(session, principal, client_id, period=period)


@router.get("/clients/{client_id}/forecast-accuracy", name="accuracy",
            summary="How right each forecast method has been", response_model=ForecastAccuracy,
            responses=READ | problems(422))
def accuracy(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
             periods: Annotated[int, Query(ge=1, le=12, description=(
                 "How many ended periods, the latest first."))] = 6):
    """For each ended period: each method's forecast on its first day, at mid-period and a
    week before its end against what was won, with the absolute percentage error; each
    method's mean error; and each rep's calls against what they won, with the sign
    (optimism or sandbagging). Checkpoints without a snapshot are replayed from the deal
    history (`source: backtest`). Managers and owners."""
    return forecast.forecast_accuracy(session, principal, client_id, periods=periods)


@router.put("/clients/{client_id}/forecast-calls/{period}", name="call_put",
            summary="Make or revise a forecast call", response_model=ForecastCallRead,
            responses=WRITE)
def call_put(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
             period: PeriodPath, body: ForecastCallPut):
    """A rep calls their own period; the manager calls the client's, with a note when it
    differs from what the reps' calls add up to. Only the current period; each call is a new
    version (the earlier ones are kept), snapshotted with the forecast it was made against,
    and sent to `forecast.submitted` subscribers."""
    return forecast.put_call(session, principal, client_id, period, body)


@router.get("/clients/{client_id}/forecast-calls/{period}", name="calls_list",
            summary="A period's forecast calls", response_model=ForecastCalls,
            responses=READ | problems(422))
def calls_list(session: SessionDep, principal: PrincipalDep, client_id: uuid.UUID,
               period: PeriodPath):
    """The latest call of each rep (a rep: only their own) and of the manager, what the reps'
    calls add up to, and every version, newest first."""
    return forecast.list_calls(session, principal, client_id, period)
