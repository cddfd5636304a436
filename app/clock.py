"""The court's clock and calendar: recorded moments on its time zone, its days, and days counted forward.

Moments are stored in UTC (SQLite gives them back without their zone); the court reads them on
BABEL_DEFAULT_TIMEZONE. A page or file that printed them as they come would say 01:30 for 09:30 in Beijing, and the
day before for anything done before 08:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app


def local_time(moment: datetime) -> datetime:
    """A recorded moment on the court's clock."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))


def local_day(moment: datetime | None) -> date | None:
    """The court's day of a recorded moment: what is done at 07:00 in Beijing is done that day, not the day before."""
    return None if moment is None else local_time(moment).date()


def add_days(day: date, days: int, working: bool = False) -> date:
    """``days`` after ``day``; working days skip Saturdays and Sundays (public holidays are not known here)."""
    if not working:
        return day + timedelta(days=days)
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day
