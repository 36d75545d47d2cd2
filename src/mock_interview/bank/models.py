"""Pydantic models of the question bank: questions, follow-ups, rubrics, criteria, key points."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from mock_interview.lang import Lang

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[Difficulty, ...] = ("easy", "medium", "hard")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(_Model):
    """The same text in Chinese and English."""

    zh: NonEmpty
    en: NonEmpty

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


class MissedCondition(_Model):
    """Ask the follow-up when this criterion of the parent question was not fully met."""

    missed: Slug


class ScoreCondition(_Model):
    """Ask the follow-up when the answer scored at least this much (go deeper)."""

    score_at_least: float = Field(ge=0, le=10)


def _parse_condition(value: Any) -> Any:
    if value == "always" or isinstance(value, MissedCondition | ScoreCondition):
        return value
    if isinstance(value, dict) and len(value) == 1:
        if "missed" in value:
            return MissedCondition.model_validate(value)
        if "score_at_least" in value:
            return ScoreCondition.model_validate(value)
    raise ValueError("expected `always`, `{missed: <criterion id>}` or `{score_at_least: <0-10>}`")


Condition = Annotated[Literal["always"] | MissedCondition | ScoreCondition, BeforeValidator(_parse_condition)]


class FollowUp(_Model):
    """A scripted follow-up: another question of the bank, asked when `when` holds."""

    question: Slug
    when: Condition = "always"


class Question(_Model):
    """One interview question."""

    id: Slug
    order: int = Field(ge=1)
    source: NonEmpty
    difficulty: Difficulty
    tags: list[Slug] = Field(min_length=1)
    text: Bilingual
    follow_ups: list[FollowUp] = Field(default_factory=list)


TermGroup = Annotated[list[NonEmpty], Field(min_length=1)]
Pattern = Annotated[list[TermGroup], Field(min_length=1)]


class KeyPoint(_Model):
    """A point a good answer makes, and the evidence patterns that show it was made."""

    id: Slug
    text: Bilingual
    evidence: list[Pattern] = Field(min_length=1)


class Levels(_Model):
    """What a none / partial / full verdict on a criterion looks like."""

    none: Bilingual
    partial: Bilingual
    full: Bilingual

    def get(self, verdict: Literal["none", "partial", "full"]) -> Bilingual:
        return {"none": self.none, "partial": self.partial, "full": self.full}[verdict]


class Criterion(_Model):
    """One weighted criterion of a rubric."""

    id: Slug
    weight: float = Field(gt=0, le=100)
    description: Bilingual
    levels: Levels
    required: int | None = Field(default=None, ge=1)
    key_points: list[KeyPoint] = Field(min_length=1)

    @property
    def required_count(self) -> int:
        """Key points needed for full credit."""
        return min(self.required or len(self.key_points), len(self.key_points))


class Misconception(_Model):
    """A known error that costs points when the answer asserts it."""

    id: Slug
    text: Bilingual
    correction: Bilingual
    penalty: float = Field(ge=0.5, le=3)
    evidence: list[Pattern] = Field(min_length=1)


class Rubric(_Model):
    """How answers to one question are graded."""

    question: Slug
    criteria: list[Criterion] = Field(min_length=3, max_length=6)
    misconceptions: list[Misconception] = Field(default_factory=list)
    reference_answer: Bilingual

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)


class Bank:
    """A loaded, validated bank: questions in seed order, their rubrics and the tag vocabulary."""

    def __init__(self, questions: list[Question], rubrics: dict[str, Rubric], tags: dict[str, Bilingual]) -> None:
        self.questions = sorted(questions, key=lambda q: (q.order, q.id))
        self._by_id = {q.id: q for q in self.questions}
        self.rubrics = rubrics
        self.tags = tags

    def __len__(self) -> int:
        return len(self.questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def question(self, question_id: str) -> Question:
        """The question with this id; KeyError if there is none."""
        return self._by_id[question_id]

    def rubric(self, question_id: str) -> Rubric:
        return self.rubrics[question_id]

    def resolve_tag(self, name: str) -> str | None:
        """The tag slug for a slug or a zh/en label, case-insensitively; None when unknown."""
        wanted = name.strip().casefold()
        for slug, label in self.tags.items():
            if wanted in (slug, label.zh.casefold(), label.en.casefold()):
                return slug
        return None

    def tag_label(self, slug: str, lang: Lang) -> str:
        label = self.tags.get(slug)
        return label.get(lang) if label else slug

    def select(self, tags: list[str] | None = None, difficulties: list[str] | None = None) -> list[Question]:
        """Questions having any of `tags` (slugs) and one of `difficulties`, in seed order."""
        return [
            q
            for q in self.questions
            if (not tags or any(t in q.tags for t in tags)) and (not difficulties or q.difficulty in difficulties)
        ]
