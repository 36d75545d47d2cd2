"""A small OpenAI-compatible chat-completions server on 127.0.0.1 for tests and benchmarks.

It grades like a simple honest model by default (quotes the answer's first clause as evidence for every
criterion), and can be told to add latency, fail with given statuses, reject structured-output modes, stream,
or answer with any text. It listens on loopback only and serves until `stop()`.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[dict[str, Any]], str]
_ANSWER = re.compile(r"<<<ANSWER-(\w+)>>>\n(.*?)\n<<<END-\1>>>", re.S)


def answer_of(request: dict[str, Any]) -> str:
    """The candidate answer inside the nonce markers of the last user message."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    m = _ANSWER.search(user)
    return m.group(2) if m else ""


def rubric_of(request: dict[str, Any]) -> dict[str, Any]:
    system = request["messages"][0]["content"]
    return json.loads(system.split("RUBRIC (json):\n", 1)[1])  # type: ignore[no-any-return]


def honest_reply(request: dict[str, Any]) -> str:
    """Every criterion `full`, quoting the answer's first clause; a follow-up aimed at the last criterion."""
    answer = answer_of(request)
    quote = re.split(r"[，。,.;；\n]", answer.strip(), maxsplit=1)[0][:40]
    rubric = rubric_of(request)
    criteria = [
        {
            "id": c["id"],
            "reasoning": "stub",
            "level": "full" if quote else "none",
            "evidence": [quote] if quote else [],
            "key_points": [kp["id"] for kp in c["key_points"]],
        }
        for c in rubric["criteria"]
    ]
    last = rubric["criteria"][-1]["id"]
    return json.dumps(
        {
            "criteria": criteria,
            "misconceptions": [],
            "injection_suspected": False,
            "flags": [],
            "follow_up": {"question": "stub follow-up?", "targets": [last]},
        },
        ensure_ascii=False,
    )


@dataclass
class StubConfig:
    latency: float = 0.0  # seconds before each reply
    faults: list[int | str] = field(default_factory=list)  # consumed one per request: 429, 500, 503, "html", "drop"
    retry_after: float | None = None  # sent with 429/503 faults
    reject_modes: set[str] = field(default_factory=set)  # response_format types answered with 400
    reply: Reply = honest_reply
    finish_reason: str = "stop"
    chunk_chars: int = 24  # streaming chunk size


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _send(
        self, status: int, body: bytes, content_type: str = "application/json", headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        body = json.dumps({"error": {"message": message, "type": "stub_error", "code": status}}).encode()
        self._send(status, body, headers=headers)

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self._send(200, json.dumps({"object": "list", "data": [{"id": "stub-model", "object": "model"}]}).encode())
        else:
            self._error(404, "not found")

    def do_POST(self) -> None:
        stub = self.server.stub
        length = int(self.headers.get("Content-Length", 0))
        request = json.loads(self.rfile.read(length) or b"{}")
        with stub.lock:
            stub.requests.append(request)
            fault = stub.config.faults.pop(0) if stub.config.faults else None
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self._error(404, f"no route {self.path}")
            return
        if stub.config.latency:
            time.sleep(stub.config.latency)
        headers = {"Retry-After": f"{stub.config.retry_after:g}"} if stub.config.retry_after is not None else {}
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if fault == "html":
            self._send(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
            return
        if isinstance(fault, int):
            self._error(fault, f"injected fault {fault}", headers)
            return
        fmt = (request.get("response_format") or {}).get("type")
        if fmt in stub.config.reject_modes:
            self._error(400, f"response_format {fmt} is not supported")
            return
        content = stub.config.reply(request)
        created = int(time.time())
        if request.get("stream"):
            self._stream(content, created, request.get("model", "stub-model"))
            return
        body = {
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": created,
            "model": request.get("model", "stub-model"),
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": stub.config.finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
        self._send(200, json.dumps(body, ensure_ascii=False).encode())

    def _stream(self, content: str, created: int, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        size = self.server.stub.config.chunk_chars

        def chunk(delta: dict[str, Any], finish: str | None = None) -> None:
            data = {
                "id": "chatcmpl-stub",
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
            self.wfile.write(f"data: {json.dumps(data, ensure_ascii=False)}\n\n".encode())
            self.wfile.flush()

        chunk({"role": "assistant", "content": ""})
        for i in range(0, len(content), size):
            chunk({"content": content[i : i + size]})
        chunk({}, self.server.stub.config.finish_reason)
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default backlog of 5 stalls bursts of concurrent connections
    stub: StubServer


class StubServer:
    """`with StubServer(StubConfig(...)) as stub:` then point the grader at `stub.base_url`."""

    def __init__(self, config: StubConfig | None = None) -> None:
        self.config = config or StubConfig()
        self.requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> StubServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    """`python -m mock_interview.testing.stub_server [--latency S]`: serve until Ctrl-C."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    with StubServer(StubConfig(latency=args.latency)) as stub:
        print(f"stub OpenAI-compatible server at {stub.base_url} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
