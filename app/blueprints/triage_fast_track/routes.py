"""Measure 10: triage and fast track — the departments' fast-track, summary-procedure and small-claims figures
against their targets, beside the register of mechanism innovations."""

from flask_babel import gettext as _

from app.blueprints.indicators.scopes import requested_period
from app.blueprints.measures import measure_for
from app.blueprints.measures.figures import (
    Section,
    figures_page,
    percent,
    visible_department_figures,
)
from app.blueprints.triage_fast_track import bp
from app.policy import require

CODES = ("fast_track_share", "summary_procedure_rate", "small_claims_rate")


@bp.get("/figures")
@require("measure.view")
def figures() -> str:
    measure = measure_for(bp.name)
    period = requested_period(measure.campaign)
    indicators = [i for i in measure.campaign.indicators if i.code in CODES]
    target = _("target")
    section = Section(_("By department"), [_("Department"), *(f"{i.name}（{target} {percent(i.target)}）"
                                                              for i in indicators)])
    for department, values in visible_department_figures(measure, period, list(CODES)):
        cells = []
        for indicator in indicators:
            value = values.get(indicator.code)
            met = "" if value is None or value.met is None else (" ✓" if value.met else " ✗")
            cells.append(percent(value.value if value else None) + met)
        section.rows.append([department.name, *cells])
    return figures_page(measure, period, [section], f"{bp.name}.figures")
