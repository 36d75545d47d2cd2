"""The follow-up policy: which scripted follow-up an interviewer asks after an answer."""

from __future__ import annotations

from collections.abc import Collection

from mock_interview.bank.models import MissedCondition, Question, ScoreCondition
from mock_interview.grading.feedback import Feedback

# After these the interviewer moves on: probing an empty or "don't know" answer teaches nothing.
NO_FOLLOW_UP_FLAGS = frozenset({"empty", "dont_know", "off_topic"})


def condition_holds(condition: object, feedback: Feedback) -> bool:
    if condition == "always":
        return True
    if isinstance(condition, ScoreCondition):
        return feedback.score >= condition.score_at_least
    if isinstance(condition, MissedCondition):
        result = feedback.criterion(condition.missed)
        return result is not None and result.verdict != "met"
    return False


def pick_follow_up(question: Question, feedback: Feedback, asked: Collection[str] = ()) -> str | None:
    """The first follow-up whose condition holds and that was not asked yet in this session."""
    if NO_FOLLOW_UP_FLAGS.intersection(feedback.flags):
        return None
    for follow_up in question.follow_ups:
        if follow_up.question not in asked and condition_holds(follow_up.when, feedback):
            return follow_up.question
    return None
