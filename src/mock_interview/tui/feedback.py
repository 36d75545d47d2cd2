"""The feedback screen: score, verdicts with the quoted evidence highlighted in the answer, key points,
misconceptions, who graded it, and the reference answer behind a toggle."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Collapsible, Footer, Static

from mock_interview.display import feedback_text, literal
from mock_interview.grading.feedback import Feedback
from mock_interview.interview.session import InterviewSession, Turn
from mock_interview.strings import t
from mock_interview.tui.base import FEEDBACK_SCREEN_ID, AppScreen


def highlighted_answer(answer: str, feedback: Feedback) -> Text:
    """The answer as literal text with every quoted evidence span highlighted."""
    text = literal(answer)
    for criterion in feedback.criteria:
        for ev in criterion.evidence:
            text.stylize("bold black on bright_cyan", ev.start, ev.end)
    for m in feedback.misconceptions:
        for ev in m.evidence:
            text.stylize("bold white on red", ev.start, ev.end)
    return text


class FeedbackScreen(AppScreen):
    """Shows one graded answer; Enter / N continues."""

    BINDINGS = [
        Binding("enter,n", "continue", "Continue", priority=True),
        Binding("r", "toggle_reference", "Reference answer"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, session: InterviewSession, turn: Turn, feedback: Feedback) -> None:
        super().__init__(id=FEEDBACK_SCREEN_ID)
        self.session = session
        self.turn = turn
        self.feedback = feedback
        self.lang = session.language

    def compose(self) -> ComposeResult:
        lang = self.lang
        rubric = self.session.bank.rubric(self.turn.question_id)
        with VerticalScroll(id="feedback"):
            yield Static(literal(self.turn.text, "bold"), id="feedback-question")
            yield Static(feedback_text(self.feedback, lang), id="feedback-body")
            yield Static(Text(t("your_answer", lang), style="bold underline"), classes="section-title")
            yield Static(highlighted_answer(self.turn.answer, self.feedback), id="feedback-answer")
            with Collapsible(title=t("reference", lang), collapsed=True, id="reference"):
                yield Static(literal(rubric.reference_answer.get(lang).strip()), id="reference-text")
            yield Static(Text(self._next_label(), style="bold magenta"), id="next-label")
            yield Button(t("continue", lang) + " (Enter)", id="continue", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        # Focus the scroll area, not the button: the score at the top is what the candidate reads first.
        scroll = self.query_one("#feedback", VerticalScroll)
        scroll.focus()
        scroll.scroll_home(animate=False)

    def _next_label(self) -> str:
        fb, depth = self.feedback, self.turn.depth
        deeper = self.turn.status == "answered" and depth < self.session.plan.max_depth
        if deeper and (
            (fb.follow_up and fb.follow_up not in self.session.asked) or (fb.probe and self.turn.kind != "probe")
        ):
            return t("next_follow_up", self.lang)
        return t("next_question", self.lang)

    def action_toggle_reference(self) -> None:
        collapsible = self.query_one("#reference", Collapsible)
        collapsible.collapsed = not collapsible.collapsed

    def action_continue(self) -> None:
        self.flow.next_turn()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "continue":
            self.action_continue()
