"""Shared column helpers for the domain models."""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import get_locale
from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


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
