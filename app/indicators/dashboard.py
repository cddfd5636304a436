"""What the dashboard shows for one period and scope: each target's figure, its change and its year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app.extensions import db
from app.indicators.periods import Period, month_period, parse_period, year_period, ytd_period
from app.models import Campaign, Indicator, IndicatorValue


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    value: IndicatorValue | None
    previous: IndicatorValue | None
    trend: list[float | None]  # the campaign year's months

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None or self.value.value is None or self.previous.value is None:
            return None
        return self.value.value - self.previous.value

    @property
    def improved(self) -> bool | None:
        if self.change is None or self.change == 0:
            return None
        return (self.change > 0) == (self.indicator.direction == "higher")


def period_choices(campaign: Campaign) -> list[Period]:
    """The periods a user can pick: the campaign year to date, year, quarters, months, the campaign window."""
    year = campaign.year
    return ([year_period(year)] + [ytd_period(year, m) for m in range(11, 0, -1)]
            + [parse_period(f"{year}Q{q}") for q in range(4, 0, -1)]
            + [month_period(year, m) for m in range(12, 0, -1)]
            + [Period(f"campaign:{campaign.code}", "campaign", campaign.start_date, campaign.end_date)])


def default_period(campaign: Campaign, today: date) -> Period:
    """Year to date at today's month while the campaign year runs, the whole year after it."""
    if today.year == campaign.year and today.month < 12:
        return ytd_period(campaign.year, today.month)
    return year_period(campaign.year)


def find_period(campaign: Campaign, key: str | None, today: date) -> Period:
    for period in period_choices(campaign):
        if period.key == key:
            return period
    return default_period(campaign, today)


def cards(campaign: Campaign, period: Period, scope_kind: str, scope_id: int) -> list[Card]:
    months = [month_period(campaign.year, m) for m in range(1, 13)]
    previous = period.previous()
    keys = {period.key, *(m.key for m in months)} | ({previous.key} if previous else set())
    rows = db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.court_id == campaign.court_id, IndicatorValue.period_key.in_(keys),
        IndicatorValue.scope_kind == scope_kind, IndicatorValue.scope_id == scope_id))
    stored = {(v.indicator_code, v.period_key): v for v in rows}
    return [
        Card(indicator, stored.get((indicator.code, period.key)),
             stored.get((indicator.code, previous.key)) if previous else None,
             [getattr(stored.get((indicator.code, m.key)), "value", None) for m in months])
        for indicator in campaign.indicators
    ]


def last_computed(campaign: Campaign, period: Period) -> datetime | None:
    """When the period's court figures were computed (a recompute writes all of them at once)."""
    return db.session.scalar(select(func.max(IndicatorValue.computed_at)).where(
        IndicatorValue.court_id == campaign.court_id, IndicatorValue.period_key == period.key,
        IndicatorValue.scope_kind == "court", IndicatorValue.scope_id == 0))


# The plan's summary goal: every assessed indicator (考核指标) in the best band, every analysed one (分析指标) in the
# best two; a figure placed against a reference range must lie inside it.
GOAL_BANDS = {"assessment": frozenset({"excellent", "inside"}), "analysis": frozenset({"excellent", "good", "inside"})}


@dataclass(frozen=True)
class Goal:
    judged: int  # figures with a band
    short: list[Card]  # those below the goal's band

    @property
    def met(self) -> bool | None:
        return None if not self.judged else not self.short


def overall_goal(cards: list[Card]) -> Goal:
    """Whether the period's figures meet the plan's summary goal (Indicator.kind says which band each must reach)."""
    judged = [c for c in cards if c.value is not None and c.value.band and c.indicator.kind in GOAL_BANDS]
    return Goal(len(judged), [c for c in judged if c.value.band not in GOAL_BANDS[c.indicator.kind]])
