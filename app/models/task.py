"""Background jobs as the app remembers them: one row per RQ job, kept after Redis forgets the job."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.organization import User


class TaskStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


class Task(db.Model):
    __tablename__ = "tasks"

    # The RQ job id, so the row and the job find each other.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(50), index=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The policy action that starting this task required; retrying it requires the same.
    permission: Mapped[str] = mapped_column(String(50))
    description: Mapped[str] = mapped_column(String(300))
    # The job function's dotted path and its arguments, so a failed task can be run again.
    function: Mapped[str] = mapped_column(String(200))
    arguments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10), default=TaskStatus.QUEUED.value, index=True)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    retry_of_id: Mapped[str | None] = mapped_column(ForeignKey("tasks.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    # The language of whoever started it, so the job's messages (e.g. bad import rows) read in it.
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")

    user: Mapped[User | None] = relationship()

    @property
    def done(self) -> bool:
        return self.status in (TaskStatus.FINISHED, TaskStatus.FAILED)
