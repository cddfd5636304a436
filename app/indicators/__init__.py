"""The court's quality and efficiency indicators: definitions (definitions.py), computation (engine.py),
periods (periods.py) and the stored snapshots the pages read."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app.campaign import current_campaign
from app.extensions import db
from app.indicators.engine import Figure, compute, recompute_snapshots
from app.indicators.periods import Period, parse_period, snapshot_periods
from app.models import Campaign, IndicatorValue

__all__ = ["Figure", "Period", "figures", "parse_period", "recompute_court", "snapshot_periods"]


def campaign_periods(campaign: Campaign) -> list[Period]:
    return snapshot_periods(campaign.year, campaign.code, campaign.start_date, campaign.end_date)


def recompute_court(court_id: int, periods: list[Period] | None = None,
                    progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute and store the court's figures in one transaction; on failure the old ones stay."""
    campaign = current_campaign(court_id)
    if campaign is None:
        raise LookupError("no campaign plan is loaded for this court")
    try:
        count = recompute_snapshots(campaign, periods or campaign_periods(campaign), progress)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return count


def figures(campaign: Campaign, period: Period, scope_kind: str = "court", scope_id: int = 0) -> list[Figure]:
    """The figures of one period and scope: the stored snapshot when there is one, else computed now."""
    stored = db.session.scalars(
        select(IndicatorValue).where(IndicatorValue.court_id == campaign.court_id,
                                     IndicatorValue.period_key == period.key,
                                     IndicatorValue.scope_kind == scope_kind, IndicatorValue.scope_id == scope_id)
    ).all()
    if stored:
        order = {i.code: i.position for i in campaign.indicators}
        return sorted((Figure(v.indicator_code, period, v.scope_kind, v.scope_id, v.numerator, v.denominator,
                              v.value, v.target, v.band, v.met) for v in stored),
                      key=lambda f: order.get(f.indicator, 999))
    return [f for f in compute(campaign, [period]) if (f.scope_kind, f.scope_id) == (scope_kind, scope_id)]
