"""Remembering a bank that passed every check, so start-up skips YAML parsing (see load_bank)."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from mock_interview import __version__
from mock_interview.paths import cache_dir


def _signature(root: Path) -> list[list[Any]]:
    """Every bank file with its size and modification time, plus the app version (its checks may change)."""
    files = []
    for folder in ("questions", "rubrics"):
        for entry in sorted(os.scandir(root / folder), key=lambda e: e.name):
            if entry.name.endswith((".yaml", ".yml")):
                st = entry.stat()
                files.append([f"{folder}/{entry.name}", st.st_size, st.st_mtime_ns])
    return [["version", __version__, 0], *files]


def _path(root: Path) -> Path:
    digest = hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / f"bank-{digest}.json"


def read(root: Path) -> dict[str, Any] | None:
    """The cached parsed bank when every file is unchanged; None otherwise."""
    try:
        data = json.loads(_path(root).read_text(encoding="utf-8"))
        if data.get("signature") == _signature(root):
            return data["bank"]  # type: ignore[no-any-return]
    except (OSError, ValueError, KeyError, AttributeError):
        pass
    return None


def write(root: Path, raw: dict[str, Any]) -> None:
    try:
        path = _path(root)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"signature": _signature(root), "bank": raw}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # caching is an optimisation only
