"""What every measure blueprint shares: its plan entry and its overview page.

Each of the sixteen measures is its own blueprint package (app/blueprints/<measure code>/), named by
the measure's code in the plan file; ``measure_blueprint`` gives it the common routes, and the
package adds the measure's own pages.
"""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required
from sqlalchemy import select

from app.campaign import current_campaign, today
from app.extensions import db
from app.indicators.periods import month_period
from app.models import Measure
from app.obligations import State, evaluate
from app.plans.access import measure_spec
from app.policy import may_see_status, require
from app.registers.spec import has_register
from app.web import render

from .register import add_register_routes
from .reversal_views import add_reversal_routes


def measure_for(code: str) -> Measure:
    """The current campaign's plan entry for a measure, or 404 when the plan has no such measure."""
    campaign = current_campaign(current_user.department.court_id)
    if campaign is None:
        abort(404)
    measure = db.session.scalar(select(Measure).where(Measure.campaign_id == campaign.id, Measure.code == code))
    if measure is None:
        abort(404)
    return measure


def measure_blueprint(code: str, import_name: str) -> Blueprint:
    bp = Blueprint(code, import_name, url_prefix="/measures/" + code.replace("_", "-"))

    @bp.before_request
    @login_required
    def _signed_in() -> None:
        return None

    @bp.get("/")
    @require("measure.view")
    def index() -> str:
        measure = measure_for(code)
        spec = measure_spec(measure.campaign, code)
        day = today()
        month = month_period(day.year, day.month)
        # What matters now of the measure's duties, as far as the user may see them: all that is still owed, and
        # what fell due this month.
        duties = [s for s in evaluate(measure.campaign, day, measure=measure.number)
                  if ((s.outstanding and s.begun(day)) or (s.due and month.start <= s.due <= month.end))
                  and may_see_status(s)]
        duties.sort(key=lambda s: (s.state != State.OVERDUE, s.due or day, s.subject))
        return render("measures/overview.html", "measures/_overview.html", measure=measure, month=month,
                      duties=duties, spec=spec if has_register(spec) else None,
                      reversal_view=spec.reversal_view if spec else None)

    add_register_routes(bp, code, measure_for)
    add_reversal_routes(bp, code, measure_for)
    return bp
