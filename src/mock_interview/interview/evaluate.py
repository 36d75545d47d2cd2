"""One answer through the data path: Question + Rubric + answer -> Grader -> Feedback -> follow-up policy."""

from __future__ import annotations

from collections.abc import Collection

from mock_interview.bank.models import Bank
from mock_interview.grading.base import Grader, PartialCallback
from mock_interview.grading.feedback import Feedback
from mock_interview.interview.followup import pick_follow_up
from mock_interview.lang import Lang


def evaluate_answer(
    bank: Bank,
    question_id: str,
    answer: str,
    grader: Grader,
    language: Lang,
    asked: Collection[str] = (),
    on_partial: PartialCallback | None = None,
) -> Feedback:
    """Grade `answer` and name the follow-up the policy picks next (KeyError for an unknown question).

    With a streaming grader, `on_partial` receives the criterion verdicts received so far.
    """
    question = bank.question(question_id)
    feedback = grader.grade(question, bank.rubric(question_id), answer, language, on_partial)
    follow_up = pick_follow_up(question, feedback, asked={question_id, *asked})
    return feedback.model_copy(update={"follow_up": follow_up})
