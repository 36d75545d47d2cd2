"""Model-proposed follow-ups ("probes"): grading their answers and crediting what the candidate recovers.

A probe targets criteria the first answer missed. Its answer is graded against those criteria only (by the
same grader, with the probe as the question). A criterion first missed and then recovered earns part of what
was recovered — half — for the original question: the interviewer had to prompt for it.
"""

from __future__ import annotations

from mock_interview.bank.models import Bank, Bilingual
from mock_interview.grading.base import Grader
from mock_interview.grading.feedback import Feedback, Probe
from mock_interview.grading.scoring import final_score, verdict_for
from mock_interview.lang import Lang

RECOVERY_SHARE = 0.5
_RECOVERED_NOTE = {"zh": "（追问后补上）", "en": " (recovered after a follow-up)"}


def grade_probe_answer(
    bank: Bank, question_id: str, probe: Probe, answer: str, grader: Grader, language: Lang
) -> Feedback:
    """Grade the answer to a probe against the criteria the probe targets."""
    question = bank.question(question_id)
    rubric = bank.rubric(question_id)
    targets = [c for c in rubric.criteria if c.id in probe.targets]
    # A sub-rubric of the targeted criteria: built with model_copy, since a rubric normally needs 3-6 criteria.
    sub_rubric = rubric.model_copy(update={"criteria": targets or rubric.criteria})
    asked = question.model_copy(update={"text": Bilingual(zh=probe.question, en=probe.question), "follow_ups": []})
    return grader.grade(asked, sub_rubric, answer, language)


def credit_recovery(original: Feedback, probe_feedback: Feedback, language: Lang) -> Feedback:
    """The original feedback with recovered criteria credited (RECOVERY_SHARE of the gain) and the score redone."""
    recovered = {c.id: c for c in probe_feedback.criteria}
    criteria = []
    for c in original.criteria:
        later = recovered.get(c.id)
        if later is None or later.credit <= c.credit:
            criteria.append(c)
            continue
        credit = c.credit + RECOVERY_SHARE * (later.credit - c.credit)
        criteria.append(
            c.model_copy(
                update={
                    "credit": round(credit, 3),
                    "verdict": verdict_for(credit),
                    "points": round(c.max_points * credit, 2),
                    "comment": c.comment + _RECOVERED_NOTE[language],
                }
            )
        )
    deductions = sum(m.penalty for m in original.misconceptions) + sum(a.points for a in original.adjustments)
    score = final_score(sum(c.points for c in criteria), deductions)
    return original.model_copy(update={"criteria": criteria, "score": max(score, original.score)})
