"""Rich renderables shared by the CLI and the TUI. Candidate and model text is never parsed as markup."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

from mock_interview.lang import Lang

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
