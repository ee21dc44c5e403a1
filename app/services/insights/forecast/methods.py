"""Every method's figure for one row (a rep, or the client as the sum of its reps) from the
sums of the engine (engine/figures.py), and the headline. The rows add up: each method is a
sum over deals, or over reps, so the client's row is the sum of its reps' rows."""

from dataclasses import dataclass
from decimal import Decimal

from app.models.enums import OPEN_STAGES
from app.models.insights.forecast import (
    DEFAULT_METHOD,
    METHOD_TEXT,
    ForecastMethod,
    Headline,
    MethodFigures,
    OpenDue,
)
from app.services.insights.engine.windows import RATE_WINDOW_DAYS
from app.services.insights.forecast.chances import Chances

CENT = Decimal("0.01")
MIN_PERIODS = 3  # ended periods measured before a method can be chosen over the default


@dataclass(frozen=True)
class Choice:
    """The method a client's headline goes by, and why."""

    method: ForecastMethod
    mean_error: float | None
    periods: int


DEFAULT_CHOICE = Choice(DEFAULT_METHOD, None, 0)


def money(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def open_due(row: dict) -> OpenDue:
    return OpenDue(commit=money(row.get("due_commit")), best_case=money(row.get("due_best_case")),
                   pipeline=money(row.get("due_pipeline")), overdue=money(row.get("overdue")))


def _weighted(row: dict, chances: dict[str, float]) -> Decimal:
    return sum((money(row.get(f"due_{stage.value}")) * Decimal(str(chances[stage.value]))
                for stage in OPEN_STAGES), Decimal(0)).quantize(CENT)


def methods_of(row: dict, chances: Chances, *, days_left: int, call: Decimal | None,
               manager_call: Decimal | None) -> MethodFigures:
    """A row's methods: `row` holds the engine's sums for the rep (or the client's sums),
    `call` the rep's latest commit call (for the client: the reps' calls summed)."""
    won = money(row.get("revenue_won"))
    commit = won + money(row.get("due_commit"))
    daily = money(row.get("won_amount")) / RATE_WINDOW_DAYS
    return MethodFigures(
        reps_calls=call, manager_call=manager_call, commit=commit,
        best_case=commit + money(row.get("due_best_case")),
        weighted_pipeline=won + _weighted(row, chances.configured),
        conversion=won + _weighted(row, chances.learned),
        run_rate=won + money(daily * max(days_left, 0)))


def headline_of(methods: MethodFigures, choice: Choice) -> Headline:
    """The chosen method's figure, never above won + commit + best case unless it is the run
    rate (which then says so); a call method nobody used falls back to the default."""
    method = choice.method
    value = methods.of(method)
    basis = (f"lowest mean error at mid-period over {choice.periods} ended periods "
             f"({choice.mean_error:.1%})" if choice.periods else
             f"fewer than {MIN_PERIODS} ended periods measured: the default")
    if value is None:
        method, value = DEFAULT_METHOD, methods.of(DEFAULT_METHOD)
        basis += f"; no {choice.method.value.replace('_', ' ')} yet, so the default"
    roll_up = methods.best_case
    capped = method is not ForecastMethod.run_rate and value > roll_up
    return Headline(method=method, value=min(value, roll_up) if capped else value,
                    basis=f"{METHOD_TEXT[method]}: {basis}", mean_error=choice.mean_error,
                    periods_measured=choice.periods, capped=capped,
                    above_roll_up=method is ForecastMethod.run_rate and value > roll_up)


def add_up(rows: list[MethodFigures], *, manager_call: Decimal | None) -> MethodFigures:
    """The client's methods as the sum of its reps' (the reps' calls: of those who called,
    null when none did), with the manager's call, which is the client's own."""
    def total(name: str) -> Decimal:
        return sum((getattr(r, name) for r in rows), Decimal(0))

    calls = [r.reps_calls for r in rows if r.reps_calls is not None]
    return MethodFigures(
        reps_calls=sum(calls, Decimal(0)) if calls else None, manager_call=manager_call,
        commit=total("commit"), best_case=total("best_case"),
        weighted_pipeline=total("weighted_pipeline"), conversion=total("conversion"),
        run_rate=total("run_rate"))


def add_open(rows: list[OpenDue]) -> OpenDue:
    return OpenDue(**{name: sum((getattr(r, name) for r in rows), Decimal(0))
                      for name in OpenDue.model_fields})
