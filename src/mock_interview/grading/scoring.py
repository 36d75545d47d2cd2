"""The score is computed here, in code, from criterion credits, weights and deductions — never by a model.

Both graders report what they found (credit per criterion, evidence, key points, misconceptions, flags) and
`assemble` turns that into the Feedback contract, so the arithmetic and the wording are the same for both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from mock_interview.bank.models import Misconception, Question, Rubric
from mock_interview.grading.feedback import (
    FLAGS,
    Adjustment,
    CriterionResult,
    Evidence,
    Feedback,
    Flag,
    KeyPointRef,
    MisconceptionHit,
    Verdict,
)
from mock_interview.lang import Lang

MAX_SCORE = 10.0


@dataclass
class CriterionGrade:
    """What a grader found for one criterion: credit 0–1, the key points covered, the evidence."""

    credit: float = 0.0
    covered: set[str] = field(default_factory=set)
    evidence: list[Evidence] = field(default_factory=list)
    comment: str | None = None  # None: use the rubric's level description


def verdict_for(credit: float) -> Verdict:
    if credit >= 0.999:
        return "met"
    return "partial" if credit > 0 else "unmet"


def final_score(earned_points: float, deductions: float) -> float:
    """Clamp to 0–10 and round to one decimal."""
    return round(min(MAX_SCORE, max(0.0, earned_points - deductions)), 1)


def assemble(
    *,
    question: Question,
    rubric: Rubric,
    language: Lang,
    grader: str,
    grades: dict[str, CriterionGrade],
    misconceptions: Iterable[tuple[Misconception, list[Evidence]]] = (),
    flags: Iterable[Flag] = (),
    adjustments: Iterable[Adjustment] = (),
) -> Feedback:
    """Build the Feedback contract and compute its score."""
    criteria: list[CriterionResult] = []
    covered: list[KeyPointRef] = []
    missed: list[KeyPointRef] = []
    strengths: list[str] = []
    earned = 0.0
    for criterion in rubric.criteria:
        grade = grades.get(criterion.id, CriterionGrade())
        credit = min(1.0, max(0.0, grade.credit))
        verdict = verdict_for(credit)
        max_points = MAX_SCORE * criterion.weight / rubric.total_weight
        points = round(max_points * credit, 2)
        earned += points
        level = {"met": "full", "partial": "partial", "unmet": "none"}[verdict]
        comment = grade.comment or criterion.levels.get(level).get(language)  # type: ignore[arg-type]
        criteria.append(
            CriterionResult(
                id=criterion.id,
                verdict=verdict,
                credit=round(credit, 3),
                points=points,
                max_points=round(max_points, 2),
                evidence=grade.evidence,
                comment=comment,
            )
        )
        if verdict == "met":
            strengths.append(criterion.description.get(language))
        for kp in criterion.key_points:
            ref = KeyPointRef(id=kp.id, criterion=criterion.id, text=kp.text.get(language))
            (covered if kp.id in grade.covered else missed).append(ref)

    hits = [
        MisconceptionHit(
            id=m.id, text=m.text.get(language), correction=m.correction.get(language), penalty=m.penalty, evidence=ev
        )
        for m, ev in misconceptions
    ]
    adjustments = list(adjustments)
    deductions = sum(h.penalty for h in hits) + sum(a.points for a in adjustments)
    flag_set = set(flags)
    return Feedback(
        question_id=question.id,
        score=final_score(earned, deductions),
        criteria=criteria,
        covered=covered,
        missed=missed,
        misconceptions=hits,
        adjustments=adjustments,
        strengths=strengths,
        gaps=[m.text for m in missed],
        flags=[f for f in FLAGS if f in flag_set],
        grader=grader,
        language=language,
    )


INJECTION_PENALTY = 2.0
INJECTION_CAP = 5.0
_INJECTION_REASON = {"zh": "答案中含有试图操纵评分的内容", "en": "the answer tries to steer the grader"}


def injection_adjustment(
    rubric: Rubric,
    grades: dict[str, CriterionGrade],
    misconceptions: Iterable[tuple[Misconception, list[Evidence]]],
    language: Lang,
) -> Adjustment:
    """An attempt to steer the grader costs at least 2 points and caps the score at 5."""
    earned = sum(
        MAX_SCORE * c.weight / rubric.total_weight * grades[c.id].credit for c in rubric.criteria if c.id in grades
    ) - sum(m.penalty for m, _ in misconceptions)
    cut = max(INJECTION_PENALTY, earned - INJECTION_CAP)
    return Adjustment(reason=_INJECTION_REASON[language], points=round(min(cut, max(earned, 0.0)), 2))


def with_deductions(feedback: Feedback, extra: list[Adjustment]) -> Feedback:
    """The feedback with further deductions (e.g. hints) recorded and the score recomputed."""
    adjustments = [*feedback.adjustments, *extra]
    deductions = sum(m.penalty for m in feedback.misconceptions) + sum(a.points for a in adjustments)
    score = final_score(sum(c.points for c in feedback.criteria), deductions)
    return feedback.model_copy(update={"adjustments": adjustments, "score": score})
