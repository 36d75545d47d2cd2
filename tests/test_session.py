"""A whole interview through the engine, no UI: follow-up chains, depth limit, hints, skip, probes, summary."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import REPO
from mock_interview.bank import load_bank
from mock_interview.bank.models import Question, Rubric
from mock_interview.grading import OfflineGrader
from mock_interview.grading.feedback import Feedback, Probe
from mock_interview.interview.hints import HINT_COST
from mock_interview.interview.session import InterviewSession, SessionPlan, plan_questions
from mock_interview.interview.transcript import save, to_markdown
from mock_interview.lang import Lang

QK = "Q 是查询向量，K 是键向量，用 Q 和 K 的点积计算相似度作为注意力分数，softmax 之后得到权重，再对 V 加权求和。"


def test_a_whole_session_with_a_follow_up_chain_and_a_depth_limit(tmp_path: Path) -> None:
    bank = load_bank(REPO)
    session = InterviewSession(bank, OfflineGrader(), SessionPlan(["qk-purpose", "why-multi-head"], "zh", max_depth=2))
    assert session.current and session.current.question_id == "qk-purpose" and session.position() == (1, 2)
    session.answer(QK, seconds=30)
    nxt = session.advance()
    assert nxt and (nxt.question_id, nxt.kind, nxt.depth) == ("qk-same-input", "follow_up", 1)
    session.answer("可以，但 QKᵀ 会变成对称矩阵，每个 token 和自己的点积最大。", seconds=20)
    nxt = session.advance()
    assert nxt and (nxt.question_id, nxt.depth) == ("qk-shared-matrix-impact", 2)
    session.dont_know(seconds=5)
    nxt = session.advance()  # depth limit and "don't know": back to the plan
    assert nxt and (nxt.question_id, nxt.kind) == ("why-multi-head", "question")
    session.skip(seconds=3)
    assert session.advance() is None and session.finished
    summary = session.summary()
    assert [r.question_id for r in summary.results] == [
        "qk-purpose", "qk-same-input", "qk-shared-matrix-impact", "why-multi-head"]  # fmt: skip
    assert [r.status for r in summary.results] == ["answered", "answered", "dont_know", "skipped"]
    assert summary.weakest[0][1] == 0.0 and summary.seconds == 58
    assert "transformer" in summary.by_tag
    json_path, md_path = save(session, tmp_path)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert [t["question_id"] for t in data["turns"]][:2] == ["qk-purpose", "qk-same-input"]
    assert data["turns"][0]["feedback"]["score"] > 0
    md = md_path.read_text(encoding="utf-8")
    assert "K 和 Q 可以使用同一个值" in md and "参考答案" in md


def test_hints_cost_points_and_are_recorded() -> None:
    bank = load_bank(REPO)
    plain = InterviewSession(bank, OfflineGrader(), SessionPlan(["qk-purpose"], "en"))
    plain.answer(QK, 10)
    hinted = InterviewSession(bank, OfflineGrader(), SessionPlan(["qk-purpose"], "en"))
    first, second = hinted.reveal_hint(), hinted.reveal_hint()
    assert first and second and first != second and first.startswith("Think about:")
    fb = hinted.answer(QK, 10)
    assert fb.hints_used == 2
    assert fb.score == round(plain.turns[0].feedback.score - 2 * HINT_COST, 1)  # type: ignore[union-attr]
    assert [a.reason for a in fb.adjustments] == ["hint 1 used", "hint 2 used"]


def test_planning_filters_orders_and_limits() -> None:
    bank = load_bank(REPO)
    hard = plan_questions(bank, difficulties=["hard"])
    assert hard == ["qk-shared-matrix-impact", "bottleneck-mitigation", "vilt"]
    assert plan_questions(bank, count=3) == ["transformer-architecture", "rnn-problems", "memory-hotspots"]
    shuffled = plan_questions(bank, shuffle=True, seed=1)
    assert sorted(shuffled) == sorted(plan_questions(bank)) and shuffled != plan_questions(bank)


class ProbingGrader:
    """Offline grading plus a probe on the last missed criterion, as the LLM grader proposes."""

    name = "probing"

    def grade(
        self, question: Question, rubric: Rubric, answer: str, language: Lang, on_partial: object = None
    ) -> Feedback:
        fb = OfflineGrader().grade(question, rubric, answer, language)
        missed = [c.id for c in fb.criteria if c.verdict != "met"]
        return fb.model_copy(update={"probe": Probe(question="那缩放之后呢？", targets=missed[-1:])}) if missed else fb


def test_a_probe_is_asked_and_recovery_raises_the_parent_score() -> None:
    bank = load_bank(REPO)
    session = InterviewSession(bank, ProbingGrader(), SessionPlan(["scaling-sqrt-dk"], "zh", max_depth=1))
    first = session.answer("维度大时点积很大，softmax 会饱和。", 10).score
    assert first < 7  # so no scripted follow-up (it needs 7) comes before the probe
    probe = session.advance()
    assert probe and probe.kind == "probe" and probe.text == "那缩放之后呢？"
    session.answer("除以 √d_k 后方差回到 1，训练更稳定。", 10)
    assert session.turns[0].feedback and session.turns[0].feedback.score > first
    assert session.advance() is None
    assert "面试官追问" in to_markdown(session)
