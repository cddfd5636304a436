"""What every measure blueprint shares: its plan entry and its overview page.

Each of the sixteen measures is its own blueprint package (app/blueprints/<measure code>/), named by
the measure's code in the plan file; ``measure_blueprint`` gives it the overview and the shared pages it
declares, and the package's routes.py adds the measure's own pages.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request
from sqlalchemy import select

from app.campaign import today
from app.extensions import db
from app.indicators.periods import month_period
from app.models import Measure
from app.obligations import State, evaluate
from app.plans.access import measure_spec
from app.policy import may_see_status, require
from app.registers.spec import has_register
from app.web import campaign_or_404, render


def measure_for(code: str) -> Measure:
    """The current campaign's plan entry for a measure, or 404 when the plan has no such measure."""
    campaign = campaign_or_404()
    measure = db.session.scalar(select(Measure).where(Measure.campaign_id == campaign.id, Measure.code == code))
    if measure is None:
        abort(404)
    return measure


@require("measure.view")
def index() -> str:
    """The measure's overview: its duties now, and links to the pages its plan entry has."""
    code = request.blueprint
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
    # Links only to the pages the measure's blueprint declares (a plan may give it more than its code has).
    pages = current_app.view_functions
    return render("measures/overview.html", "measures/_overview.html", measure=measure, month=month,
                  duties=duties, spec=spec if has_register(spec) and f"{code}.items" in pages else None,
                  reversal_view=spec.reversal_view if spec and f"{code}.reversal_files" in pages else None)


def measure_blueprint(code: str, import_name: str, pages: tuple[str, ...] = ()) -> Blueprint:
    """The measure's blueprint with its overview and the shared pages it declares (``pages``: the groups of
    register.PAGES, and REVERSALS for the reversed-case files at its step)."""
    from .register import add_register_pages
    from .reversal_views import REVERSALS, reversal_files

    bp = Blueprint(code, import_name, url_prefix="/measures/" + code.replace("_", "-"))

    bp.add_url_rule("/", view_func=index)
    add_register_pages(bp, pages)
    if REVERSALS in pages:
        bp.add_url_rule("/files", view_func=reversal_files)
    return bp
