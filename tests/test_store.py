"""The store: answers saved before grading, a kill in between loses nothing, migrations, refusing corrupt or
foreign files without touching them, concurrent writers, regrade keeping both gradings."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from conftest import REPO
from mock_interview.bank import load_bank
from mock_interview.bank.models import Question, Rubric
from mock_interview.grading import OfflineGrader
from mock_interview.grading.feedback import Feedback
from mock_interview.interview.persist import StoreRecorder
from mock_interview.interview.regrade import regrade_session
from mock_interview.interview.session import InterviewSession, SessionPlan
from mock_interview.interview.transcript import to_markdown
from mock_interview.lang import Lang
from mock_interview.store import Store, StoreError, open_db

ANSWER = "点积的方差随 d_k 增大，softmax 会饱和，梯度很小。除以 √d_k 后方差回到 1，训练更稳定。"


def recorded_session(store: Store, ids: list[str], grader: object = None) -> InterviewSession:
    session = InterviewSession(load_bank(REPO), grader or OfflineGrader(), SessionPlan(ids, "zh", max_depth=0))  # type: ignore[arg-type]
    session.recorder = StoreRecorder.start(store, session)
    session.session_id = session.recorder.session_id
    return session


def test_a_session_is_recorded_step_by_step(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite3") as store:
        session = recorded_session(store, ["scaling-sqrt-dk", "qk-purpose"])
        session.reveal_hint()
        session.answer(ANSWER, 12)
        session.advance()
        session.skip(3)
        assert session.advance() is None
        stored = store.session(session.session_id or 0)
        assert stored is not None and stored.status == "finished"
        first, second = stored.turns
        assert first.answer == ANSWER and first.status == "answered" and len(first.hints) == 1
        assert first.feedback and first.feedback["hints_used"] == 1
        assert second.status == "skipped" and second.answer is None
        assert {q for q, _ in store.due("9999-01-01T00:00:00+00:00")} == {"scaling-sqrt-dk", "qk-purpose"}


def test_follow_ups_are_recorded_and_a_session_resumes_after_them(tmp_path: Path) -> None:
    bank = load_bank(REPO)
    with Store(tmp_path / "db.sqlite3") as store:
        session = InterviewSession(bank, OfflineGrader(), SessionPlan(["qk-purpose", "why-multi-head"], "zh", 2))
        session.recorder = StoreRecorder.start(store, session)
        session.answer("Q 是查询，K 是键，用 Q 和 K 的点积算相似度，softmax 后对 V 加权求和。", 5)
        follow_up = session.advance()
        assert follow_up is not None and follow_up.kind == "follow_up"
        session.answer("可以，但 QKᵀ 会变成对称矩阵，每个 token 和自己的点积最大。", 5)
        session.advance()
        (stored,) = store.unfinished()  # the process "stops" here
        assert [(t.question_id, t.kind, t.parent_seq) for t in stored.turns] == [
            ("qk-purpose", "question", None),
            ("qk-same-input", "follow_up", 0),
            ("qk-shared-matrix-impact", "follow_up", 1),
        ]
        resumed = InterviewSession.restore(bank, OfflineGrader(), stored)
        resumed.recorder = StoreRecorder(store, stored.id)
        assert resumed.current is not None and resumed.current.question_id == "qk-shared-matrix-impact"
        resumed.skip(1)
        nxt = resumed.advance()
        assert nxt is not None and nxt.question_id == "why-multi-head"  # the plan goes on where it stopped
        assert len(store.session(stored.id).turns) == 4  # type: ignore[union-attr]


class WatchingGrader:
    """Checks, while grading, that the answer is already in the database."""

    name = "watching"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.seen: list[str | None] = []

    def grade(
        self, question: Question, rubric: Rubric, answer: str, language: Lang, on_partial: object = None
    ) -> Feedback:
        stored = self.store.unfinished()[0]
        self.seen.append(stored.turns[-1].answer)
        return OfflineGrader().grade(question, rubric, answer, language)


def test_the_answer_is_written_before_grading(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite3") as store:
        grader = WatchingGrader(store)
        session = recorded_session(store, ["scaling-sqrt-dk"], grader)
        session.answer(ANSWER, 5)
        assert grader.seen == [ANSWER]


KILLED_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from mock_interview.bank import load_bank
    from mock_interview.interview.persist import StoreRecorder
    from mock_interview.interview.session import InterviewSession, SessionPlan
    from mock_interview.store import Store

    class Hanging:
        name = "hanging"
        def grade(self, *args, **kwargs):
            Path(sys.argv[2]).write_text("grading")
            time.sleep(120)  # killed here: the answer is saved, the feedback never will be

    store = Store(Path(sys.argv[1]))
    session = InterviewSession(load_bank(), Hanging(), SessionPlan(["scaling-sqrt-dk", "qk-purpose"], "zh"))
    session.recorder = StoreRecorder.start(store, session)
    session.answer(sys.argv[3], 42)
    """
)


def test_killed_between_answer_saved_and_feedback_saved(tmp_path: Path) -> None:
    db, flag = tmp_path / "db.sqlite3", tmp_path / "grading.flag"
    child = subprocess.Popen([sys.executable, "-c", KILLED_CHILD, str(db), str(flag), ANSWER], cwd=tmp_path)
    deadline = time.monotonic() + 60
    while not flag.exists() and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert flag.exists(), "the child never reached grading"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)

    with Store(db) as store:
        (stored,) = store.unfinished()
        turn = stored.turns[0]
        assert turn.answer == ANSWER and turn.awaiting_grade and turn.seconds == 42
        session = InterviewSession.restore(load_bank(REPO), OfflineGrader(), stored)
        session.recorder = StoreRecorder(store, stored.id)
        assert session.current is not None and session.current.answer == ANSWER  # shown again, ready to grade
        feedback = session.answer(session.current.answer, session.current.seconds)
        assert feedback.score > 5
        assert store.session(stored.id).turns[0].gradings  # type: ignore[union-attr]


def test_migrating_from_the_first_schema_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    v1 = open_db(path, upto=1)
    v1.execute("INSERT INTO sessions (started_at, language, grader, plan) VALUES ('2026-01-01', 'zh', 'offline', '{}')")
    assert v1.execute("PRAGMA user_version").fetchone()[0] == 1
    v1.close()
    with Store(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == 2
        assert [s.started_at for s in store.sessions()] == ["2026-01-01"]
        store.save_review("qk-purpose", {"card_id": 1}, "2026-01-02T00:00:00+00:00")  # the v2 table exists
        assert store.due("2026-01-03T00:00:00+00:00") == [("qk-purpose", "2026-01-02T00:00:00+00:00")]


def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    garbage = os.urandom(4096)
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store(path)
    assert path.read_bytes() == garbage


def test_a_damaged_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with Store(path) as store:
        recorded_session(store, ["qk-purpose"])
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # keep the header, wreck the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="left"):
        Store(path)
    assert path.read_bytes() == bytes(data)


def test_another_programs_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.commit()
    other.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        Store(path)
    assert path.read_bytes() == before


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from mock_interview.store import Store
    store = Store(Path(sys.argv[1]))
    for i in range(25):
        sid = store.create_session("en", "offline", {"question_ids": ["qk-purpose"], "max_depth": 0})
        store.add_turn(sid, 0, "qk-purpose", "question", 0, None, "q", None)
        store.save_answer(sid, 0, f"{sys.argv[2]}-{i}", 1.0, [])
        store.add_grading(sid, 0, {"grader": "offline", "score": 5.0}, "answered")
        store.finish_session(sid)
    """
)


def test_two_instances_writing_at_once_corrupt_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    Store(path).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name]) for name in ("a", "b")]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    with Store(path) as store:
        sessions = store.sessions()
        assert len(sessions) == 50
        answers = sorted(s.turns[0].answer or "" for s in sessions)
        assert answers == sorted([f"a-{i}" for i in range(25)] + [f"b-{i}" for i in range(25)])
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_regrade_keeps_both_gradings(tmp_path: Path) -> None:
    class Stricter:
        name = "llm:stricter"

        def grade(
            self, question: Question, rubric: Rubric, answer: str, language: Lang, on_partial: object = None
        ) -> Feedback:
            fb = OfflineGrader().grade(question, rubric, answer, language)
            return fb.model_copy(update={"grader": self.name, "score": max(0.0, fb.score - 1)})

    with Store(tmp_path / "db.sqlite3") as store:
        session = recorded_session(store, ["scaling-sqrt-dk"])
        first = session.answer(ANSWER, 5).score
        results = regrade_session(store, load_bank(REPO), session.session_id or 0, Stricter())
        assert [(r.old_score, r.new_score, r.grader) for r in results] == [(first, first - 1, "llm:stricter")]
        turn = store.session(session.session_id or 0).turns[0]  # type: ignore[union-attr]
        assert [g.grader for g in turn.gradings] == ["offline", "llm:stricter"]


def test_export_of_chinese_markup_and_a_failed_grading(tmp_path: Path) -> None:
    class Failing:
        name = "llm:down"

        def grade(self, *args: object, **kwargs: object) -> Feedback:
            raise RuntimeError("endpoint down")

    bank = load_bank(REPO)
    with Store(tmp_path / "db.sqlite3") as store:
        session = recorded_session(store, ["scaling-sqrt-dk", "qk-purpose"])
        session.answer("点积 [bold red]会变大[/] <script>x</script> | 表格 |", 5)
        session.advance()
        session.grader = Failing()  # type: ignore[assignment]
        with pytest.raises(RuntimeError):
            session.answer("Q 是查询 `code` *星号*", 4)
        stored = store.session(session.session_id or 0)
        assert stored is not None
        restored = InterviewSession.restore(bank, OfflineGrader(), stored)
        md = to_markdown(restored)
        assert "点积 [bold red]会变大[/] <script>x</script>" in md
        assert "Q 是查询 `code` *星号*" in md and "尚未评分" in md
