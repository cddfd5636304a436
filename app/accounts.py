"""Sign-in with a rate limit, and account management used by the admin pages and the CLI."""

from __future__ import annotations

import math
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit import changes, record
from app.extensions import db
from app.models import Department, LoginAttempt, Role, User, UserRole
from app.models.base import utcnow


class SignInRefused(Exception):
    """Raised with a message fit to show the person signing in."""


def people_with_roles(*roles: Role, department_id: int | None = None, court_id: int | None = None) -> list[User]:
    """The active accounts holding one of ``roles``, in one department or one court (whom to tell, whom to choose)."""
    query = select(User).join(UserRole).where(UserRole.role.in_([r.value for r in roles]), User.active.is_(True))
    if department_id is not None:
        query = query.where(User.department_id == department_id)
    if court_id is not None:
        query = query.join(Department).where(Department.court_id == court_id)
    return list(db.session.scalars(query.order_by(User.department_id, User.display_name)).unique())


def authenticate(username: str, password: str, remote_addr: str | None) -> User:
    """The active user with these credentials; every attempt is recorded, failures are rate-limited."""
    username = username.strip()
    now = utcnow()
    if _address_refused(remote_addr, now):
        minutes = current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"]
        raise SignInRefused(_("Too many failed sign-ins. Please wait %(minutes)d minutes and try again.",
                              minutes=minutes))
    wait = account_wait_seconds(username, now)
    if wait:
        if wait >= 120:
            raise SignInRefused(_("Too many failed sign-ins for this account. Please wait %(minutes)d minutes and "
                                  "try again.", minutes=math.ceil(wait / 60)))
        raise SignInRefused(_("Too many failed sign-ins for this account. Please wait %(seconds)d seconds and "
                              "try again.", seconds=wait))
    user = db.session.scalar(select(User).where(User.username == username))
    # An unknown name is checked against a hash of the same kind, so it takes as long to refuse as a wrong
    # password and the time taken does not tell which names exist.
    password_ok = check_password_hash(user.password_hash if user is not None else _dummy_hash(), password)
    ok = user is not None and password_ok and user.active
    db.session.add(LoginAttempt(username=username, remote_addr=remote_addr, succeeded=ok, at=now))
    record("sign_in" if ok else "sign_in_failed", "user", user.id if user else None, user=user,
           summary=username, court_id=user.department.court_id if user else None,
           department_id=user.department_id if user else None)
    if ok:
        user.last_login_at = now
    db.session.commit()
    if not ok:
        if user is not None and not user.active and password_ok:
            raise SignInRefused(_("This account has been deactivated. Please ask the administrator."))
        raise SignInRefused(_("Wrong user name or password."))
    return user


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash() -> str:
    """A hash of a random password by the configured method (once per method and process)."""
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash(secrets.token_hex(16), method=method)
    return _DUMMY_HASHES[method]


def _address_refused(remote_addr: str | None, now: datetime) -> bool:
    """One address is refused after 4 × LOGIN_MAX_FAILURES failures in the window: a higher bound than one account's,
    so an office behind one NAT address is not locked out by a colleague's typos."""
    since = now - timedelta(minutes=current_app.config["LOGIN_FAILURE_WINDOW_MINUTES"])
    failures = db.session.scalar(select(func.count()).where(
        LoginAttempt.succeeded.is_(False), LoginAttempt.at >= since, LoginAttempt.remote_addr == remote_addr)) or 0
    return failures >= 4 * current_app.config["LOGIN_MAX_FAILURES"]


def account_wait_seconds(username: str, now: datetime) -> int:
    """How long the next sign-in to ``username`` must wait (0: not at all).

    A delay, not a lock: after LOGIN_MAX_FAILURES failures since the last success (within the window) the next
    attempt waits 2 s after the latest failure, then 4 s, 8 s, … up to LOGIN_MAX_DELAY_SECONDS. Guessing slows to a
    crawl, while anyone failing on purpose against someone else's account (``admin``) keeps its owner out for
    seconds to minutes, never for good. Attempts refused for waiting are not failures and do not lengthen it.
    """
    config = current_app.config
    since = now - timedelta(minutes=config["LOGIN_FAILURE_WINDOW_MINUTES"])
    last_ok = db.session.scalar(select(func.max(LoginAttempt.at)).where(
        LoginAttempt.username == username, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(True)))
    failed = select(func.count(), func.max(LoginAttempt.at)).where(
        LoginAttempt.username == username, LoginAttempt.at >= since, LoginAttempt.succeeded.is_(False))
    if last_ok is not None:
        failed = failed.where(LoginAttempt.at > last_ok)
    count, latest = db.session.execute(failed).one()
    beyond = count - config["LOGIN_MAX_FAILURES"]
    if beyond < 0 or latest is None:
        return 0
    delay = min(2 ** min(beyond + 1, 30), config["LOGIN_MAX_DELAY_SECONDS"])
    if latest.tzinfo is None:  # SQLite keeps no time zone; what it stores is UTC
        latest = latest.replace(tzinfo=UTC)
    return max(0, math.ceil((latest + timedelta(seconds=delay) - now).total_seconds()))


class AccountError(ValueError):
    """A change to accounts that would break a rule; the message is fit to show the administrator."""


def save_user(
    user: User | None,
    *,
    username: str,
    display_name: str,
    department_id: int,
    roles: list[str],
    password: str | None,
    court_id: int,
) -> User:
    """Create (``user`` None) or update an account within one court."""
    department = db.session.get(Department, department_id)
    if department is None or department.court_id != court_id:
        raise AccountError(_("Unknown department."))
    clash = db.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if clash is not None and clash is not user:
        raise AccountError(_("The user name %(name)s is already taken.", name=username))
    before = _account_fields(user) if user is not None else {}
    if user is None:
        if not password:
            raise AccountError(_("A new account needs a password."))
        user = User(username=username)
        db.session.add(user)
    if user.id is not None and Role.ADMIN in user.roles and Role.ADMIN.value not in roles:
        _keep_an_administrator(user)
    user.username = username
    user.display_name = display_name
    user.department = department
    user.roles = [Role(r) for r in roles]
    if password:
        user.set_password(password)
    db.session.flush()
    old, new = changes(before, _account_fields(user))
    if password and before:
        new["password"] = "changed"  # nosec  # noqa: S105 - that it changed, never what it is
    record("update" if before else "create", "user", user.id, before=old or None, after=new,
           summary=user.username, court_id=court_id, department_id=user.department_id)
    db.session.commit()
    return user


def _account_fields(user: User) -> dict:
    return {"username": user.username, "display_name": user.display_name, "department_id": user.department_id,
            "roles": sorted(r.value for r in user.roles), "active": user.active}


def set_active(user: User, active: bool, acting: User) -> None:
    if not active:
        if user.id == acting.id:
            raise AccountError(_("You cannot deactivate your own account."))
        _keep_an_administrator(user)
    user.active = active
    record("reactivate" if active else "deactivate", "user", user.id, before={"active": not active},
           after={"active": active}, summary=user.username, court_id=user.department.court_id,
           department_id=user.department_id)
    db.session.commit()


def update_department(department: Department, *, name_zh: str, name_en: str, active: bool) -> None:
    before = {"name_zh": department.name_zh, "name_en": department.name_en, "active": department.active}
    department.name_zh, department.name_en, department.active = name_zh, name_en, active
    old, new = changes(before, {"name_zh": name_zh, "name_en": name_en, "active": active})
    if new:
        record("update", "department", department.id, before=old, after=new, summary=department.code,
               court_id=department.court_id, department_id=department.id)
    db.session.commit()


def _keep_an_administrator(user: User) -> None:
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .join(UserRole)
        .join(Department, User.department_id == Department.id)
        .where(UserRole.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id,
               Department.court_id == user.department.court_id)
    )
    if not others:
        raise AccountError(_("At least one active administrator must remain."))
