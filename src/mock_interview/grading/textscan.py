"""Splitting an answer into sentences and list items, and finding rubric terms in them.

Offsets always refer to the original answer, so evidence quotes are exact spans of what the candidate wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mock_interview.textnorm import normalize

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|\.(?=\s|$)")
_SEGMENT_SEPS = frozenset(",，、|")
_OPEN, _CLOSE = "([{（【", ")]}）】"
_CLAUSE_SEP = ",，:：(（)）"

_FILLER = re.compile(r"(?:\band\b|\bor\b|\betc\b|以及|和|与|及|或|等|[\s\W\d_]|√|×|·)+")
_HAN = re.compile(r"[\u3400-\u9fff]")

ZH_NEGATIONS = (
    "不是",
    "并非",
    "并不",
    "没有",
    "不能",
    "无法",
    "不会",
    "不需要",
    "不用",
    "不必",
    "未必",
    "不再",
    "不可能",
    "不太",
    "不够",
)
EN_NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "cannot",
        "can't",
        "don't",
        "doesn't",
        "isn't",
        "aren't",
        "won't",
        "wouldn't",
        "shouldn't",
        "neither",
        "nor",
        "hardly",
    ]
)
_CONDITIONALS = ("如果", "若", "假如", "要是", "一旦", "假设", "if ", "when ", "whether ")
_CONTRASTS = ("而是", "而在于", "但是", "但", "反而", " but ", " rather", " instead")


@dataclass
class Unit:
    """A sentence, or one item of a sentence that is a list. `pure` units hold nothing but terms."""

    start: int
    end: int
    norm: str
    sentence: int
    in_list: bool = False
    pure: bool = False
    hits: int = 0  # term occurrences
    terms: set[int] = field(default_factory=set)  # affirmed term ids
    negated: set[int] = field(default_factory=set)  # term ids only found negated


def split_sentences(answer: str) -> list[tuple[int, int]]:
    """(start, end) spans of the answer's sentences, white space trimmed, delimiters kept."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(answer):
        spans.append((pos, m.end()))
        pos = m.end()
    if pos < len(answer):
        spans.append((pos, len(answer)))
    trimmed = []
    for s, e in spans:
        while s < e and answer[s].isspace():
            s += 1
        while e > s and answer[e - 1].isspace():
            e -= 1
        if e > s:
            trimmed.append((s, e))
    return trimmed


class TermMatcher:
    """Finds a fixed set of (already normalised) terms in normalised text, respecting word starts."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        self._regexes: list[re.Pattern[str] | None] = [
            re.compile(r"(?<![a-z0-9])" + re.escape(t)) if t[:1].isascii() and t[:1].isalnum() else None for t in terms
        ]

    def occurrences(self, text: str) -> list[tuple[int, int, int]]:
        """(term id, start, end) for every occurrence."""
        found: list[tuple[int, int, int]] = []
        for tid, term in enumerate(self.terms):
            if term not in text:
                continue
            rx = self._regexes[tid]
            if rx is None:
                start = text.find(term)
                while start != -1:
                    found.append((tid, start, start + len(term)))
                    start = text.find(term, start + 1)
            else:
                found.extend((tid, m.start(), m.end()) for m in rx.finditer(text))
        return found


def is_negated(text: str, pos: int) -> bool:
    """Whether the term at `pos` is negated within its clause ("不是为了…", "not because…")."""
    clause_start = max(text.rfind(ch, 0, pos) for ch in _CLAUSE_SEP) + 1
    prefix = text[clause_start:pos]
    if not prefix:
        return False
    cue_at = -1
    if prefix.endswith("不") or prefix.endswith("未") or prefix.endswith("非"):
        cue_at = len(prefix) - 1
    window = prefix[-14:]
    offset = len(prefix) - len(window)
    for cue in ZH_NEGATIONS:
        i = window.rfind(cue)
        if i != -1:
            cue_at = max(cue_at, offset + i)
    words = list(re.finditer(r"[a-z']+", prefix))[-6:]
    for w in words:
        if w.group() in EN_NEGATIONS or w.group().endswith("n't"):
            following = prefix[w.end() : w.end() + 6]
            if w.group() == "not" and following.startswith(" only"):
                continue
            cue_at = max(cue_at, w.start())
    if cue_at < 0:
        return False
    before = prefix[max(0, cue_at - 4) : cue_at]
    if any(c.strip() and before.rstrip().endswith(c.strip()) for c in _CONDITIONALS):
        return False  # "如果不缩放" / "if not scaled": a counterfactual, not a denial
    after = prefix[cue_at:]
    return not any(c in after for c in _CONTRASTS)


def contains_negation_term(terms: list[str]) -> bool:
    return any(t in ZH_NEGATIONS or t in ("不", "未") or t in EN_NEGATIONS for t in terms)


def scan(answer: str, matcher: TermMatcher) -> list[Unit]:
    """Units of the answer with the terms each holds (affirmed or only negated)."""
    units: list[Unit] = []
    for index, (s, e) in enumerate(split_sentences(answer)):
        pieces = [Unit(s + ps, s + pe, normalize(answer[s + ps : s + pe]), index) for ps, pe in _segments(answer[s:e])]
        for piece in pieces:
            _fill_terms(piece, matcher)
        # A sentence whose comma-separated items are mostly bare terms is a list: each item stands alone.
        pure = sum(p.pure for p in pieces)
        short = sum(_is_short(p.norm) for p in pieces)
        # a list: mostly bare terms, or an enumeration of four or more short items ("多个子空间、不同位置、concat、W_O")
        if len(pieces) >= 3 and (
            (pure >= 3 and pure >= 0.6 * len(pieces)) or (len(pieces) >= 4 and short == len(pieces))
        ):
            for piece in pieces:
                piece.in_list = True
            units.extend(pieces)
        else:
            unit = Unit(s, e, normalize(answer[s:e]), index)
            _fill_terms(unit, matcher)
            units.append(unit)
    _mark_vertical_lists(units)
    return units


def _mark_vertical_lists(units: list[Unit]) -> None:
    """Three or more consecutive lines of bare terms are a list written downwards; a lone terse sentence of
    two or three terms ("softmax 饱和", "不能无限增加") is a claim, not a list."""
    run: list[Unit] = []
    for unit in [*units, None]:
        if unit is not None and not unit.in_list and unit.pure:
            run.append(unit)
            continue
        if len(run) >= 3:
            for u in run:
                u.in_list = True
        else:
            for u in run:
                u.pure = u.hits > 3
        run = []


def _is_short(norm: str) -> bool:
    """An item of at most 8 Chinese characters or 3 English words (plus symbols)."""
    han = len(_HAN.findall(norm))
    words = len(re.findall(r"[a-z]+", norm))
    return han <= 8 and words <= 3 and han + words <= 8


def _segments(raw: str) -> list[tuple[int, int]]:
    """Comma-separated items, not splitting inside brackets (so `softmax(QK^T/√d_k, dim=-1)V` stays whole)."""
    out, pos, depth = [], 0, 0
    for i, ch in enumerate(raw):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _SEGMENT_SEPS and depth == 0:
            if raw[pos:i].strip():
                out.append((pos, i))
            pos = i + 1
    if raw[pos:].strip():
        out.append((pos, len(raw)))
    return out


def _fill_terms(unit: Unit, matcher: TermMatcher) -> None:
    occ = matcher.occurrences(unit.norm)
    unit.hits = len(occ)
    covered = bytearray(len(unit.norm))
    for tid, start, end in occ:
        if is_negated(unit.norm, start):
            unit.negated.add(tid)
        else:
            unit.terms.add(tid)
        # a term that starts a word takes the rest of the word with it ("saturat" -> "saturation")
        while end < len(unit.norm) and unit.norm[end].isascii() and unit.norm[end].isalpha():
            end += 1
        covered[start:end] = b"\x01" * (end - start)
    unit.negated -= unit.terms
    rest = "".join(ch for ch, c in zip(unit.norm, covered, strict=True) if not c)
    rest = _FILLER.sub("", rest)
    # pure: nothing but terms and list filler; one Chinese character ("会", "使") already makes a claim
    unit.pure = bool(occ) and len(rest) < 2 and not _HAN.search(rest)
