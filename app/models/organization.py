"""Courts, departments, users and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import NEVER_REUSE_IDS, BilingualNameMixin, TimestampMixin, utcnow


class Role(enum.StrEnum):
    """The roles of SPEC.md's user table. Policy decisions live in app/policy.py, not here."""

    STAFF = "staff"
    JUDGE = "judge"
    DIVISION_HEAD = "division_head"
    OFFICE = "office"
    COMMITTEE = "committee"
    SUPERVISION = "supervision"
    LEADER = "leader"
    ADMIN = "admin"


class Court(BilingualNameMixin, TimestampMixin, db.Model):
    __tablename__ = "courts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The court code of national case numbers, e.g. 豫0823 for Wuzhi.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    population: Mapped[int | None] = mapped_column(Integer)
    # The intermediate court above (multi-court mode): it compares its basic courts' figures, never their cases.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("courts.id"), index=True)

    departments: Mapped[list[Department]] = relationship(back_populates="court", order_by="Department.position")
    parent: Mapped[Court | None] = relationship(remote_side=[id], back_populates="basic_courts")
    basic_courts: Mapped[list[Court]] = relationship(back_populates="parent", order_by="Court.code")


class Department(BilingualNameMixin, TimestampMixin, db.Model):
    __tablename__ = "departments"
    __table_args__ = (UniqueConstraint("court_id", "code"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    court_id: Mapped[int] = mapped_column(ForeignKey("courts.id"), index=True)
    code: Mapped[str] = mapped_column(String(50))
    # What sort of department it is (office, trial, tribunal, enforcement, ...), as the plan names it.
    kind: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    court: Mapped[Court] = relationship(back_populates="departments")
    users: Mapped[list[User]] = relationship(back_populates="department")

    def __repr__(self) -> str:
        return f"<Department {self.code}>"


class UserRole(db.Model):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(30), primary_key=True)


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(300))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Signed-in sessions carry the version they began under (app/sessions.py); signing out or a new password bumps
    # it, so every cookie issued before no longer signs anyone in.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    department: Mapped[Department] = relationship(back_populates="users")
    role_rows: Mapped[list[UserRole]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users at sign-in and on every request
        return self.active

    @property
    def court_id(self) -> int:
        return self.department.court_id

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(Role(row.role) for row in self.role_rows)

    @roles.setter
    def roles(self, roles: set[Role] | list[Role]) -> None:
        wanted = {Role(r) for r in roles}
        self.role_rows = [row for row in self.role_rows if Role(row.role) in wanted]
        have = {Role(row.role) for row in self.role_rows}
        self.role_rows.extend(UserRole(role=r.value) for r in sorted(wanted - have))

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def set_password(self, password: str) -> None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)
        # Every place a password is set ends the sessions begun with the old one.
        self.session_version = (self.session_version or 0) + 1

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class LoginAttempt(db.Model):
    """Sign-in attempts, kept in the database so the rate limit holds across gunicorn workers
    and does not depend on Redis being up."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), index=True)
    remote_addr: Mapped[str | None] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class Notification(db.Model):
    """A message in a user's notification area (reminders, returned items, ...)."""

    __tablename__ = "notifications"
    # One notification per user and event: a reminder job that runs twice does not remind twice.
    __table_args__ = (UniqueConstraint("user_id", "key", name="uq_notifications_user_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(String(500))
    link: Mapped[str | None] = mapped_column(String(300))
    key: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
