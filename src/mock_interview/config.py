"""Settings: whether an LLM endpoint is configured (environment first)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class EndpointSettings:
    """Where the LLM grader would send requests. The key is never printed."""

    api_key: str | None
    base_url: str | None
    model: str | None

    @property
    def configured(self) -> bool:
        """An endpoint counts as configured when a key or a base URL is set."""
        return bool(self.api_key or self.base_url)


def endpoint_settings() -> EndpointSettings:
    return EndpointSettings(
        api_key=os.environ.get("OPENAI_API_KEY") or None,
        base_url=os.environ.get("OPENAI_BASE_URL") or None,
        model=os.environ.get("MOCK_INTERVIEW_MODEL") or None,
    )
