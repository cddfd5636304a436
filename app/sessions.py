"""Signed-in sessions: which cookie still signs its holder in.

The session cookie is signed, not stored, so ending a session means refusing cookies issued before. Each session
carries the user's ``session_version`` from the moment it began; signing out and every new password bump the
version, and the check runs where Flask-Login loads the user (once per request, on the row it loads anyway).
A session idle for longer than ``SESSION_IDLE_HOURS`` ends too: it stamps its last activity, at most once a minute
so the cookie is not rewritten on every request.
"""

from __future__ import annotations

import time

from flask import current_app, g, session

from app.extensions import db
from app.models import User

VERSION_KEY = "_sv"
SEEN_KEY = "_seen"
# Granularity of the activity stamp: rewriting the cookie on every request would gain nothing.
STAMP_EVERY_SECONDS = 60


def now() -> int:
    """Seconds since the epoch (a function, so tests can move the clock)."""
    return int(time.time())


def begin(user: User) -> None:
    """Mark the current session as signed in under the user's present version (at sign-in, or to keep one's own
    session after changing one's own password)."""
    session[VERSION_KEY] = user.session_version
    session[SEEN_KEY] = now()


def end_all(user: User) -> None:
    """Refuse every session the user has open, this one included (signing out)."""
    user.session_version = User.session_version + 1  # in SQL, so two sign-outs at once both count
    db.session.commit()


def signed_in_user(user_id: str) -> User | None:
    """The user this request's session signs in, or None when the session was ended or sat idle too long."""
    user = db.session.get(User, int(user_id))
    if user is None or session.get(VERSION_KEY) != user.session_version:
        return _drop()
    seen = session.get(SEEN_KEY)
    moment = now()
    if not isinstance(seen, int) or moment - seen > idle_seconds():
        g.session_expired = True  # the sign-in page says why (app/__init__.py, unauthorized)
        return _drop()
    if moment - seen >= STAMP_EVERY_SECONDS:
        session[SEEN_KEY] = moment
    return user


def idle_seconds() -> int:
    return int(float(current_app.config["SESSION_IDLE_HOURS"]) * 3600)


def _drop() -> None:
    """Forget the session (the browser gets an empty cookie), keeping only the chosen language."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    return None
