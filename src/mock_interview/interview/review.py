"""Spaced repetition: each graded answer reviews the question's FSRS card (the fsrs library does the maths)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fsrs import Card, Rating, Scheduler

# Interview practice is scheduled in days: no intra-day learning steps, and no fuzz (predictable, testable).
_SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(score: float) -> Rating:
    """A 0–10 interview score as an FSRS rating."""
    if score < 4:
        return Rating.Again
    if score < 6:
        return Rating.Hard
    if score < 8.5:
        return Rating.Good
    return Rating.Easy


def review(card_data: dict[str, Any] | None, score: float, at: datetime | None = None) -> tuple[dict[str, Any], str]:
    """The card after a review with this score, and its next due time (ISO, UTC, seconds)."""
    card = Card.from_dict(card_data) if card_data else Card()  # type: ignore[arg-type]
    card, _log = _SCHEDULER.review_card(card, rating_for(score), review_datetime=at or datetime.now(UTC))
    due = card.due.astimezone(UTC).replace(microsecond=0).isoformat()
    return dict(card.to_dict()), due
