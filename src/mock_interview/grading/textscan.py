"""Splitting an answer into sentences and list items, and finding rubric terms in them.

Offsets always refer to the original answer, so evidence quotes are exact spans of what the candidate wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mock_interview.textnorm import normalize

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|\.(?=\s|$)")
_SEGMENT_SEP = re.compile(r"[,，、/|]")
_CLAUSE_SEP = ",，:：(（)）"

# Words that make a sentence an explanation rather than a list of terms.
_ZH_CONNECTIVES = (
    "的 是 会 让 使 把 被 为了 因为 所以 导致 如果 就 可以 能 通过 用来 用于 而 但 在 将 由于 避免 防止 从而 需要 这 它 其 "
    "要 时 后 则 即 对 给 来 得 地 了 着 都 也 还 更 很 太 越 有 没 不 并 再 才 只 每 当 由 从 与其 如何 怎么 为什么"
).split()
_EN_CONNECTIVES = frozenset(
    "is are was were be been being because so since therefore thus which that to makes make made causes cause "
    "leads lead allows allow helps help will would can could should may might when if by of the a an it its this "
    "these those each into from with than more less only instead but while such not no does do did has have had "
    "we you they there here how why what where who whose whom per via as at on in for".split()
)
_FILLER = re.compile(r"(?:\band\b|\bor\b|\betc\b|以及|和|与|及|或|等|[\s\W\d_]|√|×|·)+")
_EN_WORD = re.compile(r"[a-z][a-z']*")

ZH_NEGATIONS = ("不是", "并非", "并不", "没有", "不能", "无法", "不会", "不需要", "不用", "不必", "未必", "不再", "不可能", "不太", "不够", "别")
EN_NEGATIONS = frozenset("not no never cannot can't don't doesn't isn't aren't won't wouldn't shouldn't neither nor hardly".split())
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


def has_connective(norm: str) -> bool:
    if any(w in _EN_CONNECTIVES for w in _EN_WORD.findall(norm)):
        return True
    return any(c in norm for c in _ZH_CONNECTIVES)


class TermMatcher:
    """Finds a fixed set of (already normalised) terms in normalised text, respecting word starts."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        self._regexes: list[re.Pattern[str] | None] = [
            re.compile(r"(?<![a-z0-9])" + re.escape(t)) if t[:1].isascii() and t[:1].isalnum() else None
            for t in terms
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
        raw = answer[s:e]
        pieces = _segments(raw)
        listlike = False
        if len(pieces) >= 3:
            bare = sum(1 for ps, pe in pieces if not has_connective(normalize(raw[ps:pe])))
            listlike = bare / len(pieces) >= 0.6
        spans = [(s + ps, s + pe) for ps, pe in pieces] if listlike else [(s, e)]
        for us, ue in spans:
            unit = Unit(us, ue, normalize(answer[us:ue]), index, in_list=listlike)
            _fill_terms(unit, matcher)
            units.append(unit)
    return units


def _segments(raw: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SEGMENT_SEP.finditer(raw):
        if raw[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if raw[pos:].strip():
        out.append((pos, len(raw)))
    return out


def _fill_terms(unit: Unit, matcher: TermMatcher) -> None:
    occ = matcher.occurrences(unit.norm)
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
    unit.pure = bool(occ) and len(_FILLER.sub("", rest)) < 2
