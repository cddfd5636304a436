"""Case records as the court's case-management system exports them, and the imports that bring them in."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import NEVER_REUSE_IDS, TimestampMixin, utcnow
from app.models.organization import Court, Department, User


class Judge(TimestampMixin, db.Model):
    """A judge named in case data, per department (the same name in two departments is two judges: exports
    carry names, not ids). Linked to an account of the same name and department; imports create the rest."""

    __tablename__ = "judges"
    __table_args__ = (UniqueConstraint("court_id", "department_id", "name", name="uq_judges_court_department_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)

    department: Mapped[Department] = relationship()
    user: Mapped[User | None] = relationship()


class Case(db.Model):
    """One case. Field names follow indicators.md; the Chinese column each comes from is in
    app/importers/cases.py (COLUMNS)."""

    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("court_id", "case_number"),
        Index("ix_cases_court_closed", "court_id", "closed_on"),
        Index("ix_cases_court_filed", "court_id", "filed_on"),
        # Each date an indicator family counts by gets an index, so a period reads only its own cases.
        Index("ix_cases_court_appealed", "court_id", "appealed_on"),
        Index("ix_cases_court_petitioned", "court_id", "retrial_petition_on"),
        Index("ix_cases_court_effective", "court_id", "effective_on"),
        Index("ix_cases_court_appeal_result", "court_id", "appeal_result_on"),
        Index("ix_cases_court_category_filed", "court_id", "category", "filed_on"),
        # The ledger of pending cases (app/pending.py): still open, by filing date or by deadline.
        Index("ix_cases_court_open_filed", "court_id", "closed_on", "filed_on"),
        Index("ix_cases_court_open_deadline", "court_id", "closed_on", "deadline"),
        # A department's case list, newest first: its search reads its own cases only.
        Index("ix_cases_court_department_filed", "court_id", "department_id", "filed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"))
    case_number: Mapped[str] = mapped_column(String(60))
    # Parsed from the case number; the category and line come from the plan's case types.
    year: Mapped[int] = mapped_column(Integer)
    court_code: Mapped[str] = mapped_column(String(20))
    type_code: Mapped[str] = mapped_column(String(10))
    sequence: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(40))
    line: Mapped[str] = mapped_column(String(20))

    cause: Mapped[str | None] = mapped_column(String(200))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("judges.id"), index=True)
    procedure: Mapped[str | None] = mapped_column(String(20))
    fast_track: Mapped[bool] = mapped_column(Boolean, default=False)
    filed_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    closing_method: Mapped[str | None] = mapped_column(String(30))
    extension_days: Mapped[int] = mapped_column(Integer, default=0)
    deducted_days: Mapped[int] = mapped_column(Integer, default=0)
    appealed_on: Mapped[date | None] = mapped_column(Date)
    retrial_petition_on: Mapped[date | None] = mapped_column(Date)
    appeal_result: Mapped[str | None] = mapped_column(String(20))
    appeal_result_on: Mapped[date | None] = mapped_column(Date)
    effective_on: Mapped[date | None] = mapped_column(Date)
    has_performance_content: Mapped[bool] = mapped_column(Boolean, default=False)
    enforcement_applied_on: Mapped[date | None] = mapped_column(Date)
    amount_applied: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    amount_recovered: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    pre_litigation_outcome: Mapped[str | None] = mapped_column(String(20))
    original_case_number: Mapped[str | None] = mapped_column(String(60))
    # Filed + statutory limit (plan's time_limits) + approved extension + deducted days; None when the
    # plan gives no limit for the type and procedure. Derived at import, like category.
    deadline: Mapped[date | None] = mapped_column(Date)
    # Extension days the president approved in the app (measure 9). They count before the case-management
    # export shows them, never twice: the deadline uses the larger of these and extension_days.
    approved_extension_days: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # A digest of the imported values: re-importing an unchanged row is recognised without comparing fields.
    content_hash: Mapped[str] = mapped_column(String(40))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("case_imports.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    department: Mapped[Department] = relationship()
    judge: Mapped[Judge | None] = relationship()


class ImportProfile(TimestampMixin, db.Model):
    """A court's own column mapping, named by the office: which of its export's columns is which of ours. Applied
    to every later file with the same headers (``headers``, normalised and sorted), or by name on the command
    line."""

    __tablename__ = "import_profiles"
    __table_args__ = (
        UniqueConstraint("court_id", "kind", "name", name="uq_import_profiles_court_kind_name"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="cases")  # cases or hearings
    name: Mapped[str] = mapped_column(String(100))
    headers: Mapped[list] = mapped_column(JSON)
    # The file's header (normalised) → our header, or "" for a column left out.
    mapping: Mapped[dict] = mapped_column(JSON)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User | None] = relationship()


class CaseImport(db.Model):
    """The import history: who brought which file in, when, and what it did."""

    __tablename__ = "case_imports"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    task_id: Mapped[str | None] = mapped_column(ForeignKey("tasks.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(Integer)
    # Where the upload waits for the job (instance/uploads); removed once imported.
    stored_path: Mapped[str | None] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(10), default="web")  # web or cli
    # What the file holds: the court's cases, or the hearings held (measure 11's draws are made from them).
    kind: Mapped[str] = mapped_column(String(10), default="cases", server_default="cases")  # cases or hearings
    # mapping (waits for the office to map its columns), pending, done, rejected, failed
    status: Mapped[str] = mapped_column(String(10), default="pending")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    # The first bad rows (IMPORT_MAX_ERRORS), loaded only when read (the history lists imports without them):
    # [{"row": 7, "column": "立案日期", "value": "2021-13-01", "reason": "…"}, …]
    errors: Mapped[list | None] = mapped_column(JSON, deferred=True)
    # How many bad rows there were in all, and how many per column and reason:
    # [{"column": "立案日期", "reason": "…", "rows": 4000}, …], the most frequent first.
    error_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    error_groups: Mapped[list | None] = mapped_column(JSON, deferred=True)
    # The import profile that placed the file's columns, if one did.
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("import_profiles.id"))
    # What else the import found: {"header_row": 3, "total_row": 120, "partial": true, "fields": {"二审结果": 12}}
    details: Mapped[dict | None] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    court: Mapped[Court] = relationship()
    user: Mapped[User | None] = relationship()
    profile: Mapped[ImportProfile | None] = relationship()


class OverrunAction(db.Model):
    """What the supervision office did about a case that ran past its time limit (measure 9): a talk, a written
    notice, a referral, or no action, with the reason. A case may get several over time; the latest stands."""

    __tablename__ = "overrun_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    action: Mapped[str] = mapped_column(String(50))  # one of the plan's [pending] supervision_actions
    note: Mapped[str] = mapped_column(Text, default="")
    acted_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship()
    recorded_by: Mapped[User] = relationship()


class Hearing(db.Model):
    """A hearing held in a case, as the court's hearing schedule export lists it (案号, 开庭日期, 法庭, 承办人).
    Measure 11 draws the hearings it observes from these, per trial line."""

    __tablename__ = "hearings"
    __table_args__ = (UniqueConstraint("case_id", "held_on", "courtroom", name="uq_hearings_case_day_room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    courtroom: Mapped[str] = mapped_column(String(100))
    judge_name: Mapped[str] = mapped_column(String(100))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("case_imports.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship()

    @property
    def label(self) -> str:
        return f"{self.case.case_number} {self.held_on.isoformat()} {self.courtroom}"
