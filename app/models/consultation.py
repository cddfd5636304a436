"""Data consultation (数据会商) on a bulletin's draft: the divisions' objections to one case's counting in one figure,
and each division's word that it has checked its figures. The window itself is on the report version
(Report.consultation_opened_at / consultation_until)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.case import Case
from app.models.organization import Department, User


class ObjectionStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"  # the office corrected the case's data
    REJECTED = "rejected"  # the office kept the counting, with its reason


class Objection(db.Model):
    """A division's objection to one case's counting in one figure of a bulletin version."""

    __tablename__ = "consultation_objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    # Kept as raised, so the bulletin names the case and the figure whatever happens to the data afterwards.
    case_number: Mapped[str] = mapped_column(String(60))
    indicator_code: Mapped[str] = mapped_column(String(60))
    side: Mapped[str] = mapped_column(String(12))  # numerator, denominator
    reason: Mapped[str] = mapped_column(Text)
    # An optional supporting file, stored like the register's attachments (random name under ATTACHMENT_DIR).
    attachment_name: Mapped[str | None] = mapped_column(String(255))
    attachment_stored: Mapped[str | None] = mapped_column(String(64), unique=True)
    attachment_type: Mapped[str | None] = mapped_column(String(10))
    attachment_size: Mapped[int | None] = mapped_column(Integer)
    attachment_sha256: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default=ObjectionStatus.OPEN.value)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The office's decision: the rejection's reason, or what it corrected; the fields changed, before and after.
    decision: Mapped[str | None] = mapped_column(Text)
    correction: Mapped[dict | None] = mapped_column(JSON)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    department: Mapped[Department] = relationship()
    case: Mapped[Case] = relationship()
    raised_by: Mapped[User] = relationship(foreign_keys=[raised_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    @property
    def open(self) -> bool:
        return self.status == ObjectionStatus.OPEN


class ConsultationCheck(db.Model):
    """A division has checked its figures in a bulletin version's window (its duty, app/obligations)."""

    __tablename__ = "consultation_checks"
    __table_args__ = (UniqueConstraint("report_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    checked_by: Mapped[User] = relationship()
