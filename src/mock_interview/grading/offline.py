"""The offline grader: deterministic rubric matching with evidence, negation, misconceptions and trap checks.

A key point is credited only when one of its evidence patterns is found in the answer: every term group of the
pattern present, affirmed (not negated), in one sentence or two consecutive ones. Sentences that are bare lists
of terms earn only a small "mention" credit. Text addressed to the grader is set aside and costs points.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from mock_interview.bank.models import Misconception, Pattern, Question, Rubric
from mock_interview.grading import guards
from mock_interview.grading.base import PartialCallback
from mock_interview.grading.feedback import Adjustment, Evidence, Feedback, Flag
from mock_interview.grading.scoring import CriterionGrade, assemble, injection_adjustment
from mock_interview.grading.textscan import TermMatcher, Unit, contains_negation_term, scan
from mock_interview.lang import Lang, text_units
from mock_interview.textnorm import normalize

MENTION_CREDIT = 0.25  # a key point named in a bare list of terms, with no explanation
TOO_LONG_CHARS = 5000
PADDING_MIN_LENGTH = 250  # CJK characters + English words
_CHOICE = re.compile(r"还是|或是|\bor\b|\bwhether\b")


@dataclass(frozen=True)
class _CompiledPattern:
    groups: tuple[frozenset[int], ...]
    negation_exempt: bool


class RubricIndex:
    """A rubric's evidence patterns compiled once: term ids, a matcher, and patterns as sets of term ids."""

    def __init__(self, rubric: Rubric, question: Question) -> None:
        self.rubric = rubric
        self.question = question
        self._terms: dict[str, int] = {}
        self.key_points: dict[tuple[str, str], list[_CompiledPattern]] = {
            (c.id, kp.id): [self._compile(p) for p in kp.evidence] for c in rubric.criteria for kp in c.key_points
        }
        self.misconceptions: list[tuple[Misconception, list[_CompiledPattern]]] = [
            (m, [self._compile(p) for p in m.evidence]) for m in rubric.misconceptions
        ]
        self.matcher = TermMatcher(list(self._terms))
        asked = normalize(f"{question.text.zh} {question.text.en}")
        # Terms the question itself uses: saying them back is no evidence of knowing the answer — except in
        # an either/or question ("点乘还是加法？"), where naming the right option is the answer.
        self.question_terms = (
            frozenset() if _CHOICE.search(asked) else frozenset(tid for tid, _, _ in self.matcher.occurrences(asked))
        )

    def _compile(self, pattern: Pattern) -> _CompiledPattern:
        groups = []
        for group in pattern:
            ids = set()
            for term in group:
                norm = normalize(term)
                if norm:
                    ids.add(self._terms.setdefault(norm, len(self._terms)))
            groups.append(frozenset(ids))
        return _CompiledPattern(tuple(groups), contains_negation_term([normalize(t) for g in pattern for t in g]))


_INDEXES: dict[int, RubricIndex] = {}


def rubric_index(rubric: Rubric, question: Question) -> RubricIndex:
    """The compiled index of a rubric, built on first use."""
    index = _INDEXES.get(id(rubric))
    if index is None or index.rubric is not rubric or index.question is not question:
        index = _INDEXES[id(rubric)] = RubricIndex(rubric, question)
    return index


def _windows(units: list[Unit]) -> list[list[Unit]]:
    """Each unit alone, and each pair of consecutive explanatory sentences."""
    windows = [[u] for u in units]
    for a, b in itertools.pairwise(units):
        joinable = not (a.in_list or b.in_list or a.pure or b.pure)
        if joinable and b.sentence == a.sentence + 1:
            windows.append([a, b])
    return windows


def _match(
    pattern: _CompiledPattern, windows: list[list[Unit]], restated: frozenset[int] = frozenset()
) -> tuple[float, list[Unit]]:
    """Best strength (1, MENTION_CREDIT or 0) of the pattern over the windows, and the units that show it.

    A match made only of terms the question itself uses (`restated`) is an echo of the question, not evidence.
    """
    best, best_units = 0.0, []
    for window in windows:
        present = set().union(*(u.terms | (u.negated if pattern.negation_exempt else set()) for u in window))
        if not all(group & present for group in pattern.groups):
            continue
        if restated and all((group & present) <= restated for group in pattern.groups):
            continue
        used = [u for u in window if any(group & (u.terms | u.negated) for group in pattern.groups)]
        strength = MENTION_CREDIT if any(u.pure for u in used) else 1.0
        if strength > best:
            best, best_units = strength, used
            if best == 1.0:
                break
    return best, best_units


def _evidence(answer: str, units: list[Unit]) -> list[Evidence]:
    return [Evidence(quote=answer[u.start : u.end], start=u.start, end=u.end) for u in units]


class OfflineGrader:
    """Deterministic, network-free grading against the rubric's evidence patterns."""

    name = "offline"

    def grade(
        self,
        question: Question,
        rubric: Rubric,
        answer: str,
        language: Lang,
        on_partial: PartialCallback | None = None,  # offline grading is instant: nothing to stream
    ) -> Feedback:
        def result(
            grades: dict[str, CriterionGrade],
            flags: list[Flag],
            misconceptions: list[tuple[Misconception, list[Evidence]]] | None = None,
            adjustments: list[Adjustment] | None = None,
        ) -> Feedback:
            return assemble(
                question=question,
                rubric=rubric,
                language=language,
                grader=self.name,
                grades=grades,
                misconceptions=misconceptions or [],
                flags=flags,
                adjustments=adjustments or [],
            )

        if guards.is_empty(answer):
            return result({}, flags=["empty"])
        if guards.is_dont_know(answer):
            return result({}, flags=["dont_know"])

        flags: list[Flag] = []
        if len(answer) > TOO_LONG_CHARS:
            flags.append("too_long")
        index = rubric_index(rubric, question)
        injected = guards.injection_spans(answer)
        units = [u for u in scan(answer, index.matcher) if not any(s <= u.start < e for s, e in injected)]
        if injected:
            flags.append("injection_suspected")
        windows = _windows(units)

        grades: dict[str, CriterionGrade] = {}
        full_points = mention_points = 0
        for criterion in rubric.criteria:
            grade = CriterionGrade()
            total = 0.0
            for kp in criterion.key_points:
                best, shown = 0.0, []
                for pattern in index.key_points[(criterion.id, kp.id)]:
                    strength, used = _match(pattern, windows, index.question_terms)
                    if strength > best:
                        best, shown = strength, used
                if best > 0:
                    total += best
                    grade.covered.add(kp.id)
                    grade.evidence.extend(e for e in _evidence(answer, shown) if e not in grade.evidence)
                    full_points += best == 1.0
                    mention_points += best < 1.0
            grade.credit = min(1.0, total / criterion.required_count)
            grades[criterion.id] = grade

        misconceptions: list[tuple[Misconception, list[Evidence]]] = []
        for m, patterns in index.misconceptions:
            for pattern in patterns:
                strength, used = _match(pattern, windows)
                if strength > 0:
                    misconceptions.append((m, _evidence(answer, used)))
                    break

        topical = set().union(*(u.terms | u.negated for u in units)) if units else set()
        if full_points + mention_points == 0 and not misconceptions and len(topical) <= 1:
            return result({}, flags=[*flags, "off_topic"] if not injected else flags)

        pure = [u for u in units if u.pure and u.terms]
        explained = [u for u in units if not u.pure and u.terms]
        if len(pure) >= 3 and len(pure) >= 2 * len(explained):
            flags.append("keyword_stuffing")
        sentences = {u.sentence for u in units}
        on_topic = {u.sentence for u in units if u.terms or u.negated}
        if (
            sum(text_units(answer)) >= PADDING_MIN_LENGTH
            and full_points <= 2
            and len(on_topic) < 0.4 * max(1, len(sentences))
        ):
            flags.append("padding")

        adjustments: list[Adjustment] = []
        if injected:
            adjustments.append(injection_adjustment(rubric, grades, misconceptions, language))
        return result(grades, misconceptions=misconceptions, flags=flags, adjustments=adjustments)
