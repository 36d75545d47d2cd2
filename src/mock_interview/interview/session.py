"""The interview session: a UI-agnostic state machine that the TUI, the CLI and the tests all drive.

ask -> (hints) -> answer | "don't know" | skip -> grade -> follow-up (scripted, or the model's probe) up to a
depth limit -> next planned question -> ... -> summary. Grading is a blocking call; a UI runs it in a worker.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from mock_interview.bank.models import Bank
from mock_interview.grading.base import Grader, PartialCallback
from mock_interview.grading.feedback import Feedback, Probe
from mock_interview.grading.scoring import with_deductions
from mock_interview.interview.evaluate import evaluate_answer
from mock_interview.interview.hints import hint_deductions, hint_ladder
from mock_interview.interview.probe import credit_recovery, grade_probe_answer
from mock_interview.lang import Lang

if TYPE_CHECKING:
    from mock_interview.store.repo import StoredSession

TurnKind = Literal["question", "follow_up", "probe"]
TurnStatus = Literal["open", "answered", "dont_know", "skipped"]
DONT_KNOW_TEXT = {"zh": "不知道", "en": "I don't know"}


@dataclass
class Turn:
    """One prompt of the interview and what became of it."""

    question_id: str
    kind: TurnKind
    depth: int
    text: str
    parent: int | None = None
    probe: Probe | None = None
    status: TurnStatus = "open"
    answer: str = ""
    feedback: Feedback | None = None
    hints: list[str] = field(default_factory=list)
    seconds: float = 0.0


class SessionRecorder(Protocol):
    """Told about every step as it happens (the store implements it: interview.persist.StoreRecorder)."""

    def turn_added(self, index: int, turn: Turn) -> None: ...
    def hint_revealed(self, index: int, turn: Turn) -> None: ...
    def answer_submitted(self, index: int, turn: Turn) -> None: ...  # before grading
    def graded(self, index: int, turn: Turn) -> None: ...
    def regraded_parent(self, index: int, turn: Turn) -> None: ...
    def skipped(self, index: int, turn: Turn) -> None: ...
    def finished(self) -> None: ...


@dataclass(frozen=True)
class SessionPlan:
    """What the candidate chose on the start screen."""

    question_ids: list[str]
    language: Lang
    max_depth: int = 2


def plan_questions(
    bank: Bank,
    tags: list[str] | None = None,
    difficulties: list[str] | None = None,
    count: int | None = None,
    shuffle: bool = False,
    seed: int | None = None,
) -> list[str]:
    """Question ids for a session: filtered, in seed order or shuffled, at most `count`."""
    ids = [q.id for q in bank.select(tags=tags, difficulties=difficulties)]
    if shuffle:
        random.Random(seed).shuffle(ids)
    return ids[:count] if count else ids


@dataclass
class QuestionResult:
    question_id: str
    kind: TurnKind
    depth: int
    status: TurnStatus
    score: float | None
    seconds: float
    hints: int
    grader: str | None


@dataclass
class SessionSummary:
    results: list[QuestionResult]
    by_tag: dict[str, tuple[float, int]]  # tag -> (mean score, answers)
    weakest: list[tuple[str, float]]  # (question id, score), lowest first
    mean_score: float | None
    seconds: float
    hints: int


class InterviewSession:
    """Drives one interview over a bank with a grader."""

    def __init__(self, bank: Bank, grader: Grader, plan: SessionPlan) -> None:
        self.bank = bank
        self.grader = grader
        self.plan = plan
        self.language: Lang = plan.language
        self.turns: list[Turn] = []
        self.started_at = time.time()
        self.recorder: SessionRecorder | None = None
        self.session_id: int | None = None  # set when stored
        self._queue = list(plan.question_ids)
        self._finished = False
        if self._next_planned() is None:
            self._finished = True

    @classmethod
    def restore(cls, bank: Bank, grader: Grader, stored: StoredSession) -> InterviewSession:
        """A stored, unfinished session as it was: answered turns with their feedback, and the open turn
        (with its submitted answer, if the process died before the grading was saved)."""
        plan = SessionPlan(
            list(stored.plan["question_ids"]),
            stored.language,  # type: ignore[arg-type]
            int(stored.plan.get("max_depth", 2)),
        )
        session = cls.__new__(cls)
        session.bank, session.grader, session.plan = bank, grader, plan
        session.language = plan.language
        session.started_at = time.time()
        session.recorder = None
        session.session_id = stored.id
        session._finished = False
        session.turns = [
            Turn(
                t.question_id,
                t.kind,  # type: ignore[arg-type]  # stored by this code: one of TurnKind
                t.depth,
                t.prompt,
                parent=t.parent_seq,
                probe=Probe.model_validate(t.probe) if t.probe else None,
                status=t.status,  # type: ignore[arg-type]
                answer=t.answer or "",
                feedback=Feedback.model_validate(t.feedback) if t.feedback else None,
                hints=list(t.hints),
                seconds=t.seconds,
            )
            for t in stored.turns
        ]
        session._queue = [q for q in plan.question_ids if q not in session.asked]
        return session

    # -- where we are -------------------------------------------------------------------------------------
    @property
    def current(self) -> Turn | None:
        """The open turn, if any."""
        return self.turns[-1] if self.turns and self.turns[-1].status == "open" else None

    @property
    def finished(self) -> bool:
        """True once `advance()` found nothing more to ask."""
        return self._finished

    @property
    def asked(self) -> set[str]:
        return {t.question_id for t in self.turns if t.kind != "probe"}

    def position(self) -> tuple[int, int]:
        """(planned questions started, planned questions in all) for a progress display."""
        started = sum(1 for t in self.turns if t.kind == "question")
        return started, started + len([q for q in self._queue if q not in self.asked])

    # -- what the candidate does --------------------------------------------------------------------------
    def reveal_hint(self) -> str | None:
        """The next hint for the open turn (None when there are no more); each one costs points."""
        turn = self._open()
        rubric = self.bank.rubric(turn.question_id)
        if turn.kind == "probe" and turn.probe:
            targeted = [c for c in rubric.criteria if c.id in turn.probe.targets]
            rubric = rubric.model_copy(update={"criteria": targeted or rubric.criteria})
        ladder = hint_ladder(rubric, self.language)
        if len(turn.hints) >= len(ladder):
            return None
        turn.hints.append(ladder[len(turn.hints)])
        if self.recorder:
            self.recorder.hint_revealed(len(self.turns) - 1, turn)
        return turn.hints[-1]

    def answer(self, text: str, seconds: float, on_partial: PartialCallback | None = None) -> Feedback:
        """Grade the open turn's answer (blocking). On an exception the turn stays open with the answer kept."""
        turn = self._open()
        index = len(self.turns) - 1
        turn.answer, turn.seconds = text, seconds
        if self.recorder:
            self.recorder.answer_submitted(index, turn)  # saved before it is sent for grading
        if turn.kind == "probe" and turn.probe is not None:
            feedback = grade_probe_answer(self.bank, turn.question_id, turn.probe, text, self.grader, self.language)
        else:
            feedback = evaluate_answer(
                self.bank, turn.question_id, text, self.grader, self.language, self.asked, on_partial
            )
        if turn.hints:
            feedback = with_deductions(feedback, hint_deductions(len(turn.hints), self.language))
            feedback = feedback.model_copy(update={"hints_used": len(turn.hints)})
        turn.feedback = feedback
        turn.status = "dont_know" if "dont_know" in feedback.flags or "empty" in feedback.flags else "answered"
        if self.recorder:
            self.recorder.graded(index, turn)
        if turn.kind == "probe" and turn.parent is not None:
            parent = self.turns[turn.parent]
            if parent.feedback is not None:
                parent.feedback = credit_recovery(parent.feedback, feedback, self.language)
                if self.recorder:
                    self.recorder.regraded_parent(turn.parent, parent)
        return feedback

    def dont_know(self, seconds: float) -> Feedback:
        return self.answer(DONT_KNOW_TEXT[self.language], seconds)

    def skip(self, seconds: float) -> None:
        turn = self._open()
        turn.status, turn.seconds = "skipped", seconds
        if self.recorder:
            self.recorder.skipped(len(self.turns) - 1, turn)

    def advance(self) -> Turn | None:
        """Move on: the follow-up the last answer calls for (within the depth limit), else the next question."""
        if self.current is not None:
            raise RuntimeError("the current question has not been answered or skipped")
        last_index = len(self.turns) - 1
        last = self.turns[last_index] if self.turns else None
        if last and last.status == "answered" and last.feedback and last.depth < self.plan.max_depth:
            follow_up = last.feedback.follow_up
            if follow_up and follow_up not in self.asked:
                question = self.bank.question(follow_up)
                return self._add(
                    Turn(follow_up, "follow_up", last.depth + 1, question.text.get(self.language), parent=last_index)
                )
            probe = last.feedback.probe
            if probe and last.kind != "probe":
                return self._add(
                    Turn(last.question_id, "probe", last.depth + 1, probe.question, parent=last_index, probe=probe)
                )
        nxt = self._next_planned()
        self._finished = nxt is None
        if self._finished and self.recorder:
            self.recorder.finished()
        return nxt

    # -- the end ----------------------------------------------------------------------------------------------
    def summary(self) -> SessionSummary:
        results = [
            QuestionResult(
                t.question_id,
                t.kind,
                t.depth,
                t.status,
                t.feedback.score if t.feedback else None,
                t.seconds,
                len(t.hints),
                t.feedback.grader if t.feedback else None,
            )
            for t in self.turns
            if t.status != "open"
        ]
        tag_scores: dict[str, list[float]] = defaultdict(list)
        scored: list[tuple[str, float]] = []
        for t in self.turns:
            if t.kind == "probe" or t.status == "open":
                continue
            score = t.feedback.score if t.feedback else 0.0  # a skipped question counts as 0 in the averages
            scored.append((t.question_id, score))
            for tag in self.bank.question(t.question_id).tags:
                tag_scores[tag].append(score)
        by_tag = {tag: (round(sum(v) / len(v), 1), len(v)) for tag, v in sorted(tag_scores.items())}
        weakest = sorted(scored, key=lambda x: x[1])[:3]
        mean = round(sum(s for _, s in scored) / len(scored), 1) if scored else None
        return SessionSummary(
            results,
            by_tag,
            weakest,
            mean,
            round(sum(t.seconds for t in self.turns), 1),
            sum(len(t.hints) for t in self.turns),
        )

    # -- internals --------------------------------------------------------------------------------------------
    def _open(self) -> Turn:
        turn = self.current
        if turn is None:
            raise RuntimeError("no open question")
        return turn

    def _add(self, turn: Turn) -> Turn:
        self.turns.append(turn)
        if self.recorder:
            self.recorder.turn_added(len(self.turns) - 1, turn)
        return turn

    def _next_planned(self) -> Turn | None:
        while self._queue:
            qid = self._queue.pop(0)
            if qid not in self.asked:
                return self._add(Turn(qid, "question", 0, self.bank.question(qid).text.get(self.language)))
        return None
