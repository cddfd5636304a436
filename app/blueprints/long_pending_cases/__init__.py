"""Measure 9: long-pending and overdue cases. Besides the shared register (approval requests, resolution plans,
the divisions' monthly reports), the live ledger read from the case data (app/pending.py)."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app import pending
from app.blueprints.measures import measure_blueprint, measure_for
from app.campaign import today
from app.extensions import db
from app.indicators.periods import month_period
from app.models import Department
from app.policy import can, own_cases_only, require, visible_department_ids
from app.web import paginate, paginate_list, render
from app.xlsx import write_xlsx, xlsx_response

bp = measure_blueprint("long_pending_cases", __name__)
TABS = ("long", "near", "past", "queue")


def _scope() -> tuple[set[int] | None, int | None]:
    """The departments the user sees (None: all) and, for a judge, his own cases only."""
    return visible_department_ids(), current_user.id if own_cases_only() else None


def _rows(tab: str) -> list:
    """Every row of a tab (the export)."""
    campaign = measure_for(bp.name).campaign
    if tab == "queue":
        if not can("pending.queue"):
            abort(403)
        return pending.supervision_queue(campaign, today())
    query = pending.ledger_query(campaign, tab, today(), *_scope())
    return pending.ledger_rows(campaign, tab, today(), db.session.scalars(query))


@bp.get("/ledger")
@require("measure.view")
def ledger() -> str:
    tab = request.args.get("tab", "long")
    if tab not in TABS:
        tab = "long"
    measure = measure_for(bp.name)
    if tab == "queue":
        page = paginate_list(_rows(tab))  # filtered by the register in Python; tens of cases, not thousands
    else:
        # One page of cases from the database, and rows (bands, plans, approvals) for that page only.
        page = paginate(pending.ledger_query(measure.campaign, tab, today(), *_scope()))
        page.items = pending.ledger_rows(measure.campaign, tab, today(), page.items)
    day = today()
    month = month_period(day.year, day.month)
    newly = pending.newly_long_pending(measure.campaign, month, *_scope()) if tab == "long" else {}
    return render("long_pending_cases/ledger.html", "long_pending_cases/_table.html", measure=measure, tab=tab,
                  page=page, day=day, settings=pending.settings(measure.campaign), month=month,
                  newly=[(db.session.get(Department, d), n) for d, n in sorted(newly.items())])


@bp.get("/ledger.xlsx")
@require("measure.view")
def ledger_xlsx() -> Response:
    tab = request.args.get("tab", "long")
    if tab not in TABS:
        abort(404)
    header = [_("Case number"), _("Department"), _("Handling judge"), _("Filed"), _("Months pending"),
              _("Band"), _("Hidden long-pending"), _("Deadline"), _("Approved requests"), _("Resolution plan")]
    rows = [[r.case.case_number, r.case.department.name, r.case.judge.name if r.case.judge else "",
             r.case.filed_on.isoformat(), r.months, r.band, _("yes") if r.band and r.hidden else "",
             r.case.deadline.isoformat() if r.case.deadline else "",
             "; ".join((i.values or {}).get("request", "") for i in r.approvals),
             (r.plans[-1].values or {}).get("plan", "") if r.plans else ""] for r in _rows(tab)]
    return xlsx_response(write_xlsx(header, rows, tab), f"长期未结与超审限案件-{tab}-{today().isoformat()}.xlsx")
