"""Computed indicator figures (snapshots) and the figures the office enters by hand."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import utcnow


class IndicatorValue(db.Model):
    """One figure: an indicator for a period and a scope, with what it was computed from."""

    __tablename__ = "indicator_values"
    __table_args__ = (
        UniqueConstraint("court_id", "indicator_code", "period_key", "scope_kind", "scope_id"),
        Index("ix_indicator_values_lookup", "court_id", "period_key", "scope_kind", "scope_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"))
    indicator_code: Mapped[str] = mapped_column(String(60))
    period_key: Mapped[str] = mapped_column(String(40))
    period_kind: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    scope_kind: Mapped[str] = mapped_column(String(12))  # court, department, judge
    scope_id: Mapped[int] = mapped_column(Integer)  # 0 for the court
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    # None when the denominator is empty: shown as "—", never as 0%.
    value: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)
    band: Mapped[str | None] = mapped_column(String(10))  # excellent, good, fair, poor; inside/outside for ranges
    met: Mapped[bool | None] = mapped_column(Boolean)
    definition_version: Mapped[str] = mapped_column(String(50))
    variant: Mapped[str] = mapped_column(String(40))
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class IndicatorEntry(db.Model):
    """A figure the office enters (the provincial ranking of target 11) for a period."""

    __tablename__ = "indicator_entries"
    __table_args__ = (UniqueConstraint("court_id", "indicator_code", "period_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"))
    indicator_code: Mapped[str] = mapped_column(String(60))
    period_key: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
