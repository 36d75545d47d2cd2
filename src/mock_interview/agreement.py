"""Measuring a grader against human-labelled answers: Spearman's rho and mean absolute error."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mock_interview.bank.models import Bank
from mock_interview.grading.base import Grader
from mock_interview.grading.feedback import Feedback
from mock_interview.lang import Lang, detect_language


@dataclass
class LabelledAnswer:
    id: str
    question_id: str
    answer: str
    human_score: float
    kind: str
    language: str


@dataclass
class Graded:
    item: LabelledAnswer
    feedback: Feedback

    @property
    def error(self) -> float:
        return self.feedback.score - self.item.human_score


def load_labelled(path: Path) -> list[LabelledAnswer]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            items.append(
                LabelledAnswer(
                    d["id"], d["question_id"], d["answer"], float(d["human_score"]), d["kind"], d["language"]
                )
            )
    return items


def _ranks(values: Sequence[float]) -> list[float]:
    """Ranks with ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson's r on tie-averaged ranks)."""
    rx, ry = _ranks(xs), _ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def mean_absolute_error(xs: Sequence[float], ys: Sequence[float]) -> float:
    return sum(abs(a - b) for a, b in zip(xs, ys, strict=True)) / len(xs)


def grade_all(bank: Bank, grader: Grader, items: list[LabelledAnswer], language: Lang | None = None) -> list[Graded]:
    out = []
    for item in items:
        lang = language or detect_language(item.answer, fallback="zh")
        out.append(
            Graded(
                item, grader.grade(bank.question(item.question_id), bank.rubric(item.question_id), item.answer, lang)
            )
        )
    return out
