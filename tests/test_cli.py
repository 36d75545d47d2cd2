"""The CLI as a user runs it: from a directory outside the repository, against the shipped bank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from mock_interview.bank import default_bank_dir

CONTRACT_KEYS = {
    "schema_version",
    "question_id",
    "score",
    "criteria",
    "covered",
    "missed",
    "misconceptions",
    "adjustments",
    "strengths",
    "gaps",
    "flags",
    "grader",
    "language",
    "follow_up",
    "probe",
    "hints_used",
    "fallback_reason",
}
GOOD = "点积的方差随 d_k 增大，softmax 会饱和，梯度很小。除以 √d_k 后方差回到 1，训练更稳定。"


def test_the_bank_is_found_from_anywhere() -> None:
    assert (default_bank_dir() / "questions" / "scaling-sqrt-dk.yaml").is_file()


def test_questions_table_in_both_languages(tmp_path: Path) -> None:
    zh = run_cli("questions", "--lang", "zh", cwd=tmp_path, env={"COLUMNS": "250"})
    assert zh.returncode == 0, zh.stderr
    assert "聊一聊 Transformer 的架构和基本原理。" in zh.stdout
    assert "位置编码" in zh.stdout
    en = run_cli("questions", "--lang", "en", cwd=tmp_path, env={"COLUMNS": "250"})
    assert "Walk me through the Transformer's architecture" in en.stdout


def test_questions_json(tmp_path: Path) -> None:
    result = run_cli("questions", "--json", cwd=tmp_path)
    rows = json.loads(result.stdout)
    assert 35 <= len(rows) <= 40
    first = rows[0]
    assert {"id", "text", "difficulty", "tags", "follow_ups"} <= set(first)
    assert set(first["text"]) == {"zh", "en"}
    ids = {r["id"] for r in rows}
    assert all(f in ids for r in rows for f in r["follow_ups"])
    chain = {r["id"]: r["follow_ups"] for r in rows}
    assert "qk-same-input" in chain["qk-purpose"] and "qk-shared-matrix-impact" in chain["qk-same-input"]


@pytest.mark.parametrize("tag", ["positional-encoding", "位置编码", "Positional Encoding"])
def test_questions_filter_by_tag_in_any_spelling(tmp_path: Path, tag: str) -> None:
    rows = json.loads(run_cli("questions", "--json", "--tag", tag, cwd=tmp_path).stdout)
    assert {r["id"] for r in rows} == {"positional-encoding", "positional-encoding-formula"}


def test_questions_filter_by_difficulty(tmp_path: Path) -> None:
    rows = json.loads(run_cli("questions", "--json", "--difficulty", "hard", cwd=tmp_path).stdout)
    assert rows and all(r["difficulty"] == "hard" for r in rows)
    assert "qk-shared-matrix-impact" in {r["id"] for r in rows}


def test_unknown_tag_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("questions", "--tag", "cooking", cwd=tmp_path)
    assert result.returncode == 2
    assert "unknown tag 'cooking'" in result.stderr and "Traceback" not in result.stderr


def test_grade_json_is_the_contract(tmp_path: Path) -> None:
    result = run_cli("grade", "--question", "scaling-sqrt-dk", "--answer", GOOD, "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    fb = json.loads(result.stdout)
    assert set(fb) == CONTRACT_KEYS
    assert fb["grader"] == "offline" and fb["language"] == "zh"
    assert 0 <= fb["score"] <= 10 and round(fb["score"], 1) == fb["score"]
    for c in fb["criteria"]:
        for e in c["evidence"]:
            assert GOOD[e["start"] : e["end"]] == e["quote"]


def test_grade_reads_the_answer_from_stdin(tmp_path: Path) -> None:
    result = run_cli("grade", "--question", "scaling-sqrt-dk", "--answer-file", "-", "--json", cwd=tmp_path, stdin=GOOD)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["score"] > 5


def test_grade_reads_an_answer_file_and_prints_readably(tmp_path: Path) -> None:
    path = tmp_path / "answer.txt"
    path.write_text("点积的方差 [bold red]not markup[/] 随 d_k 增大\x1b[31m，softmax 会饱和。", encoding="utf-8")
    result = run_cli(
        "grade",
        "--question",
        "scaling-sqrt-dk",
        "--answer-file",
        str(path),
        "--lang",
        "en",
        cwd=tmp_path,
        env={"COLUMNS": "200"},
    )
    assert result.returncode == 0, result.stderr
    assert "Score" in result.stdout and "offline, not LLM-graded" in result.stdout
    assert "[bold red]not markup[/]" in result.stdout  # candidate text is shown literally
    assert "\x1b[31m" not in result.stdout  # and cannot restyle the terminal


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grade", "--question", "nope", "--answer", "x"], "unknown question 'nope'"),
        (
            ["grade", "--question", "scaling-sqrt-dk", "--answer-file", "missing.txt"],
            "answer file not found: missing.txt",
        ),
        (["grade-batch", "missing.jsonl"], "input file not found: missing.jsonl"),
        (["grade-batch", "in.jsonl", "--concurrency", "0"], "--concurrency must be at least 1"),
    ],
)
def test_user_errors_exit_2_without_traceback(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "in.jsonl").write_text("", encoding="utf-8")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_answer_file_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("点积".encode("gbk"))
    result = run_cli("grade", "--question", "scaling-sqrt-dk", "--answer-file", "a.txt", cwd=tmp_path)
    assert result.returncode == 2 and "not UTF-8" in result.stderr


def test_grade_batch_keeps_order_carries_fields_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"question_id": "scaling-sqrt-dk", "answer": GOOD, "candidate": "ann"}, ensure_ascii=False),
        "{not json",
        "",
        json.dumps({"question_id": "nope", "answer": "x", "candidate": "bob"}),
        json.dumps({"question_id": "qk-purpose", "candidate": "cat"}),
        json.dumps(
            {"question_id": "qk-purpose", "answer": "不知道", "candidate": "dan", "extra": [1, 2]}, ensure_ascii=False
        ),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("grade-batch", "in.jsonl", "-o", "out.jsonl", "--concurrency", "3", cwd=tmp_path)
    assert result.returncode == 1  # some lines could not be graded
    out = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o.get("candidate") for o in out] == ["ann", None, "bob", "cat", "dan"]
    assert out[0]["score"] > 5 and set(out[0]) == CONTRACT_KEYS | {"candidate"}
    assert out[1]["error"]["line"] == 2 and "not valid JSON" in out[1]["error"]["message"]
    assert "unknown question_id 'nope'" in out[2]["error"]["message"]
    assert "missing field 'answer'" in out[3]["error"]["message"]
    assert out[4]["flags"] == ["dont_know"] and out[4]["extra"] == [1, 2]
    assert "in.jsonl:2: not valid JSON" in result.stderr
    assert "in.jsonl:4: unknown question_id" in result.stderr
    assert "graded 2 of 5 line(s) (2 by offline), 3 could not be graded" in result.stderr


def test_grade_batch_many_lines_concurrently_in_input_order(tmp_path: Path) -> None:
    answers = [GOOD[: 10 + i] for i in range(30)]
    (tmp_path / "in.jsonl").write_text(
        "".join(
            json.dumps({"question_id": "scaling-sqrt-dk", "answer": a, "n": i}, ensure_ascii=False) + "\n"
            for i, a in enumerate(answers)
        ),
        encoding="utf-8",
    )
    result = run_cli("grade-batch", "in.jsonl", "--concurrency", "8", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [o["n"] for o in out] == list(range(30))
    assert "graded 30 of 30" in result.stderr
