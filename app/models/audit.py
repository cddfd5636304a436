"""The audit trail: every change, state move, import and sign-in, with who, when, from where, before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.organization import User


class AuditEntry(db.Model):
    """Append-only: the app writes entries and never changes or removes one (enforced below)."""

    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_court_at", "court_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    court_id: Mapped[int | None] = mapped_column(ForeignKey("courts.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    remote_addr: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40), index=True)  # sign_in, create, update, import, ...
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    measure_code: Mapped[str | None] = mapped_column(String(50))
    summary: Mapped[str] = mapped_column(String(300), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user: Mapped[User | None] = relationship(viewonly=True)


class AuditTrailIsAppendOnly(RuntimeError):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_the_trail(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEntry) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTrailIsAppendOnly("audit entries cannot be changed or deleted")
