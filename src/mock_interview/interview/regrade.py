"""Regrading stored answers (e.g. graded offline on a plane, by the LLM later). Every grading is kept."""

from __future__ import annotations

from dataclasses import dataclass

from mock_interview.bank.models import Bank
from mock_interview.grading.base import Grader
from mock_interview.grading.feedback import Probe
from mock_interview.grading.scoring import with_deductions
from mock_interview.interview.evaluate import evaluate_answer
from mock_interview.interview.hints import hint_deductions
from mock_interview.interview.probe import grade_probe_answer
from mock_interview.lang import Lang
from mock_interview.store import Store


@dataclass
class Regraded:
    seq: int
    question_id: str
    old_score: float | None
    new_score: float
    grader: str
    fallback_reason: str | None


def regrade_session(store: Store, bank: Bank, session_id: int, grader: Grader) -> list[Regraded]:
    """Grade every stored answer of the session again with `grader`; the new gradings are added, not replaced."""
    stored = store.session(session_id)
    if stored is None:
        raise KeyError(f"no session {session_id}")
    language: Lang = "zh" if stored.language == "zh" else "en"
    results = []
    for turn in stored.turns:
        if turn.answer is None or turn.question_id not in bank:
            continue
        if turn.kind == "probe" and turn.probe:
            feedback = grade_probe_answer(
                bank, turn.question_id, Probe.model_validate(turn.probe), turn.answer, grader, language
            )
        else:
            feedback = evaluate_answer(bank, turn.question_id, turn.answer, grader, language)
        if turn.hints:
            feedback = with_deductions(feedback, hint_deductions(len(turn.hints), language))
            feedback = feedback.model_copy(update={"hints_used": len(turn.hints)})
        old = turn.gradings[-1].score if turn.gradings else None
        status = None
        if turn.status == "open":  # answered, but the process died before the grading was saved
            status = "dont_know" if {"dont_know", "empty"} & set(feedback.flags) else "answered"
        store.add_grading(session_id, turn.seq, feedback.model_dump(mode="json"), status)
        results.append(
            Regraded(turn.seq, turn.question_id, old, feedback.score, feedback.grader, feedback.fallback_reason)
        )
    return results
