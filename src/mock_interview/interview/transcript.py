"""Session transcripts: the full JSON and a readable Markdown report, saved in the data dir."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from mock_interview.bank.models import Bank
from mock_interview.interview.session import InterviewSession
from mock_interview.paths import data_dir
from mock_interview.store import Store

_MD = {
    "zh": {
        "title": "模拟面试记录",
        "score": "得分",
        "answer": "回答",
        "reference": "参考答案",
        "summary": "总结",
        "mean": "平均分",
        "follow_up": "追问",
        "probe": "面试官追问",
        "skipped": "跳过",
        "hints": "提示",
        "evidence": "证据",
        "missed": "遗漏",
        "misconceptions": "错误观点",
        "grader": "评分",
        "weakest": "最弱",
        "tag": "标签",
        "seconds": "用时",
        "not_graded": "尚未评分（评分失败或被中断，可用 regrade 重新评分）",
    },
    "en": {
        "title": "Mock interview transcript",
        "score": "Score",
        "answer": "Answer",
        "reference": "Reference answer",
        "summary": "Summary",
        "mean": "Mean score",
        "follow_up": "Follow-up",
        "probe": "Interviewer probe",
        "skipped": "skipped",
        "hints": "Hints",
        "evidence": "evidence",
        "missed": "Missed",
        "misconceptions": "Misconceptions",
        "grader": "Graded by",
        "weakest": "Weakest",
        "tag": "Tag",
        "seconds": "time",
        "not_graded": "not graded (grading failed or was interrupted; `regrade` grades it)",
    },
}


def to_json(session: InterviewSession) -> dict[str, Any]:
    summary = session.summary()
    return {
        "version": 1,
        "session_id": session.session_id,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(session.started_at)),
        "language": session.language,
        "grader": session.grader.name,
        "turns": [
            {
                "question_id": t.question_id,
                "kind": t.kind,
                "depth": t.depth,
                "prompt": t.text,
                "status": t.status,
                "answer": t.answer,
                "seconds": round(t.seconds, 1),
                "hints": t.hints,
                "probe": t.probe.model_dump() if t.probe else None,
                "feedback": t.feedback.model_dump(mode="json") if t.feedback else None,
            }
            for t in session.turns
        ],
        "summary": {
            "mean_score": summary.mean_score,
            "seconds": summary.seconds,
            "hints": summary.hints,
            "by_tag": {k: {"mean": v[0], "answers": v[1]} for k, v in summary.by_tag.items()},
            "weakest": [{"question_id": q, "score": s} for q, s in summary.weakest],
        },
    }


def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in (text or "").splitlines()) or ">"


def to_markdown(session: InterviewSession) -> str:
    lang = session.language
    m = _MD[lang]
    summary = session.summary()
    out = [f"# {m['title']}", "", f"{m['grader']}: {session.grader.name} · {m['mean']}: {summary.mean_score}", ""]
    for i, t in enumerate(session.turns, 1):
        label = {"question": "", "follow_up": f" ({m['follow_up']})", "probe": f" ({m['probe']})"}[t.kind]
        out += [f"## {i}. {t.text}{label}", "", f"`{t.question_id}` · {m['seconds']} {t.seconds:.0f}s", ""]
        if t.status == "skipped":
            out += [f"*{m['skipped']}*", ""]
            continue
        out += [f"**{m['answer']}**", "", _quote(t.answer), ""]
        if t.hints:
            out += [f"{m['hints']}: " + "; ".join(t.hints), ""]
        fb = t.feedback
        if fb is None:
            out += [f"*{m['not_graded']}*", ""]
            continue
        out += [
            f"**{m['score']}: {fb.score:.1f}/10** ({fb.grader}"
            + (f"; {fb.fallback_reason}" if fb.fallback_reason else "")
            + ")"
            + (f" — {', '.join(fb.flags)}" if fb.flags else ""),
            "",
        ]
        for c in fb.criteria:
            mark = {"met": "✓", "partial": "◐", "unmet": "✗"}[c.verdict]
            out.append(f"- {mark} `{c.id}` {c.points:.1f}/{c.max_points:.1f} — {c.comment}")
            out += [f"  - {m['evidence']}: “{e.quote}”" for e in c.evidence]
        if fb.missed:
            out += ["", f"{m['missed']}:"] + [f"- {k.text}" for k in fb.missed]
        if fb.misconceptions:
            out += ["", f"{m['misconceptions']}:"] + [f"- {x.text} → {x.correction}" for x in fb.misconceptions]
        if t.kind != "probe":
            ref = session.bank.rubric(t.question_id).reference_answer.get(lang)
            out += ["", f"<details><summary>{m['reference']}</summary>", "", ref.strip(), "", "</details>"]
        out.append("")
    out += [f"## {m['summary']}", "", f"| {m['tag']} | {m['mean']} | n |", "| --- | --- | --- |"]
    out += [f"| {session.bank.tag_label(tag, lang)} | {mean} | {n} |" for tag, (mean, n) in summary.by_tag.items()]
    if summary.weakest:
        out += ["", f"{m['weakest']}: " + ", ".join(f"`{q}` ({s})" for q, s in summary.weakest)]
    return "\n".join(out) + "\n"


def save(session: InterviewSession, folder: Path | None = None) -> tuple[Path, Path]:
    """Write the JSON and Markdown transcripts; returns their paths."""
    folder = folder or data_dir() / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    stem = time.strftime("interview-%Y%m%d-%H%M%S", time.localtime(session.started_at))
    json_path, md_path = folder / f"{stem}.json", folder / f"{stem}.md"
    json_path.write_text(json.dumps(to_json(session), ensure_ascii=False, indent=2), encoding="utf-8")
    md_path.write_text(to_markdown(session), encoding="utf-8")
    return json_path, md_path


class _RecordedGrader:
    """Stands for the grader a stored session was graded with; exporting never grades."""

    def __init__(self, name: str) -> None:
        self.name = name

    def grade(self, *args: object, **kwargs: object) -> Any:
        raise RuntimeError("an exported session is not graded again; use regrade")


def export_session(store: Store, bank: Bank, session_id: int, fmt: str) -> str:
    """A stored session as Markdown (`md`) or the full JSON (`json`); KeyError if there is no such session."""
    stored = store.session(session_id)
    if stored is None:
        raise KeyError(session_id)
    session = InterviewSession.restore(bank, _RecordedGrader(stored.grader), stored)
    if fmt == "json":
        data = to_json(session)
        data["gradings"] = [
            {
                "seq": t.seq,
                "question_id": t.question_id,
                "all": [{"grader": g.grader, "score": g.score, "created_at": g.created_at} for g in t.gradings],
            }
            for t in stored.turns
        ]
        return json.dumps(data, ensure_ascii=False, indent=2)
    return to_markdown(session)
