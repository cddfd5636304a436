"""The case domain shared by every part of the app: the national case-number format (app/cases/numbers.py), month
arithmetic of time limits, and everything held about one case for its page (app/cases/record.py)."""

from __future__ import annotations

import calendar
from datetime import date

from app.cases.numbers import CaseNumber, CaseNumberError, parse_case_number

__all__ = ["CaseNumber", "CaseNumberError", "add_months", "parse_case_number"]


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it has no such day (31 Jan + 1 = 28 Feb)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
