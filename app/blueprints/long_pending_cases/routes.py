"""Measure 9: long-pending and overdue cases. Besides the shared register (approval requests, resolution plans,
the divisions' monthly reports), the live ledger read from the case data (app/pending.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, select
from werkzeug.wrappers import Response

from app import pending
from app.blueprints.long_pending_cases import bp
from app.blueprints.measures import measure_for
from app.blueprints.measures.register import Register
from app.campaign import today
from app.extensions import db
from app.indicators.periods import month_period
from app.models import Case, Department
from app.plans.access import plan_of
from app.plans.schema import ItemKindSpec
from app.policy import can, own_cases_only, require, visible_department_ids
from app.registers.cases import may_name_case
from app.registers.spec import RegisterError
from app.reports.service import data_cutoff
from app.web import CsrfForm, db_int, in_court_or_404, int_arg, paginate, paginate_list, render
from app.xlsx import Column, Sheet, Title, workbook, xlsx_response

TABS = ("long", "near", "past", "queue", "unsupported")
COURT_TABS = ("queue", "unsupported")  # the office's, the leaders' and the supervision office's


def _scope() -> tuple[set[int] | None, int | None]:
    """The departments the user sees (None: all) and, for a judge, his own cases only."""
    return visible_department_ids(), current_user.id if own_cases_only() else None


@dataclass(frozen=True)
class Filters:
    """The ledger's ?department= and ?q= (case number or judge), within what the user may see."""

    department_id: int | None
    search: str

    @classmethod
    def requested(cls) -> Filters:
        return cls(int_arg("department"), request.args.get("q", "").strip()[:60])

    def departments(self) -> set[int] | None:
        visible, _judge = _scope()
        if not self.department_id:
            return visible
        return {self.department_id} if visible is None or self.department_id in visible else set()

    @property
    def args(self) -> dict[str, str | int]:
        return {k: v for k, v in (("department", self.department_id), ("q", self.search)) if v}


def _court_rows(tab: str, filters: Filters) -> list:
    campaign = measure_for(bp.name).campaign
    rows = pending.supervision_queue(campaign, today()) if tab == "queue" else \
        pending.unsupported_days(campaign, today())
    return pending.narrow(rows, filters.departments(), filters.search)


def _query(tab: str, filters: Filters) -> Select:
    return pending.ledger_query(measure_for(bp.name).campaign, tab, today(), filters.departments(), _scope()[1],
                                filters.search)


def _rows(tab: str, filters: Filters) -> list:
    """Every row of a tab under the page's filters (the export)."""
    if tab in COURT_TABS:
        if not can("pending.queue"):
            abort(403)
        return _court_rows(tab, filters)
    query = _query(tab, filters)
    return pending.ledger_rows(measure_for(bp.name).campaign, tab, today(), db.session.scalars(query))


def _counts(tab: str, page_total: int, filters: Filters) -> dict[str, int]:
    """The count on each tab the user sees, with the filters applied (the open tab's from its page); the other
    tabs counted by the database, not by building their rows."""
    campaign = measure_for(bp.name).campaign
    counts = {}
    for key in TABS:
        if key in COURT_TABS and not can("pending.queue"):
            continue
        if key == tab:
            counts[key] = page_total
        elif key == "queue":
            counts[key] = pending.queue_count(campaign, today(), filters.departments(), filters.search)
        elif key == "unsupported":
            counts[key] = pending.unsupported_count(campaign, today(), filters.departments(), filters.search)
        else:
            counts[key] = pending.ledger_count(_query(key, filters))
    return counts


def _request_kind(register: Register) -> ItemKindSpec | None:
    """The approval request kind (it extends limits) the user may start from a row, if any."""
    return next((k for k in register.kinds_i_hand_in() if k.on_approve == "extend_time_limit"), None)


@bp.get("/ledger")
@require("measure.view")
def ledger() -> str:
    tab = request.args.get("tab", "long")
    if tab not in TABS:
        tab = "long"
    if tab in COURT_TABS and not can("pending.queue"):
        abort(403)
    measure = measure_for(bp.name)
    filters = Filters.requested()
    if tab in COURT_TABS:
        page = paginate_list(_court_rows(tab, filters))  # read with the register in Python; tens of cases
    else:
        # One page of cases from the database, and rows (bands, plans, approvals) for that page only.
        page = paginate(_query(tab, filters))
        page.items = pending.ledger_rows(measure.campaign, tab, today(), page.items)
    day = today()
    month = month_period(day.year, day.month)
    newly = pending.newly_long_pending(measure.campaign, month, *_scope()) if tab == "long" else {}
    kind = _request_kind(Register(measure)) if tab not in COURT_TABS else None
    user = current_user._get_current_object()
    return render("long_pending_cases/ledger.html", "long_pending_cases/_ledger.html", measure=measure, tab=tab,
                  page=page, day=day, settings=plan_of(measure.campaign).pending, month=month,
                  newly=[(db.session.get(Department, d), n) for d, n in sorted(newly.items())],
                  may_act=tab == "queue" and can("pending.act"), form=CsrfForm(), filters=filters,
                  counts=_counts(tab, page.total, filters), departments=_departments(),
                  tabs=[(key, _tab_label(key, measure.campaign)) for key in TABS
                        if key not in COURT_TABS or can("pending.queue")],
                  request_kind=kind, may_request=lambda case: kind is not None and may_name_case(kind, case, user))


def _departments() -> list[Department]:
    """The filter's choices: the court's departments the user sees (the ledger reads every case, not only those of
    the departments the measure names)."""
    visible = visible_department_ids()
    query = select(Department).where(Department.court_id == current_user.court_id).order_by(Department.position)
    return [d for d in db.session.scalars(query) if visible is None or d.id in visible]


@bp.post("/ledger/queue/<int:case_id>")
@require("pending.act")
def record_action(case_id: int) -> Response:
    """The supervision office records what it did about a case on its queue."""
    campaign = measure_for(bp.name).campaign
    case = in_court_or_404(Case, case_id)
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
    return redirect(url_for(".ledger", tab="queue", page=request.form.get("page", 1, type=db_int)))


def _tab_label(tab: str, campaign: object) -> str:
    """A ledger tab's name as its page shows it (the workbook's sheet and title name it, not its code)."""
    return {"long": _("Long-pending"),
            "near": _("Close to the limit (%(days)d days)", days=plan_of(campaign).pending.near_limit_days),
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
    filters = Filters.requested()
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
                for r in _rows(tab, filters)]
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
                for r in _rows(tab, filters)]
        if tab == "long":
            notes.append(_("Hidden long-pending: pending longer than %(months)d months by the calendar, less once "
                           "the deducted days are taken off.", months=plan_of(measure.campaign).pending
                           .long_pending_months[0]))
    label = _tab_label(tab, measure.campaign)
    # The title says how the export was narrowed: it holds what the filtered page shows.
    subject = " · ".join(p for p in (
        measure.name, label, next((d.name for d in _departments() if d.id == filters.department_id), ""),
        _("matching “%(term)s”", term=filters.search) if filters.search else "") if p)
    title = Title(measure.campaign.court.name, subject, _("On %(day)s", day=day.isoformat()),
                  data_cutoff(measure.campaign.court_id))
    return xlsx_response(workbook([Sheet(label, columns, rows, title, notes)]),
                         f"长期未结与超审限案件-{tab}-{day.isoformat()}.xlsx")
