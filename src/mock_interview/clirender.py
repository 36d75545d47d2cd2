"""Readable terminal output for the CLI. Candidate and model text is always passed as plain Text, never markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from mock_interview.bank.models import Bank, Question
from mock_interview.display import literal, score_bar
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
    lang = feedback.language
    question = bank.question(feedback.question_id)
    parts: list[Text | Table] = []
    parts.append(Text.assemble((feedback.question_id, "bold"), " — ", question.text.get(lang)))
    grader = t("offline_label", lang) if feedback.grader == "offline" else feedback.grader
    line = Text.assemble(
        (f"{t('score', lang)} {feedback.score:.1f}/10  ", "bold"),
        score_bar(feedback.score),
        f"   {t('graded_by', lang)}: {grader}",
    )
    parts.append(line)
    if feedback.fallback_reason:
        parts.append(Text(f"{t('fallback', lang)}: ", style="yellow") + literal(feedback.fallback_reason))
    if feedback.probe:
        parts.append(Text(f"{t('probe_asks', lang)}: ", style="bold") + literal(feedback.probe.question))
    if feedback.flags:
        parts.append(Text(f"{t('flags', lang)}: " + ", ".join(feedback.flags), style="bold magenta"))

    table = Table(title=t("criteria", lang), title_justify="left", show_header=False, box=None, padding=(0, 1))
    table.add_column(width=1)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(overflow="fold")
    shown: set[tuple[int, int]] = set()
    for c in feedback.criteria:
        mark, style = _VERDICT_MARK[c.verdict]
        body = literal(c.comment)
        for ev in c.evidence:
            if (ev.start, ev.end) in shown:
                body.append(f"\n  “…” ({t('same_quote', lang)})", style="dim")
                continue
            shown.add((ev.start, ev.end))
            body.append("\n  “", style="dim")
            body.append_text(literal(ev.quote, "italic cyan"))
            body.append("”", style="dim")
        table.add_row(Text(mark, style=style), Text(c.id), Text(f"{c.points:.1f}/{c.max_points:.1f}"), body)
    parts.append(table)

    def bullet_list(title: str, items: list[str], style: str) -> None:
        text = Text(f"{title}:", style="bold")
        if not items:
            text.append(f" {t('none', lang)}", style="dim")
        for item in items:
            text.append("\n  • ")
            text.append_text(literal(item, style))
        parts.append(text)

    bullet_list(t("covered", lang), [k.text for k in feedback.covered], "green")
    bullet_list(t("missed", lang), [k.text for k in feedback.missed], "red")
    if feedback.misconceptions:
        bullet_list(
            t("misconceptions", lang),
            [f"−{m.penalty:g}  {m.text} — {t('correction', lang)}: {m.correction}" for m in feedback.misconceptions],
            "yellow",
        )
    if feedback.adjustments:
        bullet_list(t("deductions", lang), [f"−{a.points:g}  {a.reason}" for a in feedback.adjustments], "yellow")
    if feedback.follow_up:
        nxt = bank.question(feedback.follow_up)
        parts.append(Text.assemble((f"{t('follow_up_next', lang)}: ", "bold"), f"{nxt.id} — {nxt.text.get(lang)}"))
    return Group(*parts)


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)
