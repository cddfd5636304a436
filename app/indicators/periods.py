"""Periods the figures are computed for, and the keys that name them (2021-05, 2021Q2, 2021, ...)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Period:
    key: str
    kind: str  # month, quarter, year, ytd, campaign, range
    start: date
    end: date

    def previous(self) -> Period | None:
        """The period before this one of the same kind (for "change against the previous period")."""
        if self.kind == "month":
            year, month = (self.start.year, self.start.month - 1) if self.start.month > 1 else (self.start.year - 1, 12)
            return month_period(year, month)
        if self.kind == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            if quarter == 1:
                return quarter_period(self.start.year - 1, 4)
            return quarter_period(self.start.year, quarter - 1)
        if self.kind == "year":
            return year_period(self.start.year - 1)
        if self.kind == "ytd":
            return ytd_period(self.start.year - 1, self.end.month)
        return None


def month_period(year: int, month: int) -> Period:
    return Period(f"{year}-{month:02d}", "month", date(year, month, 1),
                  date(year, month, calendar.monthrange(year, month)[1]))


def quarter_period(year: int, quarter: int) -> Period:
    first = 3 * (quarter - 1) + 1
    return Period(f"{year}Q{quarter}", "quarter", date(year, first, 1),
                  date(year, first + 2, calendar.monthrange(year, first + 2)[1]))


def year_period(year: int) -> Period:
    return Period(str(year), "year", date(year, 1, 1), date(year, 12, 31))


def ytd_period(year: int, month: int) -> Period:
    """January to the end of ``month``; at December that is the year, and its figures are stored as the year's."""
    if month == 12:
        return year_period(year)
    return Period(f"{year}YTD{month:02d}", "ytd", date(year, 1, 1),
                  date(year, month, calendar.monthrange(year, month)[1]))


def campaign_period(code: str, start: date, end: date) -> Period:
    return Period(f"campaign:{code}", "campaign", start, end)


def snapshot_periods(year: int, campaign_code: str, campaign_start: date, campaign_end: date) -> list[Period]:
    """What a recompute stores: 12 months, 4 quarters, the year, year-to-date at each month end, the campaign."""
    periods = [month_period(year, m) for m in range(1, 13)]
    periods += [quarter_period(year, q) for q in range(1, 5)]
    periods.append(year_period(year))
    periods += [ytd_period(year, m) for m in range(1, 12)]  # YTD at December is the year
    periods.append(campaign_period(campaign_code, campaign_start, campaign_end))
    return periods


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_YTD = re.compile(r"^(\d{4})YTD(\d{2})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def parse_period(text: str) -> Period:
    """2021-05, 2021Q2, 2021, 2021YTD05 or 2021-03-16..2021-12-31; ValueError says what is expected."""
    text = text.strip()
    if m := _MONTH.match(text):
        if 1 <= int(m[2]) <= 12:
            return month_period(int(m[1]), int(m[2]))
    elif m := _QUARTER.match(text):
        return quarter_period(int(m[1]), int(m[2]))
    elif m := _YEAR.match(text):
        return year_period(int(m[1]))
    elif m := _YTD.match(text):
        if 1 <= int(m[2]) <= 12:
            return ytd_period(int(m[1]), int(m[2]))
    elif m := _RANGE.match(text):
        start, end = date.fromisoformat(m[1]), date.fromisoformat(m[2])
        if start <= end:
            return Period(text, "range", start, end)
    raise ValueError(f"not a period: {text!r} (use 2021-05, 2021Q2, 2021, 2021YTD05 or 2021-03-16..2021-12-31)")
