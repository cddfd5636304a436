"""Figures the measure pages need beyond the dashboard: reversal rates by cause of action and by judge
(measure 7), the departments' fast-track figures against their targets (measure 10), the case-to-auction ratio
(measure 13) and the watch list of judges below target two months running (measure 15). Reads only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from app.extensions import db
from app.indicators.definitions import TALLIES, PlanTerms, formula_for
from app.indicators.periods import Period
from app.models import Campaign, Case, Department, Indicator, IndicatorValue, ItemStatus, Judge, RegisterItem
from app.plans.access import plan_of

cases = Case.__table__


@dataclass(frozen=True)
class Share:
    label: str
    numerator: float
    denominator: float

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


def _tally_by(campaign: Campaign, key: str, period: Period, column) -> dict:
    """One tally of the engine's definitions, summed per value of ``column`` (e.g. the cause of action)."""
    terms = PlanTerms(plan_of(campaign))
    tally = TALLIES[key]
    day = cases.c[tally.date]
    amount = tally.amount(terms) if tally.amount else 1
    rows = db.session.execute(
        select(column, func.sum(amount)).where(cases.c.court_id == campaign.court_id, tally.where(terms),
                                               day.between(period.start, period.end)).group_by(column))
    return {value: float(total or 0) for value, total in rows}


def reversal_by_cause(campaign: Campaign, period: Period, minimum: int = 5) -> list[Share]:
    """Causes of action by their reversal and remand rate (the plan's variant of the figure), highest first; causes
    with fewer than ``minimum`` first-instance cases closed are left out as too few to say anything."""
    indicator = next(i for i in campaign.indicators if i.code == "reversal_remand_rate")
    formula = formula_for(indicator.code, indicator.variant)
    numerator, denominator = defaultdict(float), defaultdict(float)
    for key in formula.numerator:
        for cause, amount in _tally_by(campaign, key, period, cases.c.cause).items():
            numerator[cause] += amount
    for key in formula.denominator:
        for cause, amount in _tally_by(campaign, key, period, cases.c.cause).items():
            denominator[cause] += amount
    shares = [Share(cause or "—", numerator[cause], total) for cause, total in denominator.items()
              if total >= minimum and numerator[cause]]
    return sorted(shares, key=lambda s: -(s.value or 0))


@dataclass(frozen=True)
class JudgeFigure:
    judge: Judge
    value: IndicatorValue


def judges_missing(campaign: Campaign, period: Period, indicator_code: str) -> list[JudgeFigure]:
    """Judges whose stored figure for the period misses the target, worst first."""
    rows = db.session.execute(
        select(Judge, IndicatorValue).join(IndicatorValue, and_(IndicatorValue.scope_kind == "judge",
                                                                IndicatorValue.scope_id == Judge.id))
        .where(IndicatorValue.court_id == campaign.court_id, IndicatorValue.indicator_code == indicator_code,
               IndicatorValue.period_key == period.key, IndicatorValue.met.is_(False)))
    found = [JudgeFigure(judge, value) for judge, value in rows]
    lower_is_better = next((i.direction == "lower" for i in campaign.indicators if i.code == indicator_code), False)
    return sorted(found, key=lambda f: -(f.value.value or 0) if lower_is_better else (f.value.value or 0))


def department_figures(campaign: Campaign, period: Period, codes: list[str]) -> list[tuple[Department, dict]]:
    """Each department's stored figures for the period (those it has), by indicator code."""
    rows = db.session.execute(
        select(Department, IndicatorValue).join(IndicatorValue, and_(IndicatorValue.scope_kind == "department",
                                                                     IndicatorValue.scope_id == Department.id))
        .where(IndicatorValue.court_id == campaign.court_id, IndicatorValue.period_key == period.key,
               IndicatorValue.indicator_code.in_(codes)).order_by(Department.position))
    found: dict[int, tuple[Department, dict]] = {}
    for department, value in rows:
        found.setdefault(department.id, (department, {}))[1][value.indicator_code] = value
    return list(found.values())


def auction_ratio(campaign: Campaign, period: Period, measure_code: str = "enforcement_quality") -> Share:
    """案拍比: property disposals by online auction recorded in the register in the period ÷ enforcement cases
    closed in it (the engine's enforcement closings)."""
    closed = sum(_tally_by(campaign, "enforcement_closed", period, cases.c.court_id).values())
    auctions = 0
    for values in db.session.scalars(select(RegisterItem.values).where(
            RegisterItem.campaign_id == campaign.id, RegisterItem.measure_code == measure_code,
            RegisterItem.kind == "property_disposal",
            RegisterItem.status.in_((ItemStatus.SUBMITTED, ItemStatus.APPROVED)))):
        day = (values or {}).get("disposed_on") or ""
        if values.get("method") == "网络拍卖" and period.start.isoformat() <= day <= period.end.isoformat():
            auctions += 1
    return Share("案拍比", auctions, closed)


@dataclass(frozen=True)
class Watched:
    judge: Judge
    indicators: list[Indicator]


def watch_list(campaign: Campaign, month: Period) -> list[Watched]:
    """Judges with at least one figure below target in ``month`` and in the month before (measure 15)."""
    previous = month.previous()
    if previous is None:
        return []
    rows = db.session.execute(
        select(IndicatorValue.scope_id, IndicatorValue.indicator_code, IndicatorValue.period_key)
        .where(IndicatorValue.court_id == campaign.court_id, IndicatorValue.scope_kind == "judge",
               IndicatorValue.period_key.in_([month.key, previous.key]), IndicatorValue.met.is_(False)))
    missed: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for judge_id, code, key in rows:
        missed[judge_id][code].add(key)
    indicators = {i.code: i for i in campaign.indicators}
    flagged = {judge_id: [indicators[c] for c, keys in codes.items() if len(keys) == 2 and c in indicators]
               for judge_id, codes in missed.items()}
    flagged = {judge_id: found for judge_id, found in flagged.items() if found}
    judges = {j.id: j for j in db.session.scalars(select(Judge).where(Judge.id.in_(list(flagged))))}
    return sorted((Watched(judges[j], sorted(found, key=lambda i: i.position)) for j, found in flagged.items()
                   if j in judges), key=lambda w: (w.judge.department_id, w.judge.name))
