"""Grading: the Feedback contract, the Grader protocol, the graders, and scoring in code."""

from mock_interview.grading.base import Grader
from mock_interview.grading.feedback import CriterionResult, Evidence, Feedback, Flag, KeyPointRef
from mock_interview.grading.offline import OfflineGrader

__all__ = ["CriterionResult", "Evidence", "Feedback", "Flag", "Grader", "KeyPointRef", "OfflineGrader"]
