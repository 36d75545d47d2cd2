"""Reading and writing sessions, turns, gradings and review cards. Every write is its own transaction."""

from __future__ import annotations

import functools
import json
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from mock_interview.paths import data_dir
from mock_interview.store.db import open_db

DB_NAME = "mock-interview.sqlite3"
P = ParamSpec("P")
R = TypeVar("R")


def default_db_path() -> Path:
    return data_dir() / DB_NAME


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class StoredGrading:
    grader: str
    score: float
    feedback: dict[str, Any]
    created_at: str


@dataclass
class StoredTurn:
    seq: int
    question_id: str
    kind: str
    depth: int
    parent_seq: int | None
    prompt: str
    probe: dict[str, Any] | None
    status: str
    answer: str | None
    seconds: float
    hints: list[str]
    answered_at: str | None
    gradings: list[StoredGrading] = field(default_factory=list)

    @property
    def feedback(self) -> dict[str, Any] | None:
        """The latest grading's feedback (a regrade or a recovery adds a newer one)."""
        return self.gradings[-1].feedback if self.gradings else None

    @property
    def awaiting_grade(self) -> bool:
        """Submitted (the answer is saved) but never graded: the process died in between."""
        return self.answer is not None and self.status == "open" and not self.gradings


@dataclass
class StoredSession:
    id: int
    started_at: str
    finished_at: str | None
    language: str
    grader: str
    plan: dict[str, Any]
    status: str
    turns: list[StoredTurn] = field(default_factory=list)

    @property
    def mean_score(self) -> float | None:
        scores = [t.gradings[-1].score for t in self.turns if t.gradings and t.kind != "probe"]
        return round(sum(scores) / len(scores), 1) if scores else None


def _locked(method: Callable[P, R]) -> Callable[P, R]:
    """Serialise use of the connection: the TUI's grading worker and its UI thread share one Store."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with args[0]._lock:  # type: ignore[attr-defined]
            return method(*args, **kwargs)

    return wrapper


class Store:
    """The app's database. Safe to open from two processes at once (WAL, busy timeout) and to use from
    several threads of one process (a lock)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_db_path()
        self.db: sqlite3.Connection = open_db(self.path)
        self._lock = threading.RLock()

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @_locked
    def _write(self, sql: str, params: tuple[Any, ...]) -> int:
        with self.db:  # a transaction; the busy timeout waits out the other instance's writes
            cur = self.db.execute(sql, params)
            return int(cur.lastrowid or 0)

    # -- sessions -------------------------------------------------------------------------------------------
    @_locked
    def create_session(self, language: str, grader: str, plan: dict[str, Any]) -> int:
        return self._write(
            "INSERT INTO sessions (started_at, language, grader, plan) VALUES (?, ?, ?, ?)",
            (now_iso(), language, grader, json.dumps(plan, ensure_ascii=False)),
        )

    @_locked
    def finish_session(self, session_id: int) -> None:
        self._write("UPDATE sessions SET status = 'finished', finished_at = ? WHERE id = ?", (now_iso(), session_id))

    @_locked
    def add_turn(
        self,
        session_id: int,
        seq: int,
        question_id: str,
        kind: str,
        depth: int,
        parent_seq: int | None,
        prompt: str,
        probe: dict[str, Any] | None,
    ) -> None:
        self._write(
            "INSERT INTO turns (session_id, seq, question_id, kind, depth, parent_seq, prompt, probe) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                seq,
                question_id,
                kind,
                depth,
                parent_seq,
                prompt,
                json.dumps(probe, ensure_ascii=False) if probe else None,
            ),
        )

    @_locked
    def save_answer(self, session_id: int, seq: int, answer: str, seconds: float, hints: list[str]) -> None:
        """Written before the answer is sent for grading."""
        self._write(
            "UPDATE turns SET answer = ?, seconds = ?, hints = ?, answered_at = ? WHERE session_id = ? AND seq = ?",
            (answer, seconds, json.dumps(hints, ensure_ascii=False), now_iso(), session_id, seq),
        )

    @_locked
    def save_hints(self, session_id: int, seq: int, hints: list[str]) -> None:
        self._write(
            "UPDATE turns SET hints = ? WHERE session_id = ? AND seq = ?",
            (json.dumps(hints, ensure_ascii=False), session_id, seq),
        )

    @_locked
    def set_status(self, session_id: int, seq: int, status: str, seconds: float | None = None) -> None:
        if seconds is None:
            self._write("UPDATE turns SET status = ? WHERE session_id = ? AND seq = ?", (status, session_id, seq))
        else:
            self._write(
                "UPDATE turns SET status = ?, seconds = ? WHERE session_id = ? AND seq = ?",
                (status, seconds, session_id, seq),
            )

    @_locked
    def add_grading(self, session_id: int, seq: int, feedback: dict[str, Any], status: str | None = None) -> None:
        """Keep a grading (a regrade adds another; all are kept) and, optionally, the turn's new status."""
        with self.db:
            row = self.db.execute("SELECT id FROM turns WHERE session_id = ? AND seq = ?", (session_id, seq)).fetchone()
            if row is None:
                raise KeyError(f"no turn {seq} in session {session_id}")
            self.db.execute(
                "INSERT INTO gradings (turn_id, grader, score, feedback, created_at) VALUES (?, ?, ?, ?, ?)",
                (row["id"], feedback["grader"], feedback["score"], json.dumps(feedback, ensure_ascii=False), now_iso()),
            )
            if status:
                self.db.execute("UPDATE turns SET status = ? WHERE id = ?", (status, row["id"]))

    # -- reading ----------------------------------------------------------------------------------------------
    @_locked
    def sessions(self) -> list[StoredSession]:
        """Every session, oldest first, with its turns and gradings."""
        rows = self.db.execute("SELECT * FROM sessions ORDER BY id").fetchall()
        return [self._session(r) for r in rows]

    @_locked
    def session(self, session_id: int) -> StoredSession | None:
        row = self.db.execute("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return self._session(row) if row else None

    @_locked
    def unfinished(self) -> list[StoredSession]:
        """Active sessions with at least one turn, newest first: offered for resumption."""
        rows = self.db.execute(
            "SELECT * FROM sessions WHERE status = 'active' AND EXISTS "
            "(SELECT 1 FROM turns WHERE turns.session_id = sessions.id) ORDER BY id DESC"
        ).fetchall()
        return [self._session(r) for r in rows]

    @_locked
    def _session(self, row: sqlite3.Row) -> StoredSession:
        session = StoredSession(
            row["id"],
            row["started_at"],
            row["finished_at"],
            row["language"],
            row["grader"],
            json.loads(row["plan"]),
            row["status"],
        )
        turns = self.db.execute("SELECT * FROM turns WHERE session_id = ? ORDER BY seq", (row["id"],)).fetchall()
        for t in turns:
            gradings = [
                StoredGrading(g["grader"], g["score"], json.loads(g["feedback"]), g["created_at"])
                for g in self.db.execute("SELECT * FROM gradings WHERE turn_id = ? ORDER BY id", (t["id"],))
            ]
            session.turns.append(
                StoredTurn(
                    t["seq"],
                    t["question_id"],
                    t["kind"],
                    t["depth"],
                    t["parent_seq"],
                    t["prompt"],
                    json.loads(t["probe"]) if t["probe"] else None,
                    t["status"],
                    t["answer"],
                    t["seconds"],
                    json.loads(t["hints"]),
                    t["answered_at"],
                    gradings,
                )
            )
        return session

    # -- review scheduling -------------------------------------------------------------------------------------
    @_locked
    def review_card(self, question_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT card FROM reviews WHERE question_id = ?", (question_id,)).fetchone()
        return json.loads(row["card"]) if row else None

    @_locked
    def save_review(self, question_id: str, card: dict[str, Any], due: str) -> None:
        self._write(
            "INSERT INTO reviews (question_id, card, due, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(question_id) DO UPDATE SET card = excluded.card, due = excluded.due, "
            "updated_at = excluded.updated_at",
            (question_id, json.dumps(card), due, now_iso()),
        )

    @_locked
    def due(self, at: str | None = None) -> list[tuple[str, str]]:
        """(question id, due time) of the cards due at `at` (default: now), most overdue first."""
        rows = self.db.execute("SELECT question_id, due FROM reviews WHERE due <= ? ORDER BY due", (at or now_iso(),))
        return [(r["question_id"], r["due"]) for r in rows]
