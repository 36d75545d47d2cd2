"""Choosing a grader from the user's `--grader offline|llm|auto`. The LLM stack is imported only when used."""

from __future__ import annotations

from typing import Literal

from mock_interview.config import Settings
from mock_interview.grading.base import Grader
from mock_interview.grading.offline import OfflineGrader

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
    from mock_interview.grading.llm.grader import LLMGrader

    return LLMGrader(settings)
