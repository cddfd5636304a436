"""The activity office's console: the sixteen measures × departments for a month, the twelve targets beside,
and a one-click reminder to a department's liaison."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from app.blueprints.console import bp
from app.blueprints.measures.forms import PeriodForm
from app.campaign import today
from app.indicators.dashboard import cards
from app.indicators.periods import Period, ytd_period
from app.models import Campaign, Department
from app.obligations.console import ConsoleError, console, remind_department, reminded_today
from app.policy import require
from app.registers.spec import periods_of
from app.web import campaign_or_404, in_court_or_404, render


def _month(campaign: Campaign, key: str | None) -> tuple[Period, list[Period]]:
    """The month asked for, else the month of today (clamped to the hand-in calendar)."""
    months = periods_of(campaign, "month")
    if not months:
        abort(404)
    wanted = next((m for m in months if m.key == key), None)
    if wanted is None:
        day = today()
        wanted = next((m for m in months if m.start <= day <= m.end), months[-1] if day > months[-1].end else months[0])
    return wanted, months


@bp.get("/")
@require("console.view")
def index() -> str:
    campaign = campaign_or_404()
    month, months = _month(campaign, request.args.get("period"))
    sort = request.args.get("sort") == "overdue"
    matrix = console(campaign, month, today(), sort_overdue=sort)
    year_to_date = ytd_period(month.start.year, month.start.month)
    targets = [c for c in cards(campaign, year_to_date, "court", 0) if c.indicator.target_number]
    return render("console/index.html", campaign=campaign, month=month, months=months, matrix=matrix,
                  departments=matrix.departments, targets=targets, year_to_date=year_to_date, sort=sort,
                  reminded=reminded_today(campaign, month, today()), remind_form=PeriodForm())


@bp.post("/remind/<int:department_id>")
@require("console.remind")
def remind(department_id: int) -> Response:
    campaign = campaign_or_404()
    department = in_court_or_404(Department, department_id)
    form = PeriodForm()
    if not form.validate_on_submit():
        abort(400)
    month, _months = _month(campaign, form.period.data)
    try:
        people = remind_department(campaign, department, month, current_user._get_current_object(), today())
        flash(_("Reminded %(names)s (%(count)d).", names=", ".join(u.display_name for u in people),
                count=len(people)), "success")
    except ConsoleError as error:
        flash(str(error), "error")
    return redirect(url_for("console.index", period=month.key))
