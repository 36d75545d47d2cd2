"""Choosing a grader from the user's `--grader offline|llm|auto`."""

from __future__ import annotations

from typing import Literal

from mock_interview.config import endpoint_settings
from mock_interview.grading.base import Grader
from mock_interview.grading.offline import OfflineGrader

GraderChoice = Literal["auto", "offline", "llm"]


class GraderUnavailable(Exception):
    """The grader asked for cannot run; the message says why and what to do."""


def select_grader(choice: GraderChoice) -> Grader:
    """`auto` is the LLM grader when an endpoint is configured, else the offline grader."""
    if choice == "offline":
        return OfflineGrader()
    settings = endpoint_settings()
    if choice == "auto" and not settings.configured:
        return OfflineGrader()
    raise GraderUnavailable(
        "the LLM grader is not available in this version; use --grader offline"
        + (" (an endpoint is configured, but only offline grading is implemented yet)" if settings.configured else "")
    )
