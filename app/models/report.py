"""Reports the office generates and publishes (monthly bulletin, quarterly analysis, year-end assessment). A
published report is frozen: its figures, the definition version and the data cut-off are stored with it, and a
re-issue is a new version beside it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import NEVER_REUSE_IDS, utcnow
from app.models.organization import Department, User


class Report(db.Model):
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("campaign_id", "kind", "period", "department_id", "version"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # monthly, quarterly, year_end, review
    period: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(12), default="draft")  # draft, published
    title: Mapped[str] = mapped_column(String(200))
    # The figures and tables as generated (JSON), and the office's commentary by section.
    content: Mapped[dict] = mapped_column(JSON)
    commentary: Mapped[dict] = mapped_column(JSON, default=dict)
    definition_version: Mapped[str] = mapped_column(String(50))
    # The case data the figures stand on: when its latest import finished.
    data_cutoff: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    generated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The published files, under random names in REPORT_DIR.
    pdf_name: Mapped[str | None] = mapped_column(String(64))
    xlsx_name: Mapped[str | None] = mapped_column(String(64))
    # Data consultation (数据会商): the window opened with the draft (its last day, inclusive), when objections were
    # cut off (at publication), and the office's reason for publishing before the window ended or with an objection
    # undecided.
    consultation_opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    consultation_until: Mapped[date | None] = mapped_column(Date)
    consultation_closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    publish_reason: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking for the commentary: two editors cannot overwrite each other unseen.
    row_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": row_version}

    department: Mapped[Department | None] = relationship()
    generated_by: Mapped[User | None] = relationship(foreign_keys=[generated_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])


class Assessment(db.Model):
    """A department's year-end score (phase 3): its lines with the evidence behind each, an objection the
    department may raise within the plan's days, and the office's decision."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("campaign_id", "department_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    # [{"code", "name", "points", "evidence": [text, ...]}, ...]
    lines: Mapped[list] = mapped_column(JSON)
    total: Mapped[float] = mapped_column(Float)
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    computed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The last day the department may object (the run's day + the plan's objection_days).
    objections_until: Mapped[date] = mapped_column(Date)
    objection: Mapped[str | None] = mapped_column(Text)
    objection_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    objection_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str | None] = mapped_column(Text)
    # The office may change the total when it upholds an objection; None keeps the computed one.
    decided_total: Mapped[float | None] = mapped_column(Float)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    department: Mapped[Department] = relationship()

    @property
    def final_total(self) -> float:
        return self.decided_total if self.decided_total is not None else self.total
