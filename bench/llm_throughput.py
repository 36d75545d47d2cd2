"""LLM grading against the local stub server: batch throughput, local overhead, prompt sizes.

    python bench/llm_throughput.py [--answers 48] [--latency 0.25]

Throughput is reported as a ratio to the ideal N x latency / concurrency (1.00 = no overhead at all).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from mock_interview.bank import load_bank
from mock_interview.config import Settings
from mock_interview.grading.llm.grader import LLMGrader
from mock_interview.grading.llm.prompt import build_prompt
from mock_interview.interview.batch import grade_lines
from mock_interview.testing.stub_server import StubConfig, StubServer

ANSWER = "点积的方差随 d_k 增大，softmax 会饱和，梯度很小。除以 √d_k 后方差回到 1，训练更稳定。"


def throughput(n: int, latency: float) -> None:
    bank = load_bank()
    ids = [q.id for q in bank.questions]
    lines = [json.dumps({"question_id": ids[i % len(ids)], "answer": ANSWER}, ensure_ascii=False) for i in range(n)]
    print(f"== batch throughput: {n} answers, stub latency {latency * 1000:.0f} ms")
    with StubServer(StubConfig(latency=latency)) as stub:
        grader = LLMGrader(Settings(base_url=stub.base_url, model="stub-model", timeout=60))
        for concurrency in (1, 4, 8, 16):
            start = time.perf_counter()
            results = list(grade_lines(lines, bank, grader, language="zh", concurrency=concurrency))
            wall = time.perf_counter() - start
            ideal = n * latency / concurrency
            assert all(r.output.get("grader") == "llm:stub-model" for r in results)
            print(f"   concurrency {concurrency:>2}: {wall:6.2f} s  ideal {ideal:5.2f} s  ratio {wall / ideal:4.2f}")


def overhead(n: int) -> None:
    bank = load_bank()
    q, r = bank.question("scaling-sqrt-dk"), bank.rubric("scaling-sqrt-dk")
    with StubServer() as stub:
        grader = LLMGrader(Settings(base_url=stub.base_url, model="stub-model", timeout=60))
        grader.grade(q, r, ANSWER, "zh")  # warm up: imports, connection
        times = []
        for _ in range(n):
            start = time.perf_counter()
            grader.grade(q, r, ANSWER, "zh")
            times.append(time.perf_counter() - start)
    print(
        f"== local overhead per graded answer (stub answers at once, loopback HTTP included): "
        f"median {statistics.median(times) * 1000:.1f} ms, p90 {sorted(times)[int(0.9 * n)] * 1000:.1f} ms"
    )


def prompt_sizes() -> None:
    bank = load_bank()
    sizes = []
    for q in bank.questions:
        p = build_prompt(q, bank.rubric(q.id), ANSWER, "zh", nonce="0" * 16)
        sizes.append((len(p.system) + len(p.user), len(p.system), q.id))
    total = [s[0] for s in sizes]
    print(
        f"== prompt size across {len(sizes)} questions (characters, with a {len(ANSWER)}-character answer): "
        f"min {min(total)}, median {int(statistics.median(total))}, max {max(total)} ({max(sizes)[2]}); "
        f"the stable, cacheable prefix is {statistics.mean(s[1] / s[0] for s in sizes):.0%} of it on average"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=48)
    parser.add_argument("--latency", type=float, default=0.25)
    args = parser.parse_args()
    throughput(args.answers, args.latency)
    overhead(30)
    prompt_sizes()


if __name__ == "__main__":
    main()
