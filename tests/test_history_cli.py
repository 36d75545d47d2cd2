"""history / export / regrade / questions --due / --data-dir from the command line, and resume in the TUI."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Button

from conftest import REPO, run_cli
from mock_interview.bank import load_bank
from mock_interview.grading import OfflineGrader
from mock_interview.interview.persist import StoreRecorder
from mock_interview.interview.session import InterviewSession, SessionPlan
from mock_interview.store import Store
from mock_interview.testing.stub_server import StubServer
from mock_interview.tui.interview import InterviewScreen
from tui_helpers import SIZE, app_for, text_of

ANSWER = "点积的方差随 d_k 增大，softmax 会饱和，梯度很小。除以 √d_k 后方差回到 1，训练更稳定。"


def seed_sessions(data: Path, finish: bool = True) -> int:
    """One session in the store under `data`: two answers (one with markup), returns its id."""
    with Store(data / "mock-interview.sqlite3") as store:
        session = InterviewSession(
            load_bank(REPO), OfflineGrader(), SessionPlan(["scaling-sqrt-dk", "qk-purpose", "why-multi-head"], "zh", 0)
        )
        session.recorder = StoreRecorder.start(store, session)
        session.answer(ANSWER, 30)
        session.advance()
        session.answer("Q 是 [bold]查询[/]，K 是键。", 10)
        if finish:
            session.advance()
            session.skip(1)
            session.advance()
        return session.recorder.session_id  # type: ignore[attr-defined, no-any-return]


def test_history_lists_sessions_scores_and_weak_questions(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sid = seed_sessions(data)
    result = run_cli("--data-dir", str(data), "history", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert [s["id"] for s in report["sessions"]] == [sid] and report["sessions"][0]["status"] == "finished"
    assert len(report["scores_over_time"]) == 2 and "transformer" in report["by_tag"]
    assert report["weakest"][0]["question_id"] in {"qk-purpose", "why-multi-head"}
    assert {d["question_id"] for d in report["due"]} == set()  # just reviewed: due in the future
    text = run_cli("--data-dir", str(data), "history", "--lang", "zh", cwd=tmp_path, env={"COLUMNS": "150"})
    assert "scores over time" in text.stdout and "位置编码" not in text.stdout and "注意力" in text.stdout


def test_export_markdown_and_json(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sid = seed_sessions(data)
    md = run_cli("--data-dir", str(data), "export", str(sid), "--format", "md", "-o", "report.md", cwd=tmp_path)
    assert md.returncode == 0, md.stderr
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "为什么缩放点积注意力要把 QKᵀ 除以 √d_k？" in report and "Q 是 [bold]查询[/]，K 是键。" in report
    assert "参考答案" in report and "跳过" in report
    js = run_cli("--data-dir", str(data), "export", str(sid), "--format", "json", cwd=tmp_path)
    data_json = json.loads(js.stdout)
    assert data_json["session_id"] == sid and data_json["turns"][0]["answer"] == ANSWER
    assert data_json["turns"][0]["feedback"]["score"] > 5
    missing = run_cli("--data-dir", str(data), "export", "999", cwd=tmp_path)
    assert missing.returncode == 2 and "no session 999" in missing.stderr


def test_regrade_with_the_llm_keeps_the_offline_grading(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sid = seed_sessions(data)
    with StubServer() as stub:
        env = {"OPENAI_BASE_URL": stub.base_url, "MOCK_INTERVIEW_MODEL": "stub-model"}
        result = run_cli("--data-dir", str(data), "regrade", str(sid), "--grader", "llm", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "by llm:stub-model" in result.stdout and "earlier gradings are kept" in result.stderr
    with Store(data / "mock-interview.sqlite3") as store:
        turn = store.session(sid).turns[0]  # type: ignore[union-attr]
        assert [g.grader for g in turn.gradings] == ["offline", "llm:stub-model"]


def test_questions_due(tmp_path: Path) -> None:
    data = tmp_path / "data"
    seed_sessions(data)
    with Store(data / "mock-interview.sqlite3") as store:  # pretend time passed: make one card due
        store.save_review("qk-purpose", store.review_card("qk-purpose") or {}, "2000-01-01T00:00:00+00:00")
    rows = json.loads(run_cli("--data-dir", str(data), "questions", "--due", "--json", cwd=tmp_path).stdout)
    assert [r["id"] for r in rows] == ["qk-purpose"]


def test_a_corrupt_database_is_a_clear_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "mock-interview.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run_cli("--data-dir", str(data), "history", cwd=tmp_path)
    assert result.returncode == 2 and "not a SQLite database" in result.stderr and "Traceback" not in result.stderr
    assert (data / "mock-interview.sqlite3").read_bytes() == b"this is not a database" * 100


async def test_the_tui_offers_an_unfinished_session_and_resumes_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    sid = seed_sessions(data, finish=False)  # stopped with the second answer given, the third not
    with Store(data / "mock-interview.sqlite3") as store:
        app = app_for(tmp_path, language="zh", store=store)
        async with app.run_test(size=SIZE) as pilot:
            button = app.screen.query_one(f"#resume-{sid}", Button)
            assert "继续上次未完成的面试" in str(button.label)
            button.press()
            await pilot.pause()
            await pilot.pause()
            assert isinstance(app.screen, InterviewScreen)
            assert "为什么 Transformer 采用多头注意力机制？" in text_of(app, "#question")


async def test_a_recorded_tui_session_shows_in_history(tmp_path: Path) -> None:
    with Store(tmp_path / "db.sqlite3") as store:
        app = app_for(tmp_path, language="en", store=store)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+s")
            await pilot.pause()
            app.screen.query_one("#answer").insert("Self-attention relates every token to every other token.")  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press("escape")
            app.action_history()
            await pilot.pause()
            shown = " ".join(str(w.content) for w in app.screen.query("Static"))
            assert "Scores over time" in shown and "Due for review" in shown
        (stored,) = store.unfinished()
        assert stored.turns[0].answer == "Self-attention relates every token to every other token."
