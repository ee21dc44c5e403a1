"""The diagnosis of an underperformer, as an ordered table of rules that reads line by line
against docs/domain.md, "Underperformers: diagnose before acting", with the evidence the data
gives (diagnosis_evidence.py). Pure: no database.

The manager's answers are asked in order: motivation, competence, interpersonal. The FIRST
rule of the table that holds decides the recommendation; every rule from 1 to 8 that holds
adds its sentence to the reasons, in the order asked (rule 0 stops at once; rule 9 speaks
only when no other did). The reasons open with the record (activity, win rate, deal size)
and close with what to do. `has_training`, when the manager did not answer it, comes from
the trainings (one completed: trained; assigned, none completed: in progress). Never "fire
at once": exit only after an improvement plan that closed not met, or when no seat fits.

  #  step           the rule holds when ...                                  outcome
  0  answers        no motivators, or fewer than 3 ranked and money not      insufficient_data
                    among them; a competence answer missing (and for
                    has_training no training on record); the interpersonal
                    question not asked
  1  competence     not given the tools, or not the training (or training    develop
                    in progress): the company's gap, closed first, before
                    any judgement on motivation
  2  motivation     money not in the top three, and helping_people or        move_seat
                    teamwork in it (customer service, account management)
  3  motivation     money not in the top three, neither of those in it, and  exit
                    an improvement plan closed not met (move_seat or exit)
  4  motivation     money not in the top three, neither of those in it, and  exit
                    given both, they neither know what to ask nor use the
                    tools: no seat fits
  5  motivation     money not in the top three, neither of those in it,      develop
                    otherwise (no plan closed not met): an improvement plan
                    first
  6  competence     given both, yet doesn't know what to ask AND doesn't     move_seat
                    use the tools (a gap the rep can't or won't close)
  7  competence     given both, and just one of those two gaps (coachable)   develop
  8  interpersonal  a concern: how they are doing, or their relationship     develop
                    with their manager (addressed in the one-on-one)
  9  otherwise      motivated, equipped, no concern: right person, seat      develop
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from app.models.assessments.diagnostic import Competence, Evidence, Recommendation
from app.models.enums import Motivator
from app.services.assessments.diagnosis_words import (
    plan_basis,
    plan_not_met,
    record,
    training_basis,
)

R = Recommendation
TOP = 3
OTHER_SEAT_MOTIVATORS = (Motivator.helping_people, Motivator.teamwork)
COMPETENCE_FIELDS = ("has_tools", "has_training", "knows_what_to_ask", "uses_tools")
ASKED = ("motivation", "competence", "interpersonal", "otherwise")


@dataclass(frozen=True)
class Answers:
    motivators: list[Motivator]
    competence: Competence | None
    interpersonal_concern: bool | None
    evidence: Evidence

    @property
    def top(self) -> list[Motivator]:
        return self.motivators[:TOP]

    @property
    def money_outside_top(self) -> bool:
        return Motivator.money not in self.top

    @property
    def other_seat(self) -> list[Motivator]:
        return [m for m in self.top if m in OTHER_SEAT_MOTIVATORS]

    @property
    def wrong_bus(self) -> bool:
        return self.money_outside_top and not self.other_seat

    def answer(self, name: str) -> bool | None:
        """The manager's answer; has_training from the trainings when they gave none."""
        given = None if self.competence is None else getattr(self.competence, name)
        if given is None and name == "has_training":
            return self.evidence.has_training
        return given

    def has(self, name: str) -> bool:
        return bool(self.answer(name))

    @property
    def closed_not_met(self) -> bool:
        return plan_not_met(self.evidence) is not None


@dataclass(frozen=True)
class Rule:
    step: str
    applies: Callable[[Answers], bool]
    outcome: Recommendation
    reason: Callable[[Answers], str]
    closing: str | None = field(default=None)  # instead of the outcome's closing sentence


def _missing(a: Answers) -> list[str]:
    missing = []
    if not a.motivators:
        missing.append("motivators (none ranked)")
    elif len(a.motivators) < TOP and Motivator.money not in a.motivators:
        missing.append(f"motivators (only {len(a.motivators)} ranked and money not among them: "
                       "rank at least three)")
    if a.competence is None:
        missing.append("competence (not asked)")
    else:
        missing += [f"competence.{f}" for f in COMPETENCE_FIELDS if a.answer(f) is None]
    if a.interpersonal_concern is None:
        missing.append("interpersonal_concern (not asked)")
    return missing


def _names(motivators: list[Motivator]) -> str:
    return ", ".join(m.value for m in motivators)


def _given_both(a: Answers) -> bool:
    return a.has("has_tools") and a.has("has_training")


def _company_gaps(a: Answers) -> str:
    return " and ".join(gap for name, gap in (("has_tools", "the tools"),
                                             ("has_training", "the training"))
                        if not a.has(name))


def _rep_gaps(a: Answers) -> list[str]:
    return [gap for name, gap in (("knows_what_to_ask", "don't know what to ask for"),
                                  ("uses_tools", "don't use the tools they have"))
            if not a.has(name)]


def _no_seat_fits(a: Answers) -> bool:
    return a.wrong_bus and _given_both(a) and len(_rep_gaps(a)) == 2


def _money_out(a: Answers) -> str:
    return f"Money is not in their top three motivators ({_names(a.top)})"


def _equipped(a: Answers) -> str:
    return f"Given the tools and the training ({training_basis(a.evidence, a.competence)})"


RULES: list[Rule] = [
    Rule("answers", lambda a: bool(_missing(a)), R.insufficient_data,
         lambda a: "Too few answers to diagnose; still to ask: " + "; ".join(_missing(a)) + "."),
    Rule("competence", lambda a: not _given_both(a), R.develop,
         lambda a: f"They have not been given {_company_gaps(a)} they need "
                   f"({training_basis(a.evidence, a.competence, missing=True)}): the "
                   "company's gap to close first, before any judgement on motivation."),
    Rule("motivation", lambda a: a.money_outside_top and bool(a.other_seat), R.move_seat,
         lambda a: f"{_money_out(a)}: they are likely in the wrong job; "
                   f"{_names(a.other_seat)} "
                   f"{'points' if len(a.other_seat) == 1 else 'point'} to another seat on the "
                   "same bus (customer service or account management)."),
    Rule("motivation", lambda a: a.wrong_bus and a.closed_not_met, R.exit,
         lambda a: f"{_money_out(a)} and nothing there points to another seat, and "
                   f"{plan_basis(a.evidence)}: likely the wrong bus."),
    Rule("motivation", _no_seat_fits, R.exit,
         lambda a: f"{_money_out(a)} and nothing there points to another seat, and "
                   "they can't or won't close their gaps in this one: no seat fits "
                   f"({plan_basis(a.evidence)})."),
    Rule("motivation", lambda a: a.wrong_bus and not a.closed_not_met and not _no_seat_fits(a),
         R.develop,
         lambda a: f"{_money_out(a)} and nothing there points to another seat: possibly the "
                   f"wrong bus, but {plan_basis(a.evidence)}: an improvement plan comes "
                   "first.",
         closing="Put them on an improvement plan (30, 60 or 90 days, weekly goals and "
                 "check-ins) and decide when it closes; no exit before that."),
    Rule("competence", lambda a: _given_both(a) and len(_rep_gaps(a)) == 2, R.move_seat,
         lambda a: f"{_equipped(a)}, they still don't know what to ask for and don't use the "
                   "tools they have: a gap they can't or won't close in this seat."),
    Rule("competence", lambda a: _given_both(a) and len(_rep_gaps(a)) == 1, R.develop,
         lambda a: f"{_equipped(a)}, they {_rep_gaps(a)[0]}: coach on it."),
    Rule("interpersonal", lambda a: bool(a.interpersonal_concern), R.develop,
         lambda a: "There is an interpersonal concern: address how they are doing and their "
                   "relationship with their manager in the next one-on-one."),
    Rule("otherwise", lambda a: True, R.develop,
         lambda a: f"Money is in their top three ({_names(a.top)}), they are equipped "
                   f"({training_basis(a.evidence, a.competence)}) and there is no "
                   "interpersonal concern: right person, right seat."),
]

CLOSING = {
    R.develop: "Develop them in the same seat with a coaching plan, reviewed in the weekly "
               "one-on-ones; don't leave them to dwindle.",
    R.move_seat: "Consider moving them to another role (right bus, wrong seat), e.g. customer "
                 "service or account management.",
    R.exit: "Exit them respectfully, in a way that lets them succeed elsewhere; not at once, "
            "and not left to dwindle.",
    R.insufficient_data: "Finish the conversation before deciding anything.",
}


def diagnose(answers: Answers) -> tuple[Recommendation, list[str]]:
    """The recommendation (first rule that holds) and every finding, in the order asked,
    after the record and before what to do."""
    first = next(rule for rule in RULES if rule.applies(answers))
    if first.outcome is R.insufficient_data:
        return first.outcome, [first.reason(answers), CLOSING[first.outcome]]
    holding = [rule for rule in RULES[1:-1] if rule.applies(answers)] or [first]
    holding.sort(key=lambda rule: ASKED.index(rule.step))  # stable: the table's order within
    return first.outcome, [record(answers.evidence), *[r.reason(answers) for r in holding],
                           first.closing or CLOSING[first.outcome]]
