"""Building an interview's question list (docs/domain.md, "Hiring"): behavioural questions for the
chosen competencies, with integrity questions sprinkled through, never back to back."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

Q = TypeVar("Q")


class KitError(ValueError):
    """The bank cannot fill a kit of that shape."""


def integrity_count(length: int, *, asked_for: bool) -> int:
    """How many integrity questions a kit of `length` carries: a quarter of it (a third when
    integrity was asked for), at least one, and no more than fit apart."""
    wanted = max(1, length // 3 if asked_for else length // 4)
    return min(wanted, max_integrity(length))


def max_integrity(length: int) -> int:
    """The most that fit never first and never two in a row (positions 1, 3, 5, ...)."""
    return (length - 1) // 2


def integrity_slots(length: int, count: int) -> list[int]:
    """0-based positions for `count` integrity questions among `length`: never first, never
    adjacent, and spaced as evenly as whole positions allow (gaps differ by at most one)."""
    if count > max_integrity(length):
        raise KitError(f"{count} integrity questions don't fit apart in {length}")
    return [(i * length) // (count + 1) for i in range(1, count + 1)]


@dataclass(frozen=True)
class Pools(Generic[Q]):
    """Questions per competency in bank order, split into fresh and already asked."""

    fresh: dict[str, list[Q]]
    asked: dict[str, list[Q]]

    def take(self, competency: str, *, fresh_only: bool = False) -> Q | None:
        for pool in (self.fresh,) if fresh_only else (self.fresh, self.asked):
            if pool.get(competency):
                return pool[competency].pop(0)
        return None

    def size(self, competency: str) -> int:
        return len(self.fresh.get(competency, [])) + len(self.asked.get(competency, []))


def build_kit(pools: Pools[Q], competencies: Sequence[str], length: int) -> list[Q]:
    """The ordered kit: other competencies round-robin, integrity in its slots; questions the
    candidate was asked before are used only when the bank has no fresh ones."""
    others = [c for c in dict.fromkeys(competencies) if c != "integrity"]
    if not others:
        raise KitError("choose at least one competency besides integrity")
    count = min(integrity_count(length, asked_for="integrity" in competencies),
                pools.size("integrity"))
    if count == 0:
        raise KitError("the bank has no integrity questions")
    slots = set(integrity_slots(length, count))
    kit: list[Q] = []
    turn = 0
    for position in range(length):
        if position in slots:
            kit.append(pools.take("integrity"))
            continue
        question = None
        for fresh_only in (True, False):  # another competency's fresh question first
            for _ in range(len(others)):
                question = pools.take(others[turn % len(others)], fresh_only=fresh_only)
                turn += 1
                if question is not None:
                    break
            if question is not None:
                kit.append(question)
                break
        else:
            raise KitError(f"the bank has too few questions for a kit of {length} on "
                           + ", ".join(others))
    return kit
