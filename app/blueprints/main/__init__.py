"""The dashboard: the twelve targets for a period and a department, from the stored figures."""

from flask import Blueprint, request
from flask_login import current_user, login_required
from sqlalchemy import select

from app.campaign import current_campaign, today
from app.extensions import db
from app.indicators.dashboard import cards, find_period, last_computed, period_choices
from app.models import Department
from app.policy import can, require, visible_department_ids
from app.web import render

bp = Blueprint("main", __name__)


@bp.get("/")
@login_required
@require("dashboard.view")
def index() -> str:
    campaign = current_campaign(current_user.department.court_id)
    if campaign is None:
        return render("main/index.html", campaign=None)
    period = find_period(campaign, request.args.get("period"), today())
    visible = visible_department_ids()
    departments = db.session.scalars(
        select(Department).where(Department.court_id == campaign.court_id, Department.active.is_(True))
        .order_by(Department.position)).all()
    if visible is not None:
        departments = [d for d in departments if d.id in visible]
    department_id = request.args.get("department", type=int)
    if visible is not None:
        department_id = department_id if department_id in visible else current_user.department_id
    scope = ("department", department_id) if department_id else ("court", 0)
    return render(
        "main/index.html", "main/_grid.html", campaign=campaign, period=period, periods=period_choices(campaign),
        departments=departments, department_id=department_id, cards=cards(campaign, period, *scope),
        computed=last_computed(campaign), may_recompute=can("indicator.recompute"),
    )


@bp.post("/recompute")
@login_required
@require("indicator.recompute")
def recompute() -> tuple[str, int] | str:
    from flask_babel import gettext as _

    from app.tasks import QueueUnavailable
    from app.tasks.indicators import start_recompute

    try:
        task = start_recompute(current_user.department.court_id, current_user)
    except QueueUnavailable as error:
        return render("tasks/status.html", "errors/_error.html", status=503, message=str(error)), 503
    return render("tasks/status.html", "tasks/_progress.html", task=task, progress=0, message=_("Queued"))
