"""Readable terminal output for the CLI. Candidate and model text is always passed as plain Text, never markup."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from mock_interview.bank.models import Bank, Question
from mock_interview.display import literal, score_bar
from mock_interview.grading.feedback import Feedback
from mock_interview.lang import Lang

_LABELS = {
    "zh": {
        "score": "得分",
        "grader": "评分",
        "offline": "离线评分（非 LLM 评分）",
        "criteria": "评分项",
        "covered": "答到的要点",
        "missed": "遗漏的要点",
        "misconceptions": "错误观点",
        "adjustments": "扣分",
        "flags": "标记",
        "follow_up": "下一个追问",
        "none": "无",
        "correction": "更正",
        "evidence": "证据",
        "fallback": "回退",
        "probe": "面试官追问",
    },
    "en": {
        "score": "Score",
        "grader": "Graded by",
        "offline": "offline, not LLM-graded",
        "criteria": "Criteria",
        "covered": "Covered key points",
        "missed": "Missed key points",
        "misconceptions": "Misconceptions",
        "adjustments": "Deductions",
        "flags": "Flags",
        "follow_up": "Follow-up next",
        "none": "none",
        "correction": "correction",
        "evidence": "evidence",
        "fallback": "fallback",
        "probe": "Interviewer asks",
        "same_quote": "same sentence as above",
    },
}
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
    labels = _LABELS[lang]
    question = bank.question(feedback.question_id)
    parts: list[Text | Table] = []
    parts.append(Text.assemble((feedback.question_id, "bold"), " — ", question.text.get(lang)))
    grader = labels["offline"] if feedback.grader == "offline" else feedback.grader
    line = Text.assemble(
        (f"{labels['score']} {feedback.score:.1f}/10  ", "bold"),
        score_bar(feedback.score),
        f"   {labels['grader']}: {grader}",
    )
    parts.append(line)
    if feedback.fallback_reason:
        parts.append(Text(f"{labels['fallback']}: ", style="yellow") + literal(feedback.fallback_reason))
    if feedback.probe:
        parts.append(Text(f"{labels['probe']}: ", style="bold") + literal(feedback.probe.question))
    if feedback.flags:
        parts.append(Text(f"{labels['flags']}: " + ", ".join(feedback.flags), style="bold magenta"))

    table = Table(title=labels["criteria"], title_justify="left", show_header=False, box=None, padding=(0, 1))
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
                body.append(f"\n  “…” ({labels['same_quote']})", style="dim")
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
            text.append(f" {labels['none']}", style="dim")
        for item in items:
            text.append("\n  • ")
            text.append_text(literal(item, style))
        parts.append(text)

    bullet_list(labels["covered"], [k.text for k in feedback.covered], "green")
    bullet_list(labels["missed"], [k.text for k in feedback.missed], "red")
    if feedback.misconceptions:
        bullet_list(
            labels["misconceptions"],
            [f"−{m.penalty:g}  {m.text} — {labels['correction']}: {m.correction}" for m in feedback.misconceptions],
            "yellow",
        )
    if feedback.adjustments:
        bullet_list(labels["adjustments"], [f"−{a.points:g}  {a.reason}" for a in feedback.adjustments], "yellow")
    if feedback.follow_up:
        nxt = bank.question(feedback.follow_up)
        parts.append(Text.assemble((f"{labels['follow_up']}: ", "bold"), f"{nxt.id} — {nxt.text.get(lang)}"))
    return Group(*parts)


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)
