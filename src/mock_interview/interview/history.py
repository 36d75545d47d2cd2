"""History across sessions: scores over time, per tag, the weakest questions, what is due for review."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mock_interview.bank.models import Bank
from mock_interview.store import Store

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(scores: list[float]) -> str:
    """0–10 scores as a row of block characters."""
    return "".join(SPARKS[min(len(SPARKS) - 1, int(s / 10 * len(SPARKS)))] for s in scores)


@dataclass
class SessionLine:
    id: int
    started_at: str
    language: str
    grader: str
    status: str
    answered: int
    mean_score: float | None


@dataclass
class HistoryReport:
    sessions: list[SessionLine] = field(default_factory=list)
    scores_over_time: list[float] = field(default_factory=list)  # every graded answer, oldest first
    by_tag: dict[str, list[float]] = field(default_factory=dict)  # tag -> scores, oldest first
    weakest: list[tuple[str, float, int]] = field(default_factory=list)  # (question, mean, answers), worst first
    due: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "sessions": [s.__dict__ for s in self.sessions],
            "scores_over_time": self.scores_over_time,
            "by_tag": {tag: {"scores": v, "mean": round(sum(v) / len(v), 1)} for tag, v in self.by_tag.items()},
            "weakest": [{"question_id": q, "mean": m, "answers": n} for q, m, n in self.weakest],
            "due": [{"question_id": q, "due": d} for q, d in self.due],
        }


def build_history(store: Store, bank: Bank, weakest: int = 5) -> HistoryReport:
    report = HistoryReport()
    per_question: dict[str, list[float]] = defaultdict(list)
    by_tag: dict[str, list[float]] = defaultdict(list)
    for session in store.sessions():
        answered = 0
        for turn in session.turns:
            if turn.kind == "probe" or not turn.gradings:
                continue
            answered += 1
            score = turn.gradings[-1].score
            report.scores_over_time.append(score)
            per_question[turn.question_id].append(score)
            if turn.question_id in bank:
                for tag in bank.question(turn.question_id).tags:
                    by_tag[tag].append(score)
        report.sessions.append(
            SessionLine(
                session.id,
                session.started_at,
                session.language,
                session.grader,
                session.status,
                answered,
                session.mean_score,
            )
        )
    report.by_tag = dict(sorted(by_tag.items()))
    means = [(q, round(sum(v) / len(v), 1), len(v)) for q, v in per_question.items()]
    report.weakest = sorted(means, key=lambda x: (x[1], -x[2]))[:weakest]
    report.due = [(q, d) for q, d in store.due() if q in bank]
    return report
