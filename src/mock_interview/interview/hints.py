"""The hint ladder: each hint names, vaguely, what one key point is about — never the point itself."""

from __future__ import annotations

from mock_interview.bank.models import Rubric
from mock_interview.grading.feedback import Adjustment
from mock_interview.lang import Lang, has_cjk

HINT_COST = 0.5  # points per hint


def hint_ladder(rubric: Rubric, language: Lang, limit: int = 3) -> list[str]:
    """Hints from the heaviest criteria first: the first term of each group of a key point's first pattern."""
    hints: list[str] = []
    for criterion in sorted(rubric.criteria, key=lambda c: -c.weight):
        kp = criterion.key_points[0]
        terms = [_pick(group, language) for group in kp.evidence[0]]
        lead = "想一想：" if language == "zh" else "Think about: "
        joiner = " 和 " if language == "zh" else " and "
        hints.append(lead + joiner.join(terms))
        if len(hints) == limit:
            break
    return hints


def _pick(group: list[str], language: Lang) -> str:
    """A term of the group in the session's language when there is one."""
    for term in group:
        if has_cjk(term) == (language == "zh"):
            return term
    return group[0]


def hint_deductions(count: int, language: Lang) -> list[Adjustment]:
    reason = "使用提示 {n}" if language == "zh" else "hint {n} used"
    return [Adjustment(reason=reason.format(n=n), points=HINT_COST) for n in range(1, count + 1)]
