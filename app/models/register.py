"""The shared register: items people hand in, review and publish, for every measure that keeps one.

What a measure's register holds (item kinds and their fields, selection lists, draws) is declared in the
plan file; these tables hold the items themselves. The rules for moving them are in app/registers/.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import NEVER_REUSE_IDS, TimestampMixin, utcnow
from app.models.case import Case
from app.models.organization import Department, User


class MeasureRecordMixin:
    """Where a register record belongs: a court, its campaign and one measure (by its plan code)."""

    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    measure_code: Mapped[str] = mapped_column(String(50))


class ItemStatus(enum.StrEnum):
    """Where an item is in its workflow (app/registers/workflow.py moves it; selections.py lists and publishes it).
    The column stores the value; a StrEnum compares equal to it, so templates and queries may use either."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    SELECTED = "selected"
    PUBLISHED = "published"


# Statuses that count as handed in, those past the reviewer's approval, and those only the department sees.
HANDED_IN = (ItemStatus.SUBMITTED, ItemStatus.APPROVED, ItemStatus.SELECTED, ItemStatus.PUBLISHED)
APPROVED = (ItemStatus.APPROVED, ItemStatus.SELECTED, ItemStatus.PUBLISHED)
WITH_DEPARTMENT = (ItemStatus.DRAFT, ItemStatus.RETURNED)


class RegisterItem(MeasureRecordMixin, TimestampMixin, db.Model):
    __tablename__ = "register_items"
    __table_args__ = (Index("ix_register_items_measure_code", "measure_code"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    # Who wrote it; None for an item the app opened itself (a drawn case's document).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The period it is handed in for: 2021-05, 2021Q2 or 2021 (app/indicators/periods.py keys).
    period: Mapped[str] = mapped_column(String(10), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True, default=ItemStatus.DRAFT.value)
    case_number: Mapped[str | None] = mapped_column(String(60))
    # Set when the case number is in the case register (checked when the item is saved).
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    # A case number the register lacks is accepted only with the author's reason (the export lags, a case of
    # another court), and the item is marked with it.
    case_missing_reason: Mapped[str | None] = mapped_column(Text)
    # The values of the fields the plan declares for this kind, by field code.
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    late_reason: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking: a save based on an older version is refused instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    department: Mapped[Department] = relationship()
    author: Mapped[User | None] = relationship()
    case: Mapped[Case | None] = relationship()
    attachments: Mapped[list[ItemAttachment]] = relationship(
        back_populates="item", order_by="ItemAttachment.id", cascade="all, delete-orphan", lazy="selectin"
    )
    comments: Mapped[list[ItemComment]] = relationship(
        back_populates="item", order_by="ItemComment.id", cascade="all, delete-orphan"
    )
    selections: Mapped[list[Selection]] = relationship(back_populates="item", lazy="selectin")

    @property
    def with_department(self) -> bool:
        """A draft or a returned item: only its department sees it, and only they change it."""
        return self.status in WITH_DEPARTMENT

    @property
    def handed_in(self) -> bool:
        return self.status in HANDED_IN

    @property
    def approved(self) -> bool:
        """Approved by its reviewer (and perhaps put on a list and published since)."""
        return self.status in APPROVED

    @property
    def published(self) -> bool:
        """On a published list: visible to everyone in the court."""
        return any(s.published_at for s in self.selections)

    @property
    def filed_with_higher_court(self) -> bool:
        """The office recorded that this approved item (an extension) was filed with the intermediate court."""
        return any(c.kind == "filing" for c in self.comments)


class ItemAttachment(db.Model):
    """A file handed in with an item, kept under a random name outside the web root."""

    __tablename__ = "item_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("register_items.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    file_type: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    item: Mapped[RegisterItem] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User] = relationship()


class ItemComment(db.Model):
    """A remark on an item: a comment, the reason it was returned, or a scored review."""

    __tablename__ = "item_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("register_items.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20), default="comment")  # comment, return, review
    body: Mapped[str] = mapped_column(Text)
    score: Mapped[int | None] = mapped_column(Integer)
    # A scored review: how the hearing was observed (on site or by video), one of the draw's review_modes.
    mode: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    item: Mapped[RegisterItem] = relationship(back_populates="comments")
    user: Mapped[User] = relationship()


class Selection(MeasureRecordMixin, db.Model):
    """An item the office puts on one of the court's lists (the month's excellent documents, the year's top
    ten hearings); published with the rest of the list, then on the board for everyone."""

    __tablename__ = "selections"
    __table_args__ = (UniqueConstraint("campaign_id", "list_code", "period", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    list_code: Mapped[str] = mapped_column(String(50))
    period: Mapped[str] = mapped_column(String(10))
    item_id: Mapped[int] = mapped_column(ForeignKey("register_items.id", ondelete="CASCADE"), index=True)
    # Showcases it is recommended to (codes from the plan's list entry, e.g. city, province).
    showcases: Mapped[list] = mapped_column(JSON, default=list)
    selected_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    selected_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A list published with fewer items than its quota carries the office's reason (the same on each of its items),
    # and the board shows it.
    short_reason: Mapped[str | None] = mapped_column(Text)

    item: Mapped[RegisterItem] = relationship(back_populates="selections")
    selected_by: Mapped[User] = relationship()


class Draw(MeasureRecordMixin, db.Model):
    """One random draw, with what anyone needs to check it: the seed, the candidates in the order they were
    drawn from, and the result (see app/registers/draws.py)."""

    __tablename__ = "draws"
    __table_args__ = (UniqueConstraint("campaign_id", "draw_code", "period", "line"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_code: Mapped[str] = mapped_column(String(50))
    period: Mapped[str] = mapped_column(String(10))
    # The trial line for per-line draws; "" for a court-wide draw (so the unique key holds).
    line: Mapped[str] = mapped_column(String(20), default="")
    seed: Mapped[str] = mapped_column(String(64))
    # Case numbers or item ids, as text, sorted: the list the seed picks from.
    candidates: Mapped[list] = mapped_column(JSON)
    chosen: Mapped[list] = mapped_column(JSON)
    # The items the draw picked or opened, in the order of ``chosen``.
    item_ids: Mapped[list] = mapped_column(JSON, default=list)
    drawn_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    drawn_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    drawn_by: Mapped[User] = relationship()
