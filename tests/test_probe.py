"""Probes: the answer is graded on the targeted criteria; a recovered criterion earns partial credit."""

from __future__ import annotations

from conftest import REPO
from mock_interview.bank import load_bank
from mock_interview.grading import OfflineGrader
from mock_interview.grading.feedback import Probe
from mock_interview.interview import evaluate_answer
from mock_interview.interview.probe import credit_recovery, grade_probe_answer

FIRST = "点积的方差随 d_k 增大，softmax 会饱和，梯度很小。"


def test_a_missed_criterion_recovered_after_a_probe_earns_half() -> None:
    bank = load_bank(REPO)
    grader = OfflineGrader()
    first = evaluate_answer(bank, "scaling-sqrt-dk", FIRST, grader, "zh")
    assert first.criterion("scaling-effect").verdict == "unmet"  # type: ignore[union-attr]
    probe = Probe(question="除以 √d_k 之后，点积的方差变成多少？这对训练有什么好处？", targets=["scaling-effect"])
    reply = grade_probe_answer(bank, "scaling-sqrt-dk", probe, "除以 √d_k 后方差回到 1，训练更稳定。", grader, "zh")
    assert [c.id for c in reply.criteria] == ["scaling-effect"]
    assert reply.criteria[0].verdict == "met"
    merged = credit_recovery(first, reply, "zh")
    scaling = merged.criterion("scaling-effect")
    assert scaling is not None and scaling.verdict == "partial" and scaling.credit == 0.5
    assert merged.score == round(first.score + scaling.max_points / 2, 1)
    assert "追问" in scaling.comment


def test_a_probe_answer_that_recovers_nothing_changes_nothing() -> None:
    bank = load_bank(REPO)
    first = evaluate_answer(bank, "scaling-sqrt-dk", FIRST, OfflineGrader(), "zh")
    probe = Probe(question="然后呢？", targets=["scaling-effect"])
    reply = grade_probe_answer(bank, "scaling-sqrt-dk", probe, "不知道", OfflineGrader(), "zh")
    assert credit_recovery(first, reply, "zh") == first
