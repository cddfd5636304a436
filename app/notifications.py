"""Putting messages in users' notification areas, each in the recipient's language, never twice for one event."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from app.extensions import db
from app.models import Notification, User


def notify(users: Iterable[User], message: Callable[[], str], *, link: str | None, key: str) -> int:
    """Add a notification for each user who has none with ``key`` yet; ``message`` is called in the
    recipient's locale. The caller commits. Returns how many were added."""
    users = [u for u in users if u.active]
    if not users:
        return 0
    have = set(db.session.scalars(
        select(Notification.user_id).where(Notification.key == key, Notification.user_id.in_([u.id for u in users]))
    ))
    added = 0
    for user in users:
        if user.id in have:
            continue
        with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            text = message()
        db.session.add(Notification(user_id=user.id, message=text[:500], link=link, key=key[:200]))
        added += 1
    return added
