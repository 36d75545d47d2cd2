"""Recording a session in the store as it happens: the answer before grading, the feedback after."""

from __future__ import annotations

from datetime import UTC, datetime

from mock_interview.interview.session import InterviewSession, Turn
from mock_interview.store import Store


class StoreRecorder:
    """Writes every step of one session; the session calls it (see InterviewSession.recorder)."""

    def __init__(self, store: Store, session_id: int) -> None:
        self.store = store
        self.session_id = session_id

    @classmethod
    def start(cls, store: Store, session: InterviewSession) -> StoreRecorder:
        plan = {"question_ids": session.plan.question_ids, "max_depth": session.plan.max_depth}
        recorder = cls(store, store.create_session(session.language, session.grader.name, plan))
        for index, turn in enumerate(session.turns):
            recorder.turn_added(index, turn)
        return recorder

    def turn_added(self, index: int, turn: Turn) -> None:
        self.store.add_turn(self.session_id, index, turn.question_id, turn.kind, turn.depth, turn.parent, turn.text,
                            turn.probe.model_dump() if turn.probe else None)  # fmt: skip

    def hint_revealed(self, index: int, turn: Turn) -> None:
        self.store.save_hints(self.session_id, index, turn.hints)

    def answer_submitted(self, index: int, turn: Turn) -> None:
        self.store.save_answer(self.session_id, index, turn.answer, turn.seconds, turn.hints)

    def graded(self, index: int, turn: Turn) -> None:
        assert turn.feedback is not None
        self.store.add_grading(self.session_id, index, turn.feedback.model_dump(mode="json"), turn.status)
        if turn.kind != "probe":
            self._review(turn.question_id, turn.feedback.score)

    def regraded_parent(self, index: int, turn: Turn) -> None:
        """A probe's recovery changed an earlier turn's feedback: keep the new grading too."""
        if turn.feedback is not None:
            self.store.add_grading(self.session_id, index, turn.feedback.model_dump(mode="json"))

    def skipped(self, index: int, turn: Turn) -> None:
        self.store.set_status(self.session_id, index, "skipped", turn.seconds)
        self._review(turn.question_id, 0.0)

    def _review(self, question_id: str, score: float) -> None:
        from mock_interview.interview.review import review  # fsrs loads after the first answer, not at start-up

        card, due = review(self.store.review_card(question_id), score, datetime.now(UTC))
        self.store.save_review(question_id, card, due)

    def finished(self) -> None:
        self.store.finish_session(self.session_id)
