"""Agreement of the offline grader with human labels, and its speed.

    python bench/grader_agreement.py [tests/data/dev_set.jsonl ...] [--worst N]

Prints Spearman's rho and MAE per file, broken down by answer kind and language, and the time to grade.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from mock_interview.agreement import grade_all, load_labelled, mean_absolute_error, spearman
from mock_interview.bank import load_bank
from mock_interview.grading import OfflineGrader

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def report(path: Path, worst: int) -> None:
    bank = load_bank()
    items = load_labelled(path)
    graded = grade_all(bank, OfflineGrader(), items)
    human = [g.item.human_score for g in graded]
    ours = [g.feedback.score for g in graded]
    print(f"\n== {path.name}: {len(items)} answers over {len({i.question_id for i in items})} questions")
    print(f"   Spearman rho = {spearman(human, ours):.3f}    MAE = {mean_absolute_error(human, ours):.2f} points")
    for field in ("kind", "language"):
        groups = defaultdict(list)
        for g in graded:
            groups[getattr(g.item, field)].append(g)
        print(f"   by {field}:")
        for key, gs in sorted(groups.items()):
            mae = mean_absolute_error([g.item.human_score for g in gs], [g.feedback.score for g in gs])
            bias = statistics.mean(g.error for g in gs)
            print(f"     {key:<17} n={len(gs):<3} MAE={mae:4.2f}  bias={bias:+.2f}")
    if worst:
        print(f"   worst {worst}:")
        for g in sorted(graded, key=lambda g: -abs(g.error))[:worst]:
            print(
                f"     {g.item.id} {g.item.question_id:<24} {g.item.kind:<16} human={g.item.human_score:<4} "
                f"ours={g.feedback.score:<4} flags={','.join(g.feedback.flags)}"
            )


def speed() -> None:
    bank = load_bank()
    grader = OfflineGrader()
    q = bank.question("scaling-sqrt-dk")
    r = bank.rubric("scaling-sqrt-dk")
    base = (
        "点积的方差随 d_k 增大，softmax 会饱和，梯度很小。Dividing by sqrt(d_k) keeps the variance at 1, "
        "so training is stable. 缩放不是为了减少计算量。"
    )
    answer = (base * (1000 // len(base) + 1))[:1000]
    grader.grade(q, r, answer, "zh")  # compile the rubric once, as a session does
    runs = 200
    start = time.perf_counter()
    for _ in range(runs):
        grader.grade(q, r, answer, "zh")
    per = (time.perf_counter() - start) / runs * 1000
    t0 = time.perf_counter()
    load_bank()
    load_ms = (time.perf_counter() - t0) * 1000
    print(f"\n== speed: {per:.2f} ms per 1,000-character answer (mean of {runs}); bank load {load_ms:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--worst", type=int, default=0, help="list the N answers the grader disagrees with most")
    args = parser.parse_args()
    for path in args.files or [DATA / "dev_set.jsonl", DATA / "holdout_set.jsonl"]:
        report(path, args.worst)
    speed()


if __name__ == "__main__":
    main()
