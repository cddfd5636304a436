"""The campaign plan as the app holds it after `flask plan load` (see app/plans/)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import get_locale
from sqlalchemy import JSON, Column, Date, DateTime, Float, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import NEVER_REUSE_IDS, BilingualNameMixin, TimestampMixin, utcnow
from app.models.organization import Court, Department, User

measure_departments = Table(
    "measure_departments",
    db.metadata,
    Column("measure_id", ForeignKey("measures.id", ondelete="CASCADE"), primary_key=True),
    Column("department_id", ForeignKey("departments.id", ondelete="CASCADE"), primary_key=True),
)


class Campaign(BilingualNameMixin, TimestampMixin, db.Model):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    code: Mapped[str] = mapped_column(String(50), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    document_number: Mapped[str | None] = mapped_column(String(100))
    definition_version: Mapped[str] = mapped_column(String(50))
    # The whole validated plan as JSON; the app reads it typed through app.plans.plan_of.
    document: Mapped[dict] = mapped_column(JSON)
    source_sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # The office opens the year-end assessment in a phase that allows it (see app/campaign.py).
    assessment_opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assessment_opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    court: Mapped[Court] = relationship()
    phases: Mapped[list[Phase]] = relationship(
        back_populates="campaign", order_by="Phase.number", cascade="all, delete-orphan"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="campaign", order_by="Indicator.position", cascade="all, delete-orphan"
    )
    measures: Mapped[list[Measure]] = relationship(
        back_populates="campaign", order_by="Measure.number", cascade="all, delete-orphan"
    )

    def phase_on(self, day: date) -> Phase | None:
        return next((p for p in self.phases if p.start_date <= day <= p.end_date), None)

    def phase_allows(self, allowance: str, day: date) -> bool:
        """Does the phase running on ``day`` open ``allowance`` (e.g. "assessment"), as the plan says?"""
        from app.plans.access import plan_of

        phase = self.phase_on(day)
        entry = next((p for p in plan_of(self).phases if phase and p.code == phase.code), None)
        return entry is not None and allowance in entry.allows

    def phase_allowing(self, allowance: str) -> Phase | None:
        """The phase whose plan entry opens ``allowance`` (e.g. the evaluation phase for "assessment")."""
        return next((p for p in self.phases if self.phase_allows(allowance, p.start_date)), None)


class Phase(BilingualNameMixin, db.Model):
    __tablename__ = "phases"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(50))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)

    campaign: Mapped[Campaign] = relationship(back_populates="phases")
    checklist: Mapped[list[ChecklistItem]] = relationship(
        back_populates="phase", order_by="ChecklistItem.position", cascade="all, delete-orphan"
    )

    def days_left(self, day: date) -> int:
        return (self.end_date - day).days


class ChecklistItem(BilingualNameMixin, db.Model):
    __tablename__ = "phase_checklist_items"
    __table_args__ = (UniqueConstraint("phase_id", "code"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    phase_id: Mapped[int] = mapped_column(ForeignKey("phases.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(50))
    position: Mapped[int] = mapped_column(Integer)
    owner_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    due_date: Mapped[date | None] = mapped_column(Date)
    evidence_zh: Mapped[str | None] = mapped_column(String(300))
    evidence_en: Mapped[str | None] = mapped_column(String(300))
    # Progress, kept across plan reloads (the loader only writes the columns above).
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    evidence_note: Mapped[str | None] = mapped_column(Text)

    phase: Mapped[Phase] = relationship(back_populates="checklist")
    owner: Mapped[Department | None] = relationship()
    done_by: Mapped[User | None] = relationship()


class Indicator(BilingualNameMixin, db.Model):
    __tablename__ = "indicators"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(60))
    # Which of the plan's twelve targets this figure belongs to; None for the measures' extra figures.
    target_number: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(10))  # "higher" or "lower" is better
    unit: Mapped[str] = mapped_column(String(10))  # percent, ratio, days, rank
    kind: Mapped[str] = mapped_column(String(20))  # assessment or analysis
    target: Mapped[float | None] = mapped_column(Float)
    # {"excellent": x, "good": y, "fair": z}; below "fair" is poor. Or {"range": [lo, hi]}.
    bands: Mapped[dict] = mapped_column(JSON)
    variant: Mapped[str] = mapped_column(String(40))
    definition_zh: Mapped[str] = mapped_column(Text)
    definition_en: Mapped[str] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship(back_populates="indicators")

    @property
    def definition(self) -> str:
        """What the figure counts, in words, in the reader's language."""
        locale = get_locale()
        return self.definition_en if locale is not None and locale.language == "en" else self.definition_zh


class Measure(BilingualNameMixin, db.Model):
    __tablename__ = "measures"
    __table_args__ = (UniqueConstraint("campaign_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    # Also the name of the measure's blueprint, which is how a page finds its plan entry.
    code: Mapped[str] = mapped_column(String(50))
    summary_zh: Mapped[str] = mapped_column(Text)
    summary_en: Mapped[str] = mapped_column(Text)

    campaign: Mapped[Campaign] = relationship(back_populates="measures")
    departments: Mapped[list[Department]] = relationship(
        secondary=measure_departments, order_by="Department.position", lazy="selectin"
    )
    quotas: Mapped[list[Quota]] = relationship(
        back_populates="measure", order_by="Quota.position", cascade="all, delete-orphan"
    )


class Quota(BilingualNameMixin, db.Model):
    """How many items of one kind are due per period, e.g. 4 excellent judgment documents a month
    from the civil division. The name is the item kind's ("优秀裁判文书")."""

    __tablename__ = "quotas"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measures.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_kind: Mapped[str] = mapped_column(String(50))
    # Who owes the items: each listed department, each judge, or the court as a whole.
    scope: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    period: Mapped[str] = mapped_column(String(10))  # month, quarter, year
    count: Mapped[int] = mapped_column(Integer)

    measure: Mapped[Measure] = relationship(back_populates="quotas")
    department: Mapped[Department | None] = relationship()


class Appointment(db.Model):
    """Who holds a post of the campaign's organization (the plan's ``positions``): the leading group, its office,
    each division's liaison."""

    __tablename__ = "appointments"
    __table_args__ = (UniqueConstraint("campaign_id", "position_code", "user_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    position_code: Mapped[str] = mapped_column(String(50))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    appointed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    appointed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
