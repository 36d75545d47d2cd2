"""Choosing a grader from the user's `--grader offline|llm|auto`. The LLM stack is imported only when used."""

from __future__ import annotations

from typing import Literal

from mock_interview.bank.models import Question, Rubric
from mock_interview.config import Settings
from mock_interview.grading.base import Grader, PartialCallback
from mock_interview.grading.feedback import Feedback
from mock_interview.grading.offline import OfflineGrader
from mock_interview.lang import Lang

GraderChoice = Literal["auto", "offline", "llm"]


class GraderUnavailable(Exception):
    """The grader asked for cannot run; the message says why and what to do."""


def select_grader(choice: GraderChoice, settings: Settings) -> Grader:
    """`auto` is the LLM grader when an endpoint is configured, else the offline grader."""
    if choice == "offline" or (choice == "auto" and not settings.configured):
        return OfflineGrader()
    if not settings.configured:
        raise GraderUnavailable(
            "no LLM endpoint is configured: set OPENAI_API_KEY (and OPENAI_BASE_URL for a non-OpenAI server), "
            "or pass --base-url, or use --grader offline"
        )
    return LazyLLMGrader(settings)


class LazyLLMGrader:
    """The LLM grader, imported on first use: the HTTP/LLM stack stays out of start-up."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._grader: Grader | None = None

    @property
    def name(self) -> str:
        return f"llm:{self.settings.effective_model}"

    def grade(
        self,
        question: Question,
        rubric: Rubric,
        answer: str,
        language: Lang,
        on_partial: PartialCallback | None = None,
    ) -> Feedback:
        if self._grader is None:
            from mock_interview.grading.llm.grader import LLMGrader

            self._grader = LLMGrader(self.settings)
        return self._grader.grade(question, rubric, answer, language, on_partial)
