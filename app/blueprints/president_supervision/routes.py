"""Measure 15: supervision by presidents — case supervisors (the reversed-case files), reviews and typical cases
(the register), and the watch list of judges below target two months running (leaders and the office only)."""

from flask_babel import gettext as _

from app.blueprints.indicators.scopes import requested_period
from app.blueprints.measures import measure_for
from app.blueprints.measures.figures import Section, figures_page
from app.blueprints.president_supervision import bp
from app.indicators.dashboard import period_choices
from app.indicators.measure_figures import watch_list
from app.policy import require


@bp.get("/watch-list")
@require("console.view")
def watch_list_page() -> str:
    measure = measure_for(bp.name)
    months = [p for p in period_choices(measure.campaign) if p.kind == "month"]
    period = requested_period(measure.campaign)
    if period.kind != "month":
        period = next((m for m in months if m.start <= period.end <= m.end), months[0])
    section = Section(_("Judges below target in %(month)s and the month before", month=period.key),
                      [_("Judge"), _("Department"), _("Figures below target both months")])
    section.rows = [[w.judge.name, w.judge.department.name, "、".join(i.name for i in w.indicators)]
                    for w in watch_list(measure.campaign, period)]
    return figures_page(measure, period, [section], f"{bp.name}.watch_list_page", months)
