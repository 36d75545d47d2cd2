"""End to end: the CLI and the grader against the OpenAI-compatible stub server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from conftest import REPO, run_cli
from mock_interview.bank import load_bank
from mock_interview.config import Settings
from mock_interview.grading.llm.grader import LLMGrader
from mock_interview.interview import evaluate_answer
from mock_interview.testing.stub_server import StubConfig, StubServer

ANSWER = "点积的方差随 d_k 增大，softmax 会饱和，梯度很小。"


def llm_env(stub: StubServer, **extra: str) -> dict[str, str]:
    return {"OPENAI_BASE_URL": stub.base_url, "MOCK_INTERVIEW_MODEL": "stub-model", **extra}


def test_grade_with_the_llm(tmp_path: Path) -> None:
    with StubServer() as stub:
        result = run_cli(
            "grade",
            "--question",
            "scaling-sqrt-dk",
            "--answer",
            ANSWER,
            "--json",
            "--grader",
            "llm",
            cwd=tmp_path,
            env=llm_env(stub),
        )
    assert result.returncode == 0, result.stderr
    fb = json.loads(result.stdout)
    assert fb["grader"] == "llm:stub-model" and fb["fallback_reason"] is None
    assert fb["score"] == 10.0
    assert fb["probe"] is None  # the stub proposes a follow-up, but every criterion was met
    assert len(stub.requests) == 1


def test_auto_uses_the_llm_when_an_endpoint_is_configured(tmp_path: Path) -> None:
    with StubServer() as stub:
        result = run_cli(
            "grade",
            "--question",
            "qk-purpose",
            "--answer",
            "Q 是查询，K 是键。",
            "--json",
            cwd=tmp_path,
            env=llm_env(stub),
        )
    assert json.loads(result.stdout)["grader"] == "llm:stub-model"


def test_flags_override_the_environment(tmp_path: Path) -> None:
    with StubServer() as stub:
        env = {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "MOCK_INTERVIEW_MODEL": "env-model"}
        result = run_cli(
            "grade",
            "--question",
            "qk-purpose",
            "--answer",
            "Q 是查询。",
            "--json",
            "--base-url",
            stub.base_url,
            "--model",
            "flag-model",
            cwd=tmp_path,
            env=env,
        )
    assert json.loads(result.stdout)["grader"] == "llm:flag-model"
    assert stub.requests[0]["model"] == "flag-model"


def test_grade_batch_with_concurrency_keeps_order(tmp_path: Path) -> None:
    lines = [
        {"question_id": "scaling-sqrt-dk", "answer": f"第 {i} 个回答：点积的方差随 d_k 增大。", "n": i}
        for i in range(12)
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    with StubServer(StubConfig(latency=0.1)) as stub:
        result = run_cli(
            "grade-batch", "in.jsonl", "--grader", "llm", "--concurrency", "6", cwd=tmp_path, env=llm_env(stub)
        )
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["n"] for o in out] == list(range(12))
    assert {o["grader"] for o in out} == {"llm:stub-model"}
    assert "12 by llm:stub-model" in result.stderr


def test_endpoint_down_falls_back_per_line_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("timeout = 2\nread_timeout = 1\n", encoding="utf-8")
    lines = [{"question_id": "scaling-sqrt-dk", "answer": ANSWER}, {"question_id": "qk-purpose", "answer": "Q 是查询"}]
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    with StubServer(StubConfig(faults=[503] * 50)) as stub:
        env = llm_env(stub, MOCK_INTERVIEW_CONFIG=str(tmp_path / "config.toml"))
        result = run_cli("grade-batch", "in.jsonl", "--grader", "llm", cwd=tmp_path, env=env)
    assert result.returncode == 0  # every line was graded, by the fallback
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["grader"] for o in out] == ["offline", "offline"]
    assert all("503" in o["fallback_reason"] for o in out)
    assert "in.jsonl:1:" in result.stderr and "fell back to offline grading" in result.stderr


def test_connection_refused_falls_back(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "config.toml").write_text("timeout = 2\n", encoding="utf-8")
    env = {"OPENAI_BASE_URL": f"http://127.0.0.1:{port}/v1", "MOCK_INTERVIEW_CONFIG": str(tmp_path / "config.toml")}
    result = run_cli("grade", "--question", "scaling-sqrt-dk", "--answer", ANSWER, "--json", cwd=tmp_path, env=env)
    assert result.returncode == 0
    fb = json.loads(result.stdout)
    assert fb["grader"] == "offline" and "cannot connect" in fb["fallback_reason"]
    assert "graded offline instead" in result.stderr or "离线" in result.stderr


def test_bad_key_fails_fast_with_exit_2(tmp_path: Path) -> None:
    with StubServer(StubConfig(faults=[401])) as stub:
        result = run_cli(
            "grade",
            "--question",
            "qk-purpose",
            "--answer",
            "Q 是查询",
            "--grader",
            "llm",
            cwd=tmp_path,
            env=llm_env(stub, OPENAI_API_KEY="sk-wrong-key-1234567890"),
        )
    assert result.returncode == 2
    assert "OPENAI_API_KEY" in result.stderr and "Traceback" not in result.stderr
    assert "sk-wrong-key-1234567890" not in result.stderr + result.stdout
    assert len(stub.requests) == 1


def test_llm_without_an_endpoint_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("grade", "--question", "qk-purpose", "--answer", "x", "--grader", "llm", cwd=tmp_path)
    assert result.returncode == 2 and "no LLM endpoint is configured" in result.stderr


def test_config_shows_effective_settings_with_the_key_masked(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'model = "file-model"\ntimeout = 20\nstructured_output = "json_object"\n', encoding="utf-8"
    )
    env = {"OPENAI_API_KEY": "sk-secret-abcdef1234567890", "MOCK_INTERVIEW_CONFIG": str(tmp_path / "config.toml")}
    result = run_cli("config", "--base-url", "http://localhost:11434/v1", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "sk-secret-abcdef1234567890" not in result.stdout
    assert "sk-…7890" in result.stdout
    assert "file-model" in result.stdout and "json_object" in result.stdout
    assert "flag --base-url" in result.stdout and "env OPENAI_API_KEY" in result.stdout


def test_a_broken_config_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('timeout = "soon"\n', encoding="utf-8")
    result = run_cli("config", cwd=tmp_path, env={"MOCK_INTERVIEW_CONFIG": str(tmp_path / "config.toml")})
    assert result.returncode == 2 and "config.toml: `timeout` must be a float" in result.stderr


def test_streaming_through_the_engine_reports_partial_verdicts() -> None:
    bank = load_bank(REPO)
    with StubServer(StubConfig(chunk_chars=16)) as stub:
        grader = LLMGrader(Settings(base_url=stub.base_url, model="stub-model", timeout=10))
        seen: list[list[str]] = []
        fb = evaluate_answer(
            bank,
            "scaling-sqrt-dk",
            ANSWER,
            grader,
            "zh",
            on_partial=lambda crits: seen.append([c.level for c in crits]),
        )
    assert stub.requests[0]["stream"] is True
    assert [len(s) for s in seen] == [1, 2, 3] and seen[-1] == ["full", "full", "full"]
    assert fb.grader == "llm:stub-model" and fb.follow_up == "attention-formula"
