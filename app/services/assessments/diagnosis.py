"""The diagnosis of an underperformer, as an ordered table of rules that reads line by line
against DOMAIN.md, "Underperformers: diagnose before acting". Pure: no database.

Ask in order: motivation, competence, interpersonal. The FIRST rule that holds decides the
recommendation; every rule from 1 to 6 that holds adds its sentence to the reasons (rule 0
stops at once; rule 7 speaks only when no other did), and a closing sentence says what to
do. Never "fire at once": the harshest outcome is a respectful exit.

  #  step           the rule holds when ...                                  outcome
  0  answers        no motivators, or fewer than 3 ranked and money not      insufficient_data
                    among them; a competence answer missing; the
                    interpersonal question not asked
  1  motivation     money not in the top three, and helping_people or        move_seat
                    teamwork in it (customer service, account management)
  2  motivation     money not in the top three, and neither of those in it   exit
  3  competence     not given the tools, or not the training (the            develop
                    company's gap, the company can close it)
  4  competence     given both, yet doesn't know what to ask AND doesn't     move_seat
                    use the tools (a gap the rep can't or won't close)
  5  competence     given both, and just one of those two gaps (coachable)   develop
  6  interpersonal  a concern: how they are doing, or their relationship     develop
                    with their manager (addressed in the one-on-one)
  7  otherwise      motivated, equipped, no concern: right person, seat      develop
"""

from collections.abc import Callable
from dataclasses import dataclass

from app.models.assessments.diagnostic import Competence, Recommendation
from app.models.enums import Motivator

R = Recommendation
TOP = 3
OTHER_SEAT_MOTIVATORS = (Motivator.helping_people, Motivator.teamwork)
COMPETENCE_FIELDS = ("has_tools", "has_training", "knows_what_to_ask", "uses_tools")


@dataclass(frozen=True)
class Answers:
    motivators: list[Motivator]
    competence: Competence | None
    interpersonal_concern: bool | None

    @property
    def top(self) -> list[Motivator]:
        return self.motivators[:TOP]

    @property
    def money_outside_top(self) -> bool:
        return Motivator.money not in self.top

    @property
    def other_seat(self) -> list[Motivator]:
        return [m for m in self.top if m in OTHER_SEAT_MOTIVATORS]

    def has(self, field: str) -> bool:
        return bool(getattr(self.competence, field))


@dataclass(frozen=True)
class Rule:
    step: str
    applies: Callable[[Answers], bool]
    outcome: Recommendation
    reason: Callable[[Answers], str]


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
        missing += [f"competence.{f}" for f in COMPETENCE_FIELDS
                    if getattr(a.competence, f) is None]
    if a.interpersonal_concern is None:
        missing.append("interpersonal_concern (not asked)")
    return missing


def _names(motivators: list[Motivator]) -> str:
    return ", ".join(m.value for m in motivators)


def _given_both(a: Answers) -> bool:
    return a.has("has_tools") and a.has("has_training")


def _company_gaps(a: Answers) -> str:
    return " and ".join(gap for field, gap in (("has_tools", "the tools"),
                                              ("has_training", "the training"))
                        if not a.has(field))


def _rep_gaps(a: Answers) -> list[str]:
    return [gap for field, gap in (("knows_what_to_ask", "don't know what to ask for"),
                                   ("uses_tools", "don't use the tools they have"))
            if not a.has(field)]


RULES: list[Rule] = [
    Rule("answers", lambda a: bool(_missing(a)), R.insufficient_data,
         lambda a: "Too few answers to diagnose; still to ask: " + "; ".join(_missing(a)) + "."),
    Rule("motivation", lambda a: a.money_outside_top and bool(a.other_seat), R.move_seat,
         lambda a: f"Money is not in their top three motivators ({_names(a.top)}): they are "
                   f"likely in the wrong job; {_names(a.other_seat)} "
                   f"{'points' if len(a.other_seat) == 1 else 'point'} to another seat on the "
                   "same bus (customer service or account management)."),
    Rule("motivation", lambda a: a.money_outside_top and not a.other_seat, R.exit,
         lambda a: f"Money is not in their top three motivators ({_names(a.top)}) and nothing "
                   "there points to another seat: likely the wrong bus."),
    Rule("competence", lambda a: not _given_both(a), R.develop,
         lambda a: f"They have not been given {_company_gaps(a)} they need: the company's gap "
                   "to close first."),
    Rule("competence", lambda a: _given_both(a) and len(_rep_gaps(a)) == 2, R.move_seat,
         lambda a: "Given the tools and the training, they still don't know what to ask for "
                   "and don't use the tools they have: a gap they can't or won't close in "
                   "this seat."),
    Rule("competence", lambda a: _given_both(a) and len(_rep_gaps(a)) == 1, R.develop,
         lambda a: f"Given the tools and the training, they {_rep_gaps(a)[0]}: coach on it."),
    Rule("interpersonal", lambda a: bool(a.interpersonal_concern), R.develop,
         lambda a: "There is an interpersonal concern: address how they are doing and their "
                   "relationship with their manager in the next one-on-one."),
    Rule("otherwise", lambda a: True, R.develop,
         lambda a: "Money is in their top three, they are equipped and there is no "
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
    """The recommendation (first rule that holds) and every finding, in the order asked."""
    first = next(rule for rule in RULES if rule.applies(answers))
    if first.outcome is R.insufficient_data:
        return first.outcome, [first.reason(answers), CLOSING[first.outcome]]
    findings = [rule.reason(answers) for rule in RULES[1:-1] if rule.applies(answers)]
    if first is RULES[-1]:
        findings.append(first.reason(answers))
    return first.outcome, [*findings, CLOSING[first.outcome]]
