"""Which structured-output mode an endpoint accepts, remembered per base URL and model.

`auto` starts with strict `json_schema`, steps down to `json_object` and then to `prompt` when the server
rejects a mode, and remembers what worked (in memory and in a small JSON file in the cache dir).
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from mock_interview.grading.llm.transport import Mode
from mock_interview.paths import cache_dir

ORDER: tuple[Mode, ...] = ("json_schema", "json_object", "prompt")
_lock = threading.Lock()
_memory: dict[str, Mode] = {}


def _file() -> Path:
    return cache_dir() / "structured-output-modes.json"


def _key(base_url: str, model: str) -> str:
    return f"{base_url.rstrip('/')}|{model}"


def remembered(base_url: str, model: str) -> Mode | None:
    key = _key(base_url, model)
    with _lock:
        if key in _memory:
            return _memory[key]
        try:
            stored = json.loads(_file().read_text(encoding="utf-8")).get(key)
        except (OSError, ValueError, AttributeError):
            stored = None
        if stored in ORDER:
            _memory[key] = stored
            return stored  # type: ignore[no-any-return]
    return None


def remember(base_url: str, model: str, mode: Mode) -> None:
    key = _key(base_url, model)
    with _lock:
        if _memory.get(key) == mode:
            return
        _memory[key] = mode
        path = _file()
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            if not isinstance(data, dict):
                data = {}
            data[key] = mode
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
            tmp.replace(path)
        except (OSError, ValueError):
            pass  # remembering is an optimisation; grading goes on without it


def forget_all() -> None:
    """Clear the in-memory cache (tests)."""
    with _lock:
        _memory.clear()


def next_mode(mode: Mode) -> Mode | None:
    i = ORDER.index(mode)
    return ORDER[i + 1] if i + 1 < len(ORDER) else None
