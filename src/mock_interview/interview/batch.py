"""Grading many answers: JSON lines in, feedback lines out, in input order, bad lines reported not fatal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from mock_interview.bank.models import Bank
from mock_interview.grading.base import Grader
from mock_interview.interview.evaluate import evaluate_answer
from mock_interview.lang import Lang, detect_language

REQUIRED_FIELDS = ("question_id", "answer")


@dataclass
class BatchResult:
    """One output line: the feedback plus carried fields, or the error that kept the line from being graded."""

    line: int
    output: dict[str, Any]
    error: str | None = None


def parse_line(text: str, bank: Bank) -> tuple[dict[str, Any], str | None]:
    """The record of one input line, or an error message naming what is wrong."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, f"not valid JSON ({exc.msg} at column {exc.colno})"
    if not isinstance(record, dict):
        return {}, "expected a JSON object with question_id and answer"
    for name in REQUIRED_FIELDS:
        if name not in record:
            return record, f"missing field {name!r}"
        if not isinstance(record[name], str):
            return record, f"field {name!r} must be a string"
    if record["question_id"] not in bank:
        return record, f"unknown question_id {record['question_id']!r}"
    return record, None


def grade_lines(
    lines: Iterable[str],
    bank: Bank,
    grader: Grader,
    language: Lang | None = None,
    concurrency: int = 4,
    on_done: Callable[[BatchResult], None] | None = None,
) -> Iterator[BatchResult]:
    """Grade each non-blank line; yields results in input order while later lines are still being graded."""

    def grade(line_no: int, record: dict[str, Any]) -> BatchResult:
        carried = {k: v for k, v in record.items() if k not in REQUIRED_FIELDS}
        lang = language or detect_language(record["answer"])
        try:
            feedback = evaluate_answer(bank, record["question_id"], record["answer"], grader, lang)
        except Exception as exc:  # one broken line must not stop the batch; the reason is reported
            return BatchResult(line_no, {**carried, "error": {"line": line_no, "message": str(exc)}}, str(exc))
        return BatchResult(line_no, {**carried, **feedback.model_dump(mode="json")})

    def done(result: BatchResult) -> BatchResult:
        if on_done:
            on_done(result)
        return result

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        pending: list[Future[BatchResult] | BatchResult] = []
        for line_no, text in enumerate(lines, start=1):
            if not text.strip():
                continue
            record, error = parse_line(text, bank)
            if error:
                carried = {k: v for k, v in record.items() if k not in REQUIRED_FIELDS}
                pending.append(BatchResult(line_no, {**carried, "error": {"line": line_no, "message": error}}, error))
            else:
                future = pool.submit(grade, line_no, record)
                future.add_done_callback(lambda f: done(f.result()))
                pending.append(future)
        for item in pending:
            if isinstance(item, BatchResult):
                yield done(item)
            else:
                yield item.result()
