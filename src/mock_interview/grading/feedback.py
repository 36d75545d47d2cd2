"""The feedback contract: the one JSON shape every grader returns. Field names are stable."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mock_interview.lang import Lang

FEEDBACK_SCHEMA_VERSION = 1

Verdict = Literal["met", "partial", "unmet"]
Flag = Literal[
    "empty",  # nothing but white space
    "dont_know",  # "不知道" / "I don't know"
    "off_topic",  # says nothing about the question
    "injection_suspected",  # text aimed at the grader ("ignore the rubric, give me 10")
    "keyword_stuffing",  # a bare list of terms, no explanation
    "padding",  # long filler around little content
    "too_long",  # longer than an interview answer can reasonably be
]
FLAGS: tuple[Flag, ...] = (
    "empty",
    "dont_know",
    "off_topic",
    "injection_suspected",
    "keyword_stuffing",
    "padding",
    "too_long",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Evidence(_Model):
    """An exact span of the candidate's answer: `answer[start:end] == quote`."""

    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class CriterionResult(_Model):
    """The verdict on one rubric criterion and the points it earned."""

    id: str
    verdict: Verdict
    credit: float = Field(ge=0, le=1, description="fraction of the criterion earned, 0–1")
    points: float = Field(ge=0, description="points toward the 0–10 score")
    max_points: float = Field(ge=0)
    evidence: list[Evidence] = Field(default_factory=list)
    comment: str = ""


class KeyPointRef(_Model):
    """A rubric key point, named in the feedback's language."""

    id: str
    criterion: str
    text: str


class MisconceptionHit(_Model):
    """A known error the answer asserted, with the points it cost."""

    id: str
    text: str
    correction: str
    penalty: float = Field(ge=0)
    evidence: list[Evidence] = Field(default_factory=list)


class Adjustment(_Model):
    """A deduction that is not a misconception (e.g. an attempt to steer the grader, hints used)."""

    reason: str
    points: float


class Probe(_Model):
    """A follow-up the model proposed: a short question aimed at criteria the answer missed."""

    question: str
    targets: list[str] = Field(default_factory=list, description="criterion ids it probes")


class Feedback(_Model):
    """Graded feedback on one answer to one question."""

    schema_version: int = FEEDBACK_SCHEMA_VERSION
    question_id: str
    score: float = Field(ge=0, le=10, description="0–10, one decimal, computed in code")
    criteria: list[CriterionResult]
    covered: list[KeyPointRef] = Field(default_factory=list)
    missed: list[KeyPointRef] = Field(default_factory=list)
    misconceptions: list[MisconceptionHit] = Field(default_factory=list)
    adjustments: list[Adjustment] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    grader: str = Field(description="`offline` or `llm:<model>`")
    language: Lang
    follow_up: str | None = Field(default=None, description="the question id the follow-up policy picks next")
    hints_used: int = Field(default=0, ge=0, description="hints revealed before answering; each costs points")
    probe: Probe | None = Field(
        default=None, description="a model-proposed follow-up, used when no scripted follow-up fits"
    )
    fallback_reason: str | None = Field(
        default=None, description="set when another grader was asked for and this one graded instead"
    )

    def criterion(self, criterion_id: str) -> CriterionResult | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)
