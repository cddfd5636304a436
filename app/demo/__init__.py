"""Demo data: accounts named by role and a realistic year of cases (never real people's names)."""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import update

from app.extensions import db
from app.models import Notification


def read_past_notices(as_of: date, days: int = 7) -> None:
    """The demo writes a past year as it happened: the notices of that year, older than a week, have been read by
    now (else everyone's notification area would open on hundreds). Commits."""
    cutoff = datetime.combine(as_of - timedelta(days=days), time.min, UTC)
    db.session.execute(update(Notification).where(Notification.read_at.is_(None), Notification.created_at < cutoff)
                       .values(read_at=Notification.created_at))
    db.session.commit()
