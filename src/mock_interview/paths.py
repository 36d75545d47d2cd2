"""Where the app keeps files: `$MOCK_INTERVIEW_HOME` (tests use it) or the platform's user dirs."""

from __future__ import annotations

import os
from pathlib import Path

_data_dir_override: Path | None = None


def set_data_dir(path: Path) -> None:
    """`--data-dir`: where the database and transcripts go for this process."""
    global _data_dir_override
    _data_dir_override = path.expanduser()


def _home() -> Path | None:
    value = os.environ.get("MOCK_INTERVIEW_HOME")
    return Path(value).expanduser() if value else None


def cache_dir() -> Path:
    home = _home()
    if home:
        return home / "cache"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mock-interview", appauthor=False))


def data_dir() -> Path:
    if _data_dir_override is not None:
        return _data_dir_override
    home = _home()
    if home:
        return home / "data"
    from platformdirs import user_data_dir

    return Path(user_data_dir("mock-interview", appauthor=False))
