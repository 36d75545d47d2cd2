"""The question bank: pydantic models and the validating loader."""

from mock_interview.bank.check import BankError, BankIssue, check_bank, default_bank_dir, load_bank
from mock_interview.bank.models import (
    Bank,
    Bilingual,
    Criterion,
    FollowUp,
    KeyPoint,
    Misconception,
    MissedCondition,
    Question,
    Rubric,
    ScoreCondition,
)

__all__ = [
    "Bank",
    "BankError",
    "BankIssue",
    "Bilingual",
    "Criterion",
    "FollowUp",
    "KeyPoint",
    "Misconception",
    "MissedCondition",
    "Question",
    "Rubric",
    "ScoreCondition",
    "check_bank",
    "default_bank_dir",
    "load_bank",
]
