"""The interview screen: the question, a multi-line editor, a clock, hints; grading runs in a worker."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static, TextArea

from mock_interview.display import describe_partial, literal
from mock_interview.grading.feedback import Feedback
from mock_interview.interview.hints import HINT_COST
from mock_interview.interview.session import InterviewSession, Turn
from mock_interview.strings import t
from mock_interview.tui.base import AppScreen

if TYPE_CHECKING:
    from mock_interview.grading.llm.schema import CriterionJudgement


def clock_text(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"⏱ {minutes:02d}:{secs:02d}"


class InterviewScreen(AppScreen):
    """One turn at a time; the app's FeedbackScreen shows each grading."""

    BINDINGS = [
        Binding("ctrl+s,f5", "submit", "Submit", priority=True),
        Binding("f2", "hint", "Hint"),
        Binding("f3", "dont_know", "Don't know"),
        Binding("f4", "skip", "Skip"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, session: InterviewSession, clock: Callable[[], float]) -> None:
        super().__init__()
        self.session = session
        self.clock = clock
        self.lang = session.language
        self.turn_started = clock()
        self.grading = False

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="interview"):
            with Horizontal(id="meta-row"):
                yield Static(id="meta")
                yield Static(id="clock")
            yield Static(id="question")
            yield Static(id="hints")
            yield TextArea(
                id="answer",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="indent",
                placeholder=t("placeholder", lang),
            )
            yield Static(id="status")
            with Horizontal(classes="buttons"):
                yield Button(t("submit", lang) + " (Ctrl+S)", id="submit", variant="primary")
                yield Button(t("dont_know", lang) + " (F3)", id="dont-know")
                yield Button(t("hint", lang) + " (F2)", id="hint")
                yield Button(t("skip", lang) + " (F4)", id="skip")
                yield Button(t("quit", lang) + " (Ctrl+Q)", id="quit", variant="error")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(1, self._tick)
        self.load_turn()

    # -- showing a turn -------------------------------------------------------------------------------------
    def load_turn(self) -> None:
        turn = self.session.current
        if turn is None:
            return
        self.turn_started = self.clock()
        self.query_one("#meta", Static).update(self._meta(turn))
        self.query_one("#question", Static).update(literal(turn.text, "bold"))
        self._show_hints(turn)
        editor = self.query_one("#answer", TextArea)
        editor.text = turn.answer  # empty for a new turn; kept after a failed grading
        editor.read_only = False
        editor.focus()
        self._set_status(Text(""))
        self._tick()

    def _meta(self, turn: Turn) -> Text:
        lang = self.lang
        question = self.session.bank.question(turn.question_id)
        started, total = self.session.position()
        meta = Text(t("question_of", lang, i=started, n=total), style="bold")
        meta.append(f" · {t(question.difficulty, lang)} · ")
        meta.append(", ".join(self.session.bank.tag_label(tag, lang) for tag in question.tags), style="dim")
        if turn.kind != "question":
            label = t("follow_up" if turn.kind == "follow_up" else "probe", lang)
            meta.append(f"  ↳ {label} {turn.depth}", style="bold magenta")
        grader = self.session.grader.name
        meta.append(f"  · {t('offline_label', lang) if grader == 'offline' else grader}", style="dim")
        return meta

    def _show_hints(self, turn: Turn) -> None:
        hints = self.query_one("#hints", Static)
        text = Text()
        for i, hint in enumerate(turn.hints, 1):
            text.append(f"💡 {i}. ", style="yellow")
            text.append_text(literal(hint))
            text.append("\n")
        hints.update(text)
        hints.display = bool(turn.hints)

    def _tick(self) -> None:
        if not self.grading:
            self.query_one("#clock", Static).update(clock_text(self.clock() - self.turn_started))

    def _set_status(self, text: Text) -> None:
        self.query_one("#status", Static).update(text)

    def elapsed(self) -> float:
        return max(0.0, self.clock() - self.turn_started)

    # -- what the candidate does ----------------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "submit": self.action_submit,
            "dont-know": self.action_dont_know,
            "hint": self.action_hint,
            "skip": self.action_skip,
            "quit": self.flow.action_quit_interview,
        }
        action = actions.get(event.button.id or "")
        if action:
            action()

    def action_submit(self) -> None:
        answer = self.query_one("#answer", TextArea).text
        if self.grading or self.session.current is None:
            return
        if not answer.strip():
            self.notify(t("empty_answer", self.lang), severity="warning")
            return
        self._grade(answer)

    def action_dont_know(self) -> None:
        if not self.grading and self.session.current is not None:
            self._grade(None)

    def action_hint(self) -> None:
        turn = self.session.current
        if self.grading or turn is None:
            return
        hint = self.session.reveal_hint()
        if hint is None:
            self.notify(t("no_more_hints", self.lang))
            return
        self._show_hints(turn)
        self.notify(t("hint_cost", self.lang, cost=HINT_COST))

    def action_skip(self) -> None:
        if self.grading or self.session.current is None:
            return
        self.session.skip(self.elapsed())
        self.flow.next_turn()

    # -- grading in a worker ----------------------------------------------------------------------------------------
    def _grade(self, answer: str | None) -> None:
        self.grading = True
        editor = self.query_one("#answer", TextArea)
        editor.read_only = True
        for button in self.query(Button):
            button.disabled = button.id != "quit"
        grader = self.session.grader.name
        self._set_status(Text(t("grading", self.lang, grader=grader), style="bold"))
        seconds = self.elapsed()
        current = self.session.current
        if current is not None:
            current.answer = answer or ""

        def work() -> None:
            try:
                if answer is None:
                    feedback = self.session.dont_know(seconds)
                else:
                    feedback = self.session.answer(answer, seconds, on_partial=self._partial_from_thread)
            except Exception as exc:  # shown to the user; the answer stays in the editor
                self.app.call_from_thread(self._failed, exc)
                return
            self.app.call_from_thread(self._graded, feedback)

        self.run_worker(work, thread=True, exclusive=True, group="grading", name="grading")

    def _partial_from_thread(self, criteria: list[CriterionJudgement]) -> None:
        self.app.call_from_thread(self._set_status, describe_partial(criteria, self.lang))

    def _unlock(self) -> None:
        self.grading = False
        self.query_one("#answer", TextArea).read_only = False
        for button in self.query(Button):
            button.disabled = False

    def _failed(self, exc: Exception) -> None:
        self._unlock()
        message = t("grading_failed", self.lang, error=str(exc))
        self._set_status(literal(message, "bold red"))
        self.notify(message, severity="error", timeout=8)

    def _graded(self, feedback: Feedback) -> None:
        self._unlock()
        self.flow.show_feedback(feedback)
