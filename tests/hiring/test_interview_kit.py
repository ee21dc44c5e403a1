"""The pure kit builder (app/services/interview_kit.py), property by property: integrity
questions never first, never two in a row, evenly apart; no repeats; fresh questions
before ones the candidate was asked before; KitError only when the bank can't fill it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.services.hiring.kits import (
    KitError,
    Pools,
    build_kit,
    integrity_count,
    integrity_slots,
    max_integrity,
)

OTHERS = ["prospecting", "closing", "resilience", "coachability", "teamwork",
          "competitiveness", "initiative"]
COMPETENCIES = [*OTHERS, "integrity"]
EXAMPLES = settings(max_examples=200, deadline=None)


def assert_spread(positions: list[int], length: int) -> None:
    """The integrity rule on 0-based positions within a kit of `length`."""
    assert positions == sorted(set(positions))
    assert all(0 <= p < length for p in positions)
    assert 0 not in positions
    gaps = [b - a for a, b in zip(positions, positions[1:], strict=False)]
    assert all(gap >= 2 for gap in gaps), positions
    if gaps:
        assert max(gaps) - min(gaps) <= 1, positions


def competency_of(question: str) -> str:
    return question.split(":")[0]


def is_asked(question: str) -> bool:
    return question.split(":")[1] == "asked"


@st.composite
def banks(draw):
    """(fresh, asked) counts per competency: small enough that kits often can't be filled."""
    counts = st.integers(min_value=0, max_value=6)
    return {c: (draw(counts), draw(counts)) for c in COMPETENCIES}


def pools_for(bank: dict[str, tuple[int, int]]) -> Pools[str]:
    fresh = {c: [f"{c}:fresh:{i}" for i in range(n)] for c, (n, _) in bank.items()}
    asked = {c: [f"{c}:asked:{i}" for i in range(n)] for c, (_, n) in bank.items()}
    return Pools(fresh=fresh, asked=asked)


chosen_competencies = st.lists(st.sampled_from(COMPETENCIES), min_size=1, max_size=10)
lengths = st.integers(min_value=3, max_value=30)


def fillable(bank, competencies, length) -> bool:
    """Whether the bank holds enough for the kit (the spec KitError is measured against)."""
    others = set(competencies) - {"integrity"}
    integrity = min(integrity_count(length, asked_for="integrity" in competencies),
                    sum(bank["integrity"]))
    return bool(others) and integrity > 0 and \
        sum(sum(bank[c]) for c in others) >= length - integrity


# --- integrity_slots -----------------------------------------------------------------------

@pytest.mark.parametrize("length", range(3, 31))
def test_slots_are_spread_for_every_length_and_count(length):
    for count in range(1, max_integrity(length) + 1):
        slots = integrity_slots(length, count)
        assert len(slots) == count
        assert_spread(slots, length)


@pytest.mark.parametrize("length", range(3, 31))
def test_more_slots_than_fit_apart_is_a_kit_error(length):
    with pytest.raises(KitError):
        integrity_slots(length, max_integrity(length) + 1)


def test_max_integrity_is_every_other_position_after_the_first():
    assert [max_integrity(n) for n in (3, 4, 5, 6, 7, 30)] == [1, 1, 2, 2, 3, 14]


@given(length=lengths, asked_for=st.booleans())
@EXAMPLES
def test_integrity_count_is_at_least_one_and_fits_apart(length, asked_for):
    count = integrity_count(length, asked_for=asked_for)
    assert 1 <= count <= max_integrity(length)
    assert count >= integrity_count(length, asked_for=False)


# --- build_kit -----------------------------------------------------------------------------

@given(bank=banks(), competencies=chosen_competencies, length=lengths)
@EXAMPLES
def test_kit_error_exactly_when_the_bank_cannot_fill_the_kit(bank, competencies, length):
    try:
        kit = build_kit(pools_for(bank), competencies, length)
    except KitError:
        assert not fillable(bank, competencies, length)
    else:
        assert fillable(bank, competencies, length)
        assert len(kit) == length


@given(bank=banks(), competencies=chosen_competencies, length=lengths)
@EXAMPLES
def test_integrity_never_first_never_in_a_row_and_evenly_apart(bank, competencies, length):
    try:
        kit = build_kit(pools_for(bank), competencies, length)
    except KitError:
        return
    positions = [i for i, q in enumerate(kit) if competency_of(q) == "integrity"]
    assert positions, kit
    assert_spread(positions, length)


@given(bank=banks(), competencies=chosen_competencies, length=lengths)
@EXAMPLES
def test_no_question_twice_and_only_chosen_competencies(bank, competencies, length):
    try:
        kit = build_kit(pools_for(bank), competencies, length)
    except KitError:
        return
    assert len(set(kit)) == len(kit)
    assert {competency_of(q) for q in kit} <= {*competencies, "integrity"}


@given(bank=banks(), competencies=chosen_competencies, length=lengths)
@EXAMPLES
def test_asked_questions_only_once_the_fresh_ones_run_out(bank, competencies, length):
    try:
        kit = build_kit(pools_for(bank), competencies, length)
    except KitError:
        return
    used = {c: [q for q in kit if competency_of(q) == c] for c in COMPETENCIES}
    if any(is_asked(q) for q in used["integrity"]):
        assert sum(not is_asked(q) for q in used["integrity"]) == bank["integrity"][0]
    others = set(competencies) - {"integrity"}
    if any(is_asked(q) for c in others for q in used[c]):
        fresh_used = sum(not is_asked(q) for c in others for q in used[c])
        assert fresh_used == sum(bank[c][0] for c in others), kit


@given(competencies=chosen_competencies, length=lengths)
@EXAMPLES
def test_a_rich_fresh_bank_never_repeats_an_asked_question(competencies, length):
    bank = {c: (30, 30) for c in COMPETENCIES}
    try:
        kit = build_kit(pools_for(bank), competencies, length)
    except KitError:
        assert set(competencies) == {"integrity"}
        return
    assert not any(is_asked(q) for q in kit)


@given(bank=banks(), length=lengths)
@EXAMPLES
def test_only_integrity_chosen_is_a_kit_error(bank, length):
    with pytest.raises(KitError):
        build_kit(pools_for(bank), ["integrity"], length)


def test_no_integrity_in_the_bank_is_a_kit_error():
    bank = {c: (10, 0) for c in OTHERS} | {"integrity": (0, 0)}
    with pytest.raises(KitError):
        build_kit(pools_for(bank), ["closing"], 6)


def test_asking_for_integrity_carries_more_of_it():
    bank = {c: (30, 0) for c in COMPETENCIES}
    plain = build_kit(pools_for(bank), ["closing"], 12)
    asked_for = build_kit(pools_for(bank), ["closing", "integrity"], 12)
    count = [sum(competency_of(q) == "integrity" for q in kit) for kit in (plain, asked_for)]
    assert count == [3, 4]


def test_other_competencies_take_turns_in_bank_order():
    bank = {c: (5, 0) for c in COMPETENCIES}
    kit = build_kit(pools_for(bank), ["closing", "resilience"], 5)
    assert kit == ["closing:fresh:0", "resilience:fresh:0", "integrity:fresh:0",
                   "closing:fresh:1", "resilience:fresh:1"]


def test_a_competency_that_runs_out_leaves_its_turns_to_the_others():
    bank = {c: (0, 0) for c in OTHERS} | {"integrity": (5, 0), "closing": (1, 0),
                                           "teamwork": (5, 0)}
    kit = build_kit(pools_for(bank), ["closing", "teamwork"], 6)
    assert [competency_of(q) for q in kit] == ["closing", "teamwork", "teamwork",
                                               "integrity", "teamwork", "teamwork"]
