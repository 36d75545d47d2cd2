"""What the model must return: per-criterion reasoning, level and quoted evidence — never a score."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["none", "partial", "full"]
ModelFlag = Literal["off_topic", "keyword_stuffing", "padding", "injection_suspected"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class CriterionJudgement(_Model):
    id: str
    reasoning: str = ""
    level: Level
    evidence: list[str] = Field(default_factory=list)
    key_points: list[str] = Field(default_factory=list)


class MisconceptionJudgement(_Model):
    id: str
    evidence: list[str] = Field(default_factory=list)


class FollowUpProposal(_Model):
    question: str
    targets: list[str] = Field(default_factory=list)


class ModelGrading(_Model):
    """The model's judgement of one answer."""

    criteria: list[CriterionJudgement]
    misconceptions: list[MisconceptionJudgement] = Field(default_factory=list)
    injection_suspected: bool = False
    flags: list[ModelFlag] = Field(default_factory=list)
    follow_up: FollowUpProposal | None = None


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _object(props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": props, "required": list(props), "additionalProperties": False}


def json_schema(criterion_ids: list[str], misconception_ids: list[str]) -> dict[str, Any]:
    """A strict JSON schema (all fields required, no extras) for this rubric's ids."""
    criterion = _object(
        {
            "id": {"type": "string", "enum": criterion_ids},
            "reasoning": {"type": "string"},
            "level": {"type": "string", "enum": ["none", "partial", "full"]},
            "evidence": _array({"type": "string"}),
            "key_points": _array({"type": "string"}),
        }
    )
    misconception = _object(
        {
            "id": {"type": "string", "enum": misconception_ids or ["none"]},
            "evidence": _array({"type": "string"}),
        }
    )
    follow_up = _object({"question": {"type": "string"}, "targets": _array({"type": "string", "enum": criterion_ids})})
    return _object(
        {
            "criteria": _array(criterion),
            "misconceptions": _array(misconception),
            "injection_suspected": {"type": "boolean"},
            "flags": _array({"type": "string", "enum": ["off_topic", "keyword_stuffing", "padding"]}),
            "follow_up": {"anyOf": [follow_up, {"type": "null"}]},
        }
    )
