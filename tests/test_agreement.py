"""A floor under the offline grader's agreement with careful human grading (bench/ prints the figures)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from conftest import REPO
from mock_interview.agreement import grade_all, load_labelled, mean_absolute_error, spearman
from mock_interview.bank import load_bank
from mock_interview.grading import OfflineGrader

TRAPS = ("empty", "dont_know", "off_topic", "keyword_stuffing", "padding", "injection", "misconception", "negation")


@pytest.mark.parametrize("name", ["dev_set", "holdout_set"])
def test_agreement_floor(name: str) -> None:
    items = load_labelled(REPO / "tests" / "data" / f"{name}.jsonl")
    graded = grade_all(load_bank(REPO), OfflineGrader(), items)
    human = [g.item.human_score for g in graded]
    ours = [g.feedback.score for g in graded]
    # measured 0.92 / 1.0 on both sets; the target is 0.75 / 1.5
    assert spearman(human, ours) >= 0.85
    assert mean_absolute_error(human, ours) <= 1.3


def test_every_trap_kind_is_graded_close_to_humans() -> None:
    items = load_labelled(REPO / "tests" / "data" / "dev_set.jsonl")
    by_kind = defaultdict(list)
    for g in grade_all(load_bank(REPO), OfflineGrader(), items):
        by_kind[g.item.kind].append(g)
    assert set(TRAPS) <= set(by_kind)
    for kind in TRAPS:
        errors = [abs(g.error) for g in by_kind[kind]]
        assert sum(errors) / len(errors) <= 1.5, kind
    # the traps that must never score well do not
    for kind in ("empty", "dont_know", "off_topic", "keyword_stuffing", "padding"):
        assert all(g.feedback.score <= 3 for g in by_kind[kind]), kind
