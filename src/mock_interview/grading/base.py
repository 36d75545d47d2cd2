"""The Grader protocol every grader implements."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from mock_interview.bank.models import Question, Rubric
from mock_interview.grading.feedback import Feedback
from mock_interview.lang import Lang

if TYPE_CHECKING:
    from mock_interview.grading.llm.schema import CriterionJudgement

# Called with the criterion verdicts received so far while a streaming grader is still working.
PartialCallback = Callable[[list["CriterionJudgement"]], None]


class Grader(Protocol):
    """Grades one answer to one question against its rubric."""

    @property
    def name(self) -> str:
        """`offline` or `llm:<model>`: what the feedback's `grader` field will say."""
        ...

    def grade(
        self,
        question: Question,
        rubric: Rubric,
        answer: str,
        language: Lang,
        on_partial: PartialCallback | None = None,
    ) -> Feedback:
        """Grade; graders that stream report verdicts through `on_partial` as they arrive."""
        ...
