"""Turning model text into a validated ModelGrading, including partial JSON while a reply streams in."""

from __future__ import annotations

import json
import re
from typing import Any

import jiter
from pydantic import ValidationError

from mock_interview.grading.llm.schema import CriterionJudgement, ModelGrading

_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.S)


class InvalidOutput(Exception):
    """The reply is not the JSON we asked for; the message says what is wrong (it goes into a repair prompt)."""


def extract_json_text(text: str) -> str:
    """The JSON object in a reply that may wrap it in code fences or prose (the `prompt` mode)."""
    fenced = _FENCE.search(text)
    if fenced:
        text = fenced.group(1)
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end < start:
        raise InvalidOutput("no json object found in the reply")
    return text[start : end + 1]


def parse_grading(text: str, criterion_ids: list[str]) -> ModelGrading:
    try:
        data = json.loads(extract_json_text(text))
    except json.JSONDecodeError as exc:
        raise InvalidOutput(f"invalid json ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    try:
        grading = ModelGrading.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise InvalidOutput(f"json does not match the format: {where}: {first['msg']}") from exc
    got = [c.id for c in grading.criteria]
    missing = [c for c in criterion_ids if c not in got]
    if missing:
        raise InvalidOutput(f"criteria missing from the reply: {', '.join(missing)}")
    return grading


def partial_criteria(text: str) -> list[CriterionJudgement]:
    """The criterion judgements already complete in a reply that is still streaming in."""
    start = text.find("{")
    if start == -1:
        return []
    try:
        data: Any = jiter.from_json(text[start:].encode(), partial_mode="trailing-strings")
    except ValueError:
        return []
    out = []
    for item in data.get("criteria", []) if isinstance(data, dict) else []:
        if isinstance(item, dict) and "level" in item and item.get("level") in ("none", "partial", "full"):
            try:
                out.append(CriterionJudgement.model_validate(item))
            except ValidationError:
                continue
    return out
