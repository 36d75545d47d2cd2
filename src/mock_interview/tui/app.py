"""The Textual app: start -> interview <-> feedback -> summary. Screens render engine state; the engine
(interview.session) holds the flow, the graders grade, nothing here scores or stores."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import TextArea

from mock_interview.bank.models import Bank
from mock_interview.config import Settings
from mock_interview.grading.base import Grader
from mock_interview.grading.feedback import Feedback
from mock_interview.grading.select import select_grader
from mock_interview.interview import transcript
from mock_interview.interview.persist import StoreRecorder
from mock_interview.interview.session import InterviewSession, SessionPlan, plan_questions
from mock_interview.lang import Lang, default_language
from mock_interview.store import Store
from mock_interview.strings import t
from mock_interview.tui.base import FEEDBACK_SCREEN_ID
from mock_interview.tui.interview import InterviewScreen
from mock_interview.tui.modals import ConfirmQuit, HelpScreen
from mock_interview.tui.start import StartChoice, StartScreen

GraderFactory = Callable[[StartChoice, Settings], Grader]


def default_grader_factory(choice: StartChoice, settings: Settings) -> Grader:
    return select_grader(choice.grader, settings)


class MockInterviewApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "mock-interview"
    # Replaces Textual's own Ctrl+Q, which would quit at once and lose an unsubmitted answer.
    BINDINGS = [Binding("ctrl+q", "request_quit", "Quit", priority=True)]

    def __init__(
        self,
        bank: Bank,
        settings: Settings,
        *,
        language: Lang | None = None,
        grader_factory: GraderFactory = default_grader_factory,
        clock: Callable[[], float] = time.monotonic,
        transcript_dir: Path | None = None,
        seed: int | None = None,
        store: Store | None = None,
        resume: int | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.resume_id = resume
        self.bank = bank
        self.settings = settings
        self.language: Lang = language or default_language()
        self.grader_factory = grader_factory
        self.clock = clock
        self.transcript_dir = transcript_dir
        self.seed = seed
        self.session: InterviewSession | None = None
        self.choice = StartChoice(language=self.language, grader="llm" if settings.configured else "offline")

    def on_mount(self) -> None:
        if self.resume_id is not None:
            self.resume_session(self.resume_id)
        else:
            self.push_screen(self._start_screen(self.choice))

    def _start_screen(self, choice: StartChoice) -> StartScreen:
        unfinished = self.store.unfinished() if self.store else []
        due = [q for q, _ in self.store.due()] if self.store else []
        return StartScreen(self.bank, self.settings, choice, unfinished=unfinished[:1], due=due)

    # -- flow ----------------------------------------------------------------------------------------------
    def show_start(self, choice: StartChoice) -> None:
        self.choice = choice
        self.language = choice.language
        self.switch_screen(self._start_screen(choice))

    def start_session(self, choice: StartChoice) -> None:
        self.choice = choice
        self.language = choice.language
        ids = plan_questions(
            self.bank,
            tags=[choice.tag] if choice.tag else None,
            difficulties=choice.difficulties,
            count=choice.count,
            shuffle=choice.shuffle,
            seed=self.seed,
        )
        if choice.due_only:
            due = [q for q, _ in self.store.due()] if self.store else []
            ids = [q for q in due if q in self.bank][: choice.count or None]
        grader = self.grader_factory(choice, self.settings)
        self.session = InterviewSession(self.bank, grader, SessionPlan(ids, choice.language, max_depth=choice.depth))
        if self.store:
            recorder = StoreRecorder.start(self.store, self.session)
            self.session.recorder, self.session.session_id = recorder, recorder.session_id
        self.switch_screen(InterviewScreen(self.session, self.clock))

    def resume_session(self, session_id: int) -> None:
        """Continue a stored, unfinished session where it stopped (a submitted answer is shown again)."""
        stored = self.store.session(session_id) if self.store else None
        if stored is None or self.store is None:
            self.push_screen(self._start_screen(self.choice))
            return
        language: Lang = "zh" if stored.language == "zh" else "en"
        wants_llm = stored.grader.startswith("llm") and self.settings.configured
        self.choice = StartChoice(language=language, grader="llm" if wants_llm else "offline")
        self.language = language
        grader = self.grader_factory(self.choice, self.settings)
        session = InterviewSession.restore(self.bank, grader, stored)
        session.recorder = StoreRecorder(self.store, stored.id)
        self.session = session
        if session.current is None and session.advance() is None:
            self.finish_session()
            return
        screen = InterviewScreen(session, self.clock)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def show_feedback(self, feedback: Feedback) -> None:
        assert self.session is not None
        from mock_interview.tui.feedback import FeedbackScreen

        turn = self.session.turns[-1]
        self.push_screen(FeedbackScreen(self.session, turn, feedback))

    def next_turn(self) -> None:
        """After feedback (or a skip): the next prompt, or the summary."""
        session = self.session
        if session is None:
            return
        if self.screen.id == FEEDBACK_SCREEN_ID:
            self.pop_screen()
        if session.advance() is None:
            self.finish_session()
            return
        screen = self.screen
        if isinstance(screen, InterviewScreen):
            screen.load_turn()

    def finish_session(self) -> None:
        assert self.session is not None
        from mock_interview.tui.summary import SummaryScreen  # loaded when needed: keeps start-up short

        saved, error = self._save()
        self.switch_screen(SummaryScreen(self.session, saved, error))

    def _save(self) -> tuple[tuple[Path, Path] | None, str | None]:
        if self.session is None or not any(turn.status != "open" for turn in self.session.turns):
            return None, None
        try:
            return transcript.save(self.session, self.transcript_dir), None
        except OSError as exc:
            return None, str(exc)

    # -- actions ---------------------------------------------------------------------------------------------
    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.language))

    def action_history(self) -> None:
        if self.store is None:
            return
        from mock_interview.tui.history import HistoryScreen

        self.push_screen(HistoryScreen(self.store, self.bank, self.language))

    def action_new_session(self) -> None:
        self.session = None
        self.show_start(self.choice)

    def action_request_quit(self) -> None:
        """Ctrl+Q: during an interview confirm first (and save); elsewhere just quit."""
        if isinstance(self.screen, InterviewScreen) or self.screen.id == FEEDBACK_SCREEN_ID:
            self.action_quit_interview()
        elif not isinstance(self.screen, ConfirmQuit):
            self.exit()

    def action_quit_interview(self) -> None:
        """Quit from an interview: confirm, save what was answered, exit."""
        screen = self.screen
        unsent = False
        if isinstance(screen, InterviewScreen):
            unsent = bool(screen.query_one("#answer", TextArea).text.strip())

        def done(confirmed: bool | None) -> None:
            if confirmed:
                saved, _ = self._save()
                self.exit(message=f"{t('saved', self.language)} {saved[1]}" if saved else None)

        self.push_screen(ConfirmQuit(self.language, unsent), done)

    def _run_on_screen(self, action: str) -> None:
        screen = self.screen
        method = getattr(screen, f"action_{action}", None)
        if callable(method):
            method()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        lang = self.language
        if isinstance(screen, InterviewScreen):
            yield SystemCommand(t("submit", lang), "Submit the answer (Ctrl+S)", lambda: self._run_on_screen("submit"))
            yield SystemCommand(t("hint", lang), "Reveal a hint (F2)", lambda: self._run_on_screen("hint"))
            yield SystemCommand(
                t("dont_know", lang), "Answer I don't know (F3)", lambda: self._run_on_screen("dont_know")
            )
            yield SystemCommand(t("skip", lang), "Skip the question (F4)", lambda: self._run_on_screen("skip"))
        if screen.id == FEEDBACK_SCREEN_ID:
            yield SystemCommand(t("continue", lang), "Continue (Enter)", lambda: self._run_on_screen("continue"))
            yield SystemCommand(
                t("reference", lang),
                "Show or hide the reference answer (R)",
                lambda: self._run_on_screen("toggle_reference"),
            )
        if isinstance(screen, StartScreen):
            yield SystemCommand(t("start", lang), "Start the interview (Ctrl+S)", lambda: self._run_on_screen("start"))
        yield SystemCommand(t("help", lang), "The keys (F1)", self.action_help)
        if self.store is not None:
            yield SystemCommand(
                t("history", lang), "Past sessions, scores over time, weakest questions", self.action_history
            )
        yield SystemCommand(t("new_session", lang), "Back to the start screen", self.action_new_session)
        if isinstance(screen, InterviewScreen) or screen.id == FEEDBACK_SCREEN_ID:
            yield SystemCommand(t("quit", lang), "Quit the interview (Ctrl+Q)", self.action_quit_interview)


def make_app(
    bank: Bank | None = None,
    settings: Settings | None = None,
    **options: object,
) -> MockInterviewApp:
    """The app, with the shipped bank and the user's settings unless given (tests pass their own)."""
    from mock_interview.bank import load_bank
    from mock_interview.config import load_settings

    if "store" not in options:
        from mock_interview.store import Store

        options["store"] = Store()
    return MockInterviewApp(bank or load_bank(), settings or load_settings(), **options)  # type: ignore[arg-type]
