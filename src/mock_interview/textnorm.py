"""Text normalisation shared by the bank linter and the graders, so terms and answers compare alike."""

from __future__ import annotations

import re
import unicodedata

_CJK_CHAR = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_SPACE_NEXT_TO_CJK = re.compile(rf"(?<=[{_CJK_CHAR}]) +| +(?=[{_CJK_CHAR}])")
_SPACES = re.compile(r"\s+")
_JOINERS = str.maketrans({"-": " ", "_": " ", "‐": " ", "‑": " ", "–": " ", "—": " "})


def normalize(text: str) -> str:
    """NFKC, lower case, `-`/`_` as spaces, white space collapsed and dropped next to CJK characters.

    The result has the same length as long as NFKC keeps it (true for CJK, Latin and full-width forms);
    callers that need exact offsets into the original use `normalize_keep_length`.
    """
    text = unicodedata.normalize("NFKC", text).lower().translate(_JOINERS)
    text = _SPACES.sub(" ", text)
    return _SPACE_NEXT_TO_CJK.sub("", text).strip()
