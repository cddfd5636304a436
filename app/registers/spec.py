"""A measure's register as the plan declares it, and the hand-in calendar (periods and deadlines)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from app.clock import add_days, local_day
from app.extensions import db
from app.indicators.periods import Period, month_period, parse_period, quarter_period, year_period
from app.models import Campaign, Draw, RegisterItem
from app.models.register import APPROVED, HANDED_IN
from app.plans.access import plan_of
from app.plans.schema import HandInSpec, MeasureSpec

__all__ = ["APPROVED", "HANDED_IN"]  # the item statuses, read here by the registers' code


class RegisterError(ValueError):
    """A refused register action; the message says why, in the user's language."""


def has_register(spec: MeasureSpec | None) -> bool:
    return spec is not None and bool(spec.item_kinds)


def hand_ins(campaign: Campaign) -> HandInSpec:
    """The plan's hand-in calendar; without one, the whole campaign and deadlines at each period's end."""
    return plan_of(campaign).hand_ins or HandInSpec(first_day=campaign.start_date, last_day=campaign.end_date)


def kind_period(spec: MeasureSpec, kind: str) -> str:
    """How often a kind is handed in: its quota's period, else its draw's, else monthly."""
    for quota in spec.quotas:
        if quota.item_kind == kind:
            return quota.period
    for draw in spec.draws:
        if draw.creates_kind == kind:
            return draw.period
    return "month"


def periods_of(campaign: Campaign, period_kind: str) -> list[Period]:
    """The hand-in periods of one kind (month, quarter, year) that overlap the hand-in calendar."""
    calendar = hand_ins(campaign)
    periods: list[Period] = []
    day = calendar.first_day
    while day <= calendar.last_day:
        periods.append(period_containing(period_kind, day))
        day = periods[-1].end + timedelta(days=1)
    return periods


def period_containing(period_kind: str, day: date) -> Period:
    if period_kind == "year":
        return year_period(day.year)
    if period_kind == "quarter":
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    return month_period(day.year, day.month)


def deadline(campaign: Campaign, period: Period, kind: str | None = None) -> date:
    """When a period's items of ``kind`` are due: as the plan's duty for that kind says (app/obligations), else the
    hand-in calendar's deadline."""

    duty = next((d for d in plan_of(campaign).obligations if d.evidence == "quota" and kind in d.kinds), None)
    if duty is not None:
        return add_days(period.end, duty.due_days, duty.working_days)
    return period.end + timedelta(days=hand_ins(campaign).deadline_days)


def item_deadline(campaign: Campaign, item: RegisterItem) -> date:
    """When an item is due: an item a draw opened, the plan's days after the draw (its "draw_hand_in" duty); any
    other, its period's deadline for its kind."""

    duty = next((d for d in plan_of(campaign).obligations
                 if d.evidence == "draw_hand_in" and item.kind in d.kinds), None)
    if duty is not None and item.id is not None:
        for draw in db.session.scalars(select(Draw).where(Draw.campaign_id == campaign.id, Draw.draw_code == duty.draw,
                                                          Draw.period == item.period)):
            if item.id in draw.item_ids:
                return add_days(local_day(draw.drawn_at), duty.due_days, duty.working_days)
    return deadline(campaign, parse_period(item.period), item.kind)


def period_of(key: str) -> Period:
    return parse_period(key)


def open_periods(campaign: Campaign, period_kind: str, day: date) -> list[Period]:
    """The periods one may hand in for today: those already begun, newest first."""
    return [p for p in reversed(periods_of(campaign, period_kind)) if p.start <= day]


def list_period_key(list_period: str, item_period: str) -> str:
    """The key of the list period an item belongs to (a 2021Q2 item is on the 2021 list of a yearly list)."""
    return period_containing(list_period, parse_period(item_period).start).key
