"""Verifying quoted evidence: a quote counts only if it occurs in the answer (after normalisation).

Normalisation ignores white space, full/half width, case and punctuation, so a model that drops a comma or
changes "，" to "," still matches, while a quote it made up does not. Verified quotes are returned as exact
spans of the original answer.
"""

from __future__ import annotations

import unicodedata

from mock_interview.grading.feedback import Evidence

MIN_QUOTE_CHARS = 2


def _fold(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original character."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).lower():
            if c.isspace() or unicodedata.category(c)[0] in "PZ":
                continue
            out.append(c)
            index.append(i)
    return "".join(out), index


class AnswerSpans:
    """An answer prepared for quote lookups."""

    def __init__(self, answer: str, excluded: list[tuple[int, int]] | None = None) -> None:
        self.answer = answer
        self._folded, self._index = _fold(answer)
        self._excluded = excluded or []

    def locate(self, quote: str) -> Evidence | None:
        """The exact span of the answer the quote stands for, or None if it is not there (or in an excluded span)."""
        folded, _ = _fold(quote)
        if len(folded) < MIN_QUOTE_CHARS:
            return None
        start = self._folded.find(folded)
        while start != -1:
            first = self._index[start]
            last = self._index[start + len(folded) - 1] + 1
            if not any(s <= first < e for s, e in self._excluded):
                return Evidence(quote=self.answer[first:last], start=first, end=last)
            start = self._folded.find(folded, start + 1)
        return None

    def verify(self, quotes: list[str]) -> list[Evidence]:
        found: list[Evidence] = []
        for quote in quotes:
            ev = self.locate(quote)
            if ev is not None and ev not in found:
                found.append(ev)
        return found
