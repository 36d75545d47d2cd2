"""Readable terminal output for the CLI. Candidate and model text is always passed as plain Text, never markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from mock_interview.bank.models import Bank, Question
from mock_interview.display import feedback_text
from mock_interview.grading.feedback import Feedback
from mock_interview.lang import Lang
from mock_interview.strings import t

_VERDICT_MARK = {"met": ("✓", "green"), "partial": ("◐", "yellow"), "unmet": ("✗", "red")}
_DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}


def questions_table(bank: Bank, questions: list[Question], lang: Lang) -> Table:
    """#, id and difficulty, then the question with its tags and follow-ups on a dim line below."""
    table = Table(header_style="bold", expand=True, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("difficulty", no_wrap=True)
    table.add_column("question · tags · follow-ups", overflow="fold", ratio=1)
    for q in questions:
        cell = Text(q.text.get(lang))
        detail = ", ".join(bank.tag_label(t, lang) for t in q.tags)
        if q.follow_ups:
            detail += "  →  " + ", ".join(f.question for f in q.follow_ups)
        cell.append("\n" + detail, style="dim")
        table.add_row(str(q.order), q.id, Text(q.difficulty, style=_DIFFICULTY_STYLE[q.difficulty]), cell)
    return table


def feedback_view(bank: Bank, feedback: Feedback) -> Group:
    """The question, the feedback as the TUI shows it, and the follow-up the policy picks."""
    lang = feedback.language
    question = bank.question(feedback.question_id)
    parts: list[Text] = [
        Text.assemble((feedback.question_id, "bold"), " — ", question.text.get(lang)),
        feedback_text(feedback, lang),
    ]
    if feedback.follow_up:
        nxt = bank.question(feedback.follow_up)
        parts.append(Text.assemble((f"{t('follow_up_next', lang)}: ", "bold"), f"{nxt.id} — {nxt.text.get(lang)}"))
    return Group(*parts)


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)
