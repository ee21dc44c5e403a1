"""How the diagnosis names its evidence in its reasons: the record (activity, win rate,
deal size), the improvement plans and the trainings. Pure: no database."""

from decimal import Decimal

from app.models.assessments.diagnostic import Competence, Evidence, PlanEvidence
from app.models.coaching.improvement_plan import PlanOutcome

NOT_MET = (PlanOutcome.move_seat, PlanOutcome.exit)


def record(evidence: Evidence) -> str:
    """e.g. 'The record: 2 of the last 8 weeks met the activity targets; win rate 18 % (2 of
    11 decided in the last 90 days) against a team median of 31 %; ...'."""
    activity, results = evidence.activity, evidence.results
    parts = [f"{activity.weeks_met} of the last {activity.weeks} weeks met the activity "
             "targets" if activity.weeks else "no complete week of activity yet"]
    if not results.decided:
        parts.append("no deal decided in the last 90 days")
    else:
        parts.append(f"win rate {_pct(results.win_rate)} ({results.won} of {results.decided} "
                     "decided in the last 90 days) against a team median of "
                     f"{_pct(results.team_median_win_rate)}")
    if results.average_won is not None:
        parts.append(f"average won deal {_money(results.average_won)} against a team median "
                     f"of {_money(results.team_median_average_won)}")
    return "The record: " + "; ".join(parts) + "."


def plan_not_met(evidence: Evidence) -> PlanEvidence | None:
    """The latest improvement plan that closed not met (move_seat or exit), if any."""
    return next((p for p in evidence.improvement_plans if p.outcome in NOT_MET), None)


def plan_basis(evidence: Evidence) -> str:
    """What the improvement plans say, for the motivation rules."""
    failed = plan_not_met(evidence)
    if failed is not None:
        return (f"the improvement plan of {failed.starts_on} closed {failed.outcome} on "
                f"{failed.closed_on} (not met)")
    running = next((p for p in evidence.improvement_plans if p.outcome is None), None)
    if running is not None:
        return f"the improvement plan started {running.starts_on} is still open"
    met = next((p for p in evidence.improvement_plans if p.outcome == PlanOutcome.met), None)
    if met is not None:
        return f"no improvement plan closed not met (the one of {met.starts_on} was met)"
    return "no closed improvement plan"


def training_basis(evidence: Evidence, competence: Competence | None, *,
                   missing: bool = False) -> str:
    """Where the tools and training answers come from: the manager, or the trainings (the
    latest completed one; when missing, the ones still in progress)."""
    said = competence is not None and competence.has_training is not None
    if missing:
        parts = []
        if competence is not None and competence.has_tools is False:
            parts.append("tools: the manager's answer")
        if said and competence is not None and competence.has_training is False:
            parts.append("training: the manager's answer")
        elif not said and evidence.has_training is False:
            open_ = [t.topic for t in evidence.trainings if t.done_on is None]
            parts.append("training " + ", ".join(f"'{t}'" for t in open_)
                         + " assigned, not completed yet")
        return "; ".join(parts)
    if said:
        return "by the manager's answers"
    done = max((t for t in evidence.trainings if t.done_on is not None),
               key=lambda t: t.done_on or evidence.as_of)
    return f"training '{done.topic}' completed {done.done_on}"


def _pct(rate: float | None) -> str:
    return "none" if rate is None else f"{round(rate * 100)} %"


def _money(amount: Decimal | None) -> str:
    return "none" if amount is None else f"{amount:,.2f}"
