"""A typed way for screens to reach the app's flow methods."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from mock_interview.tui.app import MockInterviewApp


# The app recognises the feedback screen by id: importing its class would load it at start-up.
FEEDBACK_SCREEN_ID = "feedback-screen"


class AppScreen(Screen[None]):
    @property
    def flow(self) -> MockInterviewApp:
        """The app, typed: start_session, show_feedback, next_turn, …"""
        return cast("MockInterviewApp", self.app)
