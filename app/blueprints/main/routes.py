"""The dashboard: the twelve targets for a period and a department, from the stored figures."""

import threading
from collections import OrderedDict
from datetime import datetime

from flask import redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select
from werkzeug.wrappers import Response

from app.blueprints.indicators.scopes import Scope, requested_period, requested_scope
from app.blueprints.main import bp
from app.campaign import current_campaign
from app.extensions import db
from app.indicators.comparison import basic_courts, city_place
from app.indicators.dashboard import cards, last_computed, overall_goal, period_choices
from app.indicators.drilldown import has_case_lists
from app.indicators.periods import Period
from app.models import Campaign, Department
from app.policy import can, can_view_scope, require, visible_figure_departments
from app.web import is_htmx_partial_request, render


@bp.get("/healthz")
def healthz() -> tuple[str, int, dict[str, str]]:
    """For the load balancer's health check (and the load benchmark's floor): no session, no database."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/")
@require("dashboard.view")
def index() -> str | Response:
    campaign = current_campaign(current_user.department.court_id)
    if campaign is None:
        if can("courts.compare") and basic_courts(current_user.department.court_id):
            return redirect(url_for("courts.index"))  # an intermediate court runs no campaign of its own
        return render("main/index.html", campaign=None)
    period = requested_period(campaign)
    scope = requested_scope(campaign)
    computed = last_computed(campaign, period)
    grid = _targets_grid(campaign, period, scope, computed)
    if is_htmx_partial_request():
        return grid
    departments = list(db.session.scalars(
        select(Department).where(Department.court_id == campaign.court_id, Department.active.is_(True),
                                 visible_figure_departments()).order_by(Department.position)))
    return render_template(
        "main/index.html", campaign=campaign, period=period, periods=period_choices(campaign),
        departments=departments, scope=scope, may_see_court=can_view_scope("court", 0), grid=grid,
        computed=computed, may_recompute=can("indicator.recompute"))


# The targets grid as rendered HTML, per worker process: it depends only on the stored figures (their
# computed_at changes with every recompute), the plan, the period, the scope and the language — not on who
# looks (the pages it links to check access themselves). Rendering it is most of a dashboard's cost.
_GRID_CACHE: OrderedDict[tuple, Markup] = OrderedDict()
_GRID_CACHE_SIZE = 512
_GRID_LOCK = threading.Lock()


def _targets_grid(campaign: Campaign, period: Period, scope: Scope, computed: datetime | None) -> Markup:
    place = city_place(campaign.court, period) if scope.kind == "court" else None
    key = (campaign.id, campaign.source_sha256, period.key, scope.kind, scope.id, scope.label,
           str(get_locale()), computed.isoformat() if computed else None, place)
    with _GRID_LOCK:
        if key in _GRID_CACHE:
            _GRID_CACHE.move_to_end(key)
            return _GRID_CACHE[key]
    shown = cards(campaign, period, scope.kind, scope.id)
    html = render_template(
        "main/_grid.html", period=period, scope=scope, cards=shown, goal=overall_goal(shown), place=place,
        listable={i.code for i in campaign.indicators if has_case_lists(i)})
    # Our own template's output, escaped by Jinja as it rendered: safe to insert as it is.
    grid = Markup(html)  # nosec B704  # noqa: S704
    with _GRID_LOCK:
        _GRID_CACHE[key] = grid
        while len(_GRID_CACHE) > _GRID_CACHE_SIZE:
            _GRID_CACHE.popitem(last=False)
    return grid


@bp.post("/recompute")
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
