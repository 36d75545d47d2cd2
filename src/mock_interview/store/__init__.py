"""SQLite persistence: sessions, turns, answers (saved before grading), gradings (every one kept), reviews."""

from mock_interview.store.db import StoreError, open_db
from mock_interview.store.repo import Store

__all__ = ["Store", "StoreError", "open_db"]
