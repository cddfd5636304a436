"""One indicator: its trend, its breakdowns, its definition, and the cases behind every figure."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, and_, or_, select
from werkzeug.wrappers import Response

from app import pending
from app.audit import record
from app.blueprints.indicators import bp
from app.blueprints.indicators.scopes import Scope, requested_period, requested_scope
from app.campaign import today
from app.charts import trend_chart
from app.extensions import db
from app.indicators import recompute_court
from app.indicators.dashboard import period_choices
from app.indicators.drilldown import cases_behind, has_case_lists, side_columns, side_label
from app.indicators.periods import Period, month_period
from app.labels import period_label
from app.models import Campaign, Department, Indicator, IndicatorEntry, IndicatorValue, Judge
from app.obligations import coverage
from app.plans.access import plan_of
from app.policy import require, visible_figure_departments, visible_figure_judges
from app.reports.service import data_cutoff
from app.web import campaign_or_404, paginate, render
from app.xlsx import Column, Sheet, Title, workbook, xlsx_response


def _entered_by_office(campaign: Campaign, code: str) -> bool:
    entry = plan_of(campaign).indicator(code)
    return entry is not None and entry.entered_by_office


def _campaign_and_indicator(code: str) -> tuple[Campaign, Indicator]:
    campaign = campaign_or_404()
    indicator = next((i for i in campaign.indicators if i.code == code), None)
    if indicator is None:
        abort(404)
    return campaign, indicator


@bp.get("/<code>")
@require("dashboard.view")
def detail(code: str) -> str:
    campaign, indicator = _campaign_and_indicator(code)
    period, scope = requested_period(campaign), requested_scope(campaign)
    months = [month_period(campaign.year, m) for m in range(1, 13)]
    # The chosen period for every scope (the breakdowns), and the months for the chosen scope (the trend).
    stored = db.session.scalars(select(IndicatorValue).where(
        IndicatorValue.court_id == campaign.court_id, IndicatorValue.indicator_code == code,
        or_(IndicatorValue.period_key == period.key,
            and_(IndicatorValue.period_key.in_([m.key for m in months]), IndicatorValue.scope_kind == scope.kind,
                 IndicatorValue.scope_id == scope.id)))).all()
    by_key = {(v.period_key, v.scope_kind, v.scope_id): v for v in stored}
    trend = [getattr(by_key.get((m.key, scope.kind, scope.id)), "value", None) for m in months]
    chart = trend_chart([str(m.start.month) for m in months], trend, indicator.target, indicator.unit == "percent",
                        title=indicator.name)
    departments = [
        (d, by_key.get((period.key, "department", d.id)))
        for d in db.session.scalars(select(Department).where(Department.court_id == campaign.court_id,
                                                             visible_figure_departments())
                                    .order_by(Department.position))
    ]
    judges = [
        (j, by_key.get((period.key, "judge", j.id)))
        for j in db.session.scalars(select(Judge).where(Judge.court_id == campaign.court_id, visible_figure_judges())
                                    .order_by(Judge.name))
        if (scope.kind != "department" or j.department_id == scope.id)
        and by_key.get((period.key, "judge", j.id)) is not None
        and by_key[(period.key, "judge", j.id)].denominator  # judges with nothing to count are left out
    ]
    entry = db.session.scalar(select(IndicatorEntry).where(
        IndicatorEntry.court_id == campaign.court_id, IndicatorEntry.indicator_code == code,
        IndicatorEntry.period_key == period.key))
    # A figure counted from a register shows how many of the cases it should rest on were reviewed at all.
    covered = coverage(campaign, code, period, today(),
                       {scope.id} if scope.kind == "department" else None) if scope.kind != "judge" else None
    # Deducted or extension days no approved request accounts for, counted as imported in this figure (measure 9).
    unsupported = pending.unsupported_days(campaign, today(), {scope.id} if scope.kind == "department" else None,
                                           closed_in=period) \
        if code in plan_of(campaign).pending.unsupported_days_figures and scope.kind != "judge" else []
    return render("indicators/detail.html", campaign=campaign, indicator=indicator, period=period, scope=scope,
                  coverage=covered, unsupported=unsupported,
                  figure=by_key.get((period.key, scope.kind, scope.id)), chart=chart, departments=departments,
                  judges=judges, lists=has_case_lists(indicator), entry=entry,
                  campaign_periods=period_choices(campaign),
                  entered=_entered_by_office(campaign, code))


@dataclass(frozen=True)
class CaseList:
    """What ?side=&period=&department=|judge=&sort=&desc= ask for: the cases behind one figure."""

    indicator: Indicator
    period: Period
    scope: Scope
    side: str
    sort: str
    descending: bool
    query: Select
    label: str  # what the list holds: "期内上诉、抗诉（计入分子）"
    columns: list[str]  # the case columns that make a case count (the indicator definitions say which)


def _case_list(code: str) -> CaseList:
    campaign, indicator = _campaign_and_indicator(code)
    if not has_case_lists(indicator):
        abort(404)
    period, scope = requested_period(campaign), requested_scope(campaign)
    side = "numerator" if request.args.get("side") == "numerator" else "denominator"
    sort = request.args.get("sort", "case_number")
    descending = request.args.get("desc") == "1"
    query = cases_behind(campaign, indicator, period, side, scope.kind, scope.id, sort, descending)
    return CaseList(indicator, period, scope, side, sort, descending, query, side_label(indicator, side),
                    side_columns(indicator, side))


@bp.get("/<code>/cases")
@require("dashboard.view")
def cases(code: str) -> str:
    chosen = _case_list(code)
    return render("indicators/cases.html", "indicators/_cases_table.html", chosen=chosen, page=paginate(chosen.query))


@bp.get("/<code>/cases.xlsx")
@require("dashboard.view")
def cases_xlsx(code: str) -> Response:
    chosen = _case_list(code)
    columns = [Column(_("Case number")), Column(_("Cause")), Column(_("Department")), Column(_("Handling judge")),
               Column(_("Procedure")), Column(_("Filed on"), "date"), Column(_("Deadline"), "date"),
               Column(_("Closed on"), "date"), Column(_("How it closed")), Column(_("Appealed on"), "date"),
               Column(_("Appeal result"))]
    rows = ([c.case_number, c.cause, c.department.name, c.judge.name if c.judge else "", c.procedure, c.filed_on,
             c.deadline, c.closed_on, c.closing_method, c.appealed_on, c.appeal_result]
            for c in db.session.scalars(chosen.query))
    which = _("numerator") if chosen.side == "numerator" else _("denominator")
    indicator = chosen.indicator
    scope = "" if chosen.scope.kind == "court" else f" · {chosen.scope.label}"  # the title names the court
    title = Title(indicator.campaign.court.name, f"{indicator.name}{scope} · {chosen.label}",
                  period_label(chosen.period), data_cutoff(indicator.campaign.court_id))
    note = _("What the figure counts: %(definition)s", definition=indicator.definition)
    name = f"{indicator.name_zh}-{period_label(chosen.period)}-{chosen.scope.label}-{which}.xlsx"
    return xlsx_response(workbook([Sheet(which, columns, rows, title, [note])]), name)


@bp.post("/<code>/entry")
@require("indicator.enter")
def enter(code: str) -> Response:
    """The office enters a figure the court does not compute (the provincial ranking of target 11)."""
    campaign, _indicator = _campaign_and_indicator(code)
    if not _entered_by_office(campaign, code):
        abort(404)
    period = requested_period(campaign)
    try:
        value = float(request.form.get("value", ""))
        if not 1 <= value <= 100_000 or value != int(value):
            raise ValueError
    except (ValueError, OverflowError):
        flash(_("Enter the rank as a whole number, 1 or more."), "error")
        return redirect(url_for("indicators.detail", code=code, period=period.key))
    entry = db.session.scalar(select(IndicatorEntry).where(
        IndicatorEntry.court_id == campaign.court_id, IndicatorEntry.indicator_code == code,
        IndicatorEntry.period_key == period.key)) or IndicatorEntry(
        court_id=campaign.court_id, indicator_code=code, period_key=period.key)
    record("update", "indicator_entry", f"{code}:{period.key}", court_id=campaign.court_id,
           before={"value": entry.value} if entry.id else None, after={"value": value},
           summary=f"{code} {period.key}")
    entry.value = value
    entry.entered_by_id = current_user.id
    db.session.add(entry)
    db.session.commit()
    recompute_court(campaign.court_id, [period])
    flash(_("Saved."), "success")
    return redirect(url_for("indicators.detail", code=code, period=period.key))


