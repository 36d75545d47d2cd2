"""The follow-up policy picks scripted follow-ups the way the bank's conditions say."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mock_interview.bank import load_bank
from mock_interview.grading import OfflineGrader
from mock_interview.interview import evaluate_answer


def test_missed_criterion_leads_to_its_follow_up(mini_bank: Callable[..., Path]) -> None:
    bank = load_bank(mini_bank())
    fb = evaluate_answer(bank, "alpha", "相似度由 query 和 key 决定，再对 value 加权求和。", OfflineGrader(), "zh")
    assert fb.criterion("weights").verdict != "met"  # type: ignore[union-attr]
    assert fb.follow_up == "beta"


def test_met_criterion_falls_through_to_always(mini_bank: Callable[..., Path]) -> None:
    bank = load_bank(mini_bank())
    fb = evaluate_answer(
        bank, "alpha", "softmax 把分数变成权重。相似度由 query 决定，对 value 加权。", OfflineGrader(), "zh"
    )
    assert fb.criterion("weights").verdict == "met"  # type: ignore[union-attr]
    assert fb.follow_up == "gamma"


def test_score_condition_goes_deeper_only_for_strong_answers(mini_bank: Callable[..., Path]) -> None:
    bank = load_bank(mini_bank())
    strong = evaluate_answer(
        bank, "beta", "softmax 把分数变成权重。相似度由 query 决定，对 value 加权。", OfflineGrader(), "zh"
    )
    weak = evaluate_answer(bank, "beta", "权重和 softmax 有关系吧，我记得是这样的。", OfflineGrader(), "zh")
    assert strong.score >= 6 and strong.follow_up == "gamma"
    assert weak.score < 6 and weak.follow_up is None


def test_already_asked_follow_ups_are_skipped(mini_bank: Callable[..., Path]) -> None:
    bank = load_bank(mini_bank())
    answer = "相似度由 query 和 key 决定，再对 value 加权求和。"
    fb = evaluate_answer(bank, "alpha", answer, OfflineGrader(), "zh", asked={"beta"})
    assert fb.follow_up == "gamma"


def test_no_follow_up_after_dont_know(mini_bank: Callable[..., Path]) -> None:
    bank = load_bank(mini_bank())
    assert evaluate_answer(bank, "alpha", "不知道", OfflineGrader(), "zh").follow_up is None
