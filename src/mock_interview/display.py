"""Rich renderables shared by the CLI and the TUI. Candidate and model text is never parsed as markup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

from mock_interview.grading.feedback import Feedback
from mock_interview.lang import Lang
from mock_interview.strings import t

if TYPE_CHECKING:
    from mock_interview.grading.llm.schema import CriterionJudgement

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def literal(text: str, style: str = "") -> Text:
    """Candidate or model text as plain Text: no markup, control characters made visible."""
    return Text(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text), style=style)


def score_bar(score: float, width: int = 20) -> Text:
    filled = round(score / 10 * width)
    style = "green" if score >= 7 else "yellow" if score >= 4 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


_MARK = {"full": ("✓", "green"), "partial": ("◐", "yellow"), "none": ("✗", "red")}


def describe_partial(criteria: list[CriterionJudgement], lang: Lang) -> Text:
    """ "Grading… ✓ variance-growth ◐ softmax-saturation" as verdicts stream in (not yet verified)."""
    text = Text("评分中……" if lang == "zh" else "Grading… ", style="bold")
    for c in criteria:
        mark, style = _MARK[c.level]
        text.append(f" {mark} ", style=style)
        text.append(c.id)
    return text


_VERDICT = {"met": ("✓", "green"), "partial": ("◐", "yellow"), "unmet": ("✗", "red")}


def feedback_text(feedback: Feedback, lang: Lang) -> Text:
    """Everything but the answer and the reference: score, grader, flags, criteria, key points."""
    out = Text()
    out.append(f"{t('score', lang)} {feedback.score:.1f}/10  ", style="bold")
    out.append_text(score_bar(feedback.score, 30))
    grader = t("offline_label", lang) if feedback.grader == "offline" else feedback.grader
    out.append(f"\n{t('graded_by', lang)}: {grader}", style="dim")
    if feedback.probe:
        out.append(f"\n{t('probe_asks', lang)}: ", style="bold")
        out.append_text(literal(feedback.probe.question))
    if feedback.fallback_reason:
        out.append(f"\n{t('fallback', lang)}: ", style="bold yellow")
        out.append_text(literal(feedback.fallback_reason, "yellow"))
    if feedback.flags:
        out.append(f"\n{t('flags', lang)}: " + ", ".join(feedback.flags), style="bold magenta")
    out.append(f"\n\n{t('criteria', lang)}\n", style="bold underline")
    shown: set[tuple[int, int]] = set()
    for c in feedback.criteria:
        mark, style = _VERDICT[c.verdict]
        out.append(f" {mark} ", style=f"bold {style}")
        out.append(f"{c.id}  {c.points:.1f}/{c.max_points:.1f}\n", style="bold")
        out.append("   ")
        out.append_text(literal(c.comment))
        out.append("\n")
        for ev in c.evidence:
            if (ev.start, ev.end) in shown:
                out.append(f"     “…” ({t('same_quote', lang)})\n", style="dim")
                continue
            shown.add((ev.start, ev.end))
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
