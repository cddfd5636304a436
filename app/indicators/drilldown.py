"""The cases behind a figure: the same tally conditions as the computation, for one period and scope; what each
list holds and which columns make a case count; and, for one case, the figures it counts in."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, and_, false, or_, select

from app.extensions import db
from app.indicators.definitions import TALLIES, PlanTerms, Tally, cases, formula_for
from app.indicators.periods import Period
from app.models import Campaign, Case, Indicator
from app.plans.access import plan_of

SORTABLE = {"case_number": Case.case_number, "filed_on": Case.filed_on, "closed_on": Case.closed_on,
            "department": Case.department_id, "judge": Case.judge_id}


def has_case_lists(indicator: Indicator) -> bool:
    formula = formula_for(indicator.code, indicator.variant)
    return bool(formula.numerator or formula.denominator) and formula.kind not in ("entered", "register")


def side_tallies(indicator: Indicator, side: str) -> list[Tally]:
    formula = formula_for(indicator.code, indicator.variant)
    return [TALLIES[key] for key in (formula.numerator if side == "numerator" else formula.denominator)]


def side_condition(campaign: Campaign, indicator: Indicator, period: Period, side: str) -> ColumnElement[bool]:
    """The condition a case meets to be counted in the figure's numerator or denominator for ``period``."""
    terms = PlanTerms(plan_of(campaign))
    conditions = []
    for tally in side_tallies(indicator, side):
        if tally.pending_at_start:
            in_period = and_(cases.c.filed_on < period.start,
                             or_(cases.c.closed_on.is_(None), cases.c.closed_on >= period.start))
        else:
            day = cases.c[tally.date]
            in_period = and_(day >= period.start, day <= period.end)
        conditions.append(and_(tally.where(terms), in_period))
    return or_(*conditions) if conditions else false()


def cases_behind(campaign: Campaign, indicator: Indicator, period: Period, side: str, scope_kind: str,
                 scope_id: int, sort: str = "case_number", descending: bool = False) -> Select:
    """A query of the cases counted in the figure's numerator or denominator."""
    query = select(Case).where(Case.court_id == campaign.court_id,
                               side_condition(campaign, indicator, period, side))
    if scope_kind == "department":
        query = query.where(Case.department_id == scope_id)
    elif scope_kind == "judge":
        query = query.where(Case.judge_id == scope_id)
    column = SORTABLE.get(sort, Case.case_number)
    return query.order_by(column.desc() if descending else column, Case.id)


def side_label(indicator: Indicator, side: str) -> str:
    """What a list holds, in the tallies' words: "期内上诉、抗诉、期内申请再审（计入分子）", "一审结案（分母）"."""
    locale = get_locale()
    separator = ", " if locale is not None and locale.language == "en" else "、"
    what = separator.join(dict.fromkeys(t.label for t in side_tallies(indicator, side)))
    return _("%(what)s (numerator)", what=what) if side == "numerator" else _("%(what)s (denominator)", what=what)


def side_columns(indicator: Indicator, side: str) -> list[str]:
    """The case columns that make a case count on this side (the tallies' own), in order, each once."""
    return list(dict.fromkeys(column for tally in side_tallies(indicator, side) for column in tally.columns))


@dataclass(frozen=True)
class Counted:
    """A figure one case counts in: the indicator and the side (numerator, denominator) for a period."""

    indicator: Indicator
    side: str
    period: Period

    @property
    def label(self) -> str:
        return side_label(self.indicator, self.side)


def counted_in(campaign: Campaign, case: Case, period: Period) -> list[Counted]:
    """The figures of ``period`` the case counts in, by the very conditions of the lists above: one query over
    this one case (its row by primary key), not a computation of the court's figures."""
    sides = [(indicator, side) for indicator in campaign.indicators if has_case_lists(indicator)
             for side in ("numerator", "denominator") if side_tallies(indicator, side)]
    if not sides:
        return []
    columns = [side_condition(campaign, indicator, period, side).label(f"c{n}")
               for n, (indicator, side) in enumerate(sides)]
    found = db.session.execute(select(*columns).where(Case.id == case.id)).one()
    return [Counted(indicator, side, period) for (indicator, side), hit in zip(sides, found, strict=True) if hit]
