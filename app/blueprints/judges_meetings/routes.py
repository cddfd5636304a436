"""Measure 7: professional judges' meetings (the register) and where guidance is most needed: causes of action and
judges with high reversal and remand rates."""

from flask_babel import gettext as _

from app.blueprints.indicators.scopes import requested_period
from app.blueprints.judges_meetings import bp
from app.blueprints.measures import measure_for
from app.blueprints.measures.figures import Section, figures_page, percent
from app.indicators.measure_figures import judges_missing, reversal_by_cause
from app.policy import can, require


@bp.get("/figures")
@require("measure.view")
def figures() -> str:
    measure = measure_for(bp.name)
    period = requested_period(measure.campaign)
    causes = Section(_("Causes of action by reversal and remand rate"),
                     [_("Cause of action"), _("Reversed or remanded"), _("First-instance cases closed"), _("Rate")],
                     note=_("Causes with at least 5 first-instance cases closed in the period."))
    causes.rows = [[s.label, f"{s.numerator:g}", f"{s.denominator:g}", percent(s.value)]
                   for s in reversal_by_cause(measure.campaign, period)]
    sections = [causes]
    if can("console.view"):  # judges' own figures: the office and the court's leaders
        judges = Section(_("Judges whose reversal and remand rate misses the target"),
                         [_("Judge"), _("Department"), _("Rate"), _("Reversed or remanded"), _("Closed")])
        judges.rows = [[f.judge.name, f.judge.department.name, percent(f.value.value), f"{f.value.numerator or 0:g}",
                        f"{f.value.denominator or 0:g}"]
                       for f in judges_missing(measure.campaign, period, "reversal_remand_rate")]
        sections.append(judges)
    return figures_page(measure, period, sections, f"{bp.name}.figures")
