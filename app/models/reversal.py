"""The reversed-case file (发改案件): one file per case the higher court reversed, remanded, ordered retried or
whose ruling it changed, with everything measures 1, 2, 4, 5, 6, 15 and 16 record about it. The rules for
moving it are in app/reversals/."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import NEVER_REUSE_IDS, TimestampMixin, utcnow
from app.models.case import Case, Judge
from app.models.organization import Department, User


class FileState(enum.StrEnum):
    """Where a reversed-case file is in its workflow (app/reversals/ moves it). The column stores the value."""

    AWAITING_REPORT = "awaiting_report"
    REPORTED = "reported"
    EXCLUDED = "excluded"
    CONTESTING = "contesting"
    CONTEST_READY = "contest_ready"
    SENT = "sent"
    ACCOUNTABILITY = "accountability"
    CLOSED = "closed"


OPEN_STATES = frozenset(FileState) - {FileState.CLOSED}


class CommitteeMeeting(db.Model):
    """A quarterly case-quality meeting of the adjudication committee (measure 2)."""

    __tablename__ = "committee_meetings"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[str] = mapped_column(Text)
    problems: Mapped[str] = mapped_column(Text)
    rectification: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    recorded_by: Mapped[User] = relationship()
    files: Mapped[list[ReversalFile]] = relationship(back_populates="meeting", order_by="ReversalFile.id")


class ReversalFile(TimestampMixin, db.Model):
    __tablename__ = "reversal_files"
    __table_args__ = (UniqueConstraint("case_id", name="uq_reversal_files_case"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("judges.id"))
    result: Mapped[str] = mapped_column(String(20))  # 改判, 发回重审, 指令再审, 变更裁定 (the plan's words)
    result_on: Mapped[date] = mapped_column(Date)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: opened by an import
    state: Mapped[str] = mapped_column(String(20), index=True, default=FileState.AWAITING_REPORT.value)
    report_due: Mapped[date] = mapped_column(Date)

    # Measures 1, 4, 6: the judge's self-inspection report, and an objection to the reversal.
    report: Mapped[str | None] = mapped_column(Text)
    reported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    objection: Mapped[bool] = mapped_column(Boolean, default=False)
    objection_reasons: Mapped[str | None] = mapped_column(Text)
    # Reversed on new evidence or new facts at second instance: left out of the committee's review.
    excluded_reason: Mapped[str | None] = mapped_column(Text)

    # Measure 2: the committee's opinion at a meeting.
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("committee_meetings.id"))
    erroneous: Mapped[bool | None] = mapped_column(Boolean)
    contested: Mapped[bool | None] = mapped_column(Boolean)
    committee_opinion: Mapped[str | None] = mapped_column(Text)
    # Measure 6: "因案件质量造成重大负面影响被上级法院发改的，由监察室对其进行诫勉谈话" — to the supervision office even
    # when the committee finds no erroneous case.
    major_negative_impact: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    # Measure 4: the face-to-face session at the intermediate court.
    package_quarter: Mapped[str | None] = mapped_column(String(10))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(String(50))
    outcome_note: Mapped[str | None] = mapped_column(Text)

    # Measures 1, 6: accountability by the supervision office.
    accountability_action: Mapped[str | None] = mapped_column(String(50))
    accountability_note: Mapped[str | None] = mapped_column(Text)
    accountability_on: Mapped[date | None] = mapped_column(Date)

    # Measure 15: the case supervisor (案件监督人).
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    # Measure 5: the exchange with the original second-instance judge before a retrial.
    exchange_on: Mapped[date | None] = mapped_column(Date)
    exchange_with: Mapped[str | None] = mapped_column(String(100))
    exchange_evidence: Mapped[str | None] = mapped_column(Text)
    exchange_facts: Mapped[str | None] = mapped_column(Text)
    exchange_law: Mapped[str | None] = mapped_column(Text)

    # Measure 16: the retrial, assigned to a court leader first, and how it ended.
    retrial_holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    retrial_case_number: Mapped[str | None] = mapped_column(String(60))
    retrial_outcome: Mapped[str | None] = mapped_column(Text)
    retrial_closed_on: Mapped[date | None] = mapped_column(Date)

    # Optimistic locking: a change based on an out-of-date page is refused instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    __mapper_args__ = {"version_id_col": version}

    case: Mapped[Case] = relationship()
    department: Mapped[Department] = relationship()
    judge: Mapped[Judge | None] = relationship()
    meeting: Mapped[CommitteeMeeting | None] = relationship(back_populates="files")
    supervisor: Mapped[User | None] = relationship(foreign_keys=[supervisor_id])
    retrial_holder: Mapped[User | None] = relationship(foreign_keys=[retrial_holder_id])

    @property
    def judge_user(self) -> User | None:
        return self.judge.user if self.judge is not None else None

    def report_overdue(self, day: date) -> bool:
        """The self-inspection report is still awaited after its due day."""
        return self.state == FileState.AWAITING_REPORT and self.report_due < day


class Circulation(db.Model):
    """The monthly circulation (通报) of the month's reversed and remanded cases (measure 6)."""

    __tablename__ = "circulations"
    __table_args__ = (UniqueConstraint("campaign_id", "month"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    month: Mapped[str] = mapped_column(String(10))
    comment: Mapped[str] = mapped_column(Text)
    file_ids: Mapped[list] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    published_by: Mapped[User] = relationship()
