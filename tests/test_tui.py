"""The TUI driven with Pilot: whole sessions with each grader, failures, follow-ups, hints, skip, quit,
Chinese input, and candidate/model text shown literally."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Select, TextArea

from conftest import REPO
from mock_interview.bank.models import Question, Rubric
from mock_interview.config import Settings
from mock_interview.grading import OfflineGrader
from mock_interview.grading.feedback import Feedback
from mock_interview.lang import Lang
from mock_interview.testing.stub_server import StubConfig, StubServer
from mock_interview.tui.feedback import FeedbackScreen
from mock_interview.tui.interview import InterviewScreen
from mock_interview.tui.modals import ConfirmQuit, HelpScreen
from mock_interview.tui.start import StartScreen
from mock_interview.tui.summary import SummaryScreen
from tui_helpers import SIZE, answer, app_for, settle, start, text_of

ZH_ANSWER = (
    "Transformer 由 encoder 和 decoder 堆叠组成，核心是 self-attention：用 Q 和 K 的点积经过 softmax 得到注意力权重，"
    "再对 V 加权求和。每层还有前馈网络、残差连接和 LayerNorm。因为注意力本身不区分顺序，所以要加位置编码。"
)


async def test_a_whole_offline_session_in_chinese(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, StartScreen)
        assert app.screen.query_one("#grader", Select).value == "offline"
        assert "未配置 LLM 端点" in text_of(app, "#endpoint")
        app.screen.query_one("#depth", Select).value = 0
        await start(pilot, count=2)
        assert isinstance(app.screen, InterviewScreen)
        assert "聊一聊 Transformer 的架构和基本原理。" in text_of(app, "#question")
        assert "第 1/2 题" in text_of(app, "#meta") and "00:00" in text_of(app, "#clock")
        await answer(pilot, ZH_ANSWER)
        assert isinstance(app.screen, FeedbackScreen)
        body = text_of(app, "#feedback-body")
        assert "得分" in body and "离线规则评分（非 LLM 评分）" in body
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InterviewScreen) and "第 2/2 题" in text_of(app, "#meta")
        await answer(pilot, "RNN 必须按时间步串行计算，没法并行；长距离依赖会因为梯度消失而丢失。")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "面试总结" in text_of(app, "#summary-head")
    saved = list((tmp_path / "transcripts").glob("*.json"))
    assert len(saved) == 1
    data = json.loads(saved[0].read_text(encoding="utf-8"))
    assert [t["status"] for t in data["turns"]] == ["answered", "answered"]
    assert data["turns"][0]["answer"] == ZH_ANSWER


async def test_a_session_graded_by_the_llm_through_the_stub(tmp_path: Path) -> None:
    with StubServer() as stub:
        app = app_for(tmp_path, Settings(base_url=stub.base_url, model="stub-model", timeout=10), language="en")
        async with app.run_test(size=SIZE) as pilot:
            assert "LLM endpoint configured: stub-model" in text_of(app, "#endpoint")
            await start(pilot, count=1)
            assert "llm:stub-model" in text_of(app, "#meta")
            await answer(pilot, "The Transformer stacks self-attention and feed-forward layers.")
            body = text_of(app, "#feedback-body")
            assert "Graded by: llm:stub-model" in body and "Fallback" not in body
            assert stub.requests and stub.requests[0]["stream"] is True


async def test_when_the_endpoint_fails_the_offline_fallback_is_shown(tmp_path: Path) -> None:
    with StubServer(StubConfig(faults=[503] * 50)) as stub:
        settings = Settings(base_url=stub.base_url, model="stub-model", timeout=1.5, read_timeout=1)
        app = app_for(tmp_path, settings, language="en")
        async with app.run_test(size=SIZE) as pilot:
            await start(pilot, count=1)
            await answer(pilot, "Self-attention lets every token attend to every other token.")
            body = text_of(app, "#feedback-body")
            assert "offline, not LLM-graded" in body
            assert "Fallback" in body and "503" in body


class FlakyGrader:
    """Fails the first time (as a broken endpoint would), then grades offline."""

    name = "flaky"

    def __init__(self) -> None:
        self.calls = 0

    def grade(
        self, question: Question, rubric: Rubric, answer: str, language: Lang, on_partial: object = None
    ) -> Feedback:
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("the endpoint rejected the API key")
        return OfflineGrader().grade(question, rubric, answer, language)


async def test_a_grading_failure_is_explained_and_the_answer_kept(tmp_path: Path) -> None:
    grader = FlakyGrader()
    app = app_for(tmp_path, language="en", grader_factory=lambda _c, _s: grader)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, count=1)
        await answer(pilot, "my carefully typed answer")
        assert isinstance(app.screen, InterviewScreen)
        assert "Grading failed: the endpoint rejected the API key" in text_of(app, "#status")
        editor = app.screen.query_one("#answer", TextArea)
        assert editor.text == "my carefully typed answer" and not editor.read_only
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FeedbackScreen)


async def test_a_follow_up_chain_up_to_the_depth_limit(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        app.screen.query_one("#tag", Select).value = "self-attention"
        app.screen.query_one("#difficulty-medium").value = False  # type: ignore[attr-defined]
        await pilot.pause()
        await start(pilot, count=1)
        assert "self attention 中的 K 和 Q 是用来做什么的？" in text_of(app, "#question")
        await answer(pilot, "Q 是查询，K 是键，用 Q 和 K 的点积算相似度，softmax 后作为权重对 V 加权求和。")
        assert "追问" in text_of(app, "#next-label")
        await pilot.press("enter")
        await pilot.pause()
        assert "↳ 追问 1" in text_of(app, "#meta") and "K 和 Q 可以使用同一个值" in text_of(app, "#question")
        await answer(pilot, "可以，但 QKᵀ 会变成对称矩阵，每个 token 和自己的点积最大。")
        await pilot.press("enter")
        await pilot.pause()
        assert "↳ 追问 2" in text_of(app, "#meta")
        await answer(pilot, "效果会下降，因为注意力矩阵变成对称的，无法表达有方向的关系。")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # depth limit 2 reached, plan done


async def test_hints_are_revealed_and_cost_points(tmp_path: Path) -> None:
    app = app_for(tmp_path, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, count=1)
        await pilot.press("f2")
        await pilot.press("f2")
        await pilot.pause()
        hints = text_of(app, "#hints")
        assert "1. Think about:" in hints and "2. Think about:" in hints
        await answer(pilot, "Attention stacks layers.")
        body = text_of(app, "#feedback-body")
        assert "Deductions" in body and "hint 1 used" in body and "hint 2 used" in body


async def test_skip_dont_know_and_help(tmp_path: Path) -> None:
    app = app_for(tmp_path, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, count=2)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f4")
        await pilot.pause()
        assert "Question 2/2" in text_of(app, "#meta")
        await pilot.press("f3")
        await settle(pilot)
        assert "dont_know" in text_of(app, "#feedback-body")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.session is not None
        assert [t.status for t in app.session.turns] == ["skipped", "dont_know"]


async def test_quit_mid_session_confirms_and_saves(tmp_path: Path) -> None:
    app = app_for(tmp_path, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, count=3)
        await answer(pilot, "Self-attention relates all tokens at once.")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#answer", TextArea).insert("half-written")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit) and app.screen.unsent
        await pilot.press("escape")  # cancel: nothing lost
        await pilot.pause()
        assert app.screen.query_one("#answer", TextArea).text == "half-written"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None
    saved = list((tmp_path / "transcripts").glob("*.json"))
    assert saved and json.loads(saved[0].read_text(encoding="utf-8"))["turns"][0]["status"] == "answered"


MARKUP = "[bold red]not styled[/] [link=https://evil.example]click[/link] \x1b[31mred? [/]"


class MarkupGrader:
    """A model that answers with markup in its own text."""

    name = "llm:[red]model[/]"

    def grade(
        self, question: Question, rubric: Rubric, answer: str, language: Lang, on_partial: object = None
    ) -> Feedback:
        fb = OfflineGrader().grade(question, rubric, answer, language)
        criteria = [c.model_copy(update={"comment": "[blink]model says[/] " + c.comment}) for c in fb.criteria]
        return fb.model_copy(update={"criteria": criteria, "grader": self.name, "fallback_reason": "[b]x[/b]"})


async def test_candidate_and_model_text_are_shown_literally(tmp_path: Path) -> None:
    app = app_for(tmp_path, language="en", grader_factory=lambda _c, _s: MarkupGrader())
    long_line = "x" * 5000
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, count=1)
        await answer(pilot, f"Self-attention {MARKUP} {long_line}")
        assert isinstance(app.screen, FeedbackScreen)
        shown = text_of(app, "#feedback-answer")
        assert "[bold red]not styled[/]" in shown and "[link=https://evil.example]" in shown
        assert "\x1b" not in shown and "\\x1b" in shown
        body = text_of(app, "#feedback-body")
        assert "[blink]model says[/]" in body and "llm:[red]model[/]" in body and "[b]x[/b]" in body


async def test_palette_offers_the_main_actions(tmp_path: Path) -> None:
    app = app_for(tmp_path, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot, count=1)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for wanted in ("Submit", "Hint", "I don't know", "Skip", "Help", "Quit", "New session"):
            assert wanted in titles
        assert any("theme" in t.lower() for t in titles)


def test_the_tui_starts_without_the_llm_stack() -> None:
    import subprocess
    import sys

    code = (
        "import sys, asyncio\n"
        "from mock_interview.tui.app import make_app\n"
        "from mock_interview.config import Settings\n"
        "async def main():\n"
        "    app = make_app(settings=Settings(base_url='http://127.0.0.1:9/v1'), language='en')\n"
        "    async with app.run_test() as pilot:\n"
        "        await pilot.press('ctrl+s'); await pilot.pause()\n"
        "        assert type(app.screen).__name__ == 'InterviewScreen'\n"
        "asyncio.run(main())\n"
        "print('openai' in sys.modules, 'httpx' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=REPO)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False False"
