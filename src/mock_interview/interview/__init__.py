"""The interview engine: follow-up policy and answer evaluation, UI-agnostic."""

from mock_interview.interview.evaluate import evaluate_answer
from mock_interview.interview.followup import pick_follow_up

__all__ = ["evaluate_answer", "pick_follow_up"]
