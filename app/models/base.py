"""Shared column helpers for the domain models."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time

from flask_babel import get_locale
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

_recorded_on: ContextVar[datetime | None] = ContextVar("recorded_on", default=None)


def utcnow() -> datetime:
    return _recorded_on.get() or datetime.now(UTC)


@contextmanager
def recorded_on(day: date, hour: int = 9) -> Iterator[None]:
    """Record what happens inside as done on ``day``: the demo generator writes a past year's hand-ins, decisions and
    publications with the days people would have made them, so their timeliness reads true."""
    token = _recorded_on.set(datetime.combine(day, time(hour), UTC))
    try:
        yield
    finally:
        _recorded_on.reset(token)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class BilingualNameMixin:
    """Plan entities carry a Chinese and an English name; the UI shows the one for the current locale."""

    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))

    @property
    def name(self) -> str:
        locale = get_locale()
        if locale is not None and locale.language == "en":
            return self.name_en
        return self.name_zh


# The largest value an Integer column holds on PostgreSQL (SQLite's is larger): a bigger id cannot name a row, and
# comparing a column with it fails in the database ("integer out of range") instead of finding nothing.
DB_INT_MAX = 2**31 - 1


def db_int(value: object) -> int:
    """``value`` as an int an Integer column can hold; ValueError (TypeError for None) otherwise. As
    ``request.args.get(name, type=db_int)`` an out-of-range number is then treated like any other bad number."""
    number = int(value)  # type: ignore[call-overload]
    if not -DB_INT_MAX - 1 <= number <= DB_INT_MAX:
        raise ValueError(f"{number} is out of an integer column's range")
    return number


# For the tables whose ids the audit trail names (``__table_args__``): without AUTOINCREMENT SQLite hands a deleted
# row's id to the next row, which would then show the deleted one's history. PostgreSQL's sequences never reuse.
# (cases are left out: the app never deletes one, and AUTOINCREMENT would slow their bulk import.)
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}
