"""Measure 9: long-pending and overdue cases. Besides the shared register (approval requests, resolution plans,
the divisions' monthly reports), the live ledger read from the case data (app/pending.py)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import pending
from app.blueprints.measures import measure_blueprint, measure_for
from app.campaign import today
from app.extensions import db
from app.indicators.periods import month_period
from app.models import Case, Department
from app.policy import can, own_cases_only, require, visible_department_ids
from app.registers.spec import RegisterError
from app.reports.service import data_cutoff
from app.web import CsrfForm, in_court_or_404, paginate, paginate_list, render
from app.xlsx import Column, Sheet, Title, workbook, xlsx_response

bp = measure_blueprint("long_pending_cases", __name__)
TABS = ("long", "near", "past", "queue", "unsupported")
COURT_TABS = ("queue", "unsupported")  # the office's, the leaders' and the supervision office's


def _scope() -> tuple[set[int] | None, int | None]:
    """The departments the user sees (None: all) and, for a judge, his own cases only."""
    return visible_department_ids(), current_user.id if own_cases_only() else None


def _rows(tab: str) -> list:
    """Every row of a tab (the export)."""
    campaign = measure_for(bp.name).campaign
    if tab in COURT_TABS and not can("pending.queue"):
        abort(403)
    if tab == "queue":
        return pending.supervision_queue(campaign, today())
    if tab == "unsupported":
        return pending.unsupported_days(campaign, today())
    query = pending.ledger_query(campaign, tab, today(), *_scope())
    return pending.ledger_rows(campaign, tab, today(), db.session.scalars(query))


@bp.get("/ledger")
@require("measure.view")
def ledger() -> str:
    tab = request.args.get("tab", "long")
    if tab not in TABS:
        tab = "long"
    measure = measure_for(bp.name)
    if tab in COURT_TABS:
        page = paginate_list(_rows(tab))  # read with the register in Python; tens of cases, not thousands
    else:
        # One page of cases from the database, and rows (bands, plans, approvals) for that page only.
        page = paginate(pending.ledger_query(measure.campaign, tab, today(), *_scope()))
        page.items = pending.ledger_rows(measure.campaign, tab, today(), page.items)
    day = today()
    month = month_period(day.year, day.month)
    newly = pending.newly_long_pending(measure.campaign, month, *_scope()) if tab == "long" else {}
    return render("long_pending_cases/ledger.html", "long_pending_cases/_table.html", measure=measure, tab=tab,
                  page=page, day=day, settings=pending.settings(measure.campaign), month=month,
                  newly=[(db.session.get(Department, d), n) for d, n in sorted(newly.items())],
                  may_act=tab == "queue" and can("pending.act"), form=CsrfForm())


@bp.post("/ledger/queue/<int:case_id>")
@require("pending.act")
def record_action(case_id: int) -> Response:
    """The supervision office records what it did about a case on its queue."""
    campaign = measure_for(bp.name).campaign
    case = in_court_or_404(Case, case_id)
    if not CsrfForm().validate_on_submit():
        abort(400)
    try:
        acted_on = date.fromisoformat(request.form.get("acted_on", ""))
    except ValueError:
        acted_on = None
    try:
        entry = pending.record_action(campaign, case, current_user._get_current_object(),
                                      request.form.get("action", ""), acted_on, request.form.get("note", ""), today())
        flash(_("Recorded for %(case)s: %(action)s.", case=case.case_number, action=entry.action), "success")
    except RegisterError as error:
        db.session.rollback()
        flash(str(error), "error")
    return redirect(url_for(".ledger", tab="queue", page=request.form.get("page", 1, type=int)))


def _tab_label(tab: str, campaign: object) -> str:
    """A ledger tab's name as its page shows it (the workbook's sheet and title name it, not its code)."""
    return {"long": _("Long-pending"),
            "near": _("Close to the limit (%(days)d days)", days=pending.settings(campaign).near_limit_days),
            "past": _("Past the limit"), "queue": _("Supervision office queue"),
            "unsupported": _("Days without approval")}[tab]


@bp.get("/ledger.xlsx")
@require("measure.view")
def ledger_xlsx() -> Response:
    tab = request.args.get("tab", "long")
    if tab not in TABS:
        abort(404)
    day = today()
    measure = measure_for(bp.name)
    case_columns = [Column(_("Case number")), Column(_("Department")), Column(_("Handling judge")),
                    Column(_("Filed"), "date")]
    notes: list[str] = []
    if tab == "unsupported":
        columns = [*case_columns, Column(_("Closed"), "date"), Column(_("Deadline"), "date"),
                   Column(_("Extension days without approval"), "days"),
                   Column(_("Deducted days without approval"), "days"), Column(_("Limit without them"), "date"),
                   Column(_("Within the limit only thanks to them"))]
        rows = [[r.case.case_number, r.case.department.name, r.case.judge.name if r.case.judge else "",
                 r.case.filed_on, r.case.closed_on, r.case.deadline, r.extension_days or None,
                 r.deducted_days or None, r.deadline_without, _("yes") if r.late_without(day) else ""]
                for r in _rows(tab)]
    else:
        # Days against the limit as a person says them, never negative: still left (near) or past it.
        days_label = _("Days left") if tab == "near" else _("Days past the limit")
        columns = [*case_columns, Column(_("Months pending"), "integer"), Column(_("Band")),
                   Column(_("Hidden long-pending")), Column(_("Deadline"), "date"), Column(_("Closed"), "date"),
                   Column(days_label, "days"), Column(_("Approved requests")), Column(_("Resolution plan")),
                   Column(_("Supervision office's action"))]

        def days(r: pending.LedgerRow) -> int | None:
            if tab == "queue":
                return r.days_late
            if r.case.deadline is None:
                return None
            if tab == "near":
                return (r.case.deadline - day).days
            return (day - r.case.deadline).days if r.case.deadline < day else None

        rows = [[r.case.case_number, r.case.department.name, r.case.judge.name if r.case.judge else "",
                 r.case.filed_on, r.months, _("%(band)s months", band=r.band) if r.band else "",
                 _("yes") if r.band and r.hidden else "", r.case.deadline, r.case.closed_on, days(r),
                 "; ".join((i.values or {}).get("request", "") for i in r.approvals),
                 (r.plans[-1].values or {}).get("plan", "") if r.plans else "",
                 "; ".join(f"{a.acted_on.isoformat()} {a.action} {a.note}".strip() for a in r.actions)]
                for r in _rows(tab)]
        if tab == "long":
            notes.append(_("Hidden long-pending: pending longer than %(months)d months by the calendar, less once "
                           "the deducted days are taken off.", months=pending.settings(measure.campaign)
                           .long_pending_months[0]))
    label = _tab_label(tab, measure.campaign)
    title = Title(measure.campaign.court.name, f"{measure.name} · {label}", _("On %(day)s", day=day.isoformat()),
                  data_cutoff(measure.campaign.court_id))
    return xlsx_response(workbook([Sheet(label, columns, rows, title, notes)]),
                         f"长期未结与超审限案件-{tab}-{day.isoformat()}.xlsx")
