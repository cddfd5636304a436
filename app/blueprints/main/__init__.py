"""The dashboard: the twelve targets for a period and a department, from the stored figures."""

from flask import Blueprint
from flask_login import current_user, login_required
from sqlalchemy import select

from app.blueprints.indicators.scopes import requested_period, requested_scope
from app.campaign import current_campaign
from app.extensions import db
from app.indicators.dashboard import cards, last_computed, period_choices
from app.indicators.drilldown import has_case_lists
from app.models import Department
from app.policy import can, can_view_scope, require
from app.web import render

bp = Blueprint("main", __name__)


@bp.get("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """For the load balancer's health check (and the load benchmark's floor): no session, no database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/")
@login_required
@require("dashboard.view")
def index() -> str:
    campaign = current_campaign(current_user.department.court_id)
    if campaign is None:
        return render("main/index.html", campaign=None)
    period = requested_period(campaign)
    scope = requested_scope(campaign)
    departments = [d for d in db.session.scalars(
        select(Department).where(Department.court_id == campaign.court_id, Department.active.is_(True))
        .order_by(Department.position)) if can_view_scope("department", d.id)]
    return render(
        "main/index.html", "main/_grid.html", campaign=campaign, period=period, periods=period_choices(campaign),
        departments=departments, scope=scope, may_see_court=can_view_scope("court", 0),
        cards=cards(campaign, period, scope.kind, scope.id), computed=last_computed(campaign, period),
        may_recompute=can("indicator.recompute"),
        listable={i.code for i in campaign.indicators if has_case_lists(i)},
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
        return render("errors/error.html", "errors/_error.html", status=503, message=str(error)), 503
    return render("tasks/status.html", "tasks/_progress.html", task=task, progress=0, message=_("Queued"))
