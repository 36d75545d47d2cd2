"""The Grader protocol every grader implements."""

from __future__ import annotations

from typing import Protocol

from mock_interview.bank.models import Question, Rubric
from mock_interview.grading.feedback import Feedback
from mock_interview.lang import Lang


class Grader(Protocol):
    """Grades one answer to one question against its rubric."""

    @property
    def name(self) -> str:
        """`offline` or `llm:<model>`: what the feedback's `grader` field will say."""
        ...

    def grade(self, question: Question, rubric: Rubric, answer: str, language: Lang) -> Feedback: ...
