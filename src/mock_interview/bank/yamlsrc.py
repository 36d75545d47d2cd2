"""Reading YAML with the line of every value, so bank errors can name file, path and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

try:  # libyaml is several times faster when the wheel has it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

YamlPath = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    """The file is not valid YAML (or not readable text); `line` is 1-based when known."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class YamlDoc:
    """A parsed YAML document with a map from value paths to 1-based line numbers."""

    path: Path
    data: Any
    lines: dict[YamlPath, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[YamlPath, int]] = field(default_factory=list)

    def line_of(self, where: YamlPath) -> int | None:
        """The line of `where`, or of its nearest ancestor that has one."""
        for end in range(len(where), -1, -1):
            line = self.lines.get(where[:end])
            if line is not None:
                return line
        return None


def format_path(where: YamlPath) -> str:
    """('criteria', 2, 'weight') -> 'criteria[2].weight'."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_yaml(path: Path) -> YamlDoc:
    """Parse one file; raises YamlSyntaxError with a line number on bad YAML or bad encoding."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlSyntaxError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", None) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(f"invalid YAML: {problem}", mark.line + 1 if mark else None) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None) from exc
    finally:
        loader.dispose()
    doc = YamlDoc(path=path, data=data)
    if node is not None:
        _index(node, (), doc)
    return doc


def _index(node: yaml.Node, where: YamlPath, doc: YamlDoc) -> None:
    doc.lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*where, key)
            if key in seen:
                doc.duplicate_keys.append((child, key_node.start_mark.line + 1))
            seen.add(key)
            doc.lines[child] = key_node.start_mark.line + 1
            _index(value_node, child, doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*where, index), doc)
