"""Settings for the LLM endpoint: defaults < config file < environment < command-line flags.

The config file is TOML in the user's config dir (`mock-interview config` prints its path):

    model = "gpt-4o-mini"
    base_url = "https://api.openai.com/v1"
    api_key = "sk-..."            # optional; OPENAI_API_KEY is preferred
    timeout = 60                  # seconds: total budget per answer, retries included
    connect_timeout = 5
    read_timeout = 45
    structured_output = "auto"    # auto | json_schema | json_object | prompt
    temperature = 0.0
    stream = true

The API key is never printed, logged or stored in history: `masked_key` is what the user sees.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args

StructuredOutput = Literal["auto", "json_schema", "json_object", "prompt"]
STRUCTURED_OUTPUT_MODES: tuple[StructuredOutput, ...] = get_args(StructuredOutput)
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_BASE_URL = "https://api.openai.com/v1"


class ConfigError(Exception):
    """The config file or an environment variable is invalid; the message names the file, key and problem."""


@dataclass(frozen=True)
class Settings:
    """Effective LLM settings. `sources` says where each value came from (default, file, env, flag)."""

    api_key: str | None = None
    base_url: str | None = None
    model: str | None = None
    timeout: float = 60.0
    connect_timeout: float = 5.0
    read_timeout: float = 45.0
    structured_output: StructuredOutput = "auto"
    temperature: float = 0.0
    stream: bool = True
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def configured(self) -> bool:
        """An endpoint counts as configured when a key or a base URL is set."""
        return bool(self.api_key or self.base_url)

    @property
    def effective_model(self) -> str:
        return self.model or DEFAULT_MODEL

    @property
    def effective_base_url(self) -> str:
        return (self.base_url or DEFAULT_BASE_URL).rstrip("/")

    @property
    def masked_key(self) -> str:
        if not self.api_key:
            return "(not set)"
        key = self.api_key
        return f"{key[:3]}…{key[-4:]}" if len(key) > 12 else "****"

    def __repr__(self) -> str:  # never let the key reach a log or a traceback
        shown = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("api_key", "sources")}
        return f"Settings(api_key={self.masked_key!r}, {', '.join(f'{k}={v!r}' for k, v in shown.items())})"


def config_path() -> Path:
    """`$MOCK_INTERVIEW_CONFIG`, else config.toml in the platform's user config dir."""
    override = os.environ.get("MOCK_INTERVIEW_CONFIG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("mock-interview", appauthor=False)) / "config.toml"


_FILE_KEYS: dict[str, type] = {
    "api_key": str,
    "base_url": str,
    "model": str,
    "timeout": float,
    "connect_timeout": float,
    "read_timeout": float,
    "structured_output": str,
    "temperature": float,
    "stream": bool,
}
_ENV_KEYS = {"OPENAI_API_KEY": "api_key", "OPENAI_BASE_URL": "base_url", "MOCK_INTERVIEW_MODEL": "model"}


def _coerce(name: str, value: Any, where: str) -> Any:
    kind = _FILE_KEYS[name]
    if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind):
        raise ConfigError(f"{where}: `{name}` must be a {kind.__name__}, not {type(value).__name__}")
    if name == "structured_output" and value not in STRUCTURED_OUTPUT_MODES:
        raise ConfigError(f"{where}: `structured_output` must be one of {', '.join(STRUCTURED_OUTPUT_MODES)}")
    if isinstance(value, float) and value < 0:
        raise ConfigError(f"{where}: `{name}` must not be negative")
    return value


def _read_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    table = data.get("llm", data)  # either top-level keys or an [llm] table
    out = {}
    for key, value in table.items():
        if key == "llm" and isinstance(value, dict):
            continue
        if key not in _FILE_KEYS:
            raise ConfigError(f"{path}: unknown key `{key}` (known: {', '.join(_FILE_KEYS)})")
        out[key] = _coerce(key, value, str(path))
    return out


def load_settings(*, model: str | None = None, base_url: str | None = None, path: Path | None = None) -> Settings:
    """Effective settings: defaults, then the config file, then the environment, then flags."""
    values: dict[str, Any] = {}
    sources: dict[str, str] = {f.name: "default" for f in fields(Settings) if f.name != "sources"}
    file_path = path or config_path()
    for key, value in _read_file(file_path).items():
        values[key], sources[key] = value, f"file {file_path}"
    for env, key in _ENV_KEYS.items():
        if os.environ.get(env):
            values[key], sources[key] = os.environ[env], f"env {env}"
    if os.environ.get("MOCK_INTERVIEW_STRUCTURED_OUTPUT"):
        values["structured_output"] = _coerce(
            "structured_output", os.environ["MOCK_INTERVIEW_STRUCTURED_OUTPUT"], "MOCK_INTERVIEW_STRUCTURED_OUTPUT"
        )
        sources["structured_output"] = "env MOCK_INTERVIEW_STRUCTURED_OUTPUT"
    for key, value in (("model", model), ("base_url", base_url)):
        if value:
            values[key], sources[key] = value, "flag --" + key.replace("_", "-")
    return replace(Settings(**values), sources=sources)
