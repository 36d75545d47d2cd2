"""Helpers for driving the TUI with Textual's Pilot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from mock_interview.config import Settings
from mock_interview.tui.app import MockInterviewApp, make_app

SIZE = (110, 40)


def app_for(tmp_path: Path, settings: Settings | None = None, language: str = "zh", **options: Any) -> MockInterviewApp:
    """The app with a frozen clock and transcripts in tmp_path."""
    return make_app(
        settings=settings or Settings(),
        language=language,
        clock=lambda: 0.0,
        transcript_dir=tmp_path / "transcripts",
        **options,
    )


def text_of(app: MockInterviewApp, selector: str) -> str:
    """The plain text a Static shows."""
    return str(app.screen.query_one(selector, Static).content)


async def start(pilot: Pilot[None], count: int | None = None) -> None:
    app = pilot.app
    if count is not None:
        app.screen.query_one("#count", Input).value = str(count)
        await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def answer(pilot: Pilot[None], text: str) -> None:
    """Type (insert) an answer and submit it; wait for the grading worker."""
    editor = pilot.app.screen.query_one("#answer", TextArea)
    editor.insert(text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
