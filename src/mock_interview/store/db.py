"""Opening the database: versioned migrations, WAL, and refusing foreign or corrupt files (never overwritten)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

APPLICATION_ID = 0x4D4B4956  # "MKIV": marks a file as ours
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """The database cannot be used; the message names the file and what to do. The file is left untouched."""


def _run(db: sqlite3.Connection, script: str) -> None:
    """Statements one by one: executescript() would commit the migration's transaction half-way."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _v1(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            language TEXT NOT NULL,
            grader TEXT NOT NULL,
            plan TEXT NOT NULL,              -- JSON: question ids and max depth
            status TEXT NOT NULL DEFAULT 'active'   -- active | finished
        );
        CREATE TABLE turns (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id),
            seq INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            kind TEXT NOT NULL,              -- question | follow_up | probe
            depth INTEGER NOT NULL,
            parent_seq INTEGER,
            prompt TEXT NOT NULL,
            probe TEXT,                      -- JSON
            status TEXT NOT NULL DEFAULT 'open',
            answer TEXT,
            seconds REAL NOT NULL DEFAULT 0,
            hints TEXT NOT NULL DEFAULT '[]',
            answered_at TEXT,
            UNIQUE (session_id, seq)
        );
        CREATE TABLE gradings (
            id INTEGER PRIMARY KEY,
            turn_id INTEGER NOT NULL REFERENCES turns(id),
            grader TEXT NOT NULL,
            score REAL NOT NULL,
            feedback TEXT NOT NULL,          -- JSON: the feedback contract
            created_at TEXT NOT NULL
        );
        CREATE INDEX turns_by_question ON turns(question_id);
        CREATE INDEX gradings_by_turn ON gradings(turn_id);
        """,
    )


def _v2(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE reviews (
            question_id TEXT PRIMARY KEY,
            card TEXT NOT NULL,              -- JSON: the FSRS card
            due TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX reviews_by_due ON reviews(due);
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2]
SCHEMA_VERSION = len(MIGRATIONS)


def _check_file(path: Path) -> None:
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
    if header and header != SQLITE_HEADER:
        raise StoreError(
            f"{path} is not a SQLite database (corrupt, or another kind of file); it was left untouched — "
            "move it away, or point --data-dir / MOCK_INTERVIEW_HOME elsewhere"
        )


def open_db(path: Path, *, upto: int = SCHEMA_VERSION) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the database at `path` to schema `upto`."""
    _check_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        db = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)  # Store locks
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA busy_timeout = 10000")
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be read as a database ({exc}); it was left untouched") from exc
    if app_id != APPLICATION_ID and (tables or version):
        db.close()
        raise StoreError(f"{path} is a database of another program (not mock-interview); it was left untouched")
    if version > SCHEMA_VERSION:
        db.close()
        raise StoreError(f"{path} was written by a newer mock-interview (schema {version} > {SCHEMA_VERSION}); upgrade")
    try:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA foreign_keys = ON")
        if version < upto:
            db.execute("BEGIN IMMEDIATE")  # one migrating instance at a time
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another instance may have just done it
            for step in range(version, upto):
                MIGRATIONS[step](db)
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            db.execute(f"PRAGMA user_version = {max(version, upto)}")
            db.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()
        raise StoreError(f"{path} could not be prepared ({exc}); it was left as it was") from exc
    return db
