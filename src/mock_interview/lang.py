"""Languages: the two the app speaks, and how to pick one when the user didn't say."""

from __future__ import annotations

import os
import re
from typing import Literal, get_args

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")


def default_language() -> Lang:
    """The language of the user's locale: zh for a Chinese locale, otherwise en."""
    for var in ("MOCK_INTERVIEW_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "").strip().lower()
        if value:
            return "zh" if value.startswith("zh") else "en"
    return "en"


def text_units(text: str) -> tuple[int, int]:
    """(Chinese characters, English words): a Chinese character carries about as much as an English word."""
    return len(_CJK.findall(text)), len(_LATIN_WORD.findall(text))


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def detect_language(text: str, fallback: Lang | None = None) -> Lang:
    """zh when the text is mostly Chinese (English terms inside Chinese sentences count as Chinese)."""
    cjk, latin_words = text_units(text)
    if cjk == 0 and latin_words == 0:
        return fallback or default_language()
    # A Chinese character carries roughly as much as an English word does; mixed answers are Chinese sentences.
    return "zh" if cjk >= latin_words else "en"
