"""Computing the figures: one grouped query per family of tallies, never a loop over case rows.

Every requested period is cut into disjoint intervals (for the snapshot periods: calendar months).
Each family of tallies sharing a date column is one query grouped by (interval, department, judge);
a period's figure for any scope is then a sum of those groups, because counts and sums add up over
disjoint intervals and over the judges of a department. Only "pending on the first day" does not add
up, and has its own query grouped by each period's first day.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Integer, and_, case, delete, func, insert, literal, or_, select, union_all

from app.extensions import db
from app.indicators.definitions import TALLIES, Formula, PlanTerms, Tally, cases, formula_for
from app.indicators.periods import Period
from app.models import Campaign, Case, Court, Indicator, IndicatorEntry, IndicatorValue, RegisterItem
from app.models.base import utcnow
from app.models.register import APPROVED
from app.plans.access import plan_of
from app.plans.schema import RegisterSourceSpec

COURT = ("court", 0)
Sums = dict[str, float]


@dataclass(frozen=True)
class Figure:
    indicator: str
    period: Period
    scope_kind: str
    scope_id: int
    numerator: float | None
    denominator: float | None
    value: float | None
    target: float | None
    band: str | None
    met: bool | None


def compute(campaign: Campaign, periods: list[Period],
            progress: Callable[[int, int], None] | None = None) -> list[Figure]:
    """Every indicator of the campaign's plan for every period, for the court, each department and judge.

    ``progress(done, total)`` is told after each family of tallies (the queries are most of the time).
    """
    terms = PlanTerms(plan_of(campaign))
    formulas = {i.code: formula_for(i.code, i.variant) for i in campaign.indicators}
    needed = {key for f in formulas.values() for key in (*f.numerator, *f.denominator)}
    by_family: dict[str, list[Tally]] = defaultdict(list)
    for key in sorted(needed):
        by_family[TALLIES[key].family].append(TALLIES[key])

    # sums[(period key, scope kind, scope id)][tally key]
    sums: dict[tuple[str, str, int], Sums] = defaultdict(lambda: defaultdict(float))
    intervals = _atomic_intervals(periods)
    for done, (family, tallies) in enumerate(by_family.items(), start=1):
        if family == "pending_at_start":
            rows = _pending_rows(campaign.court_id, terms, tallies, sorted({p.start for p in periods}))
            for start, department_id, judge_id, totals in rows:
                for period in (p for p in periods if p.start == start):
                    _add(sums, period.key, department_id, judge_id, totals)
        else:
            rows = _interval_rows(campaign.court_id, terms, tallies, family, intervals)
            for index, department_id, judge_id, totals in rows:
                start, end = intervals[index]
                for period in (p for p in periods if p.start <= start and end <= p.end):
                    _add(sums, period.key, department_id, judge_id, totals)
        if progress:  # the last step (building and writing the figures) is the remaining share
            progress(done, len(by_family) + 1)

    for indicator in campaign.indicators:
        entry = plan_of(campaign).indicator(indicator.code)
        source = entry.from_register if entry else None
        if formulas[indicator.code].kind == "register" and source:
            numerator, denominator = f"{indicator.code}:qualified", f"{indicator.code}:counted"
            formulas[indicator.code] = Formula("ratio", (numerator,), (denominator,))
            for day, department_id, judge_id, hit in _register_rows(campaign, source):
                for period in (p for p in periods if p.start <= day <= p.end):
                    _add(sums, period.key, department_id, judge_id, {numerator: float(hit), denominator: 1.0})

    entries = _entries(campaign.court_id, [p.key for p in periods])
    population = campaign.court.population
    figures = []
    for period in periods:
        scopes = {(kind, scope_id) for (key, kind, scope_id) in sums if key == period.key} | {COURT}
        for indicator in campaign.indicators:
            formula = formulas[indicator.code]
            for scope in sorted(scopes):
                if formula.court_only and scope != COURT:
                    continue
                totals = sums.get((period.key, *scope), {})
                entered = entries.get((indicator.code, period.key)) if scope == COURT else None
                figures.append(_figure(indicator, formula, period, scope, totals, population, entered))
    return figures


def recompute_snapshots(campaign: Campaign, periods: list[Period],
                        progress: Callable[[int, int], None] | None = None) -> int:
    """Replace the stored figures of these periods in the caller's transaction (commit or roll back there)."""
    # One recompute per court at a time: a second waits here for the first to commit (on PostgreSQL; SQLite
    # serializes writers anyway), instead of interleaving its delete and insert with the first one's.
    db.session.execute(select(Court.id).where(Court.id == campaign.court_id).with_for_update())
    figures = compute(campaign, periods, progress)
    now = utcnow()
    db.session.execute(delete(IndicatorValue).where(IndicatorValue.court_id == campaign.court_id,
                                                    IndicatorValue.period_key.in_([p.key for p in periods])))
    variants = {i.code: i.variant for i in campaign.indicators}
    rows = [{
        "court_id": campaign.court_id, "campaign_id": campaign.id, "indicator_code": f.indicator,
        "period_key": f.period.key, "period_kind": f.period.kind, "period_start": f.period.start,
        "period_end": f.period.end, "scope_kind": f.scope_kind, "scope_id": f.scope_id, "numerator": f.numerator,
        "denominator": f.denominator, "value": f.value, "target": f.target, "band": f.band, "met": f.met,
        "definition_version": campaign.definition_version, "variant": variants[f.indicator], "computed_at": now,
    } for f in figures]
    for start in range(0, len(rows), 5000):
        db.session.execute(insert(IndicatorValue.__table__), rows[start:start + 5000])
    return len(rows)


# ---------------------------------------------------------------------- queries


def _atomic_intervals(periods: Iterable[Period]) -> list[tuple[date, date]]:
    """Disjoint intervals whose unions are exactly the given periods."""
    cuts = sorted({p.start for p in periods} | {p.end + timedelta(days=1) for p in periods})
    return [(a, b - timedelta(days=1)) for a, b in itertools.pairwise(cuts)]


def _inline_table(name: str, names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> Any:
    """A small constant table as a CTE of UNION ALL selects (SQLite cannot name the columns of VALUES)."""
    types = {int: Integer(), date: Date()}
    selects = [select(*(literal(v, types[type(v)]).label(n) for n, v in zip(names, row, strict=True))) for row in rows]
    return union_all(*selects).cte(name)


def _sum_columns(terms: PlanTerms, tallies: list[Tally]) -> list[Any]:
    return [
        func.sum(case((tally.where(terms), tally.amount(terms) if tally.amount else literal(1)), else_=literal(0)))
        .label(tally.key)
        for tally in tallies
    ]


def _interval_rows(court_id: int, terms: PlanTerms, tallies: list[Tally], date_column: str,
                   intervals: list[tuple[date, date]]) -> list[tuple[int, int, int | None, Sums]]:
    spans = _inline_table("spans", ("n", "first_day", "last_day"),
                          [(n, a, b) for n, (a, b) in enumerate(intervals)])
    day = cases.c[date_column]
    query = (
        select(spans.c.n, cases.c.department_id, cases.c.judge_id, *_sum_columns(terms, tallies))
        .select_from(cases.join(spans, and_(day >= spans.c.first_day, day <= spans.c.last_day)))
        .where(cases.c.court_id == court_id, day >= intervals[0][0], day <= intervals[-1][1],
               or_(*(t.where(terms) for t in tallies)))
        .group_by(spans.c.n, cases.c.department_id, cases.c.judge_id)
    )
    return [(row[0], row[1], row[2], {t.key: float(row[3 + i] or 0) for i, t in enumerate(tallies)})
            for row in db.session.execute(query)]


def _pending_rows(court_id: int, terms: PlanTerms, tallies: list[Tally],
                  first_days: list[date]) -> list[tuple[date, int, int | None, Sums]]:
    days = _inline_table("first_days", ("n", "first_day"), list(enumerate(first_days)))
    pending = and_(cases.c.filed_on < days.c.first_day,
                   or_(cases.c.closed_on.is_(None), cases.c.closed_on >= days.c.first_day))
    query = (
        select(days.c.n, cases.c.department_id, cases.c.judge_id, *_sum_columns(terms, tallies))
        .select_from(cases.join(days, pending))
        .where(cases.c.court_id == court_id, cases.c.filed_on < first_days[-1], or_(*(t.where(terms) for t in tallies)))
        .group_by(days.c.n, cases.c.department_id, cases.c.judge_id)
    )
    return [(first_days[row[0]], row[1], row[2], {t.key: float(row[3 + i] or 0) for i, t in enumerate(tallies)})
            for row in db.session.execute(query)]


def _add(sums: dict[tuple[str, str, int], Sums], period_key: str, department_id: int, judge_id: int | None,
         totals: Sums) -> None:
    scopes = [COURT, ("department", department_id)]
    if judge_id is not None:
        scopes.append(("judge", judge_id))
    for kind, scope_id in scopes:
        target = sums[(period_key, kind, scope_id)]
        for key, amount in totals.items():
            target[key] += amount


def _register_rows(campaign: Campaign, source: RegisterSourceSpec) -> list[tuple[date, int, int | None, bool]]:
    """(date, department, judge, counts as a hit) for each approved item a register-fed indicator counts; the judge
    is the linked case's. Registers hold hundreds of items, not millions: read them whole."""
    rows = db.session.execute(
        select(RegisterItem.values, RegisterItem.department_id, Case.judge_id)
        .outerjoin(Case, RegisterItem.case_id == Case.id)
        .where(RegisterItem.campaign_id == campaign.id, RegisterItem.measure_code == source.measure,
               RegisterItem.kind == source.kind, RegisterItem.status.in_(APPROVED))
    )
    found = []
    for values, department_id, judge_id in rows:
        try:
            day = date.fromisoformat(values.get(source.date_field) or "")
        except ValueError:
            continue  # an item without its date is not counted in any period
        found.append((day, department_id, judge_id, values.get(source.field) == source.value))
    return found


def _entries(court_id: int, period_keys: list[str]) -> dict[tuple[str, str], float]:
    rows = db.session.execute(select(IndicatorEntry.indicator_code, IndicatorEntry.period_key, IndicatorEntry.value)
                              .where(IndicatorEntry.court_id == court_id, IndicatorEntry.period_key.in_(period_keys)))
    return {(code, key): value for code, key, value in rows}


# ---------------------------------------------------------------------- values, bands


def _figure(indicator: Indicator, formula: Formula, period: Period, scope: tuple[str, int], totals: Sums,
            population: int | None, entered: float | None) -> Figure:
    numerator = sum(totals.get(k, 0.0) for k in formula.numerator) if formula.numerator else None
    denominator = sum(totals.get(k, 0.0) for k in formula.denominator) if formula.denominator else None
    value: float | None = None
    if formula.kind in ("ratio", "mean") and denominator:
        value = numerator / denominator
    elif formula.kind == "complement" and denominator:
        value = 1 - numerator / denominator
    elif formula.kind == "per_10k" and population:
        denominator = float(population)
        value = numerator / population * 10_000
    elif formula.kind == "entered":
        value = entered
    if value is not None:
        value = round(value, 10)  # so that 1 − 9/100 meets a 0.91 target exactly
    band, met = judge_value(value, indicator.bands, indicator.direction, indicator.target)
    return Figure(indicator.code, period, scope[0], scope[1], numerator, denominator, value, indicator.target,
                  band, met)


def judge_value(value: float | None, bands: dict[str, Any], direction: str,
                target: float | None) -> tuple[str | None, bool | None]:
    """(band, met) for a value: 优/良/中/差 as excellent/good/fair/poor, or inside/outside a reference range."""
    if value is None:
        return None, None

    def at_least_as_good(threshold: float) -> bool:
        return value >= threshold if direction == "higher" else value <= threshold

    if "range" in bands:
        low, high = bands["range"]
        band = "inside" if low <= value <= high else "outside"
    else:
        band = next((name for name in ("excellent", "good", "fair") if at_least_as_good(bands[name])), "poor")
    return band, (at_least_as_good(target) if target is not None else None)
