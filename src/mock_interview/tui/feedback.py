"""The feedback screen: score, verdicts with the quoted evidence highlighted in the answer, key points,
misconceptions, who graded it, and the reference answer behind a toggle."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Collapsible, Footer, Static

from mock_interview.display import literal, score_bar
from mock_interview.grading.feedback import Feedback
from mock_interview.interview.session import InterviewSession, Turn
from mock_interview.lang import Lang
from mock_interview.strings import t
from mock_interview.tui.base import AppScreen

_MARK = {"met": ("✓", "green"), "partial": ("◐", "yellow"), "unmet": ("✗", "red")}


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


def feedback_text(feedback: Feedback, lang: Lang) -> Text:
    """Everything but the answer and the reference: score, grader, flags, criteria, key points."""
    out = Text()
    out.append(f"{t('score', lang)} {feedback.score:.1f}/10  ", style="bold")
    out.append_text(score_bar(feedback.score, 30))
    grader = t("offline_label", lang) if feedback.grader == "offline" else feedback.grader
    out.append(f"\n{t('graded_by', lang)}: {grader}", style="dim")
    if feedback.fallback_reason:
        out.append(f"\n{t('fallback', lang)}: ", style="bold yellow")
        out.append_text(literal(feedback.fallback_reason, "yellow"))
    if feedback.flags:
        out.append(f"\n{t('flags', lang)}: " + ", ".join(feedback.flags), style="bold magenta")
    out.append(f"\n\n{t('criteria', lang)}\n", style="bold underline")
    for c in feedback.criteria:
        mark, style = _MARK[c.verdict]
        out.append(f" {mark} ", style=f"bold {style}")
        out.append(f"{c.id}  {c.points:.1f}/{c.max_points:.1f}\n", style="bold")
        out.append("   ")
        out.append_text(literal(c.comment))
        out.append("\n")
        for ev in c.evidence:
            out.append("     “", style="dim")
            out.append_text(literal(ev.quote, "italic cyan"))
            out.append("”\n", style="dim")

    def section(title: str, items: list[str], style: str) -> None:
        out.append(f"\n{title}\n", style="bold underline")
        if not items:
            out.append(f"  {t('none', lang)}\n", style="dim")
        for item in items:
            out.append("  • ")
            out.append_text(literal(item, style))
            out.append("\n")

    section(t("strengths", lang), feedback.strengths, "green")
    section(t("covered", lang), [k.text for k in feedback.covered], "green")
    section(t("missed", lang), [k.text for k in feedback.missed], "red")
    if feedback.misconceptions:
        section(
            t("misconceptions", lang),
            [f"−{m.penalty:g}  {m.text} → {m.correction}" for m in feedback.misconceptions],
            "yellow",
        )
    if feedback.adjustments:
        section(t("deductions", lang), [f"−{a.points:g}  {a.reason}" for a in feedback.adjustments], "yellow")
    return out


class FeedbackScreen(AppScreen):
    """Shows one graded answer; Enter / N continues."""

    BINDINGS = [
        Binding("enter,n", "continue", "Continue", priority=True),
        Binding("r", "toggle_reference", "Reference answer"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, session: InterviewSession, turn: Turn, feedback: Feedback) -> None:
        super().__init__(id="feedback-screen")
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
