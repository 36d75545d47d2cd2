"""Talking to an OpenAI-compatible chat endpoint: one retry layer, explicit timeouts, clear errors, streaming.

The SDK's own retries are off (max_retries=0); tenacity retries here, honouring Retry-After, with exponential
backoff and jitter, inside one total time budget per answer. Errors are classified so the caller can fail
fast on configuration mistakes (401/403/404) and fall back on outages.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import httpx
import openai
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_random_exponential

from mock_interview.config import Settings

Mode = Literal["json_schema", "json_object", "prompt"]
ErrorKind = Literal[
    "auth",
    "not_found",
    "bad_request",
    "rate_limited",
    "server",
    "timeout",
    "connection",
    "refusal",
    "invalid_output",
    "budget",
]
RETRYABLE: frozenset[str] = frozenset({"rate_limited", "server", "timeout", "connection"})
MAX_ATTEMPTS = 6


class EndpointError(Exception):
    """A failed call, classified. `retry_after` is the server's Retry-After in seconds, if it sent one."""

    def __init__(self, kind: ErrorKind, message: str, *, status: int | None = None, retry_after: float | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


@dataclass
class Completion:
    text: str
    finish_reason: str | None
    refusal: str | None = None


def parse_retry_after(headers: httpx.Headers | None) -> float | None:
    """Seconds from `retry-after-ms` or `retry-after` (seconds or an HTTP date)."""
    if headers is None:
        return None
    if (ms := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _short(body: object, limit: int = 200) -> str:
    text = body if isinstance(body, str) else str(body)
    text = " ".join(text.split())
    if text.lstrip().startswith("<"):
        return "an HTML page instead of JSON (is the base URL an OpenAI-compatible /v1 endpoint?)"
    return text[:limit] + ("…" if len(text) > limit else "")


def classify(exc: Exception, settings: Settings) -> EndpointError:
    """Map an SDK/HTTP exception to an EndpointError whose message says what to fix."""
    url, model = settings.effective_base_url, settings.effective_model
    if isinstance(exc, EndpointError):
        return exc
    if isinstance(exc, openai.APITimeoutError):
        return EndpointError("timeout", f"no answer from {url} within the timeout")
    if isinstance(exc, openai.APIConnectionError):
        return EndpointError("connection", f"cannot connect to {url} ({exc.__cause__ or exc})")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        body = _short(exc.response.text if exc.response is not None else exc.message)
        if status in (401, 403):
            return EndpointError(
                "auth",
                f"{url} rejected the API key ({status}): check OPENAI_API_KEY or api_key in the config file",
                status=status,
            )
        if status == 404:
            return EndpointError(
                "not_found",
                f"{url} answered 404 for model {model!r}: check MOCK_INTERVIEW_MODEL / --model, and that "
                f"OPENAI_BASE_URL / --base-url ends in the API root (often /v1) — {body}",
                status=status,
            )
        if status == 429:
            return EndpointError(
                "rate_limited",
                f"rate limited by {url} (429)",
                status=status,
                retry_after=parse_retry_after(exc.response.headers),
            )
        if status in (400, 422):
            return EndpointError("bad_request", f"{url} rejected the request ({status}): {body}", status=status)
        return EndpointError(
            "server",
            f"{url} failed ({status}): {body}",
            status=status,
            retry_after=parse_retry_after(exc.response.headers),
        )
    if isinstance(exc, openai.APIResponseValidationError | ValueError):
        return EndpointError("server", f"{url} sent a reply that is not an OpenAI-style response: {_short(exc)}")
    if isinstance(exc, httpx.HTTPError):
        return EndpointError("connection", f"HTTP error talking to {url}: {exc}")
    raise exc


class ChatEndpoint:
    """An OpenAI-compatible chat completions endpoint."""

    def __init__(self, settings: Settings, http_client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.client = openai.OpenAI(
            api_key=settings.api_key or "not-needed",  # local servers (Ollama, llama.cpp) take any key
            base_url=settings.effective_base_url,
            max_retries=0,
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            http_client=http_client,
        )

    def _request(
        self,
        messages: list[dict[str, str]],
        mode: Mode,
        schema: dict[str, Any],
        timeout: float,
        on_text: Callable[[str], None] | None,
    ) -> Completion:
        kwargs: dict[str, Any] = {
            "model": self.settings.effective_model,
            "messages": messages,
            "temperature": self.settings.temperature,
        }
        if mode == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "grading", "strict": True, "schema": schema},
            }
        elif mode == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        client = self.client.with_options(
            timeout=httpx.Timeout(min(self.settings.read_timeout, timeout), connect=self.settings.connect_timeout)
        )
        if on_text is None:
            response = client.chat.completions.create(**kwargs)
            if not getattr(response, "choices", None):
                raise EndpointError("server", f"{self.settings.effective_base_url} sent a reply with no choices")
            choice = response.choices[0]
            return Completion(choice.message.content or "", choice.finish_reason, choice.message.refusal)
        parts: list[str] = []
        refusal: list[str] = []
        finish: str | None = None
        for chunk in client.chat.completions.create(**kwargs, stream=True):
            if not chunk.choices:
                continue
            choice = chunk.choices[0]
            if choice.delta and choice.delta.content:
                parts.append(choice.delta.content)
                on_text("".join(parts))
            if choice.delta and getattr(choice.delta, "refusal", None):
                refusal.append(choice.delta.refusal or "")
            finish = choice.finish_reason or finish
        return Completion("".join(parts), finish, "".join(refusal) or None)

    def complete(
        self,
        messages: list[dict[str, str]],
        mode: Mode,
        schema: dict[str, Any],
        deadline: float,
        on_text: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> Completion:
        """One completion, retried on transient failures until `deadline` (on `clock`)."""

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            remaining = deadline - clock()
            backoff = wait_random_exponential(multiplier=0.5, max=8)(state)
            delay = exc.retry_after if isinstance(exc, EndpointError) and exc.retry_after is not None else backoff
            if delay >= remaining:
                raise EndpointError(
                    "budget",
                    f"{exc} — still failing after {state.attempt_number} attempt(s); "
                    f"gave up within the {self.settings.timeout:g}s budget",
                ) from exc
            return delay

        def attempt() -> Completion:
            remaining = deadline - clock()
            if remaining <= 0:
                raise EndpointError("budget", f"the {self.settings.timeout:g}s budget ran out")
            try:
                return self._request(messages, mode, schema, remaining, on_text)
            except Exception as exc:  # classified below; anything unknown propagates
                raise classify(exc, self.settings) from exc

        retrying = Retrying(
            retry=retry_if_exception(lambda e: isinstance(e, EndpointError) and e.retryable),
            wait=wait,
            stop=stop_after_attempt(MAX_ATTEMPTS),
            sleep=sleep,
            reraise=True,
        )
        return retrying(attempt)
