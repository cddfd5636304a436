"""The reversed-case files at one measure's step (the plan's ``reversal_view``): a measure blueprint that declares
REVERSALS gets the page; it answers 404 when the loaded plan's entry names no view. The file itself, and the forms that
move it, are the reversals blueprint's."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from app.blueprints.measures import measure_for
from app.campaign import today
from app.plans.access import measure_spec, plan_of
from app.policy import require
from app.reversals.views import view
from app.web import CsrfForm, paginate_list, render

REVERSALS = "reversals"  # the measure's plan entry may name a reversal_view


@require("measure.view")
def reversal_files() -> str:
    code = request.blueprint
    measure = measure_for(code)
    spec = measure_spec(measure.campaign, code)
    if spec is None or spec.reversal_view is None or plan_of(measure.campaign).reversals is None:
        abort(404)
    context = view(measure.campaign, spec.reversal_view, current_user, today())
    return render("reversals/measure.html", "reversals/_files.html", measure=measure, view_name=spec.reversal_view,
                  rules=plan_of(measure.campaign).reversals, form=CsrfForm(), page=paginate_list(context.pop("files")),
                  **context)
