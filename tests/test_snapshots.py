"""Snapshot pictures of the start, question, feedback and summary screens (textual pinned: see pyproject).

Update after an intended visual change with `pytest tests/test_snapshots.py --snapshot-update`, and look at
the report before committing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tui_helpers import SIZE, answer, app_for, start

ANSWER_ZH = (
    "多头注意力让模型在不同的子空间里关注不同位置的信息，[bold]每个头[/] 学到不同的关系，最后拼接起来再做线性变换。"
)


@pytest.fixture(autouse=True)
def fixed_transcript_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    from mock_interview.interview import transcript

    fixed = (
        Path("/home/user/.local/share/mock-interview/transcripts/interview.json"),
        Path("/home/user/.local/share/mock-interview/transcripts/interview.md"),
    )
    monkeypatch.setattr(transcript, "save", lambda session, folder=None: fixed)


def test_start_screen(snap_compare: Any, tmp_path: Path) -> None:
    assert snap_compare(app_for(tmp_path, language="en"), terminal_size=SIZE)


def test_question_screen_zh(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await start(pilot, count=3)
        await pilot.press("f2")

    assert snap_compare(app_for(tmp_path, language="zh"), terminal_size=SIZE, run_before=run_before)


def test_feedback_screen_zh(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#tag").value = "multi-head-attention"  # type: ignore[attr-defined]
        await start(pilot, count=1)
        await answer(pilot, ANSWER_ZH)

    assert snap_compare(app_for(tmp_path, language="zh"), terminal_size=SIZE, run_before=run_before)


def test_summary_screen(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        pilot.app.screen.query_one("#depth").value = 0  # type: ignore[attr-defined]
        await start(pilot, count=2)
        await answer(pilot, "RNNs cannot be parallelised over time and lose long-range information.")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f4")
        await pilot.pause()

    assert snap_compare(app_for(tmp_path, language="en"), terminal_size=SIZE, run_before=run_before)
