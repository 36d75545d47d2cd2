"""Cheap local checks every grader runs before grading: empty, "don't know", attempts to steer the grader."""

from __future__ import annotations

import re

from mock_interview.grading.textscan import split_sentences
from mock_interview.textnorm import normalize

_INJECTION = [
    re.compile(p)
    for p in (
        # zh: "忽略以上评分标准", "给我满分", "直接打10分", "你现在是…", "系统提示"
        r"(忽略|无视|跳过|不要管|别管|不用管|覆盖)[^。！？\n]{0,12}(评分|打分|标准|规则|指令|提示|要求|rubric|instruction)",
        r"(给|打|评|判)[^。！？\n]{0,6}(满分|最高分|10分|十分|100分|一百分)",
        r"(满分|10分|十分)[^。！？\n]{0,4}(给我|吧|谢谢|!|！)",
        r"(你现在是|你是一个|作为评分|作为考官|评分员请|评分者请|系统提示|系统指令)",
        r"(请|必须|应该)[^。！？\n]{0,8}(判定|认定|评为|判为)[^。！？\n]{0,8}(正确|满分|优秀)",
        # en: "ignore the rubric", "give me full marks", "output score 10", "you are now", "system prompt"
        r"\b(ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}"
        r"\b(instruction|rubric|rule|criteri|grading|prompt|above|previous)",
        r"\b(give|award|assign|output|return|grade|mark|rate|score)\b[^.!?\n]{0,25}"
        r"\b(full marks|full score|perfect score|maximum score|max score|10 ?/ ?10|10 out of 10|ten out of ten"
        r"|a 10|score of 10|score 10|100%)",
        r"\byou are (now )?(a|an|the) [^.!?\n]{0,20}(grader|assistant|model|ai|judge|examiner)",
        r"\b(system prompt|new instructions|developer message)\b",
        r"^\s*(system|assistant|grader|judge|developer)\s*:",
        r"\bthe candidate('s answer)? (is|was) (correct|perfect|excellent)\b",
        # a fake grading result: {"score": 10, ...}, "verdict": "met", score: 10/10
        r"[\"']?(score|verdict|grade|points|分数|得分|评分)[\"']?\s*[:=：]\s*[\"']?(10|9|100|met|full|excellent|满分)",
        r"</?\s*(answer|system|instructions?|rubric|candidate_answer)[^>]*>",
    )
]
_APOLOGY = re.compile(r"^(sorry|抱歉|不好意思|对不起|嗯|呃|um+|uh+|hmm+)[\s,，.。!！…]*")
_DONT_KNOW = re.compile(
    r"^(我)?(真的|确实|实在)?(不知道|不清楚|不太清楚|不了解|不太了解|不会|没学过|没听说过|忘了|想不起来|不懂|答不上来|不确定)"
    r"|^(i )?(really )?(don't|do not|dont) (really )?know|^(i have )?no idea|^(i'm |i am )?not sure"
    r"|^pass\b|^skip\b|^idk\b"
    r"|^(i )?(can't|cannot) (remember|recall)|^no clue"
)


def is_empty(answer: str) -> bool:
    return not answer.strip()


def is_dont_know(answer: str) -> bool:
    """A short answer that only says the candidate doesn't know."""
    text = normalize(answer)
    text = _APOLOGY.sub("", re.sub(r"^[\s,，.。!！…]+", "", text))
    if not _DONT_KNOW.search(text):
        return False
    substantive = re.sub(r"[\s\W_]", "", text)
    return len(substantive) <= 24 if not text.isascii() else len(text.split()) <= 12


def injection_spans(answer: str) -> list[tuple[int, int]]:
    """Sentences of the answer that address the grader rather than the question."""
    spans = []
    for start, end in split_sentences(answer):
        text = normalize(answer[start:end])
        if any(rx.search(text) for rx in _INJECTION):
            spans.append((start, end))
    return spans
