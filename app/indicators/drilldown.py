"""The cases behind a figure: the same tally conditions as the computation, for one period and scope."""

from __future__ import annotations

from sqlalchemy import Select, and_, false, or_, select

from app.indicators.definitions import TALLIES, PlanTerms, cases, formula_for
from app.indicators.periods import Period
from app.models import Campaign, Case, Indicator

SORTABLE = {"case_number": Case.case_number, "filed_on": Case.filed_on, "closed_on": Case.closed_on,
            "department": Case.department_id, "judge": Case.judge_id}


def has_case_lists(indicator: Indicator) -> bool:
    formula = formula_for(indicator.code, indicator.variant)
    return bool(formula.numerator or formula.denominator) and formula.kind not in ("entered", "register")


def cases_behind(campaign: Campaign, indicator: Indicator, period: Period, side: str, scope_kind: str,
                 scope_id: int, sort: str = "case_number", descending: bool = False) -> Select:
    """A query of the cases counted in the figure's numerator or denominator."""
    formula = formula_for(indicator.code, indicator.variant)
    keys = formula.numerator if side == "numerator" else formula.denominator
    terms = PlanTerms(campaign.document)
    conditions = []
    for key in keys:
        tally = TALLIES[key]
        if tally.pending_at_start:
            in_period = and_(cases.c.filed_on < period.start,
                             or_(cases.c.closed_on.is_(None), cases.c.closed_on >= period.start))
        else:
            day = cases.c[tally.date]
            in_period = and_(day >= period.start, day <= period.end)
        conditions.append(and_(tally.where(terms), in_period))
    query = select(Case).where(Case.court_id == campaign.court_id, or_(*conditions) if conditions else false())
    if scope_kind == "department":
        query = query.where(Case.department_id == scope_id)
    elif scope_kind == "judge":
        query = query.where(Case.judge_id == scope_id)
    column = SORTABLE.get(sort, Case.case_number)
    return query.order_by(column.desc() if descending else column, Case.id)
